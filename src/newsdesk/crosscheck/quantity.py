"""The quantity detector: two figures of two statements conflict when they fill one role
(the same kind, unit and counted noun, scope, time, actor and source) and cannot both
be true (crosscheck.figures). Pairing unrelated figures is the main source of false
alarms, so most of this module says when two figures are not about one thing.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.annotate.aliases import name_key
from newsdesk.annotate.casualties import CASUALTIES
from newsdesk.crosscheck.detectors import SIM_COUNT, SIM_QUANTITY, Conflict, _words
from newsdesk.crosscheck.figures import (
    _SCOPE,
    _anchors,
    _context,
    _interval,
    _lower_bounded,
    _part_of_whole,
    _same_day,
    _scope,
    bounded_text,
    figures_agree,
)
from newsdesk.crosscheck.periods import periodic_figure
from newsdesk.crosscheck.statements import Statement

# Two amounts that differ by more than this factor are different things (a share
# price and a deal value, a released tranche and the whole request), not one figure
# misreported: a slip is a digit, a decimal point (tenfold) or a rounding.
MAX_ERROR_RATIO = 20.0


_SCOPE_STEMS = frozenset(w[:5] for w in _SCOPE)


def role_words(text: str, q: dict[str, Any]) -> set[str]:
    """Content words around a figure other than what it counts (the noun after it and
    the next, "construction workers") and other figures: "workers killed" and
    "workers on a break" share "workers" but not their role."""
    qt = str(q.get("text", ""))
    at = text.find(qt)
    noun = {w[:5] for w in _words(text[at + len(qt):])[:1]} if at >= 0 else set()
    unit = {str(q.get("original_unit", ""))[:5].lower()}
    # a count of the dead (the injured, the missing) is its role, however worded
    # ("killing 12 people", "the death toll rose to 17"; annotate.casualties)
    role = {f"({q['original_unit']})"} if q.get("original_unit") in CASUALTIES else set()
    words = {w for w in _context(text, q) - unit - noun if not w[:1].isdigit() and w not in _SCOPE_STEMS}
    return role | words


def _same_role(a: Statement, b: Statement, x: dict[str, Any], y: dict[str, Any], sim: float) -> bool:
    """Two figures are compared only when they say the same thing about the same thing
    at the same time: same kind and unit, the same counted noun, the same scope words,
    the same days and times named by them, and shared words around them."""
    if x["kind"] == "percent":
        return False  # percentages are relative to different bases: too easy to mismatch
    if (a.periodic or b.periodic) and (periodic_figure(a.text) or periodic_figure(b.text)) \
            and not (a.period and a.period == b.period):
        return False  # a quarter's revenue and another quarter's (or one of unknown period)
    if _scope(a.text, x) != _scope(b.text, y):
        return False
    anchors = _anchors(a.text, x), _anchors(b.text, y)
    starts = [{t for t in times if t.startswith("since:")} for times in anchors]
    if starts[0] != starts[1]:
        return False  # totals since Friday and since Saturday, or one a day's figure
    read = [times - start for times, start in zip(anchors, starts, strict=True)]
    if all(read) and read[0] != read[1] and _same_day(a.published, b.published):
        return False  # "as of 8 a.m." / "as of 3 p.m.": one count read at two times of a day
    if _part_of_whole(a.text, x) != _part_of_whole(b.text, y):
        return False  # "three of four airports" / "three airports"
    if _in_range(a.text, x) != _in_range(b.text, y):
        return False  # one end of "between $540m and $1.08bn" is no single figure
    if _in_range(a.text, x) and _other_ends_agree(a, b, x, y):
        return True  # two ranges of one estimate: one end agrees, the other is to be checked
    if sim >= 0.88:
        return True  # one sentence, reworded: "3,200 people" / "2,300 residents"
    if _contrasting_acts(a.text, x, b.text, y):
        return False  # "destroyed 300 homes" / "damaged 500 homes": two counts
    shared = bool(role_words(a.text, x) & role_words(b.text, y))
    if x["kind"] == "count":  # the counted noun says what is counted
        return _same_thing(x, y) and shared
    # a measure or an amount: the sentences alike, or two words about what it measures
    # in common ("the Arva, a 610ft bulk carrier" / "Arva, a 601-foot freighter")
    return (sim >= SIM_COUNT and shared) or len(role_words(a.text, x) & role_words(b.text, y)) >= 2


_RANGE_AFTER = re.compile(r"^\s*(?:and|to|-|–|—)\s*(?:(?:over|more than|less than|under|about|around|nearly|"
                          r"almost|up to)\s+)?(?:US)?[$€£]?\s?\d", re.I)
_RANGE_BEFORE = re.compile(r"(?:\d[\w.,]*|half\s+a)(?:\s+(?:million|billion|thousand|trillion))?\s*"
                           r"(?:and|to|-|–|—)\s*(?:(?:over|more than|less than|under|about|around|nearly|"
                           r"almost|up to)\s+)?(?:US)?[$€£]?\s*$", re.I)


def _in_range(text: str, q: dict[str, Any]) -> str | None:
    """"low" or "high" for an end of a range ("between $350m and $500m", "$400mn -
    $1.5bn", "10 to 20 per cent"), None for a figure on its own."""
    qt = str(q.get("text", ""))
    at = text.find(qt)
    if at < 0:
        return None
    if _RANGE_AFTER.match(text[at + len(qt):]):
        return "low"
    if _RANGE_BEFORE.search(text[max(0, at - 30):at]):
        return "high"
    return None


def _other_end(s: Statement, q: dict[str, Any]) -> dict[str, Any] | None:
    """The figure at the other end of the range ``q`` is an end of."""
    end = _in_range(s.text, q)
    at = s.text.find(str(q.get("text", "")))
    others = [o for o in s.quantities() if o is not q and o.get("unit") == q.get("unit")
              and _in_range(s.text, o) not in (None, end)]
    # the nearest one after a low end, before a high end
    after = [o for o in others if (s.text.find(str(o.get("text", ""))) > at) == (end == "low")]
    return min(after, key=lambda o: abs(s.text.find(str(o.get("text", ""))) - at)) if after else None


def _other_ends_agree(a: Statement, b: Statement, x: dict[str, Any], y: dict[str, Any]) -> bool:
    ox, oy = _other_end(a, x), _other_end(b, y)
    return ox is not None and oy is not None and figures_agree(a.text, ox, b.text, oy)


# Acts that give one kind of thing two different counts: homes destroyed and homes
# damaged, hectares burned and hectares saved, drones launched and drones shot down.
# Word beginnings; a figure's act is read in the four words either side of it.
_ACTS = {
    "destroy": ("destroy", "razed", "flattened", "wiped out"), "damage": ("damag",),
    "burn": ("burn", "scorch", "charred"), "save": ("saved", "spared", "protected"),
    "arrest": ("arrest", "detain"), "release": ("releas", "freed"),
    "launch": ("launch", "fired"), "intercept": ("intercept", "shot down", "downed"),
    "buy": ("bought", "buy", "purchas", "import"), "sell": ("sold", "sell", "export"),
    "rise": ("rose", "rise", "risen", "increas", "gain", "grew", "climb"),
    "fall": ("fell", "fall", "drop", "declin", "decreas", "shrank"),
    "win": ("won", "win"), "lose": ("lost", "lose", "losing"),
}
_ACT_PATTERNS = {act: re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + ")")
                 for act, forms in _ACTS.items()}
