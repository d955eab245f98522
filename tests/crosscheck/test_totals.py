"""A figure given per day, multiplied out, against a total over those days."""

from __future__ import annotations

from dataclasses import asdict

from newsdesk.annotate.quantities import find_quantities
from newsdesk.crosscheck.statements import Statement
from newsdesk.crosscheck.totals import per_day_conflict


def _st(aid: str, text: str) -> Statement:
    quantities = [asdict(q) for q in find_quantities(text)]
    return Statement(aid, aid, 0, text, claims=[{"text": text, "quantities": quantities}])


PER_DAY = _st("a", "Orbit Air scrapped over 1,300 flights on Sunday after roughly 1,200 each Friday and "
                   "Saturday.")


def test_totals_per_day_figure_multiplied_against_a_total_through_the_last_day() -> None:
    total = _st("b", "All told, more than 3,500 flights were canceled through Saturday, the chief said.")
    conflict = per_day_conflict(PER_DAY, total, 0.6, 0.5)
    assert conflict is not None and conflict.type == "quantity"
    assert "about 2,400 in all" in conflict.summary and "3,500 flights" in conflict.summary
    assert per_day_conflict(total, PER_DAY, 0.6, 0.5) is None  # the total gives no per-day figure


def test_totals_agreeing_or_other_spans_are_no_conflict() -> None:
    agrees = _st("c", "Some 2,400 flights were canceled between Friday and Saturday.")
    assert per_day_conflict(PER_DAY, agrees, 0.6, 0.5) is None
    # a total that runs into Sunday is not the two days' total
    longer = _st("d", "Altogether 3,500 flights were scrapped through Saturday and on into Sunday.")
    assert per_day_conflict(PER_DAY, longer, 0.6, 0.5) is None
    # one day's count, not a total over both
    one_day = _st("e", "Orbit Air had canceled 806 flights on Saturday.")
    assert per_day_conflict(PER_DAY, one_day, 0.6, 0.5) is None
    assert per_day_conflict(PER_DAY, _st("f", "More than 3,500 flights were canceled through Saturday."),
                            0.3, 0.5) is None  # sentences about other things are not compared
