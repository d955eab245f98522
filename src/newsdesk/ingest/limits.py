"""Read and decompression limits, in one place for every reader.

A size cap that looks only at what is on disk is no cap: a 1 MB ``.gz`` can expand to
1 GiB, ``/dev/zero`` reports a size of 0 and never ends, and a FIFO blocks the first
read forever. So every byte an input yields passes through one of these helpers, which
count what they hand out (after decompression) and turn "too much" into a
``TOO_LARGE`` rejection instead of a MemoryError that would lose the batch.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from pathlib import Path
from typing import IO

from newsdesk.errors import InputRejected, Reason

# Real news dumps nest a few levels (a record, its source, a list of authors). Python's
# json module recurses once per level and dies with RecursionError near 1,000, taking
# the rest of the batch with it; refusing far below that keeps the reader safe.
MAX_JSON_DEPTH = 100
# One WARC record's payload (a page): what a record may expand to, whatever the archive.
MAX_RECORD_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


def too_large(what: str, cap: int) -> InputRejected:
    return InputRejected(Reason.TOO_LARGE, f"{what} is over the cap of {cap:,} bytes")


def read_regular_file(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes.

    Devices, FIFOs and sockets are refused before they are read (their size says
    nothing and a read may never end); the open is non-blocking so a FIFO swapped in
    after the check cannot hang it, and the read stops at ``cap + 1`` bytes whatever
    ``stat`` said, so a file that grows while it is read cannot blow the cap.
    """
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputRejected(Reason.NOT_FOUND, f"no such file or folder: {path}") from exc
    except OSError as exc:
        raise InputRejected(Reason.UNREADABLE, f"cannot read {path}: {exc.strerror}") from exc
    _require_regular(path, info.st_mode)
    if info.st_size > cap:
        # Refused from its size alone: the file is never read into memory.
        raise InputRejected(Reason.TOO_LARGE,
                            f"{path} is {info.st_size:,} bytes, over the cap of {cap:,}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRejected(Reason.UNREADABLE, f"cannot read {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "rb") as handle:
        _require_regular(path, os.fstat(fd).st_mode)  # the file opened is the one checked
        data = read_capped(handle, cap)
    if data is None:
        raise too_large(str(path), cap)
    return data


def _require_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise InputRejected(Reason.NOT_REGULAR_FILE, f"{path} is {kind}, not a regular file")


def read_capped(stream: IO[bytes], cap: int) -> bytes | None:
    """Up to ``cap`` bytes of a stream; None when it holds more."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, cap + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)


def read_capped_or_drain(stream: IO[bytes], cap: int) -> bytes | None:
    """``read_capped``, but a stream over the cap is read to its end (and dropped) so a
    container's next record starts where it should."""
    data = read_capped(stream, cap)
    if data is None:
        while stream.read(_CHUNK):
            pass
    return data


def gunzip_capped(data: bytes, cap: int) -> tuple[bytes, bool]:
    """Decompress a gzip stream (several members allowed) to at most ``cap`` bytes.

    Returns (bytes, complete); a truncated stream gives what it can. Raises a
    TOO_LARGE rejection as soon as the output would pass the cap, so a decompression
    bomb costs at most ``cap`` bytes of memory.
    """
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        member = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = member.decompress(rest, cap + 1 - size)
            while True:
                size += len(chunk)
                if size > cap:
                    raise too_large("the decompressed input", cap)
                out.append(chunk)
                if member.eof or not member.unconsumed_tail:
                    break
                chunk = member.decompress(member.unconsumed_tail, cap + 1 - size)
        except zlib.error:
            return b"".join(out), False
        if not member.eof:
            return b"".join(out), False
        rest = member.unused_data.lstrip(b"\x00")  # padding between members is allowed
    return b"".join(out), True


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth_exceeded(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when brackets (outside strings) nest deeper than ``limit``.

    Checked before ``json.loads``, which recurses per level; strings are skipped
    whole, so a bracket inside a quoted value does not count.
    """
    if text.count("[") + text.count("{") <= limit:
        return False  # cannot nest deeper than the brackets it has
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False
