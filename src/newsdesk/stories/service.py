"""``cluster_store``: put the store's new articles into stories and persist the stories.

Only articles not yet in a story are represented and clustered; earlier stories are
loaded as they are and change only where new articles join, merge or split them.
Copies (copy_links) and exact duplicates do not take part: each follows its origin
into the origin's story, and counts as the same source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.engine import LocalRunner, batched
from newsdesk.models import multilingual
from newsdesk.models.multilingual import get_multilingual_embedder
from newsdesk.records import Article, ArticleMeta, CopyLink, Story, content_id
from newsdesk.store import Store
from newsdesk.stories.cluster import StoryClusterer
from newsdesk.stories.features import ArticleFeatures, ArticleText, clean_lead
from newsdesk.stories.kinds import (
    BODY_KIND,
    CLEAD_KIND,
    FEATURES_KIND,
    FEATURES_VERSION,
    LEAD_KIND,
    XLEAD_KIND,
)
from newsdesk.stories.record import build_story, copy_groups, independent_sources, story_id
from newsdesk.stories.stage import StoryFeaturesStage
from newsdesk.stories.text import publication_day

if TYPE_CHECKING:
    from newsdesk.engine.ray_runner import RayRunner

    Runner = LocalRunner | RayRunner

VERSION = FEATURES_VERSION
# The time window of stored stories re-examined with new reports (``_window``), in days
# before the new reports' earliest day and after their latest. Before: twice the pair
# model's cannot-link gap (a story's report dated within it may have an event day that
# is close). After: a report may tell an event a few weeks before it was published.
WINDOW_BEFORE = 14
WINDOW_AFTER = 30
__all__ = ["BODY_KIND", "FEATURES_KIND", "LEAD_KIND", "ClusterSummary", "cluster_store"]

# New reports clustered together in one StoryClusterer.add: a bulk load (a first run, a
# day's catch-up) up to this many is clustered as a whole, as average linkage over all
# of it would, rather than in slices whose boundaries the arrival order sets. With 64
# the realnews end-to-end events F1 of baltimore ranged .852-.891 over five shuffled
# input orders (when the slices fell one way a collapse report joined the liability
# petition's story and a Spanish report of the FBI inquiry the collapse's); with 256
# every order gives .891. The neighbourhood stays bounded by cluster.MAX_NODES.
CLUSTER_BATCH = 256


@dataclass(slots=True)
class ClusterSummary:
    new_articles: int  # articles put into a story by this run
    stories: int  # stories in the store afterwards
    created: int
    changed: int
    removed: int
    # article id -> the story it was in before, for the members of the stories written
    # (the cross-check reuses the pair verdicts of those stories' last checks)
    previous: dict[str, str] = field(default_factory=dict)


def leader_of(article: Article | ArticleMeta, links: dict[str, CopyLink], known: set[str]) -> str:
    """The article whose story this one belongs to: its copy origin, else itself."""
    link = links.get(article.id)
    if link and link.origin != article.id and link.origin in known:
        return link.origin
    if article.duplicate_of and article.duplicate_of in known:
        dup_link = links.get(article.duplicate_of)
        if dup_link and dup_link.origin in known:
            return dup_link.origin
        return article.duplicate_of
    return article.id


def _leaders(articles: Sequence[Article | ArticleMeta], links: dict[str, CopyLink],
             known: set[str]) -> dict[str, str]:
    """Follow copy origins to the root (a few steps at most; cycles stop at the start)."""
    direct = {a.id: leader_of(a, links, known) for a in articles}
    out = {}
    for aid in direct:
        seen, cur = {aid}, direct[aid]
        while direct.get(cur, cur) != cur and direct[cur] not in seen:
            seen.add(cur)
            cur = direct[cur]
        out[aid] = cur if direct.get(cur, cur) == cur else aid
    return out


def _representatives(articles: Sequence[Article | ArticleMeta],
                     leader: dict[str, str]) -> dict[str, str]:
    """The member of each copy group that is clustered for it (every member follows it
    into its story). The copy origin, unless it is in another language than the store's
    most common one and a member is in that one: a translation or a reprint in the
    language most reports share carries the entities, words and dates that tell events
    apart, where an origin in another language has only its multilingual lead vector."""
    groups: dict[str, list[Article | ArticleMeta]] = {}
    for a in articles:  # arrival order
        groups.setdefault(leader[a.id], []).append(a)
    langs = Counter(a.lang for a in articles if a.lang)
    main = langs.most_common(1)[0][0] if langs else None
    rep = {}
    for origin, members in groups.items():
        chosen = origin
        first = next((a for a in members if a.id == origin), None)
        if main and first is not None and first.lang != main:
            chosen = next((a.id for a in members if a.lang == main), origin)
        rep.update({a.id: chosen for a in members})
    return rep


def _group_days(articles: Sequence[Article | ArticleMeta], leader: dict[str, str],
                feats: dict[str, ArticleFeatures]) -> None:
    """A clustered report without a known day takes the earliest publication day of
    its copies: copies of one text report one event, and the day one of them shows
    is evidence for all (``feats`` is changed in place)."""
    days: dict[str, int] = {}
    for a in articles:
        day = publication_day(a.published)
        if day is not None and leader[a.id] != a.id:
            days[leader[a.id]] = min(day, days.get(leader[a.id], day))
    for aid, day in days.items():
        f = feats.get(aid)
        if f is not None and f.day is None:
            feats[aid] = replace(f, day=day)


def load_features(store: Store, ids: Sequence[str]) -> dict[str, ArticleFeatures]:
    """Stored features of the current version of these reports only (read a chunk at a
    time: SQL IN lists have a size limit). An English report may lack its e5 vector
    (``StoredXleads`` builds it when needed); a report in another language without one
    is left out (built again by clustering; storylines leave it out)."""
    stored = store.annotations_of(FEATURES_KIND, sorted(set(ids)))
    payloads = {aid: p[0] for aid, (version, p) in stored.items() if version == VERSION and p}
    wanted = sorted(payloads)
    out = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        leads = store.get_vectors(LEAD_KIND, chunk)
        bodies = store.get_vectors(BODY_KIND, chunk)
        xleads = store.get_vectors(XLEAD_KIND, chunk)
        cleads = store.get_vectors(CLEAD_KIND, chunk)
        for aid in chunk:
            if (all(aid in x for x in (leads, bodies, cleads))
                    and (aid in xleads or ArticleFeatures.is_english(payloads[aid].get("lang")))):
                lead = np.frombuffer(leads[aid][1], dtype=np.float32)
                body = np.frombuffer(bodies[aid][1], dtype=np.float32)
                xlead = (np.frombuffer(xleads[aid][1], dtype=np.float32) if aid in xleads
                         else None)
                clead = np.frombuffer(cleads[aid][1], dtype=np.float32)
                out[aid] = ArticleFeatures.from_stored(aid, lead, body, payloads[aid], xlead,
                                                       clead)
    return out


class StoredXleads:
    """``XleadSource`` over a store: e5 lead vectors read where stored, else embedded
    from the article's clean lead and stored, so each is built once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.built = 0  # vectors embedded (for tests and benchmarks)

    def __call__(self, feats: Sequence[ArticleFeatures]) -> None:
        missing = {f.article_id: f for f in feats if f.xlead is None}
        ids = sorted(missing)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            stored = self.store.get_vectors(XLEAD_KIND, chunk)
            for aid, (_dim, data) in stored.items():
                missing[aid].xlead = np.frombuffer(data, dtype=np.float32)
            todo = list(self.store.get_articles([i for i in chunk if i not in stored]))
            if not todo:
                continue
            vectors = get_multilingual_embedder().embed([clean_lead(a.title, a.text)
                                                         for a in todo])
            with self.store.transaction() as tx:
                for a, vector in zip(todo, vectors, strict=True):
                    missing[a.id].xlead = vector
                    tx.put_vector(a.id, XLEAD_KIND, multilingual.MODEL_NAME, multilingual.DIM,
                                  vector.tobytes())
            self.built += len(todo)


