"""Data loaders for benchmarks/crosscheck.py (read in place from ../shared/benchmarks) and a
disk cache for MiniLM vectors, so a second run does not embed FNC-1's bodies again."""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from embed_cache import CachedEmbed as _SharedCache

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
CACHE = Path(os.environ.get("NEWSDESK_BENCH_CACHE", Path(tempfile.gettempdir()) / "newsdesk-bench-cache"))

csv.field_size_limit(10**8)


class CachedEmbed(_SharedCache):
    """get_embedder().embed with vectors kept on disk by text hash (under CACHE)."""

    def __init__(self, name: str) -> None:
        super().__init__(name, CACHE)


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
