"""Schema migrations: an ordered list of steps, each applied once and recorded.

A step is a function of a connection. New schema changes are appended as new steps
(never edit an applied one); ``migrate`` runs the missing steps in one transaction
each, so a store opened by a newer newsdesk is upgraded in place.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from newsdesk.store import schema
from newsdesk.store.search import create_search_index

Step = Callable[[sa.Connection], None]


def _create(*tables: sa.Table) -> Step:
    def step(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return step


def _create_kind_index(conn: sa.Connection) -> None:
    # Step 80 as it was applied (step 270 replaces this index with a covering one).
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_annotations_kind ON annotations (kind, article_id)")


def _revisions(conn: sa.Connection) -> None:
    schema.article_versions.create(conn, checkfirst=True)
    # Ingest looks up the article already stored under a URL for every new article.
    # Plain DDL: an sa.Index object would attach itself to the shared Table and be
    # created a second time with the articles table of the next new store.
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_articles_canonical_url ON articles (canonical_url)")


def _annotation_versions_index(conn: sa.Connection) -> None:
    # Plain DDL, as in _revisions: the new index replaces the one on (kind, article_id),
    # a prefix of it.
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_annotations_kind_version "
                         "ON annotations (kind, article_id, version)")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_annotations_kind")


def _check_pending(conn: sa.Connection) -> None:
    schema.check_pending.create(conn, checkfirst=True)
    # Every story of a store from before this step is weighed once, as every run did
    # before it; from then on only the stories something changed.
    conn.execute(schema.check_pending.insert().from_select(["story_id"], sa.select(schema.stories.c.id)))


def _copy_languages(conn: sa.Connection) -> None:
    # A store made after this step has the column from copy_sketches' definition. Rows
    # of an older store stay NULL: their texts are read (as before) when they are recent
    # enough to be searched.
    columns = {c["name"] for c in sa.inspect(conn).get_columns("copy_sketches")}
    if "language" not in columns:
        conn.exec_driver_sql("ALTER TABLE copy_sketches ADD COLUMN language VARCHAR(16)")


def _outlets_to_clean(conn: sa.Connection) -> None:
    schema.outlets_to_clean.create(conn, checkfirst=True)
    # A store from before this step may hold the inserts of a run killed before its
    # boilerplate pass; the next ingest runs the pass over every outlet once.
    a = schema.articles
    conn.execute(schema.outlets_to_clean.insert().from_select(
        ["outlet"], sa.select(a.c.outlet).where(a.c.outlet.is_not(None)).distinct()))


MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "foundation: blobs, documents, rejections, articles", _create(*schema.FOUNDATION_TABLES)),
    (2, "analysis: annotations, entities, vectors, copies, stories, findings",
     _create(*schema.ANALYSIS_TABLES)),
    (3, "copies: MinHash-LSH sketches and bands, verified copy pairs",
     _create(*schema.COPY_TABLES)),
    (6, "search: full-text index over article titles and texts", create_search_index),
    (20, "storylines: stories linked over time into developing stories",
     _create(*schema.STORYLINE_TABLES)),
    (30, "hardening: outlets whose boilerplate pass is pending", _outlets_to_clean),
    (31, "hardening: what each story's cross-check last read", _create(schema.story_checks)),
    (40, "revisions: every text an article's URL has carried", _revisions),
    (80, "annotations: index on kind, for per-kind reads", _create_kind_index),
    (130, "speed: sentence vectors by model and text, embedded once",
     _create(schema.sentence_vectors)),
    (250, "speed: storyline profiles, rebuilt only for stories that changed",
     _create(schema.storyline_profiles)),
    (260, "speed: the statement pairs each story's cross-check judged, for its next check",
     _create(schema.story_pair_memos)),
    (270, "speed: annotation versions read from an index", _annotation_versions_index),
    (280, "speed: the stories whose cross-check may be out of date", _check_pending),
    (290, "speed: each indexed text's language class, kept for the search for translations",
     _copy_languages),
]


def applied_versions(conn: sa.Connection) -> set[int]:
    if not sa.inspect(conn).has_table("schema_migrations"):
        return set()
    return set(conn.execute(sa.select(schema.schema_migrations.c.version)).scalars())


def _lock(conn: sa.Connection) -> None:
    """Serialise migrations between processes for the rest of this transaction.

    Without it two commands opening a new store at once both see no table, both run
    CREATE TABLE, and one dies with "table already exists" (losing its inputs).
    SQLite: BEGIN IMMEDIATE takes the write lock before anything is read (the
    driver's own BEGIN comes only before the first INSERT, too late); PostgreSQL: a
    transaction-scoped advisory lock.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7245031)")  # any fixed key


def _pending(engine: sa.Engine) -> bool:
    with engine.connect() as conn:
        done = applied_versions(conn)
    return any(version not in done for version, _name, _step in MIGRATIONS)


def migrate(engine: sa.Engine) -> list[int]:
    """Apply the missing steps; return the versions applied."""
    applied: list[int] = []
    if not _pending(engine):  # the common case: read-only, no write lock taken
        return applied
    for version, name, step in MIGRATIONS:
        with engine.begin() as conn:
            _lock(conn)
            # Re-read under the lock: another process may have applied it meanwhile.
            # A set, not a maximum: steps merged from parallel branches may arrive late.
            schema.schema_migrations.create(conn, checkfirst=True)
            if version in applied_versions(conn):
                continue
            step(conn)
            conn.execute(sa.insert(schema.schema_migrations).values(version=version, name=name))
            applied.append(version)
    return applied
