"""Titles of whole words: for reports without a headline and for narrow tables.

A headline is the outlet's; a report without one gets its first sentence, shortened
at a word boundary. Nothing shown to a reader ends in the middle of a word.
"""

from __future__ import annotations

# A title from a first sentence: about a headline's length.
TITLE_CHARS = 100
_ELLIPSIS = "\u2026"


def fit_words(text: str, max_chars: int) -> str:
    """``text`` on one line, cut after the last whole word that fits in ``max_chars``
    (the ellipsis included); a single word longer than that is kept whole."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    words: list[str] = []
    used = 1  # the ellipsis
    for word in text.split(" "):
        extra = len(word) + (1 if words else 0)
        if words and used + extra > max_chars:
            break
        words.append(word)
        used += extra
    return " ".join(words).rstrip(",;:-\u2013\u2014") + _ELLIPSIS


def title_from_text(text: str, max_chars: int = TITLE_CHARS) -> str:
    """A title for a report without a headline: its first sentence, in whole words."""
    from newsdesk.clean.sentences import split_sentences

    first_line = next((line for line in text.splitlines() if line.strip()), "")
    sentences = split_sentences(first_line)
    return fit_words(sentences[0] if sentences else first_line, max_chars)
