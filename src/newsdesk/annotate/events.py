"""Who did what to whom, when and where, typed with PLOVER.

Each clause's verb (or verb + object noun: "impose sanctions") is looked up in a
PLOVER lexicon; the subject's entity is the source actor, the object's (or an
"against / on / to / with" phrase's) the target, the clause's resolved date the
when, and a place named after "in" the where. ACCUSE is kept apart from the rest of
PLOVER's DISAPPROVE because accusations are what cross-checking most needs to find.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.annotate.aliases import name_key
from newsdesk.annotate.clauses import Clause, sentence_clauses
from newsdesk.annotate.entities import ArticleEntities, EntityRegistry, LocalEntity
from newsdesk.annotate.lexicon import STATEMENT_NOUNS, verb_lemma, words
from newsdesk.annotate.parse import ParsedArticle, span_text
from newsdesk.records import DateMention, Event, Quote, content_id

# Verb lemmas per type, from the PLOVER category definitions. FIGHT is conventional
# military force (shelling, air strikes, invasion); ASSAULT is violence against people
# outside combat (killing, torture, assassination); COERCE is repression (arrests,
# curfews, bans, abductions).
_LEXICON_TEXT = {
    "ACCUSE": "accuse allege blame charge",
    "DISAPPROVE": "criticize criticise condemn denounce decry deplore censure complain "
                  "rebuke slam lambast disapprove",
    "REJECT": "reject deny refuse dismiss veto rebuff decline oppose spurn refute renege "
              "violate",
    "SANCTION": "sanction embargo boycott expel freeze blacklist",
    "CONSULT": "meet visit discuss talk host negotiate consult travel telephone confer mediate "
               "arrive",
    "AID": "aid supply provide deliver donate fund send ship arm equip transfer grant",
    "SUPPORT": "support praise endorse back welcome commend hail defend recognize recognise "
               "forgive",
    "AGREE": "agree sign accept approve offer pledge promise ratify settle",
    "COOPERATE": "cooperate collaborate coordinate ally partner share",
    "DEMAND": "demand urge request appeal ask call press insist pressure",
    "THREATEN": "threaten warn vow",
    "PROTEST": "protest march rally picket riot demonstrate",
    "COERCE": "arrest detain seize confiscate deport raid imprison jail abduct kidnap ban "
              "outlaw demolish hack deface suspend",
    "ASSAULT": "kill attack shoot assassinate wound injure torture execute massacre beat abuse "
               "stab behead lynch",
    "FIGHT": "fight clash battle invade shell bomb bombard occupy capture retake recapture",
    "RETREAT": "withdraw retreat evacuate demobilize demobilise disarm",
    "CONCEDE": "concede yield apologize apologise surrender ease lift resign allow release",
    "INVESTIGATE": "investigate probe inquire examine inspect",
    "MOBILIZE": "mobilize mobilise deploy mass reinforce strengthen",
}
VERB_TYPES: dict[str, str] = {}
for _type, _words in _LEXICON_TEXT.items():
    for _w in _words.split():
        VERB_TYPES.setdefault(_w, _type)
# A light verb takes its type from its object: "imposed sanctions", "held talks".
NOUN_TYPES = {
    "sanction": "SANCTION", "sanctions": "SANCTION", "embargo": "SANCTION",
    "talks": "CONSULT", "meeting": "CONSULT", "visit": "CONSULT", "aid": "AID",
    "assistance": "AID", "support": "SUPPORT", "agreement": "AGREE", "deal": "AGREE",
    "accusations": "ACCUSE", "accusation": "ACCUSE", "attack": "ASSAULT", "attacks": "ASSAULT",
    "strikes": "FIGHT", "protest": "PROTEST", "protests": "PROTEST", "ceasefire": "AGREE",
    "investigation": "INVESTIGATE", "investigations": "INVESTIGATE", "troops": "MOBILIZE",
    "rally": "PROTEST", "rallies": "PROTEST", "demonstration": "PROTEST",
    "demonstrations": "PROTEST", "strike": "PROTEST", "ultimatum": "THREATEN",
    "curfew": "COERCE", "blockade": "COERCE", "blockades": "COERCE", "negotiations": "CONSULT",
    "mediation": "CONSULT", "asylum": "AID", "grant": "AID", "withdrawal": "RETREAT",
    "hearing": "INVESTIGATE", "inquiry": "INVESTIGATE", "ties": "SUPPORT", "fire": "FIGHT",
    "invasion": "FIGHT", "offensive": "FIGHT", "consensus": "AGREE",
}
_LIGHT_VERBS = words("announce impose hold launch carry conduct make give provide "
                     "offer stage take begin start level open issue reach organize organise "
                     "continue mount undertake renew establish upgrade reimpose")
# Stopping what one gives is a sanction: "halted aid", "cancelled a visit".
_STOP_VERBS = words("halt suspend cut cancel reduce end stop freeze withdraw")
_GIVING_TYPES = frozenset({"AID", "CONSULT", "COOPERATE", "SUPPORT"})
# "X is ready / willing / prepared to ..." states an intent, which PLOVER codes AGREE.
_INTENT_WORDS = words("ready willing prepared committed")
_KNOWN_VERBS = frozenset(VERB_TYPES) | _LIGHT_VERBS | _STOP_VERBS
_TARGET_PREPS = frozenset({"against", "on", "to", "with", "at", "from", "toward", "towards"})
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})


# "refused to deny", "declined to reject": refusing a denial is no denial, nor any
# rejection of the accusation; it is left uncoded rather than coded backwards.
_REFUSALS = words("refuse decline")
_NEGATIVE_ACTS = frozenset(w for w, t in VERB_TYPES.items() if t == "REJECT") | words(
    "rule comment confirm")
# Words a noun takes that name who does it: "US sanctions", "Washington's sanctions".
_MODIFIER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})
_FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})
_NOUN_DEPS = ("dobj", "nsubjpass", "pobj")


def _statement(tok: Any) -> bool:
    """A noun for someone's words: "the claims", "the accusations"."""
    return verb_lemma(tok.text, STATEMENT_NOUNS) in STATEMENT_NOUNS


