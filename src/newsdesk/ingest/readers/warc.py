"""WARC and WARC.gz, as Common Crawl News publishes them: HTML ``response`` records.

The archive is streamed record by record, so a multi-gigabyte file never sits in
memory; each used record's HTTP payload travels with its draft (``Draft.raw``) and is
stored as its own blob. A truncated archive yields every record before the break and
then a TRUNCATED rejection.

warcio itself stops quietly where a gzip stream ends early and hands out a cut
record's short payload as if it were whole, so truncation is checked here: each
record must deliver its declared Content-Length, and a WARC.gz must end on a complete
gzip member.

Gzip is undone here, not by warcio: warcio wants one gzip member per record and calls
a valid archive compressed as one stream broken. Old ARC files are read through
warcio's ARC-to-WARC conversion. warcio's console warnings (a record not followed by
a blank line) are kept off the console: the reader reports problems as rejections.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.limits import MAX_RECORD_BYTES, read_capped_or_drain, too_large
from newsdesk.ingest.readers.base import Draft, Item
from newsdesk.ingest.readers.html import html_draft

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"


class _Prepended:
    """A stream with bytes already read from it put back in front."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self.head, self.stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)
        if size is None or size < 0:
            data, self.head = self.head + self.stream.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        if len(data) < size:
            data += self.stream.read(size - len(data))
        return data


class _Gunzip:
    """Streaming gunzip over any number of gzip members. Unlike gzip.GzipFile, a stream
    cut inside a member still hands out every byte before the cut (GzipFile loses the
    block it was filling); the cut itself is seen by ``_StreamWatch``."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._buffer = bytearray()
        self._done = False

    def _feed(self, data: bytes) -> None:
        while data:
            try:
                self._buffer += self._member.decompress(data)
            except zlib.error:  # not gzip past this point: the watch reports it
                self._done = True
                return
            if not self._member.eof:
                return
            data = self._member.unused_data
            self._member = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size is None or size < 0 or len(self._buffer) < size):
            chunk = self.raw.read(65536)
            if not chunk:
                self._done = True
                break
            self._feed(chunk)
        if size is None or size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class _StreamWatch:
    """Passes a stream through unchanged while following its gzip members, so that
    a stream ending inside a member (a cut download) can be told from a whole one.
    It also counts the bytes and keeps the last few, for the same question about an
    uncompressed WARC."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.gzip: bool | None = None  # decided by the first bytes read
        self._member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._inside = False  # bytes of the current member seen, its end not yet
        self.broken = False
        self.size = 0
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if self.gzip is None and data:
            self.gzip = data.startswith(_GZIP_MAGIC)
        if self.gzip and not self.broken:
            self._follow(data)
        self.size += len(data)
        self.tail = (self.tail + data)[-65536:]
        return data

    def _follow(self, data: bytes) -> None:
        try:
            while data:
                self._inside = True
                self._member.decompress(data)  # output unused: only the member end matters
                if not self._member.eof:
                    return
                data = self._member.unused_data
                self._member = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._inside = False
        except zlib.error:
            self.broken = True

    def ended_early(self, parsed_to: Any) -> bool:
        """True when the stream stopped inside a record; ``parsed_to`` is where warcio's
        last whole record ended (it says nothing about a header cut mid-line)."""
        if self.gzip:
            return self.broken or self._inside
        if not isinstance(parsed_to, int) or parsed_to >= self.size:
            return False
        left = self.size - parsed_to
        return left > len(self.tail) or bool(self.tail[-left:].strip())


def _cut_short(record: Any) -> bool:
    """True when the record's block ended before its declared Content-Length, or its
    header was cut before the Content-Length line (mandatory in WARC)."""
    declared = record.rec_headers.get_header("Content-Length") or ""
    if record.format == "warc" and not declared.strip().isdigit():
        return True
    return bool(getattr(record.raw_stream, "limit", 0))


def _html_response(record: Any) -> tuple[bytes | None, str] | None:
    """(payload, content type) of a 2xx HTML response record, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    status = record.http_headers.get_statuscode()
    if media_type not in _HTML_TYPES or not str(status).startswith("2"):
        return None
    return read_capped_or_drain(record.content_stream(), MAX_RECORD_BYTES), content_type


def _record_draft(record: Any, payload: bytes | None, content_type: str, locator: str) -> Item:
    if payload is None:  # a gzip record can expand far past its compressed size
        return InputRejected(Reason.TOO_LARGE, too_large("the record", MAX_RECORD_BYTES).detail,
                             locator)
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=")[-1].split(";")[0].strip()
    try:
        html, _ = decode_bytes(payload, charset)
    except InputRejected as rejected:
        rejected.locator = locator
        return rejected
    extra = {
        "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
        "warc_date": record.rec_headers.get_header("WARC-Date"),
    }
    item = html_draft(html, locator, record.rec_headers.get_header("WARC-Target-URI"),
                      {k: v for k, v in extra.items() if v})
    if isinstance(item, Draft):
        item.raw = payload
    return item


def _truncated(index: int, detail: str) -> InputRejected:
    where = f"after record {index - 1}" if index > 0 else "at the start"
    return InputRejected(Reason.TRUNCATED, f"the WARC file is broken {where}: {detail}",
                         f"record {index}")


def _quiet_next(records: Iterator[Any]) -> Any:
    """The next record, with whatever warcio writes to stderr meanwhile dropped."""
    with contextlib.redirect_stderr(io.StringIO()):
        return next(records)


def read_warc(stream: IO[bytes], max_bytes: int | None = None) -> Iterator[Item]:
    """Drafts of the archive's HTML responses; ``max_bytes`` caps their payloads' sum."""
    logging.getLogger("warcio").setLevel(logging.ERROR)
    head = stream.read(2)
    watch = _StreamWatch(_Prepended(head, stream))  # type: ignore[arg-type]
    source: Any = watch
    if head == _GZIP_MAGIC:
        # One gzip member per record or one for the whole file: both read the same.
        source = _Gunzip(watch)
    total = 0
    archive = ArchiveIterator(source, arc2warc=True)
    records = iter(archive)
    index = -1
    found = False
    last: Any = None
    while True:
        try:
            record = _quiet_next(records)
            # A record is drained when the iterator moves past it; only then can a
            # skipped (non-HTML) record be checked for a cut.
            if last is not None and _cut_short(last):
                yield _truncated(index, "a record ends before its Content-Length")
                return
            index, last = index + 1, record
            response = _html_response(record)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises assorted types (even AttributeError) on cut input
            yield _truncated(index + 1, f"{type(exc).__name__}: {exc}")
            return
        if response is None:
            continue
        found = True
        total += len(response[0] or b"")
        if max_bytes is not None and total > max_bytes:
            yield InputRejected(Reason.TOO_LARGE, too_large("the archive's content", max_bytes).detail,
                                f"record {index}")
            return
        if _cut_short(record):
            yield _truncated(index, "a record ends before its Content-Length")
            return
        yield _record_draft(record, *response, f"record {index}")
    parsed_to = None if watch.gzip else getattr(archive, "offset", None)
    if (last is not None and _cut_short(last)) or watch.ended_early(parsed_to):
        yield _truncated(index + 1, "the archive ends inside a record")
        return
    if not found:
        yield InputRejected(Reason.NO_ARTICLE_TEXT,
                            "the WARC or ARC file has no HTML response records")
