"""The web page in a real browser: Debian's Chromium driven by Playwright.

The server runs in-process on a loopback port over a real SQLite store. Screenshots
go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.config import load_settings
from newsdesk.store import open_store
from tests.conftest import HOSTILE_TITLE, fill_serving_store
from tests.web.browser import ARTIFACTS, browser_page, require_browser, serving

playwright_api = require_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_truth: dict) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "web.db"
    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    with open_store(settings.db) as store:
        fill_serving_store(store, settings, demo_truth)
    with serving(settings) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with browser_page(playwright_api) as pg:
        yield pg


def test_browser_list_search_and_story(page, server: str) -> None:
    page.goto(server + "/")
    rows = page.locator("#story-list tbody tr")
    assert rows.count() >= 5
    page.screenshot(path=str(ARTIFACTS / "story-list.png"), full_page=True)

    page.fill("input[name=q]", "Corvane Lumera")
    page.click("form.search button")
    page.wait_for_load_state()
    titles = page.locator("a.story-link").all_inner_texts()
    assert titles and any("Corvane" in t or "Lumera" in t for t in titles)
    assert not any("flood" in t.lower() for t in titles)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.click("a.story-link >> nth=0")
    page.wait_for_load_state()
    assert page.locator("#summary li").count() >= 1
    disputes = page.locator("#disputes article.dispute")
    assert disputes.count() >= 2  # the ground truth's S3 has a quantity and a polarity dispute
    assert disputes.first.locator("mark").count() >= 1  # the differing words are marked
    assert page.locator("#lineage svg.lineage").count() == 1
    page.screenshot(path=str(ARTIFACTS / "story.png"), full_page=True)


def test_browser_story_with_copies_shows_lineage_nodes(page, server: str) -> None:
    page.goto(server + "/stories/truth-S1")
    assert page.locator("#lineage svg .node").count() >= 5
    assert page.locator("#timeline svg.timeline").count() == 1
    page.screenshot(path=str(ARTIFACTS / "story-floods.png"), full_page=True)


def test_browser_hostile_article_runs_nothing(page, server: str) -> None:
    page.goto(server + "/stories/truth-hostile")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert HOSTILE_TITLE in page.locator("#story-title").inner_text()  # shown as text
    page.locator("#lineage a, table.sources a").first.click()
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#article-text img").count() == 0
    assert "onerror" in page.locator("#article-text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)


def test_browser_api_docs_render_offline(page, server: str) -> None:
    # Swagger UI's assets come from this server: the operations render with no internet.
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.replace("\u200b", "").startswith("/api/stories") for p in paths)
    page.screenshot(path=str(ARTIFACTS / "docs.png"))
