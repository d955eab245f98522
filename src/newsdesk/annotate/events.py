"""Who did what to whom, when and where, typed with PLOVER.

Each clause's verb (or verb + object noun: "impose sanctions") is looked up in a
PLOVER lexicon; the subject's entity is the source actor, the object's (or an
"against / on / to / with" phrase's) the target, the clause's resolved date the
when, and a place named after "in" the where. ACCUSE is kept apart from the rest of
PLOVER's DISAPPROVE because accusations are what cross-checking most needs to find.
"""

from __future__ import annotations

from typing import Any

from newsdesk.annotate.clauses import Clause, sentence_clauses
from newsdesk.annotate.entities import ArticleEntities, EntityRegistry
from newsdesk.annotate.lexicon import verb_lemma, words
from newsdesk.annotate.parse import ParsedArticle, span_text
from newsdesk.records import DateMention, Event, content_id

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


def event_type(clause: Clause) -> tuple[str, str] | None:
    """(PLOVER type, trigger words) of a clause, or None when it is no event."""
    verb = clause.verb
    lemma = verb_lemma(verb.text, _KNOWN_VERBS)
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass", "pobj") and child.lower_ in NOUN_TYPES:
            noun_type = NOUN_TYPES[child.lower_]
            if lemma in _STOP_VERBS and noun_type in _GIVING_TYPES:
                return "SANCTION", f"{verb.text} {child.text}"
            if lemma in _LIGHT_VERBS or lemma not in VERB_TYPES:
                return noun_type, f"{verb.text} {child.text}"
    if clause.reporting and lemma not in VERB_TYPES:
        return None  # "said that ...": the event is in the content clause
    kids = {c.lower_ for c in verb.children}
    if clause.cue is not None and "must" in kids:
        return "DEMAND", verb.text  # "X said Y must ...": a demand made of Y
    if kids & _INTENT_WORDS:
        return "AGREE", verb.text
    if lemma in VERB_TYPES:
        if lemma == "call" and not kids & {"on", "for"}:
            return None  # "called it credible" is no demand
        if lemma == "demonstrate" and any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
            return None  # "demonstrates how ...": showing, not protesting
        return VERB_TYPES[lemma], verb.text
    return None


class EventFinder:
    def __init__(self, parsed: ParsedArticle, ents: ArticleEntities,
                 registry: EntityRegistry, dates: list[DateMention]) -> None:
        self.parsed = parsed
        self.ents = ents
        self.registry = registry
        self.dates = dates

    def _actor(self, tok: Any | None, offset: int, compact: bool = False) -> str | None:
        """The canonical entity a noun phrase names, else its words (six at most).
        ``compact``: the phrase up to its head only ("police", not "police in Halvenport")."""
        if tok is None:
            return None
        doc = tok.doc
        span = doc[tok.left_edge.i:(tok.i if compact else tok.right_edge.i) + 1]
        head_loc = self.ents.local_at(offset + tok.idx, offset + tok.idx + len(tok.text))
        loc = head_loc or self.ents.local_at(offset + span.start_char, offset + span.end_char)
        if loc is not None and loc.entity_id and loc.type in _ACTOR_TYPES:
            return self.registry.entities[loc.entity_id].name
        return span_text(span) if len(span) <= 6 else None

    def _target(self, verb: Any, offset: int) -> str | None:
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child.lower_ not in NOUN_TYPES:
                return self._actor(child, offset)
        for child in list(verb.children) + [c for d in verb.children if d.dep_ == "dobj"
                                            for c in d.children]:
            if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ not in ("DATE", "TIME"):
                        return self._actor(obj, offset)
        return None

    def _roles(self, clause: Clause, offset: int) -> tuple[str | None, str | None]:
        """(source, target). In the passive the subject is the target and the "by"
        agent the source: "17 people have been killed by flooding"."""
        subject = clause.subject
        if subject is not None and subject.dep_ in ("nsubjpass", "csubjpass"):
            agent = next((o for c in clause.verb.children if c.dep_ == "agent"
                          for o in c.children if o.dep_ == "pobj"), None)
            return self._actor(agent, offset, compact=True), self._actor(subject, offset)
        return self._actor(subject, offset), self._target(clause.verb, offset)

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
                typed = event_type(clause)
                if typed is None:
                    continue
                kind, trigger = typed
                verb = clause.verb
                start = para.offset + verb.idx
                source, target = self._roles(clause, para.offset)
                out.append(Event(
                    id=content_id(aid, "event", str(start), kind),
                    article_id=aid, sentence_index=index, type=kind, trigger=trigger,
                    source_actor=source, target_actor=target,
                    date=when, place=self._place(verb, para.offset),
                ))
        return out


def find_events(parsed: ParsedArticle, ents: ArticleEntities, registry: EntityRegistry,
                dates: list[DateMention]) -> list[Event]:
    if not parsed.english:
        return []
    return EventFinder(parsed, ents, registry, dates).events()
