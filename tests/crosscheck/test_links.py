"""A link one report denies and another asserts."""

from __future__ import annotations

from newsdesk.crosscheck.links import denied_link, link_conflict
from newsdesk.crosscheck.statements import Statement


def _st(aid: str, text: str, negated: bool = False) -> Statement:
    return Statement(aid, aid, 0, text, claims=[{"text": text, "negated": negated}])


DENIAL = _st("a", "This has nothing to do with the global Zentrix outage event.")


def test_links_a_report_tying_its_event_to_the_denied_one_conflicts() -> None:
    assert denied_link(DENIAL) is not None
    tied = _st("b", "This caused a global computer outage that hit firms in many countries.")
    conflict = link_conflict(DENIAL, tied)
    assert conflict is not None and "nothing to do with the global Zentrix outage event" in conflict.summary
    widespread = _st("c", "A widespread Norvale outage was disrupting banks around the world on Friday.")
    assert link_conflict(DENIAL, widespread) is not None


def test_links_naming_the_other_event_or_describing_something_else_is_no_conflict() -> None:
    # it names the event the denial credits to Zentrix: it speaks of that event itself
    assert link_conflict(DENIAL, _st("b", "The global Zentrix outage grounded flights.")) is None
    assert link_conflict(DENIAL, _st("c", "Teams users could not sign in for two hours.")) is None
    assert link_conflict(DENIAL, _st("d", "It did not cause a global outage.", negated=True)) is None
    # a denial with nothing named ("unrelated to the weather") is no event to tie to
    assert denied_link(_st("e", "The delay is unrelated to the weather conditions.")) is None
    # two denials agree
    also_denies = _st("f", "Note that this is not related to the worldwide Zentrix outage.")
    assert link_conflict(DENIAL, also_denies) is None


def test_links_a_description_without_the_denied_extent_is_another_thing() -> None:
    # another outage ("international" is no extent of the denied global one)
    other = _st("b", "A lender suffered an outage after trouble at its international hosting partner.")
    assert link_conflict(DENIAL, other) is None
