"""Link stories into storylines: shared actors, places and subject across days.

An event story is told again in its follow-ups: the same ship, bridge, port and
officials, the same company and its customers. Each story is described by its named
entities (the share of its reports that name each one: the actors and places all its
reports share weigh most) and by the mean multilingual (e5) vector of its reports'
leads, which also describes stories whose reports are in other languages or name no
entity the annotator knows. Between two stories whose reports are all in English the
MiniLM vectors of the leads take e5's place (e5 is ~8x slower to build, and is built for an
English report only when a story in another language is compared with its story). Two
stories are alike by the larger of the weighted overlap of
their entity shares and a calibrated e5 cosine; stories are grouped by average linkage, so
one shared name (a chair who leads two unrelated investigations, a port named in a
record-cargo announcement) does not chain an unrelated story into the storyline unless
it is alike to the storyline's events as a whole.

Two stories set in different places, or that share only place names, are not linked
by their names (places.py), and after average linkage a storyline grows from its main
event: earlier near-topic items leave, later developments join main to main
(develop.py).

Unlike entity matching for events, no IDF weighting is used: inside one developing
story its core names (the bridge, the ship, the company) are in almost every report,
and they are exactly what links its events.

The grouping is computed from the stories each time analysis runs, so it depends only
on the stories, never on the order reports arrived in; a storyline is named after its
earliest story, so its id stays as it grows. What keeps that cheap as the store grows:
each story's profile is stored and rebuilt only when its sampled reports change
(profile.py), only pairs near in time are compared (pairs.py), the average linkage is
sparse and exact at ties (upgma.py), and only storylines that changed are written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.records import Story, Storyline, content_id
from newsdesk.store import Store
from newsdesk.stories.features import ArticleFeatures, XleadSource
from newsdesk.storylines.develop import JOIN_THRESHOLD, develop
from newsdesk.storylines.pairs import NameIndex, Pairs, kept_days, named_overlap, near_pairs
from newsdesk.storylines.places import apart_by_place, main_places
from newsdesk.storylines.profile import (
    SAMPLE,
    StoryProfile,
    XleadFill,
    digest,
    profile_of,
    sampled,
)
from newsdesk.storylines.upgma import upgma

# Mean similarity between the stories of two groups needed to join them. Set on the
# demo corpus (its talks and the bridge the same leaders open two days later are one
# storyline, floods, an acquisition and a library are not) and checked on the realnews
# corpora (each developing story one storyline, the unrelated distractors apart).
LINK_THRESHOLD = 0.25
# e5 cosines between the mean leads of two stories: at E5_FLOOR or below they say
# nothing (unrelated news of one kind sits at ~.80-.88), E5_FLOOR + E5_SPAN counts as
# fully alike. Reports of one developing story sit at ~.90-.97. At .88 two outages of
# one vendor's cloud (realnews crowdstrike D1, D2) joined the storyline of another
# vendor's outage through their mean leads; at .90 they stay apart, and every event of
# both realnews storylines stays in (checked with a replay of the clustering).
E5_FLOOR = 0.90
E5_SPAN = 0.06
# The same for MiniLM cosines between the mean clean leads of two English stories.
# MiniLM spreads reports of one developing story wider than e5 (.40-.87 where e5 has
# .90-.95), hence the lower floor and wider span. Chosen with the storylines of every data
# set of benchmarks/stories.py (stories from one clustering, pairwise F1 of "same
# storyline" against the gold topics): realnews baltimore and crowdstrike give the same
# storylines as e5 did, ECB+ dev .962 -> .987, ECB+ train .836 -> .857, BASIL .895 ->
# .902, MEANTIME .049 -> .051, NewsWCL50 .533 equal. (A linear fit of MiniLM on e5 over
# those pairs, slope ~3.9, put the floor at .58: baltimore's main storyline then lost
# two events.)
MINILM_FLOOR = 0.47
MINILM_SPAN = 0.35
# Pairs judged at once (Compared.similarity): bounds the temporaries, ~2 MB.
SIMILARITY_CHUNK = 16_384
KEY_ENTITIES = 8
# Days between two stories that cost nothing, and the further days over which their
# likeness fades to nothing (time_factor); a story with no other story within
# ISOLATED_DAYS has dates that say nothing about this store's storylines.
GAP_DAYS = 7
GAP_SPAN = 21
ISOLATED_DAYS = 90


@dataclass(slots=True)
class LinkSummary:
    storylines: int
    stories: int
    linked: int  # stories in a storyline with at least one other story
    profiled: int = 0  # stories whose profile was (re)built from their reports' features
    rewritten: int = 0  # storylines written or removed


def _units(means: Sequence[np.ndarray | None]) -> np.ndarray:
    """Unit vectors (float64) of the profiles' mean vectors (zeros for one without)."""
    dim = next((len(m) for m in means if m is not None), 1)
    out = np.stack([np.zeros(dim) if m is None else np.asarray(m, dtype=np.float64)
                    for m in means])
    return np.asarray(out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12))


