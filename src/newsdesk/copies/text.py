"""Text features for copy detection: tokens, stable token hashes, shingles, sentences.

Hashes must be stable across processes (the LSH index is persisted), so Python's salted
``hash()`` is out. Token hashes are computed for a whole document at once with numpy:
the tokens are joined with spaces, and a polynomial hash of each token's bytes is summed
with ``np.add.reduceat`` — no Python loop per token.
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

_U64 = np.uint64
_P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the polynomial token hash
_POW = np.array([pow(int(_P), i, 1 << 64) for i in range(64)], dtype=_U64)  # P**i mod 2**64
_SHINGLE_MULT = np.array(
    [0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93, 0xA0761D6478BD642F,
     0xE7037ED1A0B428DB, 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3, 0x1D8E4E27C47D124F],
    dtype=_U64,
)

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


def token_hashes(words: list[str]) -> np.ndarray:
    """One stable uint64 hash per token, computed for all tokens at once."""
    if not words:
        return np.zeros(0, dtype=_U64)
    data = np.frombuffer(" ".join(words).encode("utf-8"), dtype=np.uint8)
    space = data == 32
    starts = np.concatenate(([0], np.flatnonzero(space) + 1))
    token_of = np.cumsum(space)
    position = np.arange(data.size) - starts[token_of]
    values = (data.astype(_U64) + _U64(1)) * _POW[np.minimum(position, 63)]
    values[space] = 0
    sums = np.add.reduceat(values, starts)
    lengths = np.diff(np.concatenate((starts, [data.size + 1]))).astype(_U64)
    return mix64(sums ^ (lengths << _U64(56)))


def shingle_hashes(hashes: np.ndarray, k: int = SHINGLE) -> np.ndarray:
    """Hashes of the distinct k-word shingles (a text shorter than k is one shingle)."""
    n = hashes.size
    if n == 0:
        return hashes
    if n < k:
        return mix64(np.array([np.bitwise_xor.reduce(hashes * _SHINGLE_MULT[: n])], dtype=_U64))
    acc = np.zeros(n - k + 1, dtype=_U64)
    for offset in range(k):  # k vector ops, not one per shingle
        acc += hashes[offset : n - k + 1 + offset] * _SHINGLE_MULT[offset]
    return np.unique(mix64(acc))


def content_words(words: list[str]) -> list[str]:
    """Stems (first 6 letters) of the non-stopwords: "accused" and "accuses" meet."""
    return [w[:6] for w in words if w not in STOPWORDS and (len(w) > 2 or w.isdigit())]


def content_hashes(words: list[str]) -> np.ndarray:
    return np.unique(token_hashes(content_words(words)))


def split_sentences(text: str) -> list[str]:
    """Paragraph lines split at sentence ends; empty pieces dropped."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            out.extend(s.strip() for s in _SENT_END.split(line) if s.strip())
    return out


@dataclass(slots=True)
class Eligibility:
    ok: bool
    words: int
    reason: str | None = None


MIN_WORDS = 60  # below this a text is a headline, teaser or summary, not a report
MIN_SENTENCES = 3


def eligibility(text: str, lang: str | None) -> Eligibility:
    """Whether a text is compared at all, and if not, why (shown to the user).

    Short texts share too little to tell a copy from a second report of one event, and
    a page of navigation and promo lines matches every other page of its site.
    """
    if lang and not lang.lower().startswith("en"):
        return Eligibility(False, 0, f"language {lang!r}: copies are detected among English texts")
    prose = [line for line in text.split("\n") if line.strip() and not is_promo_line(line)]
    words = len(tokens(" ".join(prose)))
    all_words = len(tokens(text))
    if words < MIN_WORDS and all_words >= MIN_WORDS:
        return Eligibility(False, words, f"boilerplate only: {words} words of prose")
    if words < MIN_WORDS:
        return Eligibility(False, words, f"too short: {words} words (minimum {MIN_WORDS})")
    if len(split_sentences("\n".join(prose))) < MIN_SENTENCES:
        return Eligibility(False, words, f"fewer than {MIN_SENTENCES} sentences")
    return Eligibility(True, words)
