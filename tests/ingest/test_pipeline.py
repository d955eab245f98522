"""Ingest end to end on real inputs: the seeds, generated variations and bad inputs."""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import Settings
from newsdesk.ingest import Ingestor, ingest, limits
from newsdesk.store import Store, open_store

from .samples import SEED_000, SEED_000_PROMO, SEED_004, html_page, seed_parts, warc_bytes


def _snapshot(store: Store) -> tuple[list, list, list]:
    articles = [(a.id, a.text, a.removed_lines, a.duplicate_of) for a in store.iter_articles()]
    return articles, store.documents(), [r.id for r in store.rejections()]


def test_pipeline_seeds_become_two_articles(seeds_dir: Path, store: Store,
                                           settings: Settings) -> None:
    report = ingest([str(seeds_dir)], store, settings)
    assert (report.inputs, report.new, report.rejected) == (2, 2, [])
    by_file = {Path(a.source).name: a for a in store.iter_articles()}
    assert set(by_file) == {SEED_000, SEED_004}
    spun, dw = by_file[SEED_000], by_file[SEED_004]
    # Seed 000's two promo lines leave the clean text and stay on the record for audit.
    assert spun.removed_lines == SEED_000_PROMO
    assert "Live briefing" not in spun.text and "click here" not in spun.text
    assert spun.text.startswith("The United States and key European allies")
    assert "Blinken also accused Moscow" in spun.text  # the line after the promo stays
    # DW's first line is a headline; the spun copy starts with a sentence, so no title.
    assert dw.title == "US accuses Iran of supplying ballistic missiles to Russia"
    assert spun.title is None
    assert dw.removed_lines == [] and "Kanaani" in dw.text
    assert {a.lang for a in by_file.values()} == {"en"}
    # Curly quotes are normalised in the clean text.
    assert "\u201c" not in spun.text and '"Russia has now received' in spun.text


def test_pipeline_raw_bytes_stored_first(seeds_dir: Path, store: Store,
                                         settings: Settings) -> None:
    ingest([str(seeds_dir)], store, settings)
    for doc in store.documents():
        raw = Path(doc["source"]).read_bytes()
        assert store.get_blob(doc["blob_id"]) == raw
        assert doc["size"] == len(raw) and doc["status"] == "parsed"


def test_pipeline_second_ingest_adds_nothing(seeds_dir: Path, store: Store,
                                             settings: Settings) -> None:
    ingest([str(seeds_dir)], store, settings)
    before = _snapshot(store)
    again = ingest([str(seeds_dir)], store, settings)
    assert (again.new, again.already_stored, again.rejected) == (0, 2, [])
    assert _snapshot(store) == before


