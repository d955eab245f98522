"""Numbers with their units, normalised so that reports can be compared.

"120 kilometres" and "75 miles" both become metres, "$2.5 billion" becomes 2.5e9 USD,
"36-month-old" a duration in seconds, "300 soldiers" a count of soldiers. The rules
are regular expressions: quick, and exact about what they accept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsdesk.annotate.casualties import death_counts
from newsdesk.annotate.lexicon import MONTH_NUMBERS, words
from newsdesk.records import Quantity

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12,
}
# Words that multiply what comes before them in a spelled number ("five hundred",
# "two dozen", "three thousand"); the scale words after a figure ("2.5 million") too.
_MULTIPLIERS = {"hundred": 100, "dozen": 12, "thousand": 1000, "million": 1e6, "billion": 1e9}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
           "mn": 1e6, "k": 1e3}

# unit word -> (kind, normalised unit, factor to the normalised unit)
_UNITS: dict[str, tuple[str, str, float]] = {}


def _unit(kind: str, unit: str, factor: float, *words: str) -> None:
    for w in words:
        _UNITS[w] = (kind, unit, factor)


_unit("distance", "m", 1000.0, "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_unit("distance", "m", 1609.344, "mile", "miles", "mi")
_unit("distance", "m", 1852.0, "nautical mile", "nautical miles")
_unit("distance", "m", 1.0, "m", "metre", "metres", "meter", "meters")
_unit("distance", "m", 0.001, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_unit("distance", "m", 0.01, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_unit("distance", "m", 0.3048, "ft", "foot", "feet")
_unit("distance", "m", 0.9144, "yard", "yards")
_unit("mass", "kg", 1.0, "kg", "kilogram", "kilograms", "kilogramme", "kilogrammes")
_unit("mass", "kg", 1000.0, "tonne", "tonnes", "metric tons", "ton", "tons", "t")
_unit("mass", "kg", 0.45359237, "lb", "lbs")
_unit("percent", "%", 1.0, "%", "percent", "per cent", "percentage points")
_unit("speed", "m/s", 0.514444, "knot", "knots", "kn")
_unit("speed", "m/s", 0.44704, "mph", "miles per hour", "miles an hour")
_unit("speed", "m/s", 1 / 3.6, "km/h", "kph", "kilometres per hour", "kilometers per hour")
_unit("duration", "s", 1.0, "second", "seconds")
_unit("duration", "s", 60.0, "minute", "minutes")
_unit("duration", "s", 3600.0, "hour", "hours")
_unit("duration", "s", 86400.0, "day", "days")
_unit("duration", "s", 604800.0, "week", "weeks")
_unit("duration", "s", 2629746.0, "month", "months")
_unit("duration", "s", 31556952.0, "year", "years")
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR", "rupees": "INR",
    "hryvnia": "UAH", "hryvnias": "UAH", "rial": "IRR", "rials": "IRR", "francs": "CHF",
}
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB",
                   "₴": "UAH"}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ONE_WORD = "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True))
# A spelled number of one or more words: "twenty-five", "Five hundred", "two dozen",
# "three hundred and forty" (a scale word alone is not a number: "hundreds of").
_WORDNUM = rf"(?:{_ONE_WORD})(?:(?:-|\s(?:and\s)?)(?:{_ONE_WORD}|thousand)\b)*"
_SCALE = "|".join(_SCALES)
_UNIT = "|".join(sorted(map(re.escape, [*_UNITS, *_CURRENCY_WORDS]), key=len, reverse=True))
_SIGN = "|".join(sorted(map(re.escape, _CURRENCY_SIGNS), key=len, reverse=True))

_PATTERN = re.compile(
    rf"(?<![\w.-])(?P<sign>{_SIGN})?\s?(?P<num>{_NUM}|(?i:{_WORDNUM}))"
    rf"(?:\s?(?P<scale>(?i:{_SCALE}))\b)?"
    rf"(?:(?:\s|-)?(?P<unit>(?i:{_UNIT}))(?![\w]))?"
    rf"(?P<old>-(?:year|month|week|day)s?-old)?"
    rf"(?P<member>-(?:member|strong|person|man|woman|people)\b)?"
    rf"(?:\s(?P<noun>[a-z][a-z-]{{2,}}))?"
)
# Words after a bare number that are not what it counts.
_NOT_COUNTED = words("of and or to in on at by for from the a an as per is are was were "
                         "has have had with than that which who each per out")


_MONEY_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}


def _number(text: str) -> float:
    low = text.lower()
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
    if low[:1].isalpha():
        return _spelled(low)
    return float(text.replace(",", ""))


def _spelled(text: str) -> float:
    """"twenty-five" 25, "five hundred" 500, "two dozen" 24, "three hundred and forty" 340."""
    total, part = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word in ("and", "a"):
            continue
        if word in _MULTIPLIERS and word != "dozen" and _MULTIPLIERS[word] >= 1000:
            total += max(part, 1.0) * _MULTIPLIERS[word]
            part = 0.0
        elif word in _MULTIPLIERS:
            part = max(part, 1.0) * _MULTIPLIERS[word]
        else:
            part += _WORD_NUMBERS.get(word, 0)
    return total + part


_PLURALS = words("people children men women staff personnel")


def _plural(noun: str) -> bool:
    """A counted noun ("people", "users"): a "4.6m wall" is metres, "1.5m people" millions."""
    return noun in _PLURALS or (noun.endswith("s") and not noun.endswith("ss") and noun not in _NOT_COUNTED)


def _is_spelled(num: str) -> bool:
    return num[:1].isalpha()


# "a father of four", "mother of two": a count of children with no noun after it.
_PARENT_OF = re.compile(rf"\b(?:father|mother|parent|dad|mom|mum|grandfather|grandmother)\s+of\s+"
                        rf"(?P<num>\d+|(?i:{_ONE_WORD}))\b(?!\s+(?:\w+\s+)?(?:boys|girls|sons|daughters|children))",
                        re.I)


# "3.2 million Zentrix laptops", "150 Norvale trains": a name between a figure and its noun.
_NAMED = re.compile(rf"(?<![\w.,$€£¥-])(?P<num>{_NUM})(?:\s(?P<scale>thousand|million|billion))?\s"
                    r"(?P<name>[A-Z][\w-]+)\s(?P<noun>[a-z][a-z-]{2,})\b")


def _named_counts(text: str) -> list[Quantity]:
    return [Quantity(m.group(0), _number(m.group("num")) * _SCALES.get(m.group("scale") or "", 1.0),
                     "count", "count", m.group("noun"))
            for m in _NAMED.finditer(text)
            if _plural(m.group("noun")) and m.group("name").lower() not in _MONTHS
            and not (re.fullmatch(r"\d{4}", m.group("num")) and not m.group("scale"))
            and not set(re.findall(r"[a-z]+", text[max(0, m.start() - 12):m.start()].lower())[-1:]) & _MONTHS]


# A bare figure whose noun is left out because the sentence has just named it: "some
# 400 trains ..., taking the week's count to nearly 2,900", "640 trains on Monday and
# roughly 500 each Saturday", "310 trains on top of the 1,800 already dropped".
_BARE = re.compile(r"(?<![\w.,:$€£¥#/-])(?P<num>\d{1,3}(?:,\d{3})+|\d{2,})"
                   r"(?![\w:%/-]|[.,]\d|\s?(?:%|a\.m|p\.m))")
_PART_OF = re.compile(r"\b(?:of\s+which|of\s+whom|among\s+them|among\s+whom|including)\s+$", re.I)
_MONTHS = frozenset(MONTH_NUMBERS)


def _elided(text: str, before: str, found: list[Quantity]) -> list[Quantity]:
    """Bare figures of the sentence that count the noun of the count named before them."""
    counts = [(text.find(q.text), q) for q in found if q.kind == "count" and q.original_unit]
    earlier = [(-1, q) for q in find_quantities(before) if q.kind == "count" and q.original_unit] \
        if before.strip() else []
    taken = [(text.find(q.text), text.find(q.text) + len(q.text)) for q in found]
    out = []
    for m in _BARE.finditer(text):
        if any(a <= m.start() < b for a, b in taken if a >= 0):
            continue
        if re.match(rf"\s?(?:{_SCALE}|{_UNIT})\b", text[m.end():], re.I):
            continue  # "400 million", "20 feet": a figure of its own kind, read or left out above
        value = float(m.group("num").replace(",", ""))
        prev = re.findall(r"[\w'’]+", text[:m.start()])[-1:]
        if re.fullmatch(r"\d{4}", m.group("num")) and 1800 <= value <= 2100:
            continue  # a year
        if prev and (prev[0].lower() in _MONTHS or (prev[0][:1].isupper() and m.start() > len(prev[0]) + 1)):
            continue  # "July 19", "Windows 11", "Flight 370": a date or a name
        if _PART_OF.search(text[:m.start()]):
            continue  # "34 passengers, of whom 12 are children": a part, not the count
        named = [q for at, q in [*earlier, *counts] if at < m.start()]
        if named:
            out.append(Quantity(m.group("num"), value, "count", "count", named[-1].original_unit))
    return out


# "anywhere from under half a million to above 2 billion euros": the currency written once,
# after the range's second end, is the first end's too ("half a million" = 500,000).
_RANGE_START = re.compile(rf"\b(?:from|between)\s+(?:(?:less than|more than|over|under|about|around|nearly|"
                          rf"almost|at least|up to)\s+)?(?P<num>(?:half\s+a|{_NUM}))\s+(?P<scale>{_SCALE})\s+"
                          r"(?:to|and)\s+[^.;]{0,25}?$", re.I)


def _range_starts(text: str, found: list[Quantity]) -> list[Quantity]:
    out = []
    for q in found:
        at = text.find(q.text)
        if q.kind != "money" or at < 0 or str(q.original_unit or "").lower() not in _CURRENCY_WORDS:
            continue
        m = _RANGE_START.search(text[:at])
        if not m:
            continue
        num = m.group("num").lower()
        value = (0.5 if num.startswith("half") else _number(num)) * _SCALES[m.group("scale").lower()]
        out.append(Quantity(text[m.start("num"):m.end("scale")], value, q.unit, "money", q.original_unit))
    return out


def find_quantities(text: str, before: str = "") -> list[Quantity]:
    """Every number with a unit, a currency or a counted noun in ``text``. ``before``:
    the sentence's words before ``text`` (a clause of it), where the noun a bare figure
    counts may be named."""
    found = _find(text)
    found += _range_starts(text, found)
    return death_counts(text, found + _elided(text, before, found))


@lru_cache(maxsize=16_384)
def sentence_quantities(text: str) -> tuple[Quantity, ...]:
    """``find_quantities`` of one sentence, kept for the readers that ask about the same
    sentences in one run (the cross-check's standing facts and credited figures read
    every sentence of a storyline). Shared: read them, never change them."""
    return tuple(find_quantities(text))


def _find(text: str) -> list[Quantity]:
    found: list[Quantity] = [Quantity(m.group(0), _number(m.group("num")), "count", "count", "children")
                             for m in _PARENT_OF.finditer(text)]
    found += _named_counts(text)
    parts = {text.find(q.text) for q in found}
    for m in _PATTERN.finditer(text):
        num, unit, sign = m.group("num"), m.group("unit"), m.group("sign")
        if m.start() in parts:
            continue  # "3.2 million Zentrix laptops" (read above)
        if _is_spelled(num) and not (unit or m.group("noun") or m.group("scale") or m.group("member")):
            continue
        if num.lower() in _MULTIPLIERS and re.search(r"\b(?:several|few|many|some|hundreds|thousands)\s+$",
                                                     text[max(0, m.start() - 12):m.start()], re.I):
            continue  # "several hundred flights": no figure
        value = _number(num) * _SCALES.get((m.group("scale") or "").lower(), 1.0)
        if m.group("member") and m.group("noun"):  # "a 21-member crew": 21 in the crew
            found.append(Quantity(text[m.start():m.end("noun")].strip(), value, "count", "count",
                                  m.group("noun")))
            continue
        counted = m.group("noun") if m.group("noun") and _plural(m.group("noun")) else None
        if (not sign and unit and unit.lower() in ("m", "k", "bn", "b")
                and not text[m.end("unit"):].startswith("-")
                # "1.5m people", "300k users": a scale on a counted noun, not metres; and
                # "8.5M Windows devices": a capital M glued to the figure is newsroom
                # shorthand for millions (the metre's symbol is a small m), whatever follows
                and (counted or (unit == "M" and m.end("num") == m.start("unit")))):
            found.append(Quantity(text[m.start():m.end("noun") if counted else m.end("unit")].strip(),
                                  value * _MONEY_SUFFIXES[unit.lower()], "count", "count", counted))
            continue
        if m.group("old"):  # "36-month-old": an age, i.e. a duration
            word = m.group("old").strip("-").split("-")[0].rstrip("s")
            kind, norm, factor = _UNITS[word]
            found.append(Quantity(m.group(0)[: m.end("old") - m.start()].strip(),
                                  value * factor, norm, kind, word))
            continue
        end = m.end("unit") if unit else m.end("scale") if m.group("scale") else m.end("num")
        if sign and unit and unit.lower() in _MONEY_SUFFIXES:
            # "€600m", "$2bn": after a currency sign the letter is a scale, not metres.
            value *= _MONEY_SUFFIXES[unit.lower()]
            found.append(Quantity(text[m.start():end].strip(), value,
                                  _CURRENCY_SIGNS[sign], "money", sign))
        elif sign or (unit and unit.lower() in _CURRENCY_WORDS):
            currency = _CURRENCY_SIGNS.get(sign or "") or _CURRENCY_WORDS[unit.lower()]
            found.append(Quantity(text[m.start():end].strip(), value, currency, "money",
                                  sign or unit))
        elif unit:
            kind, norm, factor = _UNITS[unit.lower()]
            if text.startswith("-old", end):
                end += 4
            found.append(Quantity(text[m.start():end].strip(), value * factor, norm, kind, unit))
        elif m.group("noun") and m.group("noun") not in _NOT_COUNTED and num.lower() != "one" \
                and not m.group("member"):
            if re.fullmatch(r"\d{4}", num) and 1800 <= value <= 2100:
                continue  # a year, which the dates annotator reads
            noun = m.group("noun")
            found.append(Quantity(text[m.start():m.end("noun")].strip(), value, "count",
                                  "count", noun))
    return found
