"""Who a quote's subject is: a subject token resolved to a canonical speaker — a name,
a pronoun to its antecedent (or a "he said" chain), a title to its holder, a description
of an organisation or its documents to the organisation, several named speakers of one
remark together. QuoteFinder (quotes.py) builds on the resolver's article state.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from newsdesk.annotate.entities import ArticleEntities, EntityRegistry, LocalEntity
from newsdesk.annotate.gender import PRONOUN_GENDER, add_votes, article_votes, gender_of
from newsdesk.annotate.lexicon import (
    PERSON_ROLES,
    PRONOUNS_PERSON,
    SPEECH_CUES,
    headline_like,
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
from newsdesk.annotate.quote_syntax import (
    ISSUED,
    in_modifier,
    named_as_written,
    past_furniture,
    quote_spans,
)
from newsdesk.annotate.speakers import describes_someone, fullest_form
from newsdesk.records import Quote

PERSONS = frozenset({"PERSON"})
_GROUPS = frozenset({"ORG", "GPE", "NORP", "LOC", "PERSON"})
_MISLABELLED = frozenset({"ORG", "GPE", "LOC", "FAC"})  # labels spaCy puts on surnames
# Descriptions that are part of an organisation's own name ("the committee" for the
# "House Homeland Security Committee"): the one so named comes before any other.
_NAMING_HEADS = frozenset({"committee", "ministry", "department", "agency", "commission", "council",
                           "court", "bank", "board", "authority", "office", "exchange"})
ORGS = frozenset({"ORG"})
# Descriptions that stand only for an organisation so named: "the regional government"
# is no company or town the tagger called an organisation, but a description of its own
# when the report names no government.
_OWN_NAME_ONLY = frozenset({"government", "ministry"})
# Subjects through which an organisation speaks: a description of it ("the company",
# "the airline"), its spokespeople, its documents ("a statement read", "the report says").
# What it files in court is _COURT_PAPERS below.
_ORG_VOICES = words("""company firm airline carrier agency ministry department government committee
    regulator insurer bank operator developer maker provider startup business corporation statement
    report post blog release letter filing spokesperson spokesman spokeswoman representative""")


# Papers filed in court that speak for whoever filed them ("the petition states").
_COURT_PAPERS = frozenset({"petition", "lawsuit"})

# What someone sends that can say something ("sent a message ... that said").
_SENT_PAPERS = frozenset({"message", "messages", "letter", "text", "note", "email", "memo", "post", "tweet"})

# What a filer's name may be tagged as: spaCy takes company names for people or
# nationalities ("Grace Ocean" PERSON, "Synergy Marine" NORP), and states sue too.
_FILERS = frozenset({"ORG", "PERSON", "NORP", "GPE"})

# How many sentences before a quote (its own sentences not counted) a document's author
# may be named ("In a blog post, X explained ..." one sentence, the quote "reads the blog
# post" the next).
AUTHOR_SENTENCES = 2


@dataclass(slots=True)
class Speaker:
    text: str
    name: str | None
    entity_id: str | None
    start: int | None = None  # article offsets of the words naming the speaker
    end: int | None = None
    description: str | None = None  # an unnamed speaker as described ("one of the officers")


Attribution = tuple[Speaker | None, str | None, int | None]  # speaker, cue, cue offset


class SpeakerResolver:
    """One parsed article's quoted passages, entities and speakers found so far, and
    the rules that resolve a subject to a speaker."""

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
    def _shown_id(self, loc: LocalEntity) -> str:
        """The entity a local one is shown as: "Delta said" after "Delta Air Lines" is
        the fullest name the article writes."""
        return str(fullest_form(loc, self._body_locals(), self.parsed.article.text,
                                self._introduces).entity_id or loc.entity_id)

    def _entity_speaker(self, text: str, loc: LocalEntity | None, start: int) -> Speaker:
        end = start + len(text)
        if loc is None or loc.entity_id is None:
            return Speaker(text, None, None, start, end)
        eid = self._shown_id(loc)
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
                       description=text.strip(" ,;:") if describes_someone(head) else None)

    def speaker_of(self, head: Any, para: Paragraph) -> Speaker:
        """Resolve a subject token to a canonical speaker."""
        doc = head.doc
        first = min(past_furniture(head), head.right_edge.i)
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
            sender = self._sender(head.head.head)
            if sender is not None:  # "X texted a note to his brother that read ..."
                return self.speaker_of(sender, para)
            antecedent = self.speaker_of(head.head.head, para)  # "Bloomberg, who added ..."
            # an unnamed antecedent is too often the wrong noun ("texted a note to his
            # brother that read ...") to describe the speaker by
            antecedent.description = None
            return antecedent
        loc = self.ents.local_at(start, start + len(head.text))
        if loc is None:  # "State Department spokesman Vedant Patel" heads on a name word
            for tok in reversed([t for t in span if is_proper(t) and not in_modifier(t, head)]):
                found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + 1)
                if found is not None and found.type == "PERSON":
                    loc = found
                    break
        if loc is None and lower in PERSON_ROLES and not named_as_written(head):
            loc = self._appositive_person(span, para)  # "Chair of the FTC, Lina Khan, noted"
        if loc is None and lower in _COURT_PAPERS:
            filed = self._court_paper(span, para, start, text, lower)
            if filed is not None:
                return filed
        elif loc is None and lower in _ORG_VOICES:
            loc = self._organisation_voice(span, para, start, lower)
        if loc is None and lower in PERSON_ROLES:
            role = lower
            # the one holding that title before, else the first named with it after
            # ("Norvale's lawyer said ... lawyer Ada Holm, acting for Norvale")
            loc = self.ents.nearest(start, PERSONS, role=role, after=start)
            if loc is None:  # "the Texas governor": a person, never the place in it
                return self._described(text, head, para.offset + span.start_char)
        if loc is None:
            # A common-noun subject speaks for itself, not for a place in its modifiers:
            # "the foreign ministry in Teskov" is the ministry, "officials in Rome" not Rome.
            # A name is its own words: "Ilse Maren, head of the Teskov Bureau of
            # Statistics" is Maren even when the NER missed her.
            named = doc[head.left_edge.i:head.i + 1]
            loc = self.ents.local_at(para.offset + named.start_char, para.offset + named.end_char)
        if loc is None and named_as_written(head):
            loc = self._unrecognised_person(head)
        if loc is None and not describes_someone(head):
            loc = self._issuer(span, para)  # "a notice issued by the harbour board"
        if loc is None:
            return self._described(text, head, para.offset + span.start_char)
        speaker = self._entity_speaker(text, loc, para.offset + span.start_char)
        return self._with_partners(speaker, head, para)

    def _with_partners(self, speaker: Speaker, head: Any, para: Paragraph) -> Speaker:
        """Several named speakers of one remark ("Green and Garbarino wrote", "Rep. Mark
        Green ... and Rep. Andrew Garbarino ... said"): the speaker names all of them.
        The group is no single entity, so the quote keeps the first one's id for its
        links and the joint name for readers."""
        if speaker.name is None or not named_as_written(head):
            return speaker
        names = [speaker.name]
        # "Sen. Ada Holm, D-Ore., who chairs ..., and Sen. Piet Vos": the
        # parser may hang the second name on the first one's title
        subject = head.doc[head.left_edge.i:head.right_edge.i + 1]
        for conj in subject:
            if conj.dep_ != "conj" or not named_as_written(conj) or in_modifier(conj, head):
                continue
            at = para.offset + conj.idx
            loc = self.ents.local_at(at, at + len(conj.text))
            if loc is None or loc.entity_id is None or loc.type not in _GROUPS:
                continue
            lead = self.registry.entities.get(speaker.entity_id or "")
            if lead is not None and lead.type == "PERSON" and loc.type in ("GPE", "LOC", "FAC"):
                continue  # "Sen. Piet Vos (D-Ore.)": a person speaks with others, not a state
            first = para.offset + conj.left_edge.idx  # "Sen. Piet Vos" from "Sen."
            if any(self.ents.mentions[i].start < first < self.ents.mentions[i].end for i in loc.mentions):
                continue  # a word inside one name ("Office of Management and Budget")
            name = self.registry.entities[self._shown_id(loc)].name
            if name not in names:
                names.append(name)
        if len(names) == 1:
            return speaker
        return Speaker(speaker.text, " and ".join(names), speaker.entity_id, speaker.start, speaker.end)

    def _appositive_person(self, span: Any, para: Paragraph) -> LocalEntity | None:
        """A person set off by a comma at the end of a title's subject ("Head of the
        Teskov Competition Office, Mara Lind, added"): the parser often hangs the name
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
        """"A Teskov port police officer said ... He added ...": a he, she or
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
            # a one-word name the NER took for an organisation or a place may be the
            # person now speaking ("Varga thanked Ekberg. “...,” she said")
            someone = m.label == "PERSON" or (m.label in _MISLABELLED and " " not in m.text)
            if ((prev.speaker_end or 0) < m.start < start and someone
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
        if head in ISSUED or head in ("report", "blog"):
            author = self._author(span, para) or self._author_named_before(start, head)
            if author is not None:
                return author
        for tok in span:
            if is_proper(tok):
                found = self.ents.local_at(para.offset + tok.idx, para.offset + tok.idx + len(tok.text))
                if found is not None and found.type in ORGS:
                    return found
        if head in PERSON_ROLES:
            return None  # "the spokesman": a person, found by title
        if head in _NAMING_HEADS or head in _OWN_NAME_ONLY:
            # "the committee": the committee named before, if any; a ministry or a
            # government is no other organisation the report names ("Russia's foreign
            # ministry said" is not the Kremlin named a sentence before)
            kind = self.ents.nearest(start, ORGS, skip=self._in_quote,
                                     accept=lambda loc: head in loc.name.lower().split())
            if kind is not None or head in _OWN_NAME_ONLY:
                return kind
        return (self.ents.nearest(start, ORGS, subjects_only=True, skip=self._not_speaking)
                or self.ents.nearest(start, ORGS, skip=self._not_speaking))

    def _author_named_before(self, start: int, head: str) -> LocalEntity | None:
        """"In a blog post, Tomas Berg explained ..." and then "…," reads the blog post":
        the person named shortly before in a sentence that has words said in a document
        of the same kind ("in a recent blog post", "said in a statement") wrote it."""
        here = self.parsed.sentence_at(start)

        def beside_document(loc: LocalEntity) -> bool:
            for i in loc.mentions:
                m = self.ents.mentions[i]
                n = self.parsed.sentence_at(m.start)
                if n >= here:
                    continue
                # sentences of the quoted words themselves do not count
                apart = sum(not self._in_quote(self.parsed.sentences[k].start + 1)
                            for k in range(n + 1, here + 1))
                if apart > AUTHOR_SENTENCES:
                    continue
                # the document as where the words were said ("in a recent blog post",
                # "said in a statement"), not as what the person spoke of
                if re.search(rf"\bin\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){{0,2}}"
                             rf"{re.escape(head)}\b", self.parsed.sentences[n].text, re.I):
                    return True
            return False

        return self.ents.nearest(start, PERSONS, skip=self._in_quote, accept=beside_document)

    def _filers_named_before(self, start: int, head: str) -> list[LocalEntity]:
        """"The petition states": who filed it — in the last sentence shortly before
        that describes a paper of that kind ("X and Y filed a joint petition", "In the
        lawsuit, X asserts"), the companies or people that are its subject, before its
        main verb (the court and the law it cites come later). A sentence the parser cut
        at an abbreviation ("Pvte. Ltd") has no verb: its organisations then."""
        here = self.parsed.sentence_at(start)
        paper = re.compile(rf"\b{re.escape(head)}s?\b", re.I)
        for n in range(here - 1, -1, -1):
            apart = sum(not self._in_quote(self.parsed.sentences[k].start + 1)
                        for k in range(n + 1, here + 1))
            if apart > AUTHOR_SENTENCES + 1:
                return []
            sentence = self.parsed.sentences[n]
            if self._in_quote(sentence.start + 1) or not paper.search(sentence.text):
                continue
            verb = self._root_offset(n)
            kinds = _FILERS if verb is not None else ORGS
            named = sorted((self.ents.mentions[i].start, k, loc) for k, loc in enumerate(self.ents.locals)
                           if loc.type in kinds for i in loc.mentions
                           if sentence.start <= self.ents.mentions[i].start < (verb or sentence.end)
                           and (verb is None or i in self.ents.subjects)
                           and not self._not_speaking(self.ents.mentions[i].start))
            if named:  # else an attribution to the paper itself ("the petition says"): go on
                return [loc for _, loc in dict((k, loc) for _, k, loc in named).items()]
        return []

    def _root_offset(self, index: int) -> int | None:
        """Article offset of the main verb (the parse's root) of sentence ``index``, if
        its root is a verb."""
        for k, sent, para in self.parsed.iter_sents():
            if k == index:
                return int(para.offset + sent.root.idx) if is_verb(sent.root) else None
        return None

    def _court_paper(self, span: Any, para: Paragraph, start: int, text: str,
                     head: str) -> Speaker | None:
        """"The petition states": whoever filed it (a person named as its author, else
        every filer), or the speaker the last words of a paper of that kind were put to
        ("..., the petition says" paragraphs on); never the organisation named nearest,
        as often the court it was filed in. None: nobody found."""
        at = para.offset + span.start_char
        filers = self._filers_named_before(start, head)
        author = self._author(span, para) or self._author_named_before(start, head)
        lead = author or (filers[0] if filers else None)
        if lead is not None:
            speaker = self._entity_speaker(text, lead, at)
            names = [speaker.name] if speaker.name else []
            for loc in filers[1:]:  # a paper filed by several speaks for all of them
                name = self.registry.entities[self._shown_id(loc)].name if loc.entity_id else None
                if name is not None and name not in names:
                    names.append(name)
            if len(names) < 2:
                return speaker
            return Speaker(speaker.text, " and ".join(names), speaker.entity_id, speaker.start, speaker.end)
        earlier = next((q for q in reversed(self.quotes) if q.speaker and q.speaker_text
                        and q.speaker_text.lower().split()[-1] == head), None)
        if earlier is not None:
            return Speaker(text, earlier.speaker, earlier.speaker_entity_id, at, at + len(text))
        return None

    @staticmethod
    def _sender(antecedent: Any) -> Any | None:
        """The subject of "sent a message (to someone) that said ...": the words are the
        message's, so its sender's. The parser hangs "that said" on the nearest noun,
        often the one the message went to; the message is the verb's object."""
        verb = antecedent.head
        if antecedent.dep_ == "pobj" and antecedent.head.lower_ == "to":
            verb = antecedent.head.head
        elif antecedent.dep_ != "dobj":
            return None
        if not any(c.dep_ == "dobj" and c.lower_ in _SENT_PAPERS for c in verb.children):
            return None
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)

    def _issuer(self, span: Any, para: Paragraph) -> LocalEntity | None:
        """Who a thing said was from ("according to a note from the Ministry of the
        Interior", "a notice issued by the harbour board", "a forecast from Kestrel
        Analytics"): the organisation or person named right after
        "from" or "by" in the subject."""
        for tok in span:
            if tok.lower_ not in ("from", "by"):
                continue
            for name in tok.doc[tok.i + 1:min(tok.i + 4, span.end)]:
                if not is_proper(name):
                    continue
                at = para.offset + name.idx
                found = self.ents.local_at(at, at + len(name.text))
                if found is not None and found.type in ("ORG", "PERSON"):
                    return found
                break
        return None

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
        types = PERSONS if pronoun in PRONOUNS_PERSON else _GROUPS
        gender = PRONOUN_GENDER.get(pronoun)

        def fits(loc: LocalEntity) -> bool:
            if gender is None or loc.entity_id is None:
                return True
            known = gender_of(self.registry.entities[loc.entity_id])
            return known is None or known == gender

        # "it"/"they" stand for an organisation that acts, not one naming a thing
        # ("the share indices stopped refreshing", "Zentrix laptops")
        skip = self._in_quote if gender else self._not_actor
        subject = self.ents.nearest(start, types, subjects_only=True, skip=skip, accept=fits)
        mislabelled = self._mislabelled_person(start) if gender else None
        if subject is not None and mislabelled is not None:
            # the nearer of the two: "“...,” said Captain Dahl. Varga thanked Ekberg.
            # “...,” she said" is Varga, whom the NER took for an organisation
            subject = max(subject, mislabelled, key=lambda loc: self._last_before(loc, start))
        return (subject or mislabelled
                or self.ents.nearest(start, types, skip=self._in_quote, accept=fits)
                or self.ents.nearest(start, types, accept=fits))

    def _last_before(self, loc: LocalEntity, start: int) -> int:
        return max((self.ents.mentions[i].start for i in loc.mentions if self.ents.mentions[i].start < start),
                   default=-1)

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

