"""http(s) inputs against a tiny local server: timeouts, errors, caps, redirects and the
refusal of loopback addresses under the default settings."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest import ingest
from newsdesk.ingest.fetch import check_url_allowed, fetch_url
from newsdesk.store import Store

from .samples import html_page, seed_parts

PAGE: dict[str, bytes] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{n + 1}" if n < 20 else "/story")
            self.end_headers()
            return
        if self.path == "/to-story":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
            return
        if self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v7"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"v7"')
            self.send_header("Last-Modified", "Tue, 04 Mar 2025 10:00:00 GMT")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            return
        body = PAGE.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        kind = "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        if self.path != "/stream":  # /stream declares no length: the cap must act mid-body
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may hang up at its size cap, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(seeds_dir: Path) -> Iterator[str]:
    title, paragraphs = seed_parts(seeds_dir)
    PAGE["/story"] = html_page(title, paragraphs).encode()
    PAGE["/slow"] = PAGE["/story"]
    PAGE["/big"] = b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>"
    PAGE["/stream"] = PAGE["/big"]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def local_settings(settings: Settings) -> Settings:
    return settings.with_overrides(allow_private_urls=True, fetch_timeout_s=0.5,
                                   fetch_max_bytes=1_000_000, fetch_max_redirects=3)


def test_fetch_loopback_refused_by_default(server: str, store: Store, settings: Settings) -> None:
    assert settings.allow_private_urls is False
    report = ingest([f"{server}/story"], store, settings)
    assert [r.code for r in report.rejected] == ["address_refused"]
    assert "127.0.0.1" in report.rejected[0].reason
    assert store.count_articles() == 0


@pytest.mark.parametrize("url", ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]/x", "http://192.168.0.1/"])
def test_fetch_private_and_link_local_refused(url: str) -> None:
    with pytest.raises(InputRejected) as caught:
        check_url_allowed(url, allow_private=False)
    assert caught.value.reason is Reason.ADDRESS_REFUSED


def test_fetch_page_ingested_when_allowed(server: str, store: Store,
                                          local_settings: Settings) -> None:
    report = ingest([f"{server}/to-story"], store, local_settings)
    assert report.rejected == [] and report.new == 1
    (article,) = store.iter_articles()
    assert article.url == f"{server}/story"  # the final URL after the redirect
    assert article.title == "US accuses Iran of supplying ballistic missiles to Russia"
    (doc,) = store.documents()
    assert store.get_blob(doc["blob_id"]) == PAGE["/story"]
    assert doc["media_type"] == "text/html"


def test_fetch_errors_reported_batch_goes_on(server: str, store: Store, seeds_dir: Path,
                                             local_settings: Settings) -> None:
    inputs = [f"{server}/missing", f"{server}/slow", f"{server}/big", f"{server}/hop/0",
              str(seeds_dir)]
    started = time.monotonic()
    report = ingest(inputs, store, local_settings)
    assert time.monotonic() - started < 10
    got = {r.source.rsplit("/", 1)[1]: r for r in report.rejected}
    assert {k: r.code for k, r in got.items()} == {
        "missing": "http_error", "slow": "fetch_failed", "big": "too_large", "0": "http_error"}
    assert "404" in got["missing"].reason
    assert "timed out" in got["slow"].reason
    assert "more than 3 redirects" in got["0"].reason
    assert report.new == 2  # the seeds still went in


@pytest.mark.parametrize("path", ["/big", "/stream"])
def test_fetch_url_size_cap(server: str, path: str) -> None:
    with pytest.raises(InputRejected) as caught:
        fetch_url(f"{server}{path}", timeout_s=2, max_bytes=10_000, max_redirects=0,
                  allow_private=True)
    assert caught.value.reason is Reason.TOO_LARGE
    declared = "2000033 bytes (cap 10000)" in caught.value.detail  # refused from the header
    assert declared == (path == "/big")


def test_fetch_feed_teaser_gets_its_linked_page(server: str, store: Store, tmp_path: Path,
                                                local_settings: Settings) -> None:
    feed = tmp_path / "dw.rss"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>DW</title>"
        f"<item><title>Iran missiles: the teaser</title><link>{server}/story</link>"
        "<pubDate>Tue, 10 Sep 2024 15:00:00 GMT</pubDate>"
        "<description>Short teaser.</description></item>"
        f"<item><title>Gone</title><link>{server}/gone</link>"
        "<description>Another teaser.</description></item></channel></rss>", "utf-8")
    settings = local_settings.with_overrides(fetch_feed_links=True)
    report = ingest([str(feed)], store, settings)
    assert [(r.code, r.locator) for r in report.rejected] == [("http_error", "entry 1")]
    (article,) = store.iter_articles()
    assert article.title == "Iran missiles: the teaser"  # the feed's title wins
    assert article.published == "2024-09-10T15:00:00Z"
    assert "Kanaani" in article.text
    # The fetched page is kept as its own document under the feed's.
    docs = {d["id"]: d for d in store.documents()}
    page = docs[article.document_id]
    assert docs[page["parent_id"]]["source"] == str(feed)
    assert store.get_blob(page["blob_id"]) == PAGE["/story"]


def test_fetch_conditional_get_304(server: str) -> None:
    first = fetch_url(f"{server}/etag", timeout_s=2, max_bytes=1000, max_redirects=0,
                      allow_private=True)
    assert first.status == 200 and first.data == b"ok" and first.etag == '"v7"'
    assert first.last_modified == "Tue, 04 Mar 2025 10:00:00 GMT"
    again = fetch_url(f"{server}/etag", timeout_s=2, max_bytes=1000, max_redirects=0,
                      allow_private=True, headers={"If-None-Match": first.etag or ""})
    assert again.status == 304 and again.data == b""


# -- issue 15, item 11: is_global, embedded IPv4 forms, one lookup per hop ------------
@pytest.mark.parametrize("url", [
    "http://100.64.0.1/latest/meta-data",  # carrier-grade NAT: neither private nor loopback
    "http://[2002:a9fe:a9fe::]/",  # 6to4 form of 169.254.169.254
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 form of it
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
    "http://0.0.0.0/", "http://198.18.0.1/", "http://[fd00::1]/",
])
def test_fetch_non_global_forms_refused(url: str) -> None:
    with pytest.raises(InputRejected) as caught:
        check_url_allowed(url, allow_private=False)
    assert caught.value.reason is Reason.ADDRESS_REFUSED


def test_fetch_public_literal_allowed() -> None:
    assert check_url_allowed("http://93.184.216.34/x", allow_private=False) == "93.184.216.34"


def test_fetch_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name answers a public address to the check and loopback to
    any later lookup. One lookup per hop, and the connection goes to that address."""
    import socket

    import httpx

    from newsdesk.ingest import fetch

    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    lookups: list[str] = []

    def rebinding_dns(host: str, *_args: object, **_kwargs: object) -> list[tuple]:
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), 0))]

    seen: list[tuple[str, str, object]] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, request.headers["host"],
                     request.extensions.get("sni_hostname")))
        return httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>ok</p>")

    monkeypatch.setattr(fetch.socket, "getaddrinfo", rebinding_dns)
    with httpx.Client(transport=httpx.MockTransport(server)) as client:
        got = fetch_url("https://news.rebind.example:8443/a?b=1", timeout_s=1, max_bytes=1000,
                        max_redirects=0, allow_private=False, client=client)
    assert lookups == ["news.rebind.example"]
    assert seen == [("93.184.216.34", "news.rebind.example:8443", "news.rebind.example")]
    assert got.url == "https://news.rebind.example:8443/a?b=1" and got.data == b"<p>ok</p>"