_CONTRASTS = [("destroy", "damage"), ("burn", "save"), ("arrest", "release"), ("launch", "intercept"),
              ("buy", "sell"), ("rise", "fall"), ("win", "lose")]


def _acts_near(text: str, q: dict[str, Any]) -> set[str]:
    qt = str(q.get("text", ""))
    at = text.find(qt)
    if at < 0:
        return set()
    near = " ".join(_words(text[:at])[-4:] + _words(text[at + len(qt):])[:4])
    return {act for act, pattern in _ACT_PATTERNS.items() if pattern.search(near)}


def _contrasting_acts(a_text: str, x: dict[str, Any], b_text: str, y: dict[str, Any]) -> bool:
    """Does one figure count what was done one way and the other what was done the
    opposite way ("destroyed" / "damaged", "burned" / "saved", "rose" / "fell")?"""
    ax, by = _acts_near(a_text, x), _acts_near(b_text, y)
    return any((p in ax and q in by and q not in ax) or (q in ax and p in by and p not in ax)
               for p, q in _CONTRASTS)


_LIST = re.compile(r"\brespectively\b", re.I)
_CUT = re.compile(r"\w(?:\.\.\.|…)[\s\"'”’)\]]*$")


def _same_actor(a: Statement, b: Statement) -> bool:
    """Do two sentences name someone in common (a person, an organisation, a place)?
    Figures of sentences that share nobody ("The Oslo-based carrier scrapped 700
    departures" / "Kestrel Air scrapped 95 departures") may be about different actors."""
    return (bool(a.entity_ids() & b.entity_ids()) or _short_form_shared(a, b)
            or bool(_proper_words(a.text) & _proper_words(b.text))
            or bool(_sources(a.text) & _sources(b.text)))


