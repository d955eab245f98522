"""The Ray engine on a small real local cluster: same stored results as the local engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import Settings
from newsdesk.errors import ConfigError, NewsdeskError
from newsdesk.store import open_store
from newsdesk.stories import cluster_store
from newsdesk.stories.features import ArticleText
from newsdesk.stories.kinds import BODY_KIND, FEATURES_KIND, LEAD_KIND
from newsdesk.stories.stage import StoryFeaturesStage

ray = pytest.importorskip("ray", reason="the Ray engine needs the [ray] extra")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    from newsdesk.engine.ray_runner import start_ray

    start_ray(num_cpus=2)
    yield
    ray.shutdown()


def _copy_store(demo_db: str, dst: Path) -> str:
    with open_store(demo_db) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_db.removeprefix("sqlite:///"), dst)
    return f"sqlite:///{dst}"


def _stored(url: str) -> tuple[dict, dict, dict, set]:
    with open_store(url) as s:
        ids = [a.id for a in s.iter_articles()]
        payloads = dict(s.iter_annotations(FEATURES_KIND))
        leads = s.get_vectors(LEAD_KIND, ids)
        bodies = s.get_vectors(BODY_KIND, ids)
        stories = {frozenset(st.members) for st in s.stories()}
    return payloads, leads, bodies, stories


def test_ray_runner_stories_equal_local_run(ray_cluster, demo_db, tmp_path):
    from newsdesk.engine import LocalRunner
    from newsdesk.engine.ray_runner import RayRunner

    local_url = _copy_store(demo_db, tmp_path / "local.db")
    ray_url = _copy_store(demo_db, tmp_path / "ray.db")
    with open_store(local_url) as s:
        cluster_store(s, runner=LocalRunner(s, batch_size=8))
    with open_store(ray_url) as s:
        cluster_store(s, runner=RayRunner(s, batch_size=8))

    local, ray_run = _stored(local_url), _stored(ray_url)
    assert local[0] == ray_run[0]  # entities, numbers, event days, titles
    assert local[1].keys() == ray_run[1].keys() and len(local[1]) >= 25
    for aid, (_model, blob) in local[1].items():
        a = np.frombuffer(blob, dtype=np.float32)
        b = np.frombuffer(ray_run[1][aid][1], dtype=np.float32)
        # Another thread count may change float sums in the last bits, nothing more.
        assert np.allclose(a, b, atol=1e-5)
    assert local[3] == ray_run[3] and len(local[3]) >= 5


def test_ray_runner_failing_batch_names_it_and_keeps_earlier_batches(ray_cluster, store):
    from newsdesk.engine.ray_runner import RayRunner

    good = [ArticleText(f"good{i}", "Floodwater reached the old mill on Monday. "
                        "Crews worked through the night.", "Mill flooded",
                        "2025-03-03T10:00:00Z") for i in range(2)]
    broken = ArticleText("broken", None, "No text", None)  # type: ignore[arg-type]
    stage = StoryFeaturesStage()
    runner = RayRunner(store, batch_size=2, max_in_flight=1)
    with pytest.raises(NewsdeskError, match="story-features failed on the batch starting at broken"):
        runner.run(stage, [*good, broken])
    assert set(dict(store.iter_annotations(FEATURES_KIND))) == {"good0", "good1"}


def test_make_runner_rejects_an_unknown_engine(store):
    from newsdesk.engine import make_runner

    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        make_runner(store, Settings(engine="spark"))


def _niceness() -> int:
    import os

    return os.nice(0)


def test_ray_runner_workers_run_at_the_drivers_priority(ray_cluster):
    # Ray's default (nice 15) starved the workers on a busy machine.
    assert ray.get(ray.remote(num_cpus=1)(_niceness).remote()) == 0


def test_ray_runner_niceness_setting_is_checked(monkeypatch):
    from newsdesk.engine.ray_runner import worker_niceness

    monkeypatch.setenv("NEWSDESK_RAY_NICENESS", "7")
    assert worker_niceness() == 7
    monkeypatch.setenv("NEWSDESK_RAY_NICENESS", "low")
    with pytest.raises(ConfigError, match="NEWSDESK_RAY_NICENESS"):
        worker_niceness()


def test_ray_runner_with_nothing_to_run_starts_no_cluster(store, monkeypatch):
    """A quiet ``analyze`` (nothing new) must not pay for starting Ray."""
    import newsdesk.engine.ray_runner as ray_runner

    def no_start(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Ray started for no work")

    monkeypatch.setattr(ray_runner, "start_ray", no_start)
    runner = ray_runner.RayRunner(store, address="ray://127.0.0.1:1")
    assert runner.run(StoryFeaturesStage(), []) == 0


def _exports(url: str) -> dict[str, list[str]]:
    """Every export, each row as sorted JSON, rows sorted: what a user can see."""
    import json

    from newsdesk.export import EXPORTS

    with open_store(url) as s:
        return {kind: sorted(json.dumps(row, sort_keys=True, default=str) for row in rows(s))
                for kind, rows in EXPORTS.items()}


@pytest.mark.slow
def test_ray_runner_analyze_exports_equal_local_run(ray_cluster, demo_db, tmp_path):
    """annotate's parse, story features and copies' vectors on Ray workers; annotators,
    clustering and the check in the driver: the same store as the local engine's."""
    from newsdesk.analyze import analyze
    from newsdesk.config import load_settings

    exports = []
    for engine in ("local", "ray"):
        url = _copy_store(demo_db, tmp_path / f"{engine}.db")
        settings = load_settings(env={}, db=url, engine=engine, fetch_feed_links=False)
        with open_store(url) as s:
            analyze(s, settings)
        exports.append(_exports(url))
    local, ray_run = exports
    assert local.keys() == ray_run.keys()
    for kind in local:
        assert local[kind] == ray_run[kind], kind
    assert len(local["stories"]) >= 5 and len(local["quotes"]) >= 10
