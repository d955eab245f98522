"""Shared fixtures: real small inputs (the seeds, the demo corpus) and real stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import Settings, load_settings
from newsdesk.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "demo"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the checkout ({SHARED}): real-data tests skipped")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def benchmarks_dir(shared_dir: Path) -> Path:
    return shared_dir / "benchmarks"


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    # Tests never go online: feed pages are not fetched unless a test turns it on.
    return load_settings(env={}, db=str(tmp_path / "test.db"), fetch_feed_links=False)


@pytest.fixture()
def store(settings: Settings) -> Iterator[Store]:
    s = open_store(settings.db)
    yield s
    s.close()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh schema-less database on the CI's PostgreSQL (NEWSDESK_TEST_PG_URL)."""
    base = os.environ.get("NEWSDESK_TEST_PG_URL")
    if not base:
        pytest.skip("NEWSDESK_TEST_PG_URL is not set: PostgreSQL tests skipped")
    import sqlalchemy as sa

    name = f"nd_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base.replace("postgresql://", "postgresql+psycopg://"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


# -- the demo corpus and its ground truth (demo/ground_truth.json) ------------------


def truth_key(article_source: str, url: str | None) -> str:
    """The ground-truth key of a stored article: its URL, else ``file:corpus/<path>``."""
    if url:
        return url
    path = article_source.split("#", 1)[0]
    marker = "/demo/"
    return "file:" + path.split(marker, 1)[1] if marker in path else "file:" + path


@pytest.fixture(scope="session")
def demo_truth() -> dict:
    import json

    path = DEMO / "ground_truth.json"
    if not path.exists():
        pytest.skip("demo/ground_truth.json is missing")
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the whole demo corpus ingested once per test session.

    Tests must treat it as read-only (copy it with ``demo_store_copy`` to write).
    """
    from newsdesk.ingest import ingest

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    settings = load_settings(env={}, db=str(path), fetch_feed_links=False)
    with open_store(settings.db) as s:
        ingest([str(DEMO / "corpus")], s, settings)
    return settings.db


@pytest.fixture()
def demo_store(demo_db: str, tmp_path: Path) -> Iterator[Store]:
    """A private writable copy of the ingested demo store."""
    import shutil

    src = Path(demo_db.removeprefix("sqlite:///"))
    dst = tmp_path / "demo.db"
    with open_store(demo_db) as s:  # checkpoint the WAL so the copy is complete
        with s.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dst)
    s = open_store(f"sqlite:///{dst}")
    yield s
    s.close()
