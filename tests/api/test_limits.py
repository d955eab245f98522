"""The request body cap and parameter validation of the API layer, on a small real
store (issue 15, items 12-14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.api import create_app
from newsdesk.config import load_settings
from newsdesk.records import Article, content_id
from newsdesk.store import open_store

TOKEN = "test-token-123"
CAP = 100_000
HOSTILE_URLS = ["javascript:alert(1)", " JavaScript:alert(document.domain)", "data:text/html,x",
                "VBSCRIPT:msgbox(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)"]


def _article(url: str, n: int) -> Article:
    text = f"Harbour officials in Port Elwin said the ferry would open in May (report {n})."
    return Article(id=content_id(url, text), document_id="d", source=f"test#{n}", text=text,
                   text_hash=content_id(text), url=url, outlet="elwin.example", title=f"Ferry {n}")


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[tuple[TestClient, list[str]]]:
    settings = load_settings(env={}, db=str(tmp_path / "api.db"), fetch_feed_links=False,
                             api_token=TOKEN, max_input_bytes=CAP)
    articles = [_article(url, n) for n, url in
                enumerate([*HOSTILE_URLS, "https://elwin.example/ferry"])]
    with open_store(settings.db) as store, store.transaction() as tx:
        for a in articles:
            tx.put_article(a)
    with TestClient(create_app(settings)) as test_client:
        yield test_client, [a.id for a in articles]


def _auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def _record(text: str) -> dict[str, str]:
    return {"url": "https://elwin.example/big", "text": text}


def test_limits_ingest_body_over_cap_refused_and_nothing_stored(client) -> None:
    test_client, _ids = client
    body = json.dumps({"articles": [_record("Ferry news. " * 20_000)]}).encode()
    assert len(body) > CAP
    r = test_client.post("/api/ingest", content=body, headers=_auth())
    assert r.status_code == 413 and "cap" in r.json()["detail"]
    assert r.headers["content-security-policy"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    r = test_client.post("/api/ingest", content=chunks(), headers=_auth())
    assert r.status_code == 413
    assert test_client.get("/api/health").json()["articles"] == len(HOSTILE_URLS) + 1


def test_limits_ingest_body_under_cap_still_works(client) -> None:
    test_client, _ids = client
    text = ("Harbour officials in Port Elwin said on Tuesday that the new ferry line would open "
            "in May, two months later than planned. The council will vote on fares next week.")
    r = test_client.post("/api/ingest", json={"articles": [_record(text)]}, headers=_auth())
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1


@pytest.mark.parametrize(("path", "params"), [
    ("/api/stories", {"offset": str(2**64)}),
    ("/api/articles", {"offset": str(2**63)}),
    ("/api/stories", {"since": "garbage"}),
    ("/api/stories", {"until": "garbage"}),
    ("/api/stories", {"since": "2024-13-45"}),
])
def test_limits_bad_parameters_are_422_not_500(client, path: str, params: dict[str, str]) -> None:
    test_client, _ids = client
    r = test_client.get(path, params=params)
    assert r.status_code == 422, r.text


def test_limits_good_dates_accepted(client) -> None:
    test_client, _ids = client
    r = test_client.get("/api/stories", params={"since": "2024-09-01", "until": "2024-09-30"})
    assert r.status_code == 200
    r = test_client.get("/api/stories", params={"since": "2024-09-01T10:00:00Z"})
    assert r.status_code == 200


@pytest.mark.parametrize("path", ["/api/articles/", "/api/stories/", "/api/storylines/", "/articles/",
                                  "/stories/", "/storylines/"])
def test_limits_huge_id_is_404_or_422_not_500(client, path: str) -> None:
    test_client, _ids = client
    r = test_client.get(path + "a" * 60_000)
    assert r.status_code in (404, 422), r.status_code


def test_limits_web_offset_past_sqlite_integers(client) -> None:
    test_client, _ids = client
    assert test_client.get("/", params={"offset": str(2**70)}).status_code == 200


def test_limits_no_script_url_ever_emitted(client) -> None:
    test_client, ids = client
    *hostile, good = ids
    for article_id in hostile:
        body = test_client.get(f"/api/articles/{article_id}").json()
        assert body["url"] is None
        page = test_client.get(f"/articles/{article_id}").text
        assert ">original</a>" not in page
        assert "script:" not in page.lower() and "data:text" not in page
    assert test_client.get(f"/api/articles/{good}").json()["url"] == "https://elwin.example/ferry"
    assert 'href="https://elwin.example/ferry"' in test_client.get(f"/articles/{good}").text
    listed = test_client.get("/api/articles", params={"limit": 200}).json()["items"]
    assert sorted(str(a["url"]) for a in listed) == ["None"] * len(hostile) + [
        "https://elwin.example/ferry"]
