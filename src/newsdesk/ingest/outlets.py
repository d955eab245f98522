"""Which outlet published an article: one rule for every reader.

An outlet's key is the registered domain of the site that published the article
(``www.bbc.co.uk`` → ``bbc.co.uk``), so the JSON record that says "Deutsche Welle", the
page at dw.com and the feed of dw.com are one outlet. Blog platforms host many
independent publishers on one domain, so there the blog keeps its own name
(``ana.blogspot.com``, ``medium.com/@ana``). A display name (the page's site name, the
record's outlet field) is kept beside the key. A user map (TSV: ``alias<TAB>key
[<TAB>display name]``) folds other names and domains of one outlet into one key, and
names an outlet that only comes as a name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.errors import ConfigError
from newsdesk.ingest.metadata import registered_domain

# Hosting platforms whose subdomains (or, for medium.com, first path segments) are
# separate publishers, not sections of one site.
BLOG_PLATFORMS = frozenset({
    "blogspot.com", "typepad.com", "wordpress.com", "tumblr.com", "substack.com",
    "livejournal.com", "github.io", "blogger.com", "ghost.io", "micro.blog", "medium.com",
    "over-blog.com", "canalblog.com", "hatenablog.com", "naver.com", "tistory.com",
    "wixsite.com", "weebly.com", "squarespace.com", "bearblog.dev", "write.as",
})
_PATH_PLATFORMS = frozenset({"medium.com"})  # medium.com/@ana, medium.com/publication
_NOT_A_BLOG = frozenset({"www", "m", "blog", "news", ""})


@dataclass(frozen=True, slots=True)
class Outlet:
    key: str  # what articles are grouped by: a registered domain, a blog, or a name
    name: str | None = None  # how the outlet calls itself, when known


@dataclass(frozen=True, slots=True)
class OutletMap:
    """User aliases: lower-cased alias (a domain or a name) → (key, display name)."""

    entries: dict[str, tuple[str, str | None]]

    def get(self, alias: str | None) -> tuple[str, str | None] | None:
        return self.entries.get(alias.strip().casefold()) if alias else None


def load_outlet_map(path: str | None) -> OutletMap | None:
    """Read the user's TSV map; a clear error for a missing file or a bad line."""
    if not path:
        return None
    return _load_outlet_map(str(Path(path).expanduser()))


@lru_cache(maxsize=8)
def _load_outlet_map(path: str) -> OutletMap:
    entries: dict[str, tuple[str, str | None]] = {}
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
                if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
                    continue
                if len(row) < 2 or not row[1].strip():
                    raise ConfigError(f"{path} line {number}: expected alias<TAB>outlet key")
                name = row[2].strip() if len(row) > 2 and row[2].strip() else None
                entries[row[0].strip().casefold()] = (row[1].strip().lower(), name)
    except OSError as exc:
        raise ConfigError(f"cannot read the outlet map {path}: {exc.strerror}") from exc
    return OutletMap(entries)


def site_key(url: str | None) -> str | None:
    """The outlet key of a URL: its registered domain, or a blog on a blog platform."""
    domain = registered_domain(url)
    if domain is None or domain not in BLOG_PLATFORMS:
        return domain
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    sub = host.removesuffix(domain).rstrip(".")
    if sub.split(".")[-1] not in _NOT_A_BLOG:
        return f"{sub.split('.')[-1]}.{domain}"
    if domain in _PATH_PLATFORMS:
        first = next((seg for seg in parts.path.split("/") if seg), "")
        if first and first not in ("p", "tag", "topic", "search", "m"):
            return f"{domain}/{first.lower()}"
    return domain


def decide_outlet(
    *,
    url: str | None = None,
    site_url: str | None = None,
    name: str | None = None,
    site_name: str | None = None,
    fallback: str | None = None,
    mapping: OutletMap | None = None,
) -> Outlet | None:
    """The outlet of one article.

    ``site_url``: the site that published it (a feed's own link), ahead of ``url``,
    which for a link-blog entry points at someone else's page. ``name``: the outlet a
    record names; ``site_name``: the name a page gives itself. ``fallback``: the
    user's ``--outlet`` or a folder named like a domain. Without a URL the key is the
    record's name, else the fallback, else the page's name; the user map applies to
    every key and name.
    """
    name = (name or "").strip() or None
    site_name = (site_name or "").strip() or None
    display = name or site_name
    key = site_key(site_url) or site_key(url)
    if key is None:
        for alias in (name, site_name):
            mapped = mapping.get(alias) if mapping else None
            if mapped:
                return Outlet(mapped[0], mapped[1] or display)
        key = name or (fallback or "").strip() or site_name
        if key is None:
            return None
    mapped = mapping.get(key) if mapping else None
    if mapped:
        return Outlet(mapped[0], mapped[1] or display)
    return Outlet(key, display if display and display != key else None)
