"""Boilerplate inside article text: promo, navigation, share/subscribe/cookie lines.

Two kinds are removed, and every removed line is kept on the article for audit:

* lines that *look* like boilerplate on their own (``is_promo_line``): a live-blog
  teaser, "... click here.", "Share on Facebook", cookie notices;
* lines that an outlet repeats across many of its articles (``OutletBoilerplate``),
  learned from the store, since every site has its own sign-off and newsletter plug.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Whole-line patterns; each is anchored or specific enough that a real news sentence
# does not match (the tests check the seeds' real sentences survive).
_PROMO_PATTERNS = [
    r"^(live (briefing|updates?|blog|coverage)|breaking news|read more|related( stories| articles)?"
    r"|also read|see also|watch( now)?|listen( now)?|more on this story|recommended"
    r"|most read|trending( now)?|editor'?s picks?)\s*[:|-]",
    r"\bclick here\b",
    r"\b(tap|click) (here|the link|below) to\b",
    r"^(subscribe|sign up|register) (to|for|now|today)\b",
    r"\b(subscribe to|sign up for) our (free )?(daily |weekly )?newsletters?\b",
    r"^follow us on\b",
    r"\bfollow (us|@\w+) on (twitter|x|facebook|instagram|telegram|social media)\b",
    r"^share (this|on|via)\b",
    r"^(share|tweet|email|print|comments?)(\s*[|/]\s*(share|tweet|email|print|comments?))+$",
    r"\b(we|this (site|website)) uses? cookies\b",
    r"^(accept|reject|manage) (all )?cookies\b",
    r"^advertisement$",
    r"^(all rights reserved|copyright ©|© \d{4})",
    r"^(photo|image|video|source|credit)s?:\s*\S+(\s+\S+){0,6}$",
    r"^(download|get) (our|the) app\b",
    r"^(skip to (main )?content|back to top|menu|home|search)$",
]
_PROMO = re.compile("|".join(f"(?:{p})" for p in _PROMO_PATTERNS), re.IGNORECASE)
# A long line is prose, not a promo, unless it says "click here" or similar.
_LONG_LINE_CHARS = 400
_ALWAYS_PROMO = re.compile(r"\bclick here\b|\bsubscribe to our\b", re.IGNORECASE)


def is_promo_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) > _LONG_LINE_CHARS:
        return bool(_ALWAYS_PROMO.search(stripped))
    return bool(_PROMO.search(stripped))


def split_boilerplate(text: str) -> tuple[str, list[str]]:
    """Return (clean text, removed lines) for one article's normalised text."""
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        (removed if is_promo_line(line) else kept).append(line)
    return "\n".join(kept), removed


def _line_key(line: str) -> str:
    return " ".join(line.lower().split())


@dataclass(slots=True)
class OutletBoilerplate:
    """Lines an outlet repeats across its articles.

    A line counts as boilerplate when it appears in at least ``min_articles`` of the
    outlet's articles and in at least ``min_share`` of them. Very long lines are never
    boilerplate: a repeated long paragraph is a copy, which the copies stage handles.
    """

    min_articles: int = 3
    min_share: float = 0.3
    max_line_chars: int = 300

    def learn(self, texts: Iterable[str]) -> set[str]:
        counts: Counter[str] = Counter()
        total = 0
        for text in texts:
            total += 1
            counts.update({_line_key(line) for line in text.split("\n") if line.strip()})
        threshold = max(self.min_articles, self.min_share * total)
        return {
            key for key, n in counts.items()
            if n >= threshold and len(key) <= self.max_line_chars
        }

    @staticmethod
    def strip(text: str, repeated: set[str]) -> tuple[str, list[str]]:
        kept: list[str] = []
        removed: list[str] = []
        for line in text.split("\n"):
            (removed if _line_key(line) in repeated else kept).append(line)
        return "\n".join(kept), removed
