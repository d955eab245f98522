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


def clauses(sent: Any, verbs: list[Any] | None = None) -> Iterator[Clause]:
    """Each clause verb (among ``verbs``, the sentence's verb tokens, when given) with the
    tokens that are its own (nested clauses cut out).

    A speech verb's clause ("Blinken said") is marked ``reporting``: its content clause
    comes separately, marked with the cue, because what was said is the statement.
    """
    verbs = [t for t in (sent if verbs is None else verbs) if _is_clause_verb(t)]
    verb_set = {t.i for t in verbs}
    for verb in verbs:
        own: list[Any] = []
        stack = [verb]
        while stack:
            tok = stack.pop()
            own.append(tok)
            stack.extend(c for c in tok.children if c.i not in verb_set)
        own = [t for t in sorted(own, key=lambda t: t.i) if not t.is_space]
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
