from __future__ import annotations

import numpy as np

from newsdesk.copies.candidates import shared_key_candidates


def test_candidates_shared_keys_pair_only_earlier_articles() -> None:
    keys = [np.array([1, 2, 3]), np.array([3, 4]), np.array([2, 3, 9])]
    seqs = np.array([10, 11, 12])
    # the persisted index: article 5 holds keys 2 and 9, article 6 holds key 4
    index_keys, index_seqs = np.array([2, 9, 4]), np.array([5, 5, 6])
    found = shared_key_candidates(keys, seqs, index_keys, index_seqs)
    assert found[0].tolist() == [5]  # key 2; never a later article of the batch
    assert sorted(found[1].tolist()) == [6, 10]  # key 4 (stored) and key 3 (row 0)
    assert found[2].tolist() == [5, 10, 11]  # 5 shares two keys: first
    none = shared_key_candidates(keys, seqs, index_keys, index_seqs, max_bucket=1)
    assert all(c.size == 0 for c in none)  # every key too common
