"""Polarity and hedging: one report negates, inverts or doubts what the other asserts.

Two routes. Where the two sentences share most of their words, they are aligned word
by word and the places that differ are read: a negation added or dropped next to the
same verb ("members were relieved" / "were not relieved", "the dam held" / "did not
hold"), a verb swapped for its opposite ("confirmed" / "denied"), a hedge added
("reportedly said", "is said to", "will" / "may"). For looser paraphrases the
annotator's claims are matched by their verb and their negation and hedge flags
compared. Either way a flip must change how many negations each sentence holds:
"had no evidence" / "there was no evidence" and "escaped without injury" / "were not
injured" say the same thing.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from newsdesk.crosscheck.claim_match import _matching_claims, verb_key
from newsdesk.crosscheck.detectors import (
    _WORD,
    EPISTEMIC_HEDGES,
    SIM_HEDGE,
    SIM_POLARITY,
    Conflict,
    _words,
    per_text,
)
from newsdesk.crosscheck.quotes import outside_quotes
from newsdesk.crosscheck.statements import Statement

NEGATIONS = frozenset(["not", "never", "no", "nor", "none", "neither", "nobody", "nothing", "without",
                       "cannot"])
# Words that only carry tense or mood around a verb: "did not hold" is "held" negated.
_FRAME = frozenset(["do", "does", "did", "is", "are", "was", "were", "be", "been", "being", "has", "have",
                    "had", "will", "would", "shall", "to"])
MODAL_HEDGES = frozenset(["may", "might", "could", "possibly", "perhaps", "probably", "likely"])
_CONDITIONAL = frozenset(["would", "should"])
# "is said to", "are believed to": a hedge of three words.
_HEDGE_VERBS = frozenset(["said", "believed", "thought", "understood", "alleged", "rumoured", "rumored",
                          "reported", "expected"])
# Verb (and a few adjective) stems with an opposite; both directions are looked up.
_OPPOSITES = [
    ("rise", "fall"), ("rose", "fell"), ("increas", "decreas"), ("increas", "reduc"), ("win", "los"),
    ("won", "lost"), ("accept", "reject"), ("approv", "reject"), ("agre", "refus"), ("agre", "disagre"),
    ("confirm", "deni"), ("confirm", "deny"), ("admit", "deni"), ("admit", "deny"), ("open", "clos"),
    ("support", "oppos"), ("allow", "ban"), ("allow", "forbid"), ("allow", "prohibit"), ("permit", "ban"),
    ("rais", "lower"), ("welcom", "condemn"), ("welcom", "criticis"), ("welcom", "reject"),
    ("prais", "criticis"), ("prais", "condemn"), ("gain", "los"), ("gain", "lost"), ("began", "ended"),
    ("begin", "end"), ("start", "end"), ("start", "stopp"), ("start", "stop"), ("lift", "impos"),
    ("surviv", "di"), ("succeed", "fail"), ("success", "failur"), ("acquitt", "convict"),
    ("includ", "exclud"), ("expand", "shrink"), ("strengthen", "weaken"), ("higher", "lower"),
    ("more", "less"), ("more", "fewer"), ("above", "below"), ("before", "after"), ("strong", "weak"),
    ("hir", "fir"), ("buy", "sell"), ("bought", "sold"), ("import", "export"), ("advanc", "retreat"),
    ("releas", "arrest"), ("releas", "detain"), ("resum", "suspend"), ("resum", "halt"), ("boost", "cut"),
    ("legal", "illegal"), ("guilty", "innocent"), ("accept", "declin"), ("pass", "fail"),
    ("join", "quit"), ("join", "left"), ("arriv", "depart"), ("found", "lost"), ("attack", "defend"),
]
OPPOSITE: dict[str, set[str]] = {}
for _x, _y in _OPPOSITES:
    OPPOSITE.setdefault(_x, set()).add(_y)
    OPPOSITE.setdefault(_y, set()).add(_x)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _is_negation(word: str) -> bool:
    return word in NEGATIONS or word.endswith("n't")


# "failed to determine" / "did not determine", "the failure to stop" / "not stopping",
# "refuse to believe they are" / "believe they are not".
_FAILED_TO = re.compile(r"\b(?:fail(?:s|ed|ing|ure)?|refus(?:e|es|ed|ing|al))\s+to\b", re.I)


@per_text  # asked for each statement in every pair
def negations(text: str) -> int:
    """Negations in a text; "neither ... nor" is one negation, as is "not ... nor"."""
    words = _words(text)
    count = 0
    for k, w in enumerate(words):
        if w == "nor" and any(_is_negation(x) for x in words[max(0, k - 8):k]):
            continue  # the second half of a negation already counted
        count += _is_negation(w)
    return count + len(_FAILED_TO.findall(text))


def opposite(x: str, y: str) -> bool:
    """Is one word the other's opposite ("confirmed" / "denied", "rose" / "fell")?"""
    for a in (x, _stem(x), verb_key(x) or x):
        for b in (y, _stem(y), verb_key(y) or y):
            if b in OPPOSITE.get(a, ()):
                return True
    return False


