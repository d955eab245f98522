"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.pagedate import published_in_markup
from newsdesk.ingest.readers.base import Draft, Item, RawInput


def has_sentence(text: str, min_words: int = 6) -> bool:
    """True when a line reads like prose: enough words and a closing full stop.

    trafilatura falls back on whatever text a page holds, so a page with no article
    (an index, an error page) comes out as its menu ("Home English"). An article has
    at least one sentence; a menu has none.
    """
    for line in text.split("\n"):
        line = line.strip().rstrip("'\"\u201d\u2019\u00bb)")
        if len(line.split()) >= min_words and line.endswith((".", "!", "?", "\u2026")):
            return True
    return False


def extract_html(html: str, url: str | None) -> dict[str, Any] | None:
    """trafilatura's main text and metadata, or None when the page has no article."""
    # trafilatura gives a bare day by default; ask for the time too, since pages
    # published hours apart are ordered by it (who published first).
    date_params = set_date_params(True) | {"outputformat": "%Y-%m-%dT%H:%M:%S%z"}
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, date_extraction_params=date_params,
    )
    if doc is None:
        return None
    fields = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (fields.get("text") or "").strip()
    title = (fields.get("title") or "").strip()
    if not text or not has_sentence(text):
        return None
    # trafilatura repeats the <h1> as the first line of the text; the title is kept apart.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest
    date = published_in_markup(html) or fields.get("date")
    return {"text": text, "title": title or None, "date": date,
            "sitename": fields.get("sitename"), "url": fields.get("url"),
            "author": fields.get("author")}


def html_draft(
    html: str, locator: str, url: str | None, extra: dict[str, Any] | None = None
) -> Item:
    fields = extract_html(html, url)
    if fields is None:
        return InputRejected(Reason.NO_ARTICLE_TEXT, "no article text in the page", locator)
    metadata = {k: fields[k] for k in ("sitename", "author") if fields.get(k)}
    metadata.update(extra or {})
    return Draft(
        locator=locator, text=fields["text"], title=fields["title"],
        url=url or fields.get("url"), published=fields.get("date"),
        outlet=None, metadata=metadata,
    )


def read_html(raw: RawInput) -> Iterator[Item]:
    try:
        html, _encoding = decode_bytes(raw.data, raw.charset)
    except InputRejected as rejected:
        yield rejected
        return
    if not html.strip():
        yield InputRejected(Reason.EMPTY, "the page is empty")
        return
    yield html_draft(html, "", raw.url)
