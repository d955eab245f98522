"""The same store on PostgreSQL (skipped unless NEWSDESK_TEST_PG_URL is set): the seeds
ingested there give the same articles as on SQLite, and analysed the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.ingest import ingest
from newsdesk.records import Rejection
from newsdesk.store import Store, open_store
from newsdesk.store.migrations import MIGRATIONS, migrate

pytestmark = pytest.mark.postgres


def test_postgres_seeds_same_as_sqlite(pg_url: str, seeds_dir: Path, tmp_path: Path,
                                       store: Store, settings: Settings) -> None:
    (tmp_path / "inputs").mkdir()
    for seed in seeds_dir.iterdir():
        (tmp_path / "inputs" / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "inputs" / "empty.txt").write_bytes(b"")
    inputs = [str(tmp_path / "inputs")]
    with open_store(pg_url) as pg:
        assert pg.dialect == "postgresql"
        report = ingest(inputs, pg, settings)
        assert (report.new, len(report.rejected)) == (2, 1)
        again = ingest(inputs, pg, settings)
        assert (again.new, again.already_stored) == (0, 2)
        pg_articles = list(pg.iter_articles())
        pg_docs = pg.documents()
        pg_rejections = pg.rejections()
        blobs = {d["blob_id"]: pg.get_blob(d["blob_id"]) for d in pg_docs}
    ingest(inputs, store, settings)
    assert pg_articles == list(store.iter_articles())
    assert pg_docs == store.documents()
    assert pg_rejections == store.rejections()
    assert all(blobs[d["blob_id"]] == Path(d["source"]).read_bytes() for d in pg_docs)
    spun = next(a for a in pg_articles if a.source.endswith("000_2ab41c780635670f.txt"))
    assert spun.removed_lines[0] == "Live briefing: Russian invasion of Ukraine"


def test_postgres_migrations_and_rollback(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert migrate(store.engine) == []
        with store.engine.connect() as conn:
            versions = [r[0] for r in conn.exec_driver_sql(
                "select version from schema_migrations order by version")]
        assert versions == [v for v, _n, _s in MIGRATIONS]
        with pytest.raises(RuntimeError), store.transaction() as tx:
            tx.put_rejection(Rejection(source="x", code="empty", reason="empty"))
            raise RuntimeError("killed")
        assert store.rejections() == []


def test_postgres_analyze_weighs_marked_stories_and_clears_the_marks(
        pg_url: str, seeds_dir: Path, store: Store, settings: Settings) -> None:
    """The whole analysis on PostgreSQL: the stories it writes are marked for their check
    and cleared after it, a second run checks nothing, and the findings are SQLite's."""
    from newsdesk.analyze import analyze

    with open_store(pg_url) as pg:
        ingest([str(seeds_dir)], pg, settings, published="2024-09-10")
        first = analyze(pg, settings)
        assert first.stages["crosscheck"]["stories"] >= 1 and pg.pending_checks() == []
        again = analyze(pg, settings)
        assert again.stages["crosscheck"]["stories"] == 0
        on_pg = sorted((f.kind, f.type, f.summary) for f in pg.findings())
    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    analyze(store, settings)
    assert on_pg == sorted((f.kind, f.type, f.summary) for f in store.findings())
