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


@pytest.mark.parametrize(("sentence", "expected"), [
    # Modals and forecasts point ahead of the publication day (Tuesday 10 Sep 2024).
    ("Up to 40 millimetres of rain could fall on Wednesday.", "2024-09-11"),
    ("Forecasters expect more rain by Thursday.", "2024-09-12"),
    ("The ministry said talks would resume on Thursday.", "2024-09-12"),
    ("He said he will travel to Kyiv, arriving on Friday.", "2024-09-13"),
    # A deadline is ahead of a present verb, behind a simple past one.
    ("Rail services have been suspended until at least Thursday.", "2024-09-12"),
    ("The bridge was closed until Thursday.", "2024-09-05"),
    # Past modals, past tense and possessives ("Monday's peak") look back.
    ("The dam could have failed on Sunday.", "2024-09-08"),
    ("The river was not expected to reach Monday's peak again.", "2024-09-09"),
    ("The minister met his counterpart on Friday.", "2024-09-06"),
])
def test_dates_tense_decides_the_weekday_direction(sentence: str, expected: str) -> None:
    from newsdesk.annotate.dates import find_dates
    from newsdesk.annotate.parse import parse_articles
    from newsdesk.records import Article

    article = Article(id="t", document_id="d", source="test", text_hash="h", text=sentence,
                      published=PUB, lang="en")
    [parsed] = parse_articles([article])
    assert [d.date for d in find_dates(parsed) if d.date] == [expected]


@pytest.mark.parametrize(("text", "before", "duration"), [
    ("36-month-old", "the", True),  # an age
    ("over a decade", "in", True),  # a length of time
    ("three weeks", "", True),
    ("weeks", "for", True),
    ("weeks", "within", False),  # a vague span ahead, not a length
    ("two weeks ago", "", False),
    ("the past week", "", False),
    ("later this week", "", False),
    ("September 9", "on", False),
    ("2019", "in", False),
    ("the day", "in", False),
    ("60-day", "a", True),  # "a 60-day state of emergency": a length as an adjective
    ("three-week", "a", True),
])
def test_dates_durations_and_ages_are_not_dates(text: str, before: str, duration: bool) -> None:
    from newsdesk.annotate.dates import is_duration

    assert is_duration(text, before) is duration


def test_dates_seeds_durations_stay_off_the_timeline(analysed_seeds: str) -> None:
    from newsdesk.store import open_store

    with open_store(analysed_seeds) as store:
        texts = {d["text"] for a in store.iter_articles()
                 for d in store.get_annotations(a.id, "dates") or []}
    assert "September 9" in texts and "Tuesday" in texts
    assert not texts & {"36-month-old", "over a decade"}
