from __future__ import annotations

import pytest

from newsdesk.annotate.quantities import find_quantities


@pytest.mark.parametrize(("text", "value", "unit", "kind"), [
    ("a range of around 120 kilometres", 120_000, "m", "distance"),
    ("a range of 75 miles", 120_700.8, "m", "distance"),
    ("aid worth $2.5 billion", 2.5e9, "USD", "money"),
    ("a €40 million package", 4e7, "EUR", "money"),
    ("300 soldiers were killed", 300, "count", "count"),
    ("three people died", 3, "count", "count"),
    ("prices rose 5 percent", 5, "%", "percent"),
    ("the 36-month-old invasion", 36 * 2629746, "s", "duration"),
])
def test_quantities_normalised(text: str, value: float, unit: str, kind: str) -> None:
    (q,) = find_quantities(text)
    assert (q.unit, q.kind) == (unit, kind)
    assert q.value == pytest.approx(value)


def test_quantities_km_and_miles_comparable() -> None:
    (km,) = find_quantities("120 km")
    (mi,) = find_quantities("75 miles")
    assert abs(km.value - mi.value) / km.value < 0.01


@pytest.mark.parametrize("text", ["Fath-360 missiles", "in 2024 troops", "one side of the war",
                                  "two of Ukraine's backers"])
def test_quantities_ignore_model_names_years_and_bare_numbers(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("twenty-five people died", 25, "count"),
    ("Five hundred soldiers", 500, "count"),
    ("three hundred and forty soldiers", 340, "count"),
    ("two dozen sailors", 24, "count"),
    ("a 21-member crew", 21, "count"),
    ("1.5m people", 1.5e6, "count"),
    ("just below 7 knots", 7 * 0.514444, "m/s"),
    ("a little under 8 miles per hour", 8 * 0.44704, "m/s"),
    ("180 millimetres of rain", 0.18, "m"),
    ("he was a father of four", 4, "count"),
])
def test_quantities_spelled_numbers_crews_millions_and_speeds(text: str, value: float, unit: str) -> None:
    (q,) = find_quantities(text)
    assert q.unit == unit
    assert q.value == pytest.approx(value, rel=1e-4)


@pytest.mark.parametrize("text", ["several hundred flights", "about 1,200 each Friday", "hundreds of people"])
def test_quantities_vague_amounts_are_no_figures(text: str) -> None:
    assert find_quantities(text) == []


def test_quantities_metres_stay_metres() -> None:
    (q,) = find_quantities("a 4.6m wall")
    assert (q.unit, q.value) == ("m", 4.6)


def test_quantities_a_bare_figure_counts_the_noun_the_sentence_named_before_it() -> None:
    (_, total) = find_quantities("It scrapped 400 trains on Monday, taking its tally to nearly 4,700.")
    assert (total.text, total.value, total.original_unit) == ("4,700", 4700, "trains")
    (_, each) = find_quantities("It dropped 1,300 flights on Tuesday and 1,200 each Saturday and Sunday.")
    assert (each.value, each.original_unit) == (1200, "flights")
    # in a clause, the noun may stand in the sentence's words before it
    (q,) = find_quantities("bringing its total to almost 4,700.", before="It grounded 900 flights, ")
    assert q.original_unit == "flights"
    # dates, names, years and figures of their own kind are no such count
    assert [q.text for q in find_quantities("It canceled 300 flights on July 19 in 2024 on Windows 11.")] == \
        ["300 flights"]
    assert find_quantities("It lost 300 flights and 400 million dollars.")[0].text == "300 flights"


def test_quantities_a_name_between_a_figure_and_its_noun_and_no_part_read_as_a_count() -> None:
    (q,) = find_quantities("Norvale said 8.5 million Zentrix devices were affected")
    assert (q.value, q.original_unit) == (8.5e6, "devices")
    (crew,) = find_quantities("The 21 crew members of the Dali, of which 20 are from Estmark")
    assert crew.value == 21
    assert [q.text for q in find_quantities("21 of the 22 crew members")] == ["22 crew"]
    assert find_quantities("On March 26 Estmark officials met") == []


def test_quantities_a_currency_written_once_after_a_range_is_both_ends() -> None:
    high, low = find_quantities("a bill anywhere from under half a million to above 1 billion dollars")
    assert (low.value, low.unit, high.value, high.unit) == (5e5, "USD", 1e9, "USD")


def test_quantities_a_capital_m_glued_to_a_figure_is_millions() -> None:
    (q,) = find_quantities("Norvale says 4.2M Zentrix laptops were hit")
    assert (q.value, q.kind) == (4.2e6, "count")
    (q,) = find_quantities("It has 2M users")
    assert (q.value, q.original_unit) == (2e6, "users")
    # a small m, or one apart from the figure, is still the metre
    assert [(q.value, q.kind) for q in find_quantities("a 300m ship")] == [(300.0, "distance")]
    assert [(q.value, q.kind) for q in find_quantities("a 5M-long wall")] == [(5.0, "distance")]
