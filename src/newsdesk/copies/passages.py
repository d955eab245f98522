"""Shared passages: the in-order runs of words two reports have in common.

Near-duplicate detection asks how much of the smaller text's 5-word runs the other
holds; a republished wire story cut at a different point, or a window that overlaps its
origin's only in part, shares a third of its wording and nothing more, which is no
near-duplicate by that measure but plainly one text. What makes it one text is a few
long passages, in the same order on both sides. Two independent reports of one event
share something else: the statement they both quote, names, and stock phrases. So the
runs are counted outside quotation marks only: a shared quote is not a shared passage.
Nor is a shared photo caption: reports that buy the same agency photo print its caption
word for word (a paragraph that ends with the photo credit), and they are no copies.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A passage is at least this many words in a row on both sides: stock phrases ("said in
# a statement on Tuesday") and shared names stay below it.
MIN_RUN = 8
# A text's opening: its headline and the first words of its lead. An independent report
# writes its own lead; wire background that such reports share sits lower in the story.
LEAD_WORDS = 20
# Texts are compared on their first this many words (the alignment is quadratic in the
# worst case; a passage that matters starts well before that).
MAX_WORDS = 4000
_TOKEN = re.compile(r"\w+|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_OPEN = frozenset("\u201c\u201e\u00ab")  # curly and low opening marks; " toggles
# A photo caption: a paragraph that ends with the credit in parentheses, "(Photo by
# NAME/Getty Images)", "(AP Photo/NAME)", "(Reuters/NAME)", "(Image: ...)".
_CAPTION = re.compile(
    r"\((?:[^()]*\b(?:photo|photograph|image|images|getty|credit|pool|afp|epa|ap|reuters"
    r"|foto|bild)\b[^()]*|[^()]*\w/\w[^()]*)\)\W*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Words:
    """A text's word tokens (lower-cased), which of them are borrowed (inside quotation
    marks, or in a photo caption), and where each starts and ends in the text (to show a
    passage)."""

    words: list[str]
    quoted: list[bool]
    spans: list[tuple[int, int]]

    @classmethod
    def from_text(cls, text: str) -> Words:
        words: list[str] = []
        quoted: list[bool] = []
        spans: list[tuple[int, int]] = []
        for line_start, line in _lines(text):
            inside = False  # a quotation does not run on past its paragraph
            caption = _CAPTION.search(line) is not None
            for m in _TOKEN.finditer(line):
                token = m.group()
                if token[0].isalnum() or token[0] == "_":
                    words.append(token.lower())
                    quoted.append(inside or caption)
                    spans.append((line_start + m.start(), line_start + m.end()))
                    if len(words) >= MAX_WORDS:
                        return cls(words, quoted, spans)
                elif token == '"':
                    inside = not inside
                else:
                    inside = token in _OPEN
        return cls(words, quoted, spans)

    def __len__(self) -> int:
        return len(self.words)


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


@dataclass(frozen=True, slots=True)
class Passage:
    """One shared run: where it starts in each text (word index), how long it is, and how
    many of its words stand outside quotation marks on both sides (in stretches of at
    least MIN_RUN words)."""

    a: int
    b: int
    size: int
    own: int


@dataclass(frozen=True, slots=True)
class SharedPassages:
    passages: list[Passage]
    words_a: int
    words_b: int

    @property
    def shared(self) -> int:
        """Words in shared passages outside quotation marks."""
        return sum(p.own for p in self.passages)

    @property
    def longest(self) -> int:
        return max((p.own for p in self.passages), default=0)

    def opening(self, lead: int) -> int:
        """The longest passage (words outside quotes) that starts within the first
        ``lead`` words of either text: one report opens with the other's wording."""
        return max((p.own for p in self.passages if min(p.a, p.b) < lead), default=0)

    @property
    def share(self) -> float:
        """The shared words over the shorter text's words: how much of the text that
        holds less is passages of the other."""
        return self.shared / max(min(self.words_a, self.words_b), 1)

    def evidence(self) -> dict[str, float | int]:
        return {"passage_words": self.shared, "passage_share": round(self.share, 3),
                "longest_passage": self.longest, "passages": len(self.passages),
                "opening_passage": self.opening(LEAD_WORDS)}


def shared_passages(a: Words, b: Words, min_run: int = MIN_RUN) -> SharedPassages:
    """The in-order shared runs of at least ``min_run`` words (difflib's longest-first
    matching: each run is the longest one left between the runs already taken, so the
    runs keep both texts' order)."""
    passages = []
    for i, j, size in long_matching_blocks(a.words, b.words, min_run):
        free = [not a.quoted[i + k] and not b.quoted[j + k] for k in range(size)]
        passages.append(Passage(i, j, size, _own_words(free, min_run)))
    return SharedPassages(passages, len(a), len(b))


def long_matching_blocks(a: list[str], b: list[str], min_run: int) -> list[tuple[int, int, int]]:
    """difflib's matching blocks of at least ``min_run`` items, in order, without the
    rest: ``get_matching_blocks`` takes the longest match of a range and recurses into
    the ranges on either side of it, down to single shared words ("the", "said"), which
    was most of the time copies spent aligning two reports. A range whose longest match
    is shorter than ``min_run`` holds no longer one, so its search stops there; the
    blocks kept are the very ones difflib gives (with no junk, no two blocks it finds
    touch, so it merges none)."""
    if not _share_a_run(a, b, min_run):
        return []  # most candidate pairs of a dense stream: no alignment to build
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    blocks = []
    ranges = [(0, len(a), 0, len(b))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        i, j, size = matcher.find_longest_match(alo, ahi, blo, bhi)
        if size < min_run:
            continue
        blocks.append((i, j, size))
        if alo < i and blo < j:
            ranges.append((alo, i, blo, j))
        if i + size < ahi and j + size < bhi:
            ranges.append((i + size, ahi, j + size, bhi))
    return sorted(blocks)


def _share_a_run(a: list[str], b: list[str], size: int) -> bool:
    """Do the two word lists hold one run of ``size`` words in common? Without one,
    difflib's alignment (its set-up alone costs more) can find no block that long."""
    if len(a) < size or len(b) < size:
        return False
    runs = {tuple(a[i:i + size]) for i in range(len(a) - size + 1)}
    return any(tuple(b[j:j + size]) in runs for j in range(len(b) - size + 1))


def _own_words(free: list[bool], min_run: int) -> int:
    """Words outside quotes, counted in stretches of at least ``min_run``: the "the
    mayor said" after a shared quotation is no passage of its own."""
    total = run = 0
    for ok in [*free, False]:
        if ok:
            run += 1
            continue
        if run >= min_run:
            total += run
        run = 0
    return total


def passage_text(text: str, words: Words, start: int, size: int) -> str:
    """The text of a passage (from its first word's start to its last word's end)."""
    return text[words.spans[start][0]:words.spans[start + size - 1][1]]
