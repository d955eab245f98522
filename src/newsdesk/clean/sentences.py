"""Sentence splitting by rule, for stages that need sentences cheaply and have no parse
(stories, the brief's fallback when no annotation is stored). The annotator's spaCy
sentences are the reference; this is the fast approximation.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before
# whitespace and an upper-case letter, digit or opening quote; a newline always ends one.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)\]]?)\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
# Abbreviations that end with a period without ending the sentence.
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|St|Jr|Sr|No|vs|U\.S|U\.N)\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (whitespace-trimmed, empty ones dropped)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start() + len(match.group(1) or "")].strip()
        if "\n" not in match.group(0) and _ABBREV.search(candidate):
            continue  # "Mr. Steele" is one sentence
        if candidate:
            pieces.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
