"""Labelled test pairs from real sentences: change one detail the way a careless or
dishonest rewrite does (a number, a unit, a date, a name, a negation, a hedge, a word
inside a quote) and say which discrepancy type a cross-check should report, or that it
should report none (an equivalent unit conversion).

Deterministic for a seed, any size: ``perturbations(sentences, n, seed)`` cycles over
the sentences and the kinds that apply to each.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.crosscheck.quotes import outside_quotes
from newsdesk.crosscheck.statements import Statement
from newsdesk.records import Article, Finding, content_id

# kind -> the discrepancy type a cross-check should report ("none": no discrepancy)
KINDS: dict[str, str] = {
    "number_x10": "quantity", "number_digits": "quantity", "number_30pct": "quantity",
    "unit_swap": "quantity", "unit_equivalent": "none",
    "date_shift": "date", "weekday_shift": "date",
    "name_swap": "entity", "name_misspelling": "entity",
    "negation_insert": "polarity", "negation_remove": "polarity", "antonym": "polarity",
    "hedge_insert": "hedge", "quote_word": "quote",
}


@dataclass(frozen=True, slots=True)
class Perturbation:
    original: str
    perturbed: str
    kind: str  # a key of KINDS
    detail: str  # what changed, e.g. "3,200 → 32,000"

    @property
    def label(self) -> str:
        return KINDS[self.kind]


# --------------------------------------------------------------------- numbers and units

# A figure not glued to letters or other digits; years and times are dates, not amounts.
_NUMBER = re.compile(r"(?<![\w.,:/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:/]|[.,]\d)")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# unit word -> (canonical name, metres / kilograms per unit, the unit it converts to)
_UNITS = {
    "miles": ("miles", 1609.344, "kilometres"), "mile": ("miles", 1609.344, "kilometres"),
    "kilometres": ("kilometres", 1000.0, "miles"), "kilometers": ("kilometres", 1000.0, "miles"),
    "km": ("kilometres", 1000.0, "miles"), "metres": ("metres", 1.0, "feet"),
    "meters": ("metres", 1.0, "feet"), "feet": ("feet", 0.3048, "metres"),
    "kilograms": ("kilograms", 1.0, "pounds"), "kg": ("kilograms", 1.0, "pounds"),
    "pounds": ("pounds", 0.45359237, "kilograms"), "lbs": ("pounds", 0.45359237, "kilograms"),
}
_FACTORS = {"miles": 1609.344, "kilometres": 1000.0, "metres": 1.0, "feet": 0.3048,
            "kilograms": 1.0, "pounds": 0.45359237}
_UNIT_AFTER = re.compile(r"\s?-?(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b")


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _format(value: float, like: str) -> str:
    """A number written the way the original was (thousands commas, decimals)."""
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals:
        return f"{value:,.{decimals}f}" if "," in like else f"{value:.{decimals}f}"
    return f"{round(value):,}" if "," in like or round(value) >= 10000 else str(round(value))


# A month name next to a number makes it a day of the month: a date, not an amount.
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def _amounts(sentence: str) -> list[re.Match[str]]:
    return [m for m in _NUMBER.finditer(sentence)
            if not _YEAR.match(m.group()) and _value(m.group()) > 0
            and not re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC)", sentence[m.end():])
            and not re.search(_MONTH_NAME + r"\.?\s+$", sentence[:m.start()])
            and not re.match(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_NAME, sentence[m.end():])]


def _replace(sentence: str, start: int, end: int, new: str) -> str:
    return sentence[:start] + new + sentence[end:]


def _swap_digits(text: str, rng: random.Random) -> str | None:
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    pairs = [(i, j) for i, j in itertools.pairwise(digits) if text[i] != text[j]]
    if not pairs:
        return None
    i, j = rng.choice(pairs)
    chars = list(text)
    chars[i], chars[j] = chars[j], chars[i]
    new = "".join(chars)
    return None if new.lstrip("0") != new.lstrip("0,.") or new.startswith("0") else new


def _number_edits(sentence: str, rng: random.Random) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    amounts = _amounts(sentence)
    if not amounts:
        return out
    m = rng.choice(amounts)
    old, value = m.group(), _value(m.group())
    new = _format(value * 10, old)
    out.append(("number_x10", _replace(sentence, m.start(), m.end(), new), f"{old} → {new}"))
    swapped = _swap_digits(old, rng)
    if swapped and swapped != old:
        out.append(("number_digits", _replace(sentence, m.start(), m.end(), swapped), f"{old} → {swapped}"))
    factor = rng.choice((0.7, 1.3))
    changed = _format(value * factor, old)
    if _value(changed) != value and value >= 3:
        out.append(("number_30pct", _replace(sentence, m.start(), m.end(), changed), f"{old} → {changed}"))
    return out


def _unit_edits(sentence: str) -> list[tuple[str, str, str]]:
    for m in _amounts(sentence):
        unit = _UNIT_AFTER.match(sentence, m.end())
        if not unit:
            continue
        name, factor, other = _UNITS[unit.group(1).lower()]
        old = sentence[m.start():unit.end()]
        sep = sentence[m.end():unit.start(1)]
        value = _value(m.group()) * factor / _FACTORS[other]
        # Round the way a reporter converts: as many decimals as the original, at least
        # one below ten.
        decimals = max(len(m.group().split(".")[1]) if "." in m.group() else 0, int(value < 10))
        converted = f"{value:,.{decimals}f}"
        equivalent = f"{converted}{sep}{other}"
        wrong = f"{m.group()}{sep}{other}"
        return [("unit_swap", _replace(sentence, m.start(), unit.end(), wrong), f"{old} → {wrong}"),
                ("unit_equivalent", _replace(sentence, m.start(), unit.end(), equivalent),
                 f"{old} → {equivalent} ({name} to {other})")]
    return []


# --------------------------------------------------------------------- dates

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (" + "|".join(_MONTHS) + r")\b")
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r") (\d{1,2})(?:st|nd|rd|th)?\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")


def _date_edits(sentence: str, rng: random.Random) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for pattern, group in ((_DAY_MONTH, 1), (_MONTH_DAY, 2)):
        m = pattern.search(sentence)
        if m and 1 <= int(m.group(group)) <= 28:
            day = int(m.group(group))
            new_day = day + rng.choice((-2, -1, 1, 2)) if day > 2 else day + rng.choice((1, 2))
            new = _replace(m.group(), m.start(group) - m.start(), m.end(group) - m.start(), str(new_day))
            out.append(("date_shift", _replace(sentence, m.start(), m.end(), new), f"{m.group()} → {new}"))
            break
    m = _WEEKDAY.search(sentence)
    if m:
        new = _WEEKDAYS[(_WEEKDAYS.index(m.group()) + rng.choice((1, 2, 5, 6))) % 7]
        out.append(("weekday_shift", _replace(sentence, m.start(), m.end(), new), f"{m.group()} → {new}"))
    return out


# --------------------------------------------------------------------- names

def _misspell(name: str, rng: random.Random) -> str | None:
    """One letter of the surname replaced by a neighbouring consonant or vowel, never by a
    doubled letter (doubling is how transliterations differ, not a misspelling)."""
    surname = name.split()[-1]
    if len(surname) < 5:
        return None
    positions = [i for i in range(1, len(surname) - 1) if surname[i].isalpha()]
    i = rng.choice(positions)
    vowels, consonants = "aeiou", "bcdfgklmnprstvz"
    pool = vowels if surname[i].lower() in vowels else consonants
    near = {surname[i].lower(), surname[i - 1].lower(), surname[i + 1].lower()}
    choices = [c for c in pool if c not in near]
    new = surname[:i] + rng.choice(choices) + surname[i + 1:]
    return name[: len(name) - len(surname)] + new


def _name_edits(sentence: str, names: Sequence[str], rng: random.Random) -> list[tuple[str, str, str]]:
    present = [n for n in names if re.search(rf"\b{re.escape(n)}\b", sentence)]
    if not present:
        return []
    name = rng.choice(present)
    out: list[tuple[str, str, str]] = []
    surname = name.split()[-1]
    others = [n for n in names if n.split()[-1] != surname and n not in sentence
              and len(n.split()) == len(name.split())]
    if others:
        other = rng.choice(others)
        out.append(("name_swap", re.sub(rf"\b{re.escape(name)}\b", other, sentence), f"{name} → {other}"))
    wrong = _misspell(name, rng)
    if wrong:
        out.append(("name_misspelling", re.sub(rf"\b{re.escape(name)}\b", wrong, sentence),
                    f"{name} → {wrong}"))
    return out


# --------------------------------------------------------------------- polarity and hedging

# "has"/"have"/"had" only as auxiliaries ("had warned"), never as the main verb ("have a range").
_PERFECT = r"(?:has|have|had)(?= (?:been|\w+ed|\w+en|made|said|met|held|sent|told|won|lost)\b)"
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|did|does|"
                  + _PERFECT + r")\b(?! not\b)(?!n't)")
_NEGATED = re.compile(r"\b(is|are|was|were|will|would|has|have|had|can|could|should|did|does) not\b")
_ANTONYMS = {
    "rose": "fell", "fell": "rose", "increased": "decreased", "decreased": "increased",
    "won": "lost", "lost": "won", "accepted": "rejected", "rejected": "accepted",
    "approved": "rejected", "agreed": "refused", "refused": "agreed", "confirmed": "denied",
    "denied": "confirmed", "opened": "closed", "closed": "opened", "supported": "opposed",
    "opposed": "supported", "allowed": "banned", "banned": "allowed", "raised": "lowered",
    "lowered": "raised", "higher": "lower", "lower": "higher", "strong": "weak", "weak": "strong",
    "success": "failure", "failure": "success", "welcomed": "condemned", "condemned": "welcomed",
    "increase": "decrease", "decrease": "increase", "gained": "lost", "began": "ended",
    "ended": "began", "lifted": "imposed", "imposed": "lifted", "survived": "died",
}
_ANTONYM = re.compile(r"\b(" + "|".join(_ANTONYMS) + r")\b")
_HEDGE_AT = re.compile(r"\b(is|are|was|were|will|" + _PERFECT + r"|plans|planned|killed|agreed|said)\b")
_QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
_QUOTE_WORD = re.compile(r"\b[a-z]{4,}\b")


def _polarity_edits(sentence: str) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    outside = outside_quotes(sentence)  # never inside a quote
    m = _AUX.search(outside)
    if m:
        out.append(("negation_insert", _replace(sentence, m.end(), m.end(), " not"),
                    f"{m.group()} → {m.group()} not"))
    m = _NEGATED.search(outside)
    if m:
        out.append(("negation_remove", _replace(sentence, m.start(), m.end(), m.group(1)),
                    f"{m.group()} → {m.group(1)}"))
    m = _ANTONYM.search(outside)
    if m:
        new = _ANTONYMS[m.group()]
        out.append(("antonym", _replace(sentence, m.start(), m.end(), new), f"{m.group()} → {new}"))
    m = _HEDGE_AT.search(outside)
    if m and "reportedly" not in sentence.lower():
        verb = m.group()
        hedged = f"{verb} reportedly" if verb in ("is", "are", "was", "were", "will", "has", "have", "had") \
            else f"reportedly {verb}"
        out.append(("hedge_insert", _replace(sentence, m.start(), m.end(), hedged), f"{verb} → {hedged}"))
    return out


def _quote_edits(sentence: str, rng: random.Random) -> list[tuple[str, str, str]]:
    m = _QUOTE.search(sentence)
    if not m:
        return []
    words = [w for w in _QUOTE_WORD.finditer(m.group(1))]
    if not words:
        return []
    w = rng.choice(words)
    start, end = m.start(1) + w.start(), m.start(1) + w.end()
    new = _ANTONYMS.get(w.group()) or rng.choice(("very", "never", "certainly", "partly", "largely"))
    return [("quote_word", _replace(sentence, start, end, new), f"“{w.group()}” → “{new}” inside the quote")]


# --------------------------------------------------------------------- generator

def sentence_perturbations(sentence: str, names: Sequence[str] = (), seed: int = 0,
                           kinds: Iterable[str] | None = None) -> list[Perturbation]:
    """Every perturbation kind that applies to one sentence (at most one of each kind)."""
    rng = random.Random(f"{seed}:{sentence}")
    edits = (_number_edits(sentence, rng) + _unit_edits(sentence) + _date_edits(sentence, rng)
             + _name_edits(sentence, names, rng) + _polarity_edits(sentence) + _quote_edits(sentence, rng))
    wanted = set(kinds) if kinds is not None else set(KINDS)
    return [Perturbation(sentence, new, kind, detail) for kind, new, detail in edits
            if kind in wanted and new != sentence]


def _one_pass(sentences: Sequence[str], seed: int, names: Sequence[str],
              wanted: list[str]) -> list[Perturbation]:
    """Every sentence once, the kinds taking turns (round robin), so a rare kind (a unit,
    a quote) is spread through the list instead of crowded out by numbers."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    pools: dict[str, list[Perturbation]] = {k: [] for k in wanted}
    for i in order:
        for p in sentence_perturbations(sentences[i], names, seed, wanted):
            pools[p.kind].append(p)
    out: list[Perturbation] = []
    for turn in range(max((len(pool) for pool in pools.values()), default=0)):
        out.extend(pools[k][turn] for k in wanted if turn < len(pools[k]))
    return out


