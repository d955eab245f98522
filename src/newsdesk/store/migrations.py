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


MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "foundation: blobs, documents, rejections, articles", _create(*schema.FOUNDATION_TABLES)),
    (2, "analysis: annotations, entities, vectors, copies, stories, findings",
     _create(*schema.ANALYSIS_TABLES)),
    (3, "copies: MinHash-LSH sketches and bands, verified copy pairs",
     _create(*schema.COPY_TABLES)),
    (6, "search: full-text index over article titles and texts", create_search_index),
    (20, "storylines: stories linked over time into developing stories",
     _create(*schema.STORYLINE_TABLES)),
]


def applied_versions(conn: sa.Connection) -> set[int]:
    if not sa.inspect(conn).has_table("schema_migrations"):
        return set()
    return set(conn.execute(sa.select(schema.schema_migrations.c.version)).scalars())


def migrate(engine: sa.Engine) -> list[int]:
    """Apply the missing steps; return the versions applied."""
    applied: list[int] = []
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
    for version, name, step in MIGRATIONS:
        with engine.begin() as conn:
            # Re-read inside the transaction: two processes may open a new store at once.
            # A set, not a maximum: steps merged from parallel branches may arrive late.
            if version in applied_versions(conn):
                continue
            step(conn)
            conn.execute(sa.insert(schema.schema_migrations).values(version=version, name=name))
            applied.append(version)
    return applied
