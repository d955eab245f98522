"""What a stage is, for the engines that schedule stages.

A per-article stage is a small class with a name, a version, a pure ``process``
(records in, results out: it may run in another process or on another machine) and
a ``save`` that writes its results inside a store transaction. Stages do not know
whether they run locally or on a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from newsdesk.records import Article
from newsdesk.store import Transaction


class ArticleStage(Protocol):
    name: str
    version: str

    def process(self, articles: Sequence[Article]) -> list[Any]:
        """Results for the articles, in order. Must not touch the store."""
        ...

    def save(self, tx: Transaction, articles: Sequence[Article], results: list[Any]) -> None:
        """Write one batch's results."""
        ...
