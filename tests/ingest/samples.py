"""Small real inputs for ingest tests, built from the seeds: an HTML page, a WARC
archive, JSONL lines. Everything is generated at test time; nothing is downloaded."""

from __future__ import annotations

import html
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SEED_000 = "000_2ab41c780635670f.txt"  # the scraper's spun copy of RFE/RL, with promo lines
SEED_004 = "004_646be30243472fb4.txt"  # Deutsche Welle
SEED_000_PROMO = [
    "Live briefing: Russian invasion of Ukraine",
    "RFE/RL Live briefing brings you all the latest on Russia's full-scale invasion, Kiev's "
    "counter-offensive, Western military aid, the global response and civilian plight. For "
    "all RFE/RL coverage of the war in Ukraine, click here.",
]


def seed_parts(seeds_dir: Path, name: str = SEED_004) -> tuple[str, list[str]]:
    """(first line, other non-empty lines) of a seed."""
    first, *rest = [ln for ln in (seeds_dir / name).read_text("utf-8").split("\n") if ln.strip()]
    return first, rest


def html_page(title: str, paragraphs: list[str], *, site: str = "DW",
              published: str = "2024-09-10T14:05:00+02:00", url: str | None = None) -> str:
    """A full news page: head metadata, navigation and footer around an <article>."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} | {site}</title>{canonical}"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta property='article:published_time' content='{published}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<main><article><h1>{html.escape(title)}</h1>\n{body}</article></main>"
        "<footer><p>Share on Facebook</p><p>© 2024 All rights reserved</p></footer>"
        "</body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]], *, gzip: bool = True,
               extra_records: bool = True) -> bytes:
    """A WARC like Common Crawl News: warcinfo, then per page a request and an HTML
    response; plus a robots.txt response and a redirect that a reader must skip."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "newsdesk tests"}))
    if extra_records:
        robots = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://www.dw.com/robots.txt", "response", payload=io.BytesIO(b"User-agent: *\n"),
            http_headers=robots))
        moved = StatusAndHeaders("301 Moved Permanently", [
            ("Content-Type", "text/html"), ("Location", "https://www.dw.com/en/")],
            protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://dw.com/en", "response",
            payload=io.BytesIO(b"<html><body><p>Moved <a href='/en/'>here</a></p></body></html>"),
            http_headers=moved))
    for url, page in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.dw.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(page.encode("utf-8")), http_headers=headers))
    return buffer.getvalue()


def varied_pages(seeds_dir: Path, n: int) -> list[tuple[str, str]]:
    """n distinct DW pages: the seed's paragraphs, rotated, under n URLs."""
    title, paragraphs = seed_parts(seeds_dir)
    pages = []
    for i in range(n):
        k = i % len(paragraphs)
        body = [f"Update {i}: {paragraphs[k]}", *paragraphs[k + 1:], *paragraphs[:k]]
        url = f"https://www.dw.com/en/us-accuses-iran/a-{70000000 + i}"
        pages.append((url, html_page(f"{title} ({i})", body, url=url)))
    return pages
