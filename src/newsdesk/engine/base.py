"""What a stage is, for the engines that schedule stages.

A per-article stage is a small class with a name, a version, a pure ``process``
(records in, results out: it may run in another process or on another machine) and
a ``save`` that writes its results inside a store transaction. Stages do not know
whether they run locally or on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from newsdesk.store import Transaction


class ArticleStage(Protocol):
    name: str
    version: str

    # Items are Articles, or records built from them in this process (an article's text
    # with its stored annotations): ``process`` may run elsewhere and cannot read the store.
    def process(self, articles: Sequence[Any]) -> list[Any]:
        """Results for the items, in order. Must not touch the store."""
        ...

    def save(self, tx: Transaction, articles: Sequence[Any], results: list[Any]) -> None:
        """Write one batch's results."""
        ...
