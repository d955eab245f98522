"""Discrepancy detectors: each looks at two statements from different articles that
speak about the same thing and says whether one detail conflicts, and why.

Structured comparison, no language model: quantities are compared in normalised units
with a tolerance for rounding; polarity and hedging come from the annotator's claims;
quotes are compared word by word for one speaker; names by spelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from newsdesk.crosscheck.periods import periodic_figure
from newsdesk.crosscheck.statements import Statement

# Minimum sentence similarity (MiniLM cosine) for two statements to be compared at all
# by each detector: a detail can only conflict between sentences about one thing.
SIM_QUANTITY = 0.5
SIM_COUNT = 0.72
SIM_POLARITY = 0.72
SIM_HEDGE = 0.72
SIM_ENTITY = 0.8
# Quantities within this relative difference agree (rounding, "about", conversions).
REL_TOLERANCE = 0.03

# Hedges that doubt a reported fact. Modals ("could", "may") mostly speak of the future
# and would pair a plan with a past event, so they do not count here.
EPISTEMIC_HEDGES = frozenset(["alleged", "allegedly", "reportedly", "reported", "purportedly", "purported",
                              "apparently", "unconfirmed", "suspected", "presumably", "seemingly", "rumoured",
                              "rumored"])
_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class Conflict:
    type: str  # quantity | date | entity | polarity | quote | hedge
    summary: str
    confidence: float
    ratio: float | None = None  # quantities: the larger figure over the smaller
    values: tuple[float, float] | None = None  # quantities: the first statement's figure, the second's


# --------------------------------------------------------------------- quantities

def _precision(text: str, value: float, unit_value: float, approximate: bool = False) -> float:
    """Half the last stated digit, in normalised units: "75 miles" is ±0.5 mile,
    "4.6 metres" ±0.05 m, "120 km" ±0.5 km, "€600m" ±€0.5m. An approximate figure is
    rounded to its last non-zero digit: "about 150 km" is ±5 km, "some 3,200" ±50."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if not digits:
        return 0.0
    decimals = len(digits.group(1) or "")
    stated = float(digits.group().replace(",", ""))
    if stated == 0:
        return 0.0
    scale = value / stated  # normalised units per stated unit (unit and "million" together)
    place = 10.0 ** -decimals
    if approximate and not decimals:
        whole = digits.group().replace(",", "")
        place = 10.0 ** (len(whole) - len(whole.rstrip("0")))
    return 0.5 * place * abs(scale) if unit_value else 0.0


def quantities_agree(a: dict[str, Any], b: dict[str, Any], approx_a: bool = False,
                     approx_b: bool = False) -> bool:
    va, vb = float(a["value"]), float(b["value"])
    if va == vb:
        return True
    tolerance = max(REL_TOLERANCE * max(abs(va), abs(vb)),
                    _precision(str(a.get("text", "")), va, 1.0, approx_a)
                    + _precision(str(b.get("text", "")), vb, 1.0, approx_b))
    return abs(va - vb) <= tolerance


_APPROX = frozenset(["about", "around", "approximately", "roughly", "some", "nearly", "almost", "circa",
                     "estimated", "approx"])


def _approximate(text: str, quantity: dict[str, Any]) -> bool:
    """"about 90 miles": the figure is rounded, and so may be its conversion."""
    at = text.find(str(quantity.get("text", "")))
    return at > 0 and bool(set(_words(text[:at])[-2:]) & _APPROX)


def _lower_bounded(text: str) -> bool:
    return bool(re.search(r"\b(at least|more than|over|upwards of|nearly|almost|about|around|some)\b",
                          text, re.I))


_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
                   "but", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
                   "their", "his", "her", "this", "that", "which", "who", "than", "more", "less", "about",
                   "some", "over", "under", "including", "per"])
# Two amounts that differ by more than this factor are different things (a share
# price and a deal value, a released tranche and the whole request), not one figure
# misreported: a slip is a digit, a decimal point (tenfold) or a rounding.
MAX_ERROR_RATIO = 20.0


def context_words(text: str, phrase: str, window: int = 4) -> set[str]:
    """Content-word stems around a phrase (an amount, a date): what it is about."""
    at = text.find(phrase)
    if at < 0 or not phrase:
        return set()
    before = _words(text[:at])[-window:]
    after = _words(text[at + len(phrase):])[:window]
    return {w[:5] for w in before + after if w not in _STOP and any(c.isalpha() for c in w)}


def _context(text: str, quantity: dict[str, Any]) -> set[str]:
    return context_words(text, str(quantity.get("text", "")))


