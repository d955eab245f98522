"""Full-text search over articles and story filters: SQLite FTS5 or PostgreSQL tsvector.

The index is created by migration 6 (``create_search_index``) and kept in step with
the articles table by triggers (SQLite) or an expression index (PostgreSQL), so a
search never needs a separate indexing job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from newsdesk.store import schema

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)
# The furthest a page may start: far past any real store, far below SQLite's 2**63.
MAX_OFFSET = 1_000_000_000


def iso_date(value: str) -> str:
    """``value`` when it is an ISO date or date-time; ValueError otherwise.

    Story filters compare ISO strings, so a word compares as a string too, and
    ``since=garbage`` silently matched nothing (``until=garbage`` everything).
    """
    text = value.strip()
    try:
        if len(text) == 10:
            dt.date.fromisoformat(text)
        else:
            dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc
    return text


def create_search_index(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content='articles', content_rowid='rowid', tokenize='unicode61')"
        )
        # External-content FTS: triggers mirror every change of the articles table.
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def _fts5_query(text: str) -> str | None:
    """User words → an FTS5 query of quoted terms (all must match); no FTS syntax leaks."""
    tokens = _FTS_TOKEN.findall(text)
    return " ".join(f'"{t}"' for t in tokens) or None


def search_article_ids(conn: sa.Connection, text: str, limit: int = 1000) -> list[str]:
    if conn.dialect.name == "sqlite":
        query = _fts5_query(text)
        if query is None:
            return []
        rows = conn.exec_driver_sql(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?", (query, limit)
        )
        return [r[0] for r in rows]
    rows = conn.execute(
        sa.text(
            "SELECT id FROM articles WHERE to_tsvector('english', coalesce(title, '') || ' ' || text)"
            " @@ plainto_tsquery('english', :q) LIMIT :n"
        ),
        {"q": text, "n": limit},
    )
    return [r[0] for r in rows]


@dataclass(slots=True)
class StoryFilter:
    query: str | None = None  # full-text words
    entity: str | None = None  # a canonical entity name (or alias), case-insensitive
    outlet: str | None = None
    since: str | None = None  # ISO date: stories last seen on or after
    until: str | None = None  # ISO date: stories first seen on or before


def filter_story_ids(conn: sa.Connection, f: StoryFilter) -> list[str] | None:
    """Ids of stories matching every given filter; None when no filter is set."""
    s, sm, a = schema.stories, schema.story_members, schema.articles
    conditions: list[Any] = []
    if f.since:
        conditions.append(s.c.last_seen >= f.since)
    if f.until:
        conditions.append(s.c.first_seen <= f.until + "T23:59:59Z")
    if f.outlet:
        conditions.append(s.c.id.in_(
            sa.select(sm.c.story_id).join(a, a.c.id == sm.c.article_id)
            .where(sa.func.lower(a.c.outlet) == f.outlet.lower())
        ))
    if f.entity:
        e, ae = schema.entities, schema.article_entities
        conditions.append(s.c.id.in_(
            sa.select(sm.c.story_id).join(ae, ae.c.article_id == sm.c.article_id)
            .join(e, e.c.id == ae.c.entity_id)
            .where(sa.func.lower(e.c.name) == f.entity.lower())
        ))
    if f.query:
        ids = search_article_ids(conn, f.query)
        conditions.append(s.c.id.in_(sa.select(sm.c.story_id).where(sm.c.article_id.in_(ids))))
    if not conditions:
        return None
    return [r[0] for r in conn.execute(sa.select(s.c.id).where(*conditions))]


def page_story_ids(conn: sa.Connection, ids: list[str] | None, limit: int, offset: int
                   ) -> tuple[list[str], int]:
    """One page of story ids, newest first (by last seen, then size), and the total.

    Ordering and paging happen in SQL so a list page never loads every story.
    """
    s = schema.stories
    stmt = sa.select(s.c.id)
    count = sa.select(sa.func.count()).select_from(s)
    if ids is not None:
        stmt = stmt.where(s.c.id.in_(ids))
        count = count.where(s.c.id.in_(ids))
    stmt = stmt.order_by(s.c.last_seen.desc().nulls_last(), s.c.independent_sources.desc(), s.c.id)
    page = [r[0] for r in conn.execute(stmt.limit(limit).offset(offset))]
    return page, int(conn.execute(count).scalar_one())
