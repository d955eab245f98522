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


def test_facts_a_disputed_statement_is_no_corroboration() -> None:
    """A conflict found inside a fact is never also its corroboration."""
    from newsdesk.crosscheck.run import _without_disputed
    from newsdesk.records import Evidence, Finding

    def finding(kind: str, ids: list[str], sentences: list[str]) -> Finding:
        return Finding(id=kind + "".join(ids), story_id="s",
                       kind=kind, type="other",  # type: ignore[arg-type]
                       articles=ids,
                       evidence=[Evidence(i, t, 0) for i, t in zip(ids, sentences, strict=True)],
                       summary=sentences[0], confidence=0.8, independent_sources=len(ids))

    said = ["Delta cancelled almost 7,000 flights.", "Delta cancelled nearly 7,000 flights.",
            "Delta cancelled 6,000 flights.", "Almost 7,000 Delta flights were cancelled."]
    fact = finding("corroborated", ["a", "b", "c", "d"], said)
    dispute = finding("discrepancy", ["a", "c"], [said[0], said[2]])
    out = _without_disputed([fact, dispute], {"a": "a", "b": "b", "c": "c", "d": "b"})
    kept = next(f for f in out if f.kind != "discrepancy")
    # b and d are one source (a copy): what is left is one source
    assert kept.kind == "single_source" and kept.independent_sources == 1
    out = _without_disputed([finding("corroborated", ["a", "b", "c", "d"], said), dispute],
                            {"a": "a", "b": "b", "c": "c", "d": "d"})
    kept = next(f for f in out if f.kind == "corroborated")
    assert kept.articles == ["b", "d"] and kept.independent_sources == 2
