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


def _decode_marked(data: bytes, encoding: str) -> tuple[str, str]:
    """Text whose encoding is known (a BOM, or UTF-16's pattern of zero bytes).

    A few bad bytes after the mark (a cut last character, an odd byte count, a stray
    byte) are replaced and said in the encoding name; the rest of the text is kept.
    Only text that is mostly undecodable is refused, as a rejection of this input
    alone (a UnicodeDecodeError here used to abort the whole batch).
    """
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, errors="replace")
    if encoding == "utf-8-sig":
        text = text.removeprefix("\ufeff")
    bad = text.count("\ufffd")
    if bad > max(2, len(text) // 100):
        raise InputRejected(Reason.UNDECODABLE,
                            f"the input is marked as {encoding} but {bad} characters do not decode")
    return text, f"{encoding} (invalid bytes replaced)"


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text saved without a BOM, else None.

    Text in Latin, Cyrillic or Greek script has a zero high byte in most of its
    UTF-16 code units; the zeros then sit on every other byte, all on one side.
    Binary data has zeros on both sides; UTF-8 text has none at all.
    """
    head = data[:8192]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd > 0.3 * len(odd) and zeros_even <= 0.01 * len(even):
        return "utf-16-le"
    if zeros_even > 0.3 * len(even) and zeros_odd <= 0.01 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises InputRejected for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_marked(data, encoding)
    wide = _bomless_utf16(data)
    if wide is not None and not data.startswith(_BINARY_MAGIC):
        text, encoding = _decode_marked(data, wide)
        head = text[:4096]
        # 16-bit binary data (samples, tables of small numbers) has the same zero
        # pattern; decoded, it is mostly control characters, which text never is.
        controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\f\r\x1b")
        if controls <= 0.01 * len(head):
            return text, encoding
        raise InputRejected(Reason.BINARY, "the input contains binary data")
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
