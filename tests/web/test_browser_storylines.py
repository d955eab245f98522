"""The storyline page and the story list grouped by storyline, in a real browser."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import load_settings
from newsdesk.store import open_store
from tests.api.test_routes_storylines import put_truth_storylines
from tests.conftest import ROOT, fill_serving_store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_truth: dict) -> Iterator[str]:
    import uvicorn

    from newsdesk.api import create_app

    db = tmp_path_factory.mktemp("web-lines") / "web.db"
    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    with open_store(settings.db) as store:
        fill_serving_store(store, settings, demo_truth)
        put_truth_storylines(store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    uv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                       log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not uv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


def test_browser_storyline_timeline_links_to_event_pages(server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
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
        browser.close()
