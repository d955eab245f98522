"""Stories set in different places are not linked by shared actors or stock wording."""

from __future__ import annotations

import numpy as np

from newsdesk.storylines.link import pair_similarity, profile_similarity
from newsdesk.storylines.pairs import near_pairs
from newsdesk.storylines.places import apart_by_place
from newsdesk.storylines.profile import StoryProfile

_LEAD = np.asarray([1.0, 0.2, 0.0, 0.1], dtype=np.float32)


def _story(sid: str, shares: dict[str, float], places: list[str]) -> StoryProfile:
    # Same agency, same programme, the same press-release lead: only the place differs.
    return StoryProfile(sid, "", shares, True, [], 2, _LEAD, None, places)


def _fictional() -> list[StoryProfile]:
    agency = {"roads agency": 1.0, "relief fund": 1.0}
    return [
        _story("harbour", {**agency, "port avalon": 1.0, "avalon bay": 0.5},
               ["avalon bay", "port avalon"]),
        _story("island", {**agency, "merrow isle": 1.0}, ["merrow isle"]),
        # A later report on the harbour that also names the island's aid is not apart.
        _story("recap", {**agency, "port avalon": 0.5, "merrow isle": 1.0},
               ["merrow isle", "port avalon"]),
        # A story without a place of its own is never apart by place.
        _story("statement", agency, []),
    ]


def test_two_announcements_for_different_places_are_apart():
    profiles = _fictional()
    i, j = np.asarray([0, 0, 1, 0]), np.asarray([1, 2, 2, 3])
    assert apart_by_place(profiles, i, j).tolist() == [True, False, False, False]


def test_pair_similarity_is_zero_for_stories_apart_by_place():
    profiles = _fictional()
    pairs = near_pairs([[] for _ in profiles], 7, 21, 90)
    sim = pair_similarity(profiles, pairs, lambda _w: None)
    got = {(int(a), int(b)): float(s) for a, b, s in zip(pairs.i, pairs.j, sim, strict=True)}
    assert got[(0, 1)] == 0.0
    assert got[(0, 2)] > 0.9 and got[(0, 3)] > 0.9
    dense = profile_similarity(profiles, lambda _w: None)
    assert dense[0, 1] == 0.0 and dense[1, 0] == 0.0 and dense[0, 2] > 0.9


def test_a_shared_place_alone_does_not_link_two_stories():
    lead_a = np.asarray([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    lead_b = np.asarray([0.0, 1.0, 0.0, 0.0], dtype=np.float32)  # unlike news
    city = {"port avalon": 1.0, "avalon county": 1.0}
    profiles = [
        StoryProfile("records", "", dict(city), True, [], 2, lead_a, None, sorted(city)),
        StoryProfile("ferry", "", {**city, "ferry line": 1.0, "mayor quill": 1.0}, True, [],
                     4, lead_b, None, sorted(city)),
        StoryProfile("inquiry", "", {"port avalon": 1.0, "mayor quill": 1.0}, True, [], 3,
                     lead_b @ np.eye(4, dtype=np.float32), None, ["port avalon"]),
    ]
    pairs = near_pairs([[] for _ in profiles], 7, 21, 90)
    sim = pair_similarity(profiles, pairs, lambda _w: None)
    got = {(int(a), int(b)): float(s) for a, b, s in zip(pairs.i, pairs.j, sim, strict=True)}
    assert got[(0, 1)] == 0.0  # only the city in common
    assert got[(0, 2)] == 0.0
    assert got[(1, 2)] == 1.0  # the mayor too, and alike leads
    dense = profile_similarity(profiles, lambda _w: None)
    assert dense[0, 1] == 0.0 and dense[1, 2] == 1.0
