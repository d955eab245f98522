#!/usr/bin/env python3
"""Build demo/corpus/warc/cc-news-demo-2025-03.warc.gz from the HTML pages in demo/warc_src/.

The corpus is FICTIONAL (see demo/README.md). The file imitates a Common Crawl News WARC:
a warcinfo record, HTTP response records holding HTML pages, plus records a reader must
skip: a robots.txt response (text/plain), a request record and a 301 redirect.

The build is deterministic (fixed record ids and dates derived from the pages), so running
it again produces the same bytes. Usage:

    /work/main/.venv/bin/python demo/build_warc.py
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "corpus" / "warc" / "cc-news-demo-2025-03.warc.gz"
FILENAME = OUT.name
NS = uuid.UUID("6f1c1d2e-0000-4000-8000-6e6577736465")  # fixed namespace for record ids
CRAWL_DELAY = timedelta(hours=5, minutes=17)           # pages are fetched a while after publication


def rec_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, '|'.join(parts))}>"


def warc_date(d: datetime) -> str:
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_info(html: str) -> tuple[str, datetime]:
    url = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    pub = re.search(r'<meta property="article:published_time" content="([^"]+)"', html).group(1)
    return url, datetime.fromisoformat(pub.replace("Z", "+00:00"))


def http_response(writer, url, when, body: bytes, ctype: str, status="200 OK", extra=()):
    headers = [("Date", format_datetime(when, usegmt=True)), ("Server", "nginx"),
               ("Content-Type", ctype), ("Content-Length", str(len(body)))] + list(extra)
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
        warc_headers_dict={"WARC-Record-ID": rec_id("response", url), "WARC-Date": warc_date(when),
                           "WARC-IP-Address": "192.0.2.10"})


def http_request(writer, url, when):
    path = "/" + url.split("/", 3)[3]
    host = url.split("/")[2]
    http = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", host), ("User-Agent", "DemoNewsCrawler/1.0 (+https://crawler.example/)"),
                                                    ("Accept", "text/html,application/xhtml+xml")], is_http_request=True)
    return writer.create_warc_record(
        url, "request", http_headers=http,
        warc_headers_dict={"WARC-Record-ID": rec_id("request", url), "WARC-Date": warc_date(when)})


def main() -> None:
    pages = []
    for path in sorted(SRC.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        url, pub = page_info(html)
        pages.append((pub + CRAWL_DELAY, url, html.encode("utf-8")))
    pages.sort()
    start = pages[0][0] - timedelta(minutes=5)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.0")

        info = (b"software: newsdesk demo build_warc.py (warcio)\r\n"
                b"format: WARC File Format 1.0\r\n"
                b"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
                b"isPartOf: DEMO-NEWS-2025-03\r\n"
                b"description: FICTIONAL demo crawl for the newsdesk test corpus; every site, person and event is invented.\r\n"
                b"operator: newsdesk demo\r\n"
                b"robots: checked via crawler-commons\r\n")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_headers_dict={"WARC-Record-ID": rec_id("warcinfo", FILENAME), "WARC-Date": warc_date(start),
                               "WARC-Filename": FILENAME, "Content-Type": "application/warc-fields"}))

        # Non-article records a reader must skip.
        robots = b"User-agent: *\nDisallow: /search\nDisallow: /account/\n\nSitemap: https://www.ebc.example/sitemap-news.xml\n"
        writer.write_record(http_response(writer, "https://www.ebc.example/robots.txt", start + timedelta(seconds=2),
                                          robots, "text/plain; charset=utf-8"))
        first_when, first_url, _ = pages[0]
        writer.write_record(http_request(writer, first_url, first_when - timedelta(seconds=1)))
        redirect_url = "http://northerncourier.example/world/2025/03/12/estmark-morvania-talks"
        moved = (b'<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1>'
                 b'<p>The document has moved <a href="https://northerncourier.example/world/2025/03/12/'
                 b'estmark-morvania-talks-brandt-veltan">here</a>.</p></body></html>')

        for when, url, body in pages:
            if url.startswith("https://northerncourier.example/world/2025/03/12/"):
                writer.write_record(http_response(
                    writer, redirect_url, when - timedelta(seconds=3), moved, "text/html; charset=iso-8859-1",
                    status="301 Moved Permanently", extra=[("Location", url)]))
            writer.write_record(http_response(writer, url, when, body, "text/html; charset=utf-8",
                                              extra=[("Cache-Control", "max-age=60")]))
    print(f"wrote {OUT.relative_to(HERE.parent)} ({OUT.stat().st_size} bytes, {len(pages)} HTML pages)")


if __name__ == "__main__":
    main()
