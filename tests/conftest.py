"""Shared fixtures: real small inputs (the seeds, the demo corpus) and real stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import Settings, load_settings
from newsdesk.ingest import ingest
from newsdesk.records import Story
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
    # checkpoint the WAL so the copy is complete
    with open_store(demo_db) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(src, dst)
    s = open_store(f"sqlite:///{dst}")
    yield s
    s.close()


# -- a store ready to serve: demo corpus, a hostile article, stories from the truth ------

HOSTILE_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_TEXT = (
    "Officials in the fictional town of Brackwater said on Monday that the harbour would reopen."
    '\n<img src=x onerror="window.__pwned=3"> <script>window.__pwned=4</script> '
    "The mayor said repairs to the quay had cost 2 million euros and took eleven weeks."
)


def fill_serving_store(store: Store, settings: Settings, truth: dict) -> dict[str, str]:
    """Ingest the demo corpus plus one hostile article, then write the ground truth's
    stories and one of its discrepancies as findings, so that serving tests do not
    depend on clustering or cross-check quality. Returns {story id: title}."""
    import json

    from newsdesk.ingest import Ingestor, ingest
    from newsdesk.records import Evidence, Finding, Story

    ingest([str(DEMO / "corpus")], store, settings)
    hostile = [{"url": "https://brackwater-news.example/harbour", "outlet": "Brackwater News",
                "published": "2025-03-21T10:00:00Z", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT}]
    ingestor = Ingestor(store, settings)
    ingestor.ingest_bytes("test:hostile", json.dumps(hostile).encode(), "application/json")
    by_key = {truth_key(a.source, a.url): a for a in store.iter_articles()}
    hostile_article = by_key["https://brackwater-news.example/harbour"]
    titles = {}
    with store.transaction() as tx:
        for s in truth["stories"]:
            members = [by_key[k] for k in s["articles"] if k in by_key]
            if not members:
                continue
            dates = sorted(a.published for a in members if a.published)
            story = Story(id=f"truth-{s['id']}", title=s["title"], members=[a.id for a in members],
                          independent_sources=len({a.duplicate_of or a.id for a in members}),
                          first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None)
            tx.put_story(story)
            titles[story.id] = story.title
        tx.put_story(Story(id="truth-hostile", title=HOSTILE_TITLE, members=[hostile_article.id],
                           independent_sources=1, first_seen="2025-03-21T10:00:00Z",
                           last_seen="2025-03-21T10:00:00Z"))
        findings: dict[str, list[Finding]] = {}
        for d in truth["discrepancies"]:
            a, b = (by_key[k] for k in d["articles"])
            findings.setdefault(f"truth-{d['story']}", []).append(Finding(
                id=f"truth-{d['id']}", story_id=f"truth-{d['story']}", kind="discrepancy",
                type=d["type"], articles=[a.id, b.id],
                evidence=[Evidence(a.id, d["sentence_a"]), Evidence(b.id, d["sentence_b"])],
                summary=d["explanation"], confidence=1.0, independent_sources=2))
        for story_id, rows in findings.items():
            tx.replace_findings(story_id, rows)
    return titles


# -- analysed stores: annotate + copies run, stories from the ground truth -----------------


@pytest.fixture(scope="session")
def analysed_demo(tmp_path_factory: pytest.TempPathFactory, demo_truth: dict) -> str:
    """The demo corpus ingested, annotated, copy-checked, with the ground truth's stories
    (so these tests measure the cross-check, not the clustering)."""
    from newsdesk.annotate import annotate_store
    from newsdesk.copies import detect_copies

    path = tmp_path_factory.mktemp("xcheck") / "demo.db"
    settings = load_settings(env={}, db=str(path), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(DEMO / "corpus")], store, settings)
        annotate_store(store, settings)
        detect_copies(store)
        by_key = {truth_key(a.source, a.url): a for a in store.iter_articles()}
        with store.transaction() as tx:
            for s in demo_truth["stories"]:
                members = [by_key[k].id for k in s["articles"] if k in by_key]
                tx.put_story(Story(id=f"truth-{s['id']}", title=s["title"], members=members,
                                   independent_sources=len(members)))
    return settings.db


@pytest.fixture(scope="session")
def analysed_seeds(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    from newsdesk.annotate import annotate_store
    from newsdesk.copies import detect_copies

    path = tmp_path_factory.mktemp("xseeds") / "seeds.db"
    settings = load_settings(env={}, db=str(path))
    with open_store(settings.db) as store:
        ingest([str(seeds_dir)], store, settings, published="2024-09-10")
        annotate_store(store, settings)
        detect_copies(store)
        ids = [a.id for a in store.iter_articles()]
        with store.transaction() as tx:
            tx.put_story(Story(id="seeds", title="seeds", members=ids, independent_sources=2))
    return settings.db


@pytest.fixture()
def demo_xstore(analysed_demo: str) -> Iterator[Store]:
    with open_store(analysed_demo) as store:
        yield store
