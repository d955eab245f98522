"""WARC and WARC.gz, as Common Crawl News publishes them: HTML ``response`` records.

The archive is streamed record by record, so a multi-gigabyte file never sits in
memory; each used record's HTTP payload travels with its draft (``Draft.raw``) and is
stored as its own blob. A truncated archive yields every record before the break and
then a TRUNCATED rejection.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.readers.base import Draft, Item
from newsdesk.ingest.readers.html import html_draft

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: IO[bytes]) -> Iterator[Item]:
    index = -1
    found = False
    try:
        for index, record in enumerate(ArchiveIterator(stream)):  # noqa: B007 - used after loop
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            media_type = content_type.split(";")[0].strip().lower()
            status = record.http_headers.get_statuscode()
            if media_type not in _HTML_TYPES or not str(status).startswith("2"):
                continue
            found = True
            url = record.rec_headers.get_header("WARC-Target-URI")
            locator = f"record {index}"
            payload = record.content_stream().read()
            charset = None
            if "charset=" in content_type:
                charset = content_type.split("charset=")[-1].split(";")[0].strip()
            try:
                html, _ = decode_bytes(payload, charset)
            except InputRejected as rejected:
                rejected.locator = locator
                yield rejected
                continue
            extra = {
                "warc_record_id": record.rec_headers.get_header("WARC-Record-ID"),
                "warc_date": record.rec_headers.get_header("WARC-Date"),
            }
            item = html_draft(html, locator, url, {k: v for k, v in extra.items() if v})
            if isinstance(item, Draft):
                item.raw = payload
            yield item
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        where = f"after record {index}" if index >= 0 else "at the start"
        yield InputRejected(Reason.TRUNCATED, f"the WARC file is broken {where}: {exc}",
                            f"record {index + 1}")
        return
    if not found:
        yield InputRejected(Reason.NO_ARTICLE_TEXT, "the WARC file has no HTML response records")
