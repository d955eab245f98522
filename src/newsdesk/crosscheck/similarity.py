"""How alike two statements of a story are: the sentence vectors' cosine, with bonuses
for a shared name or speaker, and two readings for special jobs: what a sentence reports
without its frame of saying (for aligning facts), and its clauses one by one (for
comparing the figures of a sentence that joins two statements)."""

from __future__ import annotations

import re

import numpy as np

from newsdesk.crosscheck.facts import reported_content, shared_figure
from newsdesk.crosscheck.statements import Statement
from newsdesk.models import get_embedder

# Two claim sentences state the same fact above this score (cosine, plus a bonus for
# shared canonical entities); tuned on the demo corpus and the seeds.
SAME_FACT = 0.72
ENTITY_BONUS = 0.06
# ... and for statements made by the same (canonical) speaker.
SPEAKER_BONUS = 0.06
# Words of reporting and grammar: sharing them is no sign of one fact.
_FUNCTION_WORDS = ("that this these those with from have been were will would could should also said says "
                   "told added according about after before their there which while what when where into "
                   "over than they them then some other more most such only just very")
_FUNCTION_STEMS = frozenset(w[:5] for w in _FUNCTION_WORDS.split())
# Statements below this similarity are never compared by the detectors.
COMPARE_MIN = 0.5

def content_stems(text: str) -> set[str]:
    """What a sentence says besides who: stems of its lower-case content words."""
    return {w.lower()[:5] for w in re.findall(r"\b[a-z][a-z'-]{3,}\b", text)} - _FUNCTION_STEMS


def similarities(statements: list[Statement]) -> np.ndarray:
    """Sentence cosine, plus bonuses for shared entities and speakers. The bonuses need
    a shared content word: two statements by one speaker about one country ("Blinken
    accused Moscow of sharing technology" / "Blinken said the US had warned Iran")
    are different facts however alike their names."""
    if len({s.article_id for s in statements}) < 2:
        # Every use of a similarity compares statements of two articles: a one-article
        # story needs no vectors (the issue-16 profile: a third of all embeddings).
        sims = np.eye(len(statements), dtype=np.float32)
    else:
        vectors = get_embedder().embed([s.text for s in statements])
        sims = vectors @ vectors.T
    entities = [s.entity_ids() for s in statements]
    speakers = [s.speakers() for s in statements]
    content = [content_stems(s.text) for s in statements]
    for i in range(len(statements)):
        for j in range(i + 1, len(statements)):
            if not content[i] & content[j]:
                continue
            bonus = (ENTITY_BONUS if entities[i] & entities[j] else 0.0) \
                + (SPEAKER_BONUS if speakers[i] & speakers[j] else 0.0)
            sims[i, j] += bonus
            sims[j, i] += bonus
    return sims


# Where a sentence joins a second statement to its first (crosscheck.facts: ", while",
# "; ", a participle clause: "..., bringing its total to 4,700"): its clauses, each of
# at least this many words, are compared on their own. Words in -ing that introduce a
# part or a frame ("including", "according to") join no statement.
_NOT_PARTICIPLES = ("including|according|during|following|regarding|concerning|excluding|"
                    "notwithstanding|morning|evening|nothing|something|anything|everything")
_JOIN = re.compile(rf",\s*(?:while|whereas|but)\s+|;\s+|\s+while\s+"
                   rf"|,\s+(?=(?!(?:{_NOT_PARTICIPLES})\b)[a-z]+ing\s)")
CLAUSE_WORDS = 5


def clause_similarities(statements: list[Statement], sims: np.ndarray) -> np.ndarray:
    """The sentence similarities, raised for pairs of statements with figures where a
    clause of one is closer to the other (or to a clause of it) than the sentences are."""
    parts: list[tuple[int, str]] = []
    wholes = [i for i, s in enumerate(statements) if s.quantities()]
    for i in wholes:
        cut = [c for c in _JOIN.split(statements[i].text) if len(c.split()) >= CLAUSE_WORDS]
        if len(cut) >= 2:
            parts.extend((i, c) for c in cut)
    if not parts or len({s.article_id for s in statements}) < 2:
        return sims
    texts = [statements[i].text for i in wholes] + [c for _, c in parts]
    vectors = get_embedder().embed(texts)
    owner = wholes + [i for i, _ in parts]
    cos = vectors @ vectors[len(wholes):].T  # every whole and part against each part
    out = sims.copy()
    for col, (i, _) in enumerate(parts):
        for row, j in enumerate(owner):
            if j != i and statements[j].article_id != statements[i].article_id and cos[row, col] > out[i, j]:
                out[i, j] = out[j, i] = float(cos[row, col])
    return out


def content_similarities(statements: list[Statement], claimed: list[int], sims: np.ndarray) -> np.ndarray:
    """The sentence similarities, raised where what two statements report is closer than
    their sentences (crosscheck.facts.reported_content: "Blinken accused Moscow of
    sharing technology" / "Russia is said to be passing on technology"). Only facts are
    aligned on these; the detectors compare whole sentences."""
    contents = [reported_content(statements[i].text) for i in claimed]
    changed = [n for n, i in enumerate(claimed) if contents[n] != statements[i].text]
    if not changed:
        return sims
    vectors = get_embedder().embed(contents)
    cos = vectors @ vectors[changed].T  # every claim statement against each changed one
    out = sims.copy()
    for col, n in enumerate(changed):
        for m, i in enumerate(claimed):
            j = claimed[n]
            if i != j and cos[m, col] > out[i, j]:
                out[i, j] = out[j, i] = float(cos[m, col])
    return out


def figure_similarities(statements: list[Statement], claimed: list[int], sims: np.ndarray) -> np.ndarray:
    """The similarities, raised to the fact bar for claim statements of two sources that
    give one figure alike (crosscheck.facts.shared_figure). Only facts are aligned on these."""
    out = sims
    figured = [i for i in claimed if statements[i].quantities()]  # most sentences give none
    for n, i in enumerate(figured):
        for j in figured[n + 1:]:
            a, b = statements[i], statements[j]
            if a.group == b.group or out[i, j] >= SAME_FACT or not shared_figure(a, b):
                continue
            if out is sims:
                out = sims.copy()
            out[i, j] = out[j, i] = SAME_FACT
    return out
