"""Engines schedule stages: ``LocalRunner`` here; a Ray runner for clusters."""

from newsdesk.engine.base import ArticleStage
from newsdesk.engine.local import LocalRunner, batched

__all__ = ["ArticleStage", "LocalRunner", "batched"]
