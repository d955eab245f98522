"""A weekday that does not match its date ("Wednesday, March 28" when the 28th was a
Thursday), unless it fits the year of the story's other reports (a repost's stamp).

The other side shown is a report naming the same weekday or day of the month ("on
Wednesday"): it says which of the two is right. A follow-up often recalls the day of an
earlier event of its storyline ("ten days after the first survivors were found on Friday,
June 6"); when no report of its own story names that day, the witness comes from the
story that reports the earlier event (``storyline_witnesses``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsdesk.crosscheck.statements import Statement

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _fits_another_year(d: dict[str, Any], years: set[int]) -> bool:
    """"Friday, April 5" on a page dated a year later (a repost's stamp) than the other
    reports: the weekday fits their year, so the page's year, not the text, is off."""
    text = str(d.get("text") or "").lower()
    day = str(d.get("date") or "")[:10]
    if re.search(r"\b(?:19|20)\d\d\b", text) or len(day) != 10:
        return False  # a year the text states is the text's
    weekday = next((i for i, w in enumerate(_WEEKDAYS) if w in text), None)
    if weekday is None:
        return False
    from datetime import date as _date
    try:
        when = _date.fromisoformat(day)
        return any(_date(y, when.month, when.day).weekday() == weekday for y in years - {when.year})
    except ValueError:
        return False


def weekday_conflicts(s: Statement, years: set[int] | None = None) -> list[str]:
    """A weekday that does not match its date. ``years``: the years the story's other
    reports were published in; a weekday that fits one of them (a page stamped a year
    late by a reposting site) is the page's date being off, not the text."""
    return [str(d.get("text")) for d in s.dates
            if d.get("weekday_conflict") and not _fits_another_year(d, years or set())]


WEEKDAY_MISMATCH = "the weekday does not match the date"
_NAMED = re.compile(r"[A-Za-z]+day|\b\w+\s+\d{1,2}\b")


def weekday_summary(text: str, elsewhere: bool = False) -> str:
    suffix = " (a report of another event of this storyline)" if elsewhere else ""
    return f"\u201c{text}\u201d: {WEEKDAY_MISMATCH}{suffix}"


def named_days(text: str) -> set[str]:
    """The weekdays and month days a text names, lower-cased ("wednesday", "march 28")."""
    return {w.lower() for w in _NAMED.findall(text)}


def storyline_witnesses(members: set[str], line: list[Statement],
                        mismatches: Callable[[Statement], list[str]],
                        ) -> list[tuple[Statement, Statement, str]]:
    """(statement of the story whose weekday does not match its date, a statement of
    another story of the storyline naming that day, summary), for the mismatches no other
    report of the story names the day of. ``line``: the storyline's statements, the
    story's (``members``) among them; ``mismatches``: a statement's weekday conflicts as
    the story's check reads them (``weekday_conflicts`` with its years)."""
    own = [s for s in line if s.article_id in members]
    out: list[tuple[Statement, Statement, str]] = []
    for s in own:
        for text in mismatches(s):
            named = named_days(text)
            if any(named & named_days(t.text) for t in own if t.article_id != s.article_id):
                continue  # the story holds its witness
            words = set(s.text.lower().split())
            witnesses = [t for t in line if t.article_id not in members
                         and named & named_days(t.text) and not weekday_conflicts(t)]
            if witnesses:
                # the witness that reads most like the sentence, then a fixed order
                best = max(witnesses, key=lambda t: (len(words & set(t.text.lower().split())),
                                                     t.article_id, -t.index))
                out.append((s, best, weekday_summary(text, elsewhere=True)))
    return out