def test_pipeline_same_text_other_url_is_exact_duplicate(seeds_dir: Path, tmp_path: Path,
                                                         store: Store, settings: Settings) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    text = "\n".join(paragraphs)
    lines = [json.dumps({"url": url, "title": title, "text": text}) for url in (
        "https://www.dw.com/en/us-accuses-iran/a-70171513",
        "https://scraper.example.net/2024/09/us-accuses-iran",
    )]
    (tmp_path / "two.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    report = ingest([str(tmp_path / "two.jsonl")], store, settings)
    assert (report.new, report.exact_duplicates) == (2, 1)
    first, second = store.iter_articles()
    assert first.outlet == "dw.com" and first.duplicate_of is None
    assert second.duplicate_of == first.id and second.text == first.text


def test_pipeline_stdin_and_outlet_option(seeds_dir: Path, store: Store,
                                          settings: Settings) -> None:
    data = (seeds_dir / SEED_004).read_bytes()
    report = ingest(["-"], store, settings, outlet="Deutsche Welle", stdin=io.BytesIO(data))
    assert report.new == 1
    (article,) = store.iter_articles()
    assert article.source == "-" and article.outlet == "Deutsche Welle"
    assert article.title == "US accuses Iran of supplying ballistic missiles to Russia"


def test_pipeline_outlet_domain_else_field_else_option(tmp_path: Path, store: Store,
                                                            settings: Settings) -> None:
    body = "Officials met in London on Tuesday to discuss new sanctions against Tehran."
    rows = [
        {"url": "https://www.bbc.co.uk/news/world-1", "outlet": "BBC News", "text": body + " 1"},
        {"url": "https://www.bbc.co.uk/news/world-2?utm_source=x#top", "text": body + " 2"},
        {"text": body + " 3"},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    ingest([str(path)], store, settings, outlet="fallback-outlet")
    got = {a.text[-1]: a for a in store.iter_articles()}
    # One outlet whatever the record calls it; its own name is kept for display.
    assert got["1"].outlet == "bbc.co.uk" and got["1"].metadata["outlet_name"] == "BBC News"
    assert got["2"].outlet == "bbc.co.uk"
    assert got["2"].canonical_url == "https://www.bbc.co.uk/news/world-2"
    assert got["3"].outlet == "fallback-outlet"


def test_pipeline_published_normalised_to_utc(tmp_path: Path, store: Store,
                                              settings: Settings) -> None:
    body = "Blinken and Lammy held a joint press conference in London on Tuesday afternoon."
    rows = [
        {"url": "https://a.example.org/1", "published": "2024-09-10 16:20:00+02:00", "text": body},
        {"url": "https://a.example.org/2", "published": "Tue, 10 Sep 2024 09:15:00 -0400",
         "text": body + " Later."},
        {"url": "https://a.example.org/3", "published": 1725962400, "text": body + " Again."},
    ]
    path = tmp_path / "dates.json"
    path.write_text(json.dumps({"articles": rows}), "utf-8")
    ingest([str(path)], store, settings)
    got = {a.url: a.published for a in store.iter_articles()}
    assert got == {
        "https://a.example.org/1": "2024-09-10T14:20:00Z",
        "https://a.example.org/2": "2024-09-10T13:15:00Z",
        "https://a.example.org/3": "2024-09-10T10:00:00Z",
    }


def test_pipeline_html_and_warc_articles(seeds_dir: Path, tmp_path: Path, store: Store,
                                         settings: Settings) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    url = "https://www.dw.com/en/us-accuses-iran/a-70171513"
    page = html_page(title, paragraphs, url=url)
    folder = tmp_path / "inputs"
    folder.mkdir()
    # A saved copy without its canonical link, named .txt: the content decides the reader.
    (folder / "page.txt").write_text(html_page(title, paragraphs), "utf-8")
    (folder / "cc.warc.gz").write_bytes(warc_bytes([(url, page)]))
    report = ingest([str(folder)], store, settings)
    assert report.rejected == [] and report.new == 2
    # The same page again, as a file with its canonical URL: the same article.
    (folder / "dw.html").write_text(page, "utf-8")
    again = ingest([str(folder / "dw.html")], store, settings)
    assert (again.new, again.already_stored) == (0, 1)
    by_kind = {"warc" if "#" in a.source else "html": a for a in store.iter_articles()}
    html_article, warc_article = by_kind["html"], by_kind["warc"]
    assert warc_article.source.endswith("cc.warc.gz#record 4")
    for article in (html_article, warc_article):
        assert article.title == title
        assert article.published == "2024-09-10T12:05:00Z"
        assert "Kanaani" in article.text and "Share on Facebook" not in article.text
        assert "Home" not in article.text.split("\n")
    assert warc_article.outlet == "dw.com" and warc_article.url == url
    # The WARC record's HTML payload is stored as its own document, under the archive.
    docs = {d["id"]: d for d in store.documents()}
    child = docs[warc_article.document_id]
    assert child["parent_id"] in docs and store.get_blob(child["blob_id"]) == page.encode()


def test_pipeline_format_option_overrides_detection(seeds_dir: Path, tmp_path: Path,
                                                    store: Store, settings: Settings) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    path = tmp_path / "page.html"
    path.write_text(html_page(title, paragraphs), "utf-8")
    ingest([str(path)], store, settings, format="text")
    (article,) = store.iter_articles()
    assert "<article>" in article.text  # read as plain text, tags and all


def test_pipeline_folders_recursive_hidden_skipped(seeds_dir: Path, tmp_path: Path,
                                                   store: Store, settings: Settings) -> None:
    root = tmp_path / "saved"
    deep = root / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "dw.txt").write_bytes((seeds_dir / SEED_004).read_bytes())
    (root / "a" / "spun.txt").write_bytes((seeds_dir / SEED_000).read_bytes())
    (root / ".cache").mkdir()
    (root / ".cache" / "junk.txt").write_text("not an article", "utf-8")
    (root / "a" / ".hidden.txt").write_text("not an article", "utf-8")
    report = ingest([str(root)], store, settings)
    assert (report.inputs, report.new) == (2, 2)


def test_pipeline_outlet_repeated_lines_removed(seeds_dir: Path, tmp_path: Path, store: Store,
                                                settings: Settings) -> None:
    _title, paragraphs = seed_parts(seeds_dir)
    sign_off = "DW's Berlin desk contributed to this report from the foreign ministry."
    rows = [{"url": f"https://www.dw.com/en/story/a-{i}",
             "text": "\n".join([paragraphs[i], paragraphs[i + 1], sign_off])} for i in range(4)]
    path = tmp_path / "dw.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    ingest([str(path)], store, settings)
    stored = list(store.iter_articles())
    assert len(stored) == 4
    for article in stored:
        assert sign_off not in article.text and article.removed_lines == [sign_off]
        assert len(article.text.split("\n")) == 2  # the real paragraphs stay


# -- bad inputs: each reported with its reason; the good inputs in the batch go in ------


@pytest.fixture()
def bad_inputs(seeds_dir: Path, tmp_path: Path) -> dict[str, Path]:
    title, paragraphs = seed_parts(seeds_dir)
    url = "https://www.dw.com/en/us-accuses-iran/a-70171513"
    page = html_page(title, paragraphs, url=url)
    # The archives hold the page under other URLs than the JSONL line, so each input
    # makes its own article.
    archive = warc_bytes([(url + "?cc=1", page), (url + "?cc=2", page.replace("Tuesday", "Mon"))])
    plain_archive = warc_bytes([(url + "?cc=3", page)], gzip=False)
    good_line = json.dumps({"url": url, "title": title, "text": "\n".join(paragraphs)})
    files = {
        "binary": ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40),
        "empty": ("empty.txt", b""),
        "no_text_html": ("index.html", b"<!doctype html><html><head><title>DW</title></head>"
                         b"<body><nav><a href='/'>Home</a> <a href='/en'>English</a></nav>"
                         b"</body></html>"),
        "jsonl": ("mixed.jsonl", "\n".join([good_line, '{"url": "https://x.example/1", "text":',
                                            "[1, 2", json.dumps({"url": url + "-2"})]).encode()),
        "gzip": ("story.txt.gz", gzip.compress((seeds_dir / SEED_004).read_bytes())[:-40]),
        "warc_gz": ("cut.warc.gz", archive[: len(archive) - 700]),
        "warc": ("cut.warc", plain_archive[: len(plain_archive) - 900]),
        "not_xml_feed": ("feed.rss", b"this feed was replaced by an error page, not XML"),
        "legacy": ("legacy.txt", (seeds_dir / SEED_000).read_text("utf-8").encode("cp1252")),
        # UTF-8 with curly quotes and one corrupt byte: still read as UTF-8.
        "invalid_utf8": ("stray-byte.txt", (seeds_dir / SEED_000).read_bytes().replace(
            b"Blinken", b"Blin\xffken", 1)),
        "good": ("dw.txt", (seeds_dir / SEED_004).read_bytes()),
    }
    out = {}
    for key, (name, data) in files.items():
        out[key] = tmp_path / name
        out[key].write_bytes(data)
    out["missing"] = tmp_path / "no-such-file.txt"
    return out


