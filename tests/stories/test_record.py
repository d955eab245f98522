"""Story records: the span a story's members make."""

from __future__ import annotations

from newsdesk.records import ArticleMeta
from newsdesk.stories.record import build_story, reported_dates


def test_record_a_member_dated_far_from_every_other_does_not_stretch_the_span() -> None:
    # a repost stamped a year on, and a page with a date from months before
    dates = ["2030-04-15T10:00:00Z", "2030-04-16", "2031-04-26", "2030-04-15", "2029-11-02"]
    assert reported_dates(dates) == ["2030-04-15", "2030-04-15T10:00:00Z", "2030-04-16"]
    story = build_story([ArticleMeta(id=f"a{i}", published=d) for i, d in enumerate(dates)], [], {})
    assert (story.first_seen, story.last_seen) == ("2030-04-15", "2030-04-16")


def test_record_dates_near_each_other_or_all_apart_are_kept() -> None:
    # weeks apart is one developing event's coverage, not a stray date
    assert reported_dates(["2030-05-30", "2030-04-01", "2030-06-20"]) == \
        ["2030-04-01", "2030-05-30", "2030-06-20"]
    # two members a year apart: nothing says which one is off, so both count
    assert reported_dates(["2031-04-01", "2030-04-01"]) == ["2030-04-01", "2031-04-01"]
    # one dated member, and dates newsdesk cannot read, as written
    assert reported_dates(["2030-04-01"]) == ["2030-04-01"]
    assert reported_dates(["2030-04-01", "2030-04-02", "spring 2031"]) == \
        ["2030-04-01", "2030-04-02", "spring 2031"]

