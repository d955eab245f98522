"""Format detection by content, with the file name only breaking ties."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsdesk.ingest.detect import detect_format, gunzip

from .samples import SEED_004, html_page, seed_parts, warc_bytes


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"<!doctype html><html><body><p>x</p></body></html>", "story.txt", "html"),
    (b"\xef\xbb\xbf  <html><p>x</p></html>", "", "html"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", "feed.php", "feed"),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "", "feed"),
    (b"<?xml version='1.0'?><catalog><book/></catalog>", "data.xml", "feed"),
    (b'{"url": "https://a.example/1", "text": "x"}', "one.json", "json"),
    (b'[{"text": "a"}, {"text": "b"}]', "list.json", "json"),
    (b'{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', "dump.json", "jsonl"),
    (b'{"text": "a"}\n', "dump.ndjson", "jsonl"),
    (b"Plain words on a line.\nAnother line.", "notes.html", "html"),
    (b"Plain words on a line.\nAnother line.", "notes", "text"),
    (b"not xml at all", "feed.rss", "feed"),
])
def test_detect_by_content(data: bytes, name: str, expected: str) -> None:
    assert detect_format(data, name) == expected


def test_detect_warc_plain_and_gzipped(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    pages = [("https://www.dw.com/en/a-1", html_page(title, paragraphs))]
    assert detect_format(warc_bytes(pages), "x.bin") == "warc"
    assert detect_format(warc_bytes(pages, gzip=False), "") == "warc"
    # A gzip whose content is not WARC is unwrapped by the pipeline and detected again.
    assert detect_format(gzip.compress((seeds_dir / SEED_004).read_bytes()), "a.gz") == "gzip"


def test_detect_gunzip_reports_truncation(seeds_dir: Path) -> None:
    data = gzip.compress((seeds_dir / SEED_004).read_bytes())
    whole, complete = gunzip(data)
    assert complete and whole == (seeds_dir / SEED_004).read_bytes()
    part, complete = gunzip(data[:-30])
    assert not complete and whole.startswith(part) and len(part) > 100
    assert gunzip(b"\x1f\x8b garbage") == (b"", False)
