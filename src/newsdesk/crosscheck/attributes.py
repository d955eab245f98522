"""Facts that do not change while a story develops, compared across the stories of one
storyline and across languages: a person's age and number of children, a named ship's
or building's length, a crew's size.

A storyline's stories are different events (the collapse, the recovery of a body, the
investigation): their figures differ for good reasons (a toll rises, a count is read
at another time), so the story-level detectors compare figures only inside one story.
A few facts, though, hold for weeks: the 41-year-old is 41 in every report of the month,
the ship is as long in the investigation's reports as in the collapse's, and a crew does
not grow by one. Reports in other languages state them too ("la nave di 186 metri",
"Das Schiff misst 190 Meter"): their figures are read by their own conventions
(annotate.quantities_intl) and compared in normalised units.

Only near misses are disputes: two values of one fact a few per cent apart (948 / 984
feet, 21 / 22 crew) are one figure misreported; values far apart are more likely two
different things that share a name nearby. Of the reports that disagree, the side
fewer independent sources give is the odd one; each of its reports is one finding,
set against a report of the other side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher

from newsdesk.annotate.quantities import sentence_quantities
from newsdesk.annotate.quantities_intl import LANGUAGES, find_quantities_intl
from newsdesk.crosscheck.ages import ages_of
from newsdesk.crosscheck.per_line import PerLine
from newsdesk.crosscheck.statements import Statement
from newsdesk.records import Quantity

# Two values of one measure or group size this far apart, or closer, are one figure
# misreported (digits transposed, a typo); further apart, two different things.
NEAR_MISS = 1.1
# ... and more than this apart (rounding and unit conversions agree).
TOLERANCE = 0.02
# Reports of one person's age, children or group more than this many days apart may
# both be right (a birthday, a birth, a crew change); a ship's length never changes.
MAX_DAYS = 120
# How far from a figure (characters) a name may stand and still be what it measures.
NAME_WINDOW = 80

# Words that say which dimension a measure is, in the supported languages.
_DIMENSIONS = {
    "long": "length", "length": "length", "lang": "length", "lange": "length", "langen": "length",
    "länge": "length", "longueur": "length", "lungo": "length", "lunga": "length", "lunghezza": "length",
    "largo": "length", "longitud": "length", "comprimento": "length",
    "wide": "width", "width": "width", "breit": "width", "breite": "width", "large": "width",
    "largeur": "width", "larghezza": "width", "ancho": "width", "anchura": "width", "largura": "width",
    "deep": "depth", "depth": "depth", "tief": "depth", "tiefe": "depth", "profond": "depth",
    "profondeur": "depth", "profondo": "depth", "profundo": "depth", "profundidad": "depth",
    "profundidade": "depth", "water": "depth", "draft": "depth", "tiefgang": "depth",
    "high": "height", "height": "height", "tall": "height", "hoch": "height", "höhe": "height",
    "haut": "height", "hauteur": "height", "alto": "height", "altezza": "height", "altura": "height",
}
# "60 km south-west of Arequipa", "a 60 kilómetros al suroeste de": how far from the place,
# not a size of it, when a compass point follows the figure (compass points only: "from",
# "sur", "est", "este" mean other things too).
_COMPASS = frozenset((
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "away",
        "nord", "sud", "ouest", "nordest", "sudest", "nordouest", "sudouest",
        "norte", "oeste", "noreste", "noroeste", "sureste", "suroeste", "sul",
        "leste", "nordeste", "sudeste", "sudoeste", "ovest", "nordovest", "sudovest",
        "nördlich", "südlich", "östlich", "westlich", "nordöstlich", "nordwestlich",
        "südöstlich", "südwestlich", "entfernt"))
# Words after a figure (before any comma) in which a compass point makes it a distance
# from a place.
COMPASS_WORDS = 3
# Nouns of a group whose size is a standing fact ("a 21-member crew", "21 crew members").
_GROUPS = frozenset(["crew", "team", "delegation", "jury", "panel", "squad", "board"])
_CALENDAR = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december"])
_PARENT_OF = re.compile(r"\b(?:father|mother|dad|mom|mum|parent)\s+(?:to|of)\s+(\w+)\b(?!\s+(?:\w+\s+)?"
                        r"(?:boys|girls|sons|daughters|grandchildren))", re.I)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}
# A sentence about someone named before: "He was a father of two", "The 38-year-old ..."
_THE_AGED = re.compile(r"^The\s+(\d{1,3})-year-old\b")
_REFERS_BACK = re.compile(r"^(?:He|She|His|Her|The\s+\d{1,3}-year-old|The\s+(?:man|woman|father|mother))\b")


@dataclass(frozen=True, slots=True)
class Attribute:
    statement: Statement
    kind: str  # "age" | "children" | "measure:<dimension>" | "group:<noun>"
    subject: frozenset[str]  # keys of what it is about (a person's name, nearby names)
    label: str  # what it is about, as shown
    value: float
    text: str  # the wording that gives it


def _person_key(name: str) -> str:
    """First and last name word: "Maynor Yasir Suazo-Sandoval" and "Maynor Yassir Suazo
    Sandoval" are one person; "Mark Smith" and his father "John Smith" are two."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    words = [w for w in re.split(r"[\s\-]+", folded) if w.strip(".")]
    return f"person:{words[0]} {words[-1]}" if words else ""


