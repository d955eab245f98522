"""What changed between two versions of an article: a word diff.

A correction ("14 dead" → "16 dead") or a stealth edit (a sentence quietly dropped)
is a few words in a long text, so the diff is by words, and long unchanged runs are
shortened to a few words of context on each side, as ``git diff --word-diff`` shows.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from newsdesk.records import ArticleVersion

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The words of ``old`` and ``new`` as runs kept, deleted and inserted, in order."""
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("equal", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(DiffPart("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(DiffPart("insert", " ".join(b[j1:j2])))
    return parts


def shorten(parts: list[DiffPart], context: int = 8) -> list[DiffPart]:
    """Unchanged runs cut to ``context`` words beside each change ("…" in between)."""
    out: list[DiffPart] = []
    for index, part in enumerate(parts):
        words = part.text.split()
        if part.op != "equal" or len(words) <= 2 * context + 1:
            out.append(part)
            continue
        head = words[:context] if index > 0 else []
        tail = words[-context:] if index < len(parts) - 1 else []
        out.append(DiffPart("equal", " ".join([*head, "…", *tail])))
    return out


def render(parts: list[DiffPart]) -> str:
    """Plain text: ``[-deleted-]`` and ``{+inserted+}``, like git's word diff."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[p.op].format(p.text) for p in parts if p.text)


def changed_words(parts: list[DiffPart]) -> tuple[int, int]:
    """(words deleted, words inserted)."""
    return (sum(len(p.text.split()) for p in parts if p.op == "delete"),
            sum(len(p.text.split()) for p in parts if p.op == "insert"))


def latest_change(versions: list[ArticleVersion]) -> list[DiffPart]:
    """The shortened word diff from the previous version to the current one; [] when
    the article has a single version."""
    if len(versions) < 2:
        return []
    return shorten(word_diff(versions[-2].text, versions[-1].text))
