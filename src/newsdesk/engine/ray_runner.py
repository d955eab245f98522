"""The Ray engine: the same stages as ``LocalRunner``, their ``process`` spread over a cluster.

Batches go out as Ray tasks (at most ``max_in_flight`` at a time, so a large store never
sits in the object store at once); results come back and are saved in submission
order, one transaction per batch, in this process. The store is therefore written by one
process only, resumes the same way as the local engine after an interruption, and ends
up exactly as a local run leaves it (tests/engine/test_ray_runner.py checks that).

Ray is an optional dependency (``pip install newsdesk[ray]``). Without an address a
small local cluster is started for this process; with one (``ray://host:10001`` or
``auto``) the tasks run on that cluster, whose nodes need newsdesk installed.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from newsdesk.engine.base import ArticleStage
from newsdesk.engine.local import batched
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.store import Store


class RayUnavailable(NewsdeskError):
    """Ray is not installed or the cluster cannot be reached."""


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RayUnavailable("the Ray engine needs Ray: pip install 'newsdesk[ray]'") from exc
    return ray


def worker_niceness() -> int:
    """The nice level of the workers of a local cluster: NEWSDESK_RAY_NICENESS, else 0."""
    raw = os.environ.get("NEWSDESK_RAY_NICENESS", "0")
    try:
        return max(0, min(19, int(raw)))
    except ValueError as exc:
        raise ConfigError(f"NEWSDESK_RAY_NICENESS must be a whole number 0-19, not {raw!r}") from exc


def start_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Connect to ``address``, or start a local cluster; a no-op when already connected."""
    ray = _ray()
    if ray.is_initialized():
        return
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                               "configure_logging": False}
    if address:
        options["address"] = address
    else:
        options["num_cpus"] = num_cpus or os.cpu_count() or 1
        # Batches of articles are small; a modest object store keeps a laptop's
        # shared memory free (Ray would take 30% of RAM by default).
        options["object_store_memory"] = 256 * 1024 * 1024
        # Ray starts its workers at nice 15; on a machine that is busy with anything
        # else they then get almost no CPU (a batch can wait for minutes). newsdesk's
        # workers do the run's main work, so they run at the driver's priority unless
        # NEWSDESK_RAY_NICENESS says otherwise. (A cluster started elsewhere keeps its
        # own setting: start it with RAY_worker_niceness=0.)
        options["_system_config"] = {"worker_niceness": worker_niceness()}
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError) as exc:
        raise RayUnavailable(f"cannot start or reach Ray at {address or 'a local cluster'}: {exc}"
                             ) from exc


def _process(stage: ArticleStage, batch: Sequence[Any], threads: int) -> list[Any]:
    # One model thread per task: a node runs as many tasks as it has CPUs, and ONNX
    # Runtime would otherwise start a thread per core in each of them.
    os.environ.setdefault("NEWSDESK_THREADS", str(threads))
    return list(stage.process(batch))


class RayRunner:
    """Runs a stage's ``process`` as Ray tasks and saves each batch here, in order."""

    def __init__(self, store: Store, batch_size: int = 64,
                 progress: Callable[[int], None] | None = None, *,
                 address: str | None = None, num_cpus: int | None = None,
                 max_in_flight: int | None = None) -> None:
        self.store = store
        self.batch_size = batch_size
        self.progress = progress or (lambda _n: None)
        self.address, self.num_cpus = address, num_cpus
        _ray()  # a missing Ray is said at once, not at the first batch
        self.max_in_flight = max_in_flight or 0
        self._remote: Any = None

    def _start(self) -> Any:
        """Start or reach the cluster at the first batch: a run with nothing new to
        compute (``analyze`` after a quiet round) does not start Ray at all."""
        if self._remote is None:
            start_ray(self.address, self.num_cpus)
            ray = _ray()
            cpus = int(ray.cluster_resources().get("CPU", 1))
            self.max_in_flight = self.max_in_flight or 2 * cpus
            self._remote = ray.remote(num_cpus=1, max_retries=1)(_process)
        return self._remote

    def run(self, stage: ArticleStage, articles: Iterable[Any]) -> int:
        ray = _ray()
        stage_ref = None
        pending: deque[tuple[list[Any], Any]] = deque()
        done = 0
        for batch in batched(articles, self.batch_size):
            remote = self._start()
            if stage_ref is None:
                stage_ref = ray.put(stage)  # shipped once, not with every batch
            pending.append((batch, remote.remote(stage_ref, batch, 1)))
            if len(pending) >= self.max_in_flight:
                done += self._save_oldest(stage, pending)
        while pending:
            done += self._save_oldest(stage, pending)
        return done

    def _save_oldest(self, stage: ArticleStage, pending: deque[tuple[list[Any], Any]]) -> int:
        ray = _ray()
        batch, ref = pending.popleft()
        try:
            results = ray.get(ref)
        except ray.exceptions.RayError as exc:
            first = getattr(batch[0], "id", "?")
            raise NewsdeskError(f"stage {stage.name} failed on the batch starting at {first} "
                                f"(earlier batches are saved; re-run to resume): {exc}") from exc
        with self.store.transaction() as tx:
            stage.save(tx, batch, list(results))
        self.progress(len(batch))
        return len(batch)
