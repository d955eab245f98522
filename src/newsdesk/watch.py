"""Follow a stream: ingest what is new in folders, files and feeds, then analyse it, in rounds.

Each round reads only files that are new or changed since the last round (by size and
modification time; a folder is walked again so new files are seen), fetches each URL
(a feed, or an OPML file's list of feeds) politely, and runs ``analyze`` when new or
revised articles came in. A run that is stopped and started again simply reads
everything once more, which stores nothing twice.

Politeness toward the sites watched: a conditional GET (the feed's ETag and
Last-Modified sent back as If-None-Match / If-Modified-Since; a 304 costs the site
nothing), robots.txt obeyed for feeds and linked pages (protego, read once a day per
site), a feed that fails waits 1, 3, 7 … rounds (up to 32) before the next try, and an
entry whose page is already stored is not fetched again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
from protego import Protego

from newsdesk.analyze import AnalysisReport, analyze
from newsdesk.config import Settings
from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.fetch import USER_AGENT, Fetched, fetch_url
from newsdesk.ingest.pipeline import Ingestor, IngestReport, expand_inputs
from newsdesk.ingest.readers import RawInput
from newsdesk.store import Store

# GET with extra request headers; injected so watching stays testable offline.
Fetcher = Callable[[str, dict[str, str]], Fetched]
MAX_BACKOFF_ROUNDS = 32
ROBOTS_MAX_AGE_S = 24 * 3600


@dataclass(slots=True)
class FeedState:
    """What the watcher remembers of one watched URL between rounds."""

    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # in a row
    wait_rounds: int = 0  # rounds still to skip before the next try


def read_opml(path: Path) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML subscription list, in document order."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.parse(str(path), parser).getroot()
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        raise InputRejected(Reason.UNREADABLE, f"cannot read the OPML list {path}: {exc}") from exc
    urls = [str(o.get("xmlUrl")).strip() for o in root.iter("outline") if o.get("xmlUrl")]
    return [u for u in dict.fromkeys(urls) if u.lower().startswith(("http://", "https://"))]


@dataclass(slots=True)
class WatchRound:
    number: int
    inputs_read: int
    ingest: IngestReport | None = None
    analysis: AnalysisReport | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.ingest is None:
            return f"round {self.number}: nothing new"
        r = self.ingest
        line = (f"round {self.number}: {self.inputs_read} inputs read, {r.new} new articles, "
                f"{r.already_stored} already stored, {len(r.rejected)} rejected")
        if r.revised:
            line += f", {r.revised} revised"
        return line + ("; analysed" if self.analysis else "")


class Watcher:
    """Remembers what it has read, so each round reads only what changed."""

    def __init__(self, store: Store, settings: Settings, inputs: Sequence[str],
                 fetch: Fetcher | None = None, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings
        self.inputs = list(inputs)
        self.seen: dict[str, tuple[float, int]] = {}
        self.rounds = 0
        self.feeds: dict[str, FeedState] = {}
        self._robots: dict[str, tuple[float, Protego | None]] = {}
        self._fetch = fetch or self._plain_fetch
        self._clock = clock

    def _plain_fetch(self, url: str, headers: dict[str, str]) -> Fetched:
        s = self.settings
        return fetch_url(url, timeout_s=s.fetch_timeout_s, max_bytes=s.fetch_max_bytes,
                         max_redirects=s.fetch_max_redirects, allow_private=s.allow_private_urls,
                         headers=headers)

    # -- what to read ---------------------------------------------------------
    def _changed(self) -> tuple[list[str], list[str]]:
        """(files new or changed since the last round, URLs to fetch)."""
        files: list[str] = []
        urls: list[str] = []
        for entry in expand_inputs(self.inputs):
            if entry.path is None:
                urls.append(entry.source)
                continue
            if entry.path.suffix.lower() == ".opml":
                try:
                    urls.extend(read_opml(entry.path))
                except InputRejected:
                    files.append(entry.source)  # reported by ingest as it is
                continue
            try:
                stat = entry.path.stat()
                mark = (stat.st_mtime, stat.st_size)
            except OSError:
                mark = (-1.0, -1)  # missing or unreadable: reported once, then again if it changes
            if self.seen.get(entry.source) != mark:
                self.seen[entry.source] = mark
                files.append(entry.source)
        return files, list(dict.fromkeys(urls))

    # -- politeness -----------------------------------------------------------
    def allowed(self, url: str) -> bool:
        """What the site's robots.txt says of newsdesk fetching this URL. A robots.txt
        that is missing (4xx) or cannot be read allows everything, as crawlers do."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        read_at, rules = self._robots.get(origin, (None, None))
        if read_at is None or self._clock() - read_at > ROBOTS_MAX_AGE_S:
            try:
                fetched = self._fetch(f"{origin}/robots.txt", {})
                rules = Protego.parse(fetched.data.decode("utf-8", "replace"))
            except InputRejected:
                rules = None
            self._robots[origin] = (self._clock(), rules)
        return rules is None or bool(rules.can_fetch(url, USER_AGENT))

    def _page_fetcher(self, url: str) -> RawInput:
        """A feed entry's linked page: robots.txt first, then the guarded fetch."""
        if not self.allowed(url):
            raise InputRejected(Reason.FETCH_FAILED, f"robots.txt of the site disallows {url}")
        fetched = self._fetch(url, {})
        return RawInput(url, fetched.data, fetched.media_type, fetched.charset, url=fetched.url)

    def _poll(self, url: str, ingestor: Ingestor, notes: list[str]) -> bool:
        """Fetch one watched URL if it is due; True when it was read into the store."""
        state = self.feeds.setdefault(url, FeedState())
        if state.wait_rounds > 0:
            state.wait_rounds -= 1
            notes.append(f"{url}: backing off after {state.failures} failures")
            return False
        if not self.allowed(url):
            notes.append(f"{url}: robots.txt disallows it; not fetched")
            return False
        headers = {k: v for k, v in (("If-None-Match", state.etag),
                                     ("If-Modified-Since", state.last_modified)) if v}
        try:
            fetched = self._fetch(url, headers)
        except InputRejected as problem:
            state.failures += 1
            state.wait_rounds = min(2 ** state.failures - 1, MAX_BACKOFF_ROUNDS)
            notes.append(f"{url}: {problem.detail}; next try in {state.wait_rounds + 1} rounds")
            return False
        state.failures = state.wait_rounds = 0
        if fetched.status == 304:
            notes.append(f"{url}: not modified")
            return False
        state.etag, state.last_modified = fetched.etag, fetched.last_modified
        ingestor.ingest_bytes(url, fetched.data, fetched.media_type, url=fetched.url)
        return True

    def round(self) -> WatchRound:
        self.rounds += 1
        files, urls = self._changed()
        result = WatchRound(self.rounds, len(files))
        if not files and not urls:
            return result
        ingestor = Ingestor(self.store, self.settings, fetch_page=self._page_fetcher)
        for source in files:
            ingestor.ingest_one(source)
        for url in urls:
            result.inputs_read += self._poll(url, ingestor, result.notes)
        if not result.inputs_read:
            return result
        ingestor.clean_outlet_boilerplate()
        result.ingest = ingestor.report
        if result.ingest.new or result.ingest.revised:
            result.analysis = analyze(self.store, self.settings)
        return result


def watch(store: Store, settings: Settings, inputs: Sequence[str], *, every_s: float = 300.0,
          rounds: int | None = None, log: Callable[[str], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> list[WatchRound]:
    """Run rounds every ``every_s`` seconds (forever when ``rounds`` is None)."""
    missing = [i for i in inputs if "://" not in i and i != "-" and not Path(i).exists()]
    if missing:
        (log or (lambda _s: None))(f"not there yet (watched anyway): {', '.join(missing)}")
    watcher = Watcher(store, settings, inputs)
    done: list[WatchRound] = []  # kept only for a bounded run: a stream runs for months
    while rounds is None or watcher.rounds < rounds:
        if watcher.rounds:
            sleep(every_s)
        result = watcher.round()
        if rounds is not None:
            done.append(result)
        if log:
            log(result.summary())
            for note in result.notes:
                log(f"  {note}")
    return done
