"""Fact alignment: one statement per article in a fact, no chaining through a bridge."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from newsdesk.crosscheck.facts import align_facts


def _st(article: str, claims: bool = True) -> SimpleNamespace:
    return SimpleNamespace(article_id=article, claims=[{"x": 1}] if claims else [])


def _sims(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    m = np.eye(n)
    for (i, j), v in pairs.items():
        m[i, j] = m[j, i] = v
    return m


def test_facts_do_not_chain_through_a_bridge_sentence():
    # 0 (A) ~ 2 (B) and 1 (A) ~ 2 (B): a long B sentence says both things; 0 and 1 are
    # different facts of article A, so they never end up together.
    statements = [_st("A"), _st("A"), _st("B"), _st("C")]
    sims = _sims(4, {(0, 2): 0.9, (1, 2): 0.8, (0, 3): 0.85, (2, 3): 0.86, (1, 3): 0.3})
    facts = align_facts(statements, sims, same_fact=0.72)
    assert sorted(facts) == [[0, 2, 3], [1]]


def test_facts_need_average_similarity_not_one_link():
    # 0-1 and 1-2 are close, 0-2 far apart: a chain; the third joins only if the mean holds.
    statements = [_st("A"), _st("B"), _st("C")]
    chain = _sims(3, {(0, 1): 0.9, (1, 2): 0.75, (0, 2): 0.2})
    assert sorted(align_facts(statements, chain, same_fact=0.72)) == [[0, 1], [2]]
    close = _sims(3, {(0, 1): 0.9, (1, 2): 0.75, (0, 2): 0.7})
    assert align_facts(statements, close, same_fact=0.72) == [[0, 1, 2]]


def test_facts_skip_statements_without_claims():
    statements = [_st("A"), _st("B", claims=False)]
    assert align_facts(statements, _sims(2, {(0, 1): 0.99}), same_fact=0.72) == [[0]]
