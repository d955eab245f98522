"""Can two figures both be true of one thing? Each figure is read as the values it
allows ("more than 70 miles", "nearly 7,000", "about 90 miles", an exact count) in
normalised units, with a tolerance for rounding; and what fixes when and of what a
figure holds (days and times named by it, scope words, part of a whole).
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.annotate.lexicon import DATELINE, possessive_at
from newsdesk.crosscheck.detectors import _STOP, REL_TOLERANCE, _words


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
# "an additional 137", "another 1,700", "a total of", "each Friday", "so far"; and the
# sum of several holders' figures ("the two allies' combined $1.5bn", "have together
# pledged"), which is no figure of any one of them.
_SCOPE = frozenset(["additional", "another", "further", "extra", "each", "alone", "per", "daily", "weekly",
                    "remaining", "remain", "remains", "still", "already", "beyond", "first", "last",
                    "previous", "record", "domestic", "international", "worldwide", "globally", "only",
                    "most", "second-most", "direct", "indirect",
                    "combined", "together", "jointly", "collectively", "altogether"])
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


# "since Friday", "since last Friday": where a running total starts, not when it was
# read ("from" is no such mark: "losses from the July 19 outage").
_SINCE = re.compile(r"\bsince\s+(?:last\s+)?$", re.I)


def _anchors(text: str, q: dict[str, Any]) -> set[str]:
    """Days and times the figure's sentence names: "on Monday", "as of 8 a.m.", "in 2022"
    (the whole sentence: "As of 3 p.m., the carrier had canceled 800 flights"); the day
    a running total counts from is marked as such ("since:friday")."""
    # not the dateline's day (when the report was filed), nor a day that names another
    # happening ("destroyed by Saturday's earthquake"), unless a count runs from it
    # ("since Friday's meltdown")
    dateline = DATELINE.match(text)
    out = set()
    for m in _TIME_ANCHOR.finditer(text, dateline.end() if dateline else 0):
        since = bool(_SINCE.search(text[max(0, m.start() - 12):m.start()]))
        if since or not possessive_at(text, m.end()):
            out.add(("since:" if since else "") + re.sub(r"[\s.]", "", m.group().lower()))
    return out


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
    gap = {"(gap)"} if q.get("kind") == "duration" and after[:1] and after[0] in _GAP_AFTER else set()
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


def bounded_text(text: str, q: dict[str, Any]) -> str:
    """The figure with the bound word before it ("almost 7,000 flights"), or as it stands."""
    before = _before(text, q)
    for pattern in (_LOWER, _NEAR_BELOW, _UPPER):
        found = pattern.search(before)
        if found:
            return f"{found.group().strip()} {q.get('text', '')}"
    return str(q.get("text", ""))


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
