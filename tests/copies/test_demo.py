"""The demo corpus: every planted copy and spin is found with its origin, nothing else."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from newsdesk.copies import detect_copies, independent_sources, source_groups
from newsdesk.store import Store, open_store

from ..conftest import truth_key


@pytest.fixture(scope="module")
def detected(demo_db: str, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[Store, dict[str, str]]]:
    """Copy detection run once over a private copy of the ingested demo store."""
    with open_store(demo_db) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path_factory.mktemp("copies") / "demo.db"
    shutil.copy(demo_db.removeprefix("sqlite:///"), path)
    store = open_store(f"sqlite:///{path}")
    detect_copies(store)
    yield store, {a.id: truth_key(a.source, a.url) for a in store.iter_articles()}
    store.close()


def test_demo_every_planted_copy_found_with_its_origin(detected, demo_truth: dict) -> None:
    store, keys = detected
    by_key = {k: i for i, k in keys.items()}
    links = store.copy_links()
    planted = [a for a in demo_truth["articles"] if a["copy_of"] and a["key"] in by_key]
    assert len(planted) >= 5, "the demo corpus should plant verbatim, light-edit and spun copies"
    for truth in planted:
        link = links[by_key[truth["key"]]]
        assert keys.get(link.copy_of or "") == truth["copy_of"], truth["key"]
        assert keys[link.origin] == truth["copy_of"], truth["key"]


def test_demo_no_false_links(detected, demo_truth: dict) -> None:
    store, keys = detected
    truth = {a["key"]: a for a in demo_truth["articles"]}
    for article_id, link in store.copy_links().items():
        if link.copy_of is None:
            continue
        expected = truth[keys[article_id]]["copy_of"]
        assert keys[link.copy_of] == expected, keys[article_id]


def test_demo_spun_copy_keeps_its_edits(detected, demo_truth: dict) -> None:
    store, keys = detected
    spun = next(a["key"] for a in demo_truth["articles"] if a["copy_kind"] == "spun")
    link = store.copy_links()[next(i for i, k in keys.items() if k == spun)]
    assert link.method == "rewrite"
    changed = link.alignment["changed"]
    assert len(changed) >= 5
    # the spin's planted errors show up as changed words against the origin
    assert any(c["removed"] != c["inserted"] for c in changed)


def test_demo_copy_groups_count_once(detected, demo_truth: dict) -> None:
    store, keys = detected
    links = store.copy_links()
    by_key = {k: i for i, k in keys.items()}
    for story in demo_truth["stories"]:
        ids = [by_key[k] for k in story["articles"] if k in by_key]
        origins = {truth_origin(k, demo_truth) for k in story["articles"] if k in by_key}
        assert independent_sources(ids, links) == len(origins), story["id"]
        assert sum(len(v) for v in source_groups(ids, links).values()) == len(ids)


def test_demo_non_english_text_compared_and_kept_apart(detected, demo_truth: dict) -> None:
    # Texts of every language are compared now (translations are copies too); the demo's
    # German report is an independent one, so it stays a group of its own.
    store, keys = detected
    links = store.copy_links()
    for a in demo_truth["articles"]:
        if a["lang"] != "en":
            link = links[next(i for i, k in keys.items() if k == a["key"])]
            assert link.method == "origin" and link.copy_of is None
            assert [m.article_id for m in store.copy_group_links(link.copy_group)] == [
                link.article_id]


def truth_origin(key: str, demo_truth: dict) -> str:
    copy_of = {a["key"]: a["copy_of"] for a in demo_truth["articles"]}
    while copy_of.get(key):
        key = copy_of[key]
    return key
