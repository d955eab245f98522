from __future__ import annotations

import pytest

from newsdesk.annotate.quantities_intl import find_quantities_intl, parse_number


@pytest.mark.parametrize(("text", "value"), [("2,6", 2.6), ("1.200", 1200.0), ("1 200", 1200.0), ("8,5", 8.5),
                                             ("12.500,75", 12500.75)])
def test_quantities_intl_numbers_by_the_language_conventions(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_quantities_intl_measures_in_each_language() -> None:
    cases = [
        ("Die Fähre Nordlicht ist 120 Meter lang.", "de", 120.0, "m"),
        ("Le pont de 2,6 km s'est effondré.", "fr", 2600.0, "m"),
        ("Il traghetto di 289 metri Nordlicht.", "it", 289.0, "m"),
        ("un buque de 300 metros de eslora", "es", 300.0, "m"),
        ("um navio de 150 pés", "pt", 150 * 0.3048, "m"),
        ("Die Brücke trägt 4.000 Tonnen Stahl.", "de", 4_000_000.0, "kg"),
    ]
    for text, lang, value, unit in cases:
        (q,) = find_quantities_intl(text, lang)
        assert q.unit == unit and q.value == pytest.approx(value), text


def test_quantities_intl_scales_and_money() -> None:
    (q,) = find_quantities_intl("Die Stadt zahlt 400 Millionen Dollar.", "de")
    assert (q.value, q.unit, q.kind) == (400e6, "USD", "money")
    (q,) = find_quantities_intl("un coût de 1,5 milliard de dollars", "fr")
    assert (q.value, q.unit) == (1.5e9, "USD")
    (q,) = find_quantities_intl("una perdita di 540 milioni €", "it")
    assert (q.value, q.unit) == (540e6, "EUR")


def test_quantities_intl_not_a_measure() -> None:
    # bare counts (their noun is the language's), years, English text, other languages
    assert find_quantities_intl("Sechs Männer wurden 2024 vermisst.", "de") == []
    assert find_quantities_intl("a 300 m ship", "en") == []
    assert find_quantities_intl("300 метров", "ru") == []
