"""The cross-check as an engine stage: one story per item, checked wherever the engine runs.

The driver reads each changed story's statements (``load_statements``) and the
verdicts on statement pairs its earlier checks left (crosscheck.pair_memo); ``process``
checks them (pure: statements and verdicts in, findings and verdicts out, so it may run
in a worker process or on a Ray node, with the NLI backend built there); ``save`` writes
the findings, the verdicts and the record of what the check read, in one transaction,
story after story in order. The findings are the same on every engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsdesk.config import Settings
from newsdesk.crosscheck.nli import cached_backend
from newsdesk.crosscheck.pair_memo import PairMemo
from newsdesk.crosscheck.run import crosscheck_statements
from newsdesk.crosscheck.statements import Statement
from newsdesk.records import Finding
from newsdesk.store import Transaction


@dataclass(slots=True)
class StoryCheck:
    story_id: str
    statements: list[Statement]
    signature: str  # what the check read (crosscheck.schedule.CheckRecord), recorded with it
    # standing facts across the storyline, conflicts and agreements (run.standing_facts), read
    # by the driver: they need the storyline's other stories from the store
    standing: list[tuple[Statement, Statement, str]] = field(default_factory=list)
    # verdicts on statement pairs of the checks before (crosscheck.pair_memo): a grown
    # story compares only the pairs a new statement is in
    memo: PairMemo = field(default_factory=PairMemo)


@dataclass(slots=True)
class CheckResult:
    findings: list[Finding]
    memo: bytes  # this check's verdicts, for the story's next check


class CrosscheckStage:
    """``process`` cross-checks stories; ``save`` stores findings and check records and
    counts the findings by kind in ``counts``."""

    name = "crosscheck"
    version = "1"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings
        self.counts: Counter[str] = Counter()

    def __getstate__(self) -> dict[str, object]:
        return {"settings": self.settings}  # the counts live where save() runs

    def __setstate__(self, state: dict[str, object]) -> None:
        self.settings = state["settings"]  # type: ignore[assignment]
        self.counts = Counter()

    def process(self, items: Sequence[StoryCheck]) -> list[CheckResult]:
        nli = cached_backend(self.settings) if self.settings is not None else None
        return [CheckResult(crosscheck_statements(it.story_id, it.statements, nli, it.standing, it.memo),
                            it.memo.encode()) for it in items]

    def save(self, tx: Transaction, items: Sequence[StoryCheck],
             results: list[CheckResult]) -> None:
        for item, result in zip(items, results, strict=True):
            tx.replace_findings(item.story_id, result.findings)
            tx.put_story_check(item.story_id, item.signature)
            tx.put_story_pair_memo(item.story_id, result.memo)
            self.counts.update(f.kind for f in result.findings)
