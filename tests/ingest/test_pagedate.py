"""Publication time from a page's markup, ahead of a day-only date in its URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.ingest.pagedate import dateline_day, day_in_url, published_in_markup, reconcile
from newsdesk.ingest.readers import Draft, RawInput, read_html

from .samples import html_page, seed_parts


@pytest.mark.parametrize(("markup", "expected"), [
    ('<meta property="article:published_time" content="2024-09-10T14:05:00+02:00">',
     "2024-09-10T14:05:00+02:00"),
    ("<meta content='2024-09-10T09:00:00Z' itemprop='datePublished'>", "2024-09-10T09:00:00Z"),
    ('<meta name="date" content="2024-09-10 11:00"><meta property="article:published_time" '
     'content="2024-09-10T10:00:00Z">', "2024-09-10T10:00:00Z"),  # the better key wins
    ('<script type="application/ld+json">{"@type": "NewsArticle", '
     '"datePublished": "2024-09-10T08:30:00+00:00"}</script>', "2024-09-10T08:30:00+00:00"),
    ('<article><time datetime="2024-09-10T07:15:00Z">10 Sep</time></article>',
     "2024-09-10T07:15:00Z"),
    ('<meta property="article:modified_time" content="2024-09-11T10:00:00Z">', None),
    ('<meta property="article:published_time" content="2024-09-10">', None),  # no time
    ("<p>Published 2024-09-10T14:05</p>", None),  # prose is not markup
])
def test_pagedate_markup(markup: str, expected: str | None) -> None:
    assert published_in_markup(f"<html><head>{markup}</head><body></body></html>") == expected


def test_pagedate_beats_day_in_url(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    url = "https://www.dw.com/en/2024/09/10/us-accuses-iran"
    page = html_page(title, paragraphs, url=url, published="2024-09-10T18:47:00Z")
    (draft,) = list(read_html(RawInput("p.html", page.encode(), url=url)))
    assert isinstance(draft, Draft) and draft.published == "2024-09-10T18:47:00Z"


def test_pagedate_placeholder_passed_over() -> None:
    # A CMS writes 0001-01-01 in its best key when it has no value; the real time in
    # another key is still read.
    head = ('<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
            '<meta itemprop="datePublished" content="2024-09-10T09:00:00Z">')
    assert published_in_markup(f"<html><head>{head}</head></html>") == "2024-09-10T09:00:00Z"
    only = '<meta property="article:published_time" content="0001-01-01T00:00:00+00:00">'
    assert published_in_markup(f"<html><head>{only}</head></html>") is None


@pytest.mark.parametrize(("url", "day"), [
    ("https://news.example/2024/09/10/floods", "2024-09-10"),
    ("https://news.example/world/20240910/floods.html", "2024-09-10"),
    ("https://news.example/2024-09-10-floods", "2024-09-10"),
    ("https://news.example/2024/13/40/x", None),  # no such day
    ("https://news.example/story/12345678", None),
    (None, None),
])
def test_pagedate_day_in_url(url: str | None, day: str | None) -> None:
    assert day_in_url(url) == day


def test_pagedate_reconcile_page_url() -> None:
    assert reconcile("2024-09-10T22:30:00Z", "2024-09-11") == "2024-09-10T22:30:00Z"  # a local evening
    assert reconcile("2025-02-01T08:00:00Z", "2024-09-10") == "2024-09-10"  # a later update
    assert reconcile(None, "2024-09-10") == "2024-09-10"
    assert reconcile("2024-09-10", None) == "2024-09-10"


def test_pagedate_day_only_page_keeps_its_precision(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    url = "https://www.dw.com/en/2024/09/10/us-accuses-iran"
    page = html_page(title, paragraphs, url=url, published="2024-09-10")
    (draft,) = list(read_html(RawInput("p.html", page.encode(), url=url)))
    assert isinstance(draft, Draft) and draft.published == "2024-09-10"


@pytest.mark.parametrize(("text", "day"), [
    ("LONDON, March 26, 2024 - The council met.\nMore text.", "2024-03-26"),
    ("Harbour vote\nPublished Sept. 3, 2024\nThe board voted.", "2024-09-03"),
    ("The bridge fell on March 26, 2024, officials said.", None),  # an event, not a dateline
    ("VILLACLARA, Febtober 3, 2024 - x", None),
    ("No date here at all.", None),
])
def test_pagedate_dateline_day(text: str, day: str | None) -> None:
    assert dateline_day(text) == day


def test_pagedate_dateline_used_when_nothing_else(tmp_path: Path) -> None:
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    path = tmp_path / "story.txt"
    path.write_text("Harbour vote\n\nVILLACLARA, March 4, 2025 - The harbour board approved the "
                    "budget for the new quay on Tuesday after a long debate.", "utf-8")
    settings = load_settings(env={}, db=str(tmp_path / "s.db"))
    with open_store(settings.db) as store:
        ingest([str(path)], store, settings)
        (article,) = list(store.iter_articles())
    assert article.published == "2025-03-04"
