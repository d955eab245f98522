"""How long something lasted, against the clock times reports give for it.

"The blackout went on for almost 12 hours" and "started at 08:10 UTC and was fixed by 17:05"
cannot both hold: the window is 8 h 55 min. Reports state a duration in words and a
window in clock times, often in one article (which then contradicts itself) and often
in different ones (another outlet's times, in another time zone: "6:40 pm to 3:35 am"
is the same 8 h 55 min). The window's length is arithmetic; a duration in words is an
interval: "nearly 10 hours" lies between 9 and 10, "about nine hours" and "a nine-hour
outage" are rounded (ROUNDING either side), "within an hour" is at most one.

Same referent first: a duration is held against a window only when the words before
the duration ("the failure, which went on", "the bad patch was pulled") name what
the window's sentence is about (the same noun, or two words for a service outage).
A duration that any such window agrees with is not disputed: the reports may time
different parts of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.crosscheck.per_line import PerLine
from newsdesk.crosscheck.statements import Statement

# A whole number of hours in words is a rounded figure: "nine hours" for 7 h 58 min is
# loose, "nearly 10 hours" (at least 9) is not.
ROUNDING = 0.15
# Clock times are often approximate ("around 1:13 am"): a window this much longer or
# shorter than a duration's interval still fits it.
SLACK = 0.05

_TIME = r"(?:\d{1,2}:\d\d(?:\s?(?:[ap]\.?m\.?))?|\d{1,2}\s?(?:[ap]\.m\.|[ap]m)\b)"
_WINDOW = re.compile(
    rf"\b(?:between|from|began|begun|started|starting|beginning|start)\b[^.;]{{0,40}}?(?P<t1>{_TIME})"
    rf"[^.;]{{0,80}}?\b(?:and|to|until|till|through|by|ended|ending)\b[^.;]{{0,30}}?(?P<t2>{_TIME})", re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "forty-five": 45, "half an": 0.5}
_AMOUNT = r"(?P<n>\d+(?:\.\d+)?|half an|forty-five|[a-z]+)"
_HOW = (r"(?:(?P<bound>nearly|almost|about|around|approximately|roughly|some|more than|over|less than|"
        r"under|just over|just under)\s+)?")
_DURATION = re.compile(
    rf"\b(?P<verb>lasted|lasting|lasts|for|within|took|in)\s+{_HOW}{_AMOUNT}\s+(?P<unit>hours?|minutes?)\b",
    re.I)
# "the nine-hour disruption": the noun after it is what lasted
_LONG = re.compile(rf"\b{_AMOUNT}-(?P<unit>hour|minute)\s+(?P<noun>[a-z]+)", re.I)
# Words for a service's outage: one referent however a report names it.
_OUTAGE = frozenset(["outage", "outages", "disruption", "disruptions", "incident", "downtime", "interruption",
                     "blackout", "problems", "issues", "glitch", "failure", "meltdown"])
_NOT_REFERENT = frozenset(["which", "that", "there", "their", "about", "hours", "minutes", "began", "ended",
                           "resolved", "quickly", "lasted", "lasting", "after", "before", "approximately",
                           "around", "between", "until", "according", "while", "other", "these", "those"])


@dataclass(frozen=True, slots=True)
class Window:
    statement: Statement
    minutes: float
    text: str  # "08:10am UTC and was fixed by 17:05pm" as written, cut to the times
    times: tuple[int, int]  # minutes after midnight
    start: int = 0  # where in the sentence


@dataclass(frozen=True, slots=True)
class Duration:
    statement: Statement
    low: float  # minutes
    high: float
    text: str
    about: frozenset[str]  # what it is the duration of (words before it)
    start: int = 0


def _clock(text: str) -> int | None:
    m = re.match(r"(\d{1,2})(?::(\d\d))?\s?([ap])?", text.strip().lower())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and hour < 12:
        hour += 12
    elif m.group(3) == "a" and hour == 12:
        hour = 0
    return hour * 60 + minute if hour < 24 and minute < 60 else None


def windows(s: Statement) -> list[Window]:
    out = []
    for m in _WINDOW.finditer(s.text):
        t1, t2 = _clock(m.group("t1")), _clock(m.group("t2"))
        if t1 is None or t2 is None or t1 == t2:
            continue
        minutes = (t2 - t1) % (24 * 60)  # past midnight: "6:40 pm ... 2:05 am the next day"
        out.append(Window(s, float(minutes), f"{m.group('t1')}\u2013{m.group('t2')}", (t1, t2), m.start()))
    return out


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][a-z'’-]{3,}", text)}


def _referent(words: set[str]) -> set[str]:
    found = {"(outage)" for w in words if w in _OUTAGE}
    return found | {w[:6] for w in words if w not in _OUTAGE and w not in _NOT_REFERENT and len(w) >= 5}


def durations(s: Statement) -> list[Duration]:
    out = []
    for m in [*_DURATION.finditer(s.text), *_LONG.finditer(s.text)]:
        groups = m.groupdict()
        word = (m.group("n") or "").lower()
        value = float(word) if word.replace(".", "", 1).isdigit() else _NUMBERS.get(word)
        if not value:
            continue
        unit = m.group("unit").lower()
        minutes = value * (60 if unit.startswith("hour") else 1)
        bound = (groups.get("bound") or "").lower()
        verb = (groups.get("verb") or "").lower()
        if bound in ("nearly", "almost", "just under"):
            low, high = minutes * 0.9, minutes
        elif bound in ("more than", "over", "just over"):
            low, high = minutes, float("inf")
        elif bound in ("less than", "under") or verb == "within":
            low, high = 0.0, minutes
        else:
            low, high = minutes * (1 - ROUNDING), minutes * (1 + ROUNDING)
        if verb in ("for", "in", "took") and bound in ("", "some") and value == 1 and word in ("a", "an"):
            continue  # "for an hour" of something: too loose to hold a report to
        before = s.text[max(0, m.start() - 60):m.start()]
        about = _words(before) | ({str(groups["noun"]).lower()} if groups.get("noun") else set())
        out.append(Duration(s, low, high, m.group().strip(), frozenset(_referent(about)), m.start()))
    return out


def _fits(d: Duration, w: Window) -> bool:
    return d.low * (1 - SLACK) <= w.minutes <= d.high * (1 + SLACK)


def _about(d: Duration, w: Window) -> bool:
    if w.statement is d.statement and w.start < d.start:
        # one sentence: "The outage, which lasted 10 hours, began at ..." times the
        # outage; "Voting ran from 8 am to 8 pm, and the count took two hours" does not
        return False
    return bool(d.about & _referent(_words(w.statement.text)))


def _shown(w: Window) -> str:
    hours, minutes = divmod(int(w.minutes), 60)
    return f"{w.text} ({hours} h {minutes:02d} min)" if hours else f"{w.text} ({minutes} min)"


def _weight(w: Window, group: str) -> tuple[bool, bool, bool, str, int]:
    """Best evidence first: a report whose own duration for the window agrees with it,
    then another source's report, then the earliest dated."""
    agreeing = any(_fits(x, w) for x in durations(w.statement))
    return (not agreeing, w.statement.group == group, not w.statement.published,
            str(w.statement.published or "") + w.statement.article_id, w.statement.index)


