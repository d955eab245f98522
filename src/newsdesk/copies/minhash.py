"""MinHash signatures and LSH band keys for many documents at once.

Two signature back ends compute the same kind of sketch (one minimum per permutation
over a document's shingle hashes):

* ``rensa_signatures``: rensa's ``digest_matrix_from_flat_token_hashes`` fed with the
  numpy shingle hashes of a whole batch (one call, no Python object per document);
* ``numpy_signatures``: our own vectorised multiply-shift permutations.

``benchmarks/copies.py`` measures both against datasketch; rensa is the one used
(fastest on this machine, see the benchmark table), numpy is kept as the measured
alternative and the fallback when rensa is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.copies.text import mix64

SEED = 1  # fixed: signatures are persisted, so they must not change between runs
_U64 = np.uint64


@dataclass(frozen=True, slots=True)
class LshParams:
    """``bands`` × ``rows`` of ``num_perm``; ``kind`` keeps two indexes' keys apart.

    The chance that a pair of Jaccard ``j`` shares a band is 1 - (1 - j**rows)**bands.
    """

    kind: int
    num_perm: int
    bands: int
    rows: int

    def hit_probability(self, j: float) -> float:
        return float(1.0 - (1.0 - j**self.rows) ** self.bands)


# Word 5-shingles: light edits of 5-15% of words give Jaccard ~0.45-0.7, so the bands
# must fire well below 0.7: P(hit) is 0.98 at 0.45, 0.69 at 0.3, 0.29 at 0.2.
SHINGLE_LSH = LshParams(kind=1, num_perm=128, bands=42, rows=3)
# Content-word stems: a spun rewrite keeps names and numbers but few 5-word runs; two
# rows per band fire at low overlap (P = 0.95 at 0.3, 0.73 at 0.2) to find candidates
# for the sentence alignment, which decides.
WORD_LSH = LshParams(kind=2, num_perm=64, bands=32, rows=2)


def flatten(sets: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated hashes and row offsets (len + 1) for a batch of hash sets."""
    offsets = np.zeros(len(sets) + 1, dtype=_U64)
    if sets:
        np.cumsum([s.size for s in sets], out=offsets[1:])
    flat = np.concatenate(sets).astype(_U64) if sets else np.zeros(0, dtype=_U64)
    return flat, offsets


def rensa_signatures(sets: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """(n, num_perm) uint32 signatures with rensa (an empty set gives all-max)."""
    flat, offsets = flatten(sets)
    return rensa_signatures_flat(flat, offsets, num_perm)


def rensa_signatures_flat(flat: np.ndarray, offsets: np.ndarray, num_perm: int) -> np.ndarray:
    """Signatures of rows ``flat[offsets[i]:offsets[i+1]]``: one rensa call per batch."""
    import rensa

    n = len(offsets) - 1
    if n <= 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(
        np.ascontiguousarray(flat, dtype=_U64), np.ascontiguousarray(offsets, dtype=_U64),
        num_perm, SEED)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(n, num_perm)


def _permutation_params(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.int64).astype(_U64) * _U64(2) + _U64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.int64).astype(_U64)
    return a, b


def numpy_signatures(sets: Sequence[np.ndarray], num_perm: int,
                     chunk: int = 1 << 15) -> np.ndarray:
    """(n, num_perm) uint32 signatures: multiply-shift hashing, min per document.

    Works on chunks of ``chunk`` hashes so memory stays at chunk × num_perm × 8 bytes.
    """
    a, b = _permutation_params(num_perm)
    out = np.full((len(sets), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    flat, offsets = flatten(sets)
    doc_of = np.repeat(np.arange(len(sets)), np.diff(offsets).astype(np.int64))
    for start in range(0, flat.size, chunk):
        part = flat[start : start + chunk]
        hashed = ((part[:, None] * a[None, :] + b[None, :]) >> _U64(32)).astype(np.uint32)
        docs = doc_of[start : start + chunk]
        bounds = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        mins = np.minimum.reduceat(hashed, bounds, axis=0)
        rows = docs[bounds]
        out[rows] = np.minimum(out[rows], mins)
    return out


def signatures_flat(flat: np.ndarray, offsets: np.ndarray, num_perm: int) -> np.ndarray:
    try:
        return rensa_signatures_flat(flat, offsets, num_perm)
    except ImportError:  # rensa is a dependency; numpy keeps the stage alive without it
        n = len(offsets) - 1
        return numpy_signatures([flat[offsets[i] : offsets[i + 1]] for i in range(n)], num_perm)


def band_keys(sigs: np.ndarray, params: LshParams) -> np.ndarray:
    """(n, bands) int64 keys: one hash per band of ``rows`` signature values.

    The band number and the index kind are mixed in, so equal values in different
    bands (or in the two indexes) never share a key in the one persisted table.
    """
    n = sigs.shape[0]
    used = sigs[:, : params.bands * params.rows].astype(_U64).reshape(n, params.bands, params.rows)
    acc = np.zeros((n, params.bands), dtype=_U64)
    for r in range(params.rows):
        acc = mix64(acc ^ used[:, :, r])
    salt = mix64(np.arange(params.bands, dtype=_U64) + _U64(params.kind << 16))
    return mix64(acc ^ salt[None, :]).view(np.int64)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of equal signature values: row-wise for (n, p) arrays, or one pair."""
    return np.asarray(np.mean(a == b, axis=-1))
