"""Ingest on real material: article_extraction (181 pages with gold text) and real_feeds
(27 saved feeds), both read in place from ../shared/benchmarks; used by ingest.py.

article_extraction is scored with the benchmark's own measure: per page, bags of 4-word
shingles of the extracted text against the gold body, precision and recall averaged over
pages (a page with nothing kept scores 0), F1 from the two averages. trafilatura's
defaults run on the same pages as the anchor.

Dates: the gold has none, so a page's date is checked where the page itself states it
beyond doubt: a /YYYY/MM/DD/ (or YYYY-MM-DD) date in its URL, else a publication time
in its markup (``article:published_time``, ``datePublished``) that is not a placeholder.
The stored day must equal that day (a day either side is allowed when the stored value
carries a time, since a local evening is the next day in UTC).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks"
PAGES = SHARED / "article_extraction"
FEEDS = SHARED / "real_feeds"

_TOKEN = re.compile(r"\w+", re.UNICODE)
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-]?(\d\d)[/-]?(\d\d)(?:/|[-_.]|$)")
_MARKUP_DATE = re.compile(
    r"""(?:article:published_time|datePublished)["']?\s*(?:content\s*=\s*|:\s*)["'](\d{4}-\d\d-\d\d)""",
    re.I)


def _shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_pr(gold: str, got: str) -> tuple[float | None, float | None]:
    """The benchmark's per-page precision and recall; None where the benchmark leaves
    the page out of that average (precision of a page with nothing extracted)."""
    truth, pred = _shingles(gold), _shingles(got)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    if fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def expected_day(url: str, html: str) -> date | None:
    """The day a page states beyond doubt (see the module docstring), or None."""
    for found in (_URL_DATE.search(url), _MARKUP_DATE.search(html[:300_000])):
        if not found:
            continue
        parts = found.groups() if len(found.groups()) == 3 else found.group(1).split("-")
        try:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            continue
        if day.year >= 1995:  # 0001-01-01 and the like are placeholders, not a date
            return day
    return None


def _day_ok(stored: str | None, expected: date) -> bool:
    if not stored:
        return False
    day = date.fromisoformat(stored[:10])
    if "T" in stored:  # a time in UTC: the local day may be one off
        return abs(day - expected) <= timedelta(days=1)
    return day == expected


def pages_quality(db: Path) -> dict[str, Any]:
    import trafilatura

    from newsdesk.config import load_settings
    from newsdesk.ingest.pipeline import Ingestor
    from newsdesk.store import open_store

    gold = json.loads((PAGES / "ground-truth.json").read_text("utf-8"))
    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    store = open_store(settings.db)
    ingestor = Ingestor(store, settings)
    ours_p: list[float | None] = []
    ours_r: list[float | None] = []
    base_p: list[float | None] = []
    base_r: list[float | None] = []
    kept = dated = dates_right = 0
    wrong_dates: list[str] = []
    for key in sorted(gold):
        html_bytes = gzip.decompress((PAGES / "html" / f"{key}.html.gz").read_bytes())
        url = gold[key]["url"]
        before = len(ingestor.report.new_ids)
        ingestor.ingest_bytes(f"{key}.html", html_bytes, "text/html", url=url)
        new = ingestor.report.new_ids[before:]
        article = store.get_article(new[0]) if new else None
        text = article.text if article else ""
        kept += article is not None
        p, r = shingle_pr(gold[key]["articleBody"], text)
        ours_p.append(p)
        ours_r.append(r)
        base = trafilatura.extract(html_bytes, url=url) or ""
        p, r = shingle_pr(gold[key]["articleBody"], base)
        base_p.append(p)
        base_r.append(r)
        expected = expected_day(url, html_bytes.decode("utf-8", "replace"))
        if expected is not None:
            dated += 1
            if article is not None and _day_ok(article.published, expected):
                dates_right += 1
            else:
                wrong_dates.append(f"{key[:10]} {expected} {article.published if article else None}")
    store.close()

    def f1(ps: list[float | None], rs: list[float | None]) -> tuple[float, float, float]:
        p = [x for x in ps if x is not None]
        r = [x for x in rs if x is not None]
        mp, mr = sum(p) / len(p), sum(r) / len(r)
        return mp, mr, 2 * mp * mr / (mp + mr) if mp + mr else 0.0

    return {"pages": len(gold), "kept": kept, "ours": f1(ours_p, ours_r),
            "trafilatura": f1(base_p, base_r), "dated": dated, "dates_right": dates_right,
            "wrong_dates": wrong_dates}


_TAG = re.compile(r"<[^>]+>")


def _entry_words(entry: Any) -> tuple[int, int]:
    content = max((c.get("value") or "" for c in entry.get("content") or []), key=len, default="")
    summary = entry.get("summary") or ""
    return len(content), max(len(_TAG.sub(" ", content).split()), len(_TAG.sub(" ", summary).split()))


def feeds_quality(db: Path) -> dict[str, Any]:
    """Every feed ingested offline (links not fetched). A full-text entry carries a post
    of 150+ words in its content or description, or 400+ characters of content:encoded /
    Atom content; each must be stored. Outlets: each stored entry's outlet must be its
    feed's own site. Languages: the Spanish feed's stored entries, and the Slovak feed's
    entries (teasers only, so read with the same detector and the feed's declared
    language, as ingest does)."""
    import feedparser

    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.ingest.metadata import detect_language
    from newsdesk.ingest.outlets import site_key
    from newsdesk.ingest.readers.feed import feed_site
    from newsdesk.store import open_store

    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    store = open_store(settings.db)
    files = sorted(p for p in FEEDS.iterdir() if p.suffix in (".rss", ".atom", ".xml", ".rdf"))
    report = ingest([str(p) for p in files], store, settings)
    stored = {a.source: a for a in store.iter_articles()}
    store.close()
    out: dict[str, Any] = {"entries": 0, "stored": len(stored), "full": 0, "full_stored": 0,
                           "outlet_right": 0, "rejected": len(report.rejected), "langs": {}}
    for path in files:
        parsed = feedparser.parse(path.read_bytes())
        site = site_key(feed_site(parsed.feed))
        declared = (parsed.feed.get("language") or "").split("-")[0].lower() or None
        langs: Counter[str] = Counter()
        for index, entry in enumerate(parsed.entries):
            out["entries"] += 1
            article = stored.get(f"{path}#entry {index}")
            chars, words = _entry_words(entry)
            if chars >= 400 or words >= 150:
                out["full"] += 1
                out["full_stored"] += article is not None
            if article is not None:
                out["outlet_right"] += article.outlet == site
                langs[str(article.lang)] += 1
            elif path.name == "aktuality.rss":
                text = _TAG.sub(" ", f"{entry.get('title', '')}. {entry.get('summary', '')}")
                langs[str(detect_language(text, settings.lang_min_score, declared)[0])] += 1
        out["langs"][path.name] = dict(langs)
    return out
