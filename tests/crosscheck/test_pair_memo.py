"""Verdicts on statement pairs kept between checks: a grown story's check compares only
the pairs a new statement is in, and its findings are those of a check from scratch."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.analyze import analyze
from newsdesk.config import Settings
from newsdesk.crosscheck import run
from newsdesk.crosscheck.detectors import Conflict
from newsdesk.crosscheck.pair_memo import PairMemo
from newsdesk.crosscheck.run import crosscheck_statements, load_statements, standing_facts
from newsdesk.crosscheck.statements import Statement
from newsdesk.ingest import ingest
from newsdesk.records import Evidence, Finding
from newsdesk.store import Store, open_store


def _shown(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.id, f.kind, f.type, f.summary, f.confidence, f.independent_sources,
                   tuple((e.article_id, e.sentence_index, e.sentence) for e in f.evidence)) for f in findings)


@pytest.fixture()
def demo_store(analysed_demo: str, tmp_path: Path) -> Store:
    with open_store(analysed_demo) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(analysed_demo.removeprefix("sqlite:///"), tmp_path / "demo.db")
    with open_store(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        yield store


def _grown(store: Store) -> list[tuple[str, list[Statement], list[Statement]]]:
    """Each demo story of three or more reports: (id, its statements without its last
    report's, all its statements)."""
    out = []
    for story in store.stories():
        if len(story.members) < 3:
            continue
        statements = load_statements(store, story.id)
        last = story.members[-1]
        out.append((story.id, [s for s in statements if s.article_id != last], statements))
    return out


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    judge = run._pair_conflicts

    def counted(*args: object) -> list[Conflict]:
        calls[0] += 1
        return judge(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "_pair_conflicts", counted)
    return calls


def test_a_grown_story_reuses_its_verdicts_and_finds_what_a_check_from_scratch_finds(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    stories = _grown(demo_store)
    assert len(stories) >= 3
    reused = fresh_calls = memo_calls = 0
    for sid, before, after in stories:
        earlier = PairMemo()
        crosscheck_statements(sid, before, memo=earlier)
        calls[0] = 0
        scratch = crosscheck_statements(sid, after)
        fresh_calls += calls[0]
        calls[0] = 0
        memo = PairMemo.decode([earlier.encode()])
        grown = crosscheck_statements(sid, after, memo=memo)
        memo_calls += calls[0]
        reused += memo.reused
        assert _shown(grown) == _shown(scratch)
        # what this check judged is every pair compared, reused or not
        assert len(memo.judged) >= memo.reused
    assert reused > 0 and memo_calls < fresh_calls


def test_a_verdict_is_reused_only_for_the_very_same_inputs(demo_store: Store) -> None:
    """A memo whose every verdict is a planted conflict: the planted conflict shows on
    the pairs whose inputs did not change, and never on a pair with a changed statement."""
    sid, _before, statements = max(_grown(demo_store), key=lambda g: len(g[2]))
    first = PairMemo()
    crosscheck_statements(sid, statements, memo=first)
    assert first.judged
    planted = PairMemo(known={k: [Conflict("quantity", "PLANTED vs verdict", 0.99)] for k in first.judged})
    shown = crosscheck_statements(sid, statements, memo=planted)
    hit = [f for f in shown if f.summary == "PLANTED vs verdict"]
    assert hit and planted.reused == len(first.judged)

    # a statement of a planted pair edited: its pairs are judged afresh, the others reused
    key = (hit[0].evidence[0].article_id, hit[0].evidence[0].sentence_index)
    edited_at = next(i for i, s in enumerate(statements) if s.key == key)
    edited = list(statements)
    edited[edited_at] = replace(statements[edited_at], text=statements[edited_at].text + " Officials agreed.")
    planted = PairMemo(known={k: [Conflict("quantity", "PLANTED vs verdict", 0.99)] for k in first.judged})
    shown = crosscheck_statements(sid, edited, memo=planted)
    changed = edited[edited_at].key
    for f in shown:
        if f.summary == "PLANTED vs verdict":
            assert changed not in {(e.article_id, e.sentence_index) for e in f.evidence}
    assert planted.reused < len(first.judged)


def test_verdicts_survive_the_store(demo_store: Store) -> None:
    memo = PairMemo()
    memo.judged = {b"a" * 12: [], b"b" * 12: [Conflict("quantity", "7 vs 9", 0.8, 9 / 7, (7.0, 9.0))],
                   b"c" * 12: [Conflict("entity", "Ana Brandt vs Ana Bryce", 0.7)]}
    story = demo_store.stories()[0].id
    with demo_store.transaction() as tx:
        tx.put_story_pair_memo(story, memo.encode())
        tx.put_story_pair_memo("gone-story", memo.encode())
    stored = demo_store.story_pair_memos([story, "gone-story", "never-checked"])
    assert set(stored) == {story, "gone-story"}
    assert PairMemo.decode([stored[story]]).known == memo.judged
    assert PairMemo.decode([b"\xff\xff"]).known == {}  # unreadable: nothing reused
    # a gone story's findings and check record go with its memo; a live story's stay
    gone = Finding(id="f-gone", story_id="gone-story", kind="discrepancy", type="quantity",
                   articles=["a"], evidence=[Evidence("a", "7 people.", 0)], summary="7 vs 9",
                   confidence=0.8, independent_sources=1)
    with demo_store.transaction() as tx:
        tx.replace_findings("gone-story", [gone])
        tx.put_story_check("gone-story", "signature")
        tx.put_story_check(story, "signature")
    live = len(demo_store.findings(story))
    with demo_store.transaction() as tx:
        tx.delete_checks_of_gone_stories()
    assert set(demo_store.story_pair_memos([story, "gone-story"])) == {story}
    assert demo_store.findings("gone-story") == [] and len(demo_store.findings(story)) == live
    assert story in demo_store.story_checks() and "gone-story" not in demo_store.story_checks()


@pytest.mark.slow
def test_analyze_in_two_batches_reuses_verdicts_and_stores_the_findings_of_a_fresh_check(
        demo_dir: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo corpus analysed in two batches: the stories the second batch grows read the
    verdicts their first check left, and every story's stored findings are those of a
    check from scratch (the pair memo end to end: schedule, stage, store)."""
    reused = [0]
    verdict = PairMemo.verdict

    def counted(self: PairMemo, key: bytes, judge: Callable[[], list[Conflict]]) -> list[Conflict]:
        reused[0] += key in self.known
        return verdict(self, key, judge)

    monkeypatch.setattr(PairMemo, "verdict", counted)
    folders = sorted(p for p in (demo_dir / "corpus").iterdir() if p.is_dir())
    with open_store(settings.db) as store:
        ingest([str(p) for p in folders[: len(folders) // 2]], store, settings)
        analyze(store, settings)
        assert reused[0] == 0
        first = store.story_pair_memos([s.id for s in store.stories()])
        ingest([str(p) for p in folders[len(folders) // 2 :]], store, settings)
        analyze(store, settings)
        assert first and reused[0] > 0
        for story in store.stories():
            fresh = crosscheck_statements(story.id, load_statements(store, story.id), None,
                                          standing_facts(store, story.id))
            assert _shown(store.findings(story.id)) == _shown(fresh), story.id
