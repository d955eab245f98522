"""Storylines grow from their main event: later developments join it, earlier items not.

Average linkage groups stories whose pairs are alike on the whole, which splits a
developing story when its events drift apart (the investigation weeks after a
collapse shares little wording with the relief money or the crew's plight) and lets a
near-topic item from before the event in (the airline's results a week before the
outage it was hit by). A developing story is told from one main event: the most
reported one. Its later events recap it (the place, the actors, what happened), however
many days on; an item from before it cannot recap it. So, after average linkage:

1. a story less reported than its group's main event whose days all lie more than
   EARLY_DAYS before every other dated story of the group leaves the group: it
   precedes the storyline rather than develops it (an announcement a day or two ahead
   stays; so does a first report that is as reported as the rest, which may be the
   origin); so does, when its group joins a storyline (2.), a story more than
   EARLY_DAYS before that storyline's main event;
2. groups are taken in order of their main event's weight, and a group whose main
   event comes after a bigger storyline's main event (or has no known day) joins that
   storyline when the two main events are alike (the most alike one), their likeness
   counted in full, not faded by the days between (the pairs compared are those
   average linkage compared: within link.GAP_DAYS + link.GAP_SPAN days, or undated).
   Groups from the same days or before were judged in full by average linkage already.
   The comparison is with the storyline's main event only, so nothing chains in
   through a chain of followers.

The result is a function of the stories and their profiles (orders are fixed by
weights and ids), so it is the same for any arrival order and equal to a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdesk.storylines.pairs import Pairs

# An item before the main event by more than this many days is not part of its story;
# previews and announcements a day or two ahead are.
EARLY_DAYS = 3
# Likeness of two main events for a group to join a storyline: one pair decides here,
# not the mean over many as in average linkage, so it asks for more than
# link.LINK_THRESHOLD. On the realnews corpora (labelled events, and stories of two
# clusterings) the developments that join sit at .38-.54, later near-topic groups
# (another outage of one vendor, its quarterly results) at .18-.26.
JOIN_THRESHOLD = 0.33

def develop(clusters: np.ndarray, weight: Sequence[tuple[int, int, str]],
            days: Sequence[np.ndarray], alike: Pairs,
            threshold: float = JOIN_THRESHOLD) -> np.ndarray:
    """New cluster numbers (0..k-1, by smallest member) from average-linkage clusters.
    ``weight`` ranks the stories (the main event of a group has the largest), ``days``
    are each story's kept days (empty: not judged by time), ``alike`` holds the pairs
    average linkage compared with their similarity before the time factor (in
    ``fade``); other pairs count 0."""
    n = clusters.size
    groups: dict[int, list[int]] = {}
    for k, c in enumerate(clusters.tolist()):
        groups.setdefault(c, []).append(k)
    units: list[list[int]] = []
    for members in groups.values():
        main = max(members, key=lambda k: weight[k])
        kept = [main]
        for k in members:
            if weight[k][:2] < weight[main][:2] and _precedes(k, members, days):
                units.append([k])  # an earlier near-topic item: on its own
            elif k != main:
                kept.append(k)
        units.append(kept)
    units.sort(key=lambda u: weight[u[0]], reverse=True)
    mains = np.asarray([u[0] for u in units], dtype=np.int64)
    m = mains.size
    line = list(range(m))
    if m > 1:
        # The near pairs between two main events, as (bigger, smaller) in unit order.
        rank = np.full(n, -1, dtype=np.int64)
        rank[mains] = np.arange(m)
        ra, rb = rank[alike.i], rank[alike.j]
        both = (ra >= 0) & (rb >= 0) & (alike.fade >= threshold)
        a, b = np.minimum(ra[both], rb[both]), np.maximum(ra[both], rb[both])
        sim = alike.fade[both]
        first = np.asarray([days[k][0] if days[k].size else np.nan for k in mains.tolist()])
        fa, fb = first[a], first[b]
        with np.errstate(invalid="ignore"):
            keep = np.isnan(fa) | np.isnan(fb) | (fb > fa)
        candidates: dict[int, list[tuple[float, int]]] = {}
        for x, y, s in zip(a[keep].tolist(), b[keep].tolist(), sim[keep].tolist(),
                           strict=True):
            candidates.setdefault(y, []).append((s, x))
        for y in range(m):
            # The most alike storyline founded by a bigger group (ties: the bigger).
            options = [(s, -x) for s, x in candidates.get(y, ()) if line[x] == x]
            if options:
                line[y] = -max(options)[1]
    label = np.empty(n, dtype=np.int64)
    for u, members in enumerate(units):
        label[members] = line[u]
        founder = mains[line[u]]
        if line[u] == u or not days[founder].size:
            continue
        # Rule 1 for a group that joined a storyline: its stories from before the
        # storyline's main event leave. Average linkage judged them against their own
        # group's dated stories only, and a group of undated reports has none (a
        # port's record-cargo announcement a month before the collapse came in with
        # two undated reports of the port's reopened channels).
        for k in members:
            if days[k].size and days[k][-1] < days[founder][0] - EARLY_DAYS:
                label[k] = m + k
    number: dict[int, int] = {}
    out = np.empty(n, dtype=np.int64)
    for k in range(n):
        out[k] = number.setdefault(int(label[k]), len(number))
    return out


def _precedes(k: int, members: Sequence[int], days: Sequence[np.ndarray]) -> bool:
    """Whether story ``k`` lies more than EARLY_DAYS before every other dated story of
    its group (and there is one)."""
    if not days[k].size:
        return False
    others = [days[x][0] for x in members if x != k and days[x].size]
    return bool(others) and days[k][-1] < min(others) - EARLY_DAYS
