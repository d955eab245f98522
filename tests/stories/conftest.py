"""Fixtures for the story tests: real features of real articles, computed once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.stories.features import ArticleFeatures, ArticleText, build_features


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> list[ArticleText]:
    return [ArticleText(p.stem, p.read_text("utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]


@pytest.fixture(scope="session")
def seed_features(seed_texts: list[ArticleText]) -> list[ArticleFeatures]:
    return build_features(seed_texts)


@pytest.fixture(scope="session")
def clustered_demo(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the demo store with stories clustered once (read-only for tests)."""
    from newsdesk.store import open_store
    from newsdesk.stories import cluster_store

    src = Path(demo_db.removeprefix("sqlite:///"))
    with open_store(demo_db) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dst = tmp_path_factory.mktemp("stories") / "demo.db"
    shutil.copy(src, dst)
    url = f"sqlite:///{dst}"
    with open_store(url) as s:
        cluster_store(s)
    return url


@pytest.fixture(scope="session")
def demo_features(clustered_demo: str) -> list[ArticleFeatures]:
    """The features cluster_store saved for the demo articles (arrival order)."""
    from newsdesk.store import open_store
    from newsdesk.stories.service import load_features

    with open_store(clustered_demo) as s:
        ids = [a.id for a in s.iter_articles()]
        found = load_features(s, ids)
    return [found[i] for i in ids if i in found]