@dataclass(slots=True)
class Typed:
    """What a clause's verb makes of it: the PLOVER type, the trigger words and,
    when the type comes from a noun ("announced sanctions"), that noun."""

    type: str
    trigger: str
    noun: Any | None = None
    act: Any | None = None  # the verb whose object is the target ("refused to sign X")


def _refused(verb: Any) -> Any | None:
    """The act a "refuse / decline to" verb refuses, when it has one."""
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_.startswith("VB")),
                None)


def event_type(clause: Clause) -> tuple[str, str] | None:
    """(PLOVER type, trigger words) of a clause, or None when it is no event."""
    typed = typed_event(clause)
    return (typed.type, typed.trigger) if typed is not None else None


def typed_event(clause: Clause) -> Typed | None:
    verb = clause.verb
    lemma = verb_lemma(verb.text, _KNOWN_VERBS | _REFUSALS)
    for child in verb.children:
        if child.dep_ in _NOUN_DEPS and child.lower_ in NOUN_TYPES:
            noun_type = NOUN_TYPES[child.lower_]
            if lemma in _STOP_VERBS and noun_type in _GIVING_TYPES:
                return Typed("SANCTION", f"{verb.text} {child.text}", child)
            if lemma in _LIGHT_VERBS or lemma not in VERB_TYPES:
                return Typed(noun_type, f"{verb.text} {child.text}", child)
    act = _refused(verb) if lemma in _REFUSALS else None
    if act is not None:
        if verb_lemma(act.text, _NEGATIVE_ACTS) in _NEGATIVE_ACTS:
            return None  # "refused to deny / to comment": nothing is rejected
        return Typed("REJECT", f"{verb.text} to {act.text}", act=act)
    if clause.reporting and lemma not in VERB_TYPES:
        return None  # "said that ...": the event is in the content clause
    kids = {c.lower_ for c in verb.children}
    if clause.cue is not None and "must" in kids:
        return Typed("DEMAND", verb.text)  # "X said Y must ...": a demand made of Y
    if kids & _INTENT_WORDS:
        return Typed("AGREE", verb.text)
    if lemma in VERB_TYPES:
        if lemma == "call" and not kids & {"on", "for"}:
            return None  # "called it credible" is no demand
        if lemma == "demonstrate" and any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
            return None  # "demonstrates how ...": showing, not protesting
        return Typed(VERB_TYPES[lemma], verb.text)
    return None


