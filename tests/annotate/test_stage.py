"""Acceptance on the seeds: two real reports of one event, published 10 Sep 2024."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from newsdesk.annotate import KINDS, VERSION, annotate_store
from newsdesk.config import Settings, load_settings
from newsdesk.ingest import ingest
from newsdesk.records import Article, Document, content_id
from newsdesk.store import Store, open_store, schema

PUBLISHED = "2024-09-10T00:00:00Z"


@pytest.fixture(scope="module")
def seeds_settings(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    path = tmp_path_factory.mktemp("annotate") / "seeds.db"
    return load_settings(env={}, db=str(path), fetch_feed_links=False)


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, seeds_settings: Settings) -> Iterator[tuple[Store, dict[str, int]]]:
    store = open_store(seeds_settings.db)
    ingest([str(seeds_dir)], store, seeds_settings)
    with store.transaction() as tx:
        tx.conn.execute(sa.update(schema.articles).values(published=PUBLISHED))
    counts = annotate_store(store, seeds_settings)
    yield store, counts
    store.close()


def _article(store: Store, prefix: str) -> Article:
    return next(a for a in store.iter_articles() if Path(a.source).name.startswith(prefix))


def _quotes(store: Store, prefix: str) -> list[dict]:
    return store.get_annotations(_article(store, prefix).id, "quotes") or []


def _speaker_of(quotes: list[dict], words: str) -> set[str | None]:
    return {q["speaker"] for q in quotes if words in q["text"]}


def test_stage_writes_every_kind_for_both_seeds(seeds: tuple[Store, dict[str, int]]) -> None:
    store, counts = seeds
    assert counts["articles"] == 2
    for kind in KINDS:
        assert set(store.annotation_versions(kind).values()) == {VERSION}
        assert counts[kind] > 0, kind


def test_stage_is_incremental(seeds: tuple[Store, dict[str, int]],
                              seeds_settings: Settings) -> None:
    store, _ = seeds
    again = annotate_store(store, seeds_settings)
    assert again["articles"] == 0


def test_quotes_blinken_within_weeks_in_both_articles(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    assert _speaker_of(_quotes(store, "000"), "within weeks") == {"Antony Blinken"}
    # DW reports the same words as reported speech: "... in the coming weeks".
    assert _speaker_of(_quotes(store, "004"), "in the coming weeks") == {"Antony Blinken"}


def test_quotes_lammy_significant_escalation(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    quotes = [q for q in _quotes(store, "000") if "significant escalation" in q["text"]]
    assert quotes and all(q["speaker"] == "David Lammy" for q in quotes)
    assert quotes[0]["kind"] == "direct"


def test_quotes_iranian_spokesman_one_person_across_spellings(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    q000 = [q for q in _quotes(store, "000") if q["text"].startswith("We strongly reject")]
    q004 = [q for q in _quotes(store, "004")
            if "some parties who are themselves part of the war" in q["text"]]
    assert q000 and q004
    ids = {q["speaker_entity_id"] for q in q000 + q004}
    assert len(ids) == 1 and None not in ids
    assert q000[0]["cue"] == "told"
    assert q004[0]["speaker_text"] == "He"  # a pronoun, resolved to the spokesman
    entity = store.entities(list(ids))[0]
    assert {"Nasser Kanani", "Nasser Kanaani"} <= {entity.name, *entity.aliases}


def test_quotes_vedant_patel(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    assert _speaker_of(_quotes(store, "000"), "incredibly concerned") == {"Vedant Patel"}


def test_quotes_reported_rejection_by_kanaani(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    rejected = [q for q in _quotes(store, "004") if q["cue"] == "rejected"]
    assert rejected and rejected[0]["kind"] == "reported"
    assert rejected[0]["text"] == "the accusations"


def test_entities_one_blinken_with_title(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    blinkens = [e for e in store.entities() if "Blinken" in e.name and e.type == "PERSON"]
    assert len(blinkens) == 1
    assert "US Secretary of State" in blinkens[0].attributes["titles"]
    mentions = store.get_annotations(_article(store, "004").id, "mentions") or []
    bare = [m for m in mentions if m["text"] == "Blinken"]
    assert bare and {m["entity_id"] for m in bare} == {blinkens[0].id}


def test_entities_kiev_kyiv_and_demonym(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    mentions = store.get_annotations(_article(store, "000").id, "mentions") or []
    by_text = {m["text"]: m["entity_id"] for m in mentions}
    assert by_text["Kiev"] == by_text["Kyiv"]
    assert by_text["Iranian"] == by_text["Iran"]
    assert {e.name for e in store.entities([by_text["Kiev"]])} == {"Kyiv"}


def test_claims_range_as_distance(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    claims = store.get_annotations(_article(store, "004").id, "claims") or []
    quantities = [q for c in claims for q in c["quantities"] if "120" in q["text"]]
    assert quantities
    assert quantities[0]["kind"] == "distance"
    assert quantities[0]["unit"] == "m" and quantities[0]["value"] == pytest.approx(120_000)


def test_claims_denial_is_negated(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    claims = store.get_annotations(_article(store, "000").id, "claims") or []
    denial = [c for c in claims if c["text"].startswith("On September 9, Tehran")]
    assert denial and denial[0]["negated"]
    assert denial[0]["dates"][0]["date"] == "2024-09-09"


def test_dates_resolved_against_publication(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    d000 = {d["text"]: d["date"] for d in store.get_annotations(_article(store, "000").id,
                                                                "dates") or []}
    d004 = {d["text"]: d["date"] for d in store.get_annotations(_article(store, "004").id,
                                                                "dates") or []}
    assert d000["September 9"] == "2024-09-09"
    assert d004["Tuesday"] == "2024-09-10"


def test_events_sanction_by_blinken(seeds: tuple[Store, dict]) -> None:
    store, _ = seeds
    events = store.get_annotations(_article(store, "004").id, "events") or []
    sanctions = [e for e in events if e["type"] == "SANCTION"]
    assert sanctions and sanctions[0]["source_actor"] == "Antony Blinken"
    assert sanctions[0]["target_actor"] == "Iran"
    rejects = [e for e in events if e["type"] == "REJECT"]
    assert rejects and rejects[0]["source_actor"] == "Nasser Kanani"


def test_stage_reannotation_counts_each_article_once(seeds_dir: Path, tmp_path: Path) -> None:
    """Spellings and gender votes of the entities are the same after annotating the
    store again: an article's earlier contribution is taken back first."""
    settings = load_settings(env={}, db=str(tmp_path / "again.db"), fetch_feed_links=False)
    store = open_store(settings.db)
    try:
        ingest([str(seeds_dir)], store, settings)
        annotate_store(store, settings, n_process=1)

        def tallies() -> dict[str, tuple[object, object]]:
            return {e.name: (e.attributes.get("spellings"), e.attributes.get("gender_votes"))
                    for e in store.entities()}

        first = tallies()
        assert any(votes for _, votes in first.values()), "no gender votes: nothing is tested"
        assert any(sum(sp.values()) > 1 for sp, _ in first.values() if sp)
        annotate_store(store, settings, force=True, n_process=1)
        assert tallies() == first
    finally:
        store.close()


