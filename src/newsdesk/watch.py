"""Follow a stream: ingest what is new in folders, files and feeds, then analyse it, in rounds.

Each round reads only files that are new or changed since the last round (by size and
modification time; a folder is walked again so new files are seen), re-fetches every
URL (a feed's new entries go in, entries already stored change nothing: ids are content
hashes), and runs ``analyze`` when new articles came in. A run that is stopped and
started again simply reads everything once more, which stores nothing twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.analyze import AnalysisReport, analyze
from newsdesk.config import Settings
from newsdesk.ingest import ingest
from newsdesk.ingest.pipeline import IngestReport, expand_inputs
from newsdesk.store import Store


@dataclass(slots=True)
class WatchRound:
    number: int
    inputs_read: int
    ingest: IngestReport | None = None
    analysis: AnalysisReport | None = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.ingest is None:
            return f"round {self.number}: nothing new"
        r = self.ingest
        line = (f"round {self.number}: {self.inputs_read} inputs read, {r.new} new articles, "
                f"{r.already_stored} already stored, {len(r.rejected)} rejected")
        return line + ("; analysed" if self.analysis else "")


class Watcher:
    """Remembers what it has read, so each round reads only what changed."""

    def __init__(self, store: Store, settings: Settings, inputs: Sequence[str]) -> None:
        self.store = store
        self.settings = settings
        self.inputs = list(inputs)
        self.seen: dict[str, tuple[float, int]] = {}
        self.rounds = 0

    def _changed(self) -> list[str]:
        out = []
        for entry in expand_inputs(self.inputs):
            if entry.path is None:  # URLs (feeds) are fetched every round
                out.append(entry.source)
                continue
            try:
                stat = entry.path.stat()
                mark = (stat.st_mtime, stat.st_size)
            except OSError:
                mark = (-1.0, -1)  # missing or unreadable: reported once, then again if it changes
            if self.seen.get(entry.source) != mark:
                self.seen[entry.source] = mark
                out.append(entry.source)
        return out

    def round(self) -> WatchRound:
        self.rounds += 1
        changed = self._changed()
        result = WatchRound(self.rounds, len(changed))
        if not changed:
            return result
        result.ingest = ingest(changed, self.store, self.settings)
        if result.ingest.new:
            result.analysis = analyze(self.store, self.settings)
        return result


def watch(store: Store, settings: Settings, inputs: Sequence[str], *, every_s: float = 300.0,
          rounds: int | None = None, log: Callable[[str], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> list[WatchRound]:
    """Run rounds every ``every_s`` seconds (forever when ``rounds`` is None)."""
    missing = [i for i in inputs if "://" not in i and i != "-" and not Path(i).exists()]
    if missing:
        (log or (lambda _s: None))(f"not there yet (watched anyway): {', '.join(missing)}")
    watcher = Watcher(store, settings, inputs)
    done: list[WatchRound] = []  # kept only for a bounded run: a stream runs for months
    while rounds is None or watcher.rounds < rounds:
        if watcher.rounds:
            sleep(every_s)
        result = watcher.round()
        if rounds is not None:
            done.append(result)
        if log:
            log(result.summary())
    return done