def story_similarity(groups: Sequence[Sequence[ArticleFeatures]],
                     xleads: XleadSource | None = None,
                     near: np.ndarray | None = None) -> np.ndarray:
    """Similarity (0..1) between every two groups of reports (stories), see above.
    ``xleads`` builds the e5 vectors of English reports in a pair across languages;
    pairs that ``near`` (a boolean matrix) marks False count for nothing anyway, and get
    none built."""
    profiles = [profile_of(str(i), "", g) for i, g in enumerate(groups)]

    def fill(wanted: list[StoryProfile]) -> None:
        chosen = [groups[int(p.story_id)] for p in wanted]
        if xleads is not None:
            xleads([f for g in chosen for f in g if f.xlead is None])
        for p, g in zip(wanted, chosen, strict=True):
            p.xlead = profile_of(p.story_id, "", g).xlead

    return profile_similarity(profiles, fill, near)


def profile_similarity(profiles: list[StoryProfile], fill: XleadFill,
                       near: np.ndarray | None = None) -> np.ndarray:
    """``story_similarity`` over profiles. ``fill`` is given the profiles compared
    across languages that lack an e5 mean, and sets it on them."""
    ent = _overlap([p.shares for p in profiles])
    english = np.asarray([p.english for p in profiles], dtype=bool)
    same = english[:, None] & english[None, :]
    ml = _units([p.lead for p in profiles])
    by_words = np.clip((ml @ ml.T - MINILM_FLOOR) / MINILM_SPAN, 0.0, 1.0)
    cross = ~same if near is None else ~same & near
    if cross.any():
        wanted = [profiles[i] for i in np.flatnonzero(cross.any(axis=1)).tolist()
                  if profiles[i].xlead is None]
        if wanted:
            fill(wanted)
        xl = _units([p.xlead for p in profiles])
        by_words = np.where(same, by_words, np.clip((xl @ xl.T - E5_FLOOR) / E5_SPAN, 0.0, 1.0))
    n = len(profiles)
    ii, jj = np.divmod(np.arange(n * n), n)
    ent = np.where(named_overlap(profiles, ii, jj)[1].reshape(n, n), 0.0, ent)
    no_names = np.asarray([not p.shares for p in profiles])
    # A story whose reports name nothing known (another language) is judged by e5 alone.
    sim = np.where(no_names[:, None] | no_names[None, :], by_words,
                   np.maximum(ent, by_words))
    sim = np.where(apart_by_place(profiles, ii, jj).reshape(n, n), 0.0, sim)
    np.fill_diagonal(sim, 1.0)
    return np.asarray(sim)


def _overlap(shares: Sequence[dict[str, float]]) -> np.ndarray:
    """Weighted overlap of two stories' entity shares: the shares they have in common
    (the smaller of the two per name) over the smaller story's total. A cosine let a
    press release that names a dozen agencies look unlike the event it announces; the
    overlap asks how much of the one story the other names (realnews crowdstrike: two
    cloud outages that share little but the vendor's name with the update outage's
    events now stay out of its storyline)."""
    n = len(shares)
    common = np.zeros((n, n))
    holders: dict[str, list[tuple[int, float]]] = {}
    for i, sh in enumerate(shares):
        for k, share in sh.items():
            holders.setdefault(k, []).append((i, share))
    for held in holders.values():
        if len(held) > 1:
            idx = np.asarray([i for i, _ in held])
            w = np.asarray([x for _, x in held])
            common[np.ix_(idx, idx)] += np.minimum(w[:, None], w[None, :])
    totals = np.asarray([sum(sh.values()) for sh in shares])
    smaller = np.minimum(totals[:, None], totals[None, :])
    return np.asarray(np.where(smaller > 0, common / np.maximum(smaller, 1e-12), 0.0))


