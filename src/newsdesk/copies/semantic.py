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
from newsdesk.stories.kinds import BODY_KIND, LEAD_KIND
from newsdesk.stories.stage import StoryFeaturesStage

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
    to date in memory batch by batch (the last ``size`` arrivals).

    The vectors sit in buffers of ``size`` rows allocated once and filled in place:
    reading the pool as one list of stored vectors and stacking it, then stacking it
    again with each batch, held two or three copies of it at once (issue 16: the copies
    stage's peak memory grew by ~200 MB from a 2k to a 20k store, the pool being 60 MB).
    ``seqs``, ``leads`` and ``bodies`` are views of the rows filled, oldest first."""

    def __init__(self, size: int = POOL) -> None:
        self.size = size
        self.loaded = False
        self._seqs = np.zeros(size, dtype=np.int64)
        self._leads: np.ndarray | None = None  # (size, dim), allocated with the first rows
        self._bodies: np.ndarray | None = None
        self._filled = 0

    @property
    def seqs(self) -> np.ndarray:
        return self._seqs[:self._filled]

    @property
    def leads(self) -> np.ndarray:
        return self._leads[:self._filled] if self._leads is not None else np.zeros((0, 0), np.float32)

    @property
    def bodies(self) -> np.ndarray:
        return self._bodies[:self._filled] if self._bodies is not None else np.zeros((0, 0), np.float32)

    def load(self, store: Store, before: int) -> None:
        """The indexed reports that arrived before seq ``before`` (the first call only),
        read a chunk at a time."""
        if self.loaded:
            return
        self.loaded = True
        rows = store.indexed_for_copies(before - self.size, before)
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start:start + _CHUNK]
            vectors = _stored(store, [aid for _s, aid in chunk])
            self.add({seq: vectors[aid] for seq, aid in chunk if aid in vectors})

    def add(self, vectors: dict[int, tuple[np.ndarray, np.ndarray]]) -> None:
        """Append reports later than the pool's (by seq); the oldest make room."""
        seqs = sorted(vectors)[-self.size:]
        if not seqs:
            return
        if self._leads is None or self._bodies is None:
            dim = vectors[seqs[0]][0].shape[0]
            self._leads = np.empty((self.size, dim), dtype=np.float32)
            self._bodies = np.empty((self.size, dim), dtype=np.float32)
        drop = max(0, self._filled + len(seqs) - self.size)
        if drop:  # shift the kept rows to the front, a block at a time (no whole copy)
            kept = self._filled - drop
            for at in range(0, kept, _CHUNK):
                rows = slice(at, min(at + _CHUNK, kept))
                moved = slice(rows.start + drop, rows.stop + drop)
                self._seqs[rows] = self._seqs[moved]
                self._leads[rows] = self._leads[moved]
                self._bodies[rows] = self._bodies[moved]
            self._filled = kept
        end = self._filled + len(seqs)
        self._seqs[self._filled:end] = seqs
        self._leads[self._filled:end] = np.stack([vectors[s][0] for s in seqs])
        self._bodies[self._filled:end] = np.stack([vectors[s][1] for s in seqs])
        self._filled = end


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
