"""The Store: SQLAlchemy 2 Core over SQLite (default) or PostgreSQL.

Writes go through ``Store.transaction()``, which yields a ``Transaction``: everything
written inside it commits together or not at all. Content-addressed rows are inserted
with "on conflict do nothing", so writing the same input twice changes nothing; rows
derived by a stage (copy links, stories, findings) are replaced by the stage's newest run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from newsdesk.config import normalise_db_url
from newsdesk.errors import NotFoundError, StoreError
from newsdesk.records import (
    Article,
    ArticleMeta,
    ArticleVersion,
    CopyLink,
    Document,
    Entity,
    Evidence,
    Finding,
    Rejection,
    Story,
    Storyline,
    blob_id,
)
from newsdesk.store import schema
from newsdesk.store.migrations import migrate

# Ids are content hashes of at most 64 hex characters (blobs: sha256).
MAX_ID_CHARS = 64
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
_UPSERTS: dict[tuple[str, str, bool], Any] = {}  # (dialect, table, replace) -> statement


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets the web server read while an ingest writes; busy_timeout waits for the
    # writer instead of failing at once.
    # busy_timeout first: switching a new file to WAL needs a lock another process
    # opening the same new store may hold for a moment.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> sa.Engine:
    url = normalise_db_url(url)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open store {url!r}: {exc}",
                         "use sqlite:///path or postgresql://...") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _on_sqlite_connect)
    elif engine.dialect.name != "postgresql":
        raise StoreError(f"unsupported database {engine.dialect.name}", "use SQLite or PostgreSQL")
    return engine


def _article_from_row(row: sa.Row[Any]) -> Article:
    m = row._mapping
    return Article(
        id=m["id"],
        document_id=m["document_id"],
        source=m["source"],
        text=m["text"],
        text_hash=m["text_hash"],
        url=m["url"],
        canonical_url=m["canonical_url"],
        outlet=m["outlet"],
        published=m["published"],
        title=m["title"],
        lang=m["lang"],
        lang_score=m["lang_score"],
        removed_lines=list(m["removed_lines"] or []),
        metadata=dict(m["metadata"] or {}),
        duplicate_of=m["duplicate_of"],
    )


class Transaction:
    """Writes that commit together. Obtain one from ``Store.transaction()``."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._insert = _INSERTS[conn.dialect.name]

    def _put(self, table: sa.Table, rows: Sequence[dict[str, Any]], *, replace: bool) -> int:
        if not rows:
            return 0
        result = self.conn.execute(self._upsert(table, replace), list(rows))
        return len(result.all())

    def _upsert(self, table: sa.Table, replace: bool) -> Any:
        # Building an upsert (its "excluded" columns above all) takes about a millisecond,
        # longer than running it, and ingest writes a few rows per input: build it once.
        cache_key = (self.conn.dialect.name, table.name, replace)
        cached = _UPSERTS.get(cache_key)
        if cached is not None:
            return cached
        # Both dialects' Insert have the same on-conflict API; typed as Any to say so.
        stmt: Any = self._insert(table)
        keys = [c.name for c in table.primary_key]
        if replace:
            updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
            stmt = stmt.on_conflict_do_update(index_elements=keys, set_=updates)
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        # Count what was written with RETURNING: drivers disagree on rowcount (psycopg
        # gives -1 here), and "on conflict do nothing" returns only the inserted rows.
        stmt = stmt.returning(table.primary_key.columns[keys[0]])
        _UPSERTS[cache_key] = stmt
        return stmt

    # -- raw inputs ---------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        key = blob_id(data)
        self._put(schema.blobs, [{"id": key, "size": len(data), "data": data}], replace=False)
        return key

    def put_document(self, document: Document, blob: str | None) -> bool:
        row = {
            "id": document.id,
            "source": document.source,
            "blob_id": blob,
            "size": document.size,
            "format": document.format,
            "media_type": document.media_type,
            "status": document.status,
            "error_code": document.error_code,
            "error": document.error,
            "parent_id": document.parent_id,
        }
        return self._put(schema.documents, [row], replace=True) > 0

    def put_rejection(self, rejection: Rejection) -> bool:
        row = {
            "id": rejection.id,
            "source": rejection.source,
            "document_id": rejection.document_id,
            "locator": rejection.locator,
            "code": rejection.code,
            "reason": rejection.reason,
        }
        return self._put(schema.rejections, [row], replace=False) > 0

    # -- articles -----------------------------------------------------------
    def put_article(self, article: Article) -> bool:
        """Insert the article unless it is already stored; return True when it is new.

        An article whose clean text was already stored under another id (another URL)
        is kept and marked ``duplicate_of`` the earliest one.
        """
        a = schema.articles
        if self.conn.execute(sa.select(a.c.id).where(a.c.id == article.id)).first():
            return False
        first = self.conn.execute(
            sa.select(a.c.id).where(a.c.text_hash == article.text_hash).order_by(a.c.seq).limit(1)
        ).scalar()
        article.duplicate_of = first
        seq = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(a.c.seq), 0))).scalar_one()
        row = {
            "id": article.id,
            "seq": int(seq) + 1,
            "document_id": article.document_id,
            "source": article.source,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "outlet": article.outlet,
            "published": article.published,
            "title": article.title,
            "text": article.text,
            "text_hash": article.text_hash,
            "lang": article.lang,
            "lang_score": article.lang_score,
            "removed_lines": list(article.removed_lines),
            "metadata": dict(article.metadata),
            "duplicate_of": article.duplicate_of,
        }
        return self._put(a, [row], replace=False) > 0

    def update_article_text(
        self, article_id: str, text: str, text_hash: str, removed_lines: list[str]
    ) -> None:
        """Used by corpus-level cleaning (boilerplate learned across an outlet). The
        article's analyses are for the old text, so they are dropped (see
        ``invalidate_analyses``) and it arrives again: the store is right whatever the
        batching."""
        a = schema.articles
        old_hash = self.conn.execute(sa.select(a.c.text_hash).where(a.c.id == article_id)).scalar()
        if old_hash == text_hash:
            return
        self.invalidate_analyses(article_id)
        # A new arrival seq, as a revision gets: stages that take what arrived after their
        # last seq (the copy index) see the new text, not only those that look for gaps.
        seq = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(a.c.seq), 0))).scalar_one()
        self.conn.execute(
            sa.update(a)
            .where(a.c.id == article_id)
            .values(text=text, text_hash=text_hash, removed_lines=removed_lines, seq=int(seq) + 1)
        )
        self.refresh_duplicates([text_hash, *([old_hash] if old_hash else [])])

    # -- revisions ----------------------------------------------------------
    def current_for_url(self, canonical_url: str) -> tuple[str, set[str]] | None:
        """The id of the article now stored under this canonical URL and the hashes of
        every text it has carried (its current one and its earlier versions)."""
        a, v = schema.articles, schema.article_versions
        row = self.conn.execute(
            sa.select(a.c.id, a.c.text_hash).where(a.c.canonical_url == canonical_url)
            .order_by(a.c.seq.desc()).limit(1)).first()
        if row is None:
            return None
        seen = set(self.conn.execute(sa.select(v.c.text_hash).where(v.c.article_id == row.id)).scalars())
        return row.id, seen | {row.text_hash}

    def revise_article(self, article_id: str, new: Article, recorded_at: str) -> int:
        """Make ``new`` (same URL, changed text) the current text of ``article_id``; every
        earlier text stays in article_versions. Returns the new version number.

        The row keeps its id (links to it stay valid) and takes a new arrival ``seq``,
        so each incremental stage treats it as new; its old analyses are dropped.
        """
        a, v = schema.articles, schema.article_versions
        old = self.conn.execute(sa.select(a).where(a.c.id == article_id)).first()
        if old is None:
            raise StoreError(f"no article {article_id} to revise")
        last = self.conn.execute(sa.select(sa.func.max(v.c.version))
                                 .where(v.c.article_id == article_id)).scalar()
        if last is None:  # the first revision: the text seen first becomes version 1
            self.conn.execute(sa.insert(v).values(
                article_id=article_id, version=1, document_id=old.document_id, text=old.text,
                text_hash=old.text_hash, title=old.title, published=old.published,
                recorded_at=""))
            last = 1
        version = int(last) + 1
        self.conn.execute(sa.insert(v).values(
            article_id=article_id, version=version, document_id=new.document_id, text=new.text,
            text_hash=new.text_hash, title=new.title, published=new.published,
            recorded_at=recorded_at))
        self.invalidate_analyses(article_id)
        seq = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(a.c.seq), 0))).scalar_one()
        metadata = dict(old.metadata or {}) | dict(new.metadata) | {"version": version}
        self.conn.execute(sa.update(a).where(a.c.id == article_id).values(
            seq=int(seq) + 1, document_id=new.document_id, source=new.source, url=new.url,
            outlet=new.outlet, published=new.published or old.published,
            title=new.title or old.title, text=new.text, text_hash=new.text_hash,
            lang=new.lang, lang_score=new.lang_score, removed_lines=list(new.removed_lines),
            metadata=metadata))
        self.refresh_duplicates([old.text_hash, new.text_hash])
        return version

    def invalidate_analyses(self, article_id: str) -> None:
        """Drop what was computed from an article's old text: annotations, entity counts,
        vectors, its place in the copy index and copy links, its story membership. The
        next ``analyze`` computes them again for the current text."""
        cs = schema.copy_sketches
        seq = self.conn.execute(sa.select(cs.c.seq).where(cs.c.article_id == article_id)).scalar()
        if seq is not None:
            self.conn.execute(sa.delete(schema.copy_bands).where(schema.copy_bands.c.seq == seq))
        self.mark_checks_of_articles([article_id])
        for table in (schema.annotations, schema.article_entities, schema.vectors, cs,
                      schema.copy_links, schema.story_members):
            self.conn.execute(sa.delete(table).where(table.c.article_id == article_id))
        pairs = schema.copy_pairs
        self.conn.execute(sa.delete(pairs).where(
            sa.or_(pairs.c.article_id == article_id, pairs.c.other_id == article_id)))

    def refresh_duplicates(self, text_hashes: Iterable[str]) -> None:
        """Point every article of a text hash at the group's earliest member."""
        a = schema.articles
        for text_hash in set(text_hashes):
            ids = self.conn.execute(
                sa.select(a.c.id).where(a.c.text_hash == text_hash).order_by(a.c.seq)
            ).scalars().all()
            if not ids:
                continue
            self.conn.execute(sa.update(a).where(a.c.id == ids[0]).values(duplicate_of=None))
            if len(ids) > 1:
                self.conn.execute(
                    sa.update(a).where(a.c.id.in_(ids[1:])).values(duplicate_of=ids[0])
                )

    def mark_outlets_to_clean(self, outlets: Iterable[str]) -> None:
        """Record that these outlets' boilerplate pass must run (see schema)."""
        rows = [{"outlet": o} for o in sorted(set(outlets))]
        self._put(schema.outlets_to_clean, rows, replace=False)

    def clear_outlet_to_clean(self, outlet: str) -> None:
        t = schema.outlets_to_clean
        self.conn.execute(sa.delete(t).where(t.c.outlet == outlet))

    def mark_checks(self, story_ids: Iterable[str]) -> None:
        """Record that these stories' cross-checks may be out of date (see schema)."""
        rows = [{"story_id": sid} for sid in sorted(set(story_ids))]
        self._put(schema.check_pending, rows, replace=False)

    def mark_checks_of_articles(self, article_ids: Sequence[str]) -> None:
        """``mark_checks`` for the stories these articles are members of."""
        sm = schema.story_members
        for chunk in _chunks(sorted(set(article_ids)), 500):
            self.mark_checks(self.conn.execute(
                sa.select(sm.c.story_id).where(sm.c.article_id.in_(chunk))).scalars())

    def clear_checks(self, story_ids: Sequence[str]) -> None:
        """The pending marks of these stories, once their checks are written."""
        t = schema.check_pending
        for chunk in _chunks(sorted(set(story_ids)), 500):
            self.conn.execute(sa.delete(t).where(t.c.story_id.in_(chunk)))

    def put_story_check(self, story_id: str, signature: str) -> None:
        row = {"story_id": story_id, "signature": signature}
        self._put(schema.story_checks, [row], replace=True)

    def put_story_pair_memo(self, story_id: str, data: bytes) -> None:
        self._put(schema.story_pair_memos, [{"story_id": story_id, "data": data}], replace=True)

    def delete_checks_of_gone_stories(self) -> None:
        """Drop what the cross-checks of stories that are gone (merged into others, or
        split) left: their findings, check records and pair memos. Their findings would
        otherwise stay in the store, in ``export findings`` and in the counts, beside
        those of the stories that took their members."""
        live = sa.select(schema.stories.c.id)
        for t in (schema.findings, schema.story_checks, schema.story_pair_memos):
            self.conn.execute(sa.delete(t).where(t.c.story_id.not_in(live)))

    # -- annotations --------------------------------------------------------
    def put_annotations(self, article_id: str, kind: str, version: str, payload: list[Any]) -> None:
        row = {"article_id": article_id, "kind": kind, "version": version, "payload": payload}
        self._put(schema.annotations, [row], replace=True)

    def delete_other_versions(self, kind: str, version: str) -> None:
        """Drop the annotations of this kind written by another version of their code:
        nothing reads them (a reader of the kind treats them as missing), and their
        presence says the kind is out of date."""
        t = schema.annotations
        self.conn.execute(sa.delete(t).where((t.c.kind == kind) & (t.c.version != version)))

    def put_entities(self, entities: Iterable[Entity]) -> None:
        rows = [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases,
             "attributes": e.attributes}
            for e in entities
        ]
        self._put(schema.entities, rows, replace=True)

    def set_article_entities(self, article_id: str, counts: dict[str, int]) -> None:
        t = schema.article_entities
        self.conn.execute(sa.delete(t).where(t.c.article_id == article_id))
        rows = [{"article_id": article_id, "entity_id": k, "count": v} for k, v in counts.items()]
        self._put(t, rows, replace=True)

    def delete_entities(self, ids: Sequence[str]) -> None:
        """Drop entities merged into others (their articles are rewritten by the caller)."""
        if ids:
            self.conn.execute(sa.delete(schema.entities).where(schema.entities.c.id.in_(ids)))

    def put_vector(self, article_id: str, kind: str, model: str, dim: int, data: bytes) -> None:
        row = {"article_id": article_id, "kind": kind, "model": model, "dim": dim, "data": data}
        self._put(schema.vectors, [row], replace=True)

    def put_sentence_vectors(self, rows: Sequence[tuple[str, bytes]]) -> None:
        """Cached text vectors (models/cache.py): (key, float32 bytes); a key is never rewritten."""
        self._put(schema.sentence_vectors, [{"key": k, "data": d} for k, d in rows], replace=False)

    # -- corpus-level results ----------------------------------------------
    def put_copy_links(self, links: Iterable[CopyLink]) -> None:
        rows = [
            {"article_id": c.article_id, "copy_of": c.copy_of, "copy_group": c.copy_group,
             "origin": c.origin, "method": c.method, "score": c.score, "alignment": c.alignment}
            for c in links
        ]
        self._put(schema.copy_links, rows, replace=True)

    def put_story(self, story: Story, state: dict[str, Any] | None = None) -> None:
        row = {
            "id": story.id, "title": story.title, "first_seen": story.first_seen,
            "last_seen": story.last_seen, "independent_sources": story.independent_sources,
            "entities": story.entities, "state": state or {},
        }
        self._put(schema.stories, [row], replace=True)
        members = [{"article_id": m, "story_id": story.id} for m in story.members]
        self._put(schema.story_members, members, replace=True)
        self.mark_checks([story.id])

    def delete_story(self, story_id: str) -> None:
        self.mark_checks([story_id])
        self.conn.execute(sa.delete(schema.stories).where(schema.stories.c.id == story_id))
        self.conn.execute(
            sa.delete(schema.story_members).where(schema.story_members.c.story_id == story_id)
        )

    def replace_storylines(self, storylines: Iterable[Storyline]) -> None:
        """Write the storylines as the newest run built them (all of them: a storyline
        is cheap to rebuild, and stories move between storylines as they grow)."""
        self.mark_checks(self.conn.execute(sa.select(schema.storyline_members.c.story_id)).scalars())
        self.conn.execute(sa.delete(schema.storyline_members))
        self.conn.execute(sa.delete(schema.storylines))
        self._put_storylines(storylines)

    def write_storylines(self, storylines: Iterable[Storyline], removed: Iterable[str]) -> None:
        """Write these storylines and drop the ``removed`` ones, leaving the others as
        they are (a run that changed a few storylines rewrites only those)."""
        lines = list(storylines)
        gone = sorted(set(removed) | {line.id for line in lines})
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            sm = schema.storyline_members
            self.mark_checks(self.conn.execute(  # their stories read another storyline now
                sa.select(sm.c.story_id).where(sm.c.storyline_id.in_(chunk))).scalars())
            self.conn.execute(sa.delete(schema.storyline_members)
                              .where(schema.storyline_members.c.storyline_id.in_(chunk)))
            self.conn.execute(sa.delete(schema.storylines)
                              .where(schema.storylines.c.id.in_(chunk)))
        self._put_storylines(lines)

    def _put_storylines(self, storylines: Iterable[Storyline]) -> None:
        rows, members = [], []
        for line in storylines:
            rows.append({"id": line.id, "title": line.title, "first_seen": line.first_seen,
                         "last_seen": line.last_seen, "entities": line.entities,
                         "stories": line.stories})
            members += [{"story_id": sid, "storyline_id": line.id} for sid in line.stories]
        self._put(schema.storylines, rows, replace=True)
        self._put(schema.storyline_members, members, replace=True)
        self.mark_checks(m["story_id"] for m in members)

    def put_storyline_profiles(self, rows: Sequence[dict[str, Any]]) -> None:
        self._put(schema.storyline_profiles, rows, replace=True)

    def delete_storyline_profiles(self, story_ids: Sequence[str]) -> None:
        t = schema.storyline_profiles
        for start in range(0, len(story_ids), 500):
            self.conn.execute(sa.delete(t).where(t.c.story_id.in_(story_ids[start : start + 500])))

    def replace_findings(self, story_id: str, findings: Iterable[Finding]) -> None:
        t = schema.findings
        self.conn.execute(sa.delete(t).where(t.c.story_id == story_id))
        rows = [
            {"id": f.id, "story_id": f.story_id, "kind": f.kind, "type": f.type,
             "articles": f.articles,
             "evidence": [{"article": e.article_id, "sentence": e.sentence,
                           "sentence_index": e.sentence_index} for e in f.evidence],
             "summary": f.summary, "confidence": f.confidence,
             "independent_sources": f.independent_sources}
            for f in findings
        ]
        self._put(t, rows, replace=True)

    # -- copies index (issue 3) ---------------------------------------------
    def put_copy_sketches(self, rows: Sequence[dict[str, Any]]) -> None:
        self._put(schema.copy_sketches, rows, replace=True)

    def put_copy_bands(self, rows: Sequence[Sequence[int]]) -> None:
        """(band hash, article seq) rows; ~74 per article, so on SQLite they go through
        the driver's executemany (SQLAlchemy's per-row work was most of the cost)."""
        if not rows:
            return
        if self.conn.dialect.name == "sqlite":
            self.conn.exec_driver_sql(
                "INSERT OR IGNORE INTO copy_bands (hash, seq) VALUES (?, ?)",
                [tuple(r) for r in rows])
            return
        self._put(schema.copy_bands, [{"hash": h, "seq": s} for h, s in rows], replace=False)

    def set_copy_languages(self, languages: dict[str, str]) -> None:
        """Keep the language class of texts indexed before it was kept (migration 290)."""
        t = schema.copy_sketches
        if languages:
            self.conn.execute(sa.update(t).where(t.c.article_id == sa.bindparam("aid"))
                              .values(language=sa.bindparam("lang")),
                              [{"aid": a, "lang": lang} for a, lang in sorted(languages.items())])

    def put_copy_pairs(self, rows: Sequence[dict[str, Any]]) -> None:
        self._put(schema.copy_pairs, rows, replace=True)


