"""Facts: the claim statements of a story grouped so that each group states one thing.

Joining every pair above a similarity bar (single linkage) chains: "Russia received the
missiles" joins "Blinken announced sanctions" through a long sentence that says both,
and a story's main facts collapse into one blob. Here a fact holds at most one
statement per article (an article states a fact once; its other sentences on the
topic are other facts), and two groups merge only when their statements are similar
on average, not through one bridge.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from newsdesk.crosscheck.figures import figures_agree
from newsdesk.crosscheck.quantity import role_words
from newsdesk.crosscheck.statements import QUOTE_WORDS


class _Claimish(Protocol):
    article_id: str

    @property
    def claims(self) -> Sequence[object]: ...


# The mean similarity of all cross pairs two groups need to merge may sit this far
# below the pair bar: a fact told five ways has a few pairs of looser wording.
AVERAGE_SLACK = 0.04


def align_facts(statements: Sequence[_Claimish], sims: np.ndarray, same_fact: float,
                compatible: np.ndarray | None = None) -> list[list[int]]:
    """Indices of claim statements grouped into facts (each list sorted; singletons too).

    Pairs at or above ``same_fact`` are visited from the most similar down; a pair
    merges its two groups when they share no article, the mean similarity over all
    their cross pairs stays at or above ``same_fact - AVERAGE_SLACK`` and (with
    ``compatible``, a boolean matrix) every cross pair may state one claim.
    """
    claims = [i for i, s in enumerate(statements) if s.claims]
    group_of = {i: i for i in claims}
    members = {i: [i] for i in claims}
    articles = {i: {statements[i].article_id} for i in claims}
    pairs = sorted(((float(sims[i, j]), i, j) for n, i in enumerate(claims) for j in claims[n + 1:]
                    if statements[i].article_id != statements[j].article_id
                    and sims[i, j] >= same_fact), key=lambda p: (-p[0], p[1], p[2]))
    for _sim, i, j in pairs:
        a, b = group_of[i], group_of[j]
        if a == b or articles[a] & articles[b]:
            continue
        if float(sims[np.ix_(members[a], members[b])].mean()) < same_fact - AVERAGE_SLACK:
            continue
        if compatible is not None and not compatible[np.ix_(members[a], members[b])].all():
            continue
        for k in members[b]:
            group_of[k] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values()]


# ------------------------------------------------------------------ same claim, or a part of it
#
# Two sentences about one thing are not yet one fact: "the US warned Iran" is no
# corroboration of "the allies accused Iran", "about 6,000 flights" none of "almost
# 7,000", and "the FBI opened a probe, while officials confirmed a fourth body" is
# backed only in its first half by "the FBI opened a probe". The checks below look at
# what the sentences say (the act, the figures, the negation) and which of a
# sentence's claims the other report states at all.

# Speech acts that say what was done, by kind; "said", "told", "added" name none. Two
# reports whose sentences name acts of different kinds only ("accused" / "warned")
# report two acts, however alike their words.
_ACTS = {kind: re.compile(rf"\b(?:{forms})\b", re.I) for kind, forms in {
    "accuse": r"accus(?:e|es|ed|ing|ation|ations)|blam(?:e|es|ed|ing)",
    "warn": r"warn(?:s|ed|ing|ings)?",
    "deny": r"den(?:y|ies|ied|ying|ial|ials)|reject(?:s|ed|ing|ion)?|dismiss(?:es|ed|ing)?|"
            r"refut(?:e|es|ed|ing)|rebuff(?:s|ed)?",
    # announcing and confirming both state a thing as true: "officials announced" and
    # "police confirmed" the same recovery are one report of it
    "assert": r"confirm(?:s|ed|ing|ation)?|acknowledg(?:e|es|ed|ing)|admit(?:s|ted|ting)?|"
              r"conced(?:e|es|ed|ing)|announc(?:e|es|ed|ing|ement)|unveil(?:s|ed|ing)?",
    "condemn": r"condemn(?:s|ed|ing|ation)?|denounc(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|"
               r"criticiz(?:e|es|ed|ing)",
    "urge": r"urg(?:e|es|ed|ing)",
    "promise": r"promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|vow(?:s|ed|ing)?",
}.items()}


@lru_cache(maxsize=8192)
def speech_acts(text: str) -> frozenset[str]:
    """The kinds of speech act a sentence's verbs (and their nouns) name (cached: a
    story's check asks it of each sentence once per pair it compares)."""
    return frozenset(kind for kind, pattern in _ACTS.items() if pattern.search(text))


