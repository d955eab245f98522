"""Gradient-boosted trees predicted from their arrays: the estimator's probabilities, exactly."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.crosscheck.trees import BoostedTrees


@pytest.fixture(scope="module")
def fitted() -> tuple[object, np.ndarray]:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(7)
    x = rng.normal(size=(900, 6))
    x[rng.random(x.shape) < 0.08] = np.nan  # missing values learn a side at each split
    y = (np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) ** 2 > 0.8).astype(int) + (x[:, 2] > 1)
    clf = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=12, random_state=0).fit(x, y)
    test = rng.normal(size=(500, 6)) * 2
    test[rng.random(test.shape) < 0.1] = np.nan
    return clf, test


def test_trees_give_the_estimators_probabilities_to_the_last_bit(fitted: tuple[object, np.ndarray]) -> None:
    clf, test = fitted
    trees = BoostedTrees.from_sklearn(clf)
    assert trees.roots.shape == (40, 3)
    assert np.array_equal(trees.proba(test), clf.predict_proba(test))  # type: ignore[attr-defined]
    assert np.array_equal(trees.proba(test[:1]), clf.predict_proba(test[:1]))  # type: ignore[attr-defined]


def test_trees_survive_their_file_with_the_metadata(fitted: tuple[object, np.ndarray]) -> None:
    clf, test = fitted
    trees = BoostedTrees.from_sklearn(clf)
    again, meta = BoostedTrees.from_bytes(trees.to_bytes({"labels": ["a", "b", "c"]}))
    assert meta == {"labels": ["a", "b", "c"]}
    assert np.array_equal(again.proba(test), trees.proba(test))


def test_trees_refuse_categorical_splits() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = np.c_[rng.integers(0, 4, 300), rng.normal(size=300)]
    y = (x[:, 0] == 2).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0]).fit(x, y)
    with pytest.raises(ValueError, match="categorical"):
        BoostedTrees.from_sklearn(clf)
