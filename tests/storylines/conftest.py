"""Fixtures for the storyline tests: the demo corpus clustered into stories, linked once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.stories.conftest import clustered_demo  # noqa: F401  (re-exported fixture)


@pytest.fixture(scope="session")
def linked_demo(clustered_demo: str, tmp_path_factory: pytest.TempPathFactory) -> str:  # noqa: F811
    """A copy of the clustered demo store with storylines linked (read-only for tests)."""
    from newsdesk.store import open_store
    from newsdesk.storylines import link_store

    with open_store(clustered_demo) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dst = tmp_path_factory.mktemp("storylines") / "demo.db"
    shutil.copy(Path(clustered_demo.removeprefix("sqlite:///")), dst)
    url = f"sqlite:///{dst}"
    with open_store(url) as s:
        link_store(s)
    return url
