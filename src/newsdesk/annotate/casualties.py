"""Counts of the dead, however a report words them.

"12 dead", "killing 12 people", "12 people were killed", "the deaths of 12 people", "the
death toll rose to 17": one figure, the number of people killed, which reports give in
turn as a developing story's toll rises. The quantity reader names a count by the noun
after it ("dead", "people"), so these read as counts of different things and were never
set side by side; and a toll with no noun after it ("rose to 17") was no figure at all.
Here a count of people that the words around it say died is counted as ``dead``, and a
toll's or a killing's bare figure is read as one.
"""

from __future__ import annotations

import re

from newsdesk.records import Quantity

DEAD = "dead"
# nouns that name the dead themselves
_DEATH_NOUNS = frozenset(["dead", "died", "killed", "deaths", "fatalities"])
# nouns of people that the words around them may say died
_PEOPLE = frozenset(["people", "persons"])

_BOUND = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to)\s+)?"
# "killing 12 people", "killed at least 12 people", "the deaths of 12 people"
_DEATH_BEFORE = re.compile(rf"\b(?:killing|killed|kills|deaths\s+of|death\s+of)\s+{_BOUND}$", re.I)
# "12 people were killed", "12 people died", "12 people have now been confirmed dead"
_DEATH_AFTER = re.compile(r"^\s+(?:(?:were|was|are|have|has|had|been|now|confirmed|reported|all)\s+){0,4}"
                          r"(?:killed|dead|died)\b", re.I)
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)"
# "the death toll rose to 17", "a toll of 17", "the toll now stands at 17"; "killing at
# least 12" (a figure whose noun the sentence leaves out)
_BARE = re.compile(rf"\b(?:(?:death\s+)?toll\b[^.;:\d]{{0,80}}?\b(?:to|at|of|reached|hit|passed|topped)"
                   rf"|killing|killed)\s+{_BOUND}{_NUMBER}\b(?![.,]\d|\s*(?:%|per\s?cent))", re.I)


def death_counts(text: str, found: list[Quantity]) -> list[Quantity]:
    """``found`` with each count of people who died counted as ``dead``, and the bare
    figures of tolls and killings added."""
    out = []
    for q in found:
        at = text.find(q.text)
        noun = (q.original_unit or "").lower()
        died = noun in _DEATH_NOUNS or (noun in _PEOPLE and at >= 0 and (
            _DEATH_BEFORE.search(text[:at]) or _DEATH_AFTER.match(text[at + len(q.text):])))
        out.append(Quantity(q.text, q.value, q.unit, q.kind, DEAD) if q.kind == "count" and died else q)
    taken = [(text.find(q.text), text.find(q.text) + len(q.text)) for q in found]
    for m in _BARE.finditer(text):
        start = m.start("num")
        if any(a <= start < b for a, b in taken if a >= 0):
            continue  # "killing 12 people": read above, with its noun
        value = float(m.group("num").replace(",", ""))
        if re.fullmatch(r"\d{4}", m.group("num")) and 1800 <= value <= 2100:
            continue  # "the toll of 2024"
        out.append(Quantity(m.group("num"), value, "count", "count", DEAD))
    return out
