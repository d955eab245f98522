"""The vector cache: each text embedded once, across calls, stages and runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsdesk.models.cache import VectorCache, active_cache, text_key, vector_cache
from newsdesk.store import open_store


class _Counting:
    """A fake model: a text's vector is its length and word count, and every call is counted."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), len(t.split()), 1.0] for t in texts], dtype=np.float32)


def test_cache_embeds_each_text_once_and_keeps_the_order() -> None:
    model, cache = _Counting(), VectorCache()
    first = cache.embed("m", 3, ["a b", "ccc", "a b"], model)
    second = cache.embed("m", 3, ["ccc", "dd d e", "a b"], model)
    assert model.seen == ["a b", "ccc", "dd d e"]
    assert first.tolist() == [[3, 2, 1], [3, 1, 1], [3, 2, 1]]
    assert second.tolist() == [[3, 1, 1], [6, 3, 1], [3, 2, 1]]
    assert (cache.hits, cache.misses) == (3, 3)


def test_cache_keys_by_model() -> None:
    model, cache = _Counting(), VectorCache()
    cache.embed("m1", 3, ["same text"], model)
    cache.embed("m2", 3, ["same text"], model)
    assert model.seen == ["same text", "same text"]
    assert text_key("m1", "x") != text_key("m2", "x")


def test_cache_store_keeps_vectors_for_the_next_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    model = _Counting()
    with open_store(url) as store, vector_cache(store) as cache:
        assert active_cache() is cache
        cache.embed("m", 3, ["one two", "three"], model)
    assert active_cache() is None
    with open_store(url) as store, vector_cache(store) as cache:  # a new process's cache
        again = cache.embed("m", 3, ["three", "one two", "four"], model)
    assert model.seen == ["one two", "three", "four"]
    assert again.tolist() == [[5, 1, 1], [7, 2, 1], [4, 1, 1]]


def test_cache_memory_is_bounded() -> None:
    model, cache = _Counting(), VectorCache(max_memory=4)
    for n in range(10):
        cache.embed("m", 3, [f"text {n}", f"other {n}"], model)
        assert len(cache.memory) <= 4
    # Without a store, a text that left memory is embedded again; the result is the same.
    assert cache.embed("m", 3, ["text 0"], model).tolist() == [[6, 2, 1]]


def test_cache_embedder_vectors_equal_uncached(tmp_path: Path) -> None:
    from newsdesk.models import get_embedder

    texts = ["The mayor opened the new bridge on Monday.", "Rain is expected later.",
             "The mayor opened the new bridge on Monday."]
    plain = get_embedder().embed(texts)
    with open_store(f"sqlite:///{tmp_path / 'e.db'}") as store, vector_cache(store):
        cached = get_embedder().embed(texts)
        again = get_embedder().embed(texts[::-1])
    assert np.allclose(plain, cached, atol=1e-6) and np.allclose(again, cached[::-1], atol=1e-6)