def test_stage_marks_non_english_without_analysis(store: Store, settings: Settings) -> None:
    text = "Der Außenminister sagte am Dienstag, das sei eine Eskalation. Iran wies das zurück."
    article = Article(id=content_id("de", text), document_id="d" * 64, source="de.txt",
                      text=text, text_hash=content_id(text), lang="de")
    with store.transaction() as tx:
        tx.put_document(Document(id="d" * 64, source="de.txt", size=len(text)), None)
        tx.put_article(article)
    counts = annotate_store(store, settings)
    assert counts["not_analysed"] == 1
    assert len(store.get_annotations(article.id, "sentences") or []) == 2
    assert store.get_annotations(article.id, "quotes") == []
    assert store.get_annotations(article.id, "mentions") == []


def test_stage_parse_workers_give_the_same_annotations(seeds_dir: Path) -> None:
    from newsdesk.annotate.aliases import load_aliases
    from newsdesk.annotate.entities import EntityRegistry
    from newsdesk.annotate.stage import AnnotateStage

    texts = [p.read_text("utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    articles = [Article(id=content_id(t), document_id="d", source=f"s{i}", text=t,
                        text_hash=content_id(t), lang="en", published=PUBLISHED)
                for i, t in enumerate(texts)]
    results = []
    for n_process in (1, 2):
        aliases = load_aliases(None)
        stage = AnnotateStage(aliases, EntityRegistry(aliases), n_process=n_process)
        try:
            results.append(stage.process(articles))
        finally:
            stage.close()
    for kind in ("sentences", "mentions", "quotes", "claims", "events", "dates"):
        assert [r[kind] for r in results[0]] == [r[kind] for r in results[1]], kind


