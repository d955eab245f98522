"""One page under several addresses: two reports from it are one report.

A publisher serves a page at ``www.`` and bare host, at ``m.`` and ``amp.`` hosts, at a
path with or without a trailing ``/amp``, over http and https. Two reports read from
such addresses are the same article, whatever their texts share: two excerpts of one
long article that each keep a different half of it share no passage, yet they are one
report of one event by one source (realnews labels a www / bare-host pair of one
article one copy group). Ingest keeps them as two articles (only the same canonical
URL is a revision), and copy detection links them here, as ``same_page``.

Only article pages count: a site's front page or a section root ("/", "/news/") is
many articles over time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from newsdesk.ingest.metadata import canonical_url

# Host prefixes under which publishers serve the same page.
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
# Query parameters that ask for another rendering of the same page.
_RENDERING = re.compile(r"^(amp|outputtype|output|mobile|view)$", re.I)
# A path with at most this many characters after its first segment is a section, not a
# page ("/news/", "/world").
_MIN_PAGE_PATH = 8


@dataclass(frozen=True, slots=True)
class Page:
    host: str  # without the prefixes above
    path: str  # without a trailing /amp or slash ("" for the root)
    query: str  # sorted, without rendering parameters

    @property
    def key(self) -> str:
        return self.host + self.path + ("?" + self.query if self.query else "")


def page_of(url: str | None) -> Page | None:
    """The page ``url`` shows, whichever address of it; None for a URL that names no
    article page."""
    canonical = canonical_url(url)  # lower-case host, no tracking parameters
    parts = urlsplit(canonical) if canonical else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    path = re.sub(r"(?:/amp)?/*$", "", parts.path)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _RENDERING.match(k)))
    if len(path) < _MIN_PAGE_PATH and not query:
        return None
    return Page(host, path, query)


def addresses(page: Page) -> list[str]:
    """The canonical URLs (ingest.metadata.canonical_url) the page may be stored under:
    both schemes, each host prefix, with and without the trailing parts."""
    paths = ({page.path, page.path + "/", page.path + "/amp", page.path + "/amp/"}
             if page.path else {"/"})
    tail = "?" + page.query if page.query else ""
    return sorted(f"{scheme}://{prefix}{page.host}{path}{tail}"
                  for scheme in ("http", "https") for prefix in ("", *_HOST_PREFIXES)
                  for path in paths)


def same_page_pairs(new: Sequence[tuple[str, str | None]],
                    stored_under: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """(article, other, page key) for each new article and each other article stored
    under one of its page's addresses. ``new``: (article id, canonical URL) in arrival
    order; ``stored_under``: canonical URL -> ids of the articles stored under it (the
    new ones included). A pair of two new articles is given once, by the later one."""
    rank = {aid: k for k, (aid, _url) in enumerate(new)}
    out: list[tuple[str, str, str]] = []
    for aid, url in new:
        page = page_of(url)
        if page is None:
            continue
        others = {o for address in addresses(page) for o in stored_under.get(address, ())}
        out.extend((aid, other, page.key) for other in sorted(others)
                   if other != aid and rank.get(other, -1) < rank[aid])
    return out
