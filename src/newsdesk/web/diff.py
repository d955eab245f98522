"""Word-level differences between two evidence sentences, for side-by-side display."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\w+(?:[.,'’-]\w+)*|[^\w\s]|\s+")


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Split both sentences into (segment, differs) runs; whitespace never differs."""
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    key_a = [t.lower() for t in ta]
    key_b = [t.lower() for t in tb]
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, key_a, key_b, autojunk=False).get_opcodes():
        changed = op != "equal"
        left.extend((t, changed and not t.isspace()) for t in ta[i1:i2])
        right.extend((t, changed and not t.isspace()) for t in tb[j1:j2])
    return _merge(left), _merge(right)


def _merge(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for text, changed in runs:
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + text, changed)
        else:
            out.append((text, changed))
    return out