def _compute_features(store: Store, articles: Sequence[ArticleMeta],
                      runner: Runner | None = None) -> dict[str, ArticleFeatures]:
    """Build and save features (annotate's mentions when stored, else fallback NER),
    through ``runner`` (local by default, or Ray) in batches that commit one by one."""
    stage = StoryFeaturesStage()

    def items() -> Iterator[ArticleText]:
        # Texts and mentions read a chunk at a time: a large store never sits in memory.
        for chunk in batched(articles, 200):
            for a in store.get_articles([m.id for m in chunk]):
                yield ArticleText.from_article(a, store.get_annotations(a.id, "mentions"))

    (runner or LocalRunner(store)).run(stage, items())
    return stage.built


def cluster_store(store: Store, batch_size: int = CLUSTER_BATCH,
                  progress: Callable[[int], None] | None = None,
                  runner: Runner | None = None) -> ClusterSummary:
    """Assign the articles not yet in a story, then write the stories that changed.

    Features of articles that lack them are built first through ``runner`` (the
    engine: local or Ray); the clustering then runs here, batch by batch, over the new
    articles and the stored stories of their time (``_window``): a store of many years
    is not re-read, only the lineage (ids, dates, copy links) of every article."""
    articles = list(store.iter_article_meta())  # no texts: only new ones are read
    links = store.copy_links(alignment=False)
    known = {a.id for a in articles}
    leader = _representatives(articles, _leaders(articles, links, known))
    story_of = store.story_of()
    reps = [a for a in articles if leader[a.id] == a.id]
    new_reps = [a for a in reps if a.id not in story_of]
    feats = _features(store, new_reps, runner)
    _group_days(articles, leader, feats)
    window = _window(articles, story_of, new_reps, feats)
    old_reps = [a for a in reps if a.id in story_of and story_of[a.id] in window]
    feats.update(_features(store, old_reps, runner))
    _group_days(articles, leader, feats)
    clusterer = StoryClusterer(xleads=StoredXleads(store))
    label_of = {sid: n for n, sid in enumerate(sorted({story_of[a.id] for a in old_reps}))}
    clusterer.load([feats[a.id] for a in old_reps], [label_of[story_of[a.id]] for a in old_reps])
    for batch in batched(new_reps, batch_size):
        clusterer.add([feats[a.id] for a in batch])
        if progress:
            progress(len(batch))
    return _persist(store, clusterer, articles, leader, links, story_of, runner,
                    len(new_reps) + sum(1 for a in articles
                                        if leader[a.id] != a.id and a.id not in story_of))


