"""Following a stream: rounds read only what changed and analyse what is new."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.store import Store
from newsdesk.watch import Watcher, watch

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "demo" / "corpus" / "text"
# Two reports of two different demo stories, each in a folder named for its outlet.
REPORTS = [TEXT / "harbourpost.example" / "2025-03-13-kellin-ford-traders-welcome-deal.txt",
           TEXT / "valleyherald.example" / "2025-03-04-sallow-floods-14-dead.txt"]


def test_watch_rounds_read_only_new_files_and_analyse_them(tmp_path: Path, store: Store,
                                                            settings: Settings) -> None:
    incoming = tmp_path / "incoming"
    (incoming / REPORTS[0].parent.name).mkdir(parents=True)
    shutil.copy(REPORTS[0], incoming / REPORTS[0].parent.name)
    watcher = Watcher(store, settings, [str(incoming)])

    first = watcher.round()
    assert first.ingest is not None and first.ingest.new == 1 and first.analysis is not None
    assert len(store.stories()) == 1

    quiet = watcher.round()  # nothing changed: nothing read, nothing analysed
    assert quiet.inputs_read == 0 and quiet.ingest is None

    (incoming / REPORTS[1].parent.name).mkdir(exist_ok=True)
    shutil.copy(REPORTS[1], incoming / REPORTS[1].parent.name)
    third = watcher.round()
    assert third.inputs_read == 1 and third.ingest is not None and third.ingest.new == 1
    assert third.analysis is not None
    assert sum(1 for _ in store.iter_articles()) == 2 and len(store.stories()) == 2
    assert {a.outlet for a in store.iter_articles()} == {"harbourpost.example", "valleyherald.example"}


def test_watch_reports_a_missing_input_once_and_keeps_going(tmp_path: Path, store: Store,
                                                             settings: Settings) -> None:
    lines: list[str] = []
    naps: list[float] = []
    rounds = watch(store, settings, [str(tmp_path / "not-yet")], every_s=5, rounds=3,
                   log=lines.append, sleep=naps.append)
    assert [r.inputs_read for r in rounds] == [1, 0, 0]
    first = rounds[0].ingest
    assert first is not None and [r.code for r in first.rejected] == ["not_found"]
    assert naps == [5, 5] and "not there yet" in lines[0]
