"""The cross-check on an engine: worker processes give the findings of the plain check."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.crosscheck import crosscheck_story
from newsdesk.crosscheck.run import load_statements
from newsdesk.crosscheck.stage import CrosscheckStage, StoryCheck
from newsdesk.engine import LocalRunner
from newsdesk.store import open_store


def _copy(url: str, dst: Path) -> str:
    with open_store(url) as s, s.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(url.removeprefix("sqlite:///"), dst)
    return f"sqlite:///{dst}"


def test_stage_worker_processes_give_the_findings_of_crosscheck_story(analysed_demo, tmp_path):
    plain, engine = _copy(analysed_demo, tmp_path / "a.db"), _copy(analysed_demo, tmp_path / "b.db")
    with open_store(plain) as s:
        ids = sorted(st.id for st in s.stories())
        want = {sid: sorted(f.id for f in crosscheck_story(s, sid)) for sid in ids}
    with open_store(engine) as s:
        stage = CrosscheckStage()
        items = [StoryCheck(sid, load_statements(s, sid), f"sig-{sid}") for sid in ids]
        LocalRunner(s, batch_size=2, processes=2).run(stage, items)
        got = {sid: sorted(f.id for f in s.findings(sid)) for sid in ids}
        checks = s.story_checks()
    assert got == want
    assert sum(len(v) for v in want.values()) >= 10
    assert checks == {sid: f"sig-{sid}" for sid in ids}
    assert sum(stage.counts.values()) == sum(len(v) for v in want.values())
