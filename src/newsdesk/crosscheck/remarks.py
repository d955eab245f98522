"""One remark quoted in many versions is one dispute.

The pairwise quote detector (crosscheck.quotes) compares two versions at a time: a
remark that five reports print in four wordings gives up to six pairwise disputes, each
with its own pair of snippets, which no reader can piece together. Here the quote
disputes of a story are joined through the quotes they share (one speaker's remark, as
each report prints it); a remark with three or more versions becomes one dispute that
lists every version once, the version most sources give first, and says what each of the
others changed in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from newsdesk.crosscheck.detectors import _words
from newsdesk.crosscheck.quotes import altered_places, joined_quotes, quote_verdict, readable_changes
from newsdesk.crosscheck.statements import Statement

# A remark in at least this many wordings is told as one dispute; two wordings stay the
# pairwise dispute (crosscheck.run._odd_one_out already lists further reports of either).
MIN_VERSIONS = 3
# The stretch of a remark shown for each version: its changed places with a word either
# side, when that fits in this many words; else each version's places alone.
SHOWN_WORDS = 14

_Node = tuple[str, int, int]  # article, sentence, the quote's start in it


@dataclass(slots=True)
class Version:
    """One wording of a remark and the sentences that print it (in report order), each
    with its words of the remark (a cut at either end, or a grammar word, aside)."""
    quote: str
    printed: list[tuple[Statement, str]] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)

    @property
    def statements(self) -> list[Statement]:
        return [s for s, _ in self.printed]

    @property
    def sources(self) -> int:
        return len({s.group for s, _ in self.printed})

    def plainest(self) -> Statement:
        """The sentence to show it by: one that prints these very words, the shortest."""
        words = _words(self.quote)
        return min(self.printed, key=lambda p: (_words(p[1]) != words, len(p[0].text)))[0]


def _quote_node(s: Statement, q: dict[str, Any]) -> _Node:
    return (s.article_id, s.index, int(q.get("start") or 0))


def remark_versions(pairs: Sequence[tuple[Statement, Statement]],
                    conflicting: Callable[[Statement, dict[str, Any], Statement, dict[str, Any]], bool],
                    order: dict[tuple[str, int], int]) -> list[tuple[list[int], list[Version]]]:
    """The remarks that quote disputes join: for each, the indices of the pairs (in
    ``pairs``) it takes in and its versions, most sources first (then the earliest in
    ``order``, the story's report order). ``conflicting(a, qa, b, qb)`` says whether two
    quotes of the pair are the disputed ones."""
    parent: dict[_Node, _Node] = {}
    quote_of: dict[_Node, tuple[Statement, dict[str, Any]]] = {}

    def find(x: _Node) -> _Node:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pair_nodes: list[_Node | None] = []
    for a, b in pairs:
        joined = None
        for qa in joined_quotes(a.quotes):
            for qb in joined_quotes(b.quotes):
                if conflicting(a, qa, b, qb):
                    x, y = _quote_node(a, qa), _quote_node(b, qb)
                    quote_of[x], quote_of[y] = (a, qa), (b, qb)
                    parent[find(x)] = find(y)
                    joined = x
        pair_nodes.append(joined)
    components: dict[_Node, list[_Node]] = {}
    for node in sorted(quote_of, key=lambda n: (order.get(n[:2], len(order)), n)):
        components.setdefault(find(node), []).append(node)
    out = []
    for root, nodes in components.items():
        versions = _versions([quote_of[n] for n in nodes])
        if len(versions) >= MIN_VERSIONS:
            taken = [i for i, n in enumerate(pair_nodes) if n is not None and find(n) == root]
            out.append((taken, versions))
    return out


def _versions(quotes: list[tuple[Statement, dict[str, Any]]]) -> list[Version]:
    """Quotes grouped by wording: a quote joins the first version it repeats, cuts at
    either end aside (crosscheck.quotes.altered_places finds no changed place)."""
    versions: list[Version] = []
    for s, q in quotes:
        text = str(q.get("text") or "")
        same = next((v for v in versions if altered_places(v.quote, text) == []), None)
        if same is None:
            same = Version(text)
            versions.append(same)
        if all(x.key != s.key for x in same.statements):
            same.printed.append((s, text))
        if q.get("speaker"):
            same.speakers.append(str(q["speaker"]))
    # most sources first; ties keep the earliest report's version first (stable sort)
    return sorted(versions, key=lambda v: -v.sources)


def _inner_places(base: list[str], other: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    ops = SequenceMatcher(None, base, other, autojunk=False).get_opcodes()
    return [op for op in ops if op[0] != "equal"
            and not (op[0] in ("delete", "insert") and (op is ops[0] or op is ops[-1]))]


def _mapped(ops: Sequence[tuple[str, int, int, int, int]], k: int, end: bool, size: int) -> int:
    """Where base word ``k`` (an end bound when ``end``) falls in the other version."""
    for tag, i1, i2, j1, j2 in ops:
        if (i1 < k <= i2) if end else (i1 <= k < i2):
            return j1 + (k - i1) if tag == "equal" else (j2 if end else j1)
    return size if end else 0


def _snippet(words: list[str], lo: int, hi: int) -> str:
    text = " ".join(words[lo:hi])
    return ("\u2026 " if lo > 0 else "") + text + (" \u2026" if hi < len(words) else "")


def shown_versions(versions: list[Version]) -> list[str]:
    """Each version's words where the versions differ: one stretch of the base (first)
    version spanning every changed place, and the same stretch of each other version;
    where that stretch is long, each version's own changed places against the base."""
    base = _words(versions[0].quote)
    others = [_words(v.quote) for v in versions[1:]]
    places = [_inner_places(base, w) for w in others]
    starts = [i1 for ps in places for _, i1, _, _, _ in ps]
    ends = [i2 for ps in places for _, _, i2, _, _ in ps]
    if starts:
        lo, hi = max(0, min(starts) - 1), min(len(base), max(ends) + 1)
        if hi - lo <= SHOWN_WORDS:
            shown = [_snippet(base, lo, hi)]
            for w in others:
                ops = SequenceMatcher(None, base, w, autojunk=False).get_opcodes()
                shown.append(_snippet(w, _mapped(ops, lo, False, len(w)), _mapped(ops, hi, True, len(w))))
            return shown
    pairs = [readable_changes(versions[0].quote, v.quote) for v in versions[1:]]
    return [pairs[0][0], *(theirs for _, theirs in pairs)]


def versions_verdict(versions: list[Version]) -> str:
    """What the versions do to the remark, the gravest first: a meaning changed (a
    negation, a number, a name, a target) in any of them; else words replaced that may
    change it; else a paraphrase in quote marks; else wording only."""
    verdicts = [quote_verdict(versions[0].quote, v.quote) for v in versions[1:]]
    changed = [v.split(": ", 1)[1] for v in verdicts if v.startswith("meaning changed: ")]
    if changed:
        kinds = dict.fromkeys(k for v in changed for k in v.split(", "))
        return "meaning changed: " + ", ".join(kinds)
    maybe = [v.split(": ", 1)[1] for v in verdicts if v.startswith("meaning may have changed: ")]
    if maybe:
        changes = dict.fromkeys(c for v in maybe for c in v.split("; "))
        return "meaning may have changed: " + "; ".join(changes)
    reworded = next((v for v in verdicts if v.startswith("reworded")), None)
    return reworded or "wording only"


def versions_summary(versions: list[Version]) -> str:
    """"Tomas Ekberg's quote differs in 4 versions: “… to frighten our citizens” vs “… to
    scare our citizens”, … — meaning may have changed: frighten → scare; …"."""
    speakers = [s for v in versions for s in v.speakers]
    # the fullest name the reports give ("Tomas Ekberg" over "Ekberg")
    speaker = max(speakers, key=lambda s: (len(s.split()), speakers.count(s), s), default="the speaker")
    shown = [f"\u201c{s}\u201d" for s in shown_versions(versions)]
    return (f"{speaker}'s quote differs in {len(versions)} versions: {shown[0]} vs {', '.join(shown[1:])}"
            f" \u2014 {versions_verdict(versions)}")
