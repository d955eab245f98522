"""MiniLM sentence vectors kept on disk by text hash, shared by the benchmarks: a second
run (or the training script after a benchmark) embeds nothing again."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np


class CachedEmbed:
    """``get_embedder().embed`` with vectors stored in ``folder/name-<model>.npz``: the
    model's name is in the file name, so vectors of another computation (the float MiniLM,
    ``NEWSDESK_MINILM=float``) are never read for this one."""

    def __init__(self, name: str, folder: Path) -> None:
        from newsdesk.models import get_embedder

        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{name}-{get_embedder().name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as data:
                self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        self.dirty = False

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def __call__(self, texts: list[str]) -> np.ndarray:
        from newsdesk.models import get_embedder

        keys = [self._key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.vectors))
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            new = get_embedder().embed([text_of[k] for k in missing])
            self.vectors.update(zip(missing, new, strict=True))
            self.dirty = True
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def save(self) -> None:
        if self.dirty:
            keys = list(self.vectors)
            np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
            self.dirty = False