class _Statementish(Protocol):
    text: str
    claims: list[dict[str, Any]]
    mentions: list[dict[str, Any]]

    def quantities(self) -> list[dict[str, Any]]: ...

    def speakers(self) -> set[str]: ...


def _same_thing(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Two figures that measure one kind of thing: one unit, and for counts one noun."""
    if x.get("kind") != y.get("kind") or x.get("unit") != y.get("unit"):
        return False
    noun_x, noun_y = (str(q.get("original_unit", ""))[:5] for q in (x, y))
    return x.get("kind") != "count" or noun_x == noun_y


# Two figures state one amount when both can be true of it and they are this close:
# "almost 7,000" / "nearly 7,000", "984 feet" / "300 metres"; "nearly 10 hours" can be
# true of nine hours, but no reader takes the two for the same figure.
SAME_FIGURE = 0.03


def _agrees(a_text: str, x: dict[str, Any], b_text: str, y: dict[str, Any]) -> bool:
    va, vb = abs(float(x.get("value") or 0)), abs(float(y.get("value") or 0))
    if abs(va - vb) > SAME_FIGURE * max(va, vb):
        return False
    return figures_agree(a_text, x, b_text, y) or figures_agree(b_text, y, a_text, x)


# A figure two independent reports give alike ties their sentences to one fact however
# differently the rest is worded ("431 people had been rescued" / "rescuers pulled 431
# people from the water"): the same kind, unit and counted noun, the same value, and a
# word about what it measures in common. Small whole numbers recur too often (two dead,
# three airports) to tie anything; a figure from this size on does.
FIGURE_MIN = 10


def _named(text: str, q: dict[str, Any]) -> bool:
    """A number that is part of a name ("Microsoft 365 apps", "Boeing 737 jets")."""
    at = text.find(str(q.get("text", "")))
    before = re.findall(r"[\w'’-]+", text[:at])[-1:] if at > 0 else []
    return bool(before) and before[0][:1].isupper()


def shared_figure(a: _Statementish, b: _Statementish,
                  figures: Sequence[dict[str, Any]] | None = None) -> bool:
    """Do the two statements give one figure alike (``figures``: only these of ``a``'s)?"""
    for x in a.quantities() if figures is None else figures:
        for y in b.quantities():
            if x.get("kind") == "percent" or not _same_thing(x, y):
                continue
            if x.get("kind") == "count" and (abs(float(x.get("value") or 0)) < FIGURE_MIN
                                             or _named(a.text, x) or _named(b.text, y)):
                continue
            if not _agrees(a.text, x, b.text, y):
                continue
            if (role_words(a.text, x) & role_words(b.text, y)) - _FUNCTION:  # not "said"
                return True
    return False


def figures_conflict(a: _Statementish, b: _Statementish) -> bool:
    """Does one sentence give a figure for a kind of thing the other counts otherwise
    ("948-foot" / "984-foot", "about 6,000 flights" / "almost 7,000 flights")? A
    figure the other sentence matches anywhere is not in conflict."""
    qb = b.quantities()
    for x in a.quantities():
        same = [y for y in qb if _same_thing(x, y)]
        if same and not any(_agrees(a.text, x, b.text, y) for y in same):
            return True
    return False


def _main_negated(s: _Statementish) -> bool:
    return bool(s.claims and s.claims[0].get("negated"))


_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")


def _quoted(text: str) -> list[str]:
    words = [w for part in _QUOTED.findall(text) for w in re.findall(r"[\w'’]+", part.lower())]
    return words if len(words) >= QUOTE_WORDS else []


def _shared_share(x: list[str], y: list[str]) -> float:
    """Share of the shorter word list that the other repeats in order."""
    blocks = SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / max(min(len(x), len(y)), 1)


def quotes_differ(a: _Statementish, b: _Statementish) -> bool:
    """Words one report puts in quotation marks are corroborated by the same words only:
    two different quotes are two statements, and a quote that another report gives in
    other words (much of it repeated, not all: "cannot overlook the seriousness" /
    "cannot ignore the magnitude") is a changed quote, a matter for the disputes. A
    report that sums a quote up in its own words ("rejected the accusations") shares
    few of them and may state its claim."""
    qa, qb = _quoted(a.text), _quoted(b.text)
    if qa and qb:
        return _shared_share(qa, qb) < SAME_QUOTE
    for quote, other in ((qa, b.text), (qb, a.text)):
        if quote:
            share = _shared_share(quote, re.findall(r"[\w'’]+", other.lower()))
            if REWORDED_QUOTE <= share < SAME_QUOTE:
                return True
    return False


# A quote repeats another when this share of the shorter is the same words in order;
# from REWORDED_QUOTE up to it, it is the same quote reworded.
SAME_QUOTE = 0.9
REWORDED_QUOTE = 0.5


def may_be_one_fact(a: _Statementish, b: _Statementish) -> bool:
    """Can two statements state one claim? Not when their figures for one thing
    differ, one negates what the other asserts, they quote different words or they
    name different acts."""
    if _main_negated(a) != _main_negated(b) or figures_conflict(a, b) or figures_conflict(b, a):
        return False
    if quotes_differ(a, b):
        return False
    acts_a, acts_b = speech_acts(a.text), speech_acts(b.text)
    return not (acts_a and acts_b and not acts_a & acts_b)


def _claim_figures_backed(s: _Statementish, claim: dict[str, Any], other: _Statementish) -> bool:
    """Every figure of the claim is one the other statement gives too (of one unit; the
    noun counted may differ: "two bodies" / "two victims")."""
    theirs = other.quantities()
    return all(any(x.get("kind") == y.get("kind") and x.get("unit") == y.get("unit")
                   and _agrees(s.text, x, other.text, y) for y in theirs)
               for x in _claim_figures(s, claim))


def _claim_figures(s: _Statementish, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim's figures, and the sentence's figures its words hold (the annotator
    leaves some in a side phrase out of the claim's own list)."""
    text = str(claim.get("text") or "")
    own = list(claim.get("quantities") or [])
    return own + [q for q in s.quantities() if q not in own and str(q.get("text") or "\0") in text]


# Words of reporting and grammar: sharing them is no sign that two sentences say one thing.
_FUNCTION = frozenset(w[:5] for w in re.findall(r"\w+", (
    "that this these those with from have been were will would could should also said says told added "
    "according about after before their there which while what when where into over than they them then "
    "some other more most such only just very being having")))


def content_stems(text: str) -> set[str]:
    """What a sentence says besides who: stems of its lower-case content words."""
    return {w.lower()[:5] for w in re.findall(r"\b[a-z][a-z'-]{3,}\b", text)} - _FUNCTION


def claim_backed(s: _Statementish, claim: dict[str, Any], other: _Statementish) -> bool:
    """Does another report's sentence state this claim of ``s``? It must give each of
    the claim's figures, share a content word with it, and, where the claim is an act
    of speech ("accused", "confirmed") and the other sentence names acts, name this one:
    "accused Iran ... and announced sanctions" is backed in its second half only by
    "announced sanctions"; "officials confirmed a fourth body" not at all by "the FBI
    opened a probe"."""
    text = str(claim.get("text") or "")
    if not _claim_figures_backed(s, claim, other):
        return False
    if not content_stems(text) & content_stems(other.text) and not (
            claim.get("quantities") and shared_figure(s, other, claim["quantities"])):
        return False  # a figure of the claim given alike is what both say ("Zentrix committed $782m")
    acts, theirs = speech_acts(str(claim.get("predicate") or "")), speech_acts(other.text)
    if acts and theirs and not acts & theirs:
        return False
    return not (acts and _other_agent(s, claim, other))


def _name_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w'-]{2,}", text)} - {"the"}


def _names_in(s: _Statementish, phrase: str | None = None) -> set[str]:
    """Entity ids and words of the names the statement (or one phrase of it) holds."""
    found: set[str] = set()
    for m in s.mentions:
        text = str(m.get("text") or "")
        if text and (phrase is None or text in phrase):
            found |= {str(m["entity_id"])} if m.get("entity_id") else set()
            found |= _name_words(text)
    return found


def _other_agent(s: _Statementish, claim: dict[str, Any], other: _Statementish) -> bool:
    """Is an act of speech ("the US and its allies accused ...") credited in the other
    report to someone it does not name ("..., Blinken said")? An uncredited statement of
    its content ("Russia is said to be passing on technology") leaves the act's author
    open."""
    agents = _names_in(s, str(claim.get("subject") or ""))
    credited = other.speakers()
    if not agents or not credited:
        return False
    theirs = set(credited)
    for c in credited:
        theirs |= _name_words(c)
    for theirs_claim in other.claims:  # "X said" / "X announced": the names its claims are by
        theirs |= _names_in(other, str(theirs_claim.get("subject") or ""))
    return not agents & theirs


def backed_claims(s: _Statementish, others: Sequence[_Statementish]) -> list[int]:
    """Indices of the statement's claims that a statement of another report states."""
    return [n for n, claim in enumerate(s.claims) if any(claim_backed(s, claim, o) for o in others)]


# Where a sentence joins a second statement to its first ("..., while officials
# confirmed a fourth body"; "...; the airline said ...").
_CLAUSE = re.compile(r",\s*(?:while|whereas|but|and)\s+|;\s+|\s+while\s+")


def extra_clause(s: _Statementish, others: Sequence[_Statementish]) -> bool:
    """Does the sentence join a clause that none of its claims covers and that shares no
    content word with the other reports? Then it says something they do not (the
    annotator keeps no claim for a clause without a name or figure in it)."""
    spans = []
    for claim in s.claims:
        text = str(claim.get("text") or "")
        at = s.text.find(text) if text else -1
        if at >= 0:
            spans.append((at, at + len(text)))
    theirs: set[str] = set().union(*(content_stems(o.text) for o in others)) if others else set()
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(s.text)), len(s.text)]
    for start, end in itertools.pairwise(cuts):
        if any(a < end and b > start for a, b in spans):
            continue
        if content_stems(s.text[start:end]) and not content_stems(s.text[start:end]) & theirs:
            return True
    return False


def part_text(s: _Statementish, claims: list[int]) -> str:
    """The words of the sentence its backed claims cover, in order ("… announced new
    sanctions against Tehran")."""
    spans = []
    for n in claims:
        text = str(s.claims[n].get("text") or "").strip()
        at = s.text.find(text) if text else -1
        spans.append((at if at >= 0 else 10**6 + n, text))
    parts = [t for _, t in sorted(spans) if t]
    return " \u2026 ".join(parts)


# ------------------------------------------------------------------ what is reported
#
# "Blinken accused Moscow of sharing technology sought by Tehran" and "Russia is said to
# be passing on technology that Iran wants" report one thing: the frame (who says it,
# how) differs, and news names a government by its capital. Facts are aligned on the
# reported content too, with the frame left out and capitals read as their countries.

# Capitals news uses for their governments ("Moscow denied", "talks with Beijing").
CAPITALS = {
    "Moscow": "Russia", "Kremlin": "Russia", "Tehran": "Iran", "Beijing": "China",
    "Kyiv": "Ukraine", "Kiev": "Ukraine", "Washington": "the United States",
    "London": "Britain", "Paris": "France", "Berlin": "Germany", "Rome": "Italy",
    "Madrid": "Spain", "Ankara": "Turkey", "Tokyo": "Japan", "Seoul": "South Korea",
    "Pyongyang": "North Korea", "New Delhi": "India", "Islamabad": "Pakistan",
    "Kabul": "Afghanistan", "Baghdad": "Iraq", "Damascus": "Syria", "Riyadh": "Saudi Arabia",
    "Cairo": "Egypt", "Jerusalem": "Israel", "Beirut": "Lebanon", "Amman": "Jordan",
    "Doha": "Qatar", "Abu Dhabi": "the United Arab Emirates", "Minsk": "Belarus",
    "Warsaw": "Poland", "Budapest": "Hungary", "Brussels": "Belgium", "Ottawa": "Canada",
    "Canberra": "Australia", "Caracas": "Venezuela", "Havana": "Cuba", "Brasilia": "Brazil",
    "Buenos Aires": "Argentina", "Mexico City": "Mexico", "Taipei": "Taiwan",
    "Hanoi": "Vietnam", "Manila": "the Philippines", "Jakarta": "Indonesia",
    "Pretoria": "South Africa", "Nairobi": "Kenya", "Addis Ababa": "Ethiopia",
    "Khartoum": "Sudan", "Tripoli": "Libya", "Tbilisi": "Georgia", "Yerevan": "Armenia",
    "Baku": "Azerbaijan", "Chisinau": "Moldova", "Vilnius": "Lithuania", "Riga": "Latvia",
    "Tallinn": "Estonia", "Helsinki": "Finland", "Stockholm": "Sweden", "Oslo": "Norway",
    "Copenhagen": "Denmark", "Athens": "Greece", "Belgrade": "Serbia", "Vienna": "Austria",
}
_CAPITAL = re.compile(r"\b(" + "|".join(sorted(map(re.escape, CAPITALS), key=len, reverse=True)) + r")\b")
_SAY = (r"(?:said|says|say|told|tells|added|adds|stated|states|claimed|claims|alleged|alleges|"
        r"insisted|insists|accused|accuses|warned|warns|announced|announces|confirmed|confirms|"
        r"denied|denies|reported|reports)")
# "Blinken also accused ...", "US Secretary of State Antony Blinken says ...": a name of
# up to eight words, then the verb of saying (and "that").
_FRAME_START = re.compile(rf"^(?:[A-Z][\w.'’-]*\s+(?:of\s+|and\s+|his\s+|her\s+)?){{1,8}}"
                          rf"(?:also\s+|has\s+|had\s+|have\s+)?{_SAY}\s+(?:that\s+)?")
# "..., Blinken said." / "..., the ministry said on Tuesday."
_FRAME_END = re.compile(rf"(?:,|[\"”'],?)\s+(?:[\w.'’()-]+\s+){{1,8}}{_SAY}"
                        rf"(?:\s+(?:on|in|at|last|this|earlier|later)\b[\w ]{{0,25}})?\.?$")
_HEARSAY = re.compile(r"\b(?:is|are|was|were)\s+(?:said|reported|believed|thought|alleged)\s+to\s+"
                      r"(?:be\s+|have\s+)?|\b(?:reportedly|allegedly)\s+", re.I)


def reported_content(text: str) -> str:
    """The sentence without its frame of saying, capitals read as their countries."""
    body = _FRAME_START.sub("", text, count=1)
    body = _FRAME_END.sub("", body, count=1) if body == text else body
    body = _HEARSAY.sub("", body)
    return _CAPITAL.sub(lambda m: CAPITALS[m.group(1)], body).strip(" \"“”',")
