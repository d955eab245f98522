"""Near pairs and exact average linkage: the sparse linking equals its dense definition."""

from __future__ import annotations

import numpy as np

from newsdesk.stories.cluster import average_linkage
from newsdesk.storylines.link import (
    GAP_DAYS,
    GAP_SPAN,
    ISOLATED_DAYS,
    _overlap,
    days_factor,
    pair_similarity,
    profile_similarity,
)
from newsdesk.storylines.pairs import entity_overlap, near_pairs
from newsdesk.storylines.profile import StoryProfile
from newsdesk.storylines.upgma import upgma


def _groups(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)}


def _random_days(rng: np.random.Generator, n: int) -> list[list[int]]:
    return [sorted({int(d) for d in rng.integers(0, 400, size=int(rng.integers(0, 4)))})
            for _ in range(n)]


def test_near_pairs_are_the_pairs_with_a_time_factor_and_that_factor():
    rng = np.random.default_rng(11)
    for _trial in range(30):
        days = _random_days(rng, int(rng.integers(1, 25)))
        dense = days_factor(days)
        pairs = near_pairs(days, GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
        got = np.zeros_like(dense)
        got[pairs.i, pairs.j] = pairs.fade
        iu = np.triu_indices(len(days), 1)
        assert np.array_equal(got[iu], dense[iu])
        assert (pairs.fade > 0).all() and (pairs.i < pairs.j).all()


def _profiles(rng: np.random.Generator, n: int) -> list[StoryProfile]:
    out = []
    for k in range(n):
        names = {f"e{int(x)}": float(rng.integers(1, 5)) / 4 for x in
                 rng.integers(0, 12, size=int(rng.integers(0, 6)))}
        lead = rng.normal(size=8).astype(np.float32)
        english = bool(rng.random() < 0.7)
        xlead = rng.normal(size=8).astype(np.float32)
        places = sorted(k for k in names if int(k[1:]) < 4)  # some names are places
        out.append(StoryProfile(str(k), "", names, english, [], 1, lead, xlead, places))
    return out


def test_pair_similarity_equals_the_dense_similarity_on_near_pairs():
    rng = np.random.default_rng(12)
    for _trial in range(20):
        n = int(rng.integers(2, 20))
        profiles = _profiles(rng, n)
        days = _random_days(rng, n)
        pairs = near_pairs(days, GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
        fade = days_factor(days)
        dense = profile_similarity(profiles, lambda _w: None, fade > 0) * fade
        got = pair_similarity(profiles, pairs, lambda _w: None)
        assert np.allclose(got, dense[pairs.i, pairs.j], atol=1e-5)
        ent = entity_overlap(profiles, pairs.i, pairs.j)
        assert np.allclose(ent, _overlap([p.shares for p in profiles])[pairs.i, pairs.j])


def test_upgma_equals_scipy_average_linkage_without_ties():
    rng = np.random.default_rng(13)
    for _trial in range(100):
        n = int(rng.integers(2, 30))
        m = np.where(rng.random((n, n)) < 0.5, 0.0, rng.random((n, n)))
        m = np.triu(m, 1) + np.triu(m, 1).T
        np.fill_diagonal(m, 1.0)
        iu = np.triu_indices(n, 1)
        assert _groups(upgma(n, iu[0], iu[1], m[iu], 0.25)) == _groups(average_linkage(m, 0.25))


def test_upgma_at_ties_links_a_part_alone_as_with_everything():
    # Means that land exactly on the threshold are common (similarities of 0, .5, 1):
    # a part no strong pair joins to the rest must link the same alone. scipy's linkage
    # fails this in most of these trials (float means along its own merge order).
    rng = np.random.default_rng(15)
    for _trial in range(6):
        n, cut = 300, 150
        m = np.where(rng.random((n, n)) < 0.97, 0.0,
                     rng.choice([0.1, 0.25, 0.3, 0.5, 0.75, 1.0], size=(n, n)))
        m = np.triu(m, 1)
        m[:cut, cut:] = np.minimum(m[:cut, cut:], 0.2)  # nothing strong across the cut
        i, j = np.nonzero(m)
        whole = _groups(upgma(n, i, j, m[i, j], 0.25))
        fi, fj = np.nonzero(m[:cut, :cut])
        alone = _groups(upgma(cut, fi, fj, m[fi, fj], 0.25))
        assert {g for g in whole if max(g) < cut} == alone


def test_near_pairs_unpacked_a_block_at_a_time_equal_all_at_once(monkeypatch):
    import newsdesk.storylines.pairs as pairs_module

    rng = np.random.default_rng(16)
    for _trial in range(10):
        days = [sorted({int(d) for d in rng.integers(0, 120, size=int(rng.integers(0, 5)))})
                for _ in range(int(rng.integers(2, 60)))]
        whole = near_pairs(days, GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
        monkeypatch.setattr(pairs_module, "BLOCK", 3)
        blocks = near_pairs(days, GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
        monkeypatch.undo()
        assert whole.i.dtype == np.int32 and whole.j.dtype == np.int32
        for got, want in ((blocks.i, whole.i), (blocks.j, whole.j), (blocks.fade, whole.fade)):
            assert np.array_equal(got, want)


def test_compared_step_by_step_in_chunks_equals_pair_similarity(monkeypatch):
    # The closure asks about a growing set of pairs step by step; e5 means are built
    # only when a pair across languages first needs them, once per story.
    import copy
    import functools

    import newsdesk.storylines.link as link_module
    from newsdesk.storylines.link import Compared
    from newsdesk.storylines.pairs import Pairs

    rng = np.random.default_rng(17)
    for _trial in range(10):
        n = int(rng.integers(3, 30))
        profiles = _profiles(rng, n)
        for p in profiles:
            if rng.random() < 0.5:
                p.xlead = None
        i, j = np.triu_indices(n, 1)
        filled: list[str] = []

        def fill(wanted: list[StoryProfile], log: list[str] | None = None) -> None:
            for p in wanted:
                assert p.lead is not None
                p.xlead = p.lead[::-1].copy()
                if log is not None:
                    log.append(p.story_id)

        want = pair_similarity(copy.deepcopy(profiles), Pairs(i, j, np.ones(i.size)), fill)
        monkeypatch.setattr(link_module, "SIMILARITY_CHUNK", 4)
        compared = Compared(profiles, functools.partial(fill, log=filled))
        half = i.size // 2
        got = np.concatenate([compared.similarity(i[:half].astype(np.int32), j[:half]),
                              compared.similarity(i[half:], j[half:].astype(np.int32))])
        monkeypatch.undo()
        assert np.array_equal(got, want)
        assert len(filled) == len(set(filled))
