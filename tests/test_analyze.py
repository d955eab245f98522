"""The whole analysis: each stage runs on what is new, and a story is checked again
when what its check reads has changed."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from newsdesk.analyze import analyze
from newsdesk.annotate.stage import STATUS_KIND
from newsdesk.config import Settings
from newsdesk.ingest import ingest
from newsdesk.store import Store, schema


def test_analyze_rechecks_a_story_whose_member_was_annotated_again(seeds_dir: Path, store: Store,
                                                                    settings: Settings) -> None:
    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    first = analyze(store, settings)
    assert first.stages["annotate"]["articles"] == 2 and first.stages["crosscheck"]["stories"] == 1

    quiet = analyze(store, settings)  # nothing new: nothing annotated, nothing checked again
    assert quiet.stages["annotate"]["articles"] == 0 and quiet.stages["crosscheck"]["stories"] == 0

    # One article's annotations from an older annotator version: it is read again, and
    # its story's cross-check with it, though the story's members did not change.
    article = next(store.iter_articles())
    with store.transaction() as tx:
        t = schema.annotations
        tx.conn.execute(sa.update(t).where(t.c.article_id == article.id, t.c.kind == STATUS_KIND)
                        .values(version="annotate-0"))
    again = analyze(store, settings)
    assert again.stages["annotate"]["articles"] == 1
    assert again.stages["stories"]["new articles"] == 0
    assert again.stages["crosscheck"]["stories"] == 1
