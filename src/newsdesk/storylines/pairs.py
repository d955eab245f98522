"""The story pairs linking compares: those near enough in time to count, and no others.

Two stories whose closest days lie GAP_DAYS + GAP_SPAN or more apart have a time factor
of 0: their likeness counts for nothing whatever it is. Linking used to fill n x n
matrices (entity overlap, vector cosines, time factor) and then multiply most of them
by zero; on a real 2k store only 6% of story pairs are within the window. Here the pairs
inside the window are found from the sorted days, and only they are compared: the cost
follows the stories each story has near it in time, not the square of the store.
A story without a day that counts (undated, or only isolated days) is paired with
every other story, as its time factor with each is 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.storylines.profile import StoryProfile

# Day entries whose pairs are formed at once (near_pairs), and story pairs whose names
# are compared at once (named_overlap): bound their memory.
ENTRY_CHUNK = 250
PAIR_CHUNK = 5_000
# Packed pairs unpacked at once (near_pairs, _closest).
BLOCK = 1 << 16


@dataclass(slots=True)
class Pairs:
    """Story pairs (indices i < j: int32 from near_pairs) with their time factor (> 0)."""

    i: np.ndarray
    j: np.ndarray
    fade: np.ndarray


def kept_days(story_days: Sequence[Sequence[int]], isolated: int) -> list[np.ndarray]:
    """Each story's days that another story comes within ``isolated`` days of (a day no
    other story comes near, such as a repost a year on, says nothing about the time)."""
    days = [np.asarray(d, dtype=np.float64) for d in story_days]
    if not any(d.size for d in days):
        return days
    every = np.concatenate(days)
    ordered = np.sort(every)
    near_all = (np.searchsorted(ordered, every + isolated, side="right")
                - np.searchsorted(ordered, every - isolated, side="left"))
    # The same count among the story's own days, all stories in one search: entries
    # keyed by (story, day) sort by story, then day.
    owner = np.concatenate([np.full(d.size, k, dtype=np.float64) for k, d in enumerate(days)])
    span = float(np.ptp(every)) + 2.0 * isolated + 1.0
    own = owner * span + every
    near_own = (np.searchsorted(own, own + isolated, side="right")
                - np.searchsorted(own, own - isolated, side="left"))
    keep = near_all > near_own
    out, at = [], 0
    for d in days:
        out.append(d[keep[at : at + d.size]])
        at += d.size
    return out


def near_pairs(story_days: Sequence[Sequence[int]], gap_days: int, gap_span: int,
               isolated: int) -> Pairs:
    """The pairs with a time factor above 0 and that factor: 1 up to ``gap_days``
    between their closest kept days, fading to 0 over ``gap_span`` more days."""
    days = kept_days(story_days, isolated)
    n = len(days)
    free = np.asarray([i for i, d in enumerate(days) if not d.size], dtype=np.int64)
    owner = np.concatenate([np.full(d.size, k, dtype=np.int64) for k, d in enumerate(days)] or
                           [np.zeros(0, dtype=np.int64)])
    every = np.concatenate(days or [np.zeros(0)])
    order = np.argsort(every, kind="stable")
    owner, every = owner[order], every[order]
    # Entry e pairs with the entries after it less than gap_days + gap_span days on.
    hi = np.searchsorted(every, every + gap_days + gap_span, side="left")
    counts = hi - np.arange(every.size) - 1
    # A chunk of entries at a time, each chunk's pairs reduced to the closest two days
    # of each story pair before the next: in a dense store every entry has hundreds of
    # entries within the window, and all their pairs at once took ~200 MB at 20k. A pair
    # and its gap (whole days, under the window) travel as one integer, pair key above
    # the gap's bits: sorted in place, the first of each key has its smallest gap (a key
    # array, a gap array and a sort order of them held three times the memory).
    bits = int(gap_days + gap_span).bit_length() + 1
    packed = []
    for start in range(0, every.size, ENTRY_CHUNK):
        part = counts[start : start + ENTRY_CHUNK]
        left = np.repeat(np.arange(start, start + part.size), part)
        right = (np.arange(left.size) - np.repeat(np.cumsum(part) - part, part) + left + 1)
        a, b = owner[left], owner[right]
        gap = (every[right] - every[left]).astype(np.int64)
        other = a != b
        a, b = a[other], b[other]
        packed.append(_closest(((np.minimum(a, b) * n + np.maximum(a, b)) << bits) | gap[other], bits))
    both = np.concatenate(packed or [np.zeros(0, dtype=np.int64)])
    del packed
    both = _closest(both, bits)
    # The gap, the two story indices: filled a block at a time, so that no whole-size
    # temporary sits beside the packed pairs (issue 16: peak memory).
    fade = np.empty(both.size)
    i = np.empty(both.size, dtype=np.int32)
    j = np.empty(both.size, dtype=np.int32)
    for start in range(0, both.size, BLOCK):
        block = both[start : start + BLOCK]
        factor = (block & ((1 << bits) - 1)).astype(np.float64)  # the gap, then its factor
        factor -= gap_days
        factor /= -gap_span
        factor += 1.0
        np.clip(factor, 0.0, 1.0, out=factor)
        fade[start : start + BLOCK] = factor
        key = block >> bits
        i[start : start + BLOCK] = key // max(n, 1)
        j[start : start + BLOCK] = key % max(n, 1)
    del both
    if free.size:  # a story not judged by time is paired with every other one
        fi = np.repeat(free, n)
        fj = np.tile(np.arange(n, dtype=np.int64), free.size)
        keep = fi != fj
        fi, fj = np.minimum(fi[keep], fj[keep]), np.maximum(fi[keep], fj[keep])
        fkey = np.unique(fi * n + fj)
        i = np.concatenate([i, fkey // n])
        j = np.concatenate([j, fkey % n])
        fade = np.concatenate([fade, np.ones(fkey.size)])
    return Pairs(i.astype(np.int32, copy=False), j.astype(np.int32, copy=False),
                 np.asarray(fade, dtype=np.float64))


def _closest(packed: np.ndarray, bits: int) -> np.ndarray:
    """Each story pair once (sorted by key), with its smallest gap: ``packed`` holds
    key << bits | gap (sorted here, in place)."""
    if not packed.size:
        return packed
    packed.sort()
    first = np.empty(packed.size, dtype=bool)
    first[0] = True
    for start in range(1, packed.size, BLOCK):  # a block at a time: no whole-size keys
        stop = min(start + BLOCK, packed.size)
        np.not_equal(packed[start:stop] >> bits, packed[start - 1 : stop - 1] >> bits,
                     out=first[start:stop])
    return packed[first]


def entity_overlap(profiles: Sequence[StoryProfile], i: np.ndarray, j: np.ndarray
                   ) -> np.ndarray:
    """``link._overlap`` for the given pairs only: the entity shares two stories have in
    common (the smaller per name) over the smaller story's total."""
    return named_overlap(profiles, i, j)[0]


