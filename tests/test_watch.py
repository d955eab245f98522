"""Following a stream: rounds read only what changed and analyse what is new."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.fetch import USER_AGENT, Fetched
from newsdesk.store import Store
from newsdesk.watch import Watcher, read_opml, watch

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "demo" / "corpus" / "text"
# Two reports of two different demo stories, each in a folder named for its outlet.
REPORTS = [TEXT / "harbourpost.example" / "2025-03-13-kellin-ford-traders-welcome-deal.txt",
           TEXT / "valleyherald.example" / "2025-03-04-sallow-floods-14-dead.txt"]


def test_watch_rounds_read_only_new_files_and_analyse_them(tmp_path: Path, store: Store,
                                                            settings: Settings) -> None:
    incoming = tmp_path / "incoming"
    (incoming / REPORTS[0].parent.name).mkdir(parents=True)
    shutil.copy(REPORTS[0], incoming / REPORTS[0].parent.name)
    watcher = Watcher(store, settings, [str(incoming)])

    first = watcher.round()
    assert first.ingest is not None and first.ingest.new == 1 and first.analysis is not None
    assert len(store.stories()) == 1

    quiet = watcher.round()  # nothing changed: nothing read, nothing analysed
    assert quiet.inputs_read == 0 and quiet.ingest is None

    (incoming / REPORTS[1].parent.name).mkdir(exist_ok=True)
    shutil.copy(REPORTS[1], incoming / REPORTS[1].parent.name)
    third = watcher.round()
    assert third.inputs_read == 1 and third.ingest is not None and third.ingest.new == 1
    assert third.analysis is not None
    assert sum(1 for _ in store.iter_articles()) == 2 and len(store.stories()) == 2
    assert {a.outlet for a in store.iter_articles()} == {"harbourpost.example", "valleyherald.example"}


def test_watch_reports_a_missing_input_once_and_keeps_going(tmp_path: Path, store: Store,
                                                             settings: Settings) -> None:
    lines: list[str] = []
    naps: list[float] = []
    rounds = watch(store, settings, [str(tmp_path / "not-yet")], every_s=5, rounds=3,
                   log=lines.append, sleep=naps.append)
    assert [r.inputs_read for r in rounds] == [1, 0, 0]
    first = rounds[0].ingest
    assert first is not None and [r.code for r in first.rejected] == ["not_found"]
    assert naps == [5, 5] and "not there yet" in lines[0]


def _feed(items: str) -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Post</title>"
            f"<link>https://harbourpost.example/</link>{items}</channel></rss>").encode()


POST = ("<p>The harbour board of Villaclara approved the port budget on Tuesday after a long "
        "debate about new cranes and a quay for the fishing fleet.</p>") * 4


class _Site:
    """A fake web: records each request's headers; robots.txt and feeds as configured."""

    def __init__(self, robots: str = "") -> None:
        self.robots = robots
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.feed = _feed(f"<item><title>Budget</title><link>https://harbourpost.example/a</link>"
                          f"<description><![CDATA[{POST}]]></description></item>"
                          "<item><title>Teaser</title><link>https://harbourpost.example/b</link>"
                          "<description>Short teaser.</description></item>")
        self.down = False

    def __call__(self, url: str, headers: dict[str, str]) -> Fetched:
        self.requests.append((url, dict(headers)))
        if url.endswith("/robots.txt"):
            return Fetched(url, self.robots.encode(), "text/plain", "utf-8")
        if self.down:
            raise InputRejected(Reason.FETCH_FAILED, "connection refused")
        if url.endswith("/rss.xml"):
            if headers.get("If-None-Match") == '"v1"':
                return Fetched(url, b"", None, None, status=304, etag='"v1"')
            return Fetched(url, self.feed, "application/rss+xml", "utf-8", etag='"v1"',
                           last_modified="Tue, 04 Mar 2025 10:00:00 GMT")
        page = ("<html><body><article><h1>Teaser</h1>" + POST.replace("budget", "plan")
                + "</article></body></html>")
        return Fetched(url, page.encode(), "text/html", "utf-8")

    def fetched(self, suffix: str) -> list[dict[str, str]]:
        return [h for u, h in self.requests if u.endswith(suffix)]


def test_watch_conditional_get_skips_stored_pages_and_backs_off(tmp_path: Path, store: Store,
                                                                  settings: Settings) -> None:
    site = _Site()
    on = settings.with_overrides(fetch_feed_links=True)
    watcher = Watcher(store, on, ["https://harbourpost.example/rss.xml"], fetch=site)
    first = watcher.round()
    assert first.ingest is not None and first.ingest.new == 2 and first.analysis is not None
    assert site.fetched("/b") == [{}]  # the teaser's page, fetched once
    # Second round: the validators go back, the site answers 304, nothing is read.
    quiet = watcher.round()
    assert quiet.ingest is None and any("not modified" in n for n in quiet.notes)
    assert site.fetched("/rss.xml")[-1] == {"If-None-Match": '"v1"',
                                           "If-Modified-Since": "Tue, 04 Mar 2025 10:00:00 GMT"}
    # The feed changes (no ETag match): the teaser's page is stored, so not fetched again.
    watcher.feeds["https://harbourpost.example/rss.xml"].etag = None
    watcher.round()
    assert site.fetched("/b") == [{}]
    # The site goes down: tries come after 1, then 3 skipped rounds.
    site.down = True
    tries = []
    for _ in range(6):
        before = len(site.fetched("/rss.xml"))
        watcher.round()
        tries.append(len(site.fetched("/rss.xml")) - before)
    assert tries == [1, 0, 1, 0, 0, 0]
    assert len(site.fetched("/robots.txt")) == 1  # read once a day per site


def test_watch_obeys_robots_and_reads_opml(tmp_path: Path, store: Store, settings: Settings) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline type="rss" text="Harbour" xmlUrl="https://harbourpost.example/rss.xml"/>'
                    '<outline type="rss" text="Dup" xmlUrl="https://harbourpost.example/rss.xml"/>'
                    "</outline></body></opml>", "utf-8")
    assert read_opml(opml) == ["https://harbourpost.example/rss.xml"]
    site = _Site(robots=f"User-agent: *\nDisallow: /b\n\nUser-agent: {USER_AGENT.split('/')[0]}\n"
                        "Disallow: /b\n")
    on = settings.with_overrides(fetch_feed_links=True)
    result = Watcher(store, on, [str(opml)], fetch=site).round()
    assert result.ingest is not None and result.ingest.new == 1  # the full post only
    assert site.fetched("/b") == []  # disallowed: never requested
    assert any("robots.txt" in r.reason for r in result.ingest.rejected)
    blocked = _Site(robots="User-agent: *\nDisallow: /\n")
    none = Watcher(store, on, [str(opml)], fetch=blocked).round()
    assert none.ingest is None and "robots.txt disallows" in none.notes[0]
    assert blocked.fetched("/rss.xml") == []
