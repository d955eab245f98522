"""The storyline page and the story list grouped by storyline, in a real browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.config import load_settings
from newsdesk.store import open_store
from tests.api.test_routes_storylines import put_truth_storylines
from tests.conftest import fill_serving_store
from tests.web.browser import ARTIFACTS, browser_page, require_browser, serving

playwright_api = require_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_truth: dict) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web-lines") / "web.db"
    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    with open_store(settings.db) as store:
        fill_serving_store(store, settings, demo_truth)
        put_truth_storylines(store)
    with serving(settings) as url:
        yield url


def test_browser_storyline_timeline_links_to_event_pages(server: str) -> None:
    with browser_page(playwright_api) as page:
        page.goto(server + "/")
        heads = page.locator("#story-list tr.storyline-head a.storyline-link")
        assert heads.count() == 1  # only the storyline with two events gets a heading
        group = page.locator("#story-list tbody.storyline-group:has(tr.storyline-head)")
        assert group.locator("a.story-link").count() == 2
        page.screenshot(path=str(ARTIFACTS / "story-list-storylines.png"), full_page=True)

        heads.first.click()
        page.wait_for_load_state()
        events = page.locator("ol.storyline-timeline li.event")
        assert events.count() == 2
        times = events.locator("time").all_inner_texts()
        assert times == sorted(times)  # in time order
        page.screenshot(path=str(ARTIFACTS / "storyline.png"), full_page=True)

        events.nth(1).locator("a.event-link").click()
        page.wait_for_load_state()
        assert page.url.endswith("/stories/truth-S4")
        assert page.locator("#story-title").count() == 1
