"""Stories set in different places: their shared actors and wording say nothing.

One agency announces the same kind of relief money for two disasters, one chair leads
two investigations, one airline has earnings and a meltdown: the names and stock
phrases overlap while the events are far apart. Where an event happened is what its
reports agree on most: a place most of a story's reports name (a city, a river, a
bridge). When each of two stories has such a place and neither story names the other's
at all, they are told as happening in different places, and their overlap of names
does not link them (their leads still may, if they tell alike news).

Nor does a shared place alone: a city has many stories at once (its port's record year,
its council, its bridge), so two stories that name no one and nothing in common but
places are compared by their leads only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdesk.storylines.profile import StoryProfile

# Share of a story's reports that must name a place for it to be where the story is.
MAIN_PLACE_SHARE = 0.5


def main_places(profile: StoryProfile) -> frozenset[str]:
    return frozenset(k for k in profile.places if profile.shares.get(k, 0.0) >= MAIN_PLACE_SHARE)


def apart_by_place(profiles: Sequence[StoryProfile], i: np.ndarray, j: np.ndarray,
                   mains: Sequence[frozenset[str]] | None = None) -> np.ndarray:
    """For each pair (i, j): both stories have a main place and neither names the
    other's main places. ``mains``: the profiles' ``main_places``, when already known."""
    if mains is None:
        mains = [main_places(p) for p in profiles]
    placed = np.asarray([bool(m) for m in mains], dtype=bool)
    out = np.zeros(i.size, dtype=bool)
    both = np.flatnonzero(placed[i] & placed[j]) if i.size else np.zeros(0, dtype=np.int64)
    for k, a, b in zip(both.tolist(), i[both].tolist(), j[both].tolist(), strict=True):
        out[k] = (mains[a].isdisjoint(profiles[b].shares)
                  and mains[b].isdisjoint(profiles[a].shares))
    return out