def perturbations(sentences: Sequence[str], n: int, seed: int = 0, names: Sequence[str] = (),
                  kinds: Iterable[str] | None = None) -> list[Perturbation]:
    """``n`` labelled pairs. When the sentences run out, the next pass uses the next seed
    (other numbers, days and names; the seed-free edits repeat), so any ``n`` is reached."""
    wanted = list(KINDS) if kinds is None else [k for k in KINDS if k in set(kinds)]
    out: list[Perturbation] = []
    while len(out) < n:
        batch = _one_pass(sentences, seed, names, wanted)
        if not batch:
            break
        out.extend(batch)
        seed += 1
    return out[:n]


# --------------------------------------------------------------------- checking pairs

def _statements(result: dict[str, Any], article_id: str, published: str | None = None) -> list[Statement]:
    """Statements of one annotated text (annotate stage output, no store)."""
    out = {int(s["index"]): Statement(article_id, article_id, int(s["index"]), str(s["text"]),
                                      published=published)
           for s in result["sentences"]}
    for kind in ("claims", "quotes", "mentions", "dates"):
        for row in result[kind]:
            index = row.get("sentence_index")
            if index is None and row.get("start") is not None:
                index = next((int(s["index"]) for s in result["sentences"]
                              if int(s["start"]) <= int(row["start"]) < int(s["end"])), None)
            if index is not None and int(index) in out:
                getattr(out[int(index)], kind).append(row)
    return [out[i] for i in sorted(out)]


