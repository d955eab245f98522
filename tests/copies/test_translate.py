from __future__ import annotations

import numpy as np
import pytest

from newsdesk.copies.align import Sentences
from newsdesk.copies.translate import TranslationIndex, decide, language_class, prose_count

ENGLISH = ("Crews in the harbour town of Velmora began lifting the first steel sections of the "
           "collapsed footbridge on Monday, four days after a barge struck one of its piers.")
GERMAN = ("Arbeiter in der Hafenstadt Velmora haben am Montag begonnen, die ersten Stahlteile "
          "der eingestürzten Fußgängerbrücke zu heben, vier Tage nachdem ein Lastkahn einen "
          "ihrer Pfeiler gerammt hatte.")


def test_translate_language_class_reads_the_words_not_the_label() -> None:
    assert language_class(ENGLISH, "en") == "en"
    assert language_class(ENGLISH, "la") == "en"  # a wrong language id on English text
    assert language_class(GERMAN, "de") == "de"
    assert language_class(GERMAN, "en") == "other"


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_translate_decide_needs_a_long_in_order_series_that_stands_out() -> None:
    rng = np.random.default_rng(0)
    common = rng.normal(size=(1, 64))
    # Sentences about one event: all close to one direction (the model's compressed range).
    source = _unit(common * 3 + rng.normal(size=(8, 64)))
    translation = _unit(source + 0.08 * rng.normal(size=source.shape))
    other_report = _unit(common * 3 + rng.normal(size=(8, 64)))
    weights = np.ones(8)
    assert decide(source, weights, translation, weights).linked
    assert not decide(source, weights, other_report, weights).linked
    shuffled = translation[[0, 5, 2, 7, 4, 1, 6, 3]]  # same sentences, order lost
    assert not decide(source, weights, shuffled, weights).linked


def test_translate_index_proposes_other_languages_by_names_and_numbers() -> None:
    index = TranslationIndex()
    index.add(1, "en-1", "en")
    index.add(2, "en-2", "en")
    index.add(3, "de-3", "de")
    details = {"en-1": {"velmora", "aster", "1911", "monday"}, "en-2": {"paris", "2024"}}
    found = index.candidates(4, "de", {"velmora", "aster", "1911"},
                             lambda ids: {i: details[i] for i in ids})
    assert found == ["en-1"]  # not the German report, not the unrelated one
    assert index.has_other("de") and index.has_other("en")


@pytest.mark.slow
def test_translate_german_translation_is_linked_with_the_multilingual_model() -> None:
    from newsdesk.models.multilingual import get_multilingual_embedder

    english = [ENGLISH,
               "The port authority said two cranes would work through the night so that the "
               "inner channel could reopen to fishing boats by the end of the week.",
               "Engineers found that the pier had shifted nearly half a metre when the barge "
               "hit it shortly after midnight on Thursday.",
               "Nobody was on the footbridge at the time, but a night watchman was treated for "
               "minor injuries after debris fell onto the pier road.",
               "The town council voted on Saturday to open a temporary ferry between the two "
               "quays, running every twenty minutes.",
               "A first estimate puts the cost of a new footbridge at eleven million euros."]
    german = [GERMAN,
              "Die Hafenbehörde teilte mit, zwei Kräne würden die ganze Nacht arbeiten, damit "
              "der innere Kanal bis Ende der Woche für Fischerboote wieder öffnen könne.",
              "Ingenieure stellten fest, dass sich der Pfeiler um fast einen halben Meter "
              "verschoben hatte, als der Lastkahn ihn kurz nach Mitternacht am Donnerstag traf.",
              "Zum Zeitpunkt des Unfalls war niemand auf der Brücke, doch ein Nachtwächter wurde "
              "leicht verletzt, als Trümmer auf die Pierstraße fielen.",
              "Der Stadtrat beschloss am Samstag, eine provisorische Fähre zwischen den beiden "
              "Kais einzurichten, die alle zwanzig Minuten fährt.",
              "Eine erste Schätzung beziffert die Kosten einer neuen Brücke auf elf Millionen "
              "Euro."]
    model = get_multilingual_embedder()
    se, sg = Sentences.from_text("\n".join(english)), Sentences.from_text("\n".join(german))
    verdict = decide(model.embed(se.texts), se.weights, model.embed(sg.texts), sg.weights)
    assert verdict.linked, verdict.evidence


def test_translate_share_is_counted_on_the_prose_of_a_cluttered_page() -> None:
    rng = np.random.default_rng(1)
    common = rng.normal(size=(1, 64))
    # A headline and three paragraphs translated, on a page that also carries four
    # lines of clutter (comment form, headlines of other stories).
    source = _unit(common * 3 + rng.normal(size=(8, 64)))
    page = _unit(np.vstack([source[:4] + 0.02 * rng.normal(size=(4, 64)),
                            common * 3 + rng.normal(size=(4, 64))]))
    translation = _unit(source[:4] + 0.02 * rng.normal(size=(4, 64)))
    other = _unit(common * 3 + rng.normal(size=(6, 64)))
    weights = np.ones(8)
    translated = _unit(np.vstack([translation, other]))
    assert not decide(page, weights, translated, np.ones(10)).linked  # 4 of 8 sentences
    assert decide(page, weights, translated, np.ones(10), prose=(3, 9)).linked
    # Three pairs are not enough, whatever the share.
    assert not decide(page[:3], np.ones(3), translated[:3], np.ones(3), prose=(2, 2)).linked


def test_translate_prose_leaves_out_clutter_and_headlines() -> None:
    sents = Sentences.from_text("\n".join([
        "Footbridge falls into Velmora harbour",  # a headline: no sentence end
        "Please log in or register to comment.",
        ENGLISH,
        "The port authority said the inner channel would reopen by the end of the week.",
        "Your email address will not be published.",
        "Other news: Regional elections set for May"]))
    assert prose_count(sents) == 2
