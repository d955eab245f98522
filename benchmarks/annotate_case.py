"""CASE 2021 task 2 sub-types (ACLED) read off our PLOVER events and a few keywords.

There is no training data for the task; these rules were written once from the ACLED
type definitions (event_types.txt), not fitted to the test labels. Order matters:
the most specific weapon or actor wins over the generic event type.
"""

from __future__ import annotations

import re
from typing import Any

_RULES: list[tuple[str, str]] = [
    ("SUIC_BOMB", r"suicide (?:bomb|attack|car)|blew (?:himself|herself) up|suicide vest"),
    ("CHEM_WEAP", r"chemical|chlorine|sarin|nerve agent|toxic gas|mustard gas"),
    ("GRENADE", r"grenade"),
    ("AIR_STRIKE", r"air ?strike|warplane|jets? (?:struck|bombed|hit)|drone strike|aerial|"
                   r"helicopter gunship|bombard\w* from the air"),
    ("REM_EXPLOS", r"\bied\b|landmine|land mine|roadside bomb|explosive device|car bomb|"
                   r"mine (?:blast|explo)|remote"),
    ("DISR_WEAP", r"defus|seiz\w+ (?:\w+ ){0,3}(?:weapons|arms|ammunition|explosives)|"
                  r"arms cache|weapons cache|recovered (?:\w+ ){0,2}(?:weapons|explosives)"),
    ("ART_MISS_ATTACK", r"shell(?:ed|ing|s)?\b|artillery|mortar|rocket|missile"),
    ("SEX_VIOL", r"\brap(?:e|ed|ing)\b|sexual"),
    ("ABDUCT_DISSAP", r"abduct|kidnap|disappear|went missing|hostage"),
    ("NATURAL_DISASTER", r"earthquake|flood|cyclone|hurricane|landslide|drought|wildfire|"
                         r"covid|pandemic|outbreak|tsunami|storm"),
    ("MAN_MADE_DISASTER", r"fire broke out|blaze|collapse|derail|crash|accident|"
                          r"explosion at|leak|spill"),
    ("FORCE_AGAINST_PROTEST", r"(?:police|forces|officers|troops)\b.{0,60}"
                              r"(?:fired|shot|killed|beat|attacked|injured).{0,60}"
                              r"(?:protest|demonstrat|march)"),
    ("PROTEST_WITH_INTER", r"(?:tear ?gas|water cannon|dispers|baton|rubber bullets).{0,80}|"
                           r"(?:protest|demonstrat).{0,80}(?:dispers|tear ?gas|detain)"),
    ("VIOL_DEMONSTR", r"(?:protest|demonstrat|rioter|mob).{0,80}(?:stones|torch|set fire|"
                      r"vandal|clash|violent|burn)|riot"),
    ("MOB_VIOL", r"\bmob\b|lynch|vigilante"),
    ("PEACE_PROTEST", r"protest|demonstrat|rally|sit-in|march(?:ed)? |strike by|picket"),
    ("ARREST", r"arrest|detain|custody|apprehend"),
    ("GOV_REGAINS_TERIT", r"(?:army|troops|government forces|military|forces) "
                          r"(?:\w+ ){0,3}(?:recaptur|regain|retook|retake|liberat)"),
    ("NON_STATE_ACTOR_OVERTAKES_TER", r"(?:captur|seiz|overr|took control|taken control)"),
    ("NON_VIOL_TERRIT_TRANSFER", r"handed over|withdr[ae]w|pulled out|transfer of"),
    ("HQ_ESTABLISHED", r"headquarter|established (?:a )?base|set up (?:a )?base"),
    ("AGREEMENT", r"agreement|signed|accord|truce|ceasefire|peace deal|memorandum"),
    ("DIPLO", r"talks|met with|visit|summit|diplomat|ambassador|minister"),
    ("CHANGE_TO_GROUP_ACT", r"merg|split|rename|new leader|pledged allegiance|joined"),
    ("ORG_CRIME", r"cartel|gang|smuggl|traffick|drug|robber"),
    ("PROPERTY_DISTRUCT", r"destroy|torched|demolish|burn(?:ed|t) down|vandal"),
    ("ARMED_CLASH", r"clash|fighting|gunfight|exchange of fire|fought|battle|firefight|ambush"),
    ("ATTRIB", r"claimed responsibility|blamed|accused"),
]
_COMPILED = [(label, re.compile(pattern, re.I)) for label, pattern in _RULES]
# Our PLOVER type → the ACLED sub-type it most often is, when no keyword decided.
_FROM_PLOVER = {
    "ASSAULT": "ATTACK", "FIGHT": "ARMED_CLASH", "PROTEST": "PEACE_PROTEST",
    "COERCE": "ARREST", "AGREE": "AGREEMENT", "CONSULT": "DIPLO", "ACCUSE": "ATTRIB",
    "DISAPPROVE": "ATTRIB", "SANCTION": "DIPLO", "MOBILIZE": "HQ_ESTABLISHED",
    "RETREAT": "NON_VIOL_TERRIT_TRANSFER",
}


def case_label(text: str, events: list[dict[str, Any]]) -> str:
    for label, pattern in _COMPILED:
        if pattern.search(text):
            return label
    for event in events:
        if event["type"] in _FROM_PLOVER:
            return _FROM_PLOVER[event["type"]]
    return "OTHER"
