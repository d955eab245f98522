"""Who said what: direct quotes and reported speech, with speaker and cue verb.

Direct quotes are found in the text by their quote marks (straight or curly; a quote
left open at the end of a paragraph runs on), then tied to the nearest speech verb
outside the quote marks in their sentence and to that verb's subject. A quote with no
verb of its own continues the previous speaker's words. Reported speech is a speech
verb with a clause ("X said that ..."), an object cue ("X rejected the accusations")
or "according to X". Speakers resolve to canonical entities: a pronoun to the nearest
person before it, a description ("the minister") to the nearest person with that role.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from newsdesk.annotate.entities import ArticleEntities, EntityRegistry, LocalEntity
from newsdesk.annotate.gender import PRONOUN_GENDER, add_votes, article_votes, gender_of
from newsdesk.annotate.lexicon import (
    OBJECT_CUES,
    PERSON_ROLES,
    PRONOUNS_PERSON,
    SPEECH_CUES,
    STATEMENT_NOUNS,
    verb_lemma,
    words,
)
from newsdesk.annotate.parse import (
    Paragraph,
    ParsedArticle,
    is_proper,
    is_verb,
    span_text,
)
from newsdesk.annotate.quotes_intl import find_quotes_intl
from newsdesk.annotate.speakers import describes_someone, fullest_form, headline_like
from newsdesk.records import Quote, content_id

# A quote opened with one style of mark may close with the other ("“Immunity deals
# should not be a requirement," Chaffetz said; ‘We are ahead of schedule,” the company
# said): copy-editing mixes them. Single marks alone ('The initial event was an attack,'
# Microsoft said) hold a quote when they close after its punctuation before a space:
# an apostrophe inside ("CrowdStrike's") is followed by a letter, a title in single
# marks ("‘Inadequate’ Apology") has no punctuation before its close.
_QUOTE_RE = re.compile(r"“([^”“\"]*)(?:[”\"]|$)|\"([^\"“”]*)(?:[\"”]|$)"
                       r"|(?:^|(?<=\s))['‘]([^‘“”\"]*?[,.!?])[”\"]"
                       r"|(?:^|(?<=\s))['‘]((?:[^'‘’“”\"]|['’](?=\w))*?[,.!?])['’](?=\s|$)")
# After a quote's closing mark: a dash that signs it with a name ("” ― Jane Doe").
_SIGNATURE_RE = re.compile(r"[”\"]?[,.!?]?\s*(?:[―—–]|--?\s)\s*")
_INITIAL_RE = re.compile(r"[A-Z]\.?")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CLAUSE_DEPS = ("ccomp", "parataxis")
_CHAINED_DEPS = ("advcl", "xcomp", "conj", "acl", "relcl")
# What someone issues, whose participle ("a statement saying", "a letter accusing") is
# the issuer's speech.
_ISSUED = frozenset({"statement", "letter", "post", "release", "memo", "message", "video", "filing",
                     "note", "tweet"})
# Cues whose object is what was said when they take no clause: "emphasized the
# office's commitment to ...", "highlighted the importance of testing".
_EMPHASIS_CUES = frozenset({"emphasize", "emphasise", "stress", "highlight", "underline", "underscore"})
_PERSONS = frozenset({"PERSON"})
_GROUPS = frozenset({"ORG", "GPE", "NORP", "LOC", "PERSON"})
_MISLABELLED = frozenset({"ORG", "GPE", "LOC", "FAC"})  # labels spaCy puts on surnames
# Object cues whose whole right side is the content: "accused Iran of supplying ...".
_RIGHT_SIDE_CUES = frozenset({"accuse", "criticize", "criticise", "blame", "condemn", "praise"})
_MIN_UNATTRIBUTED_WORDS = 4
# Descriptions that are part of an organisation's own name ("the committee" for the
# "House Homeland Security Committee"): the one so named comes before any other.
_NAMING_HEADS = frozenset({"committee", "ministry", "department", "agency", "commission", "council",
                           "court", "bank", "board", "authority", "office", "exchange"})
_ORGS = frozenset({"ORG"})
# Subjects through which an organisation speaks: a description of it ("the company",
# "the airline"), its spokespeople, its documents ("a statement read", "the report says").
_ORG_VOICES = words("""company firm airline carrier agency ministry department government committee
    regulator insurer bank operator developer maker provider startup business corporation statement
    report post blog release letter filing spokesperson spokesman spokeswoman representative""")


@dataclass(slots=True)
class _Span:
    start: int  # paragraph char offsets of the quoted words (marks excluded)
    end: int


@dataclass(slots=True)
class Speaker:
    text: str
    name: str | None
    entity_id: str | None
    start: int | None = None  # article offsets of the words naming the speaker
    end: int | None = None
    description: str | None = None  # an unnamed speaker as described ("one of the officers")


Attribution = tuple[Speaker | None, str | None, int | None]  # speaker, cue, cue offset


def quote_spans(text: str) -> list[_Span]:
    spans = []
    for m in _QUOTE_RE.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if m.group(g) is not None)
        if m.group(group).strip():
            spans.append(_Span(m.start(group), m.end(group)))
    return spans


def _inside(token: Any, spans: list[_Span]) -> bool:
    return any(s.start <= token.idx < s.end for s in spans)


def _is_cue(token: Any) -> bool:
    return is_verb(token) and verb_lemma(token.text, SPEECH_CUES) in SPEECH_CUES


# "refused to deny", "declined to comment": the speech act named is the one not made
# (word stems: the parser here has no lemmatiser).
_WITHHOLDING = ("refus", "declin", "fail")


def _withheld(cue: Any) -> bool:
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
            subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
            if subject is not None:
                return subject
    return None


def _subject(verb: Any, spans: list[_Span] | None = None) -> Any | None:
    """The verb's subject, or the subject of the verb it hangs off ("..., saying ...").
    A subject inside quote marks is the quote's own ("“One of the brightest," Rep. X
    said" parses with two subjects): the one outside them speaks. A participle hanging
    off a name ("footage of Hillary Clinton asking, “...”") has that name as subject."""
    replaced = _replaced_clause_subject(verb)
    if replaced is not None and not (spans and _inside(replaced, spans)):
        return replaced
    for _ in range(3):
        for child in verb.children:
            if (child.dep_ in _SUBJECT_DEPS and not (spans and _inside(child, spans))
                    and _past_furniture(child) <= child.right_edge.i):
                return child
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and is_proper(verb.head):
            return verb.head
        if (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lower_ in _ISSUED
                and verb.head.dep_ == "dobj"):
            verb = verb.head.head  # "Barron released a statement emphasizing ...": its issuer
            continue
        if verb.dep_ not in _CHAINED_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def _named(tok: Any) -> bool:
    """A proper noun as written: the tagger calls "ministry" in "the foreign ministry" NNP."""
    return is_proper(tok) and tok.text[:1].isupper()


def _in_modifier(tok: Any, head: Any) -> bool:
    """Is ``tok`` inside a prepositional modifier of ``head`` ("in Teskov" of "the
    foreign ministry in Teskov")?"""
    while tok.i != head.i and tok.head.i != tok.i:
        if tok.dep_ in ("prep", "pobj") and not _named(head):
            return True
        tok = tok.head
    return False


def _before_next_clause(last: Any, first: Any) -> Any:
    """The content's last token, short of a next clause's subject the parser attached
    to it: "accused Iran of the transfers and Blinken | announced sanctions" ends at
    "transfers"."""
    follower = last.nbor() if last.i + 1 < len(last.doc) else None
    if (follower is not None and follower.tag_ in ("VBD", "VBZ", "VBP") and last.tag_ in ("NNP", "NNPS")
            and last.i - 1 > first.i and last.nbor(-1).dep_ == "cc"):
        return last.nbor(-2)
    return last


_STAMP_TOKEN = re.compile(r"(?i:date)|\d+|[-/.:|]|of")


def _past_furniture(head: Any) -> int:
    """Where a subject's own words start past page furniture glued to it: a caption's
    counter and bar ("1 of 2 | Transportation Secretary Pete Buttigieg announced"), a
    page's date stamp ("date 2024-07-11 Delta Air Lines says"). The subject's left
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


def _before_answer(clause: Any, end: int) -> int:
    """Where a reported clause ends short of someone's answer hung inside it: "I asked
    Banafa if the estimate was accurate, to which he said that ..." reports the
    question; the answer, opened by "(to) which" and with a subject of its own, is his
    words, not the asker's. The parser hangs the answer below the question or the
    question below the answer; either way the cut is at "to which"."""
    for tok in clause.subtree:
        if not _is_cue(tok) or not any(c.dep_ in _SUBJECT_DEPS for c in tok.children):
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


def _according_to(sent: Any) -> tuple[Any, Any] | None:
    for tok in sent:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return tok, obj
    return None


class QuoteFinder:
    """Finds the quotes of one parsed article; speakers resolve through its entities."""

    def __init__(self, parsed: ParsedArticle, ents: ArticleEntities,
                 registry: EntityRegistry) -> None:
        self.parsed = parsed
        self.ents = ents
        self.registry = registry
        self.quotes: list[Quote] = []
        # each paragraph's quoted passages (by paragraph offset), found once
        self.spans = {p.offset: quote_spans(p.text) for p in parsed.paragraphs}
        # article offsets of every quoted passage, for keeping speakers out of them
        self.quoted = [(p.offset + s.start, p.offset + s.end) for p in parsed.paragraphs
                       for s in self.spans[p.offset]]
        self.quoted_starts = [s for s, _ in self.quoted]  # sorted: paragraphs come in order
        self._mention_starts = {m.start: m for m in ents.mentions}
        self._modifier_ends: set[int] | None = None  # ends of names that modify a noun
        self._body: list[LocalEntity] | None = None  # see _body_locals
        self._heads: set[int] | None = None  # see _headings
        self._record_genders()

    def _record_genders(self) -> None:
        """Add this article's evidence to its people's gender guesses, before any
        pronoun is resolved (gender.py)."""
        people = {loc.entity_id: loc for loc in self.ents.locals
                  if loc.type == "PERSON" and loc.entity_id}
        names = {eid: self.registry.entities[eid].name for eid in people}
        titles = {eid: loc.titles for eid, loc in people.items()}
        votes = article_votes(self.parsed, self.ents.mentions, titles, names, self._in_quote)
        for eid, counts in votes.items():
            add_votes(self.registry.entities[eid], counts)
        self.ents.gender_votes = dict(votes)

    # -- speakers -----------------------------------------------------------
    def _entity_speaker(self, text: str, loc: LocalEntity | None, start: int) -> Speaker:
        end = start + len(text)
        if loc is None or loc.entity_id is None:
            return Speaker(text, None, None, start, end)
        # "Delta said" after "Delta Air Lines": the fullest name the article writes
        eid = fullest_form(loc, self._body_locals(), self.parsed.article.text,
                           self._introduces).entity_id or loc.entity_id
        return Speaker(text, self.registry.entities[eid].name, eid, start, end)

    def _headings(self) -> set[int]:
        """Sentences that are no prose: a headline in title case, the article's title
        repeated, a caption of a few words with no verb ("Delta airlines plane")."""
        if self._heads is None:
            title = " ".join((self.parsed.article.title or "").split())
            self._heads = set()
            for index, sent, _ in self.parsed.iter_sents():
                text = " ".join(sent.text.split())
                words = [t for t in sent if not (t.is_punct or t.is_space)]
                caption = len(words) <= 6 and not any(is_verb(t) for t in words)
                if caption or headline_like(text) or (len(title) > 20 and (
                        title in text or (len(text) > 20 and text in title))):
                    self._heads.add(index)
        return self._heads

    def _body_locals(self) -> list[LocalEntity]:
        """The article's entities named at least once outside a headline."""
        if self._body is None:
            heads = self._headings()
            self._body = [loc for loc in self.ents.locals
                          if any(self.ents.mentions[i].sentence_index not in heads for i in loc.mentions)]
        return self._body

    def _first_in_body(self, loc: LocalEntity) -> int:
        heads = self._headings()
        return min((self.ents.mentions[i].start for i in loc.mentions
                    if self.ents.mentions[i].sentence_index not in heads), default=1 << 30)

    def _introduces(self, longer: LocalEntity, short: LocalEntity) -> bool:
        """Is ``longer`` the full name the report gives first and shortens after ("Delta
        Air Lines ... Delta"), as reports name a body on first reference? A product named
        after its maker comes after the maker ("Microsoft ... Microsoft Entra") or only
        modifies a thing ("Microsoft Windows devices")."""
        acts = any(not self._not_actor(self.ents.mentions[i].start) for i in longer.mentions)
        return acts and self._first_in_body(longer) < self._first_in_body(short)

    def _described(self, text: str, head: Any, start: int) -> Speaker:
        """A speaker the text describes without naming ("an emergency dispatcher told")."""
        return Speaker(text, None, None, start, start + len(text),
                       description=text if describes_someone(head) else None)

    def speaker_of(self, head: Any, para: Paragraph) -> Speaker:
        """Resolve a subject token to a canonical speaker."""
        doc = head.doc
        first = min(_past_furniture(head), head.right_edge.i)
        if first > head.i:  # the subject the parser built around a page stamp is after it
            inner = next((t for t in doc[first:head.right_edge.i + 1]
                          if not first <= t.head.i <= head.right_edge.i or t.head is t), None)
            if inner is not None and inner is not head:
                return self.speaker_of(inner, para)
        span = doc[max(first, head.left_edge.i):head.right_edge.i + 1]
        text = span_text(span)
        start = para.offset + head.idx
        lower = head.lower_
        if head.tag_ == "PRP" or lower in PRONOUNS_PERSON:
            asked = self._asked(head, para)
            if asked is not None:
                return self._entity_speaker(head.text, asked, start)
            described = self._described_chain(lower, start)
            if described is not None:
                return Speaker(head.text, None, None, start, start + len(head.text),
                               description=described)
            chained = self._chained_speaker(lower, start)
            if chained is not None:
                return Speaker(head.text, chained.speaker, chained.speaker_entity_id, start,
                               start + len(head.text))
            return self._entity_speaker(head.text, self._antecedent(lower, start), start)
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            antecedent = self.speaker_of(head.head.head, para)  # "Bloomberg, who added ..."
            # an unnamed antecedent is too often the wrong noun ("sent a message to his
            # girlfriend that said ...") to describe the speaker by
            antecedent.description = None
            return antecedent
        loc = self.ents.local_at(start, start + len(head.text))
        if loc is None:  # "State Department spokesman Vedant Patel" heads on a name word
            for tok in reversed([t for t in span if is_proper(t) and not _in_modifier(t, head)]):
                found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + 1)
                if found is not None and found.type == "PERSON":
                    loc = found
                    break
        if loc is None and lower in PERSON_ROLES and not _named(head):
            loc = self._appositive_person(span, para)  # "Chair of the FTC, Lina Khan, noted"
        if loc is None and lower in _ORG_VOICES:
            loc = self._organisation_voice(span, para, start, lower)
        if loc is None and lower in PERSON_ROLES:
            role = lower
            # the one holding that title before, else the first named with it after
            # ("Delta's attorney said ... attorney David Boies, representing Delta")
            loc = self.ents.nearest(start, _PERSONS, role=role, after=start)
            if loc is None:  # "the Texas governor": a person, never the place in it
                return self._described(text, head, para.offset + span.start_char)
        if loc is None:
            # A common-noun subject speaks for itself, not for a place in its modifiers:
            # "the foreign ministry in Teskov" is the ministry, "officials in Rome" not Rome.
            # A name is its own words: "Shalanda Young, director of the Office of
            # Management and Budget" is Young even when the NER missed her.
            named = doc[head.left_edge.i:head.i + 1]
            loc = self.ents.local_at(para.offset + named.start_char, para.offset + named.end_char)
        if loc is None and _named(head):
            loc = self._unrecognised_person(head)
        if loc is None:
            return self._described(text, head, para.offset + span.start_char)
        speaker = self._entity_speaker(text, loc, para.offset + span.start_char)
        return self._with_partners(speaker, head, para)

    def _with_partners(self, speaker: Speaker, head: Any, para: Paragraph) -> Speaker:
        """Several named speakers of one remark ("Green and Garbarino wrote", "Rep. Mark
        Green ... and Rep. Andrew Garbarino ... said"): the speaker names all of them.
        The group is no single entity, so the quote keeps the first one's id for its
        links and the joint name for readers."""
        if speaker.name is None or not _named(head):
            return speaker
        names = [speaker.name]
        # "Rep. Mark Green, R-Tenn., chairman of ..., and Rep. Andrew Garbarino": the
        # parser may hang the second name on the first one's title
        subject = head.doc[head.left_edge.i:head.right_edge.i + 1]
        for conj in subject:
            if conj.dep_ != "conj" or not _named(conj) or _in_modifier(conj, head):
                continue
            at = para.offset + conj.idx
            loc = self.ents.local_at(at, at + len(conj.text))
            if loc is None or loc.entity_id is None or loc.type not in _GROUPS:
                continue
            lead = self.registry.entities.get(speaker.entity_id or "")
            if lead is not None and lead.type == "PERSON" and loc.type in ("GPE", "LOC", "FAC"):
                continue  # "Rep. Andrew Garbarino (R-N.Y.)": a person speaks with others, not a state
            first = para.offset + conj.left_edge.idx  # "Rep. Andrew Garbarino" from "Rep."
            if any(self.ents.mentions[i].start < first < self.ents.mentions[i].end for i in loc.mentions):
                continue  # a word inside one name ("Office of Management and Budget")
            eid = fullest_form(loc, self._body_locals(), self.parsed.article.text,
                           self._introduces).entity_id or loc.entity_id
            name = self.registry.entities[eid].name
            if name not in names:
                names.append(name)
        if len(names) == 1:
            return speaker
        return Speaker(speaker.text, " and ".join(names), speaker.entity_id, speaker.start, speaker.end)

    def _appositive_person(self, span: Any, para: Paragraph) -> LocalEntity | None:
        """A person set off by a comma at the end of a title's subject ("Chair of the
        US Federal Trade Commission, Lina Khan, noted"): the parser often hangs the name
        on the organisation, but the title is hers."""
        toks = [t for t in span if not (t.is_punct or t.lower_.strip(".") in ("jr", "sr"))]
        if not toks or not is_proper(toks[-1]):
            return None
        first = toks[-1]
        while first.i > span.start and is_proper(first.nbor(-1)):
            first = first.nbor(-1)
        if first.i == span.start or first.nbor(-1).text != ",":
            return None
        at = para.offset + first.idx
        loc = self.ents.local_at(at, para.offset + toks[-1].idx + len(toks[-1].text))
        return loc if loc is not None and loc.type == "PERSON" else None

    def _asked(self, pronoun: Any, para: Paragraph) -> LocalEntity | None:
        """"I asked Banafa whether the estimate was right, to which he said ...": a he or
        she answering in the sentence that asks someone is the person asked."""
        gender = PRONOUN_GENDER.get(pronoun.lower_)
        if gender is None:
            return None
        for tok in pronoun.doc[pronoun.sent.start:pronoun.i]:
            if not is_verb(tok) or verb_lemma(tok.text, SPEECH_CUES) != "ask":
                continue
            for obj in tok.children:
                if obj.dep_ != "dobj":
                    continue
                at = para.offset + obj.idx
                loc = self.ents.local_at(at, at + len(obj.text))
                if (loc is not None and loc.type == "PERSON" and loc.entity_id
                        and gender_of(self.registry.entities[loc.entity_id]) in (None, gender)):
                    return loc
        return None

    def _described_chain(self, pronoun: str, start: int) -> str | None:
        """"A Maryland State Police official said ... He also said ...": a he, she or
        they right after words given to a speaker the text only describes is that
        speaker, unless someone is named as a subject in between."""
        if pronoun not in ("he", "she", "they"):
            return None
        prev = max((q for q in self.quotes if q.speaker_start is not None and q.speaker_start < start),
                   key=lambda q: q.speaker_start or 0, default=None)
        if prev is None or prev.speaker_entity_id or not prev.speaker_description:
            return None
        if self.parsed.sentence_at(start) - self.parsed.sentence_at(prev.speaker_start or 0) > 1:
            return None
        for m_index in self.ents.subjects:  # names inside the description are its own
            m = self.ents.mentions[m_index]
            if (prev.speaker_end or 0) <= m.start < start and not self._in_quote(m.start):
                return None
        return prev.speaker_description

    def _chained_speaker(self, pronoun: str, start: int) -> Quote | None:
        """A "he said" chain: a he/she right after a quote credited to a person by name
        ("“...,” Guardado said. ... “...,” he added") continues that speaker, unless a
        person named later stands nearer as a subject. Covers people the NER missed,
        whom only the quote finder knows."""
        gender = PRONOUN_GENDER.get(pronoun)
        if gender is None:
            return None
        prev = max((q for q in self.quotes if q.speaker_start is not None and q.speaker_start < start
                    and q.speaker_entity_id), key=lambda q: q.speaker_start or 0, default=None)
        if prev is None or prev.speaker_entity_id not in self.registry.entities:
            return None
        entity = self.registry.entities[prev.speaker_entity_id]
        # a one-word name the NER took for a place or an organisation may be a person
        # ("Guardado said"), as in _mislabelled_person; a longer one is not
        person = entity.type == "PERSON" or (entity.type in _MISLABELLED and " " not in entity.name)
        if not person or gender_of(entity) not in (None, gender):
            return None
        if self.parsed.sentence_at(start) - self.parsed.sentence_at(prev.speaker_start or 0) > 3:
            return None
        for m_index in self.ents.subjects:
            m = self.ents.mentions[m_index]
            if ((prev.speaker_end or 0) < m.start < start and m.label == "PERSON"
                    and m.entity_id != prev.speaker_entity_id and not self._in_quote(m.start)):
                return None  # someone else named as a subject since
        return prev

    def _organisation_voice(self, span: Any, para: Paragraph, start: int, head: str) -> LocalEntity | None:
        """An organisation speaking through a person or a document ("a CrowdStrike
        spokesperson", "Microsoft's blog post") or by a description ("the company said",
        "the cyber modelling firm"): the organisation named in the subject, else, for a
        description of an organisation, the nearest one named before outside quote marks.
        A document's author named in it ("the letter from Carlinsky", "Kurtz's memo")
        comes before any organisation."""
        if head in _ISSUED or head in ("report", "blog", "filing"):
            author = self._author(span, para)
            if author is not None:
                return author
        for tok in span:
            if is_proper(tok):
                found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + len(tok.text))
                if found is not None and found.type in _ORGS:
                    return found
        if head in PERSON_ROLES:
            return None  # "the spokesman": a person, found by title
        if head in _NAMING_HEADS:  # "the committee": the committee named before, if any
            kind = self.ents.nearest(start, _ORGS, skip=self._in_quote,
                                     accept=lambda loc: head in loc.name.lower().split())
            if kind is not None:
                return kind
        return (self.ents.nearest(start, _ORGS, subjects_only=True, skip=self._not_speaking)
                or self.ents.nearest(start, _ORGS, skip=self._not_speaking))

    def _author(self, tokens: Any, para: Paragraph) -> LocalEntity | None:
        """A person named as a document's author: after "from" or "by", or before "'s"."""
        for tok in tokens:
            if not is_proper(tok):
                continue
            before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
            after = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
            if before not in ("from", "by") and after not in ("'s", "’s"):
                continue
            at = para.offset + tok.idx
            found = self.ents.local_at(at, at + len(tok.text))
            if found is not None and found.type == "PERSON":
                return found
        return None

    def _not_actor(self, char: int) -> bool:
        """A mention inside a quote, or a name that only modifies a common noun
        ("FTSE indices", "Microsoft Windows computers"): the thing named is the noun."""
        if self._in_quote(char):
            return True
        if self._modifier_ends is None:
            self._modifier_ends = {p.offset + t.idx + len(t.text) for p in self.parsed.paragraphs
                                   for t in p.doc if t.dep_ == "compound" and is_proper(t)
                                   and t.head.tag_ in ("NN", "NNS")}
        mention = self._mention_starts.get(char)
        return mention is not None and mention.end in self._modifier_ends

    def _not_speaking(self, char: int) -> bool:
        """A mention that cannot be what "the company" stands for: inside a quote, or
        a news outlet passing the story on ("WSB reported", "according to Forbes")."""
        if self._not_actor(char):
            return True
        text = self.parsed.article.text
        if re.search(r"\baccording to (?:the )?$", text[max(0, char - 16):char]):
            return True
        mention = self._mention_starts.get(char)
        after = text[mention.end:mention.end + 24] if mention is not None else ""
        # "..., WSB reported." passes a story on; "CDK Global reported it had restored" is
        # the company speaking
        return bool(re.match(r",?\s+(?:has |had |first )?report(?:ed|s)\s*(?:[.,;]|$)", after))

    def _unrecognised_person(self, head: Any) -> LocalEntity:
        """A named speaker the NER missed ("said Jakob Hale of the union"): the proper
        noun with its compound name words becomes a person entity."""
        first = head
        while first.i > first.sent.start and is_proper(first.nbor(-1)):
            first = first.nbor(-1)
        words = list(head.doc[first.i:head.i + 1])
        loc = LocalEntity(" ".join(t.text for t in words), "PERSON")
        loc.variants.append(loc.name)
        loc.counts[loc.name] = 1
        self.registry.resolve(loc)
        self.ents.extra.append(loc)
        return loc

    def _antecedent(self, pronoun: str, start: int) -> LocalEntity | None:
        """What a pronoun speaker stands for: the nearest earlier person (for "he",
        "she") or group named as a subject outside quote marks (people named inside a
        quote are rarely the one speaking), else the nearest one at all. "He" and "she"
        skip people known to be of the other gender, and may stand for a name spaCy
        took for a place or an organisation ("Brandt struck a firmer tone. “...,” she
        said."): no organisation is a "she"."""
        types = _PERSONS if pronoun in PRONOUNS_PERSON else _GROUPS
        gender = PRONOUN_GENDER.get(pronoun)

        def fits(loc: LocalEntity) -> bool:
            if gender is None or loc.entity_id is None:
                return True
            known = gender_of(self.registry.entities[loc.entity_id])
            return known is None or known == gender

        # "it"/"they" stand for an organisation that acts, not one naming a thing
        # ("the FTSE indices are not updating", "Microsoft Windows computers")
        skip = self._in_quote if gender else self._not_actor
        return (self.ents.nearest(start, types, subjects_only=True, skip=skip, accept=fits)
                or (self._mislabelled_person(start) if gender else None)
                or self.ents.nearest(start, types, skip=self._in_quote, accept=fits)
                or self.ents.nearest(start, types, accept=fits))

    def _mislabelled_person(self, start: int) -> LocalEntity | None:
        """A one-word name tagged as a place or organisation, subject of the sentence
        before ``start`` or of its own, outside quote marks."""
        sentence = self.parsed.sentence_at(start)
        best: tuple[int, LocalEntity] | None = None
        for loc in self.ents.locals:
            if loc.type not in _MISLABELLED or loc.alias_of:
                continue
            for i in loc.mentions:
                m = self.ents.mentions[i]
                if (i in self.ents.subjects and m.end <= start and " " not in m.text
                        and m.sentence_index >= sentence - 1 and not self._in_quote(m.start)
                        and (best is None or m.start > best[0])):
                    best = (m.start, loc)
        return best[1] if best else None

    def _in_quote(self, char: int) -> bool:
        i = bisect_right(self.quoted_starts, char) - 1
        return i >= 0 and char < self.quoted[i][1]

    # -- direct quotes ------------------------------------------------------
    def _cue_for(self, para: Paragraph, span: _Span, sents: list[Any],
                 spans: list[_Span]) -> Any | None:
        best: tuple[int, Any] | None = None
        for sent in sents:
            for tok in para.verbs_in(sent):
                if _inside(tok, spans) or not _is_cue(tok):
                    continue
                dist = span.start - tok.idx if tok.idx < span.start else tok.idx - span.end
                if best is None or dist < best[0]:
                    best = (dist, tok)
        return best[1] if best else None

    def _direct(self, para: Paragraph, previous: Paragraph | None = None) -> None:
        text = para.text
        spans = self.spans[para.offset]
        for span in spans:
            sents = [s for s in para.sents if s.start_char < span.end and span.start < s.end_char]
            if not sents:
                continue
            speaker, cue_text, cue_at = self._attribute(para, previous, span, spans, sents)
            words = text[span.start:span.end].strip()
            if speaker is None and len(words.split()) < _MIN_UNATTRIBUTED_WORDS:
                continue  # scare quotes around a word or two, with no one saying them
            start = para.offset + span.start
            self._add("direct", words, start, start + span.end - span.start,
                      speaker, cue_text, cue_at)

    def _attribute(self, para: Paragraph, previous: Paragraph | None, span: _Span,
                   spans: list[_Span], sents: list[Any]) -> Attribution:
        """Speaker, cue and cue offset of one direct quote, trying in turn: a speech
        verb in its sentence (or the next, for a split quote), "according to", a
        "Name:" lead, an introducing paragraph, the previous quote's speaker. A name
        signed after a dash ("“...” ― Pamela Padilla") comes before all of them."""
        signed = self._dash_speaker(para, span)
        if signed is not None:
            return signed, None, None
        cue = self._cue_for(para, span, sents, spans)
        if cue is None:
            nxt = [s for s in para.sents if span.end <= s.start_char <= span.end + 3]
            cue = self._cue_for(para, span, nxt[:1], spans) if nxt else None
        if cue is not None:
            subj = _subject(cue, spans)
            if subj is not None and not _inside(subj, spans):
                return self.speaker_of(subj, para), cue.text, para.offset + cue.idx
            beside = self._person_beside(cue, para, spans) if subj is None else None
            if beside is not None:
                return beside, cue.text, para.offset + cue.idx
        else:
            acc = next((a for s in sents
                        if "ccording" in span_text(s) and (a := _according_to(s))), None)
            if acc and not _inside(acc[1], spans):
                return self.speaker_of(acc[1], para), "according to", para.offset + acc[0].idx
            trailing = self._trailing_attribution(para, span)
            if trailing is not None:
                return trailing
        speaker = self._colon_speaker(para, span)
        if speaker is not None:
            return speaker, ":", None
        if previous is not None and not para.text[:span.start].strip(" \"“"):
            introduced = self._introduced(previous)
            if introduced[0] is not None:
                return introduced
        speaker, cue_text = self._continuation(para.offset + span.start)
        return speaker, cue_text, None

    def _trailing_attribution(self, para: Paragraph, span: _Span) -> Attribution | None:
        """"“...,” the letter from Carlinsky states.": an attribution closing the
        sentence after the quote whose speech verb the tagger took for a noun
        ("states", "notes"). The speaker is the person, else the organisation, named
        between the quote and that word."""
        after = [t for t in para.doc if t.idx > span.end]
        words: list[Any] = []
        for tok in after[:10]:
            if tok.text in (".", "!", "?", ";") or "\n" in tok.text:
                break
            if not tok.is_punct:
                words.append(tok)
        else:
            return None
        if len(words) < 2 or any(is_verb(t) or _inside(t, self.spans[para.offset]) for t in words):
            return None
        cue = words[-1]
        lemma = verb_lemma(cue.lower_, SPEECH_CUES)
        if cue.lower_ == lemma or lemma not in SPEECH_CUES:
            return None  # only an inflected form ("states", "notes") is a verb here
        named = words[:-1]
        loc = self._author(named, para)
        for kind in (_PERSONS, _ORGS):
            for tok in named:
                if loc is None and is_proper(tok):
                    found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + len(tok.text))
                    loc = found if found is not None and found.type in kind else None
        if loc is None:
            return None
        first, last = named[0], named[-1]
        text = para.text[first.idx:last.idx + len(last.text)]
        return self._entity_speaker(text, loc, para.offset + first.idx), cue.text, para.offset + cue.idx

    def _introduced(self, previous: Paragraph) -> Attribution:
        """A quote that opens a paragraph after one ending in a colon ("Cruz continued:",
        "Breitbart News responded:", "he declared:"): the introducing sentence's speech
        verb, else its main verb, names the speaker."""
        if not previous.text.rstrip().endswith(":") or not previous.sents:
            return None, None, None
        sent = previous.sents[-1]
        spans = self.spans[previous.offset]
        verbs = [t for t in sent if _is_cue(t) and not _inside(t, spans)] or [sent.root]
        subj = _subject(verbs[-1], spans)
        if subj is None or _inside(subj, spans):
            return None, None, None
        return (self.speaker_of(subj, previous), verbs[-1].text,
                previous.offset + verbs[-1].idx)

    def _person_beside(self, cue: Any, para: Paragraph, spans: list[_Span]) -> Speaker | None:
        """A cue the parser left without a subject ("“Go register,” Trump implored."
        with "Trump" tagged as a verb): a person named right before it (past an age or
        commas: "Trump, 70, told") or right after it."""
        before = cue.i - 1
        while (before > cue.sent.start and cue.i - before < 4
               and (cue.doc[before].is_punct or cue.doc[before].like_num)):
            before -= 1
        for i in (before, cue.i + 1):
            if not cue.sent.start <= i < cue.sent.end:
                continue
            tok = cue.doc[i]
            if _inside(tok, spans) or not tok.text[:1].isupper():
                continue
            start = para.offset + tok.idx
            loc = self.ents.local_at(start, start + len(tok.text))
            if loc is not None and loc.type == "PERSON":
                return self._entity_speaker(tok.text, loc, start)
        return None

    def _dash_speaker(self, para: Paragraph, span: _Span) -> Speaker | None:
        """"“...” ― Jacklyn Ashley": a quote signed with a name after a dash, the name
        ending its paragraph or followed by punctuation (a comma and a title)."""
        m = _SIGNATURE_RE.match(para.text, span.end)
        if m is None:
            return None
        first = para.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if first is None:
            return None
        names = []
        for tok in para.doc[first.start:]:
            if not (is_proper(tok) or _INITIAL_RE.fullmatch(tok.text)):
                break
            names.append(tok)
        after = names[-1].i + 1 if names else first.start
        if not names or (after < len(para.doc) and not (para.doc[after].is_punct
                                                         or para.doc[after].is_space)):
            return None  # no name, or a sentence that goes on ("— Trump said ...")
        start = para.offset + names[0].idx
        end = para.offset + names[-1].idx + len(names[-1].text)
        loc = self.ents.local_at(start, end)
        if loc is None or loc.type != "PERSON":
            loc = self._unrecognised_person(names[-1])
        return self._entity_speaker(para.text[names[0].idx:end - para.offset], loc, start)

    def _colon_speaker(self, para: Paragraph, span: _Span) -> Speaker | None:
        """"Howard Kurtz, Fox News: "..."": a paragraph that opens with a name and a
        colon, and no verb, before the quote."""
        head = para.text[:span.start].rstrip(" \"“")
        if not head.endswith(":") or len(head) > 120:
            return None
        tokens = [t for t in para.doc if t.idx < len(head)]
        if any(is_verb(t) for t in tokens):
            return None
        start = para.offset
        loc = self.ents.local_at(start, start + len(head))
        if loc is None:
            return None
        return self._entity_speaker(head[:-1], loc, start)

    def _continuation(self, start: int) -> tuple[Speaker | None, str | None]:
        """A quote with no cue continues the previous quote's speaker when no other
        person is named in between (the second half of a two-sentence quote), a
        described one ("one of the officers shouted. “...”") as well as a named one."""
        prev = next((q for q in reversed(self.quotes) if q.kind == "direct"), None)
        if prev is None or (prev.speaker or prev.speaker_description) is None or prev.end is None:
            return None, None
        # A remark quoted over several paragraphs, each opening with a quote mark: only
        # marks and spaces lie between its parts, however long each part is.
        between_text = self.parsed.article.text[prev.end:start]
        if start - prev.end > 400 and re.search(r"\w", between_text):
            return None, None
        # Names inside the previous quote's own attribution ("said Crowdstrike CEO George
        # Kurtz", "Colonel Roland L. Butler, Jr. stated") are that speaker, not another.
        own = (prev.speaker_start, (prev.speaker_end or 0) + 6) if prev.speaker_start is not None else None
        between = [m for m in self.ents.mentions
                   if prev.end <= m.start < start and m.label == "PERSON"
                   and not (own and own[0] <= m.start <= own[1])]
        if any(m.entity_id != prev.speaker_entity_id for m in between):
            return None, None
        return Speaker(prev.speaker_text or prev.speaker or "", prev.speaker,
                       prev.speaker_entity_id, description=prev.speaker_description), prev.cue

    # -- reported speech ----------------------------------------------------
    def _reported(self, para: Paragraph) -> None:
        doc = para.doc
        text = para.text
        spans = self.spans[para.offset]
        for sent in para.sents:
            for tok in para.verbs_in(sent):
                if _inside(tok, spans) or not _is_cue(tok) or _withheld(tok):
                    continue
                content = self._content_of(tok, spans)
                subj = _subject(tok, spans)
                if content is None or subj is None or _inside(subj, spans):
                    continue
                if subj.lower_ == "i":
                    continue  # "I asked Banafa if ...": the writer's narration, no source's words
                words = text[content[0]:content[1]]
                start = para.offset + content[0]
                if verb_lemma(tok.text, SPEECH_CUES) in _EMPHASIS_CUES and not (
                        _named(subj) or subj.tag_ == "PRP" or describes_someone(subj)):
                    continue  # "the outage highlighted the risks", "its shares ...": no one speaking
                speaker = self.speaker_of(subj, para)
                self._add("reported", words, start, start + len(words),
                          speaker, tok.text, para.offset + tok.idx)
            acc = _according_to(sent) if "ccording" in span_text(sent) else None
            if acc and self._attributed_quote_in(para.offset + sent.start_char, para.offset + sent.end_char):
                acc = None  # "“...,” the company said, according to Forbes": Forbes passes it on
            if acc and not _inside(acc[0], spans):
                tok, obj = acc
                phrase = doc[tok.i:obj.right_edge.i + 1]
                rest = [t for t in sent if not (phrase.start <= t.i < phrase.end)
                        and not t.is_punct]
                if rest:
                    a, b = rest[0].idx, rest[-1].idx + len(rest[-1].text)
                    self._add("reported", text[a:b], para.offset + a, para.offset + b,
                              self.speaker_of(obj, para), "according to",
                              para.offset + tok.idx)

    def _attributed_quote_in(self, start: int, end: int) -> bool:
        return any(q.kind == "direct" and q.cue not in (None, "according to") and q.start is not None
                   and start <= q.start < end for q in self.quotes)

    def _content_of(self, cue: Any, spans: list[_Span]) -> tuple[int, int] | None:
        """Character span of what the cue reports, or None when it reports nothing here
        (a direct quote's own cue: that quote was recorded already)."""
        lemma = verb_lemma(cue.text, SPEECH_CUES)
        for child in cue.children:
            if child.dep_ in _CLAUSE_DEPS:
                first, last = child.left_edge, child.right_edge
                a, b = first.idx, last.idx + len(last.text)
                quoted = sum(min(b, s.end) - max(a, s.start) for s in spans
                             if s.start < b and a < s.end)
                if quoted >= 0.6 * (b - a):
                    return None
                if first.lower_ == "that" and first.dep_ == "mark" and first.i < last.i:
                    a = first.nbor().idx  # the complementiser is the cue's, not the content's
                return a, _before_answer(child, b)
        if lemma in _RIGHT_SIDE_CUES:
            right = [c for c in cue.rights if c.dep_ in ("dobj", "prep")]
            if right:  # up to the last object or preposition: a conjoined verb is not content
                last = right[-1].right_edge
                last = _before_next_clause(last, right[0].left_edge)
                return right[0].left_edge.idx, last.idx + len(last.text)
        if lemma in _EMPHASIS_CUES:
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                last = obj.right_edge
                return obj.left_edge.idx, last.idx + len(last.text)
        if lemma in OBJECT_CUES:
            for child in cue.children:
                if child.dep_ == "dobj" and verb_lemma(child.text, STATEMENT_NOUNS) in \
                        STATEMENT_NOUNS:
                    last = child.right_edge
                    return child.left_edge.idx, last.idx + len(last.text)
        return None

    # -- output ---------------------------------------------------------------
    def _add(self, kind: str, text: str, start: int, end: int, speaker: Speaker | None,
             cue: str | None, cue_start: int | None = None) -> None:
        article_id = self.parsed.article.id
        self.quotes.append(Quote(
            id=content_id(article_id, kind, str(start), str(end)),
            article_id=article_id,
            sentence_index=self.parsed.sentence_at(start),
            text=text.strip(),
            kind=kind,  # type: ignore[arg-type]
            speaker=speaker.name if speaker else None,
            speaker_entity_id=speaker.entity_id if speaker else None,
            speaker_text=speaker.text if speaker else None,
            cue=cue, start=start, end=end, cue_start=cue_start,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_description=speaker.description if speaker else None,
        ))

    def run(self) -> list[Quote]:
        previous: Paragraph | None = None
        for para in self.parsed.paragraphs:
            self._direct(para, previous)
            self._reported(para)
            previous = para
        return _without_nested(self.quotes)


def _without_nested(quotes: list[Quote]) -> list[Quote]:
    """Drop reported speech whose cue sits inside another report by the same speaker:
    "Blinken said he expects allies to act" is one statement, not two ("expects allies
    to act" again)."""
    reported = [q for q in quotes if q.kind == "reported" and q.start is not None and q.end is not None]

    def nested(q: Quote) -> bool:
        return q.kind == "reported" and q.cue_start is not None and any(
            p is not q and p.start is not None and p.end is not None and p.start <= q.cue_start < p.end
            and (p.speaker_entity_id or p.speaker) == (q.speaker_entity_id or q.speaker)
            for p in reported)

    return [q for q in quotes if not nested(q)]


def find_quotes(parsed: ParsedArticle, ents: ArticleEntities,
                registry: EntityRegistry) -> list[Quote]:
    if not parsed.english:  # read without a parser, by each language's conventions
        return find_quotes_intl(parsed.article, registry)
    return QuoteFinder(parsed, ents, registry).run()
