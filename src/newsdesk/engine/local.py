"""The local engine: runs stages over the store's articles in batches, on this machine.

With one process (the default) a batch is processed and saved in this process. With
more, ``process`` runs in worker processes forked once per run (a stage's models, loaded
before the fork by its ``prepare``, are shared by all of them) while this process saves
the finished batches in the order they were submitted: the store ends up exactly as a
one-process run leaves it, and as the Ray engine leaves it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from newsdesk.engine.base import ArticleStage
from newsdesk.store import Store

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


# The stage a worker process runs: set before the fork, so workers inherit it (and its
# loaded models) instead of receiving it pickled with every batch.
_WORKER_STAGE: Any = None


def _work(batch: list[Any]) -> list[Any]:
    return list(_WORKER_STAGE.process(batch))


def _start_worker() -> None:
    start = getattr(_WORKER_STAGE, "start_worker", None)
    if start is not None:
        start()


class LocalRunner:
    """Runs a stage batch by batch; each batch's results commit in one transaction,
    so an interrupted run resumes where it stopped (stages skip done work)."""

    def __init__(self, store: Store, batch_size: int = 64,
                 progress: Callable[[int], None] | None = None, processes: int = 1) -> None:
        self.store = store
        self.batch_size = batch_size
        self.progress = progress or (lambda _n: None)
        self.processes = max(1, processes)

    def run(self, stage: ArticleStage, articles: Iterable[Any]) -> int:
        if self.processes > 1:
            return self._run_pool(stage, articles)
        done = 0
        for batch in batched(articles, self.batch_size):
            results = stage.process(batch)
            self._save(stage, batch, results)
            done += len(batch)
            self.progress(len(batch))
        return done

    def _run_pool(self, stage: ArticleStage, articles: Iterable[Any]) -> int:
        """``process`` in worker processes, at most two batches per worker in flight (a
        large store never sits in memory), saved here in submission order."""
        global _WORKER_STAGE
        prepare = getattr(stage, "prepare", None)
        if prepare is not None:
            prepare()  # models loaded before the fork: the workers share their pages
        _WORKER_STAGE = stage
        pool = None
        pending: deque[tuple[list[Any], Any]] = deque()
        done = 0
        try:
            for batch in batched(articles, self.batch_size):
                if pool is None:  # no workers for a run with nothing to do
                    pool = multiprocessing.get_context("fork").Pool(
                        self.processes, initializer=_start_worker)
                pending.append((batch, pool.apply_async(_work, (batch,))))
                if len(pending) >= 2 * self.processes:
                    done += self._save_oldest(stage, pending)
            while pending:
                done += self._save_oldest(stage, pending)
        finally:
            _WORKER_STAGE = None
            if pool is not None:
                pool.terminate()
                pool.join()
        return done

    def _save_oldest(self, stage: ArticleStage, pending: deque[tuple[list[Any], Any]]) -> int:
        batch, result = pending.popleft()
        self._save(stage, batch, result.get())
        self.progress(len(batch))
        return len(batch)

    def _save(self, stage: ArticleStage, batch: Sequence[Any], results: list[object]) -> None:
        with self.store.transaction() as tx:
            stage.save(tx, batch, list(results))