def _line_windows(statements: list[Statement]) -> tuple[list[Statement], list[Window]]:
    """A storyline's English statements and the clock windows they give."""
    english = [s for s in statements if s.lang == "en"]
    return english, [w for s in english for w in windows(s)]


# the same for each story of the storyline checked in one run (crosscheck.per_line)
_per_line_windows = PerLine(_line_windows)


def duration_conflicts(own: set[str], statements: list[Statement],
                       story_of: dict[str, str]) -> list[tuple[Statement, Statement, str]]:
    """(statement giving a duration, statement giving the window it contradicts, summary)
    for the durations the articles ``own`` state. ``statements``: the storyline's
    sentences; ``story_of``: article id -> story id. A duration is held against the
    windows of its own story; only when that has none, against the storyline's (an
    event's window, reported with a later event: the other events' outages are
    other windows)."""
    english, found = _per_line_windows(statements)
    out = []
    for s in english:
        if s.article_id not in own:
            continue
        story = story_of.get(s.article_id)
        for d in durations(s):
            matched = [w for w in found if _about(d, w)]
            mine = [w for w in matched if story_of.get(w.statement.article_id) == story]
            matched = mine or matched
            if not matched or any(_fits(d, w) for w in matched):
                continue
            w = min(matched, key=lambda w: _weight(w, s.group))
            out.append((s, w.statement, f"how long it lasted: {_shown(w)} vs {d.text}"))
            break
    return out
