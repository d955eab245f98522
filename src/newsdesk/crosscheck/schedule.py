"""Which stories ``analyze`` cross-checks, and what each check is given.

A story's check reads two things: its own members' statements (the story-level
detectors, fact alignment, the sentence vectors) and the standing facts of its
storyline's other reports (crosscheck.run.standing_facts: a person's age, a
ship's length, how long an outage lasted, the event's clock time). A report joining
one event of a storyline changes what every other story of that storyline reads, but
only through the standing facts, and those rarely move: re-running every story of the
storyline from scratch made a grown storyline cost O(storyline) full checks per run.

So the record of a check (``story_checks``) holds three digests:

* ``own``: the story's members and how each was annotated;
* ``context``: the storyline's other reports and how each was annotated;
* ``standing``: the standing facts the check was given, conflicts and agreements
  (both statements of each, as the findings show them, and the summary).

A story whose own digest moved (or that was never checked) is checked in full. A story
whose storyline alone moved has its standing facts computed again; when they are
the ones its findings already hold, nothing it reads has changed, its findings
stand and only its record is brought up to date; otherwise it is checked in full. The
findings are thus always those of a check from scratch (``crosscheck_statements`` is a
function of the statements and the standing facts). The storyline's sentences are
read once per storyline and run, not once per story.

Which stories are weighed: those marked pending (``check_pending``: whatever changes
what a check reads marks the story in the same transaction, see the store) and the
other stories of their storylines, whose context they are. Digesting every story of
the store on every run cost O(store) (issue 16: a third of a second at 20k articles,
in a run with nothing new too).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdesk.crosscheck.pair_memo import PairMemo
from newsdesk.crosscheck.statements import Statement, storyline_statements
from newsdesk.records import content_id
from newsdesk.store import Store

if TYPE_CHECKING:
    from newsdesk.crosscheck.stage import StoryCheck

# Bytes per digest: three digests of 20 hex characters fill the record's 64-character
# column (80 bits each: no collision among a store's stories is to be expected).
_BYTES = 10
_HEX = 2 * _BYTES

Standing = list[tuple[Statement, Statement, str]]


@dataclass(frozen=True, slots=True)
class CheckRecord:
    own: str
    context: str
    standing: str

    def encode(self) -> str:
        return self.own + self.context + self.standing

    @classmethod
    def decode(cls, text: str | None) -> CheckRecord | None:
        """None for a record of another form (a store checked before this one: its
        stories are checked once more in full)."""
        if text is None or len(text) != 3 * _HEX:
            return None
        return cls(text[:_HEX], text[_HEX:2 * _HEX], text[2 * _HEX:])


def own_digest(members: Sequence[str], versions: dict[str, str]) -> str:
    return content_id(*(f"{m}@{versions.get(m, '')}" for m in sorted(members)), size=_BYTES)


def context_digest(context: Sequence[str], versions: dict[str, str]) -> str:
    return content_id(*(f"+{m}@{versions.get(m, '')}" for m in sorted(context)), size=_BYTES)


def standing_digest(standing: Standing) -> str:
    """What of the standing facts reaches the findings (run._finding: each side's
    article, sentence, text and source group; the summary)."""
    parts = [f"{s.article_id}:{s.index}:{s.group}:{s.text}" for a, b, summary in standing
             for s in (a, b)] + [summary for _a, _b, summary in standing]
    return content_id(*parts, size=_BYTES)


@dataclass(slots=True)
class CheckPlan:
    """The checks of one analyze run. ``stories``: story id -> members, for the stories
    weighed (every story of each storyline among them); ``pending``: the marks read;
    ``annotated``: articles annotated this run; ``versions``: their members' annotation
    versions; ``checked``: their stored records; ``line_of``: story id -> storyline id;
    ``previous``: article id -> the story it was in before this run's stories stage
    (where a story's pair verdicts may be found, ``_memo``). ``of_store`` reads them."""

    store: Store
    stories: dict[str, tuple[str, ...]]
    pending: list[str]
    annotated: set[str]
    versions: dict[str, str]
    checked: dict[str, str]
    line_of: dict[str, str]
    previous: dict[str, str] = field(default_factory=dict)
    records: dict[str, CheckRecord] = field(default_factory=dict)
    full: list[str] = field(default_factory=list)  # checked in full, in order
    context_only: list[str] = field(default_factory=list)  # storyline moved, story did not
    kept: list[str] = field(default_factory=list)  # of those, findings unchanged

    @classmethod
    def of_store(cls, store: Store, annotated: set[str] | None = None,
                 previous: dict[str, str] | None = None) -> CheckPlan:
        """The plan for the pending stories and the other stories of their storylines."""
        from newsdesk.annotate.stage import STATUS_KIND

        pending = store.pending_checks()
        lines = sorted(set(store.storyline_of(pending).values()))
        mates = store.storyline_stories(lines)
        stories = store.story_members(sorted(set(pending) | mates))
        return cls(store, stories, pending, annotated or set(),
                   store.annotation_versions(STATUS_KIND, [m for ms in stories.values() for m in ms]),
                   store.story_checks(list(stories)), store.storyline_of(list(stories)),
                   previous or {})

    def __post_init__(self) -> None:
        line_members: dict[str, list[str]] = {}
        for sid, members in self.stories.items():
            line_members.setdefault(self.line_of.get(sid, sid), []).extend(members)
        for sid in sorted(self.stories, key=lambda s: (self.line_of.get(s, s), s)):
            members = self.stories[sid]
            own = own_digest(members, self.versions)
            context = context_digest([m for m in line_members[self.line_of.get(sid, sid)]
                                      if m not in members], self.versions)
            stored = CheckRecord.decode(self.checked.get(sid))
            self.records[sid] = CheckRecord(own, context, stored.standing if stored else "")
            # A story's own digest holds its members: one that grew or shrank differs.
            if stored is None or stored.own != own or self.annotated.intersection(members):
                self.full.append(sid)
            elif stored.context != context:
                self.context_only.append(sid)

    def items(self) -> Iterator[StoryCheck]:
        """The stories to check in full, with what each reads. Stories whose storyline
        alone moved are decided here: checked when their standing facts changed,
        recorded (``kept``) when not."""
        # The detectors load here, when a story is to be checked: a plan with nothing to
        # check (a run with nothing new) never loads them.
        from newsdesk.crosscheck.run import load_statements, standing_facts
        from newsdesk.crosscheck.stage import StoryCheck

        line: tuple[str, tuple[list[Statement], dict[str, str]]] | None = None
        todo = set(self.full) | set(self.context_only)
        for sid in sorted(todo, key=lambda s: (self.line_of.get(s, s), s)):
            key = self.line_of.get(sid, sid)
            if line is None or line[0] != key:  # read each storyline once
                line = (key, storyline_statements(self.store, sid))
            standing = standing_facts(self.store, sid, line[1])
            digest = standing_digest(standing)
            record = CheckRecord(self.records[sid].own, self.records[sid].context, digest)
            self.records[sid] = record
            stored = CheckRecord.decode(self.checked.get(sid))
            if sid not in self.full and stored is not None and stored.standing == digest:
                self.kept.append(sid)
                continue
            yield StoryCheck(sid, load_statements(self.store, sid), record.encode(), standing,
                             self._memo(sid))

    def _memo(self, sid: str) -> PairMemo:
        """The verdicts left by the last checks of this story and of the stories that held
        its members before this run (a story that grew, merged or split)."""
        earlier = {sid} | {self.previous[m] for m in self.stories[sid] if m in self.previous}
        return PairMemo.decode(self.store.story_pair_memos(sorted(earlier)).values())

    def save_kept(self) -> None:
        """After the checks are written: bring the records of the stories whose findings
        stood up to date, drop the findings, records and pair verdicts of stories that are
        gone, and clear the pending marks this plan read."""
        gone = set(self.pending) - self.stories.keys()
        if not self.kept and not gone and not self.pending:
            return
        with self.store.transaction() as tx:
            for sid in self.kept:
                tx.put_story_check(sid, self.records[sid].encode())
            if gone:
                tx.delete_checks_of_gone_stories()
            tx.clear_checks(self.pending)
