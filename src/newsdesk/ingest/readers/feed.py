"""RSS and Atom feeds (feedparser): an entry's full content when the feed carries
it, else the linked page, fetched with the same guarded fetcher as any URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.readers.base import Draft, Item, PageFetcher, RawInput
from newsdesk.ingest.readers.html import extract_html, html_draft

# An entry "content" shorter than this is a teaser, not the article.
MIN_CONTENT_CHARS = 400


def _entry_published(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry.get(key)
    return None


def _content_html(entry: Any) -> str | None:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    return best or None


def read_feed(raw: RawInput, fetch_page: PageFetcher | None = None) -> Iterator[Item]:
    parsed = feedparser.parse(raw.data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield InputRejected(Reason.NOT_A_FEED, f"not an RSS or Atom feed{detail}")
        return
    channel = parsed.get("feed", {})
    outlet = None  # a feed's title names the feed, not reliably the outlet: use URLs
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield InputRejected(Reason.NOT_A_FEED, f"the feed could not be parsed: {problem}")
        return
    if not parsed.entries:
        yield InputRejected(Reason.EMPTY, "the feed has no entries")
        return
    for index, entry in enumerate(parsed.entries):
        locator = f"entry {index}"
        link = entry.get("link")
        extra = {"feed_title": channel.get("title"), "feed_entry_id": entry.get("id")}
        extra = {k: v for k, v in extra.items() if v}
        content = _content_html(entry)
        if content and len(content) >= MIN_CONTENT_CHARS:
            fields = extract_html(f"<html><body><article>{content}</article></body></html>", link)
            text = fields["text"] if fields else None
            if text:
                yield Draft(locator=locator, text=text, url=link, outlet=outlet,
                            title=entry.get("title"), published=_entry_published(entry),
                            metadata=extra | {"from": "feed_content"})
                continue
        if link and fetch_page is not None:
            try:
                page = fetch_page(link)
            except InputRejected as rejected:
                rejected.locator = locator
                yield rejected
                continue
            try:
                html, _encoding = decode_bytes(page.data, page.charset)
            except InputRejected as rejected:
                rejected.locator = locator
                yield rejected
                continue
            item = html_draft(html, locator, page.url or link, extra | {"from": "linked_page"})
            if isinstance(item, Draft):
                item.title = entry.get("title") or item.title
                item.published = _entry_published(entry) or item.published
                item.raw = page.data
            yield item
            continue
        yield InputRejected(
            Reason.NO_ARTICLE_TEXT,
            "entry has only a summary and its linked page was not fetched"
            + ("" if link else " (no link)"),
            locator,
        )