def test_pipeline_bad_inputs_reported_good_go_in(bad_inputs: dict[str, Path], store: Store,
                                                 settings: Settings, seeds_dir: Path) -> None:
    report = ingest([str(p) for p in bad_inputs.values()], store, settings)
    codes: dict[str, set[tuple[str, str]]] = {}
    for r in store.rejections():
        codes.setdefault(Path(r.source).name, set()).add((r.code, r.locator))
    assert codes == {
        "photo.jpg": {("binary", "")},
        "empty.txt": {("empty", "")},
        "index.html": {("no_article_text", "")},
        "mixed.jsonl": {("malformed_json", "line 2"), ("malformed_json", "line 3"),
                        ("missing_field", "line 4")},
        "story.txt.gz": {("truncated", "")},
        "cut.warc.gz": {("truncated", "record 6")},
        "cut.warc": {("truncated", "record 4")},
        "feed.rss": {("not_a_feed", "")},
        "no-such-file.txt": {("not_found", "")},
    }
    assert report.rejected_by_reason()["malformed_json"] == 2
    sources = {Path(a.source.split("#")[0]).name: a for a in store.iter_articles()}
    # Good inputs and the good parts of partial ones went in.
    assert {"dw.txt", "legacy.txt", "stray-byte.txt", "mixed.jsonl", "cut.warc.gz"} <= set(
        sources)
    assert sources["stray-byte.txt"].metadata["encoding"] == "utf-8 (invalid bytes replaced)"
    assert "cut.warc" not in sources  # its only page was cut: no half article
    # The page before the cut is whole; the cut one was not turned into an article.
    assert [a.source.rsplit("#", 1)[1] for a in store.iter_articles()
            if ".warc.gz#" in a.source] == ["record 4"]
    # cp1252 bytes decoded: the same clean text as the UTF-8 seed, so an exact duplicate.
    ingest([str(seeds_dir / SEED_000)], store, settings)
    legacy = sources["legacy.txt"]
    (utf8,) = [a for a in store.iter_articles() if a.source.endswith(SEED_000)]
    assert utf8.text == legacy.text and utf8.duplicate_of == legacy.id
    assert legacy.metadata.get("encoding") == "cp1252"
    assert legacy.removed_lines == SEED_000_PROMO
    assert '"Russia has now received' in legacy.text
    # Nothing lost: every input that could be read is kept as a document with its bytes.
    docs = {Path(d["source"]).name: d for d in store.documents() if d["parent_id"] is None}
    for key, path in bad_inputs.items():
        if key == "missing":
            assert path.name not in docs
            continue
        assert store.get_blob(docs[path.name]["blob_id"]) == path.read_bytes()
    assert docs["photo.jpg"]["status"] == "rejected"
    assert docs["mixed.jsonl"]["status"] == "partial"


