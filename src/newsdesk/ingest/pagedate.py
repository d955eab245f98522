"""A page's publication time from its own markup, to the second.

trafilatura (through htmldate) trusts a date in the URL first, and a URL such as
``/2025/03/03/story`` carries only the day. Publishers state the exact time in their
markup (``article:published_time``, schema.org ``datePublished``, ``<time
datetime>``), and "who published first" among copies of one report hinges on hours,
so those are read here first. A cheap scan of the tags, not a second HTML parse.
"""

from __future__ import annotations

import re

# Meta keys that name the first publication, best first. Modified/updated times are
# left out on purpose: they say when a page changed, not when it appeared.
_META_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "publish-date", "publishdate", "pubdate", "dc.date.issued", "dcterms.issued",
    "parsely-pub-date", "sailthru.date", "date",
)
_RANK = {key: rank for rank, key in enumerate(_META_KEYS)}
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_JSON_LD = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
_SCAN_CHARS = 300_000  # the head and the top of the article; enough for any real page


def _attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTR.finditer(tag)}


def _from_meta(html: str) -> str | None:
    best: tuple[int, str] | None = None
    for match in _META.finditer(html):
        attrs = _attributes(match.group(0))
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        rank = _RANK.get(key)
        if rank is not None and content and (best is None or rank < best[0]):
            best = (rank, content)
    return best[1] if best else None


def published_in_markup(html: str) -> str | None:
    """The publication time the page states with a time of day, else None."""
    head = html[:_SCAN_CHARS]
    for found in (_from_meta(head), *(m.group(1) for m in _JSON_LD.finditer(head)),
                  *(m.group(1) for m in _TIME.finditer(head))):
        if found and _HAS_TIME.search(found):
            return found.strip()
    return None