def named_overlap(profiles: Sequence[StoryProfile], i: np.ndarray, j: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """``entity_overlap`` of the pairs, and whether all the names the two stories have in
    common are places (a place to either story; False when they share none)."""
    return NameIndex.of(profiles).overlap(i, j)


@dataclass(slots=True)
class NameIndex:
    """Every story's names with their shares as one sorted array of (story, name) keys:
    built once, then asked about any number of pairs (``overlap``)."""

    keys: np.ndarray  # story * size + name, sorted
    vals: np.ndarray  # the name's share of the story's reports
    place: np.ndarray  # the name is a place to that story
    starts: np.ndarray  # each story's first key
    deg: np.ndarray  # each story's number of names
    totals: np.ndarray  # each story's shares summed
    size: int  # names in all

    @classmethod
    def of(cls, profiles: Sequence[StoryProfile]) -> NameIndex:
        vocab: dict[str, int] = {}
        rows = [[(vocab.setdefault(k, len(vocab)), v) for k, v in p.shares.items()]
                for p in profiles]
        size = max(len(vocab), 1)
        keys = np.asarray([s * size + k for s, row in enumerate(rows) for k, _v in row],
                          dtype=np.int64)
        vals = np.asarray([v for row in rows for _k, v in row], dtype=np.float64)
        place = np.asarray([k in p.places for p in profiles for k in p.shares], dtype=bool)
        if profiles and not any(p.places for p in profiles):
            place = np.zeros(keys.size, dtype=bool)
        order = np.argsort(keys)
        keys, vals, place = keys[order], vals[order], place[order]
        starts = np.searchsorted(keys, np.arange(len(profiles), dtype=np.int64) * size)
        ends = np.searchsorted(keys, (np.arange(len(profiles), dtype=np.int64) + 1) * size)
        totals = np.asarray([sum(p.shares.values()) for p in profiles])
        return cls(keys, vals, place, starts, ends - starts, totals, size)

    def overlap(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``named_overlap`` of the pairs (i, j)."""
        keys, vals, place, starts, deg, size = (self.keys, self.vals, self.place,
                                                self.starts, self.deg, self.size)
        i, j = i.astype(np.int64, copy=False), j.astype(np.int64, copy=False)  # keys: int64
        # Every name of story i looked up among the names of story j, for a chunk of
        # pairs at a time: a pair expands to one entry per name, and all pairs of a
        # dense store at once took ~200 MB at 20k.
        common = np.zeros(i.size)
        shared = np.zeros(i.size, dtype=np.int64)
        actors = np.zeros(i.size, dtype=np.int64)
        for start in range(0, i.size, PAIR_CHUNK):
            ci, cj = i[start : start + PAIR_CHUNK], j[start : start + PAIR_CHUNK]
            pair_of = np.repeat(np.arange(ci.size), deg[ci])
            at = (np.arange(pair_of.size) - np.repeat(np.cumsum(deg[ci]) - deg[ci], deg[ci])
                  + np.repeat(starts[ci], deg[ci]))
            entity = keys[at] % size
            want = cj[pair_of] * size + entity
            hit = np.searchsorted(keys, want)
            hit = np.minimum(hit, max(keys.size - 1, 0))
            found = keys[hit] == want if keys.size else np.zeros(0, dtype=bool)
            span = slice(start, start + ci.size)
            common[span] = np.bincount(pair_of[found],
                                       np.minimum(vals[at][found], vals[hit][found]),
                                       minlength=ci.size)
            shared[span] = np.bincount(pair_of[found], minlength=ci.size)
            not_place = found.copy()
            not_place[found] = ~(place[at][found] | place[hit][found])
            actors[span] = np.bincount(pair_of[not_place], minlength=ci.size)
        smaller = np.minimum(self.totals[i], self.totals[j])
        ent = np.asarray(np.where(smaller > 0, common / np.maximum(smaller, 1e-12), 0.0))
        return ent, (shared > 0) & (actors == 0)