def time_factor(groups: Sequence[Sequence[ArticleFeatures]]) -> np.ndarray:
    """How much of two stories' likeness counts given the days between their reports
    (the closest two event days): all of it up to GAP_DAYS apart, then less, down to
    nothing GAP_SPAN days further. A developing story moves from event to event within
    days; a story weeks before another that shares its names (the same port's record
    year a month earlier, the same airline's quarterly results) is not a development of
    it unless the events between them chain it in. A day no other story's report comes
    near (ISOLATED_DAYS: a scraper's repost date a year on) says nothing here, and a
    story without days is not judged by time."""
    return days_factor([sorted({f.day for f in g if f.day is not None}) for g in groups])


def days_factor(story_days: Sequence[Sequence[int]]) -> np.ndarray:
    """``time_factor`` from each story's sorted distinct days."""
    days = [np.asarray(d, dtype=np.float64) for d in story_days]
    n = len(days)
    out = np.ones((n, n))
    if not any(d.size for d in days):
        return out
    # Numpy over (story, day) entries, not Python over story pairs: analyze rebuilds the
    # storylines over every story on each run (1,000 stories: 2.7 CPU-s in the loops).
    owner = np.concatenate([np.full(d.size, i) for i, d in enumerate(days)])
    every = np.concatenate(days)
    ordered = np.sort(every)
    # A day is kept when another story has a day within ISOLATED_DAYS: entries in the
    # window over all stories, less the story's own.
    near_all = (np.searchsorted(ordered, every + ISOLATED_DAYS, side="right")
                - np.searchsorted(ordered, every - ISOLATED_DAYS, side="left"))
    near_own = np.concatenate([np.searchsorted(d, d + ISOLATED_DAYS, side="right")
                               - np.searchsorted(d, d - ISOLATED_DAYS, side="left")
                               for d in days if d.size])
    keep = near_all > near_own
    owner, every = owner[keep], every[keep]
    holders = np.unique(owner)
    if holders.size < 2:
        return out
    starts = np.searchsorted(owner, holders)  # entries are grouped by story, in order
    for j in holders.tolist():
        mine = every[owner == j]  # sorted
        at = np.clip(np.searchsorted(mine, every), 1, mine.size - 1) if mine.size > 1 else None
        if at is None:
            dist = np.abs(every - mine[0])
        else:
            dist = np.minimum(np.abs(every - mine[at - 1]), np.abs(every - mine[at]))
        gap = np.minimum.reduceat(dist, starts)
        column = np.clip(1.0 - (gap - GAP_DAYS) / GAP_SPAN, 0.0, 1.0)
        out[holders, j] = column
        out[j, holders] = column
    np.fill_diagonal(out, 1.0)
    return out


def _order_key(story: Story) -> tuple[str, str]:
    # Undated stories sort after dated ones, then by id so the order is stable.
    return (story.first_seen or "9999", story.id)


def build_storylines(stories: Sequence[Story], feats: dict[str, ArticleFeatures],
                     threshold: float = LINK_THRESHOLD,
                     xleads: XleadSource | None = None) -> list[Storyline]:
    """Storylines over ``stories``; ``feats`` holds the features of their reports (a
    story none of whose reports has features stays a storyline of its own); ``xleads``
    builds e5 vectors that pairs across languages need."""
    groups = {s.id: [feats[m] for m in s.members if m in feats][-SAMPLE:] for s in stories}
    profiles = {sid: profile_of(sid, "", g) for sid, g in groups.items()}

    def fill(wanted: list[StoryProfile]) -> None:
        if xleads is not None:
            xleads([f for p in wanted for f in groups[p.story_id] if f.xlead is None])
        for p in wanted:
            p.xlead = profile_of(p.story_id, "", groups[p.story_id]).xlead

    return link_profiles(stories, profiles, fill, threshold)