# A full name (two to five capitalised words) given an age, which the entity tagger
# does not always read as a person: "Tomas Ekberg Lund, 39," / "41-year-old Tomas Ekberg".
_NAME = r"[A-ZÀ-Ý][\w\u00c0-\u017f'’]+(?:[\s-][A-ZÀ-Ý][\w\u00c0-\u017f'’]+){1,4}"
_AGE_AFTER = re.compile(rf"(?P<name>{_NAME}),\s+(?P<age>\d{{1,3}})\s*(?=[,.;)]|$)")
_AGE_BEFORE = re.compile(rf"\b(?P<age>\d{{1,3}})-year-old\s+(?P<name>{_NAME})")


def _ages(s: Statement) -> list[tuple[str, int, str]]:
    """(name, age, wording) of the people a sentence gives an age: the tagger's people
    (crosscheck.ages) and full names the tagger missed."""
    found = {(a.person, a.age, a.text) for a in ages_of(s)}
    for pattern in (_AGE_AFTER, _AGE_BEFORE):
        for m in pattern.finditer(s.text):
            name = m.group("name")
            if not any(w.lower() in _CALENDAR for w in name.split()) and 0 < int(m.group("age")) <= 110:
                found.add((name, int(m.group("age")), m.group()))
    by_key: dict[tuple[str, int], tuple[str, int, str]] = {}
    for name, age, text in sorted(found, key=lambda x: -len(x[0])):
        by_key.setdefault((_person_key(name), age), (name, age, text))
    return sorted(by_key.values())


def _names_near(text: str, start: int, end: int, lang: str) -> set[str]:
    """Capitalised names within NAME_WINDOW characters of a figure, past the sentence's
    first word (German capitalises every noun: only names that recur across languages
    can match there, which is what is wanted)."""
    lo, hi = max(0, start - NAME_WINDOW), min(len(text), end + NAME_WINDOW)
    found = set()
    for m in re.finditer(r"[A-Z][\w’'-]*[a-z][\w’'-]*", text[lo:hi]):
        word = re.sub(r"(?:'s|’s)$", "", m.group()).lower()
        if lo + m.start() == 0 or word in _CALENDAR or len(word) < 3:
            continue
        found.add(f"name:{word}")
    return found


def _dimension(text: str, start: int, end: int) -> str:
    # in the figure's own phrase: in "un viaduc de 1,4 km, au nord d'Orvik" the compass
    # point places the viaduct, whose length the figure is
    after = re.findall(r"[\wäöüéèà-]+", re.split(r"[,;.:()]", text[end:end + 40])[0].lower())[:COMPASS_WORDS]
    if any(w in _COMPASS for part in after for w in part.split("-")):
        return "distance"
    words = re.findall(r"[\wäöüéèà-]+", text[max(0, start - 25):end + 30].lower())
    dims = {_DIMENSIONS[w] for part in words for w in part.split("-") if w in _DIMENSIONS}
    return dims.pop() if len(dims) == 1 else "size" if not dims else "mixed"


