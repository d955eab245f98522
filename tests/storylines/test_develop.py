"""A storyline grows from its main event: later developments join, earlier items not."""

from __future__ import annotations

import numpy as np

from newsdesk.storylines.develop import develop


def _similar(matrix: np.ndarray):  # type: ignore[no-untyped-def]
    def similar(i: np.ndarray, j: np.ndarray, fade: np.ndarray) -> np.ndarray:
        return np.asarray(matrix[i, j] * fade)
    return similar


def _lines(labels: np.ndarray) -> set[frozenset[int]]:
    return {frozenset(np.flatnonzero(labels == c).tolist()) for c in np.unique(labels)}


def test_an_item_days_before_every_other_story_of_its_group_leaves_it():
    # 0: the main event (a ferry strike, day 100), 1: its follow-up (day 101), 2: the
    # operator's results a week earlier (day 92), 3: a notice the day before (day 99).
    clusters = np.asarray([0, 0, 0, 0])
    weight = [(9, 9, "a"), (4, 4, "b"), (1, 1, "c"), (1, 1, "d")]
    days = [np.asarray([100.0]), np.asarray([101.0]), np.asarray([92.0]), np.asarray([99.0])]
    sim = np.zeros((4, 4))  # alike to nothing once apart
    got = develop(clusters, weight, days, _similar(sim), 0.25)
    assert _lines(got) == {frozenset({0, 1, 3}), frozenset({2})}


def test_a_later_development_joins_the_main_event_and_nothing_chains():
    # Groups from average linkage: {0 main event day 10}, {1 inquiry day 40},
    # {2 undated commentary}, {3 earlier item day 2}, {4 alike to the inquiry only}.
    clusters = np.asarray([0, 1, 2, 3, 4])
    weight = [(9, 9, "a"), (5, 5, "b"), (3, 3, "c"), (2, 2, "d"), (1, 1, "e")]
    days = [np.asarray([10.0]), np.asarray([40.0]), np.asarray([]), np.asarray([2.0]),
            np.asarray([45.0])]
    sim = np.zeros((5, 5))
    sim[0, 1] = sim[0, 2] = sim[0, 3] = 0.5
    sim[1, 4] = 0.9
    got = develop(clusters, weight, days, _similar(sim), 0.25)
    assert _lines(got) == {frozenset({0, 1, 2}), frozenset({3}), frozenset({4})}
