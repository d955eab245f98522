"""One page under several addresses (www, m., amp, http/https): one report."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.copies import detect_copies
from newsdesk.copies.pages import addresses, page_of, same_page_pairs
from newsdesk.ingest import ingest
from newsdesk.ingest.metadata import canonical_url
from newsdesk.store import Store


def test_pages_one_key_for_the_addresses_of_a_page() -> None:
    keys = {page_of(u).key for u in (  # type: ignore[union-attr]
        "https://www.harbourdaily.example/news/ferry-sinks-off-port-alder",
        "http://harbourdaily.example/news/ferry-sinks-off-port-alder/",
        "https://m.harbourdaily.example/news/ferry-sinks-off-port-alder/amp",
        "https://amp.harbourdaily.example/news/ferry-sinks-off-port-alder?amp=1")}
    assert keys == {"harbourdaily.example/news/ferry-sinks-off-port-alder"}
    # another article, another site's page, a section front: not that page
    assert page_of("https://harbourdaily.example/news/ferry-raised") != page_of(
        "https://harbourdaily.example/news/ferry-sinks-off-port-alder")
    assert page_of("https://www.harbourdaily.example/news/") is None
    assert page_of("https://www.harbourdaily.example/") is None
    assert page_of("file:///tmp/a.txt") is None
    # a page known by its query (a blog's ?p=)
    assert page_of("https://www.kestrelpost.example/?p=5521").key == "kestrelpost.example?p=5521"  # type: ignore[union-attr]


def test_pages_addresses_hold_the_canonical_url_of_each_variant() -> None:
    page = page_of("https://harbourdaily.example/news/ferry-sinks-off-port-alder")
    assert page is not None
    for url in ("https://www.harbourdaily.example/news/ferry-sinks-off-port-alder",
                "http://m.harbourdaily.example/news/ferry-sinks-off-port-alder/amp/"):
        assert canonical_url(url) in addresses(page)


def test_pages_pairs_are_given_once_by_the_later_report() -> None:
    new = [("a", "https://www.x.example/news/ferry-sinks"), ("b", "https://x.example/news/ferry-sinks"),
           ("c", "https://x.example/news/ferry-raised")]
    stored = {"https://www.x.example/news/ferry-sinks": ["a"], "https://x.example/news/ferry-sinks": ["b"],
              "https://x.example/news/ferry-raised": ["c"], "http://m.x.example/news/ferry-sinks": ["old"]}
    assert same_page_pairs(new, stored) == [("a", "old", "x.example/news/ferry-sinks"),
                                            ("b", "a", "x.example/news/ferry-sinks"),
                                            ("b", "old", "x.example/news/ferry-sinks")]


def test_pages_two_halves_of_one_article_are_one_report(store: Store, settings: Settings,
                                                         tmp_path: Path) -> None:
    # Two excerpts of one long article, read from its www and bare-host addresses: they
    # share no passage, yet they are one report by one source.
    first = ("Port Alder's harbour stayed shut on Tuesday after the ferry Kestrel Star sank at its "
             "mouth overnight. The harbour master said all 212 passengers had been brought ashore "
             "and that the channel would stay closed while divers surveyed the wreck.")
    second = ("Who is to blame is another matter. The ferry's owner, Orbitek Lines, said its crew "
              "had followed every instruction from the harbour's pilots, and the transport "
              "ministry has opened an inquiry into the pilots' charts of the channel.")
    other = ("A storm closed three schools in Norvale on Tuesday. Teachers said the buildings "
             "would reopen once engineers had checked the roofs for damage after the gales.")
    rows = [{"url": "https://www.harbourdaily.example/news/ferry-kestrel-star-sinks", "text": first,
             "title": "Ferry sinks at the mouth of Port Alder harbour"},
            {"url": "https://harbourdaily.example/news/ferry-kestrel-star-sinks/", "text": second},
            {"url": "https://harbourdaily.example/news/storm-closes-schools", "text": other,
             "title": "Storm closes three Norvale schools"}]
    path = tmp_path / "halves.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    ingest([str(path)], store, settings)
    summary = detect_copies(store, embeddings=False)
    assert summary.pairs["same_page"] == 1
    links = store.copy_links()
    by_url = {a.url: links[a.id] for a in store.get_articles(list(links))}
    halves = [by_url[r["url"]] for r in rows[:2]]
    assert halves[0].copy_group == halves[1].copy_group
    assert {h.method for h in halves} == {"origin", "same_page"}
    assert by_url[rows[2]["url"]].copy_group != halves[0].copy_group
    # a second run finds nothing new
    assert not detect_copies(store, embeddings=False).pairs
