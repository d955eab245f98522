from __future__ import annotations

from newsdesk.crosscheck.durations import duration_conflicts, durations, windows
from newsdesk.crosscheck.statements import Statement


def _s(article: str, text: str, index: int = 0) -> Statement:
    return Statement(article, article, index, text, "outlet.example", None)


def test_durations_windows_and_spans_in_words() -> None:
    (w,) = windows(_s("a", "The outage began at about 10:20 pm and was resolved by 4:05 am the next day."))
    assert w.minutes == 345
    (w,) = windows(_s("a", "Between 09:10 and 11:40 UTC the portal was down."))
    assert w.minutes == 150
    (d,) = durations(_s("a", "The outage, which lasted nearly six hours, hit banks."))
    assert (d.low, d.high) == (324, 360)
    (d,) = durations(_s("a", "The fix came within an hour."))
    assert (d.low, d.high) == (0, 60)
    (d,) = durations(_s("a", "The three-hour disruption hit banks."))
    assert d.low < 180 < d.high and "(outage)" in d.about


def test_durations_a_duration_the_reported_times_do_not_allow() -> None:
    story = [
        _s("a1", "The outage, which lasted nearly six hours, hit the portal of Almbrück's tax office."),
        _s("a1", "The outage began at 09:10 and was resolved by 11:40.", 1),
        _s("b1", "The three-hour disruption at the tax office lasted from 10:10 am until 12:40 pm."),
        _s("c1", "The faulty patch was withdrawn within an hour of its release."),
    ]
    line = [*story, _s("d1", "Servers that were online between 03:05 and 04:40 received the patch.")]
    story_of = {"a1": "s1", "b1": "s1", "c1": "s1", "d1": "s2"}
    found = duration_conflicts({"a1", "b1", "c1"}, line, story_of)
    assert [(a.article_id, b.article_id) for a, b, _ in found] == [("a1", "b1"), ("c1", "d1")]
    assert "2 h 30 min" in found[0][2] and "nearly six hours" in found[0][2]


def test_durations_not_a_dispute() -> None:
    story = [
        # rounded: "about three hours" for 2 h 30 min; a window of something else; a gap
        _s("a1", "The outage lasted about three hours."),
        _s("b1", "The outage began at 09:10 and was resolved by 11:40."),
        _s("c1", "Voting ran from 8 am to 8 pm, and the count took about two hours."),
        _s("d1", "Officials said they would publish a review within 72 hours."),
    ]
    ids = {"a1", "b1", "c1", "d1"}
    assert duration_conflicts(ids, story, dict.fromkeys(ids, "s")) == []
