"""Candidates by meaning: the nearest earlier reports of the pool (semantic.py)."""

from __future__ import annotations

import numpy as np

from newsdesk.copies.semantic import MIN_SIMILARITY, NEIGHBOURS, Pool, semantic_candidates


def _by_full_sort(pool: Pool, seq: int, lead: np.ndarray, body: np.ndarray,
                  tried: set[int]) -> list[int]:
    """The reference: the whole pool ranked (stable), the first NEIGHBOURS kept if alike."""
    sim = np.maximum(pool.leads @ lead, pool.bodies @ body)
    sim[(pool.seqs >= seq) | np.isin(pool.seqs, list(tried))] = -1.0
    best = np.argsort(-sim, kind="stable")[:NEIGHBOURS]
    return pool.seqs[best[sim[best] >= MIN_SIMILARITY]].tolist()


def test_semantic_candidates_equal_a_ranking_of_the_whole_pool() -> None:
    rng = np.random.default_rng(16)
    # Few distinct directions, so many reports tie at the same similarity.
    basis = rng.normal(size=(6, 8)).astype(np.float32)
    basis /= np.linalg.norm(basis, axis=1, keepdims=True)
    vectors = {s: (basis[rng.integers(6)], basis[rng.integers(6)]) for s in range(1, 301)}
    pool = Pool()
    pool.add({s: v for s, v in vectors.items() if s <= 250})
    queries = [(s, None) for s in range(251, 301)]
    for s in range(291, 301):  # reports like nothing in the pool
        own = rng.normal(size=8).astype(np.float32)
        vectors[s] = (own / np.linalg.norm(own), own / np.linalg.norm(own))
    batch = {s: vectors[s] for s, _d in queries}
    tried = {s: {int(x) for x in rng.integers(1, s, size=5)} for s, _d in queries}
    expected = []
    full = Pool()
    full.add(vectors)
    for s, _d in queries:
        expected.append(_by_full_sort(full, s, *batch[s], tried[s]))
    got = semantic_candidates(pool, queries, batch, tried)  # type: ignore[arg-type]
    assert [g.tolist() for g in got] == expected
    assert any(len(e) == NEIGHBOURS for e in expected) and any(len(e) < NEIGHBOURS for e in expected)


def test_the_pool_keeps_the_latest_reports_in_arrival_order() -> None:
    rng = np.random.default_rng(3)
    vectors = {s: (rng.normal(size=4).astype(np.float32), rng.normal(size=4).astype(np.float32))
               for s in range(1, 1300)}
    for size in (7, 600):
        pool = Pool(size)
        assert pool.seqs.size == 0 and pool.leads.shape[0] == 0
        seen: list[int] = []
        for first, last in ((1, 4), (4, 9), (9, 10), (10, 700), (700, 1300)):
            batch = {s: vectors[s] for s in range(first, last)}
            pool.add(batch)
            seen += sorted(batch)
            want = seen[-size:]
            assert pool.seqs.tolist() == want
            assert np.array_equal(pool.leads, np.stack([vectors[s][0] for s in want]))
            assert np.array_equal(pool.bodies, np.stack([vectors[s][1] for s in want]))
