"""The local engine: runs stages over the store's articles in batches, in this process."""

from __future__ import annotations

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


class LocalRunner:
    """Runs a stage batch by batch; each batch's results commit in one transaction,
    so an interrupted run resumes where it stopped (stages skip done work)."""

    def __init__(self, store: Store, batch_size: int = 64,
                 progress: Callable[[int], None] | None = None) -> None:
        self.store = store
        self.batch_size = batch_size
        self.progress = progress or (lambda _n: None)

    def run(self, stage: ArticleStage, articles: Iterable[Any]) -> int:
        done = 0
        for batch in batched(articles, self.batch_size):
            results = stage.process(batch)
            self._save(stage, batch, results)
            done += len(batch)
            self.progress(len(batch))
        return done

    def _save(self, stage: ArticleStage, batch: Sequence[Any], results: list[object]) -> None:
        with self.store.transaction() as tx:
            stage.save(tx, batch, list(results))