class EventFinder:
    def __init__(self, parsed: ParsedArticle, ents: ArticleEntities,
                 registry: EntityRegistry, dates: list[DateMention],
                 quotes: list[Quote] | None = None) -> None:
        self.parsed = parsed
        self.ents = ents
        self.registry = registry
        self.dates = dates
        self.quotes = [q for q in quotes or [] if q.kind == "direct" and q.start is not None]

    def _entity_name(self, loc: LocalEntity | None) -> str | None:
        if loc is not None and loc.entity_id and loc.type in _ACTOR_TYPES:
            return self.registry.entities[loc.entity_id].name
        return None

    def _actor(self, tok: Any | None, offset: int, compact: bool = False) -> str | None:
        """The canonical entity a noun phrase names, else its words (six at most).
        ``compact``: the phrase up to its head only ("police", not "police in Halvenport").
        A phrase headed by someone's words ("the claims of Iran's role") names those
        words, not what they are about."""
        if tok is None:
            return None
        if tok.lower_ in _FIRST_PERSON:
            speaker = self._first_person(tok, offset)
            if speaker is not None:
                return speaker
        doc = tok.doc
        # "Reagan's statement" is Reagan's; "the claims of Iran's role" are not Iran's
        words_of = _statement(tok)
        span = doc[tok.left_edge.i:(tok.i if compact or words_of else tok.right_edge.i) + 1]
        head_loc = self.ents.local_at(offset + tok.idx, offset + tok.idx + len(tok.text))
        loc = head_loc or self.ents.local_at(offset + span.start_char, offset + span.end_char)
        name = self._entity_name(loc)
        if name is not None:
            return name
        return span_text(span) if len(span) <= 6 else None

    def _first_person(self, tok: Any, offset: int) -> str | None:
        """"We" / "I" in a direct quote: the speaker ("I"), or what the speaker speaks
        for ("we", said by an "Iranian Foreign Ministry spokesman": Iran)."""
        at = offset + tok.idx
        quote = next((q for q in self.quotes if q.start is not None and q.end is not None
                      and q.start <= at < q.end and q.speaker_entity_id), None)
        if quote is None or quote.speaker_entity_id not in self.registry.entities:
            return None
        speaker = self.registry.entities[quote.speaker_entity_id]
        if tok.lower_ in ("we", "us", "our"):
            titles = [t for loc in self.ents.locals if loc.entity_id == speaker.id
                      for t in loc.titles]
            for title in titles:
                body = self._body_in(title)
                if body is not None:
                    return body
        return speaker.name

    def _body_in(self, title: str) -> str | None:
        """The country or organisation a title names ("Iranian Foreign Ministry
        spokesman" -> Iran), its first name read left to right, longest first."""
        tokens = title.replace("'s", " ").replace("\u2019s", " ").split()
        for i in range(len(tokens)):
            for j in range(len(tokens), i, -1):
                phrase = " ".join(tokens[i:j])
                alias = self.registry.aliases.lookup(phrase)
                if alias is not None and alias.type in ("GPE", "ORG"):
                    return alias.canonical
                for ctype in ("PLACE", "ORG"):
                    eid = self.registry.by_key.get((ctype, name_key(phrase)))
                    if eid is not None and phrase[:1].isupper():
                        return self.registry.entities[eid].name
        return None

    def _noun_target(self, noun: Any, offset: int) -> str | None:
        """"sanctions against Iran", "talks with Kyiv": the noun's own target."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                        return self._actor(obj, offset)
        return None

    def _noun_source(self, noun: Any, offset: int) -> str | None:
        """"US sanctions", "Washington's sanctions": who the noun says acts."""
        for child in noun.children:
            if child.dep_ in _MODIFIER_DEPS:
                loc = self.ents.local_at(offset + child.idx, offset + child.idx + len(child.text))
                name = self._entity_name(loc)
                if name is not None:
                    return name
        return None

    def _target(self, verb: Any, offset: int, noun: Any | None = None) -> str | None:
        """The verb's object, or its "against / on / to ..." phrase; ``noun``, the
        noun that typed the event ("imposed sanctions"), is the act, not the target."""
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child is not noun and (
                    child.lower_ not in NOUN_TYPES or _statement(child)):
                return self._actor(child, offset)  # "rejected the accusations"
        for child in list(verb.children) + [c for d in verb.children if d.dep_ == "dobj"
                                            for c in d.children]:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                        return self._actor(obj, offset)
        return None

    def _roles(self, clause: Clause, typed: Typed, offset: int) -> tuple[str | None, str | None]:
        """(source, target). In the passive the subject is the target and the "by"
        agent the source: "17 people have been killed by flooding". An act named by a
        noun ("new US sanctions against Iran would be detailed") takes its roles from
        the noun's own words first."""
        subject = clause.subject
        verb = clause.verb
        passive = subject is not None and subject.dep_ in ("nsubjpass", "csubjpass")
        agent = next((o for c in verb.children if c.dep_ == "agent"
                      for o in c.children if o.dep_ == "pobj"), None)
        if typed.noun is not None:
            noun = typed.noun
            target = self._noun_target(noun, offset) or (
                None if noun is subject else self._target(verb, offset, noun))
            # "Blinken announced new US sanctions": the one who acts is the subject;
            # without one ("new US sanctions ... would be detailed"), the noun's actor,
            # also when the subject is such an act ("US sanctions would include ...")
            source = None
            if subject is not None and subject is not noun and not passive:
                source = (self._noun_source(subject, offset) if subject.lower_ in NOUN_TYPES
                          else self._actor(subject, offset))
            if source is None:
                source = self._noun_source(noun, offset)
            if source is None and subject is not None and subject.lower_ in NOUN_TYPES:
                source = self._noun_source(subject, offset)
            if source is None and agent is not None:
                source = self._actor(agent, offset, compact=True)
            return source, target
        if typed.act is not None:  # "Iran refused to sign the deal": the deal
            return self._actor(subject, offset), self._target(typed.act, offset)
        if passive:
            return self._actor(agent, offset, compact=True), self._actor(subject, offset)
        return self._actor(subject, offset), self._target(verb, offset)

    def _place(self, verb: Any, offset: int) -> str | None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                for obj in child.children:
                    loc = self.ents.local_at(offset + obj.idx, offset + obj.idx + len(obj.text))
                    if loc is not None and loc.entity_id and loc.type in ("GPE", "LOC", "FAC"):
                        return self.registry.entities[loc.entity_id].name
        return None

    def events(self) -> list[Event]:
        out: list[Event] = []
        aid = self.parsed.article.id
        for index, sent, para, sent_clauses in sentence_clauses(self.parsed):
            sent_start = para.offset + sent.start_char
            sent_end = para.offset + sent.end_char
            when = next((d.date for d in self.dates if d.date and d.start is not None
                         and sent_start <= d.start < sent_end), None)
            for clause in sent_clauses:
                typed = typed_event(clause)
                if typed is None:
                    continue
                verb = clause.verb
                start = para.offset + verb.idx
                source, target = self._roles(clause, typed, para.offset)
                out.append(Event(
                    id=content_id(aid, "event", str(start), typed.type),
                    article_id=aid, sentence_index=index, type=typed.type,
                    trigger=typed.trigger, source_actor=source, target_actor=target,
                    date=when, place=self._place(verb, para.offset),
                ))
        return out


def find_events(parsed: ParsedArticle, ents: ArticleEntities, registry: EntityRegistry,
                dates: list[DateMention], quotes: list[Quote] | None = None) -> list[Event]:
    """``quotes``: the article's quotes, so that "we" in a direct quote is its speaker."""
    if not parsed.english:
        return []
    return EventFinder(parsed, ents, registry, dates, quotes).events()
