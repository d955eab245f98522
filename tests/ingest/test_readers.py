"""Each reader on its own: drafts and rejections, never an exception for bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.detect import detect_format, gunzip
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
from newsdesk.ingest.readers.html import has_sentence

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
    assert draft.published == "2024-09-10T12:05:00Z"
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


def test_readers_html_sentence_check_cjk_and_one_line() -> None:
    # Fictional: a Japanese and a Korean sentence (no spaces between words), and a whole
    # article on one line with no line break after its full stops.
    assert has_sentence("市の図書館は来月から開館時間を夜九時まで延長すると発表した。")
    assert has_sentence("시립 도서관은 다음 달부터 개관 시간을 밤 아홉 시까지 연장한다고 밝혔다.")
    one_line = ("El ayuntamiento de Villaclara aprobó ayer el presupuesto del puerto. "
                "Las obras empezarán en marzo y durarán dos años, según el alcalde. ") * 40
    assert has_sentence(one_line.strip())
    assert not has_sentence("Home\nEnglish\nNoticias Deportes Cultura")
    assert not has_sentence("ホーム ニュース スポーツ")


def test_readers_html_title_not_the_site_name(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    page = html_page(title, paragraphs, site="DW").replace(f"<title>{title} | DW</title>",
                                                          "<title>DW</title>")
    page = page.replace("<meta property='og:site_name'", "<meta property='og:title' content='DW'>"
                        "<meta property='og:site_name'")
    draft = _one(list(read_html(RawInput("p.html", page.encode()))))
    assert draft.title == title


def _post(words: int) -> str:
    # Fictional blog prose of the given length, in paragraphs of 30 words.
    sentence = "The harbour board met again on Tuesday to talk about the new cranes and the fish market"
    pool = (sentence + ". ").split() * (words // 16 + 1)
    return "".join(f"<p>{' '.join(pool[i:i + 30])}.</p>" for i in range(0, words, 30))


def test_readers_feed_long_description_and_link_blog() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Notes</title>'
        "<link>https://harbournotes.example/</link><language>en-gb</language>"
        "<item><title>A long post</title><link>https://harbournotes.example/2024/long</link>"
        f"<description><![CDATA[{_post(200)}]]></description></item>"
        "<item><title>Worth reading</title><link>https://bignews.example/2024/09/cranes</link>"
        "<guid>https://harbournotes.example/linked/cranes</guid>"
        f"<description><![CDATA[{_post(160)}]]></description></item>"
        "<item><title>Teaser</title><link>https://harbournotes.example/2024/short</link>"
        f"<description><![CDATA[{_post(40)}]]></description></item>"
        "</channel></rss>").encode()
    fetched: list[str] = []

    def fetch(url: str) -> RawInput:
        fetched.append(url)
        raise InputRejected(Reason.FETCH_FAILED, "offline in tests")

    long_post, linked, teaser = list(read_feed(RawInput("f.rss", feed), fetch))
    # A description of 150+ words is the post, not a teaser to fetch.
    assert isinstance(long_post, Draft) and long_post.metadata["from"] == "feed_description"
    assert long_post.site == "https://harbournotes.example/"
    assert long_post.metadata["declared_lang"] == "en"
    # A link-blog entry is the blog's own post about another site's page.
    assert isinstance(linked, Draft)
    assert linked.url == "https://harbournotes.example/linked/cranes"
    assert linked.metadata["via"] == "https://bignews.example/2024/09/cranes"
    assert isinstance(teaser, InputRejected) and teaser.reason is Reason.FETCH_FAILED
    assert fetched == ["https://harbournotes.example/2024/short"]  # never the linked site


def test_readers_feed_entry_outlet_is_the_feeds_site(tmp_path: Path) -> None:
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    feed = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ana</title>'
        '<id>tag:anaslog.blogspot.com,2024:blog</id>'
        '<link rel="self" href="https://anaslog.blogspot.com/feeds/posts/default"/>'
        "<entry><title>Linked</title><id>tag:anaslog.blogspot.com,2024:post-1</id>"
        '<link rel="alternate" href="https://www.bignews.example/story"/>'
        f'<content type="html"><![CDATA[{_post(180)}]]></content></entry></feed>').encode()
    path = tmp_path / "ana.atom"
    path.write_bytes(feed)
    settings = load_settings(env={}, db=str(tmp_path / "s.db"), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(path)], store, settings)
        (article,) = list(store.iter_articles())
    assert article.outlet == "anaslog.blogspot.com"
    assert article.metadata["via"] == "https://www.bignews.example/story"
    assert article.lang == "en"


def _arc(pages: list[tuple[str, str]]) -> bytes:
    """An ARC v1 file (the Internet Archive's format before WARC), built by hand."""
    desc_body = b"1 0 newsdesk-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://tests.arc 0.0.0.0 20240910120000 text/plain %d\n" % len(desc_body)
           + desc_body + b"\n"]
    for url, page in pages:
        body = (b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + page.encode())
        out.append(f"{url} 192.0.2.1 20240910120000 text/html {len(body)}\n".encode() + body + b"\n")
    return b"".join(out)


def test_readers_warc_single_gzip_stream_and_arc(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip as gzip_module

    title, paragraphs = seed_parts(seeds_dir)
    pages = [(f"https://www.dw.com/en/a-{i}", html_page(f"{title} {i}", paragraphs[i:]))
             for i in range(2)]
    # The whole uncompressed WARC gzipped as one stream (what `gzip file.warc` makes).
    one_stream = gzip_module.compress(warc_bytes(pages, gzip=False))
    items = list(read_warc(io.BytesIO(one_stream)))
    assert [i.url for i in items if isinstance(i, Draft)] == [u for u, _ in pages]
    assert not [i for i in items if isinstance(i, InputRejected)]
    # A cut single-stream archive is still reported as cut.
    cut = list(read_warc(io.BytesIO(one_stream[: len(one_stream) * 2 // 3])))
    assert isinstance(cut[-1], InputRejected) and cut[-1].reason is Reason.TRUNCATED
    # An ARC file, plain and gzipped: its pages, not a text article called "filedesc://".
    for data in (_arc(pages), gzip_module.compress(_arc(pages))):
        assert detect_format(data, "old.arc") == "warc"
        items = list(read_warc(io.BytesIO(data)))
        assert [i.url for i in items if isinstance(i, Draft)] == [u for u, _ in pages], items
    assert capsys.readouterr().err == ""  # warcio's warnings stay off the console


def test_readers_html_declared_language(seeds_dir: Path) -> None:
    title, paragraphs = seed_parts(seeds_dir)
    page = html_page(title, paragraphs).replace("<html lang='en'>", "<html lang='en-GB'>")
    draft = _one(list(read_html(RawInput("p.html", page.encode()))))
    assert draft.metadata["declared_lang"] == "en"


def test_readers_feed_entries_sharing_one_link_stay_apart() -> None:
    # A broken feed points every entry at the feed itself; each post is still its own.
    entries = "".join(
        f"<entry><title>Post {n}</title><id>https://harbournotes.example/?p={n}</id>"
        '<link rel="alternate" href="https://harbournotes.example/feed.atom"/>'
        f'<content type="html"><![CDATA[{_post(160)} {n}]]></content></entry>' for n in (1, 2))
    feed = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title>'
            f'<link href="https://harbournotes.example/"/>{entries}</feed>').encode()
    drafts = list(read_feed(RawInput("f.atom", feed), None))
    assert [d.url for d in drafts if isinstance(d, Draft)] == [
        "https://harbournotes.example/?p=1", "https://harbournotes.example/?p=2"]


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