def _actor_names(s: Statement) -> list[tuple[str, ...]]:
    """The words of each person and organisation a sentence names, keyed as the entity
    registry keys names (no leading "the", no possessive, accents folded)."""
    names = [str(m.get("text", "")) for m in s.mentions if m.get("label") in ("PERSON", "ORG")]
    keys = (tuple(name_key(n).split()) for n in [*names, *([s.subject] if s.subject else [])])
    return [k for k in keys if k]


def _short_form_shared(a: Statement, b: Statement) -> bool:
    """An organisation named in full in one sentence and by its first words in the other
    ("Delta Air Lines" / "Delta", "Microsoft Corp" / "Microsoft"), or by a definite
    description that refers to it ("The airline": Statement.subject)."""
    return any(x[:len(y)] == y or y[:len(x)] == x for x in _actor_names(a) for y in _actor_names(b))


_CALENDAR = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                       "january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december"])


def _proper_words(text: str) -> set[str]:
    """Names past a sentence's first word (runs of capitalised words), days and months
    aside: "Estmark's Sallow valley" and "the Sallow river in Estmark" share Estmark;
    "American Airlines" and "United Airlines" share nothing."""
    found = re.findall(r"(?<=[\w,;:'’)] )([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", text)
    names = {re.sub(r"(?:'s|’s)$", "", n).lower() for n in found}
    return {n for n in names if n not in _CALENDAR and len(n) > 2}


_REPORTING = re.compile(r"\b(?:estimates?|estimated|said|says|predicts?|predicted|projects?|projected|"
                        r"believes|reported|reports|told|calculated|puts?|pegs?|pegged)\b")
_NAME_WORD = re.compile(r"\b[A-Z][\w-]*[a-z][\w-]*\b|\b[A-Z]{2,}\b")


def _sources(text: str) -> set[str]:
    """Words of the names before a sentence's reporting verb ("Insurer Parametrix
    estimated", "CyberCube, a cyber risk firm, estimates") or after "according to":
    who gives the figure."""
    found = _REPORTING.search(text)
    head = text[:found.start()] if found else ""
    at = text.find("according to")
    tail = text[at:at + 60] if at >= 0 else ""
    return {w.lower() for w in _NAME_WORD.findall(head + " " + tail)} - _CALENDAR


def _same_source(a: Statement, b: Statement) -> bool:
    """Two named sources for a figure that share no name word (one firm's estimate and
    another's) give two figures, not one figure reported two ways."""
    sa, sb = _sources(a.text), _sources(b.text)
    return not (sa and sb) or bool(sa & sb)


