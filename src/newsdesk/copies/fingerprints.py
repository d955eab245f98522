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


def passage_keys(words: Words) -> np.ndarray:
    """The winnowed keys (int64, distinct, sorted) of a text's own-word runs."""
    keys: list[np.ndarray] = []
    for run in _own_runs(words):
        if len(run) < GRAM:
            continue
        tokens = np.array([zlib.crc32(w.encode("utf-8")) for w in run], dtype=_U64)
        grams = np.zeros(len(run) - GRAM + 1, dtype=_U64)
        for k in range(GRAM):  # polynomial over the GRAM token hashes (wraps mod 2**64)
            grams = grams * _BASE + tokens[k : k + grams.size]
        grams = mix64(grams ^ _SALT)
        width = min(WINDOW, grams.size)
        windows = sliding_window_view(grams, width)
        # Rightmost minimum of each window (the winnowing choice; equal keys merge).
        last = width - 1 - np.argmin(windows[:, ::-1], axis=1)
        picked = np.unique(np.arange(windows.shape[0]) + last)
        keys.append(grams[picked])
    if not keys:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(keys).view(np.int64))


def _own_runs(words: Words) -> list[list[str]]:
    """Maximal runs of consecutive words outside quotes and captions."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word, borrowed in zip(words.words, words.quoted, strict=True):
        if borrowed:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(word)
    if current:
        runs.append(current)
    return runs
