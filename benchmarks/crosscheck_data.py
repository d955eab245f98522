"""Data loaders for benchmarks/crosscheck.py (read in place from ../shared/benchmarks) and a
disk cache for MiniLM vectors, so a second run does not embed FNC-1's bodies again."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
CACHE = Path(os.environ.get("NEWSDESK_BENCH_CACHE", Path(tempfile.gettempdir()) / "newsdesk-bench-cache"))

csv.field_size_limit(10**8)


class CachedEmbed:
    """get_embedder().embed with vectors kept on disk by text hash."""

    def __init__(self, name: str) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        self.path = CACHE / f"{name}.npz"
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


def load_fnc(split: str) -> list[tuple[str, str, str]] | None:
    """(headline, body, stance) rows of FNC-1's "train" or "competition_test" split."""
    folder = DATA / "fnc1"
    stances, bodies = folder / f"{split}_stances.csv", folder / f"{split}_bodies.csv"
    if not stances.exists() or not bodies.exists():
        return None
    with bodies.open(encoding="utf-8") as fh:
        body = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with stances.open(encoding="utf-8") as fh:
        return [(row["Headline"], body[row["Body ID"]], row["Stance"]) for row in csv.DictReader(fh)]


def load_summedits() -> list[dict[str, Any]] | None:
    path = DATA / "summedits" / "summedits_news.json"
    if not path.exists():
        return None
    return list(json.loads(path.read_text("utf-8")))


LLMFAKE_VARIANTS = ("Total_Fabrication", "Outdated_Information", "False_Context", "Incomplete_Fact",
                    "Unsubstantiated_Content", "Description_Ambiguity")


def load_llmfake(kind: str) -> list[tuple[str, str]] | None:
    """(original, rewrite) pairs of one PolitiFact generation kind, where the two differ."""
    name = (f"information_manipulation_{kind}" if kind in LLMFAKE_VARIANTS else kind)
    path = DATA / "llmfake" / "politifact" / f"synthetic-gpt-3.5-turbo_politifact_{name}_processed.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        rows = [(r["news_text"].strip(), r["synthetic_misinformation"].strip()) for r in csv.DictReader(fh)]
    return [(a, b) for a, b in rows if a and b and a != b]


def load_mrpc(limit: int | None = None, split: str = "test") -> list[tuple[str, str, int]] | None:
    folder = DATA / "mrpc"
    files = sorted(folder.glob(f"*_{split}.txt")) if folder.is_dir() else []
    for path in files:
        with path.open(encoding="utf-8-sig") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)
            rows = [(r[3], r[4], int(r[0])) for r in reader if len(r) >= 5 and r[0] in ("0", "1")]
        if rows:
            return rows[:limit] if limit else rows
    return None
