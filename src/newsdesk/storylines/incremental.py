"""Storylines brought up to date from the stories that changed, equal to a rebuild.

Rebuilding every storyline on each run compares every two stories (an n x n matrix:
1.8 GB of float64 per matrix at 15k stories) and runs average linkage over all of them.
But average linkage joins two groups only when their mean likeness reaches the
threshold, so only when some pair between them does: a storyline never reaches past
its *component* (the stories connected by pairs at or above the threshold), and
linkage over a union of whole components gives what linkage over the whole store gives
there. A pair's likeness depends on the two stories alone, and on which of their days
the other stories leave un-isolated (link.kept_days).

So the stories whose storylines can move are reached from the *seeds* (stories that
are new, grew, shrank or went, and stories whose kept days moved) through pairs at the
threshold, in the store as it was (a story that went may have held a component
together) and as it is. Every other component is unchanged, and so are its storylines;
the reached stories are linked again, with days judged against the whole store. Pairs
are found through the time window (link.fade_columns: no likeness counts more than
GAP_DAYS + GAP_SPAN days apart) and compared a little below the threshold, so a
rounding difference can only reach further, never less far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.records import Story, Storyline
from newsdesk.stories.features import ArticleFeatures, XleadSource
from newsdesk.storylines.link import (
    LINK_THRESHOLD,
    _order_key,
    _storyline,
    build_storylines,
    fade_columns,
    kept_days,
    story_group,
    story_similarity,
)

# Pairs this far below the threshold still count as reaching (float rounding).
MARGIN = 1e-6


@dataclass(slots=True)
class Relinked:
    storylines: list[Storyline]  # every storyline of the store
    dropped: set[str]  # ids of the stored storylines these replace
    written: list[Storyline]  # the storylines to write (new or changed)
    reached: set[str]  # stories linked again


def _reach(groups: Sequence[Sequence[ArticleFeatures]], kept: Sequence[np.ndarray],
           seeds: set[int], threshold: float, xleads: XleadSource | None) -> set[int]:
    """The stories connected to ``seeds`` through pairs at the threshold (indices)."""
    has = np.asarray([bool(g) for g in groups], dtype=bool)
    seen = set(seeds)
    frontier = sorted(i for i in seeds if has[i])
    while frontier:
        fade = fade_columns(kept, frontier)  # every story x frontier
        near = (fade > 0).any(axis=1) & has
        cand = sorted(set(np.flatnonzero(near).tolist()) | set(frontier))
        at = {c: k for k, c in enumerate(cand)}
        sub_fade = fade[cand]  # candidates x frontier
        sim = story_similarity([groups[c] for c in cand], xleads,
                               _near(cand, frontier, sub_fade, at))
        cols = [at[f] for f in frontier]
        linked = sim[:, cols] * sub_fade >= threshold - MARGIN
        found = {cand[r] for r in np.flatnonzero(linked.any(axis=1)).tolist()}
        frontier = sorted(i for i in found - seen if has[i])
        seen |= found
    return seen


def _near(cand: list[int], frontier: list[int], fade: np.ndarray, at: dict[int, int]) -> np.ndarray:
    """Which candidate pairs count (for the e5 vectors built across languages): a
    frontier story with the candidates near it in time."""
    out = np.zeros((len(cand), len(cand)), dtype=bool)
    for k, f in enumerate(frontier):
        rows = np.flatnonzero(fade[:, k] > 0)
        out[rows, at[f]] = out[at[f], rows] = True
    return out


def relink(stories: Sequence[Story], before: Mapping[str, Sequence[str]],
           previous: Sequence[Storyline], feats: dict[str, ArticleFeatures],
           threshold: float = LINK_THRESHOLD, xleads: XleadSource | None = None) -> Relinked:
    """The storylines of ``stories`` given the ``previous`` storylines, built from the
    stories ``before`` (id -> members) with the same features ``feats`` (every member's,
    old and new)."""
    now = {s.id: s for s in stories}
    old_ids, new_ids = sorted(before), sorted(now)
    old_groups = [story_group(before[i], feats) for i in old_ids]
    new_groups = [story_group(now[i].members, feats) for i in new_ids]
    old_kept, new_kept = kept_days(old_groups), kept_days(new_groups)
    old_at = {sid: k for k, sid in enumerate(old_ids)}
    seeds = {sid for sid in new_ids if tuple(before.get(sid, ())) != tuple(now[sid].members)}
    seeds |= {sid for sid in old_ids if sid not in now}
    seeds |= {sid for k, sid in enumerate(new_ids)
              if sid in old_at and not np.array_equal(old_kept[old_at[sid]], new_kept[k])}
    reached = {old_ids[k] for k in _reach(old_groups, old_kept,
                                          {old_at[s] for s in seeds if s in old_at}, threshold, xleads)}
    new_at = {sid: k for k, sid in enumerate(new_ids)}
    reached |= {new_ids[k] for k in _reach(new_groups, new_kept,
                                           {new_at[s] for s in seeds if s in new_at}, threshold, xleads)}
    touched = [line for line in previous if reached.intersection(line.stories)]
    redo = {sid for line in touched for sid in line.stories if sid in now} | (reached & set(now))
    fresh = build_storylines([now[sid] for sid in sorted(redo)], feats, threshold, xleads,
                             kept={sid: new_kept[new_at[sid]] for sid in redo})
    stored = {line.id: line for line in previous}
    same = {line.id for line in fresh if stored.get(line.id) == line}  # relinked as it was
    lines, written = list(fresh), [line for line in fresh if line.id not in same]
    dropped = {line.id for line in touched} - same
    relinked = {line.id for line in touched}
    for line in previous:
        if line.id in relinked:
            continue
        # its stories are as they were; a story's title or sources may still have moved
        again = _storyline(sorted((now[s] for s in line.stories), key=_order_key))
        lines.append(again)
        if again != line:
            dropped.add(line.id)
            written.append(again)
    return Relinked(lines, dropped, written, reached & set(now))
