"""The multilingual embedder: a translation lands near its original, unrelated news far."""

import numpy as np

from newsdesk.models.multilingual import DIM, get_multilingual_embedder


def test_multilingual_translation_is_nearer_than_unrelated_news() -> None:
    vectors = get_multilingual_embedder().embed([
        "The harbour ferry ran aground near the lighthouse on Tuesday morning.",
        "Die Hafenfähre lief am Dienstagmorgen in der Nähe des Leuchtturms auf Grund.",
        "The central bank kept interest rates unchanged for a third month.",
    ])
    assert vectors.shape == (3, DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    translation, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert translation > 0.85
    assert translation - unrelated > 0.08


def test_multilingual_empty_input_gives_no_rows() -> None:
    assert get_multilingual_embedder().embed([]).shape == (0, DIM)
