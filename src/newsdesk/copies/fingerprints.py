"""Passage fingerprints: index keys that any two texts sharing a long passage have in common.

The MinHash bands propose pairs that share much of their wording. A later write-through
of a wire story, or a commentary that reprints one paragraph of it, shares one long run
and little else (5-word-shingle Jaccard under 0.1): no band is likely to match, and the
pair is never verified. Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local
algorithms for document fingerprinting", SIGMOD 2003) closes that gap with a guarantee:
hash every run of GRAM words, and keep the smallest hash of every WINDOW consecutive
ones; two texts that share a run of GRAM + WINDOW - 1 words keep at least one equal key.

Only a text's own words are fingerprinted (outside quotation marks and photo captions,
as ``passages.py`` counts them): a shared quote or caption is no shared passage, and
would only propose pairs that verify turns down.
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from newsdesk.copies.passages import Words
from newsdesk.copies.text import mix64

GRAM = 12  # words per hashed run: longer than stock phrases and shared names
WINDOW = 14  # any shared run of GRAM + WINDOW - 1 = 25 own words yields a common key
KIND = 3  # salt: passage keys never equal a MinHash band key (kinds 1 and 2)
_U64 = np.uint64
_SALT = mix64(np.array([KIND << 16], dtype=_U64))[0]
_BASE = _U64(0x100000001B3)
_NONE = _U64(np.iinfo(np.uint64).max)


def passage_keys(words: Words) -> np.ndarray:
    """The winnowed keys (int64, distinct, sorted) of a text's own-word runs."""
    n = len(words)
    if n < GRAM:
        return np.zeros(0, dtype=np.int64)
    tokens = np.array([zlib.crc32(w.encode("utf-8")) for w in words.words], dtype=_U64)
    grams = np.zeros(n - GRAM + 1, dtype=_U64)
    for k in range(GRAM):  # polynomial over the GRAM token hashes (wraps mod 2**64)
        grams = grams * _BASE + tokens[k : k + grams.size]
    grams = mix64(grams ^ _SALT)
    # A run that holds a borrowed word (quote, caption) is no key.
    borrowed = np.concatenate([[0], np.cumsum(words.quoted, dtype=np.int64)])
    grams[borrowed[GRAM:] - borrowed[: grams.size] > 0] = _NONE
    if grams.size < WINDOW:
        return np.zeros(0, dtype=np.int64)
    windows = sliding_window_view(grams, WINDOW)
    # Only windows of own words count: a window inside a shared run is a window of both
    # texts, so both pick its minimum (rightmost, the winnowing choice), which is all
    # the guarantee needs; own runs under GRAM + WINDOW - 1 words give no key.
    bad = np.concatenate([[0], np.cumsum(grams == _NONE, dtype=np.int64)])
    whole = bad[WINDOW:] - bad[: windows.shape[0]] == 0
    last = WINDOW - 1 - np.argmin(windows[whole][:, ::-1], axis=1)
    picked = grams[np.unique(np.flatnonzero(whole) + last)]
    return np.unique(picked.view(np.int64))