def _content(words: list[str]) -> list[str]:
    """The verb-bearing words of a changed place: no negation, no tense or mood words."""
    return [verb_key(w) or w for w in words if not _is_negation(w) and w not in _FRAME]


def _aligned(wa: list[str], wb: list[str]) -> tuple[list[tuple[list[str], list[str], int, int]], int]:
    """The places two word lists differ (removed, added, where in each) and how many
    words they share in order, from one alignment."""
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    places = [(wa[i1:i2], wb[j1:j2], i1, j1) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    return places, sum(i2 - i1 for tag, i1, i2, _j1, _j2 in ops if tag == "equal")


def _places(wa: list[str], wb: list[str]) -> list[tuple[list[str], list[str], int, int]]:
    return _aligned(wa, wb)[0]


def _cased(text: str) -> list[str]:
    """_words without lower-casing, to quote a place as the report wrote it."""
    text = re.sub(r"(?<=\b\w)\.(?=\w\b|\s|$)", "", text)
    return [w for w in (w.strip("'’-") for w in _WORD.findall(text)) if w]


def _around(text: str, at: int, size: int) -> str:
    return " ".join(_cased(text)[max(0, at - 2): at + size + 2])


def _unquoted(s: Statement) -> str:
    """Words inside quote marks are the quote detector's: it says which words changed."""
    return outside_quotes(s.text)


def aligned_polarity(a: Statement, b: Statement, sim: float) -> Conflict | None:
    """A negation added or dropped, or a verb turned into its opposite, at one place of
    two sentences that otherwise say the same thing."""
    ta, tb = _unquoted(a), _unquoted(b)
    wa, wb = _words(ta), _words(tb)
    flipped = negations(ta) != negations(tb)
    for removed, added, i, j in _places(wa, wb):
        if len(removed) > 4 or len(added) > 4:
            continue  # a rewritten passage, not a flipped word
        negation_moved = sum(map(_is_negation, removed)) != sum(map(_is_negation, added))
        if flipped and negation_moved and _content(removed) == _content(added):
            return Conflict("polarity", f"\u201c{_around(ta, i, len(removed))}\u201d vs "
                            f"\u201c{_around(tb, j, len(added))}\u201d: one report negates what the "
                            "other asserts", round(min(0.95, 0.5 + sim / 2), 2))
        # "a number below 50 ... above that" in both, in another order: no inversion
        pairs = [(x, y) for x in removed for y in added if opposite(x, y)
                 and not (x in wb and y in wa)]
        if pairs and not negation_moved:
            x, y = pairs[0]
            return Conflict("polarity", f"\u201c{x}\u201d vs \u201c{y}\u201d: the reports say "
                            "the opposite", round(min(0.9, 0.45 + sim / 2), 2))
    return None


def _negation_conflict(claim: dict[str, Any], sim: float) -> Conflict:
    return Conflict("polarity", f"one source says \u201c{claim.get('predicate')}\u201d where the "
                    "other asserts it", round(min(0.95, 0.5 + sim / 2), 2))


_PARTICLES = "back|off|up|out|away|over"


def _phrasal(text: str, verb: str) -> bool:
    """The verb is used with a particle ("fired back", "turned up"): a phrasal verb means
    something else than the verb alone, so the verb's opposite is no opposite of it."""
    return bool(re.search(rf"\b{re.escape(verb)}\s+(?:{_PARTICLES})\b", text, re.I))


def claim_polarity(a: Statement, b: Statement, sim: float) -> Conflict | None:
    """Paraphrases: matched claims, one negated and one not, or with opposite verbs."""
    for x, y in _matching_claims(a, b):
        if bool(x.get("negated")) != bool(y.get("negated")):
            return _negation_conflict(x if x.get("negated") else y, sim)
    verbs_a = {verb_key(c.get("predicate")) for c in a.claims}
    verbs_b = {verb_key(c.get("predicate")) for c in b.claims}
    for x in a.claims:
        for y in b.claims:
            vx, vy = _words(str(x.get("predicate") or "")), _words(str(y.get("predicate") or ""))
            if not (vx and vy and opposite(vx[-1], vy[-1])) or sim < SIM_POLARITY + 0.08:
                continue
            if _phrasal(a.text, vx[-1]) or _phrasal(b.text, vy[-1]):
                continue  # "firing back at" is no opposite of "hired"
            # "fell 8%, while trucks rose" in both: two claims, not one inverted
            both = verb_key(vx[-1]) in verbs_b or verb_key(vy[-1]) in verbs_a
            if not both and bool(x.get("negated")) == bool(y.get("negated")):
                return Conflict("polarity", f"\u201c{x.get('predicate')}\u201d vs \u201c{y.get('predicate')}"
                                "\u201d: the reports say the opposite", round(min(0.85, 0.4 + sim / 2), 2))
    # The parser may miss a clause ("The dam held, Reyl said"): look for the negated
    # verb among the other sentence's words when the sentences are close paraphrases.
    if sim >= SIM_POLARITY + 0.1 and a.negated != b.negated:
        negative, positive = (a, b) if a.negated else (b, a)
        other_verbs = {verb_key(w) for w in _words(positive.text)} - {None}
        for claim in negative.claims:
            if claim.get("negated") and verb_key(claim.get("predicate")) in other_verbs:
                return _negation_conflict(claim, sim - 0.1)
    return None


def polarity_conflict(a: Statement, b: Statement, sim: float) -> Conflict | None:
    if sim < SIM_POLARITY:
        return None
    found = aligned_polarity(a, b, sim)
    if found or negations(a.text) == negations(b.text):
        # the same number of negations: a paraphrase moved one ("nor was he asked")
        return found or _claim_opposites_only(a, b, sim)
    return claim_polarity(a, b, sim)


def _claim_opposites_only(a: Statement, b: Statement, sim: float) -> Conflict | None:
    found = claim_polarity(a, b, sim)
    return found if found and "opposite" in found.summary else None


# --------------------------------------------------------------------- hedging

def _is_hedge(words: list[str], at: int) -> bool:
    w = words[at]
    if w == "could" and words[at + 1: at + 2] == ["not"]:
        return False  # "could not be compelled": what was impossible, not a doubt
    if w in ("reported", "suspected") and not (at > 0 and words[at - 1] in _FRAME) \
            and words[at + 1: at + 2] != ["to"]:
        return False  # "users reported difficulties": who told it, not a doubt ("was reported to")
    if w in EPISTEMIC_HEDGES or w in MODAL_HEDGES:
        return True
    # "is said to", "are believed to"
    return (w in _HEDGE_VERBS and 0 < at < len(words) - 1 and words[at - 1] in _FRAME
            and words[at + 1] == "to")


def _hedges(words: list[str]) -> int:
    return sum(_is_hedge(words, i) for i in range(len(words)))


# Share of the shorter sentence's words two sentences must have in common, in order,
# before a word one of them adds is read as a hedge "at one place" of the same sentence:
# below it the alignment pairs stray words of two different sentences ("is expected"
# fell between two reports of a visit as an insertion, doubting nothing the other says).
ALIGNED_SHARE = 0.6


def aligned_hedge(a: Statement, b: Statement, sim: float) -> Conflict | None:
    """A hedge added at one place of two sentences that otherwise say the same thing:
    "Lammy said" / "Lammy reportedly said", "will cut" / "may cut", "is" / "is said to be"."""
    wa, wb = _words(_unquoted(a)), _words(_unquoted(b))
    if _hedges(wa) == _hedges(wb):
        return None
    places, matched = _aligned(wa, wb)
    if matched < ALIGNED_SHARE * min(len(wa), len(wb)):
        return None
    for removed, added, i, j in places:
        if len(removed) > 5 or len(added) > 5:  # "was" / "is said to have been"
            continue
        ha = [w for k, w in enumerate(removed) if _is_hedge(wa, i + k)]
        hb = [w for k, w in enumerate(added) if _is_hedge(wb, j + k)]
        if bool(ha) == bool(hb) or set(removed + added) & _CONDITIONAL:
            continue  # "would face" / "could face": conditional either way
        other = wb if ha else wa
        if set(ha + hb) <= MODAL_HEDGES and any(_is_hedge(other, k) for k in range(len(other))
                                                if other[k] in MODAL_HEDGES):
            continue  # "might have tried" / "may have tried ... or perhaps": hedged in both
        if any(w[:5] in {x[:5] for x in other} for w in ha + hb if w in _HEDGE_VERBS):
            continue  # "is believed to be" / "..., believe experts": a belief in both
        hedged = [w for w in (wa if ha else wb) if w not in ha + hb]
        if (set(ha + hb) <= EPISTEMIC_HEDGES and _left_to_a_source(" ".join(other))
                and not _left_to_a_source(" ".join(hedged))):
            continue  # "reportedly" for the other's "according to reports": both leave it to a source
        rest_a = [w for w in removed if w not in ha and w not in _FRAME and w not in _HEDGE_VERBS]
        rest_b = [w for w in added if w not in hb and w not in _FRAME and w not in _HEDGE_VERBS]
        if rest_a == rest_b:
            hedge = " ".join(ha or hb)
            return Conflict("hedge", f"asserted by one source, hedged by the other (\u201c{hedge}\u201d)",
                            round(min(0.9, 0.4 + sim / 2), 2))
    return None


def _hedge_word(claim: dict[str, Any]) -> bool:
    """Hedged by a hedging word inside the claim ("reportedly", "allegedly", "may"), not
    by attribution ("according to ..."), which every news sentence may carry."""
    if not claim.get("hedged"):
        return False
    words = _words(str(claim.get("text", "")))
    verb = _words(str(claim.get("predicate") or ""))
    at = words.index(verb[-1]) if verb and verb[-1] in words else -1
    # The hedge must sit by the claim's verb ("reportedly plans"); one inside a
    # trailing clause ("a row over alleged incursions") doubts something else.
    return any(w in EPISTEMIC_HEDGES and _is_hedge(words, i) and (at < 0 or abs(i - at) <= 3)
               for i, w in enumerate(words))


def _doubts(text: str) -> set[str]:
    """Stems of the hedging words of a sentence ("alleged", "allegedly" → "alleg")."""
    return {w[:5] for w in _words(text) if w in EPISTEMIC_HEDGES or w in _HEDGE_VERBS}


def _left_to_a_source(text: str) -> bool:
    """Does a sentence leave its claim to a source ("according to reports", "the Courier
    reported that", "allegedly")? Then it does not assert what another report hedges."""
    words = _words(text)
    return bool(set(words) & EPISTEMIC_HEDGES) or "according to" in " ".join(words)


# Words that make a claim an estimate or a possibility: "an estimated $350 million",
# "potentially costing": such a sentence does not assert what another report hedges.
_ESTIMATES = frozenset(["estimated", "estimate", "estimates", "potentially", "possibly",
                        "likely", "projected", "expected", "could", "may", "might", "approximately",
                        "roughly", "presumed", "feared", "believed"])


# "Bastian said the outage cost about $500 million": a claim left to its speaker.
_SAID = re.compile(r"\b(?:said|says|told|according to)\b", re.I)


def _unsure(text: str) -> bool:
    return _uncertain(text) or bool(set(_words(text)) & EPISTEMIC_HEDGES)


def _uncertain(text: str) -> bool:
    return bool(set(_words(text)) & _ESTIMATES)


def hedge_conflict(a: Statement, b: Statement, sim: float) -> Conflict | None:
    if sim < SIM_HEDGE:
        return None
    found = aligned_hedge(a, b, sim)
    if found and not (_unsure(a.text) and _unsure(b.text)):
        return found  # unless both doubt ("six workers reported missing" / "presumed dead")
    for x, y in _matching_claims(a, b):
        if _hedge_word(x) != _hedge_word(y) and bool(x.get("negated")) == bool(y.get("negated")):
            hedged, (mine, other) = (x, (a, b)) if _hedge_word(x) else (y, (b, a))
            if (_doubts(mine.text) & _doubts(other.text) or _left_to_a_source(other.text)
                    or _uncertain(other.text) or _SAID.search(other.text)):
                # "allegedly trying" / "alleged that ... were trying", "allegedly met" /
                # "the Courier reported that ... met": the other leaves it to a source too
                continue
            return Conflict("hedge", f"asserted by one source, hedged by the other "
                            f"(\u201c{hedged.get('predicate')}\u201d)", round(min(0.9, 0.4 + sim / 2), 2))
    return None
