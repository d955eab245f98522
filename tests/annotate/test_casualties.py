"""Counts of the dead, however a report words them, are one kind of figure."""

from __future__ import annotations

import pytest

from newsdesk.annotate.casualties import DEAD, INJURED, MISSING
from newsdesk.annotate.quantities import find_quantities


@pytest.mark.parametrize("text, value", [
    ("Ferry disaster in Norvale: 12 dead, several missing", 12),
    ("Kestrel Star ferry sinks, 12 killed", 12),
    ("Twelve died when the Kestrel Star went down.", 12),
    ("The ferry sank on Saturday, killing at least 12 people.", 12),
    ("Twelve people were killed when the ferry sank.", 12),
    ("Officials mourned the deaths of 12 people.", 12),
    ("The death toll from the sinking off Port Alder rose to 17 on Sunday.", 17),
    ("The toll now stands at 17, the coastguard said.", 17),
    ("The storm killed 17 as it crossed the coast.", 17),
    ("The number of dead rose to 17 overnight, officials said.", 17),
    ("Officials said 17 were killed when the ferry went down.", 17),
    ("Rescuers found 400 survivors, but at least 12 had died.", 12),
])
def test_casualties_every_wording_of_a_toll_counts_the_dead(text: str, value: float) -> None:
    dead = [q for q in find_quantities(text) if q.original_unit == DEAD]
    assert [q.value for q in dead] == [value]


@pytest.mark.parametrize("text", [
    "The ferry was carrying 500 people when it left Port Alder.",
    "More than 400 people were rescued by fishing boats.",
    "The storm killed 12 soldiers and left 40 people homeless.",
    "The sinking killed 12 people, including 3 children.",  # the children are a part
])
def test_casualties_other_counts_of_people_stay_what_they_count(text: str) -> None:
    found = find_quantities(text)
    dead = [q for q in found if q.original_unit == DEAD]
    assert len(dead) <= 1 and all(q.value == 12 for q in dead)
    assert any(q.original_unit != DEAD for q in found)


def test_casualties_a_toll_reported_higher_next_day_is_an_update() -> None:
    from newsdesk.crosscheck.quantity import quantity_conflict
    from newsdesk.crosscheck.statements import Statement

    def said(article: str, text: str, day: str) -> Statement:
        qs = [{"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind,
               "original_unit": q.original_unit} for q in find_quantities(text)]
        return Statement(article, article, 0, text, published=day, claims=[{"quantities": qs}])

    first = said("a", "The Kestrel Star sank off Port Alder, killing 12 people.", "2031-05-10")
    later = said("b", "The death toll from the Kestrel Star sinking off Port Alder rose to 17.", "2031-05-11")
    found = quantity_conflict(first, later, 0.75)
    assert found is not None and found.values == (12.0, 17.0)


def test_casualties_the_dead_the_injured_and_the_missing_are_three_counts() -> None:
    found = find_quantities("After the mudslide rescuers counted two people dead, while three others are "
                            "still missing.")
    assert [(q.value, q.original_unit) for q in found] == [(2, DEAD), (3, MISSING)]
    found = find_quantities("By nightfall 14 people had gone missing, 40 people were hurt and "
                            "12 people died.")
    assert [(q.value, q.original_unit) for q in found] == [(14, MISSING), (40, INJURED), (12, DEAD)]