# Words that fix when a figure holds: two figures anchored to different days or times
# of day are a running count read at two moments, not one figure reported two ways.
_TIME_ANCHOR = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d\d)?\s?(?:a\.?m\.?|p\.?m\.?)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|(?:19|20)\d\d)\b", re.I)
# Words that make a figure part of a larger or smaller whole, or a share of time:
# "an additional 137", "another 1,700", "a total of", "each Friday", "so far".
_SCOPE = frozenset(["additional", "another", "further", "extra", "each", "alone", "per", "daily", "weekly",
                    "remaining", "remain", "remains", "still", "already", "beyond", "first", "last",
                    "previous", "record", "domestic", "international", "worldwide", "globally", "only",
                    "most", "second-most", "direct", "indirect"])
# A time figure right before one of these is the gap between two happenings ("two weeks
# after the outage", "three days ago"), not how long something lasted.
_GAP_AFTER = frozenset(["after", "before", "ago", "later", "earlier", "since"])
# "three of four", "21 out of 22": the second figure is the whole, the first a part.
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand"
                 "|all|most|half|some|many|none|each")
_PART_OF = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\s+(?:out\s+)?of\s+"
                      r"(?:the\s+|its\s+|their\s+|[A-Z][\w.]*(?:'s|’s)\s+)?$", re.I)
_LOWER = re.compile(r"\b(?:at least|more than|over|upwards of|in excess of|exceeding|above|no fewer than|"
                    r"no less than|a minimum of|just over|north of)\s*$", re.I)
_UPPER = re.compile(r"\b(?:up to|less than|fewer than|under|below|no more than|as many as|at most|"
                    r"a maximum of)\s*$", re.I)
# "nearly 7,000", "almost 4,700": just below the figure (within a tenth of it).
_NEAR_BELOW = re.compile(r"\b(?:nearly|almost|just under|just below|close to|shy of|just shy of)\s*$", re.I)
NEAR_BELOW = 0.1


def _before(text: str, q: dict[str, Any], chars: int = 30) -> str:
    at = text.find(str(q.get("text", "")))
    return text[max(0, at - chars):at] if at >= 0 else ""


def _anchors(text: str, q: dict[str, Any]) -> set[str]:
    """Days and times the figure's sentence names: "on Monday", "as of 8 a.m.", "in 2022"
    (the whole sentence: "As of 3 p.m., the carrier had canceled 800 flights")."""
    return {re.sub(r"[\s.]", "", m.group().lower()) for m in _TIME_ANCHOR.finditer(text)}


def _same_day(x: str | None, y: str | None) -> bool:
    """Published on one day (or undated: nothing says the reports are days apart)."""
    return not (x and y) or x[:10] == y[:10]


def _scope(text: str, q: dict[str, Any]) -> set[str]:
    """Scope words by a figure, four words either side ("an additional 137 flights",
    "1,200 each", "38 flights ... only"); "last week's outage" further on is not its scope."""
    qt = str(q.get("text", ""))
    at = text.find(qt)
    if at < 0:
        return set()
    after = _words(text[at + len(qt):])[:4]
    gap = {"(gap)"} if after[:1] and after[0] in _GAP_AFTER else set()
    return (set(_words(text[:at])[-4:] + after) & _SCOPE) | gap


def _part_of_whole(text: str, q: dict[str, Any]) -> bool:
    return bool(_PART_OF.search(_before(text, q, 40)))


def _interval(text: str, q: dict[str, Any]) -> tuple[float, float, str]:
    """The values a figure allows: "more than 70 miles" (70 mi, ∞), "nearly 7,000" below
    7,000, "about 90 miles" 90 ± 5 mi, an exact count itself only, and a measured amount
    its last stated digit (rounding)."""
    v = float(q["value"])
    before = _before(text, q)
    approx = _approximate(text, q)
    # a count is exact unless approximate; a measured amount is rounded to its last digit
    slack = _precision(str(q.get("text", "")), v, 1.0, approx) if q.get("kind") != "count" or approx else 0.0
    if q.get("kind") != "count" or approx:
        slack = max(slack, REL_TOLERANCE / 2 * abs(v))
    if _LOWER.search(before):
        return v - slack, float("inf"), "lower"
    if _NEAR_BELOW.search(before):  # below the figure, however rounded
        return v * (1 - NEAR_BELOW), v, "upper"
    if _UPPER.search(before):
        return float("-inf"), v + slack, "upper"
    return v - slack, v + slack, "approx" if approx else "exact"