def compare_texts(pairs: Sequence[tuple[str, str]], published: Sequence[str | None] | None = None,
                  batch: int = 64) -> list[list[Finding]]:
    """Cross-check each (text a, text b) pair as two articles from independent sources:
    the annotate stage in memory, then ``crosscheck_statements``. Returns each pair's
    findings (discrepancies, and the facts they corroborate)."""
    from newsdesk.annotate.aliases import load_aliases
    from newsdesk.annotate.entities import EntityRegistry
    from newsdesk.annotate.stage import AnnotateStage
    from newsdesk.crosscheck.run import crosscheck_statements

    aliases = load_aliases(None)
    stage = AnnotateStage(aliases, EntityRegistry(aliases))
    dates = list(published) if published is not None else [None] * len(pairs)
    # Each distinct text is annotated once (a document compared with many summaries).
    unique = list(dict.fromkeys((text, dates[i]) for i, pair in enumerate(pairs) for text in pair))
    articles = [Article(id=content_id(text, str(day)), document_id="pairs", source=f"pairs:{k}",
                        text=text, text_hash=content_id(text), lang="en", published=day)
                for k, (text, day) in enumerate(unique)]
    results: dict[tuple[str, str | None], dict[str, Any]] = {}
    try:
        for k in range(0, len(articles), batch):
            chunk = articles[k:k + batch]
            for article, result in zip(chunk, stage.process(chunk), strict=True):
                results[(article.text, article.published)] = result
    finally:
        stage.close()
    out = []
    for i, (a, b) in enumerate(pairs):
        statements = (_statements(results[(a, dates[i])], f"pair{i}-a", dates[i])
                      + _statements(results[(b, dates[i])], f"pair{i}-b", dates[i]))
        out.append(crosscheck_statements(f"pair{i}", statements))
    return out


def discrepancy_types(findings: Sequence[Finding]) -> set[str]:
    """Types of the discrepancies between the two texts of a pair: a finding inside one
    text alone (a weekday that does not match its own date, with no partner sentence in
    the other text) is that text's problem, not a disagreement between them."""
    return {f.type for f in findings if f.kind == "discrepancy" and len(f.articles) >= 2}
