"""The grammar of quoting, read off one sentence's parse: where quote marks open and
close, which verbs are speech cues, a cue's subject (past page furniture glued to it,
through participles and issued documents), "according to X", and where a reported
clause ends. No entities and no article state: quote_speakers.py and quotes.py build on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsdesk.annotate.lexicon import SPEECH_CUES, verb_lemma
from newsdesk.annotate.parse import is_proper, is_verb

# A quote opened with one style of mark may close with the other ("“Immunity deals
# should not be a requirement," Chaffetz said; ‘We are ahead of schedule,” the company
# said): copy-editing mixes them. Single marks alone ('The initial event was an attack,'
# Microsoft said) hold a quote when they close after its punctuation before a space:
# an apostrophe inside ("CrowdStrike's") is followed by a letter, a title in single
# marks ("‘Inadequate’ Apology") has no punctuation before its close.
_QUOTE_RE = re.compile(r"“([^”“\"]*)(?:[”\"]|$)|\"([^\"“”]*)(?:[\"”]|$)"
                       r"|(?:^|(?<=\s))['‘]([^‘“”\"]*?[,.!?])[”\"]"
                       r"|(?:^|(?<=\s))['‘]((?:[^'‘’“”\"]|['’](?=\w))*?[,.!?])['’](?=\s|$)")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLAUSE_DEPS = ("ccomp", "parataxis")
_CHAINED_DEPS = ("advcl", "xcomp", "conj", "acl", "relcl")
# What someone issues, whose participle ("a statement saying", "a letter accusing") is
# the issuer's speech.
ISSUED = frozenset({"statement", "letter", "post", "release", "memo", "message", "video", "filing",
                    "note", "tweet"})


@dataclass(slots=True)
class QuoteSpan:
    start: int  # paragraph char offsets of the quoted words (marks excluded)
    end: int


def quote_spans(text: str) -> list[QuoteSpan]:
    spans = []
    for m in _QUOTE_RE.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if m.group(g) is not None)
        if m.group(group).strip():
            spans.append(QuoteSpan(m.start(group), m.end(group)))
    return spans


def inside_quote(token: Any, spans: list[QuoteSpan]) -> bool:
    return any(s.start <= token.idx < s.end for s in spans)


def is_cue(token: Any) -> bool:
    return is_verb(token) and verb_lemma(token.text, SPEECH_CUES) in SPEECH_CUES


# "refused to deny", "declined to comment": the speech act named is the one not made
# (word stems: the parser here has no lemmatiser).
_WITHHOLDING = ("refus", "declin", "fail")


def withheld(cue: Any) -> bool:
    """Is the cue the act its head refuses ("the Kremlin refused to deny the
    allegations" reports no denial and no words of the Kremlin's)?"""
    head = cue.head
    return cue.dep_ == "xcomp" and head is not cue and str(head.lower_).startswith(_WITHHOLDING)


def _replaced_clause_subject(verb: Any) -> Any | None:
    """"X refused to deny the claims, instead emphasizing ...": a participle opened by
    "instead" is done by the subject of the clause it stands in for — the nearest verb
    before it that has a subject — although the parser often hangs it off the
    sentence's main verb ("The statement came after X refused ..., instead emphasizing")."""
    if verb.tag_ != "VBG" or not any(c.lower_ == "instead" for c in verb.children):
        return None
    for tok in reversed(verb.doc[verb.sent.start:verb.i]):
        if tok.tag_.startswith("VB"):
            subject = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                return subject
    return None


def subject_of(verb: Any, spans: list[QuoteSpan] | None = None) -> Any | None:
    """The verb's subject, or the subject of the verb it hangs off ("..., saying ...").
    A subject inside quote marks is the quote's own ("“One of the brightest," Rep. X
    said" parses with two subjects): the one outside them speaks. A participle hanging
    off a name ("footage of Hillary Clinton asking, “...”") has that name as subject."""
    replaced = _replaced_clause_subject(verb)
    if replaced is not None and not (spans and inside_quote(replaced, spans)):
        return replaced
    inverted = _inverted_document(verb, spans)
    if inverted is not None:
        return inverted
    for _ in range(3):
        found = [child for child in verb.children
                 if child.dep_ in SUBJECT_DEPS and not (spans and inside_quote(child, spans))
                 and past_furniture(child) <= child.right_edge.i]
        # Two subjects: the one nearer the verb speaks ("BALTIMORE — The bridge was
        # closed, officials said" parses the dateline as a second subject; "..., who he
        # said “led me ...”" the relative pronoun), but a name's suffix the parser split
        # off ("Roland L. Butler, Jr. stated") is no subject of its own
        if len(found) > 1:
            found = [c for c in found if c.lower_.rstrip(".") not in _NAME_SUFFIXES] or found
        if found:
            return min(found, key=lambda child: abs(child.i - verb.i))
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and is_proper(verb.head):
            return verb.head
        if (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lower_ in ISSUED
                and verb.head.dep_ == "dobj"):
            verb = verb.head.head  # "Barron released a statement emphasizing ...": its issuer
            continue
        if verb.dep_ not in _CHAINED_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _inverted_document(verb: Any, spans: list[QuoteSpan] | None) -> Any | None:
    """"…," reads the blog post: a verb right after the closing quote mark, with no
    subject outside the quote, whose document object the parser took for what it reads
    is the subject put after its verb."""
    if verb.i == 0 or verb.doc[verb.i - 1].text not in ('"', "\u201d", "'", "\u2019") \
            or any(c.dep_ in SUBJECT_DEPS and not (spans and inside_quote(c, spans)) for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in ISSUED), None)


