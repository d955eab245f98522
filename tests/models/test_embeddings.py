"""MiniLM batching: vectors do not depend on how texts are batched, and batches are small
(fewer padding tokens: issue 16)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from newsdesk.models import embeddings
from newsdesk.models.embeddings import BATCH_SIZE, get_embedder

# Generated sentences of very different lengths, as a report's sentences are.
_TEXTS = [("The council met on Tuesday. " * (k % 7 + 1)) + f"Item {k} was discussed at length."
          for k in range(40)] + ["Short.", "", "Rain fell in the north of the region overnight."]


def test_vectors_do_not_depend_on_batching() -> None:
    model = get_embedder()
    alone = np.vstack([model._compute([t], 1) for t in _TEXTS])
    for size in (4, BATCH_SIZE, 64):
        assert np.array_equal(model._compute(_TEXTS, size), alone)


def test_embed_runs_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    model = get_embedder()
    sizes: list[int] = []
    real = model._embed_encoded

    def counting(encodings: list[Any]) -> np.ndarray:
        sizes.append(len(encodings))
        return real(encodings)

    monkeypatch.setattr(model, "_embed_encoded", counting)
    monkeypatch.setattr(embeddings, "active_cache", lambda: None)
    out = model.embed(_TEXTS)
    assert out.shape == (len(_TEXTS), embeddings.DIM)
    assert sum(sizes) == len(_TEXTS) and max(sizes) <= BATCH_SIZE == 16
