"""Text helpers for copy detection: word tokens, sentences, and which texts to compare.

The hashed features (shingles, content words) are computed in batches by ``sketch.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsdesk.clean.boilerplate import is_promo_line

SHINGLE = 5  # words per shingle: 5 keeps shared stock phrases from matching
_WORD = re.compile(r"\w+")
# Sentence ends: . ! ? (optionally followed by a closing quote or bracket) then space
# and an opening capital, digit or quote. Abbreviations like "U.S. officials" rarely
# matter here: both texts of a pair are split the same way.
_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])")
# Scraped pages often lose the break between paragraphs ("...the collapse.Maryland police
# said"): a sentence end glued to the next sentence's capital is a break too (two lower-case
# letters before the stop keep "U.S.Army" and initials whole).
_GLUED_END = re.compile(r"(?<=[a-z]{2}[.!?\u2026])(?=[A-Z][a-z])")

_U64 = np.uint64

# Words that carry no content: left out of the word sets used to find rewrites, where
# a spun copy keeps names, numbers and rare words but swaps the common ones.
_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say told tell according new one two year
    years"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of each uint64 (vectorised)."""
    h = h ^ (h >> _U64(30))
    h = h * _U64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> _U64(27))
    h = h * _U64(0x94D049BB133111EB)
    return h ^ (h >> _U64(31))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits of any script)."""
    return _WORD.findall(text.lower())


def split_sentences(text: str) -> list[str]:
    """Paragraph lines split at sentence ends; empty pieces dropped."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out.extend(s.strip() for piece in _SENT_END.split(line)
                       for s in _GLUED_END.split(piece) if s.strip())
    return out


@dataclass(slots=True)
class Eligibility:
    ok: bool
    words: int
    reason: str | None = None


MIN_WORDS = 60  # below this a text is a headline, teaser or summary, not a report
# A teaser (headline and first sentence of a wire story: under MIN_WORDS words in one
# or two sentences) is still compared, but only as a near-duplicate of a longer text
# (verify.py); below this it says too little. A short text of more sentences is a
# summary, and not compared (a summary of a report is no copy of it).
MIN_SHORT_WORDS = 25
MIN_SENTENCES = 3
PROSE_LINE_WORDS = 20


def eligibility(text: str, lang: str | None) -> Eligibility:
    """Whether a text is compared at all, and if not, why (shown to the user). Texts of
    every language are compared (``lang`` is kept for callers; translations are found
    across languages by ``translate.py``).

    Short texts share too little to tell a copy from a second report of one event, and
    a page of navigation and promo lines matches every other page of its site.
    """
    # str.split counts words closely enough here and is much cheaper than the regex. A
    # line of PROSE_LINE_WORDS or more is prose; short lines are checked for promo only
    # when the long ones alone fall short of the minimum (the promo regex is costly).
    lines = [(line, len(line.split())) for line in text.split("\n") if line.strip()]
    prose = [line for line, n in lines if n >= PROSE_LINE_WORDS]
    if sum(n for _l, n in lines if n >= PROSE_LINE_WORDS) >= MIN_WORDS:
        prose += [line for line, n in lines if n < PROSE_LINE_WORDS]
    else:
        prose += [line for line, n in lines if n < PROSE_LINE_WORDS and not is_promo_line(line)]
    words = sum(len(line.split()) for line in prose)
    if words < MIN_WORDS and len(text.split()) >= MIN_WORDS:
        return Eligibility(False, words, f"boilerplate only: {words} words of prose")
    if words < MIN_SHORT_WORDS:
        return Eligibility(False, words, f"too short: {words} words (minimum {MIN_SHORT_WORDS})")
    sentences = len(split_sentences("\n".join(prose)))
    if words < MIN_WORDS and sentences < MIN_SENTENCES:
        return Eligibility(True, words)  # a teaser: compared as a near-duplicate only
    if words < MIN_WORDS:
        return Eligibility(False, words, f"too short: {words} words (minimum {MIN_WORDS}, "
                           f"or a teaser of {MIN_SHORT_WORDS}+ words in one or two sentences)")
    if len(prose) < MIN_SENTENCES and len(split_sentences("\n".join(prose))) < MIN_SENTENCES:
        return Eligibility(False, words, f"fewer than {MIN_SENTENCES} sentences")
    return Eligibility(True, words)
