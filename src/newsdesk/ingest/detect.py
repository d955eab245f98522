"""Choosing a reader by looking at the content, not the file name.

Saved pages are often named ``.txt`` and feeds ``.php``; the content decides. The
file extension only breaks ties that the content leaves open.
"""

from __future__ import annotations

import gzip
import re
import zlib

FORMATS = ("text", "html", "json", "jsonl", "feed", "warc")

_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<(!doctype html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def _peek_gzip(data: bytes, size: int = 4096) -> bytes:
    """The first bytes of a gzip stream, tolerating truncation."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], size)
    except zlib.error:
        return b""


def detect_format(data: bytes, name: str = "") -> str | None:
    """Return one of FORMATS, or None when the content matches none of them."""
    head = data[:4096]
    if head.startswith(b"\x1f\x8b"):
        inner = _peek_gzip(data)
        if inner.startswith((b"WARC/", b"filedesc://")):
            return "warc"
        return "gzip" if inner else None
    if head.startswith((b"WARC/", b"filedesc://")):  # WARC, or an old ARC (read via warcio)
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return _json_or_jsonl(data, name)
    if stripped.startswith(b"<"):
        if _FEED.search(head):
            return "feed"
        if _HTML.search(head) or name.lower().endswith((".html", ".htm")):
            return "html"
        if stripped.startswith(b"<?xml"):
            return "feed"  # XML that is not a feed is reported by the feed reader
        return "html"
    lower = name.lower()
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".html", ".htm")):
        return "html"
    return "text"


def _json_or_jsonl(data: bytes, name: str) -> str:
    if name.lower().endswith((".jsonl", ".ndjson")):
        return "jsonl"
    # JSONL: more than one line that starts a JSON object.
    lines = [ln.strip() for ln in data[:65536].splitlines() if ln.strip()]
    if len(lines) > 1 and all(ln.startswith(b"{") for ln in lines[:3]) and lines[0].endswith(b"}"):
        return "jsonl"
    return "json"


def gunzip(data: bytes) -> tuple[bytes, bool]:
    """Decompress gzip; return (bytes, complete). A truncated stream gives what it can."""
    try:
        return gzip.decompress(data), True
    except (EOFError, OSError, zlib.error):
        out = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            return out.decompress(data), False
        except zlib.error:
            return b"", False
