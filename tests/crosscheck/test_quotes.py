"""Altered quotes and names: real edits are found, reporters' normal variation is not."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.crosscheck.detectors import entity_swap, misspelled_name, one_person
from newsdesk.crosscheck.quotes import altered_places, outside_quotes, quote_conflict, quote_tokens
from newsdesk.crosscheck.statements import Statement


def _quote(text: str, speaker: str | None = "Aurelia Brandt", said: str | None = None) -> dict[str, Any]:
    return {"kind": "direct", "text": text, "speaker": speaker, "speaker_entity_id": None,
            "speaker_text": said or speaker}


def test_quotes_a_replaced_word_is_an_alteration() -> None:
    a = _quote("We will not accept any further incursions across the Tarn, and we have said so clearly")
    b = _quote("We will not tolerate further incursions across the Tarn, and we have said so very clearly",
               said="Brandt")
    conflict = quote_conflict(a, b)
    assert conflict and conflict.type == "quote" and "accept" in conflict.summary


@pytest.mark.parametrize(("a", "b"), [
    ("It's routine for IBM to challenge its internal IT teams",
     "It is routine for IBM to challenge its internal IT team"),
    ("a one-dimensional political head-kicker couldn't be more wrong",
     "a one-dimensional political head kicker could not be more wrong"),
    ("the semiconductor industry of an 8-10 percent growth rate",
     "the semiconductor industry of an 8-10 per cent growth rate"),
    ("Today we are trying to pull the pig from the trough",
     "Today we are trying to pull the pig away from the trough"),
    ("Qualcomm has enjoyed many years of selling...against little or no competition",
     "Qualcomm has enjoyed many years of selling CDMA chips against little or no competition"),
    ("We are declaring war on sexual harassment and sexual assault",
     "We are declaring war on sexual assault and sexual harassment"),
    ("My sister lives 600 metres from here", "My sister lives 1,969 feet from here"),
    # the person changes when reported speech becomes a quote
    ("work professionally and cooperatively with all its unions",
     "will work professionally and cooperatively with all our unions"),
    # one word spelled two ways: hyphenation, transliteration, a month abbreviated
    ("we are not co-mingling appropriated funds", "we are not comingling appropriated funds"),
    ("the group gave material support to al-Qaeda", "the group gave material support to al-Qaida"),
    ("the attacks of September 11 changed the city", "the attacks of Sept. 11 changed the city"),
    # reworded throughout: not one remark with a word changed
    ("People who are high in positive emotions sleep better, they have better diets",
     "Happy people sleep better, have better diets"),
])
def test_quotes_editing_is_not_an_alteration(a: str, b: str) -> None:
    assert not altered_places(a, b), (a, b)
    assert quote_conflict(_quote(a), _quote(b)) is None


def test_quotes_a_dropped_negation_is_an_alteration() -> None:
    assert altered_places("We have not seen her since Christmas", "We have seen her since Christmas")


def test_quotes_speakers() -> None:
    words = "By its actions, the administration threatens to give a bad name to a just war"
    # a description ("the Connecticut Democrat") is our inference, not a second person
    described = _quote(words, "Democrat", "the Connecticut Democrat")
    assert quote_conflict(_quote(words, "Lieberman"), described) is None
    # two named people with one quote: a misattribution
    clash = quote_conflict(_quote(words, "Joe Lieberman"), _quote(words, "John Kerry"))
    assert clash and clash.type == "entity"
    # the same person, named two ways
    assert quote_conflict(_quote(words, "Sheena Young of Child"), _quote(words, "Sheena Young")) is None
    assert quote_conflict(_quote(words, "Muqtada al Sadr"), _quote(words, "Moqtada al-Sadr")) is None


def test_quotes_unattributed_quotes_must_be_one_quote() -> None:
    a, b = _quote("welcomed the constructive tone", None), _quote("old accusations", None)
    assert quote_conflict(a, b, sim=0.98) is None
    short_a, short_b = _quote("aggressive war", None), _quote("very war", None)
    assert quote_conflict(short_a, short_b, sim=0.98) is not None
    assert quote_conflict(short_a, short_b, sim=0.6) is None


def test_quotes_helpers() -> None:
    assert quote_tokens("It's the princess's head-kicker") == quote_tokens("it is the princess head kicker")
    assert quote_tokens("couldn't") == quote_tokens("could not")
    assert outside_quotes('Its driver said: "I have driven this road.').strip() == "Its driver said:"
    assert "he said" in outside_quotes('and we said so," he said.')


def test_names_variants_of_one_person_are_not_swaps() -> None:
    assert one_person("Bush", "George W. Bush") and one_person("Muqtada al Sadr", "Moqtada al-Sadr")
    assert not one_person("Aurelia Brandt", "Dariusz Veltan")
    assert not misspelled_name("Eugene O'Neill", "Eugene ONeills")
    assert misspelled_name("Tomas Reyl", "Tomas Ryel")

    def statement(article: str, text: str, name: str, entity: str) -> Statement:
        return Statement(article, article, 0, text,
                         mentions=[{"label": "PERSON", "entity_id": entity, "text": name}])

    a = statement("a", "President George W. Bush cited the threat from Iraq.", "George W. Bush", "e1")
    b = statement("b", "President Bush cited the threat from Iraq.", "Bush", "e2")
    assert entity_swap(a, b, 0.95) is None
    c = statement("c", "President Bill Clinton cited the threat from Iraq.", "Bill Clinton", "e3")
    swap = entity_swap(a, c, 0.95)
    assert swap and "Clinton" in swap.summary
    # one-word names the story never spells out may be two parts of one name
    saddam = statement("d", "Saddam loyalists have been blamed for the attacks.", "Saddam", "e4")
    hussein = statement("e", "Hussein loyalists have been blamed for the attacks.", "Hussein", "e5")
    assert entity_swap(saddam, hussein, 0.95) is None
    assert entity_swap(saddam, hussein, 0.95, {"e4": "Saddam", "e5": "Uday Hussein"}) is not None


def test_quotes_a_given_name_alone_is_the_same_speaker() -> None:
    from newsdesk.crosscheck.quotes import _same_name

    assert _same_name("Thaksin", "Thaksin Shinawatra")
    assert _same_name("Brandt", "Aurelia Brandt")
    assert not _same_name("John Smith", "John Doe")
