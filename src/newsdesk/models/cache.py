"""Embed each text once: vectors by (model, text), in memory and in the store.

Copies, stories and the cross-check embed many of the same sentences (a copy candidate's
sentences are a story's statements), and a story checked again after it grew used to
embed all its members' sentences again. With a cache active (``vector_cache(store)``,
which ``analyze`` opens), an embedder looks every text up first and embeds only the
texts it has never seen; new vectors are written to the store's ``sentence_vectors``
table when the cache is flushed (after each stage, and every ``FLUSH_EVERY`` vectors),
so the next run, in another process, finds them too.

A vector is a pure function of the model and the text, so a cached vector is never stale;
the key holds the model name, so another model never reads this one's vectors. Memory is
bounded: past ``max_memory`` vectors the in-memory part starts again (the store keeps them).
Without an active cache (a worker process of the Ray engine, a library call) an embedder
embeds as before.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from newsdesk.store import Store

FLUSH_EVERY = 20_000  # ~30 MB of float32 vectors waiting for the store


def text_key(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=16).hexdigest()


class VectorCache:
    """Text vectors of one or more models; ``store`` (optional) keeps them across runs."""

    def __init__(self, store: Store | None = None, max_memory: int = 30_000) -> None:
        self.store = store
        self.max_memory = max_memory
        self.memory: dict[str, np.ndarray] = {}
        self.pending: dict[str, np.ndarray] = {}
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def embed(self, model: str, dim: int, texts: list[str],
              compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Vectors of ``texts`` (in order): cached ones looked up, the rest from ``compute``
        (each distinct unseen text once)."""
        keys = [text_key(model, t) for t in texts]
        with self._lock:
            found = {k: self.memory[k] for k in keys if k in self.memory}
        absent = list(dict.fromkeys(k for k in keys if k not in found))
        if absent and self.store is not None:
            for k, data in self.store.get_sentence_vectors(absent).items():
                vector = np.frombuffer(data, dtype=np.float32)
                if vector.shape == (dim,):
                    found[k] = vector
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if todo:
            vectors = compute(todo)
            for text, vector in zip(todo, vectors, strict=True):
                key = text_key(model, text)
                found[key] = vector
                with self._lock:
                    self.pending[key] = vector
        with self._lock:
            self.hits += len(texts) - len(todo)
            self.misses += len(todo)
            if len(self.memory) + len(found) > self.max_memory:
                self.memory.clear()
            self.memory.update(found)
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def flush(self) -> None:
        """Write the vectors computed since the last flush to the store."""
        with self._lock:
            rows = [(k, v.astype(np.float32).tobytes()) for k, v in self.pending.items()]
            self.pending.clear()
        if rows and self.store is not None:
            with self.store.transaction() as tx:
                for start in range(0, len(rows), 1000):
                    tx.put_sentence_vectors(rows[start:start + 1000])


_active: VectorCache | None = None


def active_cache() -> VectorCache | None:
    return _active


@contextmanager
def vector_cache(store: Store | None = None) -> Iterator[VectorCache]:
    """Make a cache active for this process's embedders; flush it on the way out."""
    global _active
    previous, cache = _active, VectorCache(store)
    _active = cache
    try:
        yield cache
    finally:
        _active = previous
        cache.flush()
