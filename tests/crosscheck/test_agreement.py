"""The learned agreement model: features, training on a real FNC-1 slice, the shipped model."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from newsdesk.crosscheck.agreement import (
    FEATURE_NAMES,
    LABELS,
    AgreementModel,
    Featurizer,
    shipped_path,
    split_sentences,
)

WIRE = ("More than 180 millimetres of rain fell on the valley in 36 hours, forcing 3,200 people "
        "from their homes overnight.")
SPUN = ("Upwards of 180 millimetres of rainfall hit the valley within 36 hours, compelling 2,300 "
        "residents to leave their houses during the night.")
DAM = "The Corvath dam held through the night, the regional governor said."
NOT_DAM = "The Corvath dam did not hold through the night, the regional governor said."
OTHER = "The central bank left its main interest rate unchanged at 4.5 percent on Thursday."


@pytest.fixture(scope="session")
def featurizer() -> Featurizer:
    return Featurizer()


def test_agreement_split_sentences_keeps_quotes_and_limit() -> None:
    text = 'He said "no." Then they left.\n3 men died. Officials, e.g. police, came.'
    assert split_sentences(text, None) == ['He said "no."', "Then they left.", "3 men died.",
                                           "Officials, e.g. police, came."]
    assert split_sentences(text, 2) == ['He said "no."', "Then they left."]


def test_agreement_features_see_numbers_negation_and_topic(featurizer: Featurizer) -> None:
    x = featurizer([(SPUN, WIRE), (WIRE, WIRE), (NOT_DAM, DAM), (DAM, OTHER)])
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    assert x.shape == (4, len(FEATURE_NAMES))
    assert x[0, col["num_clash"]] > 0 and x[1, col["num_clash"]] == 0
    assert x[2, col["neg_xor"]] == 1 and x[1, col["neg_xor"]] == 0
    assert x[1, col["sim_max"]] > 0.99 and x[3, col["sim_max"]] < 0.4
    assert x[0, col["sim_max"]] > x[3, col["sim_max"]]


def _fnc_slice(folder: Path, split: str, bodies: int) -> list[tuple[str, str, str]]:
    with (folder / f"{split}_bodies.csv").open(encoding="utf-8") as fh:
        body = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    keep = set(list(body)[:bodies])
    with (folder / f"{split}_stances.csv").open(encoding="utf-8") as fh:
        return [(r["Headline"], body[r["Body ID"]], r["Stance"]) for r in csv.DictReader(fh)
                if r["Body ID"] in keep]


def test_agreement_trains_on_fnc_and_separates_related_from_unrelated(benchmarks_dir: Path,
                                                              featurizer: Featurizer,
                                                              tmp_path: Path) -> None:
    folder = benchmarks_dir / "fnc1"
    if not (folder / "train_stances.csv").exists():
        pytest.skip("FNC-1 is missing from ../shared/benchmarks")
    train, test = _fnc_slice(folder, "train", 30), _fnc_slice(folder, "competition_test", 15)
    model = AgreementModel.train(featurizer([(h, b) for h, b, _ in train]), [s for *_, s in train],
                                 max_iter=80)
    x_test = featurizer([(h, b) for h, b, _ in test])
    pred = [model.labels[i] for i in model.proba(x_test).argmax(axis=1)]
    gold = [s for *_, s in test]
    # related vs unrelated (the easy half of FNC-1), balanced: the majority class scores 50
    hits = {True: [], False: []}
    for g, p in zip(gold, pred, strict=True):
        hits[g == "unrelated"].append((g == "unrelated") == (p == "unrelated"))
    assert hits[True] and hits[False]
    assert (np.mean(hits[True]) + np.mean(hits[False])) / 2 > 0.85
    model.save(tmp_path / "m.npz")
    again = AgreementModel.from_file(tmp_path / "m.npz")
    assert np.allclose(again.proba(x_test), model.proba(x_test))


@pytest.mark.skipif(not shipped_path().exists(), reason="the agreement model is not built")
def test_agreement_shipped_model_scores_pairs() -> None:
    model = AgreementModel.load()
    assert model is AgreementModel.load()  # cached per process
    p = model.score([(WIRE, WIRE), (DAM, OTHER), (NOT_DAM, DAM), (SPUN, WIRE)])
    assert p.shape == (4, len(LABELS)) and np.allclose(p.sum(axis=1), 1)
    agree, disagree, unrelated = (LABELS.index(k) for k in ("agree", "disagree", "unrelated"))
    assert p[0].argmax() == agree
    assert p[1].argmax() == unrelated
    assert p[2, disagree] > p[0, disagree] + 0.2  # the negated sentence contradicts
    assert p[3, disagree] > p[0, disagree] + 0.2  # 3,200 vs 2,300 people
    assert model.score([]).shape == (0, 3)


@pytest.mark.skipif(not shipped_path().exists(), reason="the agreement model is not built")
def test_agreement_flags_aligned_claims_no_rule_separates() -> None:
    """run.py asks the model about aligned claims the rules pass: "backed" vs "has not
    approved" shares no verb for the polarity rule; a restatement is left alone."""
    from newsdesk.crosscheck.run import crosscheck_statements
    from newsdesk.crosscheck.statements import Statement

    def statement(article: str, text: str, predicate: str, negated: bool = False) -> Statement:
        return Statement(article, article, 0, text, claims=[{"predicate": predicate, "negated": negated}])

    backed = statement("a", "Lumera's board has backed the offer, the companies said.", "has backed")
    refused = statement("b", "Lumera's board has not approved the offer, according to two people "
                             "with knowledge of the discussions.", "has not approved", negated=True)
    same = statement("c", "The board of Lumera has backed the offer, the two companies said.", "has backed")
    found = crosscheck_statements("s", [backed, refused, same])
    other = [f for f in found if f.kind == "discrepancy" and f.type == "other"]
    assert any(f.articles == ["a", "b"] for f in other)
    assert all("b" in f.articles for f in other)  # never between the two restatements
    assert all(0 < f.confidence <= 0.6 for f in other)


def _predict_in_worker(features: np.ndarray) -> np.ndarray:
    return AgreementModel.load().proba(features)


@pytest.mark.skipif(not shipped_path().exists(), reason="the agreement model is not built")
def test_shipped_model_predicts_in_a_worker_forked_after_a_prediction() -> None:
    # The engine forks its workers from a process that may have predicted already (when
    # scikit-learn predicted, GNU OpenMP's thread pool did not survive the fork and a
    # worker's prediction waited forever; the trees are walked in numpy now).
    import multiprocessing

    model = AgreementModel.load()
    features = np.random.default_rng(0).random((400, len(FEATURE_NAMES)))
    here = model.proba(features)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        there = pool.apply_async(_predict_in_worker, (features,)).get(timeout=120)
    assert np.allclose(here, there)
