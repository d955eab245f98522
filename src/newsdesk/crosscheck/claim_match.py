"""Claims of two statements that state one thing: the same main verb ("did not hold" /
"held"), or the same amount ("will cut 400 jobs" / "plans to cut 400 jobs"). The
polarity and hedging detectors compare such claims.
"""

from __future__ import annotations

from typing import Any

from newsdesk.crosscheck.detectors import _words, per_text
from newsdesk.crosscheck.figures import quantities_agree
from newsdesk.crosscheck.statements import Statement

_AUX = frozenset(["not", "n't", "never", "no", "did", "does", "do", "has", "have", "had", "is", "was", "were",
                  "are", "be", "been", "being", "will", "would", "could", "should", "may", "might", "can",
                  "to", "reportedly", "allegedly", "apparently"])
_IRREGULAR = {
    "held": "hold", "said": "say", "did": "do", "had": "have", "made": "make", "took": "take",
    "gave": "give", "won": "win", "lost": "lose", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "left": "leave", "met": "meet", "sent": "send", "kept": "keep",
    "began": "begin", "broke": "break", "broken": "break", "came": "come", "went": "go",
    "gone": "go", "told": "tell", "found": "find", "bought": "buy", "sold": "sell", "paid": "pay",
    "struck": "strike", "spoke": "speak", "knew": "know", "known": "know", "led": "lead",
    "saw": "see", "seen": "see", "stood": "stand", "wrote": "write", "written": "write",
    "brought": "bring", "thought": "think", "agreed": "agree", "denied": "deny", "died": "die",
}


@per_text  # asked for the same predicates in every pair
def verb_key(predicate: str | None) -> str | None:
    """A crude stem of a predicate's main verb: "did not hold" → "hold", "has not
    approved" → "approv", "approved" → "approv". Enough to match one claim across
    sources without loading a lemmatiser here."""
    words = [w for w in _words(predicate or "") if w not in _AUX]
    if not words:
        return None
    word = _IRREGULAR.get(words[-1], words[-1])
    for suffix in ("ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same_amount(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """One amount in both claims ("will cut 400 jobs" / "plans to cut 400 jobs"). Not a
    percentage: "losses do not approach ... ratios of 234%" and "scenarios can reach
    ratios of 234%" share a figure but say different things about it."""
    return any(qx.get("unit") == qy.get("unit") and qx.get("kind") != "percent" and quantities_agree(qx, qy)
               for qx in x.get("quantities") or [] for qy in y.get("quantities") or [])


def _matching_claims(a: Statement, b: Statement) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Claim pairs that state one thing: the same main verb, or the same amount
    ("will cut 400 jobs" / "reportedly plans to cut 400 jobs")."""
    return [(x, y) for x in a.claims for y in b.claims
            if ((k := verb_key(x.get("predicate"))) and k == verb_key(y.get("predicate")))
            or _same_amount(x, y)]
