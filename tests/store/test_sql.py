"""The Store on SQLite: idempotent content-addressed writes, transactions, reads."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.clean import text_fingerprint
from newsdesk.errors import NotFoundError, StoreError
from newsdesk.records import (
    Article,
    CopyLink,
    Document,
    Entity,
    Evidence,
    Finding,
    Rejection,
    Story,
    blob_id,
    content_id,
)
from newsdesk.store import Store, open_store


def _article(store: Store, text: str, url: str | None = None, outlet: str = "dw.com") -> Article:
    with store.transaction() as tx:
        blob = tx.put_blob(text.encode())
        doc = Document(id=content_id("src", blob), source=f"src-{url}", size=len(text))
        tx.put_document(doc, blob)
        article = Article(id=content_id(url, text), document_id=doc.id, source=doc.source,
                          text=text, text_hash=text_fingerprint(text), url=url, outlet=outlet,
                          removed_lines=["Share on Facebook"], metadata={"k": [1, "two"]})
        tx.put_article(article)
    return article


def test_sql_blobs_content_addressed_and_idempotent(store: Store) -> None:
    data = b"raw \x00 bytes"
    with store.transaction() as tx:
        first = tx.put_blob(data)
        second = tx.put_blob(data)
    assert first == second == blob_id(data)
    assert store.get_blob(first) == data and store.get_blob("0" * 64) is None


def test_sql_article_roundtrip_and_idempotent(store: Store) -> None:
    a = _article(store, "Blinken spoke in London.", "https://www.dw.com/a-1")
    got = store.get_article(a.id)
    assert got == a
    with store.transaction() as tx:
        assert tx.put_article(a) is False  # already there: nothing changes
    assert store.count_articles() == 1


def test_sql_exact_duplicate_points_at_first(store: Store) -> None:
    a = _article(store, "Same text.", "https://a.example/1")
    b = _article(store, "SAME  text.", "https://b.example/2")  # equal up to case/space
    c = _article(store, "Other text.", "https://c.example/3")
    assert (store.get_article(b.id).duplicate_of, store.get_article(c.id).duplicate_of) == (
        a.id, None)
    assert store.article_seq(a.id) < store.article_seq(b.id) < store.article_seq(c.id)
    # Cleaning a's text makes it differ: b becomes the first of its group.
    with store.transaction() as tx:
        tx.update_article_text(a.id, "Cleaned.", text_fingerprint("Cleaned."), ["x"])
        tx.refresh_duplicates([text_fingerprint("Same text.")])
    assert store.get_article(b.id).duplicate_of is None
    assert store.get_article(a.id).removed_lines == ["x"]


def test_sql_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.put_blob(b"half written")
        tx.put_rejection(Rejection(source="x", code="empty", reason="the input is empty"))
        raise RuntimeError("killed")
    assert store.get_blob(blob_id(b"half written")) is None
    assert store.rejections() == []


def test_sql_get_article_by_prefix(store: Store) -> None:
    ids = [_article(store, f"Story number {i}.", f"https://a.example/{i}").id for i in range(5)]
    target = ids[0]
    assert store.get_article(target[:12]).id == target
    with pytest.raises(NotFoundError, match="too short"):
        store.get_article(target[:5])
    with pytest.raises(NotFoundError, match="no article"):
        store.get_article("ffffffffffffzz")
    # Two ids that share their first 8 characters: a prefix of 8 is ambiguous.
    base = store.get_article(target)
    with store.transaction() as tx:
        for tail in ("01", "02"):
            tx.put_article(replace(base, id="abcdef12" + tail * 12,
                                   text_hash=text_fingerprint(tail)))
    with pytest.raises(NotFoundError, match="ambiguous"):
        store.get_article("abcdef12")
    assert store.get_article("abcdef1201").id == "abcdef12" + "01" * 12
    assert store.get_articles([ids[3], "missing", ids[1]]) == [
        store.get_article(ids[3]), store.get_article(ids[1])]


def test_sql_iter_articles_order_filter_paging(store: Store) -> None:
    made = [_article(store, f"Story {i}.", f"https://x.example/{i}",
                     outlet="dw.com" if i % 2 else "bbc.co.uk") for i in range(7)]
    order = [a.id for a in made]
    assert [a.id for a in store.iter_articles(batch=2)] == order
    assert [a.id for a in store.iter_articles(outlet="dw.com", batch=2)] == order[1::2]
    assert [a.id for a in store.iter_articles(limit=3, offset=2, batch=2)] == order[2:5]
    after = store.article_seq(order[4])
    assert [a.id for a in store.iter_articles(after_seq=after)] == order[5:]


def test_sql_documents_and_rejections(store: Store) -> None:
    with store.transaction() as tx:
        doc = Document(id="d1", source="a.jsonl", size=3, format="jsonl")
        tx.put_document(doc, tx.put_blob(b"abc"))
        doc.status, doc.error_code = "partial", "malformed_json"
        tx.put_document(doc, blob_id(b"abc"))  # documents are updated in place
        for _ in range(2):
            tx.put_rejection(Rejection(source="a.jsonl", code="malformed_json",
                                       reason="line 2: bad", document_id="d1", locator="line 2"))
    (row,) = store.documents()
    assert (row["status"], row["error_code"], row["blob_id"]) == (
        "partial", "malformed_json", blob_id(b"abc"))
    assert [(r.locator, r.code) for r in store.rejections()] == [("line 2", "malformed_json")]


def test_sql_analysis_tables_roundtrip(store: Store) -> None:
    a = _article(store, "Blinken spoke.", "https://www.dw.com/1")
    b = _article(store, "Lammy spoke.", "https://www.bbc.co.uk/2")
    with store.transaction() as tx:
        tx.put_annotations(a.id, "sentences", "v1", [{"text": "Blinken spoke."}])
        tx.put_annotations(a.id, "sentences", "v2", [{"text": "Blinken spoke!"}])  # replaces
        tx.put_entities([Entity(id="e1", name="Antony Blinken", type="PERSON",
                                aliases=["Blinken"])])
        tx.set_article_entities(a.id, {"e1": 2})
        tx.put_vector(a.id, "lead", "minilm", 2, b"\x00" * 8)
        tx.put_copy_links([CopyLink(article_id=b.id, copy_of=a.id, copy_group=a.id,
                                    origin=a.id, method="rewrite", score=0.8)])
        tx.put_story(Story(id="s1", title="Iran missiles", members=[b.id, a.id],
                           independent_sources=1, entities=["e1"]), {"centroid": [0.1]})
        tx.replace_findings("s1", [Finding(
            id="f1", story_id="s1", kind="discrepancy", type="entity", articles=[a.id, b.id],
            evidence=[Evidence(a.id, "Blinken spoke.", 0)], summary="names differ",
            confidence=0.7)])
    assert store.get_annotations(a.id, "sentences") == [{"text": "Blinken spoke!"}]
    assert store.annotation_versions("sentences") == {a.id: "v2"}
    assert store.get_annotations(b.id, "sentences") is None
    assert [e.name for e in store.entities()] == ["Antony Blinken"]
    assert store.get_vectors("lead", [a.id, b.id]) == {a.id: (2, b"\x00" * 8)}
    assert store.copy_links()[b.id].copy_of == a.id
    (story,) = store.stories()
    assert story.members == [a.id, b.id]  # arrival order
    assert store.story_members() == {"s1": (a.id, b.id)}  # the same, without the records
    assert store.story_state("s1") == {"centroid": [0.1]}
    assert store.story_of() == {a.id: "s1", b.id: "s1"}
    (finding,) = store.findings("s1")
    assert finding.evidence[0].sentence == "Blinken spoke."
    with store.transaction() as tx:
        tx.replace_findings("s1", [])
        tx.delete_story("s1")
    assert store.findings() == [] and store.stories() == [] and store.story_of() == {}
    assert store.story_members() == {}


def test_sql_open_store_urls(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "bare-path.db")) as s:
        assert s.dialect == "sqlite" and s.url == f"sqlite:///{tmp_path / 'bare-path.db'}"
    with pytest.raises(StoreError):
        open_store("mysql://user@localhost/newsdesk")
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{tmp_path / 'no-such-dir' / 'x.db'}")


def test_sql_article_meta_lists_the_store_without_texts(store: Store) -> None:
    first = _article(store, "Floodwater reached the mill.", "https://a.example/1")
    second = _article(store, "Floodwater reached the mill.", "https://b.example/2")  # same text
    third = _article(store, "The bridge reopened.", "https://a.example/3")
    metas = list(store.iter_article_meta(batch=2))  # batches join up in arrival order
    assert [m.id for m in metas] == [first.id, second.id, third.id]
    assert metas[1].duplicate_of == first.id and metas[0].duplicate_of is None
    assert not hasattr(metas[0], "text")


def test_sql_get_story_full_id_before_prefix(store: Store) -> None:
    # A full id is found by the id itself, even where it also begins a longer id (the
    # prefix search, a scan of every story id, is only for ids typed in part).
    a = _article(store, "The ferry sailed.", "https://a.example/ferry")
    with store.transaction() as tx:
        for sid in ("s1", "s1b", "s2x"):
            tx.put_story(Story(id=sid, title=sid, members=[a.id], independent_sources=1), {})
    assert store.get_story("s1").id == "s1"
    assert store.get_story("s2").id == "s2x"
    with pytest.raises(NotFoundError, match="no story"):
        store.get_story("s3")


def test_sql_pending_work_found_by_the_database(store: Store) -> None:
    first = _article(store, "Blinken spoke.", "https://www.dw.com/1")
    second = _article(store, "Lammy spoke.", "https://www.bbc.co.uk/2")
    third = _article(store, "Araghchi spoke.", "https://www.irna.ir/3")
    with store.transaction() as tx:
        tx.put_annotations(first.id, "status", "v2", [])
        tx.put_annotations(second.id, "status", "v1", [])  # an older version: pending again
        tx.put_annotations(third.id, "sentences", "v2", [])  # another kind does not count
    assert store.articles_lacking("status", "v2") == [second.id, third.id]  # arrival order
    assert store.annotation_version_counts("status") == {"v1": 1, "v2": 1}
    assert store.annotation_version_counts("mentions") == {}


def test_sql_changes_a_check_reads_mark_the_story_pending(store: Store) -> None:
    """Every write that changes what a story's cross-check reads marks the story, in its
    own transaction; the plan clears the marks it read."""
    from newsdesk.records import Storyline

    a = _article(store, "Blinken spoke.", "https://www.dw.com/1")
    b = _article(store, "Lammy spoke.", "https://www.bbc.co.uk/2")
    c = _article(store, "Wong spoke.", "https://www.abc.net.au/3")
    assert store.pending_checks() == []
    with store.transaction() as tx:
        tx.put_story(Story(id="s1", title="Talks", members=[a.id, b.id], independent_sources=2))
        tx.put_story(Story(id="s2", title="Visit", members=[c.id], independent_sources=1))
    assert store.pending_checks() == ["s1", "s2"]
    with store.transaction() as tx:
        tx.clear_checks(["s1", "s2"])
        tx.put_annotations(b.id, "status", "v1", [{"analysed": True}])  # not a mark by itself
    assert store.pending_checks() == []
    with store.transaction() as tx:  # annotated again: the story of that member
        tx.mark_checks_of_articles([b.id, "not-in-a-story"])
    assert store.pending_checks() == ["s1"]
    with store.transaction() as tx:
        tx.clear_checks(["s1"])
        tx.write_storylines([Storyline("l1", "Talks", ["s1", "s2"])], [])
    assert store.pending_checks() == ["s1", "s2"]  # both read the other's reports now
    with store.transaction() as tx:
        tx.clear_checks(["s1", "s2"])
        tx.write_storylines([Storyline("l2", "Visit", ["s2"])], ["l1"])  # s1 left alone
    assert store.pending_checks() == ["s1", "s2"]
    with store.transaction() as tx:
        tx.clear_checks(["s1", "s2"])
        tx.invalidate_analyses(c.id)  # a revised member leaves its story
    assert store.pending_checks() == ["s2"]
    with store.transaction() as tx:
        tx.clear_checks(["s2"])
        tx.delete_story("s1")
    assert store.pending_checks() == ["s1"]  # gone: its memos and record go with the next plan
    assert store.story_members(["s1", "s2", "nope"]) == {"s2": ()}
    assert store.story_checks(["s2"]) == {} and store.count_story_members() == 0
    assert store.annotation_versions("status", [b.id, a.id]) == {b.id: "v1"}
