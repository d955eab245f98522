"""A page's publication time from its own markup, to the second.

trafilatura (through htmldate) trusts a date in the URL first, and a URL such as
``/2025/03/03/story`` carries only the day. Publishers state the exact time in their
markup (``article:published_time``, schema.org ``datePublished``, ``<time
datetime>``), and "who published first" among copies of one report hinges on hours,
so those are read here first. A cheap scan of the tags, not a second HTML parse.
"""

from __future__ import annotations

import re
from datetime import date

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


_YEAR = re.compile(r"^\s*(\d{4})-")
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=/|[-_.]|$)")


def _plausible(value: str) -> bool:
    """False for the placeholders CMSs write when they have no date (0001-01-01,
    1970-01-01 from a zero timestamp) and for years no news page can carry."""
    year = _YEAR.match(value)
    if year is None:
        return False
    return 1980 <= int(year.group(1)) <= 2200 and not value.startswith("1970-01-01")


def _from_meta(html: str) -> list[str]:
    found: list[tuple[int, int, str]] = []
    for order, match in enumerate(_META.finditer(html)):
        attrs = _attributes(match.group(0))
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = (attrs.get("content") or "").strip()
        rank = _RANK.get(key)
        if rank is not None and content:
            found.append((rank, order, content))
    return [content for _rank, _order, content in sorted(found)]


def published_in_markup(html: str) -> str | None:
    """The publication time the page states with a time of day, else None.

    Placeholder dates are passed over, so a ``0001-01-01`` in a better-ranked key does
    not hide the real time in another.
    """
    head = html[:_SCAN_CHARS]
    for found in (*_from_meta(head), *(m.group(1) for m in _JSON_LD.finditer(head)),
                  *(m.group(1) for m in _TIME.finditer(head))):
        if found and _HAS_TIME.search(found) and _plausible(found):
            return found.strip()
    return None


def day_in_url(url: str | None) -> str | None:
    """``YYYY-MM-DD`` from a dated URL path (``/2024/09/10/``, ``/20240910/``), else None."""
    if not url:
        return None
    match = _URL_DAY.search(url.split("?", 1)[0])
    if not match:
        return None
    day = "-".join(match.groups())
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


def reconcile(page: str | None, url_day: str | None) -> str | None:
    """One publication date from the page's own (a normalised value: a day, or a UTC
    time) and the day in its URL.

    A URL's day is fixed when the page is first published; a page date more than a day
    away from it is a later update or another item's date, so the URL's day wins. Within
    a day (a local evening is the next day in UTC), the page's time is the finer one.
    """
    if not url_day:
        return page
    if not page:
        return url_day
    gap = abs((date.fromisoformat(page[:10]) - date.fromisoformat(url_day)).days)
    return page if gap <= 1 else url_day


_MONTHS = {m: n for n, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for m in names}
# A dateline or byline line that states a full date: "Published March 26, 2024",
# "LONDON, March 26, 2024 -", "March 26, 2024". Only at the start of a line of the
# article's top, so a date in the story's first sentence (an event) is not taken.
_DATELINE = re.compile(
    r"^(?:(?:Published|Updated|Posted)(?: on)?:?\s+|[A-Z][A-Za-z .'-]{1,40},\s+"
    r"(?:[A-Z][A-Za-z.]+,\s+)?)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b",
    re.MULTILINE)
_TOP_CHARS = 400


def dateline_day(text: str) -> str | None:
    """``YYYY-MM-DD`` from a dateline or byline at the top of an article, else None."""
    for match in _DATELINE.finditer(text[:_TOP_CHARS]):
        month = _MONTHS.get(match.group(1).lower())
        if month is None:
            continue
        try:
            return date(int(match.group(3)), month, int(match.group(2))).isoformat()
        except ValueError:
            continue
    return None
