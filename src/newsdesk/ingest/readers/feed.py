"""RSS and Atom feeds (feedparser): an entry's full content when the feed carries
it, else the linked page, fetched with the same guarded fetcher as any URL."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.outlets import site_key
from newsdesk.ingest.readers.base import Draft, Item, PageFetcher, RawInput
from newsdesk.ingest.readers.html import extract_html, html_draft

# An entry's content or description of at least this many words is the post itself,
# not a teaser: news teasers run one to three sentences, a full post far longer.
MIN_FULL_WORDS = 150
# Content the feed marks as the entry's full content (content:encoded, Atom <content>)
# counts from this size on, even when short: a blog's short post is a whole post.
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


def _words(html: str) -> int:
    return len(_TAG.sub(" ", html).split())


_TAG = re.compile(r"<[^>]+>")


def _full_text_html(entry: Any) -> tuple[str, str] | None:
    """The entry's own full post as HTML, with where it came from, or None for a teaser."""
    content = _content_html(entry)
    summary = entry.get("summary") or ""
    if content and (len(content) >= MIN_CONTENT_CHARS or _words(content) >= MIN_FULL_WORDS):
        return content, "feed_content"
    if summary and _words(summary) >= MIN_FULL_WORDS:
        return summary, "feed_description"
    return None


def _html_to_text(html: str) -> str:
    """Paragraph text of a feed's HTML fragment. trafilatura first (it drops share
    buttons and the like); a fragment it finds no article in (a short post, a list)
    is read block by block with lxml."""
    fields = extract_html(f"<html><body><article>{html}</article></body></html>", None)
    if fields and fields["text"]:
        return str(fields["text"])
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _TAG.sub(" ", html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for element in root.iter("p", "li", "blockquote", "h1", "h2", "h3", "h4", "pre", "div"):
        if element.tag == "div" and any(True for _ in element.iter("p", "li")):
            continue
        text = element.text_content().strip()
        if text:
            blocks.append(text)
    return "\n".join(blocks) if blocks else root.text_content().strip()


def _on_site(url: str | None, site: str | None) -> bool:
    return bool(url and site and site_key(url) == site_key(site))


def _permalink(entry: Any, site: str | None) -> str | None:
    """The entry's own page on the feed's site: a link-blog entry links elsewhere and
    names its own page as ``related`` (Atom), its guid or id."""
    for link in entry.get("links") or []:
        if _on_site(link.get("href"), site):
            return str(link["href"])
    for key in ("id", "guid"):
        value = entry.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")) and _on_site(value, site):
            return value
    return None


def feed_site(channel: Any, fetched_from: str | None = None) -> str | None:
    """The web address of a feed's own site: its <link>, else an alternate link (an
    Atom feed whose id is a tag: URI), else its self link (the feed lives on the site),
    else the address the feed was fetched from."""
    links = channel.get("links") or []
    for href in (channel.get("link"),
                 *(link.get("href") for link in links if link.get("rel") in (None, "alternate")),
                 *(link.get("href") for link in links if link.get("rel") == "self")):
        if isinstance(href, str) and href.startswith(("http://", "https://")):
            return href
    return fetched_from


def read_feed(raw: RawInput, fetch_page: PageFetcher | None = None,
              known: Callable[[str], bool] | None = None) -> Iterator[Item]:
    """Drafts for a feed's entries. ``known(url)`` says a linked page is already stored:
    such an entry without its own full text is passed over, not fetched again."""
    parsed = feedparser.parse(raw.data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield InputRejected(Reason.NOT_A_FEED, f"not an RSS or Atom feed{detail}")
        return
    channel = parsed.get("feed", {})
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield InputRejected(Reason.NOT_A_FEED, f"the feed could not be parsed: {problem}")
        return
    if not parsed.entries:
        yield InputRejected(Reason.EMPTY, "the feed has no entries")
        return
    # The outlet of every entry is the feed's own site (its <link>, else the address the
    # feed came from), not the page a link-blog entry points at.
    site = feed_site(channel, raw.url)
    declared = (channel.get("language") or "").split("-")[0].lower() or None
    # A link several entries share (a broken feed pointing every entry at the feed or the
    # home page) names none of them: those entries go by their id, else by position.
    links = Counter(entry.get("link") for entry in parsed.entries if entry.get("link"))
    for index, entry in enumerate(parsed.entries):
        locator = f"entry {index}"
        link = entry.get("link")
        if link and links[link] > 1:
            entry_id = entry.get("id")
            link = entry_id if isinstance(entry_id, str) and entry_id.startswith(("http://", "https://")) \
                and links[entry_id] <= 1 else None
        extra = {"feed_title": channel.get("title"), "feed_entry_id": entry.get("id"),
                 "declared_lang": declared}
        extra = {k: v for k, v in extra.items() if v}
        url = link
        if site and link and not _on_site(link, site):
            # A link-blog entry: commentary on someone else's page, kept as `via`.
            extra["via"] = link
            url = _permalink(entry, site)
        full = _full_text_html(entry)
        if full is not None:
            text = _html_to_text(full[0])
            if text.strip():
                yield Draft(locator=locator, text=text, url=url, site=site,
                            title=entry.get("title"), published=_entry_published(entry),
                            metadata=extra | {"from": full[1]})
                continue
        if link and fetch_page is not None and "via" not in extra:
            if known is not None and known(link):
                continue
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
