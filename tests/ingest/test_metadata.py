"""Metadata: registered domain, canonical URL, UTC dates, language."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.ingest.metadata import (
    canonical_url,
    detect_language,
    normalize_published,
    registered_domain,
)

from .samples import SEED_004


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.bbc.co.uk/news/world-europe-1", "bbc.co.uk"),
    ("https://www.dw.com/en/us-accuses-iran/a-70171513", "dw.com"),
    ("http://News.Example.COM.au/x", "example.com.au"),
    ("https://www.rferl.org/a/iran-missiles/33114440.html", "rferl.org"),
    ("file:///tmp/x.html", None),
    (None, None),
])
def test_metadata_registered_domain(url: str | None, expected: str | None) -> None:
    assert registered_domain(url) == expected


def test_metadata_canonical_url_drops_tracking_and_fragment() -> None:
    url = "HTTPS://WWW.DW.com:443/en/story/a-1?utm_source=tw&id=7&fbclid=abc#comments"
    assert canonical_url(url) == "https://www.dw.com/en/story/a-1?id=7"
    assert canonical_url("http://dw.com:8080") == "http://dw.com:8080/"
    assert canonical_url(None) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-09-10T14:05:00+02:00", "2024-09-10T12:05:00Z"),
    ("Tue, 10 Sep 2024 16:30:00 GMT", "2024-09-10T16:30:00Z"),
    ("10 September 2024", "2024-09-10"),  # a day stays a day, not midnight UTC
    ("2024-09-10", "2024-09-10"),
    ("2024-09-10 00:00", "2024-09-10T00:00:00Z"),  # a stated midnight is a time
    ("0001-01-01T00:00:00Z", None),  # CMS placeholders
    ("1970-01-01", None),
    ("3024-09-10", None),
    (0, None),
    (1725962400, "2024-09-10T10:00:00Z"),
    (1725962400000, "2024-09-10T10:00:00Z"),  # milliseconds
    (datetime(2024, 9, 10, 9, 0, tzinfo=UTC), "2024-09-10T09:00:00Z"),
    ("last Tuesday-ish", None),
    ("", None),
])
def test_metadata_published_to_utc(value: object, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_metadata_language(seeds_dir: Path) -> None:
    assert detect_language((seeds_dir / SEED_004).read_text("utf-8"))[0] == "en"
    german = ("Die Stadtbibliothek ist nach zwei Jahren Umbau wieder geöffnet. Der "
              "Bürgermeister sprach von einem guten Tag für die Stadt.")
    lang, score = detect_language(german)
    assert lang == "de" and score is not None and 0 < score <= 1
    assert detect_language("too short") == (None, None)


def test_metadata_language_floor_and_declared() -> None:
    # Fictional Spanish text behind an all-caps dateline: the whole sample is read, not
    # the first 80 characters.
    spanish = ("VILLACLARA, 6 abr (Agencia Ficticia) - El ayuntamiento aprobó ayer el presupuesto "
               "del puerto, que incluye nuevas grúas y un muelle para pescadores, según dijo el "
               "alcalde en una conferencia de prensa.")
    assert detect_language(spanish)[0] == "es"
    lang, score = detect_language("Zzq 9041 xxkj 7781 qqpl 3312 vvbn 0021", min_score=0.99)
    assert lang == "und" and score is not None and score < 0.99
    # A short Slovak teaser is close to Czech; the feed's declared language decides.
    teaser = ("Mestské zastupiteľstvo v Banskej Bystrici schválilo rozpočet na budúci rok, "
              "povedal primátor novinárom.")
    assert detect_language(teaser, declared="cs")[0] == "cs"
    assert detect_language(teaser, declared="sk")[0] == "sk"
    assert detect_language(teaser, declared="fr")[0] == "sk"  # not a candidate: ignored
