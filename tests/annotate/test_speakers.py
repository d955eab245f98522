from __future__ import annotations

from newsdesk.annotate.entities import LocalEntity
from newsdesk.annotate.parse import DISABLED
from newsdesk.annotate.speakers import describes_someone, fullest_form
from newsdesk.models import get_nlp


def _loc(name: str, type_: str = "ORG", mentions: int = 1) -> LocalEntity:
    return LocalEntity(name, type_, variants=[name], mentions=list(range(mentions)),
                       entity_id=f"id-{name}")


def test_speakers_short_name_takes_the_articles_full_name() -> None:
    short, full = _loc("Norvale", mentions=5), _loc("Norvale Air Lines", mentions=2)
    assert fullest_form(short, [short, full, _loc("Kestrel Systems")]) is full
    # the same body named longer still is no second body: the most named form shows
    longer = _loc("Norvale Air Lines Inc")
    assert fullest_form(short, [short, full, longer]) is full


def test_speakers_short_name_kept_when_ambiguous_or_another_thing() -> None:
    short = _loc("Norvale", mentions=3)
    # two different bodies begin with the name
    assert fullest_form(short, [short, _loc("Norvale Air Lines"), _loc("Norvale Connection")]) is short
    # a body named after it: "House" is not the "House Judiciary Committee"
    house = _loc("House")
    assert fullest_form(house, [house, _loc("House Judiciary Committee")]) is house
    # the article names a place so at least as often as the organisation
    place = _loc("Norvale", "GPE", mentions=3)
    assert fullest_form(short, [short, place, _loc("Norvale Air Lines")]) is short
    # a name cut off with the page is no fuller name, nor is a model ("Norvale 365")
    assert fullest_form(short, [short, _loc("Norvale h")]) is short
    assert fullest_form(short, [short, _loc("Norvale 365")]) is short
    # two names run together: the article writes the second on its own ("Kestrel's Harbor")
    kestrel, product = _loc("Kestrel"), _loc("Kestrel Harbor")
    assert fullest_form(kestrel, [kestrel, product], "ships running Kestrel's Harbor software") is kestrel
    assert fullest_form(kestrel, [kestrel, product], "a fault in Kestrel Harbor, Kestrel said") is product
    # a name the report does not give first and shorten after ("Kestrel ... Kestrel
    # Harbor devices") is a thing named after the body
    assert fullest_form(kestrel, [kestrel, product], introduces=lambda longer, short: False) is kestrel
    # people keep their names
    person = _loc("Mara Lind", "PERSON")
    assert fullest_form(person, [person, _loc("Mara Lind Foundation")]) is person


def _subject_head(sentence: str) -> object:
    doc = get_nlp(DISABLED)(sentence)
    return next(t for t in doc if t.dep_ in ("nsubj", "nsubjpass"))


def test_speakers_descriptions_of_people_and_not_of_documents() -> None:
    assert describes_someone(_subject_head("An emergency dispatcher told the officers to stop traffic."))
    assert describes_someone(_subject_head("One of the officers shouted a warning."))
    assert describes_someone(_subject_head("State officials said the port would reopen."))
    assert not describes_someone(_subject_head("Initial investigations suggest an error."))
    assert not describes_someone(_subject_head("The statement said the port would reopen."))
    assert not describes_someone(_subject_head("He said the port would reopen."))


def test_speakers_fullest_form_joined_words_are_no_fuller_name() -> None:
    # a hyphenated name keys to more words than it is written with: nothing to add, no crash
    short = _loc("Kestrel Norvale")
    assert fullest_form(short, [short, _loc("Kestrel-Norvale-Systems")]) is short