def _quantities(s: Statement) -> Sequence[Quantity]:
    if s.lang in LANGUAGES:
        return find_quantities_intl(s.text, s.lang)
    return sentence_quantities(s.text) if s.lang == "en" else ()


_BOUND = re.compile(r"\b(?:more than|over|at least|up to|less than|nearly|almost|about|around|some|"
                    r"plus de|moins de|environ|près de|mehr als|rund|etwa|knapp|fast|più di|circa|quasi|"
                    r"oltre|más de|unos|cerca de|casi|mais de|cerca de|quase)\s*$", re.I)


def _measures(s: Statement) -> list[Attribute]:
    out: list[Attribute] = []
    if re.search(r"\b(?:respectively|respectivement|beziehungsweise|rispettivamente|respectivamente)\b",
                 s.text, re.I):
        return out
    for q in _quantities(s):
        at = s.text.find(q.text)
        if at < 0 or _BOUND.search(s.text[max(0, at - 20):at]):
            continue  # a bound or an approximation is no figure to hold a report to
        end = at + len(q.text)
        if q.kind in ("distance", "mass"):
            dim = _dimension(s.text, at, end)
            names = _names_near(s.text, at, end, s.lang)
            if dim != "mixed" and names:
                out.append(Attribute(s, f"measure:{q.kind}:{dim}", frozenset(names), "", q.value, q.text))
        elif q.kind == "count" and str(q.original_unit or "").lower() in _GROUPS and s.lang == "en" \
                and str(q.original_unit) in q.text:  # "21 crew", not a bare "20" that counts them
            names = _names_near(s.text, at, end, s.lang)
            if names:
                out.append(Attribute(s, f"group:{str(q.original_unit).lower()}", frozenset(names), "",
                                     q.value, q.text))
    return out


def _people(s: Statement) -> list[tuple[int, str]]:
    return [(s.text.find(str(m["text"])), str(m["text"])) for m in s.mentions
            if m.get("label") == "PERSON" and str(m.get("text", "")) in s.text]


def article_attributes(statements: list[Statement]) -> list[Attribute]:
    """The standing facts one article's statements (in sentence order) give."""
    out: list[Attribute] = []
    last_person: str | None = None
    for s in sorted(statements, key=lambda x: x.index):
        for name, age, text in _ages(s):
            out.append(Attribute(s, "age", frozenset([_person_key(name)]), name, age, text))
        for m in _PARENT_OF.finditer(s.text):
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _SMALL.get(word)
            named = sorted([*_people(s), *((s.text.find(name), name) for name, _, _ in _ages(s))])
            before = [name for at, name in named if 0 <= at < m.start()]
            aged = _THE_AGED.match(s.text)
            if before:
                subject, person = frozenset([_person_key(before[-1])]), before[-1]
            elif aged:  # "The 38-year-old ...": whoever the storyline gives that age (resolved later)
                subject, person = frozenset([f"aged:{aged.group(1)}"]), aged.group()
            elif last_person and _REFERS_BACK.match(s.text):
                subject, person = frozenset([_person_key(last_person)]), last_person
            else:
                continue
            if n:
                out.append(Attribute(s, "children", subject, person, n, m.group()))
        out.extend(_measures(s))
        people = [name for _, name in sorted(_people(s))]
        if people:
            last_person = people[-1]
    return _one_group_per_noun(out)


def _one_group_per_noun(attrs: list[Attribute]) -> list[Attribute]:
    """One report's crew is one crew: "the ferry's 30 crew" early on and a
    quoted "28 of the 31 sailors" further down (which names only the person
    quoted) are about the same group, so each sizes what the report's others name."""
    names: dict[str, frozenset[str]] = {}
    for a in attrs:
        if a.kind.startswith("group:"):
            names[a.kind] = names.get(a.kind, frozenset()) | a.subject
    return [replace(a, subject=names[a.kind]) if a.kind in names else a for a in attrs]


