"""Measures and amounts in German, French, Spanish, Italian and Portuguese reports.

Only English text is parsed (annotate.quantities reads it); reports in these languages
write numbers by their own conventions, which the English rules misread ("2,6 km" is
2.6 km, not 6 km; "1.200 Meter" is 1,200 m): a decimal comma, a dot or a space between
thousands, unit words of the language ("Meter", "metri", "pieds", "Fuß") and scale
words ("Millionen", "milliards", "milioni"). The records are annotate.quantities'
Quantity, normalised to the same units, so a figure of a French report and one of an
English report compare directly.
"""

from __future__ import annotations

import re

from newsdesk.records import Quantity

LANGUAGES = frozenset(["de", "fr", "es", "it", "pt"])

# unit word (lower case) -> (kind, normalised unit, factor)
_UNITS: dict[str, tuple[str, str, float]] = {}


def _unit(kind: str, unit: str, factor: float, *names: str) -> None:
    for name in names:
        _UNITS[name] = (kind, unit, factor)


_unit("distance", "m", 1.0, "m", "meter", "metern", "meters", "mètre", "mètres", "metre", "metres", "metro",
      "metri", "metros")
_unit("distance", "m", 1000.0, "km", "kilometer", "kilometern", "kilomètre", "kilomètres", "kilometro",
      "chilometro", "chilometri", "kilómetro", "kilómetros", "quilómetro", "quilómetros", "quilômetro",
      "quilômetros")
_unit("distance", "m", 0.3048, "fuß", "fuss", "pied", "pieds", "piede", "piedi", "pie", "pies", "pé", "pés")
_unit("distance", "m", 1609.344, "meile", "meilen", "milles", "miglio", "miglia", "milla", "millas",
      "milha", "milhas")
_unit("mass", "kg", 1000.0, "t", "tonne", "tonnen", "tonnes", "tonnellata", "tonnellate", "tonelada",
      "toneladas")
_unit("mass", "kg", 1.0, "kg", "kilo", "kilos", "kilogramm", "kilogramme", "kilogrammes", "chilogrammi",
      "kilogramos", "quilos")

_SCALES: dict[str, float] = {}
for _word, _value in (("tausend", 1e3), ("mille", 1e3), ("mil", 1e3),
                      ("million", 1e6), ("millionen", 1e6), ("mio", 1e6), ("millions", 1e6),
                      ("milione", 1e6), ("milioni", 1e6), ("millón", 1e6), ("millones", 1e6),
                      ("milhão", 1e6), ("milhões", 1e6), ("milliarde", 1e9), ("milliarden", 1e9),
                      ("mrd", 1e9), ("milliard", 1e9), ("milliards", 1e9), ("miliardo", 1e9),
                      ("miliardi", 1e9), ("bilhão", 1e9), ("bilhões", 1e9), ("mil millones", 1e9)):
    _SCALES[_word] = _value

_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "dollari": "USD", "dólar": "USD", "dólares": "USD",
                   "euro": "EUR", "euros": "EUR", "pfund": "GBP", "livres": "GBP", "sterline": "GBP",
                   "libras": "GBP"}
_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}

# 1.200 / 1 200 / 1'200 thousands; a decimal comma: 2,6 / 8,5
_NUM = r"\d{1,3}(?:[.\u00a0\u202f' ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))
_UNIT = "|".join(sorted(map(re.escape, [*_UNITS, *_CURRENCY_WORDS]), key=len, reverse=True))
_SIGN = "|".join(sorted(map(re.escape, _SIGNS), key=len, reverse=True))
_PATTERN = re.compile(
    rf"(?<![\w.,])(?P<sign>{_SIGN})?\s?(?P<num>{_NUM})(?![\d])"
    rf"(?:\s?(?P<scale>(?i:{_SCALE}))\.?(?!\w))?"
    rf"(?:\s?(?:de\s|d[’'])?(?P<unit>(?i:{_UNIT}))(?![\w]))?"
    rf"(?:\s?(?P<after>{_SIGN}))?"
)


def parse_number(text: str) -> float:
    """"1.200" 1200, "1 200" 1200, "2,6" 2.6, "8,5" 8.5 (the conventions of these languages)."""
    return float(re.sub(r"[.\u00a0\u202f' ]", "", text).replace(",", "."))


def find_quantities_intl(text: str, lang: str) -> list[Quantity]:
    """Every measure (distance, mass) and amount of money in a sentence of a report in
    one of LANGUAGES. Bare counts are left out: what they count is a noun of the
    language, which no English figure shares."""
    if lang not in LANGUAGES:
        return []
    out: list[Quantity] = []
    for m in _PATTERN.finditer(text):
        unit, sign = m.group("unit"), m.group("sign") or m.group("after")
        if not (unit or sign):
            continue
        value = parse_number(m.group("num")) * _SCALES.get((m.group("scale") or "").lower().rstrip("."), 1.0)
        wording = m.group(0).strip()
        if sign or (unit and unit.lower() in _CURRENCY_WORDS):
            currency = _SIGNS.get(sign or "") or _CURRENCY_WORDS[(unit or "").lower()]
            out.append(Quantity(wording, value, currency, "money", sign or unit))
        elif unit:
            kind, norm, factor = _UNITS[unit.lower()]
            out.append(Quantity(wording, value * factor, norm, kind, unit))
    return out