def _same_thing(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Counts of one noun ("people" / "people"); any two amounts of one unit."""
    return x["kind"] != "count" or str(x.get("original_unit", ""))[:5] == str(y.get("original_unit", ""))[:5]


def _paired_quantities(a: Statement, b: Statement, sim: float) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Figures of b that may contradict a figure of a: same kind and unit, filling the
    same role; a figure that something in the other sentence agrees with is not
    contradicted ("two dead, three missing" / "three missing, two killed"). Pairing
    unrelated amounts is the main source of false alarms."""
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    if _LIST.search(a.text) or _LIST.search(b.text):
        return pairs  # "$2.3bn and $0.9bn, respectively": figures of a list of things
    if _CUT.search(a.text) or _CUT.search(b.text):
        # a teaser cut off by the page ("... $40 million in funds to help restore..."):
        # what the figure is for may be in the part cut off
        return pairs
    qa, qb = a.quantities(), b.quantities()
    for x in qa:
        same = [y for y in qb if y["kind"] == x["kind"] and y.get("unit") == x.get("unit")]
        if not same or any(figures_agree(a.text, x, b.text, y) and _same_thing(x, y) for y in same):
            continue
        roles = [y for y in same if _same_role(a, b, x, y, sim) and not figures_agree(a.text, x, b.text, y)]
        if len(roles) > 1:  # "212 people ... two helicopters": the one counting the same noun,
            roles = [y for y in roles if _same_thing(x, y)] if x["kind"] == "count" else roles
        if len(roles) > 1:  # ... else the one in the same place among the sentence's figures
            order_a = [q for q in qa if q["kind"] == x["kind"]]
            order_b = [q for q in qb if q["kind"] == x["kind"]]
            if len(order_a) == len(order_b):
                roles = [y for y in roles if order_b.index(y) == order_a.index(x)]
        # more than one candidate: which one it would contradict is unclear
        if len(roles) == 1 and (sim >= 0.88 or _same_actor(a, b)) and _same_source(a, b):
            pairs.append((x, roles[0]))
    return pairs


def _bare_numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)
            if n.replace(",", "").replace(".", "", 1).isdigit()}


def _without(text: str, q: dict[str, Any]) -> str:
    """The sentence with the figure's own words taken out (once)."""
    return text.replace(str(q.get("text", "")), " ", 1)


def _stated_number(q: dict[str, Any]) -> float | None:
    found = re.search(r"\d[\d,]*(?:\.\d+)?", str(q.get("text", "")))
    return float(found.group().replace(",", "")) if found else None


def _scale_slip(a_text: str, x: dict[str, Any], b_text: str, y: dict[str, Any]) -> str | None:
    """Figures a thousandfold apart that agree once one is read a scale word up or down
    ("half a million" where the others give "$400 million": "half a billion" fits): a
    thousand, million or billion written for its neighbour. Amounts only: a count is
    rarely written with a scale word."""
    if x.get("kind") != "money":
        return None
    for factor in (1e3, 1e-3):
        scaled = dict(x, value=float(x["value"]) * factor)
        if figures_agree(a_text, scaled, b_text, y) or figures_agree(b_text, y, a_text, scaled):
            return "a thousandfold apart: a scale word (thousand, million, billion) slipped"
    return None


def quantity_conflict(a: Statement, b: Statement, sim: float) -> Conflict | None:
    if sim < SIM_QUANTITY:
        return None
    for x, y in _paired_quantities(a, b, sim):
        if _stated_number(x) in _bare_numbers(_without(b.text, y)) \
                or _stated_number(y) in _bare_numbers(_without(a.text, x)):
            # "employs 1,850 people, about 1,100 of them at ..." also says 1,100; the
            # paired figure's own number does not count ("more than 3,000" / "nearly
            # 3,000" state one number on either side of it: figures.figures_agree)
            continue
        ratio = max(abs(x["value"]), abs(y["value"])) / max(min(abs(x["value"]), abs(y["value"])), 1e-9)
        if ratio > MAX_ERROR_RATIO:
            slip = _scale_slip(a.text, x, b.text, y)
            if slip:
                return Conflict("quantity", f"{x['text']} vs {y['text']} \u2014 {slip}", 0.75, ratio,
                                (float(x["value"]), float(y["value"])))
            continue
        confidence = 0.9 if ratio >= 1.5 else 0.75
        if _lower_bounded(a.text) or _lower_bounded(b.text):
            confidence -= 0.15
        # one number on either side of it, or bounds that face each other ("almost 4,700"
        # / "over 5,000"): the bound words are part of what differs
        kinds = {_interval(a.text, x)[2], _interval(b.text, y)[2]}
        shown = (bounded_text(a.text, x), bounded_text(b.text, y)) \
            if x["text"] == y["text"] or kinds == {"lower", "upper"} else (x["text"], y["text"])
        return Conflict("quantity", f"{shown[0]} vs {shown[1]}", round(confidence, 2), ratio,
                        (float(x["value"]), float(y["value"])))
    return None
