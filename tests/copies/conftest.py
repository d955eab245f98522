from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.copies.verify import Doc
from newsdesk.records import Article, content_id


def make_article(text: str, *, published: str | None = None, outlet: str = "example.org",
                 lang: str | None = "en", removed: list[str] | None = None,
                 author: str | None = None) -> Article:
    from newsdesk.clean.normalize import text_fingerprint

    aid = content_id(outlet, text)
    return Article(id=aid, document_id=aid, source=f"test:{aid}", text=text,
                   text_hash=text_fingerprint(text), url=f"https://{outlet}/{aid[:8]}",
                   outlet=outlet, published=published, lang=lang,
                   removed_lines=removed or [], metadata={"author": author} if author else {})


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> tuple[str, str]:
    """(000 spun RFE/RL copy, 004 Deutsche Welle): two independent reports."""
    return (next(seeds_dir.glob("000_*.txt")).read_text("utf-8"),
            next(seeds_dir.glob("004_*.txt")).read_text("utf-8"))


@pytest.fixture(scope="session")
def embed():
    from newsdesk.models import get_embedder

    model = get_embedder()

    def fill(doc: Doc) -> None:
        if doc.sentences.vectors is None:
            doc.sentences.vectors = model.embed(doc.sentences.texts)

    return fill

