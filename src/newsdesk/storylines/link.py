"""Link stories into storylines: shared actors, places and subject across days.

An event story is told again in its follow-ups: the same ship, bridge, port and
officials, the same company and its customers. Two stories belong to one storyline when
their reports are, on average, as alike as reports of one topic are (the topic pair
model of ``stories.similarity``, fitted on ECB+ topic labels, which costs nothing for a
gap in days: a storyline's events happen on different days). Stories are grouped by
average linkage over the mean article-pair probability between them, so one stray
likeness between two reports does not chain unrelated stories together.

The grouping is rebuilt from the stories each time analysis runs (cheap: a few dozen
reports per story are compared, not every pair of articles), so it depends only on
the stories, never on the order reports arrived in; a storyline is named after its
earliest story, so its id stays as it grows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.records import Story, Storyline, content_id
from newsdesk.store import Store
from newsdesk.stories.cluster import average_linkage
from newsdesk.stories.features import ArticleFeatures
from newsdesk.stories.similarity import TOPIC_MODEL, FeatureIndex, PairModel

# Mean topic probability between the reports of two stories needed to link them.
# Set on the demo corpus and the seeds (one storyline per seeded story) and checked on
# the realnews corpora (each developing story one storyline, the distractors apart).
LINK_THRESHOLD = 0.35
# Reports compared per story: the largest stories are represented by a sample (their
# latest reports), which bounds the work at (stories x SAMPLE)^2 pairs.
SAMPLE = 12
KEY_ENTITIES = 8


@dataclass(slots=True)
class LinkSummary:
    storylines: int
    stories: int
    linked: int  # stories in a storyline with at least one other story


def story_probabilities(groups: Sequence[Sequence[ArticleFeatures]],
                        model: PairModel = TOPIC_MODEL) -> np.ndarray:
    """Mean article-pair probability between every two groups of reports."""
    items = [f for g in groups for f in g]
    owner = np.asarray([i for i, g in enumerate(groups) for _ in g], dtype=np.int64)
    if not items:
        return np.zeros((len(groups), len(groups)))
    index = FeatureIndex()
    index.extend(items)
    rows = np.arange(len(items))
    prob = index.probabilities(rows, rows, model)
    onehot = np.zeros((len(items), len(groups)))
    onehot[rows, owner] = 1.0
    sums = onehot.T @ prob @ onehot
    sizes = onehot.sum(axis=0)
    return np.asarray(sums / np.maximum(np.outer(sizes, sizes), 1.0))


def _order_key(story: Story) -> tuple[str, str]:
    # Undated stories sort after dated ones, then by id so the order is stable.
    return (story.first_seen or "9999", story.id)


def build_storylines(stories: Sequence[Story], feats: dict[str, ArticleFeatures],
                     threshold: float = LINK_THRESHOLD) -> list[Storyline]:
    """Storylines over ``stories``; ``feats`` holds the features of their reports (a
    story none of whose reports has features stays a storyline of its own)."""
    ordered = sorted(stories, key=lambda s: s.id)  # canonical input order for linkage
    groups = [[feats[m] for m in s.members if m in feats][-SAMPLE:] for s in ordered]
    with_feats = [i for i, g in enumerate(groups) if g]
    label = {i: -1 - i for i in range(len(ordered))}  # alone unless linked
    if len(with_feats) > 1:
        prob = story_probabilities([groups[i] for i in with_feats])
        clusters = average_linkage(prob, threshold)
        label.update({i: int(c) for i, c in zip(with_feats, clusters.tolist(), strict=True)})
    elif with_feats:
        label[with_feats[0]] = 0
    members: dict[int, list[Story]] = {}
    for i, story in enumerate(ordered):
        members.setdefault(label[i], []).append(story)
    return [_storyline(sorted(m, key=_order_key)) for m in members.values()]


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
    """Rebuild the store's storylines from its stories and their stored features."""
    from newsdesk.stories.service import _load_features

    stories = store.stories()
    ids = [m for s in stories for m in s.members[-SAMPLE * 2:]]
    feats = _load_features(store, ids)
    lines = build_storylines(stories, feats)
    with store.transaction() as tx:
        tx.replace_storylines(lines)
    linked = sum(len(line.stories) for line in lines if len(line.stories) > 1)
    return LinkSummary(storylines=len(lines), stories=len(stories), linked=linked)
