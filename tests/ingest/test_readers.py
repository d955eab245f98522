"""Each reader on its own: drafts and rejections, never an exception for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.detect import gunzip
from newsdesk.ingest.readers import (
    Draft,
    RawInput,
    read_feed,
    read_html,
    read_json,
    read_jsonl,
    read_text,
    read_warc,
)

from .samples import SEED_000, SEED_004, html_page, seed_parts, warc_bytes

DW_TITLE = "US accuses Iran of supplying ballistic missiles to Russia"


def _one(items: list) -> Draft:
    assert len(items) == 1 and isinstance(items[0], Draft), items
    return items[0]


def test_readers_text_headline_only_when_it_looks_like_one(seeds_dir: Path) -> None:
    dw = _one(list(read_text(RawInput("dw.txt", (seeds_dir / SEED_004).read_bytes()))))
    assert dw.title == DW_TITLE and not dw.text.startswith(DW_TITLE)
    spun = _one(list(read_text(RawInput("s.txt", (seeds_dir / SEED_000).read_bytes()))))
    assert spun.title is None and spun.text.startswith("The United States")
    one_line = _one(list(read_text(RawInput("x.txt", b"Just a headline without body"))))
    assert one_line.title is None


def test_readers_html_main_text_title_date_site(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    page = html_page(title, paragraphs, site="DW", url="https://www.dw.com/en/a-1")
    draft = _one(list(read_html(RawInput("p.html", page.encode()))))
    assert draft.title == title
    assert draft.published == "2024-09-10T14:05:00+02:00"  # the pipeline makes it UTC
    assert draft.metadata["sitename"] == "DW"
    assert draft.url == "https://www.dw.com/en/a-1"  # from <link rel="canonical">
    lines = draft.text.split("\n")
    assert lines[0] == paragraphs[0] and lines[-1] == paragraphs[-1]
    assert not {"Home", "World", "Share on Facebook"} & set(lines)


def test_readers_html_without_article_rejected() -> None:
    for page in [b"<html><body><nav><a href='/'>Home</a> <a href='/en'>News</a></nav></body>",
                 b"<html><head><title>404 Not Found</title></head><body></body></html>",
                 b"   "]:
        (item,) = list(read_html(RawInput("p.html", page)))
        assert isinstance(item, InputRejected)
        assert item.reason in (Reason.NO_ARTICLE_TEXT, Reason.EMPTY)


def test_readers_json_fields_synonyms_and_metadata() -> None:
    record = {"link": "https://www.dw.com/en/a-1", "source": {"id": "dw", "name": "DW"},
              "published_at": "2024-09-10T14:00:00Z", "headline": "Iran missiles",
              "body": "Blinken spoke in London.", "author": "DW staff", "tags": ["iran"]}
    draft = _one(list(read_json(RawInput("a.json", json.dumps({"articles": [record]}).encode()))))
    assert (draft.url, draft.outlet, draft.published, draft.title, draft.text) == (
        "https://www.dw.com/en/a-1", "DW", "2024-09-10T14:00:00Z", "Iran missiles",
        "Blinken spoke in London.")
    assert draft.metadata == {"author": "DW staff", "tags": ["iran"]}
    assert draft.locator == "item 0"


def test_readers_json_html_field_extracted(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    record = {"url": "https://www.dw.com/en/a-1", "outlet": "DW", "title": title,
              "html": html_page(title, paragraphs)}
    draft = _one(list(read_json(RawInput("a.json", json.dumps(record).encode()))))
    assert draft.outlet == "DW" and draft.title == title
    assert draft.text.split("\n")[0] == paragraphs[0]


def test_readers_json_invalid_reported() -> None:
    (item,) = list(read_json(RawInput("a.json", b'{"url": "x",\n "text": }')))
    assert isinstance(item, InputRejected) and item.reason is Reason.MALFORMED_JSON
    assert item.locator == "line 2"


def test_readers_jsonl_bad_lines_with_numbers_others_kept() -> None:
    lines = [json.dumps({"url": "https://a.example/1", "text": "First story text."}), "",
             "{not json", json.dumps(["a", "list"]), json.dumps({"url": "https://a.example/3"}),
             json.dumps({"url": "https://a.example/2", "text": "Second story text."})]
    items = list(read_jsonl(RawInput("a.jsonl", "\n".join(lines).encode())))
    assert [(type(i).__name__, i.locator) for i in items] == [
        ("Draft", "line 1"), ("InputRejected", "line 3"), ("InputRejected", "line 4"),
        ("InputRejected", "line 5"), ("Draft", "line 6")]
    assert [i.reason for i in items if isinstance(i, InputRejected)] == [
        Reason.MALFORMED_JSON, Reason.MALFORMED_JSON, Reason.MISSING_FIELD]


def _rss(items: str) -> bytes:
    return (f"<?xml version='1.0'?><rss version='2.0' "
            f"xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel>"
            f"<title>DW English</title><link>https://www.dw.com</link>{items}</channel></rss>"
            ).encode()


def test_readers_feed_content_else_linked_page(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    content = "".join(f"<p>{p}</p>" for p in paragraphs)
    feed = _rss(
        f"<item><title>{title}</title><link>https://www.dw.com/en/a-1</link>"
        f"<pubDate>Tue, 10 Sep 2024 15:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        f"<item><title>Teaser only</title><link>https://www.dw.com/en/a-2</link>"
        f"<description>Short teaser.</description></item>")
    fetched: list[str] = []
    page = html_page("Linked page", paragraphs[::-1]).encode()

    def fetch(url: str) -> RawInput:
        fetched.append(url)
        return RawInput(url, page, "text/html", "utf-8", url=url)

    first, second = list(read_feed(RawInput("f.rss", feed), fetch))
    assert isinstance(first, Draft) and isinstance(second, Draft)
    assert first.title == title and first.metadata["from"] == "feed_content"
    assert first.published == "Tue, 10 Sep 2024 15:00:00 GMT"
    assert first.text.split("\n")[0] == paragraphs[0]
    assert fetched == ["https://www.dw.com/en/a-2"]  # only the teaser's page
    assert second.title == "Teaser only" and second.raw == page
    assert second.text.split("\n")[0] == paragraphs[-1]
    # Offline (no fetcher), a teaser-only entry is reported, not guessed from.
    offline = list(read_feed(RawInput("f.rss", feed), None))
    assert isinstance(offline[1], InputRejected)
    assert offline[1].reason is Reason.NO_ARTICLE_TEXT and offline[1].locator == "entry 1"


def test_readers_feed_not_xml_and_empty() -> None:
    (item,) = list(read_feed(RawInput("f.rss", b"Service unavailable, try later"), None))
    assert isinstance(item, InputRejected) and item.reason is Reason.NOT_A_FEED
    (item,) = list(read_feed(RawInput("f.rss", _rss("")), None))
    assert isinstance(item, InputRejected) and item.reason is Reason.EMPTY


def test_readers_warc_skips_non_articles(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    pages = [(f"https://www.dw.com/en/a-{i}", html_page(f"{title} {i}", paragraphs[i:]))
             for i in range(2)]
    items = list(read_warc(io.BytesIO(warc_bytes(pages))))
    # warcinfo, robots.txt, a 301 and the request records are skipped.
    assert [(i.locator, i.url) for i in items] == [
        ("record 4", "https://www.dw.com/en/a-0"), ("record 6", "https://www.dw.com/en/a-1")]
    assert all(isinstance(i, Draft) and i.raw == pages[n][1].encode()
               for n, i in enumerate(items))
    assert items[0].metadata["warc_record_id"].startswith("<urn:uuid:")


def test_readers_warc_truncated_at_any_point(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    pages = [(f"https://www.dw.com/en/a-{i}", html_page(f"{title} {i}", paragraphs))
             for i in range(3)]
    for gz in (True, False):
        data = warc_bytes(pages, gzip=gz, extra_records=False)
        for cut in range(1, len(data), 53):
            part = data[:cut]
            items = list(read_warc(io.BytesIO(part)))  # never raises
            drafts = [i for i in items if isinstance(i, Draft)]
            # No half page ever becomes an article.
            assert all(d.raw in {p.encode() for _, p in pages} for d in drafts), (gz, cut)
            # A cut exactly between two records leaves a shorter, valid archive; any
            # other cut is reported.
            between = gunzip(part)[1] if gz else part.rstrip(b"\r\n").endswith(b"</html>")
            assert between or isinstance(items[-1], InputRejected), (gz, cut)
            assert not between or all(isinstance(i, Draft) for i in items), (gz, cut)


def test_readers_jsonl_legacy_line_decoded_alone_and_noted() -> None:
    """One record saved as cp1252 in a UTF-8 file: that line is decoded on its own
    (no mojibake in the others) and says how (issue 15, item 5)."""
    texts = ["Der Stadtrat von Port Elwin hat am Dienstag beschlossen, dass die Fähre "
             "erst im Mai fährt; Bürger äußerten Ärger über die Verzögerung.",
             "Le conseil a déclaré à Genève que la décision était « inacceptable » et "
             "que les négociations reprendraient à l'été.",
             "Die Gebühren für Fußgänger würden später geprüft, sagte ein Sprecher."]
    lines = [json.dumps({"url": f"https://elwin.example/{i}", "text": t}, ensure_ascii=False)
             for i, t in enumerate(texts)]
    data = b"\n".join([lines[0].encode(), lines[1].encode("cp1252"), lines[2].encode()])
    drafts = [d for d in read_jsonl(RawInput("mixed.jsonl", data)) if isinstance(d, Draft)]
    assert [d.text for d in drafts] == texts
    assert [d.metadata.get("encoding") for d in drafts] == [None, "cp1252", None]
