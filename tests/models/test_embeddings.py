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


def test_batches_are_padded_to_texts_of_similar_token_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Texts whose character and token lengths disagree: figures and symbols are a token
    # per character or two, long common words a token each.
    dense = [" ".join(f"{k}.{k + 1}%" for k in range(n)) for n in range(2, 34, 2)]
    sparse = [" ".join(["international", "considerations"] * n) for n in range(4, 36, 2)]
    texts = [t for pair in zip(dense, sparse, strict=True) for t in pair]
    model = get_embedder()
    lengths = sorted(len(model.tokenizer.encode(t).ids) for t in texts)
    fewest = sum(max(lengths[s:s + BATCH_SIZE]) * len(lengths[s:s + BATCH_SIZE])
                 for s in range(0, len(lengths), BATCH_SIZE))
    computed: list[int] = []
    real = model.session.run

    def counting(names: Any, feeds: dict[str, np.ndarray]) -> Any:
        computed.append(feeds["input_ids"].size)
        return real(names, feeds)

    monkeypatch.setattr(model.session, "run", counting)
    out = model._compute(texts, BATCH_SIZE)
    assert sum(computed) == fewest
    monkeypatch.setattr(model.session, "run", real)
    assert np.array_equal(out, np.vstack([model._compute([t], 1) for t in texts]))
