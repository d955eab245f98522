from __future__ import annotations

import pytest

from newsdesk.annotate.dates import resolve_date

PUB = "2024-09-10T08:00:00Z"  # a Tuesday


@pytest.mark.parametrize(("text", "future", "expected", "granularity"), [
    ("September 9", False, "2024-09-09", "day"),
    ("on Tuesday", False, "2024-09-10", "day"),
    ("Monday", False, "2024-09-09", "day"),
    ("Thursday", True, "2024-09-12", "day"),
    ("last Tuesday", False, "2024-09-03", "day"),
    ("next Tuesday", False, "2024-09-17", "day"),
    ("later this week", False, "2024-09-09", "week"),
    ("last week", False, "2024-09-02", "week"),
    ("yesterday", False, "2024-09-09", "day"),
    ("three days ago", False, "2024-09-07", "day"),
    ("March 2023", False, "2023-03-01", "month"),
    ("last year", False, "2023-01-01", "year"),
    ("9 September 2021", False, "2021-09-09", "day"),
    ("Sept. 9", False, "2024-09-09", "day"),
])
def test_dates_resolve_relative_to_publication(text: str, future: bool, expected: str,
                                               granularity: str) -> None:
    d = resolve_date(text, PUB, future)
    assert (d.date, d.granularity) == (expected, granularity)


def test_dates_month_day_months_ahead_is_last_year() -> None:
    assert resolve_date("December 28", "2025-01-03").date == "2024-12-28"


def test_dates_weekday_conflict_flagged() -> None:
    d = resolve_date("Tuesday, September 11", PUB)
    assert d.date == "2024-09-11" and d.weekday_conflict
    assert not resolve_date("Tuesday, September 10", PUB).weekday_conflict


def test_dates_relative_without_publication_unresolved() -> None:
    assert resolve_date("on Tuesday", None).date is None
    assert resolve_date("September 9, 2024", None).date == "2024-09-09"
    assert resolve_date("the coming weeks", PUB).date is None
