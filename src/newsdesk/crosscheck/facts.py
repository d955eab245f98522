"""Facts: the claim statements of a story grouped so that each group states one thing.

Joining every pair above a similarity bar (single linkage) chains: "Russia received the
missiles" joins "Blinken announced sanctions" through a long sentence that says both,
and a story's main facts collapse into one blob. Here a fact holds at most one
statement per article (an article states a fact once; its other sentences on the
topic are other facts), and two groups merge only when their statements are similar
on average, not through one bridge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class _Claimish(Protocol):
    article_id: str

    @property
    def claims(self) -> Sequence[object]: ...


# The mean similarity of all cross pairs two groups need to merge may sit this far
# below the pair bar: a fact told five ways has a few pairs of looser wording.
AVERAGE_SLACK = 0.04


def align_facts(statements: Sequence[_Claimish], sims: np.ndarray, same_fact: float) -> list[list[int]]:
    """Indices of claim statements grouped into facts (each list sorted; singletons too).

    Pairs at or above ``same_fact`` are visited from the most similar down; a pair
    merges its two groups when they share no article and the mean similarity over all
    their cross pairs stays at or above ``same_fact - AVERAGE_SLACK``.
    """
    claims = [i for i, s in enumerate(statements) if s.claims]
    group_of = {i: i for i in claims}
    members = {i: [i] for i in claims}
    articles = {i: {statements[i].article_id} for i in claims}
    pairs = sorted(((float(sims[i, j]), i, j) for n, i in enumerate(claims) for j in claims[n + 1:]
                    if statements[i].article_id != statements[j].article_id
                    and sims[i, j] >= same_fact), key=lambda p: (-p[0], p[1], p[2]))
    for _sim, i, j in pairs:
        a, b = group_of[i], group_of[j]
        if a == b or articles[a] & articles[b]:
            continue
        if float(sims[np.ix_(members[a], members[b])].mean()) < same_fact - AVERAGE_SLACK:
            continue
        for k in members[b]:
            group_of[k] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values()]
