"""How a report names the speaker of a quote, beyond its canonical entity.

Two things the quote finder (quotes.py) asks once it has a speaker:

- An organisation a report names in full once and in short afterwards ("Norvale Air
  ... Norvale said", "Kestrel Shipping ... Arva Lines and Kestrel argued") is one body
  in that report: its quotes carry the fullest form the report itself writes. Kept
  within the one article, where the short form cannot mean anything else; across the
  store "Delta" may be a river's delta and "House" many houses.
- A speaker the text does not name but describes ("an emergency dispatcher", "one of
  the officers", "officials") is a nominal source, as PolNeAR annotates them: the
  description is what a reader is told, so it is shown as the speaker; a pronoun or
  a document ("the statement") is no description of anyone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsdesk.annotate.aliases import name_key
from newsdesk.annotate.entities import LocalEntity
from newsdesk.annotate.lexicon import PERSON_ROLES, words

_PLACES = frozenset({"GPE", "LOC", "FAC"})
# Organisations, and the names the tagger takes for a nationality or group now and then
# ("Synergy", "Synergy Marine" as NORP beside "Grace Ocean Private Limited" as ORG).
_BODIES = frozenset({"ORG", "NORP"})
# Bodies named after something else ("House Homeland Security Committee", "Justice
# Department", "Baltimore City Council", "Maryland Transportation Authority"): the
# short word is that other thing, not a short name of the body.
_BODY_HEADS = words("""committee ministry department agency commission council court bank board
    authority office exchange police service services university college school hospital airport
    port station club county district city town province region municipality chamber museum
    library church prison assembly parliament senate house administration government embassy
    consulate army navy military forces force guard party""")
# Nouns that describe people, groups and organisations (singular; PERSON_ROLES too).
_PEOPLE = words("""official authority police officer dispatcher worker witness resident expert source
    person people man woman men women analyst investigator crew passenger driver pilot engineer
    captain sailor seafarer employee staff member lawmaker legislator advocate activist survivor
    victim relative family friend neighbour neighbor owner operator researcher scientist student
    teacher doctor nurse firefighter rescuer diver responder counsel executive insider observer
    critic customer user consultant economist professor agent detective trooper sheriff coroner
    medic paramedic guard soldier trader investor banker voter fan parent mother father son
    daughter wife husband brother sister girlfriend boyfriend colleague partner union group
    organisation organization nonprofit charity company firm airline carrier agency ministry
    department government committee regulator insurer bank developer maker provider startup
    business corporation site website outlet tracker service newspaper broadcaster team
    administration office board council court commission prosecutor dispatch pair couple giant
    army military navy coastguard troop force hospital university school airport embassy palace
    city county institute centre center observatory foundation association federation""")
# Quantity words heading "one of the officers", "some of the workers".
_PARTS = words("one some many several most all both two three four few none each any")


def _stands_alone(word: str, text: str) -> bool:
    """Does the text write ``word`` as a name of its own, not after another name word
    ("3.2 million Zentrix laptops", "Orbitek's Zentrix")? Then a longer name that
    holds it ("Orbitek Zentrix") runs two names together."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        before = re.search(r"(\S+)\s+$", text[max(0, m.start() - 40):m.start()])
        prev = before.group(1) if before else ""
        if not prev[:1].isupper() or prev.endswith(("'s", "’s")):
            return True
    return False


def fullest_form(loc: LocalEntity, locals_: list[LocalEntity], text: str = "",
                 introduces: Callable[[LocalEntity, LocalEntity], bool] | None = None) -> LocalEntity:
    """The organisation ``loc`` as the article names it most fully: the one longer
    organisation name of the article that begins with all of ``loc``'s words ("Delta"
    → "Delta Air Lines"; "Delta Air Lines Inc" beside it is the same body named longer
    still). ``loc`` itself when there is none, when two different bodies begin so
    ("Delta Air Lines", "Delta Connection"), when the article names a place so at least
    as often, when the longer name is a body named after it ("House" / "House Judiciary
    Committee") or runs two of the article's names together ("Microsoft Windows").
    ``locals_`` should hold only names the article's body writes: a headline's
    capitals make names of words ("Delta Hits", "Biden Tells"); ``text``, the
    article's, shows which words it also writes as names of their own; ``introduces``
    says whether the longer name is the one the report gives first and shortens after
    (a product named after its maker, "Microsoft Entra", comes after the maker)."""
    if loc.type not in _BODIES or loc.entity_id is None:
        return loc
    key = name_key(loc.name).split()
    # a place's name the tagger now and then took for an organisation ("Maryland" beside
    # "Maryland Transportation Authority"); the reverse slip ("Delta" as a place once
    # among many "Delta" the airline) leaves the organisation
    as_place = sum(len(o.mentions) for o in locals_
                   if o.type in _PLACES and name_key(o.name).split() == key)
    if not key or as_place >= len(loc.mentions):
        return loc
    # words the article names on their own ("Windows" beside "Microsoft Windows")
    alone = {name_key(o.name) for o in locals_ if o is not loc and " " not in o.name.strip()}
    longer: list[tuple[list[str], LocalEntity]] = []
    for other in locals_:
        words_ = name_key(other.name).split()
        if (other is loc or other.type not in _BODIES or other.entity_id is None
                or len(words_) <= len(key) or words_[:len(key)] != key
                or (introduces is not None and not introduces(other, loc))):
            continue
        extra = other.name.split()[len(key):]  # as written: keys are stemmed
        if not extra:
            continue  # joined words ("Kestrel-Norvale-Systems"): no fuller form as written
        if " of " in f" {' '.join(words_)} " or {w.strip(".,").lower() for w in extra} & _BODY_HEADS:
            continue
        if not all(w[:1].isupper() for w in extra):
            continue  # a name cut off with the page ("Delta h"), a model ("Microsoft 365")
        if any(name_key(w) in alone for w in extra) or (text and _stands_alone(extra[0], text)):
            continue  # two names run together ("Microsoft Windows"), not a fuller one
        longer.append((words_, other))
    if not longer:
        return loc
    longer.sort(key=lambda pair: len(pair[0]))
    base = longer[0][0]
    if any(w[:len(base)] != base for w, _ in longer):
        return loc  # two different bodies begin with the short name
    return max(longer, key=lambda pair: (len(pair[1].mentions), -len(pair[0])))[1]


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"  # authorities
    if word.endswith(("men", "people")):
        return word  # listed as they are
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def describes_someone(head: Any) -> bool:
    """Does a subject headed by ``head`` describe a person, group or organisation
    ("an emergency dispatcher", "one of the officers", "state officials", "the
    company")? Documents, data and events do not ("initial investigations suggest",
    "the statement read", "telemetry data shows"), nor do pronouns and names."""
    # a common noun the tagger took for a name ("the transport ministry" with "ministry"
    # as NNP) is written in lower case
    common = head.tag_ in ("NN", "NNS", "CD") or (head.tag_ in ("NNP", "NNPS") and head.text.islower())
    if not common and head.lower_ not in _PARTS:
        return False
    word = head.lower_
    if word in _PARTS:  # "one of the officers": the officers
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return False
        word = obj.lower_
    return _singular(word) in _PEOPLE or _singular(word) in PERSON_ROLES or word in PERSON_ROLES
