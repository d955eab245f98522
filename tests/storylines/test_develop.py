"""A storyline grows from its main event: later developments join, earlier items not."""

from __future__ import annotations

import numpy as np

from newsdesk.storylines.develop import develop
from newsdesk.storylines.pairs import Pairs


def _similar(matrix: np.ndarray) -> Pairs:
    i, j = np.triu_indices(len(matrix), 1)
    return Pairs(i, j, matrix[i, j])


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


def test_one_pair_of_main_events_must_be_clearly_alike_to_join():
    # A later group whose main event is only somewhat alike to the storyline's (the
    # same vendor's next, different outage) stays apart; a clearly alike one joins.
    clusters = np.asarray([0, 1, 2])
    weight = [(9, 9, "a"), (5, 5, "b"), (4, 4, "c")]
    days = [np.asarray([10.0]), np.asarray([21.0]), np.asarray([25.0])]
    sim = np.zeros((3, 3))
    sim[0, 1], sim[0, 2] = 0.28, 0.45
    got = develop(clusters, weight, days, _similar(sim))
    assert _lines(got) == {frozenset({0, 2}), frozenset({1})}


def test_a_first_report_as_reported_as_the_rest_stays_with_its_follow_up():
    # Two single reports a week apart (a charge, then the appeal lost): the first may
    # be the origin; only a less reported item before the main event leaves.
    clusters = np.asarray([0, 0])
    weight = [(1, 1, "b"), (1, 1, "a")]
    days = [np.asarray([100.0]), np.asarray([93.0])]
    got = develop(clusters, weight, days, _similar(np.zeros((2, 2))), 0.25)
    assert _lines(got) == {frozenset({0, 1})}


def test_an_earlier_item_that_came_in_with_an_undated_group_leaves_the_storyline():
    # Groups from average linkage: {0 the main event, day 40}, {1 undated reports of the
    # port's reopened channel, 2 the port's record year announced a month before (day
    # 10)}: with no other dated story in its group, rule 1 cannot judge 2 there; when
    # the group joins the main event's storyline, 2 precedes that event and stays out.
    clusters = np.asarray([0, 1, 1])
    weight = [(9, 9, "a"), (4, 4, "b"), (2, 2, "c")]
    days = [np.asarray([40.0]), np.asarray([]), np.asarray([10.0])]
    sim = np.zeros((3, 3))
    sim[0, 1] = 0.5
    got = develop(clusters, weight, days, _similar(sim), 0.25)
    assert _lines(got) == {frozenset({0, 1}), frozenset({2})}
