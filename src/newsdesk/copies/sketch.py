"""Shingle and content-word hash sets for a whole batch of texts in a few numpy passes.

The texts are lower-cased, joined with NUL bytes and read as one byte array. A token is
a run of word bytes (ASCII letters, digits, ``_``, and any non-ASCII byte, so letters of
every script stay inside words). Each token's hash is a polynomial over its bytes,
taken from one running sum over the whole batch (``_Powers``); shingles are weighted
sums of k consecutive token hashes that do not cross a text boundary. No Python loop runs per token or per
shingle, which is what makes the lexical stage fast (see benchmarks/copies.py).

Hashes are stable across processes and machines: the LSH index persists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.copies.text import SHINGLE, STOPWORDS, mix64

_U64 = np.uint64
_P = 0x9E3779B97F4A7C15
_P_INV = pow(_P, -1, 1 << 64)
_SHINGLE_MULT = np.array(
    [0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F,
     0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3, 0x1D8E4E27C47D124F],
    dtype=_U64,
)
STEM = 6  # content words are compared by their first 6 bytes: "accused" ~ "accuses"
_WORD_BYTE = np.zeros(256, dtype=bool)
for _lo, _hi in ((ord("a"), ord("z")), (ord("0"), ord("9")), (0x80, 0xFF)):
    _WORD_BYTE[_lo : _hi + 1] = True
_WORD_BYTE[ord("_")] = True


@dataclass(slots=True)
class _Tokens:
    full: np.ndarray  # uint64 hash of each token
    stem: np.ndarray  # uint64 hash of its first STEM bytes
    length: np.ndarray  # bytes
    digit: np.ndarray  # starts with a digit
    doc: np.ndarray  # index of the text it belongs to


class _Powers:
    """P**i and P**-i mod 2**64 for i < n (P is odd, so it has an inverse), grown on
    demand: a token's hash is (S[end] - S[start]) * P**-start, where S is the running
    sum of byte * P**position, so it does not depend on where the token sits."""

    def __init__(self) -> None:
        self.up = np.ones(1, dtype=_U64)
        self.down = np.ones(1, dtype=_U64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if self.up.size < n:
            size = max(n, 2 * self.up.size)
            self.up = np.full(size, _P, dtype=_U64)
            self.up[0] = 1
            np.cumprod(self.up, out=self.up)
            self.down = np.full(size, _P_INV, dtype=_U64)
            self.down[0] = 1
            np.cumprod(self.down, out=self.down)
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


def _tokenise(texts: Sequence[str]) -> _Tokens:
    data = np.frombuffer("\x00".join(t.lower() for t in texts).encode("utf-8"), dtype=np.uint8)
    n = data.size
    word = _WORD_BYTE[data]
    if not word.any():
        empty = np.zeros(0, dtype=_U64)
        return _Tokens(empty, empty, np.zeros(0, np.int64), np.zeros(0, bool), np.zeros(0, np.int64))
    edge = np.flatnonzero(word[1:] != word[:-1]) + 1  # where a token starts or ends
    bounds = np.concatenate(([0] if word[0] else [], edge, [n] if word[-1] else []))
    starts, ends = bounds[0::2].astype(np.int64), bounds[1::2].astype(np.int64)
    up, down = _POWERS.get(n)
    running = np.zeros(n + 1, dtype=_U64)
    np.cumsum((data.astype(_U64) + _U64(1)) * up, out=running[1:])
    length = ends - starts
    full = (running[ends] - running[starts]) * down[starts]
    stem_end = np.minimum(ends, starts + STEM)
    stem = (running[stem_end] - running[starts]) * down[starts]
    first = data[starts]
    doc = np.searchsorted(np.flatnonzero(data == 0), starts)
    return _Tokens(mix64(full ^ (length.astype(_U64) << _U64(56))), mix64(stem ^ _U64(0x5EED)),
                   length, (first >= ord("0")) & (first <= ord("9")), doc)


_STOP_HASHES = np.unique(_tokenise([" ".join(sorted(STOPWORDS))]).full)


def _offsets(doc: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=n), out=out[1:])
    return out


@dataclass(slots=True)
class BatchSketch:
    """Flat hash arrays with per-text offsets (text i: ``x[off[i]:off[i+1]]``).

    Hashes may repeat inside a text: MinHash does not care, and ``shingle_set`` /
    ``content_set`` give the distinct ones where exact overlaps are computed.
    """

    shingles: np.ndarray
    shingle_offsets: np.ndarray
    content: np.ndarray
    content_offsets: np.ndarray
    words: np.ndarray  # tokens per text

    def shingle_set(self, i: int) -> np.ndarray:
        return np.unique(self.shingles[self.shingle_offsets[i] : self.shingle_offsets[i + 1]])

    def content_set(self, i: int) -> np.ndarray:
        return np.unique(self.content[self.content_offsets[i] : self.content_offsets[i + 1]])

    def shingle_rows(self) -> list[np.ndarray]:
        o = self.shingle_offsets
        return [self.shingles[o[i] : o[i + 1]] for i in range(len(o) - 1)]

    def content_rows(self) -> list[np.ndarray]:
        o = self.content_offsets
        return [self.content[o[i] : o[i + 1]] for i in range(len(o) - 1)]


def sketch_texts(texts: Sequence[str], k: int = SHINGLE) -> BatchSketch:
    n = len(texts)
    tok = _tokenise(texts)
    m = tok.full.size
    # k-word shingles that stay inside one text
    if m >= k:
        acc = np.zeros(m - k + 1, dtype=_U64)
        for offset in range(k):  # k vector operations, not one per shingle
            acc += tok.full[offset : m - k + 1 + offset] * _SHINGLE_MULT[offset]
        inside = tok.doc[: m - k + 1] == tok.doc[k - 1 :]
        shingles, shingle_doc = mix64(acc[inside]), tok.doc[: m - k + 1][inside]
    else:
        shingles, shingle_doc = np.zeros(0, dtype=_U64), np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(_STOP_HASHES, tok.full), _STOP_HASHES.size - 1)
    keep = (_STOP_HASHES[at] != tok.full) & ((tok.length > 2) | tok.digit)
    return BatchSketch(
        shingles=shingles,
        shingle_offsets=_offsets(shingle_doc, n),
        content=tok.stem[keep],
        content_offsets=_offsets(tok.doc[keep], n),
        words=np.bincount(tok.doc, minlength=n),
    )
