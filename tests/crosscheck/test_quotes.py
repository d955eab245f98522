"""Altered quotes and names: real edits are found, reporters' normal variation is not."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.crosscheck.names import entity_swap, misspelled_name, one_person
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
    # British and American spelling, an abbreviation, a reporter's bracketed gloss,
    # a pronoun for the name the speaker used
    ("we soon realised the harbour was flooding", "we soon realized the harbour was flooding"),
    ("the outlook for fishing in the United Kingdom remains poor",
     "the outlook for fishing in the UK remains poor"),
    ("at least two of them were meant to supervise the younger crew",
     "at least two of [the deckhands] were meant to supervise the younger crew"),
    ("Minister Halvard should apologise for playing games with the harbour budget",
     "She should apologise for playing games with the harbour budget"),
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


def test_quotes_fragments_of_one_remark_are_joined() -> None:
    from newsdesk.crosscheck.quotes import joined_quotes

    first = {**_quote("As a skipper,"), "start": 1, "cue_start": 20}
    second = {**_quote("I would like to be remembered as a careful one."), "start": 30, "cue_start": 20}
    (joined,) = joined_quotes([second, first])
    assert joined["text"] == "As a skipper, I would like to be remembered as a careful one."
    whole = _quote("As a skipper, I would like to be remembered as a careful one.")
    assert quote_conflict(joined, whole) is None
    other = {**_quote("Another remark entirely."), "start": 90, "cue_start": 80, "speaker": "Tomas Reyl"}
    assert len(joined_quotes([first, second, other])) == 2


def test_quotes_an_organisation_and_its_spokesperson_are_not_two_speakers() -> None:
    words = "Saltmouth Ferries delivered every crossing at the best price"
    a = _quote(words, speaker="Saltmouth Ferries")
    b = _quote(words, speaker="Mira Okonjo")
    sentences = (f'Saltmouth Ferries repeated that it had "{words}".',
                 f'"{words}," Saltmouth Ferries spokeswoman Mira Okonjo said.')
    assert quote_conflict(a, b, 0.9, sentences) is None
    unrelated = (f'Saltmouth Ferries repeated that it had "{words}".',
                 f'"{words}," harbour master Mira Okonjo said.')
    swap = quote_conflict(a, b, 0.9, unrelated)
    assert swap and swap.type == "entity"


def test_names_transliterations_and_sources_are_not_swaps() -> None:
    def statement(article: str, text: str, *names: str) -> Statement:
        return Statement(article, article, 0, text, mentions=[
            {"label": "PERSON", "entity_id": f"{article}{k}", "text": n} for k, n in enumerate(names)])

    a = statement("a", "Dunmere is governed by Amir Yusuf Haddad, who took office in May.",
                  "Amir Yusuf Haddad")
    b = statement("b", "Dunmere is governed by Amer Youssef Hadad, who took office in May.",
                  "Amer Youssef Hadad")
    assert entity_swap(a, b, 0.95) is None
    # a source one report names and the other does not give
    c = statement("c", "Harbour pilot Lena Sorvik retired on Friday in Saltmouth.", "Lena Sorvik")
    d = statement("d", "Lena Sorvik retired on Friday in Saltmouth, her colleague Pavel Drost said.",
                  "Lena Sorvik", "Pavel Drost")
    c.mentions[0]["entity_id"] = d.mentions[0]["entity_id"]
    e = statement("e", "Aurelia-award winning pilot Lena Sorvik retired on Friday in Saltmouth.",
                  "Aurelia", "Lena Sorvik")
    e.mentions[1]["entity_id"] = d.mentions[0]["entity_id"]
    assert entity_swap(e, d, 0.95) is None
    # two reports naming different sources for one statement do disagree
    f = statement("f", "Lena Sorvik retired on Friday in Saltmouth, her colleague Anton Weil said.",
                  "Lena Sorvik", "Anton Weil")
    f.mentions[0]["entity_id"] = d.mentions[0]["entity_id"]
    swap = entity_swap(d, f, 0.95)
    assert swap and "Weil" in swap.summary


def test_quotes_words_given_to_a_person_and_to_an_organisation_are_no_misattribution() -> None:
    words = "The harbour authority will reopen the northern channel to cargo ships by Friday"
    officer = _quote(words, speaker="Lena Corvin", said="Corvin")
    authority = _quote(words, speaker="Saltmouth Harbour Board", said="Saltmouth Harbour Board")
    # Two people credited with one remark is a misattribution...
    assert quote_conflict(officer, _quote(words, speaker="Piet Vandermolen", said="Vandermolen"))
    # ...but a company or board credited with its officer's words is a choice of attribution.
    assert quote_conflict(officer, authority, speaker_kinds=("PERSON", "ORG")) is None
    assert quote_conflict(officer, authority, speaker_kinds=("PERSON", "PERSON"))


def test_quotes_words_given_to_a_speaker_the_text_never_names_are_no_misattribution() -> None:
    words = "Due to a fault in the harbour gate controller the northern lock stayed shut all night"
    named = _quote(words, speaker="Saltmouth Harbour Board", said="Saltmouth Harbour Board")
    inferred = _quote(words, speaker="Tarn Ferries", said="A statement")  # resolved by us
    assert quote_conflict(named, inferred) is None
    assert quote_conflict(named, _quote(words, speaker="Tarn Ferries", said="Tarn Ferries"))


def test_quotes_a_noun_made_plural_inside_a_quote_is_an_alteration() -> None:
    a = _quote("Some parents still do not know whether we have reached their child. We keep going")
    b = _quote("Some parents still do not know whether we have reached their children. We keep going",
               said="Brandt")
    conflict = quote_conflict(a, b)
    assert conflict and conflict.type == "quote" and "children" in conflict.summary
    # another speaker's words, or a cut at the quote's end, are no such change
    assert quote_conflict(a, _quote(b["text"], speaker="Jonas Albrecht")) is None or \
        "one or many" not in str(quote_conflict(a, _quote(b["text"], speaker="Jonas Albrecht")))
    assert quote_conflict(_quote("we will rebuild the bridge for our workers"),
                          _quote("we will rebuild the bridge for our worker")) is None


def test_quotes_verdict_and_readable_changes() -> None:
    from newsdesk.crosscheck.quotes import quote_verdict, readable_changes

    said = "We will not raise the levy on the Almbrück ferries this year"
    assert quote_verdict(said, "We will raise the levy on the Almbrück ferries this year") == \
        "meaning changed: negation"
    assert quote_verdict(said, "We will not raise the levy on the Almbrück ferries for two years") \
        .startswith("meaning changed: a number")
    assert quote_verdict(said, "We will not raise the levy on the Norland ferries this year") == \
        "meaning changed: a name"
    assert quote_verdict(said, "We will not lift the levy on the Almbrück ferries this year") == \
        "meaning may have changed: raise \u2192 lift"
    assert quote_verdict(said, "We will not raise a levy on the Almbrück ferries this year") == "wording only"
    assert quote_verdict(said, "This year we are not going to put up what the Almbrück ferries pay") \
        .startswith("reworded")
    assert readable_changes(said, "We will not lift the levy on the Almbrück ferries this year") == \
        ("not raise the", "not lift the")
    # two places one word apart are one stretch, not "raise the … the levy"
    assert readable_changes(said, "We will not lift the fee on the Almbrück ferries this year") == \
        ("not raise the levy on", "not lift the fee on")
    assert readable_changes(said, "We shall not raise the levy on the Almbrück boats this year") == \
        ("we will not \u2026 almbrück ferries this", "we shall not \u2026 almbrück boats this")


def test_quotes_verdict_a_different_target() -> None:
    from newsdesk.crosscheck.quotes import quote_verdict

    said = "These strikes were a crime against Estmarkers, he said"
    assert quote_verdict(said, "These strikes were a crime targeting Estmark forces, he said") == \
        "meaning changed: a different target"
    same_target = "These strikes were a crime against Estmarkers, he told"
    assert "a different target" not in quote_verdict(said, same_target)


def test_quotes_one_remark_paraphrased_inside_quote_marks() -> None:
    a = _quote("Operators must provide prompt refunds to passengers who choose not to take the later ferry "
               "they were offered on the day")
    b = _quote("Operators must promptly refund passengers who choose not to take the later ferry offered "
               "that day", said="Brandt")
    found = quote_conflict(a, b, 0.85)
    assert found is not None and found.summary.endswith("reworded: a paraphrase printed as a quote")
    # its first changed places only, readable: "must provide prompt refunds to passengers"
    assert "must provide prompt refunds to passengers" in found.summary
    long_a = _quote("We will give prompt refunds to every passenger, free seats on the next ferry, hot meals "
                    "in the terminal and a room for the night to all who need one")
    long_b = _quote("We will promptly hand every passenger their money back, free seats on the next ferry, "
                    "hot meals and drinks served in the terminal and a hotel room overnight to all who need "
                    "one", said="Brandt")
    reworded = quote_conflict(long_a, long_b, 0.85)
    assert reworded is not None and "more changes" in reworded.summary
    assert reworded.summary.count("\u2026") <= 2  # at most one gap on each side
    # sentences not alike (another occasion), or two speakers: no finding
    assert quote_conflict(a, b, 0.6) is None
    assert quote_conflict(a, _quote(b["text"], speaker="Jonas Albrecht"), 0.85) is None
