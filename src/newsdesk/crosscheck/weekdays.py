"""A weekday that does not match its date ("Wednesday, March 28" when the 28th was a
Thursday), unless it fits the year of the story's other reports (a repost's stamp).
"""

from __future__ import annotations

import re
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
