"""A person's age given differently by two reports ("Jane Doe, 35," / "38-year-old Jane Doe").

An age is stated next to a name: right after it between commas ("Tomas Ekberg, 41,")
or right before it ("the 41-year-old Tomas Ekberg"). Two reports that give one
person two ages within a few months of each other disagree: nobody ages three years
between two reports of one story. Reports a year or more apart may both be right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsdesk.crosscheck.statements import Statement

# Reports this many days apart may give a birthday's difference, no more.
MAX_DAYS_APART = 120
_MAX_AGE = 110


@dataclass(frozen=True, slots=True)
class Age:
    statement: Statement
    person: str  # the name as written
    entity_id: str | None
    age: int
    text: str  # "Tomas Ekberg, 41" / "41-year-old Tomas Ekberg"


def _key(name: str) -> tuple[str, str]:
    """First and last name word, folded: "Maynor Yasir Suazo-Sandoval" → (maynor, sandoval)."""
    words = [w for w in re.split(r"[\s\-]+", name.lower()) if w.strip(".")]
    return (words[0], words[-1]) if words else ("", "")


def ages_of(statement: Statement) -> list[Age]:
    """The ages a sentence gives the people it names."""
    out: list[Age] = []
    text = statement.text
    for m in statement.mentions:
        if m.get("label") != "PERSON" or len(str(m.get("text", "")).split()) < 2:
            continue  # a full name: a surname alone may be another family member
        name = str(m["text"])
        after = re.search(rf"{re.escape(name)},\s+(\d{{1,3}})\s*(?:[,.;)]|$)", text)
        before = re.search(rf"\b(\d{{1,3}})-year-old\s+{re.escape(name)}\b", text)
        for found in (after, before):
            if found and 0 < int(found.group(1)) <= _MAX_AGE:
                out.append(Age(statement, name, m.get("entity_id"), int(found.group(1)), found.group()))
    return out


def _days_apart(a: str | None, b: str | None) -> int:
    if not (a and b):
        return 0  # undated: nothing says the reports are far apart
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0


def _same_person(x: Age, y: Age) -> bool:
    return bool(x.entity_id and x.entity_id == y.entity_id) or _key(x.person) == _key(y.person)


def age_conflicts(statements: list[Statement]) -> list[tuple[Statement, Statement, str]]:
    """(statement, other statement, summary) for each pair of reports that give one
    person two ages."""
    ages = [a for s in statements for a in ages_of(s)]
    out = []
    for i, x in enumerate(ages):
        for y in ages[i + 1:]:
            if (x.statement.article_id == y.statement.article_id or x.age == y.age
                    or not _same_person(x, y)
                    or _days_apart(x.statement.published, y.statement.published) > MAX_DAYS_APART):
                continue
            out.append((x.statement, y.statement,
                        f"age of {x.person}: {x.age} vs {y.age}"))
    return out
