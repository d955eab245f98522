"""Clauses of a parsed sentence: one verb with its own subject, object and modifiers.

Claims and events both work clause by clause: a sentence such as "Blinken accused
Moscow of X and announced new sanctions" holds two statements, one per verb.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.annotate.lexicon import SPEECH_CUES, verb_lemma
from newsdesk.annotate.parse import ParsedArticle, is_verb, tokens_text

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_OBJECT_DEPS = ("dobj", "attr", "acomp", "oprd", "dative")
_SPLIT_DEPS = ("conj", "ccomp", "parataxis", "advcl")
_HEADS_KEY = "newsdesk_heads"  # doc.user_data: the head of every token, as integers


@dataclass(slots=True)
class Clause:
    verb: Any
    tokens: list[Any]  # the clause's own tokens, in order
    subject: Any | None
    cue: Any | None  # the speech verb this clause is the content of, if any
    reporting: bool = False  # "X said / demanded that ...": the content is its own clause

    @property
    def start_char(self) -> int:
        return int(self.tokens[0].idx)

    @property
    def end_char(self) -> int:
        last = self.tokens[-1]
        return int(last.idx + len(last.text))

    @property
    def text(self) -> str:
        return tokens_text(self.tokens[0], self.tokens[-1])


def subject_of(verb: Any) -> Any | None:
    """A verb's subject, or for a conjoined verb the subject it shares with its head."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head is verb:
            return None
        verb = verb.head
    return None


def object_of(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS:
            return child
    for child in verb.children:
        if child.dep_ == "prep":
            return child
    return None


def is_speech(verb: Any) -> bool:
    return verb_lemma(verb.text, SPEECH_CUES) in SPEECH_CUES


def _is_clause_verb(tok: Any) -> bool:
    return is_verb(tok) and (tok.dep_ == "ROOT" or tok.dep_ in _SPLIT_DEPS)


def _owned_tokens(sent: Any, verb_set: set[int]) -> dict[int, list[int]]:
    """Clause verb -> the indices (in order, spaces left out) of the tokens it governs
    without another clause verb in between: each token belongs to the first clause
    verb on its way up the tree. Read off spaCy's head array, so that no tree walk
    builds Python tokens (it was a quarter of the annotators' time)."""
    doc = sent.doc
    table = doc.user_data.get(_HEADS_KEY)
    if table is None:
        rows = doc.to_array(["HEAD", "IS_SPACE"])
        heads = [i + rel for i, rel in enumerate(rows[:, 0].astype("int64").tolist())]
        table = doc.user_data[_HEADS_KEY] = (heads, rows[:, 1].tolist())
    heads, spaces = table
    owner: dict[int, int | None] = {}
    owned: dict[int, list[int]] = {}
    for i in range(sent.start, sent.end):
        path = []
        at: int | None = i
        while at is not None and at not in owner:
            if at in verb_set:
                owner[at] = at
                break
            path.append(at)
            at = None if heads[at] == at else heads[at]
        found = owner.get(at) if at is not None else None
        for j in path:
            owner[j] = found
        if found is not None and not spaces[i]:
            owned.setdefault(found, []).append(i)
    return owned


def clauses(sent: Any, verbs: list[Any] | None = None) -> Iterator[Clause]:
    """Each clause verb (among ``verbs``, the sentence's verb tokens, when given) with the
    tokens that are its own (nested clauses cut out).

    A speech verb's clause ("Blinken said") is marked ``reporting``: its content clause
    comes separately, marked with the cue, because what was said is the statement.
    """
    verbs = [t for t in (sent if verbs is None else verbs) if _is_clause_verb(t)]
    owned = _owned_tokens(sent, {t.i for t in verbs})
    doc = sent.doc
    for verb in verbs:
        own = [doc[i] for i in owned.get(verb.i, [])]
        while own and own[0].is_punct:
            own.pop(0)
        while own and (own[-1].is_punct or own[-1].dep_ == "cc"):
            own.pop()
        if not own:
            continue
        cue = verb.head if verb.dep_ in ("ccomp", "parataxis") and is_speech(verb.head) else None
        reporting = is_speech(verb) and any(c.dep_ in ("ccomp", "parataxis")
                                            for c in verb.children)
        yield Clause(verb, own, subject_of(verb), cue, reporting)


def sentence_clauses(parsed: ParsedArticle) -> list[tuple[int, Any, Any, list[Clause]]]:
    """(sentence index, sentence, paragraph, clauses) for the article, computed once and
    shared by the claim and event annotators."""
    cached = parsed.cache.get("clauses")
    if cached is None:
        cached = [(i, sent, para, list(clauses(sent, para.verbs_in(sent))))
                  for i, sent, para in parsed.iter_sents()]
        parsed.cache["clauses"] = cached
    return cached
