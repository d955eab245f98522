"""Migrations: each step applied once and recorded; opening a store again is a no-op;
an old store is upgraded in place with its data kept."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from newsdesk.records import Rejection
from newsdesk.store import open_store
from newsdesk.store.migrations import MIGRATIONS, migrate
from newsdesk.store.sql import create_db_engine


def _rows(url: str) -> list[tuple[int, str]]:
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select version, name from schema_migrations "
                                        "order by version")).all()
        return [(int(v), str(n)) for v, n in rows]
    finally:
        engine.dispose()


def test_migrations_versions_only_grow() -> None:
    versions = [v for v, _name, _step in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert all(name for _v, name, _step in MIGRATIONS)


def test_migrations_recorded_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    with open_store(url) as store, store.transaction() as tx:
        tx.put_rejection(Rejection(source="x", code="empty", reason="the input is empty"))
    expected = [(v, name) for v, name, _step in MIGRATIONS]
    assert _rows(url) == expected
    # Opening it again changes nothing: no step runs twice, the data stays.
    with open_store(url) as store:
        assert migrate(store.engine) == []
        assert [r.code for r in store.rejections()] == ["empty"]
    assert _rows(url) == expected


def test_migrations_upgrade_old_store_in_place(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_db_engine(url)
    first_version, first_name, first_step = MIGRATIONS[0]
    with engine.begin() as conn:  # a store written by the first release
        conn.execute(sa.text("create table schema_migrations (version integer primary key, "
                             "name varchar(200) not null)"))
        first_step(conn)
        conn.execute(sa.text("insert into schema_migrations values (:v, :n)"),
                     {"v": first_version, "n": first_name})
        conn.execute(sa.text("insert into rejections (id, source, locator, code, reason) "
                             "values ('r1', 'old.txt', '', 'empty', 'the input is empty')"))
    engine.dispose()
    with open_store(url) as store:
        assert [r.source for r in store.rejections()] == ["old.txt"]
        assert store.stories() == []  # a table from a later step now exists
    assert [v for v, _ in _rows(url)] == [v for v, _n, _s in MIGRATIONS]


def test_migrations_add_the_annotations_kind_index_to_an_old_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store, store.engine.begin() as conn:  # a store from before the index
        conn.execute(sa.text("drop index ix_annotations_kind_version"))
        conn.execute(sa.text("delete from schema_migrations where version in (80, 270)"))
    with open_store(url) as store:
        names = {i["name"] for i in sa.inspect(store.engine).get_indexes("annotations")}
    assert "ix_annotations_kind_version" in names


def test_migrations_read_annotation_versions_from_a_covering_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store, store.engine.begin() as conn:  # a store from before step 270
        conn.execute(sa.text("drop index ix_annotations_kind_version"))
        conn.execute(sa.text("create index ix_annotations_kind on annotations (kind, article_id)"))
        conn.execute(sa.text("delete from schema_migrations where version = 270"))
    with open_store(url) as store:
        names = {i["name"] for i in sa.inspect(store.engine).get_indexes("annotations")}
        with store.engine.connect() as conn:
            plan = " ".join(str(row) for row in conn.execute(sa.text(
                "explain query plan select article_id, version from annotations where kind = 'x'")))
    assert "ix_annotations_kind_version" in names and "ix_annotations_kind" not in names
    assert "COVERING INDEX ix_annotations_kind_version" in plan


def test_migrations_mark_every_story_of_an_old_store_for_one_more_weighing(tmp_path: Path) -> None:
    """A store from before step 280 has no pending marks: each of its stories is weighed
    once by the next analyze (as every run did before), then only what changes."""
    from newsdesk.records import Story

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        with store.transaction() as tx:
            tx.put_story(Story(id="s1", title="One", members=[], independent_sources=0))
            tx.put_story(Story(id="s2", title="Two", members=[], independent_sources=0))
        with store.engine.begin() as conn:
            conn.execute(sa.text("drop table check_pending"))
            conn.execute(sa.text("delete from schema_migrations where version = 280"))
    with open_store(url) as store:
        assert store.pending_checks() == ["s1", "s2"]


def test_migrations_add_the_language_column_to_an_older_copy_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store, store.engine.begin() as conn:  # from before step 290
        conn.execute(sa.text("alter table copy_sketches drop column language"))
        conn.execute(sa.text("delete from schema_migrations where version = 290"))
    with open_store(url) as store:
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns("copy_sketches")}
        assert "language" in columns and store.copy_languages(0, 10) == []


def _open_and_close(url: str) -> None:
    open_store(url).close()


def test_migrations_safe_when_processes_race_on_a_new_store(tmp_path: Path) -> None:
    """Several commands opening one new store at once: every one of them opens it
    (no "table already exists"), and each step is recorded once (issue 15, item 9)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for round_ in range(3):
        url = f"sqlite:///{tmp_path / f'race{round_}.db'}"
        procs = [context.Process(target=_open_and_close, args=(url,)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        assert _rows(url) == [(v, name) for v, name, _step in MIGRATIONS]
