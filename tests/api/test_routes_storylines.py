"""REST routes for storylines, over the demo's ground-truth stories (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newsdesk.api import create_app
from newsdesk.config import load_settings
from newsdesk.records import Storyline
from newsdesk.store import Store, open_store
from tests.conftest import fill_serving_store


def put_truth_storylines(store: Store) -> str:
    """The demo's talks (S2) and bridge crossing (S4) as one storyline, every other
    story alone; returns the linked storyline's id."""
    stories = {s.id: s for s in store.stories()}
    linked = Storyline(id="line-talks", title=stories["truth-S2"].title,
                       stories=["truth-S2", "truth-S4"],
                       first_seen=stories["truth-S2"].first_seen,
                       last_seen=stories["truth-S4"].last_seen, entities=["Brandt", "Veltan"])
    alone = [Storyline(id=f"line-{sid}", title=s.title, stories=[sid], first_seen=s.first_seen,
                       last_seen=s.last_seen)
             for sid, s in stories.items() if sid not in linked.stories]
    with store.transaction() as tx:
        tx.replace_storylines([linked, *alone])
    return linked.id


@pytest.fixture()
def client(tmp_path, demo_truth) -> Iterator[TestClient]:
    settings = load_settings(env={}, db=f"sqlite:///{tmp_path / 'api.db'}", fetch_feed_links=False)
    with open_store(settings.db) as store:
        fill_serving_store(store, settings, demo_truth)
        put_truth_storylines(store)
    with TestClient(create_app(settings)) as c:
        yield c


def test_routes_storylines_list_and_detail(client) -> None:
    page = client.get("/api/storylines", params={"limit": 50}).json()
    assert page["total"] == len(page["items"]) >= 5
    [talks] = [x for x in page["items"] if x["id"] == "line-talks"]
    assert talks["events"] == 2
    detail = client.get("/api/storylines/line-ta").json()  # a unique prefix is enough
    assert [e["story"]["id"] for e in detail["events"]] == ["truth-S2", "truth-S4"]
    assert all(e["outlets"] for e in detail["events"])
    assert client.get("/api/storylines/nope").status_code == 404


def test_routes_storyline_page_links_each_event(client) -> None:
    html = client.get("/storylines/line-talks").text
    assert 'href="/stories/truth-S2"' in html and 'href="/stories/truth-S4"' in html
    index = client.get("/").text
    assert 'href="/storylines/line-talks"' in index  # the story list groups by storyline
    assert client.get("/storylines/nope").status_code == 404
