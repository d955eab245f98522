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
# price and a deal value), not one figure misreported.
MAX_ERROR_RATIO = 100.0


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


def _same_role(a: Statement, b: Statement, x: dict[str, Any], y: dict[str, Any], sim: float) -> bool:
    if sim >= 0.88:
        return True
    if x["kind"] == "percent":
        return False  # percentages are relative to different bases: too easy to mismatch
    shared = bool(_context(a.text, x) & _context(b.text, y))
    if x["kind"] == "count":
        same_noun = str(x.get("original_unit", ""))[:5] == str(y.get("original_unit", ""))[:5]
        return same_noun and (sim >= SIM_COUNT or shared)
    return shared


def _paired_quantities(a: Statement, b: Statement, sim: float) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Quantities that fill the same role: same kind and unit, the same number of them
    in each sentence, paired in order, and about the same thing (the counted noun or
    the words around them). Pairing unrelated amounts is the main source of false alarms."""
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    qa, qb = a.quantities(), b.quantities()
    for kind in {q["kind"] for q in qa} & {q["kind"] for q in qb}:
        xs = sorted((q for q in qa if q["kind"] == kind), key=lambda q: a.text.find(str(q["text"])))
        ys = sorted((q for q in qb if q["kind"] == kind), key=lambda q: b.text.find(str(q["text"])))
        if len(xs) == len(ys):
            pairs.extend(zip(xs, ys, strict=True))
    return [(x, y) for x, y in pairs if x.get("unit") == y.get("unit") and _same_role(a, b, x, y, sim)]


def _bare_numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)
            if n.replace(",", "").replace(".", "", 1).isdigit()}


def _stated_number(q: dict[str, Any]) -> float | None:
    found = re.search(r"\d[\d,]*(?:\.\d+)?", str(q.get("text", "")))
    return float(found.group().replace(",", "")) if found else None


def quantity_conflict(a: Statement, b: Statement, sim: float) -> Conflict | None:
    if sim < SIM_QUANTITY:
        return None
    for x, y in _paired_quantities(a, b, sim):
        if quantities_agree(x, y, _approximate(a.text, x), _approximate(b.text, y)):
            continue
        if _stated_number(x) in _bare_numbers(b.text) or _stated_number(y) in _bare_numbers(a.text):
            continue  # "employs 1,850 people, about 1,100 of them at ..." also says 1,100
        ratio = max(abs(x["value"]), abs(y["value"])) / max(min(abs(x["value"]), abs(y["value"])), 1e-9)
        if ratio > MAX_ERROR_RATIO:
            continue
        confidence = 0.9 if ratio >= 1.5 else 0.75
        if _lower_bounded(a.text) or _lower_bounded(b.text):
            confidence -= 0.15
        return Conflict("quantity", f"{x['text']} vs {y['text']}", round(confidence, 2), ratio)
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
    return any(qx.get("unit") == qy.get("unit") and quantities_agree(qx, qy)
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
            return Conflict("entity", f"{x} vs {y} in the same statement", round(min(0.9, sim), 2))
    return None


# --------------------------------------------------------------------- dates

def weekday_conflicts(s: Statement) -> list[str]:
    return [str(d.get("text")) for d in s.dates if d.get("weekday_conflict")]
