from __future__ import annotations

import numpy as np
import pytest

from newsdesk.copies.minhash import (
    SHINGLE_LSH,
    band_keys,
    estimate_jaccard,
    numpy_signatures,
    rensa_signatures,
)


def _sets(overlap: int, size: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pool = np.unique(rng.integers(0, 2**63, size=3 * size, dtype=np.int64).astype(np.uint64))
    a = pool[:size]
    b = np.concatenate([pool[:overlap], pool[size : 2 * size - overlap]])
    return np.unique(a), np.unique(b)


@pytest.mark.parametrize("backend", [rensa_signatures, numpy_signatures])
@pytest.mark.parametrize("overlap", [0, 300, 540])
def test_minhash_signatures_estimate_jaccard(backend, overlap: int) -> None:
    a, b = _sets(overlap)
    true = overlap / (2 * 600 - overlap)
    sigs = backend([a, b], 128)
    assert sigs.shape == (2, 128) and sigs.dtype == np.uint32
    assert abs(float(estimate_jaccard(sigs[0], sigs[1])) - true) < 0.12


def test_minhash_band_keys_separate_near_and_far() -> None:
    near_a, near_b = _sets(500, seed=1)  # Jaccard 0.71
    far_a, far_b = _sets(30, seed=2)  # Jaccard 0.03
    keys = band_keys(rensa_signatures([near_a, near_b, far_a, far_b], 128), SHINGLE_LSH)
    assert keys.shape == (4, SHINGLE_LSH.bands) and keys.dtype == np.int64
    assert np.sum(keys[0] == keys[1]) >= 3
    assert np.sum(keys[2] == keys[3]) == 0


def test_minhash_bands_tuned_below_light_edit_similarity() -> None:
    # light edits land at Jaccard 0.45-0.7: the bands must catch them nearly always
    assert SHINGLE_LSH.hit_probability(0.45) > 0.95
    assert SHINGLE_LSH.hit_probability(0.05) < 0.01
