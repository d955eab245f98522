"""REST API against a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from newsdesk.api import create_app
from newsdesk.config import load_settings
from newsdesk.store import open_store
from tests.conftest import HOSTILE_TITLE, fill_serving_store

TOKEN = "test-token-123"


def _client(db: str, truth: dict, **overrides: object) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = load_settings(env={}, db=db, fetch_feed_links=False, api_token=TOKEN, **overrides)
    with open_store(settings.db) as store:
        titles = fill_serving_store(store, settings, truth)
    with TestClient(create_app(settings)) as client:
        yield client, titles


@pytest.fixture(params=["sqlite", "postgres"])
def api(request: pytest.FixtureRequest, tmp_path, demo_truth) -> Iterator[tuple[TestClient, dict[str, str]]]:
    if request.param == "sqlite":
        db = f"sqlite:///{tmp_path / 'api.db'}"
    else:
        db = request.getfixturevalue("pg_url")
    yield from _client(db, demo_truth)


def test_routes_health_reports_counts(api) -> None:
    client, titles = api
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["articles"] >= 30
    assert body["stories"] == len(titles) + 1


def test_routes_story_list_has_ids_and_paginates(api) -> None:
    client, titles = api
    first = client.get("/api/stories", params={"limit": 2}).json()
    assert first["total"] == len(titles) + 1
    assert len(first["items"]) == 2 and all("id" in item for item in first["items"])
    second = client.get("/api/stories", params={"limit": 2, "offset": 2}).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_routes_story_list_filters(api) -> None:
    client, _ = api
    hits = client.get("/api/stories", params={"q": "Kellin Ford bridge"}).json()["items"]
    assert {"truth-S2", "truth-S4"} & {h["id"] for h in hits}
    assert "truth-S3" not in {h["id"] for h in hits}
    assert client.get("/api/stories", params={"q": "zzzqqq"}).json()["total"] == 0
    # The outlet key is the registered domain (its own name "Brackwater News" is kept for display).
    by_outlet = client.get("/api/stories", params={"outlet": "brackwater-news.example"}).json()["items"]
    assert [s["id"] for s in by_outlet] == ["truth-hostile"]
    late = client.get("/api/stories", params={"since": "2025-03-19"}).json()["items"]
    assert "truth-S1" not in {s["id"] for s in late} and "truth-S3" in {s["id"] for s in late}


def test_routes_story_detail_has_brief_and_findings(api) -> None:
    client, _ = api
    body = client.get("/api/stories/truth-S1").json()
    assert body["story"]["id"] == "truth-S1"
    assert body["brief"]["summary"], "a brief needs summary lines"
    member_ids = {a["id"] for a in body["articles"]}
    for line in body["brief"]["summary"]:
        assert line["article_id"] in member_ids  # every line is cited to a member
    assert {f["type"] for f in body["findings"]} >= {"quantity", "polarity", "entity"}
    assert client.get("/api/stories/does-not-exist").status_code == 404


def test_routes_article_detail_and_missing(api) -> None:
    client, _ = api
    listing = client.get("/api/articles", params={"limit": 5}).json()["items"]
    one = client.get(f"/api/articles/{listing[0]['id']}").json()
    assert one["id"] == listing[0]["id"] and "annotations" in one
    assert client.get("/api/articles/ffffffffffff").status_code == 404


def test_routes_ingest_needs_the_token(api) -> None:
    client, _ = api
    record = {"url": "https://brackwater-news.example/quay", "outlet": "Brackwater News",
              "title": "Quay works finish", "published": "2025-03-22",
              "text": "The fictional harbour of Brackwater finished its quay works on Saturday."}
    assert client.post("/api/ingest", json={"articles": [record]}).status_code == 401
    bad = client.post("/api/ingest", json={"articles": [record]},
                      headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401
    ok = client.post("/api/ingest", json={"articles": [record]},
                     headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["new"] == 1
    again = client.post("/api/ingest", json={"articles": [record]},
                        headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["new"] == 0 and again.json()["already_stored"] == 1


def test_routes_ingest_refuses_private_urls(api) -> None:
    client, _ = api
    r = client.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/secret"]},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert [x["code"] for x in r.json()["rejected"]] == ["address_refused"]


def test_routes_ingest_off_without_configured_token(tmp_path, demo_truth) -> None:
    settings = load_settings(env={}, db=str(tmp_path / "t.db"))
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/ingest", json={"urls": ["https://example.org/"]},
                        headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403


def test_routes_ingest_fetches_public_style_url_when_allowed(tmp_path, demo_truth) -> None:
    page = (b"<html><head><title>Quay</title></head><body><article><h1>Quay reopens</h1>"
            b"<p>The fictional harbour of Brackwater reopened its quay on Saturday after "
            b"eleven weeks of repairs, the harbour master said.</p></article></body></html>")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = load_settings(env={}, db=str(tmp_path / "u.db"), api_token=TOKEN,
                                 allow_private_urls=True)
        with TestClient(create_app(settings)) as client:
            url = f"http://127.0.0.1:{server.server_port}/quay"
            r = client.post("/api/ingest", json={"urls": [url]},
                            headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.json()["new"] == 1, r.json()
    finally:
        server.shutdown()


def test_routes_openapi_lists_the_api(api) -> None:
    client, _ = api
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/ingest", "/api/health"} <= set(paths)


def test_routes_hostile_title_is_data_not_markup(api) -> None:
    client, _ = api
    items = client.get("/api/stories", params={"outlet": "brackwater-news.example"}).json()["items"]
    assert items[0]["title"] == HOSTILE_TITLE  # JSON carries it verbatim; pages escape it


def test_routes_story_list_filters_by_entity(analysed_demo: str) -> None:
    settings = load_settings(env={}, db=analysed_demo)
    with TestClient(create_app(settings)) as client:
        brandt = client.get("/api/stories", params={"entity": "Aurelia Brandt"}).json()["items"]
        assert {"truth-S2", "truth-S4"} <= {s["id"] for s in brandt}
        assert "truth-S3" not in {s["id"] for s in brandt}
        assert client.get("/api/stories", params={"entity": "Nobody Atall"}).json()["total"] == 0
        detail = client.get("/api/stories/truth-S2").json()
        assert any(e["name"] == "Aurelia Brandt" for e in detail["entities"])
