"""Stores with the annotator and copy detection run, for cross-check tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.config import load_settings
from newsdesk.ingest import ingest
from newsdesk.records import Story
from newsdesk.store import Store, open_store
from tests.conftest import truth_key


@pytest.fixture(scope="session")
def analysed_demo(tmp_path_factory: pytest.TempPathFactory, demo_truth: dict) -> str:
    """The demo corpus ingested, annotated, copy-checked, with the ground truth's stories
    (so these tests measure the cross-check, not the clustering)."""
    from newsdesk.annotate import annotate_store
    from newsdesk.copies import detect_copies

    path = tmp_path_factory.mktemp("xcheck") / "demo.db"
    settings = load_settings(env={}, db=str(path), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(Path(__file__).resolve().parents[2] / "demo" / "corpus")], store, settings)
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
