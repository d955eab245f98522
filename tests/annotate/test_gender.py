"""Gender guesses for people, and pronoun speakers that respect them."""

from __future__ import annotations

from collections import Counter

from newsdesk.annotate.aliases import load_aliases
from newsdesk.annotate.entities import EntityRegistry, annotate_entities
from newsdesk.annotate.gender import (
    FEMALE,
    MALE,
    add_votes,
    decide,
    first_name_gender,
    gender_of,
    merge_votes,
    title_gender,
)
from newsdesk.annotate.parse import parse_articles
from newsdesk.annotate.quotes import find_quotes
from newsdesk.records import Article, Entity, Quote, content_id


def _annotate(text: str, registry: EntityRegistry | None = None
              ) -> tuple[list[Quote], EntityRegistry]:
    article = Article(id=content_id(text), document_id="d", source="inline", text=text,
                      text_hash=content_id(text), lang="en")
    aliases = load_aliases(None)
    registry = registry or EntityRegistry(aliases)
    (parsed,) = parse_articles([article])
    return find_quotes(parsed, annotate_entities(parsed, aliases, registry), registry), registry


def _person(registry: EntityRegistry, name: str) -> Entity:
    return next(e for e in registry.entities.values() if e.name == name)


def test_votes_decide_only_when_one_side_clearly_leads() -> None:
    assert decide({}) is None
    assert decide({FEMALE: 1}) == FEMALE
    assert decide({MALE: 3, FEMALE: 1}) == MALE
    assert decide({MALE: 2, FEMALE: 1}) is None


def test_titles_and_first_names() -> None:
    assert title_gender("State Department spokeswoman") == FEMALE
    assert title_gender("committee chairman") == MALE
    assert title_gender("German Foreign Minister") is None
    assert first_name_gender("Mary Smith") == FEMALE
    assert first_name_gender("John Smith") == MALE
    assert first_name_gender("Smith") is None  # a surname alone says nothing
    assert first_name_gender("Aurelia Brandt") is None  # not in the short lists


def test_votes_add_up_and_merge() -> None:
    a, b = Entity("a", "Kim Lee", "PERSON"), Entity("b", "Lee", "PERSON")
    add_votes(a, Counter({FEMALE: 1}))
    assert gender_of(a) == FEMALE
    add_votes(b, Counter({MALE: 2}))
    merge_votes(a, b)
    assert a.attributes["gender_votes"] == {FEMALE: 1, MALE: 2}
    assert gender_of(a) is None  # split: neither side leads three to one
    add_votes(a, Counter({MALE: 1}))
    assert gender_of(a) == MALE


def test_pronoun_evidence_in_text() -> None:
    _, registry = _annotate(
        "Foreign Minister Oriel Vantresca hosted her counterpart, Tomasz Kelder, in the "
        "capital. Kelder thanked his hosts. He said the talks were useful.")
    assert gender_of(_person(registry, "Oriel Vantresca")) == FEMALE
    assert gender_of(_person(registry, "Tomasz Kelder")) == MALE


def test_she_skips_a_man_named_closer() -> None:
    text = ("Foreign Minister Oriel Vantresca hosted her counterpart, Tomasz Kelder, on "
            "Monday. Kelder thanked his hosts and left early.\n"
            "\u201cWe have said so very clearly,\u201d she said.")
    quotes, _ = _annotate(text)
    said = [q for q in quotes if q.kind == "direct"]
    assert said and said[0].speaker == "Oriel Vantresca"


def test_she_may_be_a_surname_spacy_took_for_an_organisation() -> None:
    """The demo's Teskov Daily report: no organisation is a "she"."""
    registry = EntityRegistry(load_aliases(None))
    text = ("Morvanian Foreign Minister Dariusz Veltan and his Estmark counterpart Aurelia "
            "Brandt agreed on Wednesday to set up joint border patrols on the Tarn.\n"
            "\u201cOur guards will patrol side by side,\u201d Veltan told reporters.\n"
            "Brandt struck a firmer tone. \u201cWe will not tolerate further incursions "
            "across the Tarn,\u201d she said.")
    quotes, registry = _annotate(text, registry)
    she = [q for q in quotes if q.speaker_text == "she"]
    assert she and she[0].speaker != "Dariusz Veltan"
    assert she[0].speaker is not None and "Brandt" in she[0].speaker
