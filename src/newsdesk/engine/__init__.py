"""Engines schedule stages: ``LocalRunner`` in this process, ``RayRunner`` on a Ray cluster."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from newsdesk.engine.base import ArticleStage
from newsdesk.engine.local import LocalRunner, batched
from newsdesk.errors import ConfigError

if TYPE_CHECKING:
    from newsdesk.config import Settings
    from newsdesk.engine.ray_runner import RayRunner
    from newsdesk.store import Store

ENGINES = ("local", "ray")


def make_runner(store: Store, settings: Settings, batch_size: int = 64,
                progress: Callable[[int], None] | None = None) -> LocalRunner | RayRunner:
    """The runner ``settings.engine`` names (Ray is imported only when asked for)."""
    if settings.engine == "local":
        return LocalRunner(store, batch_size=batch_size, progress=progress)
    if settings.engine == "ray":
        from newsdesk.engine.ray_runner import RayRunner

        return RayRunner(store, batch_size=batch_size, progress=progress,
                         address=settings.ray_address, num_cpus=settings.ray_cpus or None)
    raise ConfigError(f"unknown engine {settings.engine!r}: choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "ArticleStage", "LocalRunner", "batched", "make_runner"]
