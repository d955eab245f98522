"""What the discrepancy detectors share: the Conflict they report, how similar two
statements must be before each compares them, and how they split text into words.

The detectors themselves each have a module of one job: crosscheck.figures (whether
two figures can both be true), crosscheck.quantity (whether two figures fill one role,
and the quantity conflict), crosscheck.claim_match (claims that state one thing),
crosscheck.names (names and their spellings), crosscheck.weekdays (a weekday against
its date); polarity, hedging, dates and quotes have theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

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


_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
                   "but", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
                   "their", "his", "her", "this", "that", "which", "who", "than", "more", "less", "about",
                   "some", "over", "under", "including", "per"])


def _words(text: str) -> list[str]:
    """Lower-case words; quote marks and hyphens at a word's ends and the dots of
    abbreviations do not count ("'Sopranos'" = "Sopranos", "U.K." = "UK")."""
    return list(_word_tuple(text))


# The detectors compare every aligned pair of a story's statements and read each
# statement's text again in every pair: a story of k reports tokenised each sentence
# O(k) times (issue 16: 280k calls for 88 stories). Their pure per-text functions are
# therefore cached (``per_text``) for the pairs of one story, and emptied after it
# (``forget_texts``), so a run over many stories holds one story's texts.
_TEXT_CACHES: list[_lru_cache_wrapper[Any]] = []
T = TypeVar("T")


def per_text(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
    """``function`` cached per argument until ``forget_texts``."""
    cached = lru_cache(maxsize=1 << 15)(function)
    _TEXT_CACHES.append(cached)
    return cached


def forget_texts() -> None:
    for cached in _TEXT_CACHES:
        cached.cache_clear()


@per_text
def _word_tuple(text: str) -> tuple[str, ...]:
    text = re.sub(r"(?<=\b\w)\.(?=\w\b|\s|$)", "", text)
    words = (w.strip("'’-").lower() for w in _WORD.findall(text))
    return tuple(w for w in words if w)
