"""The perturbation generator: labelled pairs from real sentences, deterministic, any size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.crosscheck.agreement import split_sentences
from newsdesk.crosscheck.perturb import (
    KINDS,
    compare_texts,
    discrepancy_types,
    perturbations,
    sentence_perturbations,
)

SEED_NAMES = ["Antony Blinken", "David Lammy", "Nasser Kanaani", "Keir Starmer", "Vladimir Putin"]


@pytest.fixture(scope="module")
def seed_sentences(seeds_dir: Path) -> list[str]:
    text = next(seeds_dir.glob("004_*")).read_text("utf-8")
    return split_sentences(text, None)


def _one(sentence: str, kind: str, names: list[str] | None = None):
    found = [p for p in sentence_perturbations(sentence, names or [], seed=3) if p.kind == kind]
    assert found, f"no {kind} for {sentence!r}"
    return found[0]


def test_perturb_is_deterministic_and_reaches_any_size(seed_sentences: list[str]) -> None:
    first = perturbations(seed_sentences, 300, seed=7, names=SEED_NAMES)
    assert len(first) == 300
    assert first == perturbations(seed_sentences, 300, seed=7, names=SEED_NAMES)
    assert first != perturbations(seed_sentences, 300, seed=8, names=SEED_NAMES)
    # kinds take turns: the first pairs already cover most kinds the text allows
    assert len({p.kind for p in first[:20]}) >= 10
    assert all(p.original in seed_sentences and p.perturbed != p.original for p in first)


def test_perturb_equivalent_unit_conversion_is_no_discrepancy() -> None:
    sentence = "The two countries will patrol a 75-mile stretch of the river together."
    same = _one(sentence, "unit_equivalent")
    assert same.label == "none" and "121-kilometres" in same.perturbed
    wrong = _one(sentence, "unit_swap")
    assert wrong.label == "quantity" and "75-kilometres" in wrong.perturbed
    metres = _one("The river peaked at 4.6 metres above its normal level.", "unit_equivalent")
    assert "15.1 feet" in metres.perturbed


def test_perturb_numbers_change_but_years_and_times_do_not() -> None:
    sentence = "In 2024, at 10:30, officials said 3,200 people had fled."
    edits = [p for p in sentence_perturbations(sentence, seed=1) if p.label == "quantity"]
    assert {p.kind for p in edits} == {"number_x10", "number_digits", "number_30pct"}
    for p in edits:
        assert "2024" in p.perturbed and "10:30" in p.perturbed and "3,200" not in p.perturbed
    assert "32,000" in _one(sentence, "number_x10").perturbed
    swapped = _one(sentence, "number_digits").detail.split(" → ")[1]
    assert sorted(swapped) == sorted("3,200") and swapped != "3,200"


def test_perturb_names_dates_polarity_hedge_and_quotes() -> None:
    sentence = ('On Tuesday, March 4, Brandt said the dam was holding, '
                'adding: "We are confident the repairs will work."')
    names = ["Aurelia Brandt", "Brandt", "Veltan"]
    swap = _one(sentence, "name_swap", names)
    assert "Veltan said" in swap.perturbed and swap.label == "entity"
    misspelt = _one("Aurelia Brandt met Veltan.", "name_misspelling", names)
    surname = misspelt.perturbed.split()[1]
    assert surname != "Brandt" and len(surname) == 6 and not re.search(r"(.)\1", surname)
    assert _one(sentence, "weekday_shift").perturbed.startswith("On ")
    assert "Tuesday" not in _one(sentence, "weekday_shift").perturbed
    assert "March 4" not in _one(sentence, "date_shift").perturbed
    negated = _one(sentence, "negation_insert")
    assert "was not holding" in negated.perturbed and '"We are confident' in negated.perturbed
    assert "was holding" in _one("He said it was not holding.", "negation_remove").perturbed
    assert "reportedly said" in _one(sentence, "hedge_insert").perturbed
    quote = _one(sentence, "quote_word")
    inside = re.search(r'"(.*)"', quote.perturbed)
    assert inside and inside.group(1) != "We are confident the repairs will work."
    assert quote.perturbed.split('"')[0] == sentence.split('"')[0]  # outside the quote unchanged
    assert set(KINDS.values()) == {"quantity", "none", "date", "entity", "polarity", "hedge", "quote"}


def test_perturb_pairs_are_caught_by_the_detectors(seed_sentences: list[str]) -> None:
    """The lead's detectors over annotated pairs: a tenfold number and a negation are
    found, an equivalent conversion and an unchanged sentence are not."""
    pairs = perturbations(seed_sentences, 40, seed=1, names=SEED_NAMES,
                          kinds=["number_x10", "negation_insert", "unit_equivalent"])
    chosen = [next(p for p in pairs if p.kind == k) for k in ("number_x10", "negation_insert",
                                                                "unit_equivalent")]
    texts = [(p.original, p.perturbed) for p in chosen] + [(chosen[0].original, chosen[0].original)]
    found = [discrepancy_types(f) for f in compare_texts(texts, ["2024-09-10"] * len(texts))]
    assert found == [{"quantity"}, {"polarity"}, set(), set()]
