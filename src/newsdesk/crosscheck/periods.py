"""Which reporting period a report's results belong to.

Companies publish the same figures every quarter and every fiscal year: "cloud revenue
of $28.5bn" in one year's fourth-quarter report and "$20.9bn" in the year before's are
two true figures, not one figure reported two ways. Two reports of results are compared
only when both name their period and it is the same one; a report whose year is known
neither from its words nor from its date is compared with none.
"""

from __future__ import annotations

import re

# A report of periodic results: a quarter, a fiscal year, quarterly or annual results.
_PERIODIC = re.compile(r"\b(?:(?:first|second|third|fourth)[- ](?:fiscal[- ])?quarter|fiscal|quarterly|"
                       r"Q[1-4]|FY\s?\d{2,4}|annual (?:results|report|earnings))\b", re.I)
_QUARTER = re.compile(r"\b(?:(?P<word>first|second|third|fourth)[- ](?:fiscal[- ])?quarter|"
                      r"(?:fiscal\s+)?Q(?P<digit>[1-4]))\b", re.I)
_QUARTER_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# "fiscal 2024", "FY2024", "FY24", "of 2024": the year a period belongs to
_YEAR = re.compile(r"\b(?:fiscal(?:\s+year)?\s+|FY\s?|of\s+)(?P<year>(?:19|20)\d\d|\d\d)\b", re.I)
# Measures a periodic report gives anew every period.
_MEASURE = re.compile(r"\b(?:revenues?|sales|profits?|income|earnings|turnover|margins?|EBITDA|"
                      r"earnings per share|EPS)\b", re.I)


def periodic(text: str) -> bool:
    """Does a report speak of periodic results (a quarter, a fiscal year)?"""
    return bool(_PERIODIC.search(text))


def report_period(text: str, published: str | None) -> str | None:
    """The period a report of results speaks of, as "Q4 2024" (or "FY 2024" when it
    names a fiscal year and no quarter): its first named quarter, with the year named
    in the report or else its publication year. None when a part is unknown."""
    if not periodic(text):
        return None
    quarter = _QUARTER.search(text)
    year = _YEAR.search(text)
    stated = year.group("year") if year else None
    if stated and len(stated) == 2:
        stated = "20" + stated
    when = stated or (published[:4] if published else None)
    if when is None:
        return None
    if quarter:
        number = _QUARTER_NUMBER[quarter.group("word").lower()] if quarter.group("word") else \
            int(quarter.group("digit"))
        return f"Q{number} {when}"
    return f"FY {when}" if stated else None


def periodic_figure(text: str) -> bool:
    """Is a sentence's figure a measure that periodic reports restate (revenue, profit)?"""
    return bool(_MEASURE.search(text))
