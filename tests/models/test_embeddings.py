"""MiniLM: vectors do not depend on how texts are batched; the float computation runs
small batches (fewer padding tokens), the int8 one a text per call (issue 16)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from newsdesk.models import embeddings
from newsdesk.models.embeddings import BATCH_SIZE, FLOAT_MODEL_NAME, MODEL_NAME, Embedder, get_embedder

# Generated sentences of very different lengths, as a report's sentences are.
_TEXTS = [("The council met on Tuesday. " * (k % 7 + 1)) + f"Item {k} was discussed at length."
          for k in range(40)] + ["Short.", "", "Rain fell in the north of the region overnight."]


@pytest.fixture(scope="module")
def float_model() -> Embedder:
    return Embedder(quantized=False)


@pytest.mark.parametrize("quantized", [True, False])
def test_vectors_do_not_depend_on_batching(quantized: bool, float_model: Embedder) -> None:
    model = get_embedder() if quantized else float_model
    alone = np.vstack([model._compute([t], 1) for t in _TEXTS])
    for size in (4, BATCH_SIZE, 64):
        assert np.array_equal(model._compute(_TEXTS, size), alone)


def test_int8_model_is_the_default_and_close_to_the_float_one(float_model: Embedder) -> None:
    model = get_embedder()
    assert (model.name, float_model.name) == (MODEL_NAME, FLOAT_MODEL_NAME) and MODEL_NAME != FLOAT_MODEL_NAME
    texts = [t for t in _TEXTS if t]
    a, b = model._compute(texts, BATCH_SIZE), float_model._compute(texts, BATCH_SIZE)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() > 0.95 and cosines.mean() > 0.98
    assert not np.array_equal(a, b)  # it is another computation, named apart
    # What the vectors are for survives: the similarity of two texts moves little.
    assert float(np.abs(a @ a.T - b @ b.T).mean()) < 0.02


def test_int8_model_embeds_one_text_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its activations are quantized over a whole call: one text per call keeps a text's
    # vector independent of its neighbours.
    model = get_embedder()
    sizes: list[int] = []
    real = model._embed_encoded

    def counting(encodings: list[Any]) -> np.ndarray:
        sizes.append(len(encodings))
        return real(encodings)

    monkeypatch.setattr(model, "_embed_encoded", counting)
    model._compute(_TEXTS, BATCH_SIZE)
    assert sizes == [1] * len(_TEXTS)


def test_embed_runs_small_batches(monkeypatch: pytest.MonkeyPatch, float_model: Embedder) -> None:
    model = float_model
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


def test_batches_are_padded_to_texts_of_similar_token_counts(monkeypatch: pytest.MonkeyPatch,
                                                              float_model: Embedder) -> None:
    # Texts whose character and token lengths disagree: figures and symbols are a token
    # per character or two, long common words a token each.
    dense = [" ".join(f"{k}.{k + 1}%" for k in range(n)) for n in range(2, 34, 2)]
    sparse = [" ".join(["international", "considerations"] * n) for n in range(4, 36, 2)]
    texts = [t for pair in zip(dense, sparse, strict=True) for t in pair]
    model = float_model
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