def named_as_written(tok: Any) -> bool:
    """A proper noun as written: the tagger calls "ministry" in "the foreign ministry" NNP."""
    return is_proper(tok) and tok.text[:1].isupper()


def in_modifier(tok: Any, head: Any) -> bool:
    """Is ``tok`` inside a prepositional modifier of ``head`` ("in Teskov" of "the
    foreign ministry in Teskov")?"""
    while tok.i != head.i and tok.head.i != tok.i:
        if tok.dep_ in ("prep", "pobj") and not named_as_written(head):
            return True
        tok = tok.head
    return False


def before_next_clause(last: Any, first: Any) -> Any:
    """The content's last token, short of a next clause's subject the parser attached
    to it: "accused Iran of the transfers and Blinken | announced sanctions" ends at
    "transfers"."""
    follower = last.nbor() if last.i + 1 < len(last.doc) else None
    if (follower is not None and follower.tag_ in ("VBD", "VBZ", "VBP") and last.tag_ in ("NNP", "NNPS")
            and last.i - 1 > first.i and last.nbor(-1).dep_ == "cc"):
        return last.nbor(-2)
    return last


_STAMP_TOKEN = re.compile(r"(?i:date)|\d+|[-/.:|]|of")


def past_furniture(head: Any) -> int:
    """Where a subject's own words start past page furniture glued to it: a caption's
    counter and bar ("3 of 5 | Harbour Minister Ilse Maren announced"), a
    page's date stamp ("date 2025-02-03 Norvale Air says"). The subject's left
    edge when there is none; past its right edge when the subject is only furniture."""
    left, right = head.left_edge.i, head.right_edge.i
    doc = head.doc
    bars = [t.i for t in doc[left:right + 1] if t.text == "|"]
    if bars and bars[-1] < right:
        return bars[-1] + 1
    i = left
    while i <= right and _STAMP_TOKEN.fullmatch(doc[i].text):
        i += 1
    if re.search(r"\d{4}\s*[-/]\s*\d\d", doc[left:i].text):  # "2024-07-23", not "2024 candidates"
        return i
    return left


def before_answer(clause: Any, end: int) -> int:
    """Where a reported clause ends short of someone's answer hung inside it: "I asked
    Reyl whether the figure held, to which he said that ..." reports the
    question; the answer, opened by "(to) which" and with a subject of its own, is his
    words, not the asker's. The parser hangs the answer below the question or the
    question below the answer; either way the cut is at "to which"."""
    for tok in clause.subtree:
        if not is_cue(tok) or not any(c.dep_ in SUBJECT_DEPS for c in tok.children):
            continue
        rel = next((t for t in tok.subtree if t.lower_ == "which" and t.i < tok.i
                    and tok in (t.head, t.head.head)), None)
        if rel is None:
            continue
        left = rel.head if rel.head.lower_ == "to" and rel.head.i == rel.i - 1 else rel
        while left.i > clause.left_edge.i and (left.nbor(-1).is_punct or left.nbor(-1).is_space):
            left = left.nbor(-1)
        if left.i > clause.left_edge.i:
            return min(end, left.idx)
    return end


def according_to(sent: Any) -> tuple[Any, Any] | None:
    for tok in sent:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return tok, obj
    return None