def figures_agree(a_text: str, x: dict[str, Any], b_text: str, y: dict[str, Any]) -> bool:
    """Can both figures be true of one thing? A bound against a figure inside it agrees
    ("more than 70 miles" / "75 miles"); two bounds of one direction are two readings of
    a running count and are compared as figures ("at least 14 dead" / "at least 17")."""
    lo_a, hi_a, ka = _interval(a_text, x)
    lo_b, hi_b, kb = _interval(b_text, y)
    if ka == kb and ka in ("lower", "upper"):
        return quantities_agree(x, y, True, True)
    if {ka, kb} <= {"exact", "approx"} and (x.get("kind") != "count" or "approx" in (ka, kb)):
        return quantities_agree(x, y, ka == "approx", kb == "approx")
    if {ka, kb} == {"lower", "upper"}:  # "over 7,000" / "almost 7,000": bounds exclude their figure
        return max(lo_a, lo_b) < min(hi_a, hi_b)
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


_SCOPE_STEMS = frozenset(w[:5] for w in _SCOPE)


def _role_words(text: str, q: dict[str, Any]) -> set[str]:
    """Content words around a figure other than what it counts (the noun after it and
    the next, "construction workers") and other figures: "workers killed" and
    "workers on a break" share "workers" but not their role."""
    qt = str(q.get("text", ""))
    at = text.find(qt)
    noun = {w[:5] for w in _words(text[at + len(qt):])[:1]} if at >= 0 else set()
    unit = {str(q.get("original_unit", ""))[:5].lower()}
    return {w for w in _context(text, q) - unit - noun if not w[:1].isdigit() and w not in _SCOPE_STEMS}


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
    times = _anchors(a.text, x), _anchors(b.text, y)
    if all(times) and times[0] != times[1] and _same_day(a.published, b.published):
        return False  # "as of 8 a.m." / "as of 3 p.m.": one count read at two times of a day
    if _part_of_whole(a.text, x) != _part_of_whole(b.text, y):
        return False  # "three of four airports" / "three airports"
    if _in_range(a.text, x) != _in_range(b.text, y):
        return False  # one end of "between $540m and $1.08bn" is no single figure
    if _in_range(a.text, x) and _other_ends_agree(a, b, x, y):
        return True  # two ranges of one estimate: one end agrees, the other is to be checked
    if sim >= 0.88:
        return True  # one sentence, reworded: "3,200 people" / "2,300 residents"
    shared = bool(_role_words(a.text, x) & _role_words(b.text, y))
    if x["kind"] == "count":  # the counted noun says what is counted
        return _same_thing(x, y) and shared
    # a measure or an amount: the sentences alike, or two words about what it measures
    # in common ("the Dali, a 948ft container ship" / "Dali, a 984-foot cargo ship")
    return (sim >= SIM_COUNT and shared) or len(_role_words(a.text, x) & _role_words(b.text, y)) >= 2


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


_LIST = re.compile(r"\brespectively\b", re.I)
_CUT = re.compile(r"\w(?:\.\.\.|…)[\s\"'”’)\]]*$")


def _same_actor(a: Statement, b: Statement) -> bool:
    """Do two sentences name someone in common (a person, an organisation, a place)?
    Figures of sentences that share nobody ("The Atlanta-based airline canceled 1,300
    flights" / "United Airlines canceled 262 flights") may be about different actors."""
    return (bool(a.entity_ids() & b.entity_ids()) or bool(_proper_words(a.text) & _proper_words(b.text))
            or bool(_sources(a.text) & _sources(b.text)))


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
        return pairs  # "$1.94bn and $1.15bn, respectively": figures of a list of things
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
        if _stated_number(x) in _bare_numbers(b.text) or _stated_number(y) in _bare_numbers(a.text):
            continue  # "employs 1,850 people, about 1,100 of them at ..." also says 1,100
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
        return Conflict("quantity", f"{x['text']} vs {y['text']}", round(confidence, 2), ratio,
                        (float(x["value"]), float(y["value"])))
    return None


# --------------------------------------------------------------------- polarity, hedging

_AUX = frozenset(["not", "n't", "never", "no", "did", "does", "do", "has", "have", "had", "is", "was", "were",
                  "are", "be", "been", "being", "will", "would", "could", "should", "may", "might", "can",
                  "to", "reportedly", "allegedly", "apparently"])