def _features(store: Store, reps: Sequence[ArticleMeta],
              runner: Runner | None) -> dict[str, ArticleFeatures]:
    """Features of these reports: stored ones of the current version, the rest built."""
    feats = load_features(store, [a.id for a in reps])
    feats.update(_compute_features(store, [a for a in reps if a.id not in feats], runner))
    return feats


def _window(articles: Sequence[ArticleMeta], story_of: dict[str, str],
            new_reps: Sequence[ArticleMeta], feats: dict[str, ArticleFeatures]) -> set[str]:
    """The stored stories that new reports could join, merge or split: those with a
    report published from WINDOW_BEFORE days before the new reports' earliest day (event
    or publication) to WINDOW_AFTER days after their latest, and those with no dated
    report. The pair model never puts two reports whose event days are apart by
    ``apart_days`` (7) or more in one story, and a report's event day is not after its
    publication, so a story whose reports were all published two weeks before the new
    ones cannot take them. A new report with no day at all could belong to any time:
    then every story is re-examined, as before the window."""
    days: list[int] = []
    for a in new_reps:
        f = feats.get(a.id)
        known = [d for d in (f.day if f else None, publication_day(a.published)) if d is not None]
        if not known:
            return set(story_of.values())
        days += known
    if not days:
        return set()
    low, high = min(days) - WINDOW_BEFORE, max(days) + WINDOW_AFTER
    span: dict[str, tuple[int, int]] = {}
    for a in articles:
        sid, day = story_of.get(a.id), publication_day(a.published)
        if sid is not None and day is not None:
            first, last = span.get(sid, (day, day))
            span[sid] = (min(first, day), max(last, day))
    return {sid for sid in set(story_of.values())
            if sid not in span or (span[sid][1] >= low and span[sid][0] <= high)}