def _days_apart(a: str | None, b: str | None) -> int:
    try:
        return abs((date.fromisoformat(str(a)[:10]) - date.fromisoformat(str(b)[:10])).days) if a and b else 0
    except ValueError:
        return 0


def _same_kind(x: Attribute, y: Attribute) -> bool:
    """One kind of fact; a measure with no dimension word ("the 984-foot ship") is the
    thing's size, which for a ship or a bridge is its length."""
    if x.kind == y.kind:
        return True
    kx, ky = x.kind.split(":"), y.kind.split(":")
    return kx[0] == ky[0] == "measure" and kx[1] == ky[1] and "size" in (kx[2], ky[2])


def _comparable(x: Attribute, y: Attribute) -> bool:
    if not _same_kind(x, y) or not x.subject & y.subject or x.statement.article_id == y.statement.article_id:
        return False
    days = _days_apart(x.statement.published, y.statement.published)
    return x.kind.startswith("measure") or days <= MAX_DAYS


def _agree(x: Attribute, y: Attribute) -> bool:
    if x.kind in ("age", "children") or x.kind.startswith("group"):
        return x.value == y.value
    return abs(x.value - y.value) <= TOLERANCE * max(abs(x.value), abs(y.value))


def _conflict(x: Attribute, y: Attribute) -> bool:
    if _agree(x, y):
        return False
    if x.kind in ("age", "children"):
        return True
    low, high = sorted((abs(x.value), abs(y.value)))
    return low > 0 and high / low <= NEAR_MISS


def _what(x: Attribute, y: Attribute) -> str:
    if x.kind in ("age", "children"):
        name = max((x.label, y.label), key=len)
        return f"{'age' if x.kind == 'age' else 'children'} of {name}"
    thing = _names_as_written(x.statement.text, [n.split(":", 1)[1] for n in x.subject & y.subject])
    if x.kind.startswith("group"):
        return f"{x.kind.split(':')[1]} size ({thing})"
    dim = x.kind.split(":")[2]
    return f"{'size' if dim == 'size' else dim} ({thing})"


def _names_as_written(text: str, words: list[str], most: int = 2) -> str:
    """The shared name words as the sentence writes them, in its order, words that stand
    side by side kept together: "Sri Lanka", "Key Bridge, Dali" (not "Lanka, Sri")."""
    low = text.lower()
    found = sorted((at, w) for w in set(words) if (at := low.find(w)) >= 0)
    runs: list[tuple[int, int]] = []  # (start, end) in the text
    for at, w in found:
        if runs and not text[runs[-1][1]:at].strip():
            runs[-1] = (runs[-1][0], at + len(w))
        else:
            runs.append((at, at + len(w)))
    names = [text[a:b] for a, b in runs] or sorted(w.title() for w in words)
    return ", ".join(names[:most])


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _resolve_aged(attrs: list[Attribute], by_article: dict[str, list[Statement]]) -> list[Attribute]:
    """"The 38-year-old" of an article is the one person the storyline's reports give
    that age whose surname the article names; with none or several, nobody."""
    out = []
    for a in attrs:
        aged = [k for k in a.subject if k.startswith("aged:")]
        if not aged:
            out.append(a)
            continue
        age = int(aged[0].split(":")[1])
        text = _fold(" ".join(s.text for s in by_article.get(a.statement.article_id, [])))
        keys = {k for x in attrs if x.kind == "age" and x.value == age for k in x.subject
                if re.search(rf"\b{re.escape(k.rsplit(' ', 1)[-1])}\b", text)}
        if len(keys) == 1:
            out.append(replace(a, subject=frozenset(keys), label=next(
                x.label for x in attrs if x.kind == "age" and x.subject == frozenset(keys))))
    return out


def line_attributes(statements: list[Statement]) -> list[Attribute]:
    """The standing facts of a storyline's statements (every language), "the 38-year-old"
    resolved; whose story they belong to does not enter."""
    by_article: dict[str, list[Statement]] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s)
    return _resolve_aged([a for group in by_article.values() for a in article_attributes(group)], by_article)


