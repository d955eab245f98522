"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.metadata import normalize_published
from newsdesk.ingest.pagedate import day_in_url, published_in_markup, reconcile
from newsdesk.ingest.readers.base import Draft, Item, RawInput

# Scripts written without spaces between words: a sentence there is counted in
# characters and ends with an ideographic full stop.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u0964\u061f](?=[\s'\"\u201d\u2019\u00bb)]|$)")
_CJK_SENTENCE_CHARS = 20


def has_sentence(text: str, min_words: int = 6) -> bool:
    """True when a line reads like prose: enough words and a full stop after them.

    trafilatura falls back on whatever text a page holds, so a page with no article
    (an index, an error page) comes out as its menu ("Home English"). An article has
    at least one sentence; a menu has none. The full stop may end the line or any
    sentence inside it (a whole article on one line is still prose); in Chinese,
    Japanese and Korean a sentence is counted in characters, not words.
    """
    for line in text.split("\n"):
        line = line.strip()
        for piece in _SENTENCE_END.split(line)[:-1] if _SENTENCE_END.search(line) else []:
            if len(piece.split()) >= min_words:
                return True
            if len(_CJK.findall(piece)) >= _CJK_SENTENCE_CHARS:
                return True
    return False


def _page_date(html: str, found: str | None, url: str | None) -> str | None:
    """The page's publication date at its own precision, reconciled with its URL's day.

    htmldate writes a day it found without a time as midnight with no zone; that is a
    day, not a time, and is kept as one.
    """
    stated = published_in_markup(html)
    if stated is None and found:
        stated = found[:10] if found.endswith("T00:00:00") else found
    return reconcile(normalize_published(stated), day_in_url(url))


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?[\"'\s>]",
                        re.IGNORECASE)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _title(fields: dict[str, Any], html: str) -> str | None:
    """The article's title: trafilatura's, unless that is only the site's name (some
    sites put the outlet alone in <title> and og:title), when the page's first
    heading is used."""
    title = (fields.get("title") or "").strip()
    site = (fields.get("sitename") or "").strip()
    if title and site and title.casefold() == site.casefold():
        for match in _H1.finditer(html):
            heading = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
            if heading and heading.casefold() != site.casefold():
                return heading
        return None
    return title or None


def extract_html(html: str, url: str | None) -> dict[str, Any] | None:
    """trafilatura's main text and metadata, or None when the page has no article."""
    # trafilatura gives a bare day by default; ask for the time too, since pages
    # published hours apart are ordered by it (who published first).
    date_params = set_date_params(True) | {"outputformat": "%Y-%m-%dT%H:%M:%S%z"}
    # trafilatura's default balance, not favor_precision: on article_extraction (181
    # real pages) precision mode drops real paragraphs (recall .941 vs .978), while
    # the promo lines it would keep out are taken out by newsdesk's boilerplate steps.
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params=date_params,
    )
    if doc is None:
        return None
    fields = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (fields.get("text") or "").strip()
    title = _title(fields, html)
    if not text or not has_sentence(text):
        return None
    # trafilatura repeats the <h1> as the first line of the text; the title is kept apart.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest
    declared = _HTML_LANG.search(html[:5000])
    return {"text": text, "title": title, "date": _page_date(html, fields.get("date"), url),
            "declared_lang": declared.group(1).lower() if declared else None,
            "sitename": fields.get("sitename"), "url": fields.get("url"),
            "author": fields.get("author")}


def html_draft(
    html: str, locator: str, url: str | None, extra: dict[str, Any] | None = None
) -> Item:
    fields = extract_html(html, url)
    if fields is None:
        return InputRejected(Reason.NO_ARTICLE_TEXT, "no article text in the page", locator)
    metadata = {k: fields[k] for k in ("sitename", "author", "declared_lang") if fields.get(k)}
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