def _signature(members: Sequence[ArticleMeta], clustered: Sequence[str], sources: int) -> str:
    """What a story's record is built from: its members in arrival order with the
    metadata the record reads (title, publication time, duplicate), the members that
    were clustered (whose features give the title and key entities), the count of
    independent sources and the features version. Equal signatures, equal records."""
    parts: list[str | None] = [VERSION, str(sources)]
    for a in members:
        parts += [a.id, a.title, a.published, a.duplicate_of]
    parts += sorted(clustered)
    return content_id("story-signature", *parts)


def _persist(store: Store, clusterer: StoryClusterer, articles: Sequence[ArticleMeta],
             leader: dict[str, str], links: dict[str, CopyLink], story_of: dict[str, str],
             runner: Runner | None, new_articles: int) -> ClusterSummary:
    """Write the stories whose record changed. Every story's membership follows from the
    clustered labels and, outside the window, the stored stories (a copy follows its
    origin, so a copy link found later still moves it); a record is built (title, key
    entities) only where its signature differs from the stored one, so an incremental
    run builds the stories its new articles touched, not every story (issue 16)."""
    clustered = {f.article_id: int(lab)
                 for f, lab in zip(clusterer.index.items, clusterer.labels, strict=True)}

    def key(rep: str) -> tuple[str, str]:
        # a label of this run's clustering, else the stored story (outside the window)
        return ("label", str(clustered[rep])) if rep in clustered else ("story", story_of[rep])

    members: dict[tuple[str, str], list[ArticleMeta]] = {}
    reps: dict[tuple[str, str], list[str]] = {}
    for a in articles:  # arrival order, so members[0] is the earliest
        members.setdefault(key(leader[a.id]), []).append(a)
        if leader[a.id] == a.id:
            reps.setdefault(key(a.id), []).append(a.id)
    groups = copy_groups(links)
    stored = store.story_signatures()
    after: dict[str, tuple[tuple[str, str], str]] = {}
    for k, m in members.items():
        after[story_id(m[0].id)] = (k, _signature(m, reps[k], independent_sources(m, groups)))
    # Rebuilt where the signature moved, or where the stored members are not these (a
    # revised article leaves its story's row behind without it; see invalidate_analyses).
    stored_size = Counter(story_of.values())
    rebuild = sorted(sid for sid, (k, sig) in after.items()
                     if stored.get(sid) != sig or stored_size[sid] != len(members[k])
                     or any(story_of.get(a.id) != sid for a in members[k]))
    gone = sorted(sid for sid in stored if sid not in after)
    # Stories outside the window rebuilt (a copy link found later): their features.
    feats = {f.article_id: f for f in clusterer.index.items}
    meta = {a.id: a for a in articles}
    feats.update(_features(store, [meta[r] for sid in rebuild for r in reps[after[sid][0]]
                                   if r not in feats], runner))
    before = {s.id: s for chunk in batched([*rebuild, *gone], 500) for s in store.stories(chunk)}
    created = changed = 0
    with store.transaction() as tx:
        # Features of an earlier FEATURES_VERSION that this run did not rebuild (a copy's,
        # a report of a story outside the window) are never read again; left in place
        # they would tell every later run that features are out of date, and a run with
        # nothing new would cluster and link the whole window again (analyze's check).
        tx.delete_other_versions(FEATURES_KIND, FEATURES_VERSION)
        for sid in gone:
            tx.delete_story(sid)
        for sid in rebuild:
            k, signature = after[sid]
            story = build_story(members[k], [feats[r] for r in reps[k]], groups)
            old = before.get(sid)
            if old is not None and old.members != story.members:
                tx.delete_story(sid)  # members that left must not stay behind
            created += old is None
            changed += old is not None and not _same(old, story)
            tx.put_story(story, {"version": VERSION, "size": len(story.members),
                                 "signature": signature})
    previous = {a.id: story_of[a.id] for sid in rebuild for a in members[after[sid][0]]
                if a.id in story_of}
    return ClusterSummary(new_articles, len(after), created, changed, len(gone), previous)


def _same(a: Story, b: Story) -> bool:
    return (a.members == b.members and a.title == b.title and a.entities == b.entities
            and a.independent_sources == b.independent_sources)