# the same for each story of the storyline checked in one run (crosscheck.per_line)
_line_attributes = PerLine(line_attributes)


# A copy's sentence whose words match a sentence of its origin this closely (difflib's
# ratio over the words in order) is that sentence edited; below it, the copy added the
# sentence (a paragraph of its own, another source's interview). Content words alone
# cannot tell: the two sentences share the very thing they count ("crew members").
COUNTERPART_RATIO = 0.5


def _has_counterpart(s: Statement, origin_id: str, statements: list[Statement]) -> bool:
    """Does the origin hold the sentence ``s`` edits?"""
    own = re.findall(r"\w+", s.text.lower())
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(own)
    for o in statements:
        if o.article_id == origin_id:
            matcher.set_seq1(re.findall(r"\w+", o.text.lower()))
            if matcher.ratio() >= COUNTERPART_RATIO:
                return True
    return False


def _first(y: Attribute) -> tuple[int, str]:
    """The earliest dated report of a value (usually the one nearest its source)."""
    return (0, str(y.statement.published)[:10]) if y.statement.published else (1, "")


def _nearest_key(x: Attribute, y: Attribute, story_of: dict[str, str]) -> tuple[object, ...]:
    """``_nearest``'s order: in ``x``'s story first, as first reported, in its language."""
    return (story_of.get(y.statement.article_id) != story_of.get(x.statement.article_id), _first(y),
            y.statement.lang != x.statement.lang, y.statement.article_id, y.statement.index)


def _nearest(x: Attribute, ys: list[Attribute], story_of: dict[str, str]) -> Attribute:
    """The report to set against ``x`` of several giving one value: in ``x``'s story if
    one is, as first reported, in its language."""
    return min(ys, key=lambda y: _nearest_key(x, y, story_of))


def _where(x: Attribute, y: Attribute, story_of: dict[str, str]) -> str:
    return "" if story_of.get(y.statement.article_id) == story_of.get(x.statement.article_id) \
        else " (a report of another event of this storyline)"


def attribute_conflicts(own: set[str], statements: list[Statement],
                        story_of: dict[str, str]) -> list[tuple[Statement, Statement, str]]:
    """(odd statement, a statement of the other side, summary) for each report of the
    story ``own`` (article ids) whose standing fact fewer independent sources give
    than the value it contradicts. ``statements``: the whole storyline's (every
    language); ``story_of``: article id -> story id."""
    attrs = _line_attributes(statements)
    out = []
    said: set[tuple[str, int, str]] = set()
    for x in attrs:
        key = (x.statement.article_id, x.statement.index, x.kind)
        if x.statement.article_id not in own or key in said:
            continue
        agree = {x.statement.group} | {y.statement.group for y in attrs if _comparable(x, y) and _agree(x, y)}
        against = [y for y in attrs if _comparable(x, y) and _conflict(x, y)]
        # A copy that gives another value than the report it copies brought it in (a
        # garbled figure, or a paragraph of its own): the change is the copy's, whatever
        # others say, and the summary says which of the two it was.
        origin = [y for y in against if y.statement.group == x.statement.group
                  and y.statement.article_id == y.statement.group != x.statement.article_id]
        if origin:
            said.add(key)
            source = min(origin, key=lambda y: y.statement.index)
            edited = _has_counterpart(x.statement, source.statement.article_id, statements)
            how = "changed" if edited else "added"
            # A copy and its origin are one source, so the other side is an independent
            # report of the origin's value where the storyline has one; the origin is
            # named in the summary. Without one the copy stands against its origin.
            witnesses = [y for y in against if y.statement.group != x.statement.group and _agree(y, source)]
            if witnesses:
                partner = _nearest(x, witnesses, story_of)
                summary = (f"{_what(x, partner)}: {partner.text} vs {x.text} ({how} by a copy of a report "
                           f"that gives {source.text}){_where(x, partner, story_of)}")
            else:
                partner = source
                summary = f"{_what(x, partner)}: {partner.text} vs {x.text} ({how} by a copy of that report)"
            out.append((x.statement, partner.statement, summary))
            continue
        groups = {y.statement.group for y in against}
        if not groups or len(groups - agree) < len(agree):
            continue
        if len(groups - agree) == len(agree) and not any(
                (story_of.get(x.statement.article_id, ""), x.statement.article_id)
                < (story_of.get(y.statement.article_id, ""), y.statement.article_id) for y in against):
            continue  # as many reports on each side: the first one (by story, article) speaks

        def support(y: Attribute) -> int:  # how many sources give its value, whenever
            return len({z.statement.group for z in attrs if _same_kind(y, z) and z.subject & y.subject
                        and _agree(y, z)})

        # the other side's best-supported value, in this story if it has it, as first reported
        best = max(support(y) for y in against)
        partner = _nearest(x, [y for y in against if support(y) == best], story_of)
        said.add(key)
        summary = f"{_what(x, partner)}: {partner.text} vs {x.text}{_where(x, partner, story_of)}"
        out.append((x.statement, partner.statement, summary))
    return out