class Store:
    """Reads, and the entry point for writes (``transaction``)."""

    def __init__(self, url: str) -> None:
        self.url = normalise_db_url(url)
        self.engine = create_db_engine(self.url)
        try:
            migrate(self.engine)
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open store {self.url}: {exc.orig}") from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self.engine.begin() as conn:
            yield Transaction(conn)

    def _all(self, stmt: sa.Executable) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(stmt))

    # -- raw inputs ---------------------------------------------------------
    def get_blob(self, key: str) -> bytes | None:
        rows = self._all(sa.select(schema.blobs.c.data).where(schema.blobs.c.id == key))
        return bytes(rows[0][0]) if rows else None

    def documents(self) -> list[dict[str, Any]]:
        d = schema.documents
        return [dict(r._mapping) for r in self._all(sa.select(d).order_by(d.c.source, d.c.id))]

    def rejections(self) -> list[Rejection]:
        r = schema.rejections
        rows = self._all(sa.select(r).order_by(r.c.source, r.c.locator))
        return [
            Rejection(source=m["source"], code=m["code"], reason=m["reason"],
                      document_id=m["document_id"], locator=m["locator"])
            for m in (row._mapping for row in rows)
        ]

    # -- articles -----------------------------------------------------------
    def story_checks(self, story_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> the signature of what its last cross-check read (the given
        stories', or all)."""
        t = schema.story_checks
        stmt = sa.select(t.c.story_id, t.c.signature)
        return {r[0]: r[1] for r in self._chunked(stmt, t.c.story_id, story_ids)}

    def pending_checks(self) -> list[str]:
        """The stories marked as possibly out of date since their last cross-check
        (``Transaction.mark_checks``), in id order."""
        t = schema.check_pending
        return [str(r[0]) for r in self._all(sa.select(t.c.story_id).order_by(t.c.story_id))]

    def _chunked(self, stmt: sa.Select[Any], column: sa.ColumnElement[Any],
                 ids: Sequence[str] | None, size: int = 500) -> list[Any]:
        """``stmt``'s rows, all of them, or those whose ``column`` is one of ``ids``
        (asked ``size`` ids at a time: a database bounds the parameters of a query)."""
        if ids is None:
            return self._all(stmt)
        wanted = sorted(set(ids))
        return [row for start in range(0, len(wanted), size)
                for row in self._all(stmt.where(column.in_(wanted[start:start + size])))]

    def story_pair_memos(self, story_ids: Sequence[str]) -> dict[str, bytes]:
        """Story id -> what its last cross-check judged of its statement pairs
        (crosscheck/pair_memo.py), for the stories that have one."""
        t = schema.story_pair_memos
        out: dict[str, bytes] = {}
        ids = sorted(set(story_ids))
        for start in range(0, len(ids), 500):
            out.update((r[0], bytes(r[1])) for r in self._all(
                sa.select(t.c.story_id, t.c.data).where(t.c.story_id.in_(ids[start:start + 500]))))
        return out

    def outlets_to_clean(self) -> list[str]:
        """Outlets with articles the outlet-boilerplate pass has not seen yet."""
        t = schema.outlets_to_clean
        return [r[0] for r in self._all(sa.select(t.c.outlet).order_by(t.c.outlet))]

    def count_articles(self) -> int:
        return int(self._all(sa.select(sa.func.count()).select_from(schema.articles))[0][0])

    def get_article(self, article_id: str) -> Article:
        """Fetch by full id or by a unique prefix of at least 6 characters."""
        a = schema.articles
        if len(article_id) < 6:
            raise NotFoundError(f"article id {article_id!r} is too short", "give 6+ characters")
        if len(article_id) > MAX_ID_CHARS:  # no id is longer; SQLite refuses huge LIKEs
            raise NotFoundError(f"no article {article_id[:40]!r}…", "ids are 32 hex characters")
        rows = self._all(sa.select(a).where(a.c.id.startswith(article_id, autoescape=True)).limit(2))
        if not rows:
            raise NotFoundError(f"no article {article_id!r}", "list ids with `newsdesk articles`")
        if len(rows) > 1:
            raise NotFoundError(f"article id prefix {article_id!r} is ambiguous", "give more of it")
        return _article_from_row(rows[0])

    def has_article_url(self, canonical_url: str) -> bool:
        """True when an article is stored under this canonical URL."""
        a = schema.articles
        return bool(self._all(sa.select(a.c.id).where(a.c.canonical_url == canonical_url).limit(1)))

    def ids_by_canonical_url(self, canonical_urls: Sequence[str]) -> dict[str, list[str]]:
        """Canonical URL -> the ids of the articles stored under it (those of the given
        URLs that have any), read a chunk at a time (SQL IN lists have a size limit)."""
        a = schema.articles
        urls = sorted(set(canonical_urls))
        out: dict[str, list[str]] = {}
        for start in range(0, len(urls), 500):
            rows = self._all(sa.select(a.c.canonical_url, a.c.id)
                             .where(a.c.canonical_url.in_(urls[start:start + 500]))
                             .order_by(a.c.seq))
            for url, aid in rows:
                out.setdefault(url, []).append(aid)
        return out

    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        """Every text of a revised article, oldest first; [] for one never revised."""
        v = schema.article_versions
        rows = self._all(sa.select(v).where(v.c.article_id == article_id).order_by(v.c.version))
        return [ArticleVersion(article_id=r.article_id, version=r.version, document_id=r.document_id,
                               text=r.text, text_hash=r.text_hash, title=r.title,
                               published=r.published, recorded_at=r.recorded_at) for r in rows]

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        a = schema.articles
        found = {r.id: r for r in map(_article_from_row, self._all(sa.select(a).where(a.c.id.in_(ids))))}
        return [found[i] for i in ids if i in found]

    def iter_article_meta(self, batch: int = 5000) -> Iterator[ArticleMeta]:
        """Every article's id, date, title, duplicate mark and language in arrival order, without
        the text: what incremental story assignment reads of the whole store."""
        a = schema.articles
        last = 0
        while True:
            rows = self._all(sa.select(a.c.seq, a.c.id, a.c.published, a.c.title, a.c.duplicate_of,
                                       a.c.lang)
                             .where(a.c.seq > last).order_by(a.c.seq).limit(batch))
            if not rows:
                return
            for row in rows:
                last = row.seq
                yield ArticleMeta(row.id, row.published, row.title, row.duplicate_of, row.lang)

    def iter_articles(
        self,
        *,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        after_seq: int | None = None,
        batch: int = 500,
    ) -> Iterator[Article]:
        """Articles in arrival order, streamed in batches so memory stays flat."""
        a = schema.articles
        last = after_seq if after_seq is not None else 0
        remaining = limit
        skip = offset
        while remaining is None or remaining > 0:
            stmt = sa.select(a).where(a.c.seq > last).order_by(a.c.seq)
            if outlet:
                stmt = stmt.where(a.c.outlet == outlet)
            rows = self._all(stmt.limit(batch))
            if not rows:
                return
            for row in rows:
                last = row._mapping["seq"]
                if skip:
                    skip -= 1
                    continue
                yield _article_from_row(row)
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return

    def article_seq(self, article_id: str) -> int:
        a = schema.articles
        rows = self._all(sa.select(a.c.seq).where(a.c.id == article_id))
        if not rows:
            raise NotFoundError(f"no article {article_id!r}")
        return int(rows[0][0])

    # -- annotations --------------------------------------------------------
    def get_annotations(self, article_id: str, kind: str) -> list[Any] | None:
        t = schema.annotations
        rows = self._all(
            sa.select(t.c.payload).where(t.c.article_id == article_id, t.c.kind == kind)
        )
        return list(rows[0][0]) if rows else None

    def annotation_versions(self, kind: str, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Article id -> the version of its annotation of this kind (the given
        articles', or all)."""
        t = schema.annotations
        stmt = sa.select(t.c.article_id, t.c.version).where(t.c.kind == kind)
        return {r[0]: r[1] for r in self._chunked(stmt, t.c.article_id, ids)}

    def annotation_version_counts(self, kind: str) -> dict[str, int]:
        """How many articles hold an annotation of this kind, per version (counted in the
        database: a store of 20k articles is not read into Python to learn it is current)."""
        t = schema.annotations
        rows = self._all(sa.select(t.c.version, sa.func.count()).where(t.c.kind == kind)
                         .group_by(t.c.version))
        return {str(r[0]): int(r[1]) for r in rows}

    def articles_lacking(self, kind: str, version: str) -> list[str]:
        """Ids, in arrival order, of the articles without an annotation of this kind and
        version: the pending work of a stage, found by a join, not a scan in Python."""
        a, t = schema.articles, schema.annotations
        joined = a.outerjoin(t, sa.and_(t.c.article_id == a.c.id, t.c.kind == kind))
        stmt = (sa.select(a.c.id).select_from(joined)
                .where(sa.or_(t.c.version.is_(None), t.c.version != version)).order_by(a.c.seq))
        return [str(r[0]) for r in self._all(stmt)]

    def iter_annotations(self, kind: str) -> Iterator[tuple[str, list[Any]]]:
        t = schema.annotations
        for row in self._all(sa.select(t.c.article_id, t.c.payload).where(t.c.kind == kind)):
            yield row[0], list(row[1])

    def count_entities(self) -> int:
        return int(self._all(sa.select(sa.func.count()).select_from(schema.entities))[0][0])

    def entities(self, ids: Sequence[str] | None = None) -> list[Entity]:
        t = schema.entities
        stmt = sa.select(t).order_by(t.c.name)
        if ids is not None:
            stmt = stmt.where(t.c.id.in_(ids))
        return [
            Entity(id=m["id"], name=m["name"], type=m["type"], aliases=list(m["aliases"]),
                   attributes=dict(m["attributes"]))
            for m in (r._mapping for r in self._all(stmt))
        ]

    def articles_with_entities(self, ids: Sequence[str]) -> list[str]:
        """Ids of the articles that mention any of these entities."""
        t = schema.article_entities
        stmt = sa.select(t.c.article_id).where(t.c.entity_id.in_(ids)).distinct()
        return sorted(r[0] for r in self._all(stmt))

    def entity_mentions(self, article_ids: Sequence[str], limit: int = 50) -> list[tuple[Entity, int]]:
        """The entities these articles mention, with mention counts, most mentioned first."""
        ae, e = schema.article_entities, schema.entities
        # Count in a subquery: PostgreSQL cannot group by the JSON columns of entities.
        counts = (sa.select(ae.c.entity_id, sa.func.sum(ae.c.count).label("n"))
                  .where(ae.c.article_id.in_(article_ids)).group_by(ae.c.entity_id).subquery())
        stmt = (sa.select(e, counts.c.n).join(counts, counts.c.entity_id == e.c.id)
                .order_by(counts.c.n.desc(), e.c.name).limit(limit))
        return [
            (Entity(id=m["id"], name=m["name"], type=m["type"], aliases=list(m["aliases"]),
                    attributes=dict(m["attributes"])), int(m["n"]))
            for m in (r._mapping for r in self._all(stmt))
        ]

    def get_vectors(self, kind: str, ids: Sequence[str]) -> dict[str, tuple[int, bytes]]:
        t = schema.vectors
        rows = self._all(sa.select(t.c.article_id, t.c.dim, t.c.data).where(
            t.c.kind == kind, t.c.article_id.in_(ids)))
        return {r[0]: (int(r[1]), bytes(r[2])) for r in rows}

    def get_sentence_vectors(self, keys: Sequence[str], chunk: int = 500) -> dict[str, bytes]:
        """The cached text vectors of ``keys`` that the store holds (models/cache.py)."""
        t = schema.sentence_vectors
        out: dict[str, bytes] = {}
        for start in range(0, len(keys), chunk):
            part = list(keys[start:start + chunk])
            out.update((r[0], bytes(r[1])) for r in self._all(
                sa.select(t.c.key, t.c.data).where(t.c.key.in_(part))))
        return out

    # -- corpus-level results ----------------------------------------------
    def copy_links(self, ids: Sequence[str] | None = None,
                   alignment: bool = True) -> dict[str, CopyLink]:
        """Copy lineage of the given articles (all when ``ids`` is None). Without
        ``alignment`` the links come without their sentence alignments (left empty): the
        lineage alone is what story assignment reads of the whole store, and decoding
        every alignment was most of the cost of reading it."""
        t = schema.copy_links
        cols = [c for c in t.c if alignment or c.name != "alignment"]
        stmt = sa.select(*cols)
        if ids is not None:
            stmt = stmt.where(t.c.article_id.in_(ids))
        return {
            m["article_id"]: CopyLink(
                article_id=m["article_id"], copy_of=m["copy_of"], copy_group=m["copy_group"],
                origin=m["origin"], method=m["method"], score=m["score"],
                alignment=dict(m["alignment"] or {}) if alignment else {},
            )
            for m in (r._mapping for r in self._all(stmt))
        }

    def _story_members(self, ids: Sequence[str] | None) -> dict[str, list[str]]:
        """Story id -> its members in arrival order."""
        sm, a = schema.story_members, schema.articles
        stmt = (sa.select(sm.c.story_id, sm.c.article_id)
                .join(a, a.c.id == sm.c.article_id).order_by(a.c.seq))
        members: dict[str, list[str]] = {}
        # a story's members are all in its chunk of ids, so each list is in arrival order
        for story_id, article_id in self._chunked(stmt, sm.c.story_id, ids):
            members.setdefault(story_id, []).append(article_id)
        return members

    def story_members(self, ids: Sequence[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Story id -> its members in arrival order, for every story or the given ones
        that exist: ``stories()``'s membership without reading each story's record (its
        entities, its state)."""
        s = schema.stories
        members = self._story_members(ids)
        stmt = sa.select(s.c.id).order_by(s.c.first_seen)
        return {r[0]: tuple(members.get(r[0], ())) for r in self._chunked(stmt, s.c.id, ids)}

    def story_ids(self) -> set[str]:
        return {str(r[0]) for r in self._all(sa.select(schema.stories.c.id))}

    def count_story_members(self) -> int:
        """Articles in a story: each is in one at most."""
        return int(self._all(sa.select(sa.func.count()).select_from(schema.story_members))[0][0])

    def stories(self, ids: Sequence[str] | None = None) -> list[Story]:
        s = schema.stories
        members = self._story_members(ids)
        story_stmt = sa.select(s).order_by(s.c.first_seen)
        if ids is not None:
            story_stmt = story_stmt.where(s.c.id.in_(ids))
        return [
            Story(id=m["id"], title=m["title"], members=members.get(m["id"], []),
                  independent_sources=m["independent_sources"], first_seen=m["first_seen"],
                  last_seen=m["last_seen"], entities=list(m["entities"]))
            for m in (r._mapping for r in self._all(story_stmt))
        ]

    def get_story(self, story_id: str) -> Story:
        """Fetch by full id or by a unique prefix. A full id is looked up first: the
        cross-check asks for each story it checks, several times, and the prefix search
        scans every story id (SQLite uses no index for it; issue 16)."""
        exact = self.stories([story_id])
        if exact:
            return exact[0]
        return self.stories([self._id_by_prefix(schema.stories, story_id, "story", "stories")])[0]

    def _id_by_prefix(self, table: sa.Table, prefix: str, what: str, listing: str) -> str:
        """The one id of ``table`` that starts with ``prefix`` (a full id is its own
        prefix), or a NotFoundError that says how to find one (``listing``: the command)."""
        hint = f"list {listing} with `newsdesk {listing}`"
        if len(prefix) > MAX_ID_CHARS:  # no id is longer; SQLite refuses huge LIKEs
            raise NotFoundError(f"no {what} {prefix[:40]!r}…", hint)
        rows = self._all(sa.select(table.c.id).where(table.c.id.startswith(prefix, autoescape=True))
                         .limit(2))
        if not rows:
            raise NotFoundError(f"no {what} {prefix!r}", hint)
        if len(rows) > 1:
            raise NotFoundError(f"{what} id prefix {prefix!r} is ambiguous", "give more of it")
        return str(rows[0][0])

    def storylines(self, ids: Sequence[str] | None = None) -> list[Storyline]:
        """Storylines, earliest first (the given ones, or all)."""
        t = schema.storylines
        stmt = sa.select(t).order_by(t.c.first_seen, t.c.id)
        if ids is not None:
            stmt = stmt.where(t.c.id.in_(ids))
        return [
            Storyline(id=m["id"], title=m["title"], stories=list(m["stories"]),
                      first_seen=m["first_seen"], last_seen=m["last_seen"],
                      entities=list(m["entities"]))
            for m in (r._mapping for r in self._all(stmt))
        ]

    def get_storyline(self, storyline_id: str) -> Storyline:
        """Fetch by full id or by a unique prefix."""
        return self.storylines([self._id_by_prefix(schema.storylines, storyline_id, "storyline",
                                                    "storylines")])[0]

    def storyline_of(self, story_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Story id -> storyline id (for the given stories, or all)."""
        t = schema.storyline_members
        stmt = sa.select(t.c.story_id, t.c.storyline_id)
        return {r[0]: r[1] for r in self._chunked(stmt, t.c.story_id, story_ids)}

    def storyline_stories(self, storyline_ids: Sequence[str]) -> set[str]:
        """The stories of these storylines."""
        t = schema.storyline_members
        stmt = sa.select(t.c.story_id)
        return {str(r[0]) for r in self._chunked(stmt, t.c.storyline_id, storyline_ids)}

    def storyline_profiles(self) -> dict[str, dict[str, Any]]:
        """Story id -> its stored storyline profile row (storylines/profile.py)."""
        return {row["story_id"]: row for row in self.iter_storyline_profiles()}

    def iter_storyline_profiles(self, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """The stored storyline profile rows by story id, read ``batch`` at a time (a caller
        that turns each into a profile holds one copy of them, not two)."""
        t = schema.storyline_profiles
        last = ""
        while True:
            rows = [dict(r._mapping) for r in self._all(
                sa.select(t).where(t.c.story_id > last).order_by(t.c.story_id).limit(batch))]
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1]["story_id"]

    def annotations_of(self, kind: str, ids: Sequence[str]) -> dict[str, tuple[str, list[Any]]]:
        """Article id -> (version, payload) of one kind, for the given articles only."""
        t = schema.annotations
        out: dict[str, tuple[str, list[Any]]] = {}
        for start in range(0, len(ids), 500):
            stmt = sa.select(t.c.article_id, t.c.version, t.c.payload).where(
                t.c.kind == kind, t.c.article_id.in_(ids[start : start + 500]))
            out.update({r[0]: (r[1], list(r[2])) for r in self._all(stmt)})
        return out

    def story_signatures(self) -> dict[str, str]:
        """Story id -> the signature of what its record was built from (clustering
        stores it in the story's state; an older store has none, read as "")."""
        s = schema.stories
        return {r[0]: str(dict(r[1] or {}).get("signature", ""))
                for r in self._all(sa.select(s.c.id, s.c.state))}

    def story_state(self, story_id: str) -> dict[str, Any]:
        s = schema.stories
        rows = self._all(sa.select(s.c.state).where(s.c.id == story_id))
        return dict(rows[0][0]) if rows else {}

    def story_of(self, ids: Sequence[str] | None = None) -> dict[str, str]:
        """Article id -> story id (for the given articles, or all)."""
        sm = schema.story_members
        stmt = sa.select(sm.c.article_id, sm.c.story_id)
        if ids is not None:
            stmt = stmt.where(sm.c.article_id.in_(ids))
        return {r[0]: r[1] for r in self._all(stmt)}

    def findings(self, story_id: str | None = None) -> list[Finding]:
        t = schema.findings
        stmt = sa.select(t).order_by(t.c.story_id, t.c.kind, t.c.type, t.c.id)
        if story_id is not None:
            stmt = stmt.where(t.c.story_id == story_id)
        return [
            Finding(
                id=m["id"], story_id=m["story_id"], kind=m["kind"], type=m["type"],
                articles=list(m["articles"]),
                evidence=[Evidence(article_id=e["article"], sentence=e["sentence"],
                                   sentence_index=e.get("sentence_index"))
                          for e in m["evidence"]],
                summary=m["summary"], confidence=m["confidence"],
                independent_sources=m["independent_sources"],
            )
            for m in (r._mapping for r in self._all(stmt))
        ]

    # -- copies index (issue 3) ---------------------------------------------
    def article_seqs(self, ids: Sequence[str]) -> dict[str, int]:
        """Arrival seq of each stored article id (ids not stored are left out)."""
        a = schema.articles
        rows = self._all(sa.select(a.c.id, a.c.seq).where(a.c.id.in_(list(ids))))
        return {r[0]: int(r[1]) for r in rows}

    def copy_group_links(self, copy_group: str) -> list[CopyLink]:
        """The links of one copy group's members."""
        t = schema.copy_links
        rows = self._all(sa.select(t.c.article_id).where(t.c.copy_group == copy_group))
        return list(self.copy_links([r[0] for r in rows]).values())

    def copy_sketch_max_seq(self) -> int:
        """Arrival seq of the last article the copies index has seen (0: none)."""
        t = schema.copy_sketches
        return int(self._all(sa.select(sa.func.coalesce(sa.func.max(t.c.seq), 0)))[0][0])

    def copy_sketches_without_links(self) -> list[tuple[str, str, str | None]]:
        """(article id, status, reason) of indexed articles that have no copy link yet:
        a run killed between indexing a batch and writing its links left them."""
        s, link = schema.copy_sketches, schema.copy_links
        rows = self._all(
            sa.select(s.c.article_id, s.c.status, s.c.reason)
            .select_from(s.outerjoin(link, link.c.article_id == s.c.article_id))
            .where(link.c.article_id.is_(None)).order_by(s.c.seq))
        return [(r[0], r[1], r[2]) for r in rows]

    def copy_band_matches(self, hashes: Sequence[int], chunk: int = 5000) -> list[tuple[int, int]]:
        """(band hash, article seq) rows of the persisted LSH index for these hashes."""
        t = schema.copy_bands
        out: list[tuple[int, int]] = []
        unique = sorted(set(hashes))
        with self.engine.connect() as conn:
            for start in range(0, len(unique), chunk):
                part = unique[start : start + chunk]
                if self.dialect == "sqlite":  # many rows: plain tuples from the driver
                    marks = ",".join("?" * len(part))
                    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                    cursor.execute(f"SELECT hash, seq FROM copy_bands WHERE hash IN ({marks})",
                                   tuple(part))
                    out.extend(cursor.fetchall())
                    cursor.close()
                else:
                    out.extend((int(r[0]), int(r[1])) for r in conn.execute(
                        sa.select(t.c.hash, t.c.seq).where(t.c.hash.in_(part))))
        return out

    def copy_sketches(self, seqs: Sequence[int] | None = None,
                      ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        t = schema.copy_sketches
        stmt = sa.select(t)
        if seqs is not None:
            stmt = stmt.where(t.c.seq.in_(list(seqs)))
        if ids is not None:
            stmt = stmt.where(t.c.article_id.in_(list(ids)))
        return [dict(r._mapping) for r in self._all(stmt)]

    def indexed_for_copies(self, first_seq: int, end_seq: int) -> list[tuple[int, str]]:
        """(seq, article id) of the articles the copies index compared, first_seq <= seq
        < end_seq, without their signatures: the recent reports a new one is searched
        against."""
        return [(seq, aid) for seq, aid, _language in self.copy_languages(first_seq, end_seq)]

    def copy_languages(self, first_seq: int, end_seq: int) -> list[tuple[int, str, str | None]]:
        """``indexed_for_copies`` with each text's language class (None where an older
        release indexed it)."""
        t = schema.copy_sketches
        rows = self._all(sa.select(t.c.seq, t.c.article_id, t.c.language).where(
            t.c.seq >= first_seq, t.c.seq < end_seq, t.c.status == "indexed").order_by(t.c.seq))
        return [(int(r[0]), str(r[1]), None if r[2] is None else str(r[2])) for r in rows]

    def copy_pairs(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Verified copy pairs; with ``ids``, only pairs touching those articles."""
        t = schema.copy_pairs
        stmt = sa.select(t)
        if ids is not None:
            stmt = stmt.where(sa.or_(t.c.article_id.in_(list(ids)), t.c.other_id.in_(list(ids))))
        return [dict(r._mapping) for r in self._all(stmt)]


def open_store(url: str) -> Store:
    return Store(url)


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    return [ids[start:start + size] for start in range(0, len(ids), size)]
