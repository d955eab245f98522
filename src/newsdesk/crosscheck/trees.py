"""Gradient-boosted trees as flat numpy arrays: the shipped agreement model's predictor.

scikit-learn trains the model (``agreement.AgreementModel.train``); predicting with it
needs only the trees. Importing scikit-learn and unpickling its estimator cost ~1.3
CPU-seconds in every process that checks a story with the model — more than the
predictions of a whole run — so the fitted trees are exported once to arrays (every
tree's nodes concatenated) and walked here, all samples and trees together, one level
per step. The arithmetic is scikit-learn's, in its order: each tree's leaf value added
to the baseline iteration after iteration, then its softmax, so the probabilities are
the estimator's (tested equal to the last bit).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

_ARRAYS = ("feature", "threshold", "missing_left", "left", "right", "leaf", "value", "roots",
           "baseline")


@dataclass(frozen=True)
class BoostedTrees:
    """Every tree's nodes, concatenated; child indices are absolute."""

    feature: np.ndarray  # (nodes,) int64: the feature a split reads
    threshold: np.ndarray  # (nodes,) float64: go left when the value is <= it
    missing_left: np.ndarray  # (nodes,) bool: where a missing (NaN) value goes
    left: np.ndarray  # (nodes,) int64
    right: np.ndarray  # (nodes,) int64
    leaf: np.ndarray  # (nodes,) bool
    value: np.ndarray  # (nodes,) float64: a leaf's contribution to the raw score
    roots: np.ndarray  # (iterations, classes) int64: the root of each tree
    baseline: np.ndarray  # (classes,) float64: the raw score before any tree

    @classmethod
    def from_sklearn(cls, estimator: Any) -> BoostedTrees:
        """The trees of a fitted ``HistGradientBoostingClassifier`` (numeric features)."""
        parts, roots, at = [], [], 0
        for iteration in estimator._predictors:
            row = []
            for predictor in iteration:
                nodes = predictor.nodes
                if nodes["is_categorical"].any():
                    raise ValueError("categorical splits are not supported")
                parts.append(nodes)
                row.append(at)
                at += len(nodes)
            roots.append(row)
        nodes = np.concatenate(parts)
        offsets = np.repeat(np.array([r for row in roots for r in row], dtype=np.int64),
                            [len(p) for p in parts])
        return cls(feature=nodes["feature_idx"].astype(np.int64),
                   threshold=nodes["num_threshold"].astype(np.float64),
                   missing_left=nodes["missing_go_to_left"].astype(bool),
                   left=nodes["left"].astype(np.int64) + offsets,
                   right=nodes["right"].astype(np.int64) + offsets,
                   leaf=nodes["is_leaf"].astype(bool),
                   value=nodes["value"].astype(np.float64),
                   roots=np.array(roots, dtype=np.int64),
                   baseline=np.asarray(estimator._baseline_prediction, dtype=np.float64).ravel())

    def raw(self, features: np.ndarray) -> np.ndarray:
        """(n, classes) raw scores: the baseline plus every tree's leaf, in tree order."""
        x = np.asarray(features, dtype=np.float64)
        n, trees = len(x), self.roots.size
        node = np.tile(self.roots.ravel(), n)  # (sample, tree) flattened, sample-major
        row = np.repeat(np.arange(n), trees)
        walking = np.flatnonzero(~self.leaf[node])
        while len(walking):  # one level of every unfinished walk per step
            at = node[walking]
            value = x[row[walking], self.feature[at]]
            go_left = np.where(np.isnan(value), self.missing_left[at], value <= self.threshold[at])
            at = np.where(go_left, self.left[at], self.right[at])
            node[walking] = at
            walking = walking[~self.leaf[at]]
        leaves = self.value[node].reshape(n, *self.roots.shape)
        out = np.empty((n, len(self.baseline)), dtype=np.float64)
        out[:] = self.baseline
        for iteration in range(self.roots.shape[0]):  # scikit-learn's order of additions
            out += leaves[:, iteration, :]
        return out

    def proba(self, features: np.ndarray) -> np.ndarray:
        """(n, classes) probabilities: the softmax of the raw scores."""
        raw = self.raw(features)
        raw -= raw.max(axis=1).reshape(-1, 1)
        np.exp(raw, out=raw)
        raw /= raw.sum(axis=1).reshape(-1, 1)
        return raw

    def to_bytes(self, meta: dict[str, Any]) -> bytes:
        """The arrays and ``meta`` (JSON-ready) as one compressed ``.npz``."""
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.array(json.dumps(meta, sort_keys=True)),
                            **{name: getattr(self, name) for name in _ARRAYS})
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> tuple[BoostedTrees, dict[str, Any]]:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(str(npz["meta"]))
            return cls(**{name: npz[name] for name in _ARRAYS}), meta
