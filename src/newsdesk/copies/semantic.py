"""Rewrite candidates by meaning: the nearest earlier reports by MiniLM vectors.

A heavily restyled copy shares too few words for the MinHash bands to propose it (a
quarter of the held-out SheepDog restylings share under 15% of their content words with
their original). Story matching builds a lead vector and a body vector for every report
anyway (stories/features.py); here they are built first, for the reports whose words
found them no copy, and the few nearest earlier reports by those vectors become
candidates for the same verification as any other pair. Only the most recent arrivals
are searched, read from the store once per run and then kept in memory, so memory
stays bounded however large the store grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.copies.verify import Doc
from newsdesk.engine import LocalRunner
from newsdesk.store import Store
from newsdesk.stories.features import ArticleText
from newsdesk.stories.stage import BODY_KIND, LEAD_KIND, StoryFeaturesStage

if TYPE_CHECKING:
    from newsdesk.engine.ray_runner import RayRunner

    Runner = LocalRunner | RayRunner

# The nearest this many earlier reports are verified, when at least this alike (the
# larger of lead and body cosine). Chosen end to end on the tuning part of
# benchmarks/copies_data.py (detect_copies over its 1,342 texts): rewrite recall .556 →
# .622 / .646 / .662 at 0.8 / 0.75 / 0.7 with no more false links of any kind; at 0.6
# links across unrelated items began to grow; five neighbours found nothing three did not.
NEIGHBOURS = 3
MIN_SIMILARITY = 0.7
# Arrivals searched (lead and body vectors: 20,000 x 2 x 384 floats, about 60 MB).
POOL = 20_000
_CHUNK = 500  # ids per SQL IN list


class Features:
    """Lead and body vectors of the reports that look for copies by meaning: stored
    ones read, missing ones built and saved as story features through ``runner`` (the
    engine: local, or Ray with ``--engine ray``), which story matching then reuses."""

    def __init__(self, store: Store, runner: Runner | None = None) -> None:
        self.store = store
        self.runner = runner or LocalRunner(store)
        self.pool = Pool()

    def build(self, docs: Sequence[Doc]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        found = _stored(self.store, [d.article.id for d in docs])
        missing = [d.article for d in docs if d.article.id not in found]
        if missing:
            stage = StoryFeaturesStage()
            items = [ArticleText.from_article(a, self.store.get_annotations(a.id, "mentions"))
                     for a in missing]
            self.runner.run(stage, items)
            found.update({aid: (f.lead, f.body) for aid, f in stage.built.items()})
        return found


def _stored(store: Store, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        leads, bodies = store.get_vectors(LEAD_KIND, chunk), store.get_vectors(BODY_KIND, chunk)
        for aid in chunk:
            if aid in leads and aid in bodies:
                out[aid] = (np.frombuffer(leads[aid][1], dtype=np.float32),
                            np.frombuffer(bodies[aid][1], dtype=np.float32))
    return out


class Pool:
    """The recent reports' vectors, read from the store once per run and then kept up
    to date in memory batch by batch (the last ``POOL`` arrivals)."""

    def __init__(self) -> None:
        self.seqs = np.zeros(0, dtype=np.int64)
        self.leads = np.zeros((0, 0), dtype=np.float32)
        self.bodies = np.zeros((0, 0), dtype=np.float32)
        self.loaded = False

    def load(self, store: Store, before: int) -> None:
        """The indexed reports that arrived before seq ``before`` (the first call only)."""
        if self.loaded:
            return
        self.loaded = True
        rows = store.indexed_for_copies(before - POOL, before)
        vectors = _stored(store, [aid for _s, aid in rows])
        self.add({seq: vectors[aid] for seq, aid in rows if aid in vectors})

    def add(self, vectors: dict[int, tuple[np.ndarray, np.ndarray]]) -> None:
        if not vectors:
            return
        seqs = sorted(vectors)
        leads = np.stack([vectors[s][0] for s in seqs])
        bodies = np.stack([vectors[s][1] for s in seqs])
        if self.seqs.size:
            leads, bodies = np.vstack([self.leads, leads]), np.vstack([self.bodies, bodies])
            seqs = [*self.seqs.tolist(), *seqs]
        self.seqs = np.array(seqs, dtype=np.int64)[-POOL:]
        self.leads, self.bodies = leads[-POOL:], bodies[-POOL:]


def semantic_candidates(pool: Pool, queries: Sequence[tuple[int, Doc]],
                        batch: dict[int, tuple[np.ndarray, np.ndarray]],
                        tried: dict[int, set[int]]) -> list[np.ndarray]:
    """For each (seq, doc) of ``queries``: the seqs of its nearest earlier reports.

    ``pool``: the reports of earlier batches; ``batch``: the vectors of this batch's
    queries by seq (earlier rows are candidates too; they join the pool afterwards);
    ``tried``: per query seq, the candidates the word bands already proposed.
    """
    pool.add(batch)  # rows later than a query are masked below
    if not queries or not pool.seqs.size:
        return [np.zeros(0, dtype=np.int64) for _ in queries]
    out = []
    for seq, _doc in queries:
        lead, body = batch[seq]
        sim = np.maximum(pool.leads @ lead, pool.bodies @ body)
        # Only reports at MIN_SIMILARITY can be kept: rank those few, not the whole pool
        # (a sort of the pool per query grew with the store; the result is the same:
        # best first, ties in pool order).
        near = np.flatnonzero(sim >= MIN_SIMILARITY)
        near = near[(pool.seqs[near] < seq) & ~np.isin(pool.seqs[near], list(tried.get(seq, ())))]
        best = near[np.argsort(-sim[near], kind="stable")[:NEIGHBOURS]]
        out.append(pool.seqs[best])
    return out