def test_auto_processes_uses_the_cores_only_for_enough_articles() -> None:
    from newsdesk.annotate.stage import AUTO_PROCESSES_MIN_ARTICLES, auto_processes

    assert auto_processes(0) == 1
    assert auto_processes(AUTO_PROCESSES_MIN_ARTICLES - 1) == 1
    many = auto_processes(AUTO_PROCESSES_MIN_ARTICLES)
    assert 1 <= many <= 2
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert many == min(2, cores or 1)


def test_paragraph_text_is_the_docs_text() -> None:
    from newsdesk.annotate.parse import parse_articles, span_text

    text = "Blinken said on Tuesday:  “It is over.”\n\n  Mr. Lammy   agreed. He left."
    article = Article(id=content_id(text), document_id="d", source="s", text=text,
                      text_hash=content_id(text), lang="en")
    parsed = parse_articles([article])[0]
    for para in parsed.paragraphs:
        assert para.text == para.doc.text
        assert [span_text(s) for s in para.sents] == [s.text for s in para.sents]
        assert [t.text for t in para.verbs] == [t.text for t in para.doc
                                               if t.tag_.startswith("VB") or t.tag_ == "MD"]
    assert [s.text for s in parsed.sentences] == [
        text[s.start:s.end] for s in parsed.sentences]


def _put_text(store: Store, name: str, text: str) -> Article:
    article = Article(id=content_id(name, text), document_id=content_id("doc", name),
                      source=name, text=text, text_hash=content_id(text), lang="en")
    with store.transaction() as tx:
        tx.put_document(Document(id=article.document_id, source=name, size=len(text)), None)
        tx.put_article(article)
    return article


def test_stage_reports_an_annotator_fault_and_goes_on(
        store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """One article an annotator fails on is stored as not analysed with the reason; the
    others are annotated, its entities count no spelling, and a re-run converges."""
    import newsdesk.annotate.stage as stage_module

    real_find_quotes = stage_module.find_quotes

    def failing(parsed, ents, registry):  # type: ignore[no-untyped-def]
        if "Quillon" in parsed.article.text:
            raise IndexError("list index out of range")
        return real_find_quotes(parsed, ents, registry)

    monkeypatch.setattr(stage_module, "find_quotes", failing)
    bad = _put_text(store, "bad.txt", "Mayor Edda Quillon said the bridge would reopen "
                    "on Monday. Quillon spoke at the town hall.")
    good = _put_text(store, "good.txt", "Inspector Taro Vell said the road was closed. "
                     "\u201cWe will reopen it soon,\u201d Vell said.")
    failures: dict[str, str] = {}
    counts = annotate_store(store, settings, n_process=1, failures=failures)

    assert counts["articles"] == 2 and counts["failed"] == 1
    assert list(failures) == [bad.id] and "IndexError" in failures[bad.id]
    status = store.get_annotations(bad.id, "annotate_status") or []
    assert status[0]["analysed"] is False and status[0]["failed"] is True
    assert "IndexError" in status[0]["reason"]
    assert store.get_annotations(bad.id, "quotes") == []
    assert store.get_annotations(good.id, "quotes"), "the other article was not annotated"
    quillon = [e for e in store.entities() if "Quillon" in e.name]
    assert quillon and all(not e.attributes.get("spellings") for e in quillon)

    # A re-run converges: nothing pending, nothing changes.
    assert annotate_store(store, settings, n_process=1)["articles"] == 0
    # Once the fault is fixed, --force reads it again.
    monkeypatch.setattr(stage_module, "find_quotes", real_find_quotes)
    assert annotate_store(store, settings, n_process=1, force=True)["failed"] == 0
    assert store.get_annotations(bad.id, "annotate_status")[0]["analysed"] is True


def test_stage_reads_the_entities_once_for_the_registry_and_merges_from_it(
        seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The count in the summary is a count, and the merge plan reads the registry's
    # entities: each further read of every entity grew with the store (issue 16).
    settings = load_settings(env={}, db=str(tmp_path / "count.db"), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(seeds_dir)], store, settings)
        reads: list[int] = []
        real = store.entities

        def counting(ids: object = None) -> object:
            reads.append(1)
            return real(ids)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "entities", counting)
        counts = annotate_store(store, settings)
        assert counts["entities"] == store.count_entities() > 0
        assert len(reads) == 1
