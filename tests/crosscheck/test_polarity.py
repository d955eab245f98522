"""Polarity and hedging: negations, opposite verbs and hedges between two reports."""

from __future__ import annotations

import pytest

from newsdesk.crosscheck.perturb import compare_texts
from newsdesk.crosscheck.polarity import hedge_conflict, negations, opposite, polarity_conflict
from newsdesk.crosscheck.statements import Statement


def _pair(a: str, b: str) -> tuple[Statement, Statement]:
    return Statement("a", "a", 0, a), Statement("b", "b", 1, b)


def _types(pairs: list[tuple[str, str]]) -> list[set[str]]:
    found = compare_texts(pairs, ["2024-09-10"] * len(pairs))
    return [{f.type for f in fs if f.kind == "discrepancy" and len(f.articles) == 2} for fs in found]


@pytest.mark.parametrize(("a", "b"), [
    # a negation inside a subordinate clause the claim parser does not split out
    ("Trask said that members were relieved but cautious.",
     "Trask said that members were not relieved but cautious."),
    # "held" / "did not hold": the same verb, negated
    ("The Aldreth dam held, Reyl said.", "The Aldreth dam did not hold, Reyl said."),
    # opposite verbs
    ("Iran's spokesman Nasser Kanaani denied the accusations.",
     "Iran's spokesman Nasser Kanaani confirmed the accusations."),
    ("The ministers agreed at talks this week to reopen the bridge.",
     "The ministers refused at talks this week to reopen the bridge."),
])
def test_polarity_flips_are_found(a: str, b: str) -> None:
    conflict = polarity_conflict(*_pair(a, b), 0.95)
    assert conflict and conflict.type == "polarity", (a, b)


@pytest.mark.parametrize(("a", "b"), [
    # the same number of negations, moved by the paraphrase
    ("Authorities had no evidence to suggest the two incidents were connected.",
     "There was no immediate evidence that the two incidents were connected, police said."),
    ("The other 18 people inside the building escaped without injury, Aaron said.",
     "The other 18 people in the building were not injured, police spokesman Don Aaron said."),
    # two claims with opposite verbs in both sentences: nothing inverted
    ("Car volume fell 8 per cent, while light truck sales rose 2.7 per cent.",
     "Car volume was down 8 percent, while light truck sales rose 2.7 percent."),
    # both opposites in both sentences, in another order
    ("A reading below 50 means the sector shrank, while a reading above that means growth.",
     "A reading above 50 means growth, while a reading below that means the sector shrank."),
    # "failure to check" is "does not check"
    ("The flaw comes from the browser's failure to check the file type.",
     "The flaw comes about because the browser does not check the file type."),
    # "neither ... nor" is one negation, like "did not"
    ("Harbour officials did not immediately release the names of the crew pending notification of families.",
     "Neither harbour officials nor the coastguard would release the names of the crew pending notification "
     "of families."),
    # a word changed inside a quote is an altered quote, not a polarity flip
    ('"I opened the gates, but the current was too strong," he said.',
     '"I opened the gates, but the current was too weak," he said.'),
])
def test_polarity_paraphrases_are_not_flips(a: str, b: str) -> None:
    assert polarity_conflict(*_pair(a, b), 0.9) is None, (a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Lammy said the two countries are fully aligned.",
     "Lammy reportedly said the two countries are fully aligned."),
    ("The company will cut 400 jobs in Saltmouth.", "The company may cut 400 jobs in Saltmouth."),
    ("The ceremony was brief.", "The ceremony is said to have been brief."),
])
def test_hedges_added_are_found(a: str, b: str) -> None:
    conflict = hedge_conflict(*_pair(a, b), 0.95)
    assert conflict and conflict.type == "hedge", (a, b)


def test_hedges_doubted_by_both_is_no_hedge() -> None:
    a, b = _pair("The two men were allegedly trying to recruit exiles for the plot.",
                 "The informant alleged that the two men were trying to recruit exiles for the plot.")
    assert hedge_conflict(a, b, 0.95) is None


def test_hedges_conditional_either_way_is_no_hedge() -> None:
    a, b = _pair("A physician who performs the procedure could face up to two years in prison.",
                 "A physician who performs the procedure would face up to two years in prison.")
    assert hedge_conflict(a, b, 0.95) is None