@dataclass(slots=True)
class Previous:
    """What an incremental link starts from: each story's stored storyline, and the
    stories to link again (``seeds``: stories whose profile changed or that are new,
    those whose kept days may have moved, and every story of a storyline one of them
    was in or a removed story left). Every other story keeps its stored storyline
    unless a strong pair ties it to a story linked again (``_closure``)."""

    line_of: dict[str, str]
    seeds: set[str]


def link_profiles(stories: Sequence[Story], profiles: Mapping[str, StoryProfile],
                  fill: XleadFill, threshold: float = LINK_THRESHOLD,
                  previous: Previous | None = None) -> list[Storyline]:
    """Storylines over ``stories`` from their profiles (``fill`` sets the e5 means that
    pairs across languages need). Only pairs near in time are compared (pairs.py), and
    average linkage runs per group of stories connected by pairs that reach the
    threshold: average linkage never joins two groups none of whose pairs reaches it
    (their mean is below it); upgma.py keeps that exact at ties. With ``previous``
    only the groups the changed stories are connected to are linked again: the same
    storylines as linking everything, at the cost of what changed (issue 16)."""
    ordered = sorted(stories, key=lambda s: s.id)  # canonical input order for linkage
    with_feats = [i for i, s in enumerate(ordered) if profiles[s.id].size]
    label: dict[int, int | str] = {i: -1 - i for i in range(len(ordered))}  # alone unless linked
    if len(with_feats) > 1:
        chosen = [profiles[ordered[i].id] for i in with_feats]
        pairs = near_pairs([p.days for p in chosen], GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
        stories_of = [ordered[i] for i in with_feats]
        if previous is None:
            part = np.arange(len(chosen))
            alike = pair_similarity(chosen, Pairs(pairs.i, pairs.j, np.ones(pairs.i.size)),
                                    fill)
        else:
            seeds = np.asarray([k for k, s in enumerate(stories_of) if s.id in previous.seeds],
                               dtype=np.int64)
            part, pairs, alike = _closure(chosen, pairs, seeds, fill, threshold)
            for k, s in enumerate(stories_of):  # outside the part: the stored storyline
                label[with_feats[k]] = "line:" + previous.line_of.get(s.id, s.id)
        sub = [chosen[k] for k in part.tolist()]
        clusters = upgma(len(sub), pairs.i, pairs.j, alike * pairs.fade, threshold)
        weight = [(stories_of[k].independent_sources, len(stories_of[k].members),
                   stories_of[k].id) for k in part.tolist()]
        clusters = develop(clusters, weight, _kept_in(chosen, part),
                           Pairs(pairs.i, pairs.j, alike))
        label.update({with_feats[k]: int(c)
                      for k, c in zip(part.tolist(), clusters.tolist(), strict=True)})
    elif with_feats:
        label[with_feats[0]] = 0
    members: dict[int | str, list[Story]] = {}
    for i, story in enumerate(ordered):
        members.setdefault(label[i], []).append(story)
    return [_storyline(sorted(m, key=_order_key)) for m in members.values()]


def _kept_in(chosen: Sequence[StoryProfile], part: np.ndarray) -> list[np.ndarray]:
    """The kept days (pairs.kept_days over every story) of the stories in ``part``."""
    kept = kept_days([p.days for p in chosen], ISOLATED_DAYS)
    return [kept[k] for k in part.tolist()]


def _closure(chosen: Sequence[StoryProfile], pairs: Pairs, seeds: np.ndarray,
             fill: XleadFill, threshold: float) -> tuple[np.ndarray, Pairs, np.ndarray]:
    """The stories a full link could group differently from the stored storylines: the
    seeds and every story a strong pair connects to them, step by step. A pair is
    strong when it could join two groups: faded similarity at ``threshold`` (average
    linkage) or similarity at develop's JOIN_THRESHOLD (main events joined). Average
    linkage and develop act within groups connected by such pairs, so outside this
    part a full link gives the stored storylines. Only pairs that touch the part are
    compared. Returns the part (indices into ``chosen``), its pairs renumbered within
    it, and their similarities before the time factor."""
    inside = np.zeros(len(chosen), dtype=bool)
    inside[seeds] = True
    done = np.zeros(pairs.i.size, dtype=bool)
    alike = np.zeros(pairs.i.size)
    frontier = inside.copy()
    compared = Compared(chosen, fill)
    while frontier.any():
        todo = np.flatnonzero((frontier[pairs.i] | frontier[pairs.j]) & ~done)
        # In chunks here too: a step's pair indices are not gathered whole.
        for start in range(0, todo.size, SIMILARITY_CHUNK):
            step = todo[start : start + SIMILARITY_CHUNK]
            alike[step] = compared.similarity(pairs.i[step], pairs.j[step])
        done[todo] = True
        strong = todo[(alike[todo] * pairs.fade[todo] >= threshold)
                      | (alike[todo] >= JOIN_THRESHOLD)]
        reached = np.unique(np.concatenate([pairs.i[strong], pairs.j[strong]]))
        frontier = np.zeros(len(chosen), dtype=bool)
        frontier[reached[~inside[reached]]] = True
        inside |= frontier
    del compared, done  # before the part's pairs are gathered (peak memory)
    part = np.flatnonzero(inside)
    at = np.full(len(chosen), -1, dtype=np.int64)
    at[part] = np.arange(part.size)
    keep = inside[pairs.i] & inside[pairs.j]
    return (part, Pairs(at[pairs.i[keep]], at[pairs.j[keep]], pairs.fade[keep]),
            alike[keep])


def _units32(means: Sequence[np.ndarray | None], chunk: int = 256,
             dim: int | None = None) -> np.ndarray:
    """``_units`` as float32, built a block of rows at a time: the same numbers as
    ``_units(means).astype(np.float32)`` (each row is normalised on its own), without
    two float64 copies of the whole matrix (issue 16: peak memory). ``dim``: the width
    when every mean is None (else that of the first)."""
    dim = next((len(m) for m in means if m is not None), dim or 1)
    out = np.empty((len(means), dim), dtype=np.float32)
    for start in range(0, len(means), chunk):
        block = [np.zeros(dim) if m is None else m for m in means[start : start + chunk]]
        out[start : start + chunk] = _units(block)
    return out


def _dots(units: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Row-wise dot products of the pairs, a chunk at a time (bounded memory: each
    chunk gathers two rows per pair), in float32 as the vectors are stored: the gathers
    of rows are the cost, and float32 halves them (the cosines move by ~1e-7, far below
    any step that decides)."""
    rows = units.astype(np.float32, copy=False)
    out = np.empty(i.size)
    for start in range(0, i.size, chunk):
        a, b = i[start : start + chunk], j[start : start + chunk]
        out[start : start + chunk] = np.einsum("ij,ij->i", rows[a], rows[b])
    return out


def pair_similarity(profiles: list[StoryProfile], pairs: Pairs, fill: XleadFill) -> np.ndarray:
    """``profile_similarity`` times the time factor, for the given pairs only."""
    return Compared(profiles, fill).similarity(pairs.i, pairs.j) * pairs.fade


class Compared:
    """Stories ready to be compared pair by pair: what belongs to each story (unit
    leads, names, main places) is prepared once, e5 means when a pair across languages
    first needs them; pairs are then judged a chunk at a time. Linking again asks about
    the pairs of a growing part of the store step by step (``_closure``); preparing the
    stories in every step, and judging a step's hundreds of thousands of pairs at once,
    held several copies of that work (issue 16: the storylines stage's peak memory)."""

    def __init__(self, profiles: Sequence[StoryProfile], fill: XleadFill) -> None:
        self.profiles = profiles
        self.fill = fill
        self.leads = _units32([p.lead for p in profiles])
        self.english = np.asarray([p.english for p in profiles], dtype=bool)
        self.names = NameIndex.of(profiles)
        self.mains = [main_places(p) for p in profiles]
        self.no_names = np.asarray([not p.shares for p in profiles], dtype=bool)
        self._xl_row = np.full(len(profiles), -1, dtype=np.int64)  # row in _xl, -1: none yet
        self._xl: np.ndarray | None = None

    def similarity(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Each pair's similarity before the time factor."""
        out = np.empty(i.size)
        for start in range(0, i.size, SIMILARITY_CHUNK):
            span = slice(start, start + SIMILARITY_CHUNK)
            out[span] = self._chunk(i[span], j[span])
        return out

    def _chunk(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        by_words = np.clip((_dots(self.leads, i, j) - MINILM_FLOOR) / MINILM_SPAN, 0.0, 1.0)
        cross = ~(self.english[i] & self.english[j])
        if cross.any():
            ci, cj = i[cross], j[cross]
            xl = self._xleads(np.union1d(ci, cj))
            by_words[cross] = np.clip((_dots(xl, self._xl_row[ci], self._xl_row[cj])
                                       - E5_FLOOR) / E5_SPAN, 0.0, 1.0)
        ent, only_places = self.names.overlap(i, j)
        ent[only_places] = 0.0
        # A story whose reports name nothing known (another language) is judged by e5 alone.
        sim = np.where(self.no_names[i] | self.no_names[j], by_words, np.maximum(ent, by_words))
        alike = np.flatnonzero(sim > 0)  # where the place rule can matter
        sim[alike[apart_by_place(self.profiles, i[alike], j[alike], self.mains)]] = 0.0
        return np.asarray(sim)

    def _xleads(self, rows: np.ndarray) -> np.ndarray:
        """The e5 unit means (rows by ``_xl_row``), those of ``rows`` (indices of
        profiles) still missing built through ``fill`` first (a story none of whose
        reports gets one compares as zeros)."""
        new = rows[self._xl_row[rows] < 0]
        if not new.size and self._xl is not None:
            return self._xl
        wanted = [self.profiles[k] for k in new.tolist() if self.profiles[k].xlead is None]
        if wanted:
            self.fill(wanted)
        units = _units32([self.profiles[k].xlead for k in new.tolist()],
                         dim=None if self._xl is None else self._xl.shape[1])
        done = 0 if self._xl is None else len(self._xl)
        self._xl_row[new] = np.arange(done, done + new.size)
        self._xl = units if self._xl is None else np.concatenate([self._xl, units])
        return self._xl


def _storyline(stories: list[Story]) -> Storyline:
    first = min((s.first_seen for s in stories if s.first_seen), default=None)
    last = max((s.last_seen for s in stories if s.last_seen), default=None)
    # Named after its most reported event; key names are those most of its events share.
    main = max(stories, key=lambda s: (s.independent_sources, len(s.members), s.id))
    counts: Counter[str] = Counter()
    for s in stories:
        counts.update(dict.fromkeys(s.entities, 1))
    entities = [name for name, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    earliest = min(stories, key=lambda s: (_order_key(s)[0], min(s.members, default=s.id)))
    return Storyline(id=content_id("storyline", earliest.id), title=main.title,
                     stories=[s.id for s in stories], first_seen=first, last_seen=last,
                     entities=entities[:KEY_ENTITIES])


def link_store(store: Store) -> LinkSummary:
    """Link the store's stories into storylines. Profiles are rebuilt for the stories
    whose sampled reports changed only, and only the storylines that differ from the
    stored ones are written; the result is the same as linking from scratch."""
    from newsdesk.stories.kinds import FEATURES_KIND
    from newsdesk.stories.service import StoredXleads, load_features

    stories = store.stories()
    versions = store.annotation_versions(FEATURES_KIND)
    keys = {s.id: digest(s.id, sampled(s, versions)) for s in stories}
    stored_days: dict[str, list[int]] = {}  # every stored profile's days
    profiles: dict[str, StoryProfile] = {}
    for row in store.iter_storyline_profiles():
        stored_days[row["story_id"]] = [int(d) for d in row["payload"]["days"]]
        if keys.get(row["story_id"]) == row["digest"]:
            profiles[row["story_id"]] = StoryProfile.from_row(row)
    stale = [s for s in stories if s.id not in profiles]
    feats = load_features(store, [m for s in stale for m in sampled(s, versions)])
    for s in stale:
        group = [feats[m] for m in sampled(s, versions) if m in feats]
        profiles[s.id] = profile_of(s.id, keys[s.id], group)
    dirty = {s.id for s in stale}
    source = StoredXleads(store)

    def fill(wanted: list[StoryProfile]) -> None:
        # e5 means for stories compared across languages: their reports' e5 vectors are
        # read (or built once) and the profile keeps the mean for the next runs.
        by_id = {s.id: s for s in stories}
        ids = [m for p in wanted for m in sampled(by_id[p.story_id], versions)]
        more = load_features(store, ids)
        source([f for f in more.values() if f.xlead is None])
        for p in wanted:
            group = [more[m] for m in sampled(by_id[p.story_id], versions) if m in more]
            p.xlead = profile_of(p.story_id, p.digest, group).xlead
            dirty.add(p.story_id)

    gone = sorted(set(stored_days) - set(keys))
    previous = _previous(stories, profiles, stored_days, {s.id for s in stale}, gone,
                         store.storyline_of())
    lines = link_profiles(stories, profiles, fill, previous=previous)
    before = {line.id: line for line in store.storylines()}
    changed = [line for line in lines if before.get(line.id) != line]
    removed = set(before) - {line.id for line in lines}
    with store.transaction() as tx:
        tx.put_storyline_profiles([profiles[sid].row() for sid in sorted(dirty)])
        tx.delete_storyline_profiles(gone)
        tx.write_storylines(changed, removed)
    linked = sum(len(line.stories) for line in lines if len(line.stories) > 1)
    return LinkSummary(storylines=len(lines), stories=len(stories), linked=linked,
                       profiled=len(stale), rewritten=len(changed) + len(removed))


def _previous(stories: Sequence[Story], profiles: Mapping[str, StoryProfile],
              stored_days: Mapping[str, list[int]], changed: set[str], gone: Sequence[str],
              line_of: dict[str, str]) -> Previous | None:
    """Where an incremental link starts (``Previous``), or None to link every story: on
    the first link, and when most stories would be linked again anyway."""
    if not line_of:
        return None
    ids = {s.id for s in stories}
    changed = changed | {sid for sid in ids if sid not in line_of}  # never linked
    # Days that moved: the new days of changed stories, the stored ones of changed and
    # removed stories. A day of another story that no other unchanged story comes near
    # may have been kept or dropped by them (pairs.kept_days), which moves its pairs.
    moved = [d for sid in changed for d in profiles[sid].days]
    moved += [d for sid in [*changed, *gone] for d in stored_days.get(sid, [])]
    seeds = changed | _isolation_moved([(sid, profiles[sid].days) for sid in sorted(ids)
                                        if sid not in changed and profiles[sid].size],
                                       moved)
    hit = {line_of[sid] for sid in seeds | set(gone) if sid in line_of}
    seeds |= {sid for sid, line in line_of.items() if line in hit and sid in ids}
    if 2 * len(seeds) > len(ids):
        return None
    return Previous(line_of, seeds)


def _isolation_moved(unchanged: Sequence[tuple[str, list[int]]], moved: Sequence[int]) -> set[str]:
    """Unchanged stories with a day no other unchanged story comes within ISOLATED_DAYS
    of, and a moved day within ISOLATED_DAYS of it: whether that day is kept depends on
    the stories that moved."""
    if not moved or not unchanged:
        return set()
    near = np.sort(np.asarray(moved, dtype=np.float64))
    kept = kept_days([days for _sid, days in unchanged], ISOLATED_DAYS)
    out = set()
    for (sid, days), k in zip(unchanged, kept, strict=True):
        if len(days) == k.size:
            continue
        lonely = np.setdiff1d(np.asarray(days, dtype=np.float64), k)
        lo = np.searchsorted(near, lonely - ISOLATED_DAYS, side="left")
        hi = np.searchsorted(near, lonely + ISOLATED_DAYS, side="right")
        if (hi > lo).any():
            out.add(sid)
    return out
