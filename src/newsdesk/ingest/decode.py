"""Bytes to text: BOMs, UTF-8, legacy encodings, and refusing binary data."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsdesk.errors import InputRejected, Reason

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Bytes that never occur in text (NUL and most C0 controls). A few in a large file
# can be noise; a real share of them means a binary file.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BINARY_MAGIC = (
    b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"MZ",
    b"\x1f\x8b",  # gzip that is not WARC reaches here only when --format forced text
)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(head) > 0.01


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes (a cut multi-byte character, a stray byte),
    decoded with those bytes replaced; None when the bytes are not mostly UTF-8.

    Guessing a legacy encoding for such a file turns every curly quote into mojibake
    ("Russia‚Äôs"); legacy text, in turn, almost never holds valid
    UTF-8 multi-byte sequences.
    """
    valid = len(_UTF8_SEQUENCE.findall(data))
    if not valid:
        return None
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    return text if invalid <= max(2, valid // 10) else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises InputRejected for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if looks_binary(data):
        raise InputRejected(Reason.BINARY, "the input contains binary data")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8 (invalid bytes replaced)"
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputRejected(Reason.UNDECODABLE, "no text encoding fits the bytes")
    # Short Western European text often scores the same under cp1250, cp1252 and
    # cp1257, and the first of them turns "naïve" into "naďve". cp1252 (what browsers
    # read "latin-1" as) is by far the most common legacy encoding of news pages, so
    # it wins a tie.
    for match in matches:
        if (match.chaos, match.coherence) != (best.chaos, best.coherence):
            break
        if "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252"), "cp1252"
    return str(best), best.encoding
