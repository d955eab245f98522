"""Check-worthy statements, one per clause, with their numbers, dates and polarity.

A clause is check-worthy when it names something checkable: an entity, a number or a
date. Each claim keeps subject / predicate / object, its quantities (normalised), its
resolved dates, whether it is negated ("denied", "no", "not") or hedged ("alleged",
"reportedly", "could"), whose statement it is (a quote's or a reported speaker's),
and the sentence it came from.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from newsdesk.annotate.clauses import Clause, object_of, sentence_clauses
from newsdesk.annotate.entities import ArticleEntities
from newsdesk.annotate.lexicon import (
    HEDGE_PHRASES,
    HEDGES,
    NEGATING_VERBS,
    NEGATION_WORDS,
    verb_lemma,
)
from newsdesk.annotate.parse import ParsedArticle, span_text, tokens_text
from newsdesk.annotate.quantities import find_quantities
from newsdesk.records import Claim, DateMention, Quote, content_id

_MIN_TOKENS = 4


def _figure_clause(clause: Clause) -> bool:
    """A short participle clause with a figure: "..., killing 12 people" states the toll."""
    verb = clause.verb
    return verb.tag_ == "VBG" and verb.dep_ == "advcl" and any(t.like_num for t in clause.tokens)

_MAX_PART_CHARS = 200


def _phrase(tok: Any | None) -> str | None:
    if tok is None:
        return None
    text = tokens_text(tok.left_edge, tok.right_edge)
    return text if len(text) <= _MAX_PART_CHARS else text[:_MAX_PART_CHARS] + "…"


def _predicate(verb: Any) -> str:
    parts = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.lower_ != "to"]
    parts += [verb] + [c for c in verb.children if c.dep_ == "prt"]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _negated(clause: Clause) -> bool:
    verb = clause.verb
    if verb_lemma(verb.text, NEGATING_VERBS) in NEGATING_VERBS:
        return True
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in ("never",):
            return True
        if child.dep_ in ("dobj", "attr") and any(
                g.lower_ in NEGATION_WORDS and g.dep_ == "det" for g in child.children):
            return True  # "announced no shift"
    cue = clause.cue
    return bool(cue is not None and verb_lemma(cue.text, NEGATING_VERBS) in NEGATING_VERBS)


def _hedged(clause: Clause, sent_text: str) -> bool:
    if any(t.lower_ in HEDGES for t in clause.tokens):
        return True
    low = sent_text.lower()
    return any(p in low for p in HEDGE_PHRASES)


def _mask(text: str, offset: int, dates: list[DateMention]) -> str:
    """Blank out date expressions so "September 9" is not read as a count of 9."""
    for d in dates:
        if d.start is not None and d.end is not None:
            a, b = max(0, d.start - offset), min(len(text), d.end - offset)
            text = text[:a] + " " * (b - a) + text[b:]
    return text


class ClaimFinder:
    def __init__(self, parsed: ParsedArticle, ents: ArticleEntities, quotes: list[Quote],
                 dates: list[DateMention]) -> None:
        self.parsed = parsed
        self.ents = ents
        self.quotes = quotes
        self.dates = dates

    def _attribution(self, start: int, end: int) -> str | None:
        """The speaker whose quote or reported words hold this clause."""
        best: Quote | None = None
        for q in self.quotes:
            if q.start is None or q.end is None or q.speaker is None:
                continue
            if q.start <= start + 2 and end - 2 <= q.end and (
                    best is None or (q.end - q.start) < (best.end or 0) - (best.start or 0)):
                best = q
        return best.speaker if best else None

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        aid = self.parsed.article.id
        starts = [m.start for m in self.ents.mentions]  # mentions come in text order
        for index, sent, para, sent_clauses in sentence_clauses(self.parsed):
            sent_text = span_text(sent)
            if sent_text.rstrip().endswith("?"):
                continue
            for clause in sent_clauses:
                if clause.reporting or (len(clause.tokens) < _MIN_TOKENS and not _figure_clause(clause)):
                    continue
                start = para.offset + clause.start_char
                end = para.offset + clause.end_char
                text = self.parsed.article.text[start:end]
                inside = self.ents.mentions[bisect_left(starts, start):bisect_left(starts, end)]
                entity_ids = list(dict.fromkeys(m.entity_id for m in inside if m.entity_id))
                dates = [d for d in self.dates if d.start is not None and start <= d.start < end]
                # the sentence before the clause may name what a bare figure in it counts
                sent_start = para.offset + sent.start_char
                before = self.parsed.article.text[sent_start:start] if sent_start < start else ""
                quantities = find_quantities(_mask(text, start, dates),
                                             _mask(before, sent_start, self.dates) if before else "")
                if not (entity_ids or quantities or dates):
                    continue  # nothing in it that another report could confirm or contradict
                subject = clause.subject
                out.append(Claim(
                    id=content_id(aid, "claim", str(start), str(end)),
                    article_id=aid,
                    sentence_index=index,
                    text=text,
                    subject=_phrase(subject),
                    predicate=_predicate(clause.verb),
                    object=_phrase(object_of(clause.verb)),
                    quantities=quantities,
                    dates=dates,
                    negated=_negated(clause),
                    hedged=_hedged(clause, sent_text),
                    attributed_to=self._attribution(start, end),
                    entities=entity_ids,
                ))
        return out


def find_claims(parsed: ParsedArticle, ents: ArticleEntities, quotes: list[Quote],
                dates: list[DateMention]) -> list[Claim]:
    if not parsed.english:
        return []
    return ClaimFinder(parsed, ents, quotes, dates).claims()