# Marks a standing triple that is an agreement, not a conflict (run._check makes it a
# corroboration): the words between the figure and how many other sources give it.
AGREES = "also given by"
# Other independent sources shown beside the story's own report of a standing fact.
MAX_AGREEING = 3


def attribute_agreements(own: set[str], statements: list[Statement],
                         story_of: dict[str, str]) -> list[tuple[Statement, Statement, str]]:
    """(statement of the story ``own``, statement of another independent source, summary)
    for each standing fact a report of the story gives that other sources of the
    storyline give with the same value, in any language and any of its stories, and that
    no report contradicts (a disputed fact is not corroborated; the dispute says so).

    A standing fact is stated again in the reports of every event of a developing story
    (the bridge's length, the crew's size, a victim's age), and reports in other
    languages state it in words the story-level alignment does not read. Without this,
    such a sentence was "single-source" in every story but one, however many outlets gave
    the same figure (realnews baltimore: the bridge's length in two English and five
    French and German reports across its events). One triple per other source, all with
    one summary: at most MAX_AGREEING, the nearest first (in the story, then the earliest
    reported), and the summary does not count them: a later report that gives the fact
    again changes what the story's check is given only when it is among the nearest, so
    a storyline that grows does not send every story that recaps the fact to a full check
    again (crosscheck.schedule compares what each check is given)."""
    attrs = _line_attributes(statements)
    out: list[tuple[Statement, Statement, str]] = []
    said: set[tuple[str, int, str]] = set()
    given: list[tuple[Attribute, str]] = []  # the story's facts so far, with their summary
    for x in attrs:
        key = (x.statement.article_id, x.statement.index, x.kind)
        if x.statement.article_id not in own or key in said:
            continue
        comparable = [y for y in attrs if _comparable(x, y)]
        if any(_conflict(x, y) for y in comparable):
            continue
        # one finding per fact in a story: another of its reports giving it joins the first
        same = next(((x0, s0) for x0, s0 in given
                     if _same_kind(x0, x) and x0.subject & x.subject and _agree(x0, x)), None)
        if same is not None:
            said.add(key)
            if same[0].statement.article_id != x.statement.article_id:
                out.append((same[0].statement, x.statement, same[1]))
            continue
        by_group: dict[str, list[Attribute]] = {}
        for y in comparable:
            if y.statement.group != x.statement.group and _agree(x, y):
                by_group.setdefault(y.statement.group, []).append(y)
        if not by_group:
            continue
        said.add(key)
        nearest = sorted((_nearest(x, ys, story_of) for ys in by_group.values()),
                         key=lambda y: _nearest_key(x, y, story_of))
        summary = f"{_what(x, nearest[0])}: {x.text.rstrip(',;: ')}, {AGREES} other sources"
        given.append((x, summary))
        out.extend((x.statement, y.statement, summary) for y in nearest[:MAX_AGREEING])
    return out