def test_pipeline_huge_file_refused_without_reading(tmp_path: Path, store: Store,
                                                    settings: Settings,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "dump.jsonl"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    good = tmp_path / "ok.txt"
    good.write_text("Officials in London said new sanctions against Tehran take effect.", "utf-8")
    read: list[int] = []  # inodes of the files whose bytes were read
    original = limits.read_capped

    def spy(stream: Any, cap: int) -> bytes | None:
        read.append(os.fstat(stream.fileno()).st_ino)
        return original(stream, cap)

    monkeypatch.setattr(limits, "read_capped", spy)
    tracemalloc.start()
    try:
        report = ingest([str(huge), str(good)], store, settings)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(Path(r.source).name, r.code) for r in report.rejected] == [("dump.jsonl", "too_large")]
    assert "209,715,200 bytes" in report.rejected[0].reason
    assert huge.stat().st_ino not in read and good.stat().st_ino in read
    assert peak < 50 * 1024 * 1024
    assert report.new == 1


def test_pipeline_large_warc_streamed_past_the_cap(seeds_dir: Path, tmp_path: Path,
                                                   store: Store, settings: Settings) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    pages = [(f"https://www.dw.com/en/a-{i}", html_page(f"{title} {i}", paragraphs[i:]))
             for i in range(3)]
    archive = tmp_path / "big.warc.gz"
    archive.write_bytes(warc_bytes(pages))
    other = tmp_path / "big.txt"
    other.write_text("Officials said the sanctions take effect at once. " * 400, "utf-8")
    small_cap = settings.with_overrides(max_input_bytes=4096)
    assert archive.stat().st_size > 4096 and other.stat().st_size > 4096
    report = ingest([str(archive), str(other)], store, small_cap)
    # A WARC over the cap is read record by record; any other input over it is refused.
    assert [(Path(r.source).name, r.code) for r in report.rejected] == [("big.txt", "too_large")]
    assert sorted(a.url for a in store.iter_articles()) == [url for url, _ in pages]
    assert all(store.get_blob(d["blob_id"]) is not None for d in store.documents()
               if d["parent_id"])


def test_pipeline_progress_events(seeds_dir: Path, store: Store, settings: Settings) -> None:
    events: list[tuple[str, int]] = []
    ingest([str(seeds_dir), str(seeds_dir / "missing.txt")], store, settings,
           progress=lambda event, n: events.append((event, n)))
    assert events[0] == ("total", 3)
    assert [e for e in events if e[0] == "input"] == [("input", 1)] * 3
    assert sum(n for event, n in events if event == "articles") == 2


