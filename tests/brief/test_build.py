"""Story briefs built from an analysed store (annotations + copies + cross-check)."""

from __future__ import annotations

from pathlib import Path

from newsdesk.brief import build_brief, render_markdown
from newsdesk.crosscheck import crosscheck_story
from newsdesk.store import open_store


def test_build_brief_is_cited_deduplicated_and_marks_disputes(analysed_demo: str) -> None:
    with open_store(analysed_demo) as store:
        crosscheck_story(store, "truth-S1")
        brief = build_brief(store, "truth-S1")
        members = set(brief.story.members)
    assert brief.summary and all(line.article_id in members for line in brief.summary)
    assert all(set(line.supporting_articles) <= members for line in brief.summary)
    # Copies repeat the wire's quotes: each speaker+quote is one row listing every copy.
    keys = [(q.get("speaker"), " ".join(q["text"].lower().split())) for q in brief.quotes]
    assert len(keys) == len(set(keys))
    assert max(len(q["articles"]) for q in brief.quotes) >= 3
    assert brief.disputes and brief.timeline
    # The sources list every member once, with the spun copy's lineage.
    assert sorted(s.article_id for s in brief.sources) == sorted(members)
    assert any(s.copy_of and s.method == "rewrite" for s in brief.sources)
    text = render_markdown(brief)
    assert "## Disputes" in text and "## Sources" in text


def test_build_brief_summary_prefers_undisputed_lines(analysed_demo: str) -> None:
    with open_store(analysed_demo) as store:
        findings = crosscheck_story(store, "truth-S3")
        brief = build_brief(store, "truth-S3")
    disputed = {(e.article_id, e.sentence) for f in findings if f.kind == "discrepancy" for e in f.evidence}
    flagged = [line for line in brief.summary if (line.article_id, line.text) in disputed]
    assert all(line.disputed for line in flagged)
    assert len(flagged) < len(brief.summary)


def test_build_brief_timeline_says_what_happened_and_quotes_skip_quoted_terms(
        analysed_seeds: str) -> None:
    with open_store(analysed_seeds) as store:
        [story] = store.stories()
        brief = build_brief(store, story.id)
    # Each dated entry carries the sentence that dates it, not just "September 9".
    denial = [t for t in brief.timeline if t.date == "2024-09-09" and t.granularity == "day"]
    assert any("denied" in (t.sentence or "") for t in denial)
    assert all(t.sentence for t in brief.timeline)
    assert [t.date for t in brief.timeline] == sorted(t.date for t in brief.timeline)
    # A one-word quoted term ("credible") is not a statement in who-said-what ...
    assert not any(q["kind"] == "direct" and len(q["text"].split()) < 3 for q in brief.quotes)
    # ... while Lammy's statement is.
    assert any(q.get("speaker") == "David Lammy" and "significant escalation" in q["text"]
               for q in brief.quotes)
    assert "2024-09-09: On September 9" in render_markdown(brief)


def test_build_brief_speaker_label_names_or_describes_the_speaker() -> None:
    from newsdesk.brief.build import speaker_label

    assert speaker_label({"speaker": "Tomas Reyl", "speaker_text": "Reyl"}) == "Tomas Reyl"
    assert speaker_label({"speaker": None, "speaker_text": "people familiar with the matter"}) \
        == "people familiar with the matter"
    assert speaker_label({"speaker": None, "speaker_text": "which"}) == "unattributed"
    assert speaker_label({}) == "unattributed"
    # "He also said ..." after "A harbour official said ...": the description carried on
    assert speaker_label({"speaker": None, "speaker_text": "He",
                          "speaker_description": "A harbour official"}) == "A harbour official"


def test_build_brief_summary_states_each_corroborated_fact_once(analysed_seeds: str) -> None:
    with open_store(analysed_seeds) as store:
        [story] = store.stories()
        findings = crosscheck_story(store, story.id)
        brief = build_brief(store, story.id)
    facts = [{(e.article_id, e.sentence) for e in f.evidence}
             for f in findings if f.kind == "corroborated"]
    for fact in facts:
        lines = [line for line in brief.summary if (line.article_id, line.text) in fact]
        assert len(lines) <= 1, [line.text for line in lines]
    # The sources' two wordings of the missiles Russia received are one line with two sources.
    received = [line for line in brief.summary if "received" in line.text]
    assert len(received) == 1 and received[0].independent_sources == 2


def test_build_brief_seeds_summary_is_corroborated_first_and_says_single_sources(
        analysed_seeds: str) -> None:
    with open_store(analysed_seeds) as store:
        [story] = store.stories()
        crosscheck_story(store, story.id)
        brief = build_brief(store, story.id)
    assert brief.summary
    assert all(line.corroborated or line.only_in for line in brief.summary)
    assert brief.summary[0].corroborated or any(line.corroborated for line in brief.summary)
    # The spun copy's inverted sentence ("called on Iran to support Russia's ...") stays out.
    assert not [line for line in brief.summary if "aggressive war" in line.text]
    text = render_markdown(brief)
    assert "corroborated by 2 independent sources" in text and "source(s)" not in text
    for line in brief.summary:
        if line.only_in:
            assert f"only in {', '.join(line.only_in)}" in text


def test_build_brief_timeline_shows_a_calendar_date_without_a_year(seeds_dir: Path,
                                                                  tmp_path: Path) -> None:
    """Seeds ingested without a publication date: "September 9" still dates 000's denial."""
    from newsdesk.annotate import annotate_store
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.records import Story

    settings = load_settings(env={}, db=str(tmp_path / "nodate.db"), fetch_feed_links=False)
    with open_store(settings.db) as store:
        ingest([str(seeds_dir)], store, settings)
        annotate_store(store, settings)
        ids = [a.id for a in store.iter_articles()]
        with store.transaction() as tx:
            tx.put_story(Story(id="seeds", title="seeds", members=ids, independent_sources=2))
        brief = build_brief(store, "seeds")
    assert [t.date for t in brief.timeline] and all(t.date == "--09-09" for t in brief.timeline)
    text = render_markdown(brief)
    assert "## Timeline" in text and "9 September, year not stated: On September 9" in text
    assert "36-month-old" not in text.split("## Timeline")[1].split("## Sources")[0]


def test_build_brief_seeds_quotes_spell_the_speaker_as_each_report_does(
        analysed_seeds: str) -> None:
    with open_store(analysed_seeds) as store:
        [story] = store.stories()
        brief = build_brief(store, story.id)
        by_source = {a.id: Path(a.source).name[:3] for a in store.get_articles(story.members)}
    spokesman = [q for q in brief.quotes if "Kana" in str(q.get("speaker") or "")]
    # one entity (one canonical name) ...
    assert len({q["speaker_entity_id"] for q in spokesman}) == 1
    # ... each report's quotes under that report's spelling
    assert {q["speaker_label"] for q in spokesman if by_source[q["article_id"]] == "004"} \
        == {"Nasser Kanaani"}
    assert {q["speaker_label"] for q in spokesman if by_source[q["article_id"]] == "000"} \
        == {"Nasser Kanani"}
    [names] = [n for n in brief.names if n.entity_id == spokesman[0]["speaker_entity_id"]]
    assert set(names.spellings) == {"Nasser Kanani", "Nasser Kanaani"}
    text = render_markdown(brief)
    assert "**Nasser Kanaani** (rejected)" in text
    assert "\u201cNasser Kanaani\u201d in" in text and "\u201cNasser Kanani\u201d in" in text
    # words are not a speaker: "The statement came after ... emphasizing ..."
    assert not [q for q in brief.quotes if q["speaker_label"].lower().startswith("the statement")]
