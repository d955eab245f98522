"""Which stories analyze checks again: a story whose storyline alone grew keeps its
findings when its standing conflicts did not move, and every story's findings are
always those of a check from scratch."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.annotate import annotate_store
from newsdesk.config import Settings
from newsdesk.crosscheck.run import crosscheck_statements, load_statements, standing_facts
from newsdesk.crosscheck.schedule import CheckPlan, CheckRecord, context_digest, own_digest
from newsdesk.crosscheck.stage import CrosscheckStage
from newsdesk.engine import LocalRunner
from newsdesk.ingest import ingest
from newsdesk.records import Story, Storyline
from newsdesk.store import Store

# Invented reports of one storyline: a ferry fire (story "fire") and the inquiry that
# follows it (story "inquiry"). The skipper's age and the ferry's length are standing facts.
FIRE = [
    ("harbour-post", "2031-05-02", "Ferry Calloway burns off Wrenport",
     "The ferry Calloway caught fire off Wrenport on Friday. Its skipper, Tomas Elvery, 52, "
     "brought all passengers ashore. The Calloway is 118 metres long."),
    ("coast-daily", "2031-05-02", "Fire on the Calloway",
     "Fire broke out on the ferry Calloway near Wrenport. Skipper Tomas Elvery, 52, said the "
     "crew acted fast. The 118-metre Calloway was towed to port."),
]
INQUIRY = [
    ("wren-gazette", "2031-05-09", "Inquiry into Calloway fire opens",
     "An inquiry into the Calloway ferry fire opened in Wrenport on Friday. The board heard "
     "that the engine room alarm failed."),
]
# Joins the inquiry without a standing fact: the fire's check reads nothing new.
QUIET = ("bay-courier", "2031-05-10", "Calloway inquiry hears from engineers",
         "Engineers told the Calloway inquiry in Wrenport that the alarm had been replaced in "
         "March.")
# Joins the inquiry with the skipper's age given otherwise: the fire's standing facts move.
LOUD = [("north-wire", "2031-05-10", "Calloway skipper testifies",
         "Tomas Elvery, 53, told the Calloway inquiry in Wrenport that smoke filled the deck."),
        ("isles-news", "2031-05-11", "Skipper speaks at Calloway inquiry",
         "Skipper Tomas Elvery, 53, described the fire on the Calloway to the inquiry board.")]


def _ingest(store: Store, settings: Settings, tmp: Path,
            reports: list[tuple[str, str, str, str]]) -> list[str]:
    path = tmp / f"batch-{len(list(tmp.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps({"url": f"https://{o}.example/{t.lower().replace(' ', '-')}",
                                        "title": t, "text": x, "outlet": f"{o}.example",
                                        "published": d}) + "\n" for o, d, t, x in reports), "utf-8")
    known = {a.id for a in store.iter_articles()}
    ingest([str(path)], store, settings)
    annotate_store(store, settings)
    return sorted(a.id for a in store.iter_articles() if a.id not in known)


def _put(store: Store, stories: dict[str, list[str]]) -> None:
    """The stories and their one storyline, put by hand: these tests are about the
    scheduling of checks, not the clustering."""
    with store.transaction() as tx:
        for sid, members in stories.items():
            tx.delete_story(sid)
            tx.put_story(Story(sid, sid, members, len(members)))
        tx.replace_storylines([Storyline("line", "Calloway", sorted(stories))])


def _run(store: Store, annotated: set[str]) -> CheckPlan:
    plan = CheckPlan.of_store(store, annotated)
    LocalRunner(store, batch_size=2).run(CrosscheckStage(), plan.items())
    plan.save_kept()
    return plan


def _from_scratch(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    out = {}
    for story in store.stories():
        found = crosscheck_statements(story.id, load_statements(store, story.id), None,
                                      standing_facts(store, story.id))
        out[story.id] = sorted((f.id, f.kind, f.summary) for f in found)
    return out


def _stored(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    return {s.id: sorted((f.id, f.kind, f.summary) for f in store.findings(s.id)) for s in store.stories()}


def test_a_story_whose_storyline_grew_is_checked_only_when_its_standing_facts_move(
        store: Store, settings: Settings, tmp_path: Path) -> None:
    tmp = tmp_path / "in"
    tmp.mkdir()
    fire = _ingest(store, settings, tmp, FIRE)
    inquiry = _ingest(store, settings, tmp, INQUIRY)
    _put(store, {"fire": fire, "inquiry": inquiry})
    first = _run(store, set(fire + inquiry))
    assert sorted(first.full) == ["fire", "inquiry"] and not first.context_only
    assert _stored(store) == _from_scratch(store)

    # Nothing new: nothing checked, nothing read.
    quiet_run = _run(store, set())
    assert not quiet_run.full and not quiet_run.context_only

    # A report without standing facts joins the inquiry: the fire's check is not repeated.
    quiet = _ingest(store, settings, tmp, [QUIET])
    _put(store, {"fire": fire, "inquiry": inquiry + quiet})
    second = _run(store, set(quiet))
    assert second.full == ["inquiry"] and second.context_only == ["fire"] and second.kept == ["fire"]
    assert _stored(store) == _from_scratch(store)

    # Two sources give the skipper another age: the fire's two reports are now the odd
    # side, its check is repeated and its findings hold the dispute.
    fire_findings = _stored(store)["fire"]
    loud = _ingest(store, settings, tmp, LOUD)
    _put(store, {"fire": fire, "inquiry": inquiry + quiet + loud})
    third = _run(store, set(loud))
    assert third.context_only == ["fire"] and not third.kept
    assert _stored(store) == _from_scratch(store)
    assert _stored(store)["fire"] != fire_findings
    assert any("age of" in summary for _id, _kind, summary in _stored(store)["fire"])


def test_a_record_of_another_form_means_a_full_check() -> None:
    versions = {"a": "v1", "b": "v1", "c": "v1"}
    record = CheckRecord(own_digest(("a",), versions), context_digest(("b",), versions), "0" * 20)
    assert CheckRecord.decode(record.encode()) == record and len(record.encode()) == 60
    assert CheckRecord.decode("f" * 32) is None  # a store checked by the earlier code
    # the storyline's other reports are part of what is read, in any order
    assert context_digest(("b", "c"), versions) == context_digest(("c", "b"), versions)
    assert context_digest(("b",), versions) != context_digest(("b", "c"), versions)
    assert own_digest(("a",), versions) != own_digest(("a",), {**versions, "a": "v2"})


def test_a_plan_reads_any_number_of_pending_stories_in_chunks(store: Store) -> None:
    """A store upgraded from before the marks has every story pending: the plan's reads
    go a chunk of ids at a time (a database bounds a query's parameters)."""
    ids = [f"s{n:05d}" for n in range(1_300)]
    with store.transaction() as tx:
        for sid in ids:
            tx.put_story(Story(sid, sid, [], 0))
        tx.replace_storylines([Storyline("line", "Many", ids[:700]),
                               Storyline("other", "More", ids[700:])])
    plan = CheckPlan.of_store(store)
    assert sorted(plan.stories) == ids and sorted(plan.pending) == ids
    assert len(plan.line_of) == 1_300 and sorted(plan.full) == ids  # never checked
    plan.save_kept()
    assert store.pending_checks() == []
