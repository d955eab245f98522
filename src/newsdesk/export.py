"""Rows for ``newsdesk export``: one function per table, each yielding plain dicts.

The CLI and the API only serialise these rows; what a row holds is decided here.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from newsdesk.annotate.rows import claim_rows, entity_rows, event_rows, quote_rows
from newsdesk.store import Store
from newsdesk.stories.views import story_rows
from newsdesk.storylines.views import storyline_rows

ARTICLE_FIELDS = ["id", "url", "outlet", "published", "title", "lang", "text", "source",
                  "canonical_url", "duplicate_of", "removed_lines", "copy_of", "copy_group",
                  "origin", "story", "storyline"]


def article_rows(store: Store) -> Iterator[dict[str, Any]]:
    links = store.copy_links()
    story_of = store.story_of()
    storyline_of = store.storyline_of()
    for article in store.iter_articles():
        link = links.get(article.id)
        yield {
            "id": article.id,
            "url": article.url,
            "outlet": article.outlet,
            "published": article.published,
            "title": article.title,
            "lang": article.lang,
            "text": article.text,
            "source": article.source,
            "canonical_url": article.canonical_url,
            "duplicate_of": article.duplicate_of,
            "removed_lines": article.removed_lines,
            "copy_of": link.copy_of if link else None,
            "copy_group": link.copy_group if link else None,
            "origin": link.origin if link else None,
            "story": story_of.get(article.id),
            # The developing story the article's event belongs to.
            "storyline": storyline_of.get(story_of.get(article.id) or ""),
        }


def rejection_rows(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.rejections():
        yield {"source": r.source, "locator": r.locator, "code": r.code, "reason": r.reason,
               "document_id": r.document_id}


# Later stages register their tables here (quotes, claims, stories, findings, ...).
EXPORTS: dict[str, Callable[[Store], Iterable[dict[str, Any]]]] = {
    "articles": article_rows,
    "rejections": rejection_rows,
}
EXPORTS.update({"quotes": quote_rows, "claims": claim_rows, "events": event_rows,
                "entities": entity_rows})
EXPORTS["stories"] = story_rows
EXPORTS["storylines"] = storyline_rows


def finding_rows(store: Store) -> Iterator[dict[str, Any]]:
    for f in store.findings():
        yield {"id": f.id, "story": f.story_id, "kind": f.kind, "type": f.type,
               "articles": f.articles,
               "evidence": [{"article": e.article_id, "sentence": e.sentence} for e in f.evidence],
               "summary": f.summary, "confidence": f.confidence,
               "independent_sources": f.independent_sources}


EXPORTS["findings"] = finding_rows


def write_rows(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write rows as JSON Lines or CSV (nested values JSON-encoded); return the count."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                         for k, v in row.items()})
        count += 1
    return count
