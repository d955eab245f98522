"""Counts of the dead, however a report words them (and of the injured and the missing).

"12 dead", "killing 12 people", "12 people were killed", "the deaths of 12 people", "the
death toll rose to 17": one figure, the number of people killed, which reports give in
turn as a developing story's toll rises. The quantity reader names a count by the noun
after it ("dead", "people"), so these read as counts of different things and were never
set side by side; and a toll with no noun after it ("rose to 17") was no figure at all.
Here a count of people that the words around it say died is counted as ``dead`` (were
hurt: ``injured``; are missing: ``missing``), and a toll's or a killing's bare figure is
read as a count of the dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.records import Quantity

DEAD, INJURED, MISSING = "dead", "injured", "missing"
CASUALTIES = frozenset([DEAD, INJURED, MISSING])


@dataclass(frozen=True, slots=True)
class _Toll:
    """How reports word one kind of casualty count."""
    nouns: frozenset[str]  # nouns that name the counted themselves ("12 dead")
    before: re.Pattern[str]  # words before a count of people ("killing 12 people")
    after: re.Pattern[str]  # words after it ("12 people were killed")


_BOUND = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to)\s+)?"
_BE = (r"^\s+(?:(?:were|was|are|is|have|has|had|been|being|now|confirmed|reported|all|still|went|gone|"
       r"remain|remains|remained)\s+){0,4}")
_TOLLS = {
    DEAD: _Toll(frozenset(["dead", "died", "killed", "deaths", "fatalities"]),
                re.compile(rf"\b(?:killing|killed|kills|deaths\s+of|death\s+of)\s+{_BOUND}$", re.I),
                re.compile(_BE + r"(?:killed|dead|died)\b", re.I)),
    INJURED: _Toll(frozenset(["injured", "wounded", "hurt", "injuries"]),
                   re.compile(rf"\b(?:injuring|injured|wounding|wounded|hurting)\s+{_BOUND}$", re.I),
                   re.compile(_BE + r"(?:injured|wounded|hurt)\b", re.I)),
    MISSING: _Toll(frozenset(["missing"]), re.compile(r"(?!)"),
                   re.compile(_BE + r"(?:missing|unaccounted)\b", re.I)),
}
# nouns of people that the words around them may say died, were hurt or are missing
_PEOPLE = frozenset(["people", "persons", "others"])
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)"
# "the death toll rose to 17", "a toll of 17", "the toll now stands at 17"; "killing at
# least 12" (a figure whose noun the sentence leaves out): the dead
_BARE = re.compile(rf"\b(?:(?:(?:death\s+)?toll|number\s+of\s+(?:dead|deaths|fatalities))\b[^.;:\d]{{0,80}}?"
                   rf"\b(?:to|at|of|reached|hit|passed|topped)|killing|killed)\s+{_BOUND}{_NUMBER}\b"
                   r"(?![.,]\d|\s*(?:%|per\s?cent))", re.I)
# "17 were killed", "at least 12 had died", "40 were injured": a bare figure the verb after
# it says what it counts
_BARE_SAID = re.compile(rf"(?<![\w.,$€£¥-]){_NUMBER}(?=\s+(?:were|was|have|had|are)\s)", re.I)


def _year(num: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", num)) and 1800 <= int(num) <= 2100


def _bare(num: str, kind: str) -> Quantity:
    """A figure with no noun of its own, counting ``kind``."""
    return Quantity(num, float(num.replace(",", "")), "count", "count", kind)


def _casualty(text: str, q: Quantity) -> str | None:
    """Which casualty a count counts, if any."""
    noun = (q.original_unit or "").lower()
    at = text.find(q.text)
    # a bare figure that takes its noun from an earlier count ("400 survivors, but at
    # least 12 had died") counts what the words around it say
    bare = q.text.replace(",", "").isdigit()
    for kind, toll in _TOLLS.items():
        if noun in toll.nouns or ((noun in _PEOPLE or bare) and at >= 0 and (
                toll.before.search(text[:at]) or toll.after.match(text[at + len(q.text):]))):
            return kind
    return None


def death_counts(text: str, found: list[Quantity]) -> list[Quantity]:
    """``found`` with each count of people who died, were hurt or are missing counted as
    ``dead``, ``injured`` or ``missing``, and the bare figures of tolls and killings added."""
    out = []
    for q in found:
        kind = _casualty(text, q) if q.kind == "count" else None
        out.append(Quantity(q.text, q.value, q.unit, q.kind, kind) if kind else q)
    starts = [text.find(q.text) for q in found]  # -1: not found, and so no span
    taken = [(at, at + len(q.text)) for at, q in zip(starts, found, strict=True)]
    for m in _BARE.finditer(text):
        start = m.start("num")
        over = [n for n, (a, b) in enumerate(taken) if a >= 0 and a <= start < b]
        if over:
            # "killing 12 people": read above, with its noun; but "rose to 17 overnight"
            # was read as 17 of "overnight", a word no count counts: the toll it is
            q = out[over[0]]
            noun = (q.original_unit or "").lower()
            if q.kind == "count" and not noun.endswith("s") and noun not in CASUALTIES:
                out[over[0]] = Quantity(q.text, q.value, q.unit, q.kind, DEAD)
            continue
        if _year(m.group("num")):
            continue  # "the toll of 2024"
        out.append(_bare(m.group("num"), DEAD))
        taken.append((start, m.end("num")))
    for m in _BARE_SAID.finditer(text):
        start = m.start("num")
        if any(a <= start < b for a, b in taken if a >= 0):
            continue
        kind = next((k for k, toll in _TOLLS.items() if toll.after.match(text[m.end("num"):])), None)
        if kind and not _year(m.group("num")):
            out.append(_bare(m.group("num"), kind))
    return out
