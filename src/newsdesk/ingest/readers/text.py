"""Plain text: the first line is the title when it looks like a headline."""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.readers.base import Draft, Item, RawInput

_SENTENCE_END = re.compile(r"[.!?:;,]['\"”’)]?$")


def looks_like_headline(line: str, rest: str) -> bool:
    """Short, no closing punctuation, and followed by a body."""
    words = line.split()
    return (
        bool(rest.strip())
        and 2 <= len(words) <= 25
        and len(line) <= 200
        and not _SENTENCE_END.search(line.strip())
    )


def read_text(raw: RawInput) -> Iterator[Item]:
    try:
        text, encoding = decode_bytes(raw.data, raw.charset)
    except InputRejected as rejected:
        yield rejected
        return
    if not text.strip():
        yield InputRejected(Reason.EMPTY, "the text is empty")
        return
    first, _, rest = text.strip().partition("\n")
    title = None
    if looks_like_headline(first, rest):
        title, text = first.strip(), rest
    yield Draft(locator="", text=text, title=title, url=raw.url,
                metadata={"encoding": encoding} if encoding != "utf-8" else {})