_IRREGULAR = {
    "held": "hold", "said": "say", "did": "do", "had": "have", "made": "make", "took": "take",
    "gave": "give", "won": "win", "lost": "lose", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "left": "leave", "met": "meet", "sent": "send", "kept": "keep",
    "began": "begin", "broke": "break", "broken": "break", "came": "come", "went": "go",
    "gone": "go", "told": "tell", "found": "find", "bought": "buy", "sold": "sell", "paid": "pay",
    "struck": "strike", "spoke": "speak", "knew": "know", "known": "know", "led": "lead",
    "saw": "see", "seen": "see", "stood": "stand", "wrote": "write", "written": "write",
    "brought": "bring", "thought": "think", "agreed": "agree", "denied": "deny", "died": "die",
}


def verb_key(predicate: str | None) -> str | None:
    """A crude stem of a predicate's main verb: "did not hold" → "hold", "has not
    approved" → "approv", "approved" → "approv". Enough to match one claim across
    sources without loading a lemmatiser here."""
    words = [w for w in _words(predicate or "") if w not in _AUX]
    if not words:
        return None
    word = _IRREGULAR.get(words[-1], words[-1])
    for suffix in ("ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same_amount(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """One amount in both claims ("will cut 400 jobs" / "plans to cut 400 jobs"). Not a
    percentage: "losses do not approach ... ratios of 234%" and "scenarios can reach
    ratios of 234%" share a figure but say different things about it."""
    return any(qx.get("unit") == qy.get("unit") and qx.get("kind") != "percent" and quantities_agree(qx, qy)
               for qx in x.get("quantities") or [] for qy in y.get("quantities") or [])


def _matching_claims(a: Statement, b: Statement) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Claim pairs that state one thing: the same main verb, or the same amount
    ("will cut 400 jobs" / "reportedly plans to cut 400 jobs")."""
    return [(x, y) for x in a.claims for y in b.claims
            if ((k := verb_key(x.get("predicate"))) and k == verb_key(y.get("predicate")))
            or _same_amount(x, y)]


# --------------------------------------------------------------------- quotes

def _words(text: str) -> list[str]:
    """Lower-case words; quote marks and hyphens at a word's ends and the dots of
    abbreviations do not count ("'Sopranos'" = "Sopranos", "U.K." = "UK")."""
    text = re.sub(r"(?<=\b\w)\.(?=\w\b|\s|$)", "", text)
    words = (w.strip("'’-").lower() for w in _WORD.findall(text))
    return [w for w in words if w]


# --------------------------------------------------------------------- names

def _squash(name: str) -> str:
    """Key that ignores case, accents, hyphens and doubled letters, so transliteration
    variants (Kanani/Kanaani, Orlani/Orlanni, Zelenskiy/Zelenskyy) compare equal."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if c.isalpha() or c == " ")
    text = text.replace("yy", "y").replace("iy", "y")
    return re.sub(r"(.)\1+", r"\1", text)


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def misspelled_name(a: str, b: str) -> bool:
    """Two spellings of one name that are not a common transliteration variant."""
    if a == b or len(a) < 4 or len(b) < 4:
        return False
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or _squash(a) == _squash(b):
        return False
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = (_squash(w) for w in differing[0])
    # "O'Neill" / "ONeills": a possessive printed without its apostrophe
    return x.rstrip("s") != y.rstrip("s") and _edit_distance(*differing[0]) <= 2


def _shared_words(x: str, y: str) -> set[str]:
    wx = {_squash(w) for w in re.split(r"[\s-]+", x) if len(w) > 2}
    return wx & {_squash(w) for w in re.split(r"[\s-]+", y) if len(w) > 2}


def _skeleton(word: str) -> str:
    """A name word's first letter and its consonants: "Amir"/"Amer", "Muhammed"/"Mohammed",
    "Rasheed"/"Rashid" share one (vowels are what transliterations disagree on)."""
    word = _squash(word)
    return word[:1] + re.sub(r"[aeiouy]", "", word[1:])


def transliterated(x: str, y: str) -> bool:
    """Two renderings of one multi-word name: every word alike but for its vowels."""
    wx, wy = re.split(r"[\s-]+", x.strip()), re.split(r"[\s-]+", y.strip())
    return (len(wx) == len(wy) >= 2 and x != y
            and all(len(_skeleton(p)) >= 2 and _skeleton(p) == _skeleton(q)
                    for p, q in zip(wx, wy, strict=True)))


def one_person(x: str, y: str) -> bool:
    """Two mentions that may name one person: a shared name word, allowing for
    transliteration ("Muqtada al Sadr" / "Moqtada al-Sadr", "Tim" / "Timothy Muris",
    "Amir Muhammed Rasheed" / "Amer Mohammed Rashid")."""
    return _squash(x) == _squash(y) or bool(_shared_words(x, y)) or transliterated(x, y)


_ATTRIBUTION = re.compile(r"^[\s,]*(?:said|says|told|added|wrote|stated|explained|according)\b", re.I)


_SAYS = re.compile(r"\b(?:said|says|told|added|wrote|stated|explained|according to)\b", re.I)


def _fills_slot(text: str, name: str, other: str) -> bool:
    """Is a person's name part of what the sentence states? Not when it modifies a word
    ("Tony-award winning"), nor when it names the sentence's source ("…, publicist Allen
    Eichorn said", "according to Reyl") and the other report names no source at all:
    a source one report gives and another leaves out is no swap. Two reports that
    name different sources for one statement do fill one slot differently."""
    at = text.find(name)
    if at < 0:
        return True
    after = text[at + len(name):]
    if after.startswith("-"):
        return False
    source = bool(_ATTRIBUTION.match(after)) or text[:at].rstrip().lower().endswith("according to")
    return not source or bool(_SAYS.search(other))


def _people(s: Statement, other: Statement, label: str) -> dict[str, str]:
    """The entities of one label that fill a slot of the statement."""
    return {m["entity_id"]: m["text"] for m in s.mentions if m.get("label") == label
            and m.get("entity_id") and _fills_slot(s.text, str(m["text"]), other.text)}


def _neighbours(text: str, name: str) -> tuple[str, str]:
    at = text.find(name)
    if at < 0:
        return "", ""
    before, after = _words(text[:at])[-1:], _words(text[at + len(name):])[:1]
    return (before[0] if before else "^"), (after[0] if after else "$")


def _same_slot(a_text: str, x: str, b_text: str, y: str) -> bool:
    """Do two names stand between the same words ("said X," / "said Y,", "President X
    told" / "President Y told")?"""
    (bx, ax), (by, ay) = _neighbours(a_text, x), _neighbours(b_text, y)
    return bx == by or ax == ay


def entity_swap(a: Statement, b: Statement, sim: float,
                full_names: dict[str, str] | None = None) -> Conflict | None:
    """The same sentence with a different person in one slot. ``full_names``: the
    longest name each entity goes by in the story."""
    if sim < SIM_ENTITY:
        return None
    # People only: organisations and places appear in datelines and asides, which
    # makes their sets differ between any two phrasings of one sentence.
    for label in ("PERSON",):
        ea, eb = _people(a, b, label), _people(b, a, label)
        only_a, only_b = set(ea) - set(eb), set(eb) - set(ea)
        if len(only_a) == 1 and len(only_b) == 1 and len(ea) == len(eb):
            x, y = ea[next(iter(only_a))], eb[next(iter(only_b))]
            if one_person(x, y) or x.lower() in b.text.lower() or y.lower() in a.text.lower():
                continue  # "Bush" / "George W. Bush", or a name the tagger missed on one side
            full = full_names or {}
            if " " not in full.get(next(iter(only_a)), x) + full.get(next(iter(only_b)), y):
                continue  # two one-word names ("Saddam", "Hussein") may be parts of one name
            if not _same_slot(a.text, x, b.text, y):
                # The two names must fill one slot: the same words around them ("said
                # X" / "said Y"). A name in one report's aside and another in the other's
                # (a photo credit, a blog post's author, a product) is no swap.
                continue
            return Conflict("entity", f"{x} vs {y} in the same statement", round(min(0.9, sim), 2))
    return None


# --------------------------------------------------------------------- dates

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _fits_another_year(d: dict[str, Any], years: set[int]) -> bool:
    """"Friday, April 5" on a page dated a year later (a repost's stamp) than the other
    reports: the weekday fits their year, so the page's year, not the text, is off."""
    text = str(d.get("text") or "").lower()
    day = str(d.get("date") or "")[:10]
    if re.search(r"\b(?:19|20)\d\d\b", text) or len(day) != 10:
        return False  # a year the text states is the text's
    weekday = next((i for i, w in enumerate(_WEEKDAYS) if w in text), None)
    if weekday is None:
        return False
    from datetime import date as _date
    try:
        when = _date.fromisoformat(day)
        return any(_date(y, when.month, when.day).weekday() == weekday for y in years - {when.year})
    except ValueError:
        return False


def weekday_conflicts(s: Statement, years: set[int] | None = None) -> list[str]:
    """A weekday that does not match its date. ``years``: the years the story's other
    reports were published in; a weekday that fits one of them (a page stamped a year
    late by a reposting site) is the page's date being off, not the text."""
    return [str(d.get("text")) for d in s.dates
            if d.get("weekday_conflict") and not _fits_another_year(d, years or set())]
