"""Candidate pairs from LSH band keys, for a whole batch at once (numpy, no Python loop
per key).

The index entries (band key, article seq) come from the persisted index (older
articles) plus the batch itself; a batch row is paired only with articles that arrived
before it, so each pair is proposed once. Candidates are ranked by shared bands:
word-shingle bands first (near-duplicates), then content-word bands (rewrites).
"""

from __future__ import annotations

import numpy as np

MAX_BUCKET = 500  # a band key shared by more articles is a stock phrase, not a copy
_SEQ_BITS = 40  # article seqs below 2**40 (a trillion articles)


def _bucket_matches(index_keys: np.ndarray, index_seqs: np.ndarray, q_keys: np.ndarray,
                    q_seqs: np.ndarray, max_bucket: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (query key, seq sharing it) match among the index entries and the queries
    themselves, buckets over ``max_bucket`` left out: (position of the query key, seq)."""
    all_keys = np.concatenate([index_keys.astype(np.int64), q_keys.astype(np.int64)])
    all_seqs = np.concatenate([index_seqs.astype(np.int64), q_seqs.astype(np.int64)])
    order = np.argsort(all_keys, kind="stable")
    sorted_keys, sorted_seqs = all_keys[order], all_seqs[order]
    lo = np.searchsorted(sorted_keys, q_keys, side="left")
    counts = np.searchsorted(sorted_keys, q_keys, side="right") - lo
    counts[counts > max_bucket] = 0
    total = int(counts.sum())
    # Expand every query into the entries of its bucket.
    first = np.repeat(lo, counts) + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
    return np.repeat(np.arange(q_keys.size), counts), sorted_seqs[first]


def candidate_pairs(keys: np.ndarray, kinds: np.ndarray, seqs: np.ndarray,
                    index_keys: np.ndarray, index_seqs: np.ndarray, *,
                    max_candidates: int = 20, min_word_bands: int = 2,
                    max_bucket: int = MAX_BUCKET) -> list[np.ndarray]:
    """Per batch row, the seqs of its candidates, best first.

    ``keys``: (n, bands) int64 band keys of the batch; ``kinds``: (bands,) 1 for a
    word-shingle band, 2 for a content-word band; ``seqs``: (n,) the rows' arrival seqs;
    ``index_keys`` / ``index_seqs``: entries of the persisted index that share a key.
    """
    n, width = keys.shape
    if n == 0:
        return []
    match, cand = _bucket_matches(index_keys, index_seqs, keys.ravel(), np.repeat(seqs, width), max_bucket)
    if cand.size == 0:
        return [np.zeros(0, dtype=np.int64) for _ in range(n)]
    row = np.repeat(np.arange(n), width)[match]
    kind = np.tile(kinds, n)[match]
    earlier = cand < seqs[row]
    code = (row[earlier].astype(np.int64) << _SEQ_BITS) | cand[earlier]
    kind = kind[earlier]
    uniq, inverse = np.unique(code, return_inverse=True)
    shingle_hits = np.bincount(inverse, weights=(kind == 1), minlength=uniq.size)
    word_hits = np.bincount(inverse, weights=(kind == 2), minlength=uniq.size)
    keep = (shingle_hits >= 1) | (word_hits >= min_word_bands)
    uniq, shingle_hits, word_hits = uniq[keep], shingle_hits[keep], word_hits[keep]
    rows = uniq >> _SEQ_BITS
    cands = uniq & ((1 << _SEQ_BITS) - 1)
    ranked = np.lexsort((cands, -word_hits, -shingle_hits, rows))
    rows, cands = rows[ranked], cands[ranked]
    starts = np.searchsorted(rows, np.arange(n + 1))
    return [cands[starts[i] : min(starts[i + 1], starts[i] + max_candidates)] for i in range(n)]


def shared_key_candidates(keys: list[np.ndarray], seqs: np.ndarray, index_keys: np.ndarray,
                          index_seqs: np.ndarray, *, max_candidates: int = 20,
                          max_bucket: int = MAX_BUCKET) -> list[np.ndarray]:
    """Per batch row, the earlier seqs that share at least one of its keys, most shared
    keys first. ``keys``: each row's own distinct keys (any number: passage fingerprints,
    fingerprints.py); the index entries and earlier batch rows are searched as above."""
    n = len(keys)
    lengths = np.array([k.size for k in keys], dtype=np.int64)
    if n == 0 or not lengths.sum():
        return [np.zeros(0, dtype=np.int64) for _ in range(n)]
    q_keys = np.concatenate(keys).astype(np.int64)
    q_rows = np.repeat(np.arange(n), lengths)
    match, cand = _bucket_matches(index_keys, index_seqs, q_keys, seqs[q_rows], max_bucket)
    if cand.size == 0:
        return [np.zeros(0, dtype=np.int64) for _ in range(n)]
    row = q_rows[match]
    earlier = cand < seqs[row]
    code = (row[earlier].astype(np.int64) << _SEQ_BITS) | cand[earlier]
    uniq, hits = np.unique(code, return_counts=True)
    rows = uniq >> _SEQ_BITS
    cands = uniq & ((1 << _SEQ_BITS) - 1)
    ranked = np.lexsort((cands, -hits, rows))
    rows, cands = rows[ranked], cands[ranked]
    starts = np.searchsorted(rows, np.arange(n + 1))
    return [cands[starts[i] : min(starts[i + 1], starts[i] + max_candidates)] for i in range(n)]