@pytest.mark.parametrize(("a", "b"), [
    # hedged in both, one with a second hedge
    ("The two crew might have tried to reach the shore or to signal the others.",
     "The two crew may have tried to reach the shore or perhaps signal the others."),
    # "could not": what was impossible, not a doubt
    ("The court ruled long ago that tenants could not be evicted in winter.",
     "The court has ruled that tenants are not evicted in winter."),
])
def test_hedges_in_both_or_not_hedges_are_no_hedge(a: str, b: str) -> None:
    assert hedge_conflict(*_pair(a, b), 0.95) is None, (a, b)


def test_hedges_a_belief_or_a_source_on_both_sides_is_no_hedge() -> None:
    pairs = [
        # a belief, once as "is believed to", once as "…, believe experts"
        ("The pike caught at Dunmere is the largest ever landed in the valley, believe experts.",
         "The pike caught at Dunmere is believed to be the largest ever landed in the valley."),
        # a claim left to a named source on one side, "reportedly" on the other
        ("The Saltmouth Courier reported that Veltan met two Estmark ministers in secret.",
         "Veltan reportedly met two Estmark ministers in secret."),
        ("According to reports, the two inspectors were on their way to the dam.",
         "The two inspectors were reportedly on their way to the dam."),
    ]
    # ... but a hedge added beside an attribution both share is a hedge
    pairs.append(("According to the agency, the two inspectors were on their way to the dam.",
                  "According to the agency, the two inspectors were reportedly on their way to the dam."))
    assert [t & {"hedge"} for t in _types(pairs)] == [set(), set(), set(), {"hedge"}]


def test_polarity_refusing_to_believe_is_a_negation() -> None:
    assert negations("I refuse to believe these reports are a coincidence.") == 1
    a, b = _pair("I refuse to believe these reports from the valley are a coincidence.",
                 "She believes these reports from the valley are not a coincidence.")
    assert polarity_conflict(a, b, 0.9) is None


def test_polarity_helpers() -> None:
    assert opposite("confirmed", "denied") and opposite("rose", "fell") and not opposite("rose", "rose")
    assert negations("He didn't go, and never will; no one knows.") == 3
    assert negations("Neither the police nor the coastguard came.") == 1


def test_polarity_and_hedge_on_annotated_pairs() -> None:
    """Through the annotator and the whole cross-check: each pair reports its one type."""
    pairs = [
        ("Estmark's civil protection agency confirmed that it had accepted the offer.",
         "Estmark's civil protection agency confirmed that it had not accepted the offer."),
        ("Corvane has said that the cuts will fall mainly in administration and sales.",
         "Corvane has reportedly said that the cuts will fall mainly in administration and sales."),
        ("Corvane has said that the cuts will fall mainly in administration and sales.",
         "Corvane said the cuts would fall mainly in administration and sales."),
    ]
    negated, hedged, same = _types(pairs)
    assert "polarity" in negated and "hedge" not in negated
    assert "hedge" in hedged and "polarity" not in hedged
    assert not same & {"polarity", "hedge"}


def test_hedge_two_different_sentences_of_one_visit_are_no_hedge() -> None:
    """"expected" doubts the harbour's trade, which the other report does not mention: two
    different sentences about one visit, not one sentence with a hedge added (word
    alignment had paired "is expected" as an insertion, in one of the two orders)."""
    a, b = _pair("Governor Ana Brandt on Friday flew to Almbrück to see the site of the deadly pier "
                 "collapse, which left nine missing and is expected to have a lasting effect on the "
                 "harbour's trade.",
                 "Governor Brandt flew to Almbrück for a boat tour of the clearing of the pier and to "
                 "meet the families of the nine victims who were working on the pier when it fell.")
    assert hedge_conflict(a, b, 0.9) is None and hedge_conflict(b, a, 0.9) is None
    # one sentence with the hedge added is still found, in either order
    c, d = _pair("Corvane will cut 400 jobs in its sales division.",
                 "Corvane reportedly will cut 400 jobs in its sales division.")
    assert hedge_conflict(c, d, 0.9) is not None and hedge_conflict(d, c, 0.9) is not None
