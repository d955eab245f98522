"""Ingest: inputs → raw documents (kept first) → drafts → clean articles in the Store.

Each input is handled in one transaction: its raw bytes, its document row, its
articles and its rejections commit together. Ids are content hashes and inserts skip
what is already there, so an ingest killed midway and run again ends with the same
store as one clean run.
"""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from newsdesk.clean import OutletBoilerplate, normalize_text, split_boilerplate, text_fingerprint
from newsdesk.config import Settings
from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.detect import FORMATS, detect_format
from newsdesk.ingest.fetch import fetch_url
from newsdesk.ingest.limits import gunzip_capped, read_capped, read_regular_file, too_large
from newsdesk.ingest.metadata import (
    canonical_url,
    detect_language,
    normalize_published,
    outlet_from_path,
    published_from_path,
)
from newsdesk.ingest.outlets import decide_outlet, load_outlet_map
from newsdesk.ingest.pagedate import dateline_day, day_in_url, reconcile
from newsdesk.ingest.readers import (
    Draft,
    Item,
    RawInput,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    read_warc,
)
from newsdesk.ingest.readers.base import PageFetcher
from newsdesk.records import Article, Document, Rejection, blob_id, content_id
from newsdesk.store import Store, Transaction

# WARC archives are streamed, so they may be far larger than other inputs.
MAX_ARCHIVE_BYTES = 8 * 1024**3
_SKIP_NAMES = (".", "_")  # hidden files and folders in a walked directory

ProgressCallback = Callable[[str, int], None]


@dataclass(slots=True)
class IngestReport:
    inputs: int = 0
    new: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    revised: int = 0  # stored URLs whose text changed: a new version, now current
    revised_ids: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def rejected_by_reason(self) -> Counter[str]:
        return Counter(r.code for r in self.rejected)


@dataclass(slots=True)
class _Input:
    source: str
    path: Path | None = None
    url: str | None = None


def expand_inputs(inputs: Iterable[str]) -> Iterator[_Input]:
    """Paths (folders walked recursively, in sorted order), URLs and "-" for stdin."""
    for item in inputs:
        if item == "-":
            yield _Input("-")
        elif item.lower().startswith(("http://", "https://")):
            yield _Input(item, url=item)
        else:
            path = Path(item)
            if path.is_dir():
                for root, dirs, files in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if not d.startswith(_SKIP_NAMES))
                    for name in sorted(files):
                        if not name.startswith(_SKIP_NAMES):
                            child = Path(root) / name
                            yield _Input(str(child), path=child)
            else:
                yield _Input(item, path=path)