def test_pipeline_versions_of_one_report_are_not_boilerplate(seeds_dir: Path, tmp_path: Path,
                                                             store: Store,
                                                             settings: Settings) -> None:
    """Three crawls of one updated DW story share their paragraphs; the outlet's
    sign-off, in three different stories, is still learned."""
    title, paragraphs = seed_parts(seeds_dir)
    sign_off = "DW's Berlin desk contributed to this report from the foreign ministry."
    rows = [{"url": f"https://www.dw.com/en/us-accuses-iran/a-1?update={i}", "title": title,
             "text": "\n".join([f"Update {i}: Tehran has summoned the British envoy.",
                                *paragraphs])} for i in range(3)]
    rows += [{"url": f"https://www.dw.com/en/other/a-{i}", "title": f"Other story {i}",
              "text": f"Story {i} is about the German economy and its exports.\n{sign_off}"}
             for i in range(3)]
    path = tmp_path / "dw.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    ingest([str(path)], store, settings)
    for article in store.iter_articles():
        if article.title == title:
            assert article.text.split("\n")[1:] == paragraphs and article.removed_lines == []
        else:
            assert article.removed_lines == [sign_off]


# -- issue 15: every phase completes on a re-run; no network inside a transaction -----
SIGN_OFF = "Follow the Elwin Herald for more harbour news every morning."


def _herald_inputs(root: Path, n: int = 8) -> list[str]:
    root.mkdir(parents=True, exist_ok=True)
    places = ["the north quay", "the ferry terminal", "the old lighthouse", "the fish market",
              "the marina", "the customs house", "the dry dock", "the harbour school"]
    paths = []
    for i in range(n):
        record = {"url": f"https://elwin-herald.example/news/{i}", "title": f"Harbour report {i}",
                  "text": f"Workers at {places[i % len(places)]} said on day {i} that repairs "
                          f"would take {i + 2} more weeks.\nThe council has not yet answered.\n"
                          + SIGN_OFF}
        path = root / f"{i:02d}.json"
        path.write_text(json.dumps(record), "utf-8")
        paths.append(str(path))
    return paths


def test_pipeline_rerun_finishes_boilerplate_pass_of_killed_run(
        tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed after its inserts, before the outlet-boilerplate pass: the re-run adds no
    article, yet must run the pass the killed run never did (issue 15, item 6)."""
    inputs = _herald_inputs(tmp_path / "in")
    with open_store(f"sqlite:///{tmp_path / 'clean.db'}") as clean:
        ingest(inputs, clean, settings)
        expected = sorted((a.id, a.text, tuple(a.removed_lines)) for a in clean.iter_articles())
    assert not any(SIGN_OFF in text for _id, text, _removed in expected)

    with open_store(f"sqlite:///{tmp_path / 'killed.db'}") as killed:
        with monkeypatch.context() as patch:  # the kill: the pass never runs
            patch.setattr(Ingestor, "clean_outlet_boilerplate", lambda self: 0)
            ingest(inputs, killed, settings)
        assert killed.outlets_to_clean() == ["elwin-herald.example"]
        rerun = ingest(inputs, killed, settings)
        assert rerun.new == 0 and rerun.already_stored == len(inputs)
        got = sorted((a.id, a.text, tuple(a.removed_lines)) for a in killed.iter_articles())
        assert killed.outlets_to_clean() == []
    assert got == expected


def test_pipeline_feed_pages_fetched_outside_the_write_transaction(
        tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """While a feed's linked page is being fetched, another process can write to the
    store: the fetch does not hold SQLite's write lock (issue 15, item 10)."""
    import sqlite3

    from newsdesk.ingest import pipeline
    from newsdesk.ingest.fetch import Fetched

    db = tmp_path / "lock.db"
    page = html_page("Ferry line delayed", [
        "Harbour officials in Port Elwin said on Tuesday that the new ferry line would open "
        "in May, two months later than planned.", "The council will vote on the fares next week."])
    writes: list[str] = []

    def slow_server(url: str, **_kwargs: object) -> Fetched:
        other = sqlite3.connect(db, timeout=0)  # another writer, not willing to wait
        try:
            other.execute("insert into rejections (id, source, locator, code, reason) "
                          "values (?, 'other', '', 'empty', 'written during a fetch')", (url,))
            other.commit()
            writes.append("ok")
        except sqlite3.OperationalError as exc:
            writes.append(str(exc))
        finally:
            other.close()
        return Fetched(url, page.encode(), "text/html", "utf-8")

    monkeypatch.setattr(pipeline, "fetch_url", slow_server)
    feed = tmp_path / "herald.rss"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Herald</title>"
        "<item><title>Ferry line delayed</title><link>https://elwin-herald.example/ferry</link>"
        "<description>Short teaser.</description></item></channel></rss>", "utf-8")
    with open_store(f"sqlite:///{db}") as store:
        report = ingest([str(feed)], store, settings.with_overrides(fetch_feed_links=True))
        assert report.new == 1
    assert writes == ["ok"]
