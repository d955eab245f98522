"""Quantity rule: rounding, conversions and approximate figures."""

from __future__ import annotations

from newsdesk.crosscheck.detectors import _approximate, quantities_agree


def _q(text: str, value: float) -> dict[str, object]:
    return {"text": text, "value": value, "unit": "m", "kind": "length"}


def test_quantities_approximate_figures_are_rounded_to_their_last_nonzero_digit() -> None:
    miles, km = _q("90 miles", 90 * 1609.344), _q("150 kilometres", 150_000.0)
    assert not quantities_agree(miles, km)  # 144.8 km vs 150 km, stated exactly
    assert quantities_agree(miles, km, approx_a=True, approx_b=True)  # "about 90 miles", "about 150 km"
    # approximate, but a tenfold or a 30% change is still a change
    tenfold = _q("1500 kilometres", 1_500_000.0)
    assert not quantities_agree(_q("150 kilometres", 150_000.0), tenfold, True, True)
    assert not quantities_agree(_q("14 km", 14_000.0), _q("17 km", 17_000.0), True, True)
    assert quantities_agree(_q("75 miles", 75 * 1609.344), _q("120 km", 120_000.0))


def test_quantities_approximate_words_sit_before_the_figure() -> None:
    text = "Mahmud was seized about 90 miles north of Baghdad, 3 days after 40 people fled."
    assert _approximate(text, _q("90 miles", 0))
    assert not _approximate(text, _q("40 people", 0))


def test_figures_of_reports_days_apart_read_as_a_possible_update() -> None:
    from newsdesk.crosscheck.detectors import Conflict
    from newsdesk.crosscheck.run import _in_time
    from newsdesk.crosscheck.statements import Statement

    monday = Statement("a", "a", 0, "At least 14 people have died.", published="2025-03-03T14:20:00Z")
    tuesday = Statement("b", "b", 0, "At least 17 people have died.", published="2025-03-04T07:00:00Z")
    same_day = Statement("c", "c", 0, "At least 17 people have died.", published="2025-03-03T18:00:00Z")
    toll = Conflict("quantity", "14 people vs 17 people", 0.75, ratio=17 / 14)
    summary, confidence = _in_time(toll, tuesday, monday)
    assert "reported 3 Mar and 4 Mar: possibly an updated figure" in summary and confidence < 0.75
    assert _in_time(toll, monday, same_day) == (toll.summary, toll.confidence)
    # A tenfold difference is an error, whatever the days.
    price = Conflict("quantity", "€600m vs €60m", 0.9, ratio=10.0)
    assert _in_time(price, monday, tuesday) == (price.summary, price.confidence)