class Ingestor:
    """Reads inputs into a Store. One instance per ingest run."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        format: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
        progress: ProgressCallback | None = None,
        stdin: IO[bytes] | None = None,
        fetch_page: PageFetcher | None = None,
    ) -> None:
        """``fetch_page`` replaces the plain guarded fetch of feed entries' linked pages
        (``watch`` passes one that also obeys robots.txt)."""
        if format is not None and format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
        self.store = store
        self.settings = settings
        self.format = format
        self.outlet = outlet
        self.published = normalize_published(published) if published else None
        if published and self.published is None:
            raise ValueError(f"cannot read {published!r} as a date")
        self.progress = progress or (lambda _event, _n: None)
        self.stdin = stdin
        self.fetch_page: PageFetcher = fetch_page or self._fetch_page
        self.report = IngestReport()
        self._outlets: set[str] = set()
        self._outlet_map = load_outlet_map(settings.outlet_map)

    # -- public -------------------------------------------------------------
    def ingest_one(self, item: _Input | str) -> None:
        if isinstance(item, str):
            is_url = item.lower().startswith(("http://", "https://"))
            entry = _Input(item, url=item) if is_url else _Input(item, path=Path(item))
        else:
            entry = item
        self.report.inputs += 1
        try:
            if entry.path is not None and self._is_large_warc(entry.path):
                self._ingest_large_warc(entry)
            else:
                raw = self._read(entry)
                self._ingest_raw(raw)
        except InputRejected as rejected:
            self._reject_unread(entry.source, rejected)
        self.progress("input", 1)

    # -- reading --------------------------------------------------------------
    def ingest_bytes(self, source: str, data: bytes, media_type: str | None = None,
                     url: str | None = None) -> None:
        """Ingest bytes that arrived another way (an API request body, a page saved with
        its address); kept like a file."""
        self.report.inputs += 1
        cap = self.settings.max_input_bytes
        if len(data) > cap:
            self._reject_unread(source, too_large(source, cap))
        else:
            self._ingest_raw(RawInput(source, data, media_type, url=url))
        self.progress("input", 1)

    def _read(self, entry: _Input) -> RawInput:
        cap = self.settings.max_input_bytes
        if entry.url is not None:
            fetched = fetch_url(
                entry.url, timeout_s=self.settings.fetch_timeout_s,
                max_bytes=self.settings.fetch_max_bytes,
                max_redirects=self.settings.fetch_max_redirects,
                allow_private=self.settings.allow_private_urls,
            )
            return RawInput(entry.source, fetched.data, fetched.media_type, fetched.charset,
                            url=fetched.url)
        if entry.source == "-":
            stream = self.stdin or sys.stdin.buffer
            data = read_capped(stream, cap)
            if data is None:
                raise too_large("stdin", cap)
            return RawInput("-", data)
        assert entry.path is not None
        # Regular files only, read to at most the cap (see ingest/limits.py).
        data = read_regular_file(entry.path, cap)
        return RawInput(str(entry.path), data)

    def _is_large_warc(self, path: Path) -> bool:
        try:
            size = path.stat().st_size
            if size <= self.settings.max_input_bytes or size > MAX_ARCHIVE_BYTES:
                return False
            with path.open("rb") as handle:
                head = handle.read(65536)
        except OSError:
            return False
        return (self.format or detect_format(head, path.name)) == "warc"

    # -- one input ------------------------------------------------------------
    def _items(self, raw: RawInput, fmt: str) -> Iterator[Item]:
        if fmt == "text":
            yield from read_text(raw)
        elif fmt == "html":
            yield from read_html(raw)
        elif fmt == "json":
            yield from read_json(raw)
        elif fmt == "jsonl":
            yield from read_jsonl(raw)
        elif fmt == "feed":
            yield from read_feed(raw, self.fetch_page if self.settings.fetch_feed_links else None,
                                 self._stored_url)
        elif fmt == "warc":
            yield from read_warc(io.BytesIO(raw.data), self.settings.max_input_bytes)
        else:  # pragma: no cover - FORMATS is closed
            raise AssertionError(fmt)

    def _stored_url(self, url: str) -> bool:
        canon = canonical_url(url)
        return canon is not None and self.store.has_article_url(canon)

    def _fetch_page(self, url: str) -> RawInput:
        fetched = fetch_url(
            url, timeout_s=self.settings.fetch_timeout_s, max_bytes=self.settings.fetch_max_bytes,
            max_redirects=self.settings.fetch_max_redirects,
            allow_private=self.settings.allow_private_urls,
        )
        return RawInput(url, fetched.data, fetched.media_type, fetched.charset, url=fetched.url)

    def _format_of(self, raw: RawInput) -> tuple[RawInput, str | None, list[InputRejected]]:
        """Detect the format; unwrap a plain .gz around a non-WARC input."""
        problems: list[InputRejected] = []
        if self.format:
            return raw, self.format, problems
        fmt = detect_format(raw.data, raw.source)
        if fmt == "gzip":
            # The cap holds for what the input expands to, not its compressed size.
            try:
                inner, complete = gunzip_capped(raw.data, self.settings.max_input_bytes)
            except InputRejected as rejected:  # kept with its compressed bytes
                return raw, None, [rejected]
            if not complete:
                problems.append(InputRejected(Reason.TRUNCATED, "the gzip stream ends early"))
            raw = RawInput(raw.source, inner, raw.media_type, raw.charset, raw.url)
            fmt = detect_format(inner, raw.source.removesuffix(".gz")) if inner else None
        if fmt is None and raw.media_type:
            fmt = _format_from_media_type(raw.media_type)
        return raw, fmt, problems

    def _ingest_raw(self, raw: RawInput) -> None:
        if not raw.data:
            with self.store.transaction() as tx:
                document, blob = self._put_document(tx, raw, None, raw.data)
                self._reject(tx, raw.source, document, InputRejected(Reason.EMPTY, "the input is empty"))
                document.status, document.error_code = "rejected", Reason.EMPTY.value
                tx.put_document(document, blob)
            return
        original = raw.data
        raw, fmt, problems = self._format_of(raw)
        items: Iterable[Item] = problems
        if fmt is None:
            if not any(p.reason is Reason.TOO_LARGE for p in problems):
                items = [*problems, InputRejected(
                    Reason.BINARY, "the input is not text, HTML, JSON, a feed or WARC")]
        elif problems and not raw.data:
            items = problems
        else:
            # Read (and, for feeds, fetch linked pages) before the write transaction
            # opens: a slow server must not hold the store's write lock.
            items = [*self._items(raw, fmt), *problems]
        with self.store.transaction() as tx:
            document, blob = self._put_document(tx, raw, fmt, original)
            self._store_items(tx, raw, document, blob, items)

    def _ingest_large_warc(self, entry: _Input) -> None:
        assert entry.path is not None
        size = entry.path.stat().st_size
        document = Document(id=content_id(entry.source, f"stream:{size}"), source=entry.source,
                            size=size, format="warc")
        raw = RawInput(entry.source, b"")
        with entry.path.open("rb") as stream, self.store.transaction() as tx:
            tx.put_document(document, None)
            self._store_items(tx, raw, document, None, read_warc(stream))

    def _put_document(
        self, tx: Transaction, raw: RawInput, fmt: str | None, data: bytes
    ) -> tuple[Document, str]:
        """Store the raw bytes first, then the document that points at them."""
        blob = tx.put_blob(data)
        document = Document(id=content_id(raw.source, blob), source=raw.source, size=len(data),
                            format=fmt, media_type=raw.media_type)
        tx.put_document(document, blob)
        return document, blob

    def _store_items(self, tx: Transaction, raw: RawInput, document: Document, blob: str | None,
                     items: Iterable[Item]) -> None:
        made = rejected = 0
        for item in items:
            if isinstance(item, InputRejected):
                self._reject(tx, raw.source, document, item)
                rejected += 1
                continue
            try:
                article = self._article(tx, raw, document, item)
            except InputRejected as problem:
                problem.locator = problem.locator or item.locator
                self._reject(tx, raw.source, document, problem)
                rejected += 1
                continue
            made += 1
            if self._revise(tx, article):
                continue
            if tx.put_article(article):
                self.report.new += 1
                self.report.new_ids.append(article.id)
                if article.duplicate_of:
                    self.report.exact_duplicates += 1
                if article.outlet:
                    self._outlets.add(article.outlet)
                    tx.mark_outlets_to_clean([article.outlet])
            else:
                self.report.already_stored += 1
        if rejected:
            document.status = "partial" if made else "rejected"
            codes = sorted({r.code for r in self.report.rejected if r.document_id == document.id})
            document.error_code = ",".join(codes) or None
            tx.put_document(document, blob)
        self.progress("articles", made)

    def _revise(self, tx: Transaction, article: Article) -> bool:
        """True when ``article`` is handled as another version of the article stored
        under its URL: stored as its new current text, or already among its texts."""
        if not article.canonical_url:
            return False
        current = tx.current_for_url(article.canonical_url)
        if current is None or current[0] == article.id:
            return False
        stored_id, seen_hashes = current
        if article.text_hash in seen_hashes:
            self.report.already_stored += 1
            return True
        tx.revise_article(stored_id, article, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.report.revised += 1
        self.report.revised_ids.append(stored_id)
        if article.outlet:
            self._outlets.add(article.outlet)
        return True

    # -- drafts → articles ------------------------------------------------------
    def _article(self, tx: Transaction, raw: RawInput, document: Document, draft: Draft) -> Article:
        document_id = document.id
        if draft.raw is not None:
            # A WARC record or a fetched feed page: its own bytes, its own document.
            child = Document(id=content_id(f"{raw.source}#{draft.locator}", blob_id(draft.raw)),
                             source=f"{raw.source}#{draft.locator}", size=len(draft.raw),
                             format="html", parent_id=document.id)
            tx.put_document(child, tx.put_blob(draft.raw))
            document_id = child.id
        text = normalize_text(draft.text or "")
        text, removed = split_boilerplate(text)
        if not text.strip():
            reason = "only boilerplate lines" if removed else "no article text"
            raise InputRejected(Reason.NO_ARTICLE_TEXT, f"the item has {reason}", draft.locator)
        metadata = dict(draft.metadata)
        if len(text) > self.settings.max_article_chars:
            metadata["truncated_from_chars"] = len(text)
            text = text[: self.settings.max_article_chars]
        url = draft.url or raw.url
        canon = canonical_url(url)
        outlet = decide_outlet(
            url=canon, site_url=draft.site, name=draft.outlet,
            site_name=str(metadata.get("sitename") or metadata.get("feed_title") or "") or None,
            fallback=self.outlet or outlet_from_path(raw.source), mapping=self._outlet_map)
        if outlet and outlet.name:
            metadata["outlet_name"] = outlet.name
        source = raw.source + (f"#{draft.locator}" if draft.locator else "")
        title = normalize_text(draft.title) if draft.title else None
        declared = str(metadata["declared_lang"]) if metadata.get("declared_lang") else None
        lang, score = detect_language(text, self.settings.lang_min_score, declared)
        return Article(
            id=content_id(canon or source, text),
            document_id=document_id, source=source, text=text, text_hash=text_fingerprint(text),
            url=url, canonical_url=canon, outlet=outlet.key if outlet else None,
            published=(normalize_published(draft.published)
                       or reconcile(dateline_day(text), day_in_url(canon))
                       or self.published or published_from_path(raw.source)),
            title=title or None,
            lang=lang, lang_score=score, removed_lines=removed, metadata=metadata,
        )

    # -- rejections -----------------------------------------------------------------
    def _reject(self, tx: Transaction, source: str, document: Document | None,
                problem: InputRejected) -> None:
        rejection = Rejection(source=source, code=problem.reason.value, reason=problem.detail,
                              document_id=document.id if document else None,
                              locator=problem.locator)
        tx.put_rejection(rejection)
        self.report.rejected.append(rejection)

    def _reject_unread(self, source: str, problem: InputRejected) -> None:
        with self.store.transaction() as tx:
            self._reject(tx, source, None, problem)

    # -- corpus-level cleaning ------------------------------------------------------
    def clean_outlet_boilerplate(self) -> int:
        """Remove lines an outlet repeats across many articles; return lines removed."""
        learner = OutletBoilerplate(self.settings.boilerplate_min_articles,
                                    self.settings.boilerplate_min_share)
        removed_total = 0
        # This run's outlets, and those a killed run left marked (its inserts committed,
        # its pass never ran): a re-run that adds nothing still finishes that work.
        for outlet in sorted(self._outlets | set(self.store.outlets_to_clean())):
            articles = list(self.store.iter_articles(outlet=outlet))
            if len(articles) < learner.min_articles:
                self._cleaned(outlet)
                continue
            # Versions of one report (recrawls, updates, copies under other URLs) share
            # their paragraphs, so they vote once: else a story crawled three times
            # would lose its text as "boilerplate". Lines removed earlier still count,
            # so the rule stays stable as articles arrive.
            reports: dict[str, list[str]] = {}
            for a in articles:
                key = " ".join((a.title or a.text.split("\n", 1)[0]).lower().split())
                reports.setdefault(key, []).extend([a.text, *a.removed_lines])
            repeated = learner.learn("\n".join(lines) for lines in reports.values())
            if not repeated:
                self._cleaned(outlet)
                continue
            with self.store.transaction() as tx:
                tx.clear_outlet_to_clean(outlet)  # commits with the texts it cleaned
                for article in articles:
                    text, removed = learner.strip(article.text, repeated)
                    if removed and text.strip():
                        tx.update_article_text(article.id, text, text_fingerprint(text),
                                               [*article.removed_lines, *removed])
                        removed_total += len(removed)
        return removed_total

    def _cleaned(self, outlet: str) -> None:
        with self.store.transaction() as tx:
            tx.clear_outlet_to_clean(outlet)


def _format_from_media_type(media_type: str) -> str | None:
    if "html" in media_type:
        return "html"
    if media_type in ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"):
        return "feed"
    if media_type == "application/json":
        return "json"
    if media_type.startswith("text/"):
        return "text"
    return None


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    format: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    progress: ProgressCallback | None = None,
    stdin: IO[bytes] | None = None,
) -> IngestReport:
    """Ingest paths, folders, URLs and "-" (stdin) into the store; see ``IngestReport``."""
    ingestor = Ingestor(store, settings, format=format, outlet=outlet, published=published,
                        progress=progress, stdin=stdin)
    entries = list(expand_inputs(inputs))
    ingestor.progress("total", len(entries))
    for entry in entries:
        ingestor.ingest_one(entry)
    ingestor.clean_outlet_boilerplate()
    return ingestor.report
