"""Copy-pair evaluation data for benchmarks/copies.py and benchmarks/copies_train.py.

Positives are (original, LLM rewrite) pairs: SheepDog restyled (test file) and reframed
(train file) PolitiFact articles, LLMFake paraphrase and rewrite generations. Negatives
are the hard case, independent reports of ONE event by different outlets (ECB+ documents
of one sub-topic, NewsWCL50 and BASIL events, the seeds), and easy ones (two different
stories). Everything is read in place from ../shared/benchmarks.

The split is fixed: the SheepDog train file, and the LLMFake items / ECB+ topics /
NewsWCL50 and BASIL events whose id hashes to an odd number, form the tuning part; the
SheepDog test file and the even-hashed rest are held out (the numbers reported).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from embed_cache import CachedEmbed as _SharedCache

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks"
SEEDS = ROOT.parent / "shared" / "seeds"
CACHE = Path(os.environ.get("NEWSDESK_BENCH_CACHE",
                            Path.home() / ".cache" / "newsdesk" / "bench-copies"))
csv.field_size_limit(1 << 30)

POSITIVE_KINDS = ("SheepDog restyled", "LLMFake paraphrase", "LLMFake rewrite")
SAME_EVENT_KINDS = ("ECB+ same sub-topic", "NewsWCL50 same event", "BASIL same event",
                    "seeds")
EASY_KIND = "different stories"


@dataclass(slots=True)
class Pair:
    kind: str
    group: str  # the item / event the pair belongs to (the split is by group)
    a: str  # the copy (or the later report)
    b: str  # the original (or the other report)
    label: bool  # True: a copy pair
    held_out: bool


def held_out(group: str) -> bool:
    """Deterministic half of the groups, by hash (even = held out)."""
    return int(hashlib.sha1(group.encode()).hexdigest()[:8], 16) % 2 == 0


def _sheepdog(test: bool, cap: int | None) -> list[Pair]:
    name = ("test_original_vs_llm_restyled.jsonl" if test
            else "train_original_vs_llm_reframings.jsonl")
    path = BENCH / "sheepdog_politifact_restyled" / name
    if not path.exists():
        return []
    styles = (["adv_A", "adv_C"] if test  # A = B and C = D for half the items
              else ["neutral", "objective", "emotionally_triggering", "sensational"])
    pairs = []
    for line in itertools.islice(path.open(encoding="utf-8"), cap):
        item = json.loads(line)
        seen = {item["original"].strip()}
        for style in styles:
            text = item.get(style) or ""
            if isinstance(text, str) and text.strip() and text.strip() not in seen:
                seen.add(text.strip())
                pairs.append(Pair("SheepDog restyled", f"sheepdog-{int(test)}-{item['idx']}",
                                  text, item["original"], True, test))
    return pairs


def _llmfake(cap: int | None, sources: list[str]) -> list[Pair]:
    pairs = []
    for kind in ("paraphrase", "rewrite"):
        for source in sources:
            path = (BENCH / "llmfake" / source
                    / f"synthetic-gpt-3.5-turbo_{source}_{kind}_generation_processed.csv")
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as f:
                rows = [r for r in csv.DictReader(f) if r["synthetic_misinformation"].strip()
                        and r["synthetic_misinformation"].strip() != r["news_text"].strip()]
            for r in rows[:cap]:
                # the item (not the kind) is the group: an original never sits on both sides
                group = f"llmfake-{source}-{r['news_id']}"
                pairs.append(Pair(f"LLMFake {kind}", group, r["synthetic_misinformation"],
                                  r["news_text"], True, held_out(group)))
    return pairs


def _events(cap_per_event: int, quick: bool) -> list[Pair]:
    """Pairs of different documents of one event (ECB+ sub-topic, NewsWCL50, BASIL)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from stories_data import load_basil, load_ecbplus, load_newswcl50

    sets = [("ECB+ same sub-topic", lambda: load_ecbplus(BENCH), lambda d: d.topic),
            ("NewsWCL50 same event", lambda: load_newswcl50(BENCH), lambda d: d.topic)]
    if not quick:
        sets.append(("BASIL same event", lambda: load_basil(BENCH), lambda d: d.topic))
    rng = random.Random(3)
    pairs = []
    for kind, load, split_key in sets:
        folder = {"ECB+": "ecbplus", "NewsWCL50": "newswcl50", "BASIL": "basil"}[kind.split()[0]]
        if not (BENCH / folder).exists():
            continue
        by_event: dict[str, list] = {}
        for doc in load():
            by_event.setdefault(doc.subtopic, []).append(doc)
        for _event, docs in sorted(by_event.items()):
            combos = list(itertools.combinations(docs, 2))
            rng.shuffle(combos)
            group = f"{kind.split()[0]}-{split_key(docs[0])}"  # ECB+: by topic, both events
            for x, y in combos[:cap_per_event]:
                pairs.append(Pair(kind, group, x.text, y.text, False, held_out(group)))
    return pairs


def _seeds() -> list[Pair]:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 2:
        return []
    # the seeds are a test case of their own: always in the held-out part
    return [Pair("seeds", "seeds", files[0].read_text("utf-8"), files[1].read_text("utf-8"),
                 False, True)]


def _easy(pairs: list[Pair], per_split: int) -> list[Pair]:
    """Different stories: a rewrite against another item's original, same split."""
    rng = random.Random(5)
    out = []
    for split in (False, True):
        pos = [p for p in pairs if p.label and p.held_out == split]
        for _ in range(min(per_split, len(pos))):
            x, y = rng.sample(pos, 2)
            if x.group != y.group:
                out.append(Pair(EASY_KIND, f"{x.group}|{y.group}", x.a, y.b, False, split))
    return out


def load_pairs(quick: bool = False) -> list[Pair]:
    """All evaluation pairs (both parts); ``quick``: smaller caps for a fast check."""
    # quick: the items benchmarks/copies.py --quick embeds anyway (the cache shares them)
    pairs = _sheepdog(True, 12 if quick else None)
    pairs += _sheepdog(False, 0 if quick else 120)
    pairs += _llmfake(25 if quick else 150,
                      ["politifact"] if quick else ["politifact", "gossipcop", "coaid"])
    pairs += _events(2 if quick else 40, quick)
    pairs += _seeds()
    pairs += _easy(pairs, 40 if quick else 300)
    return pairs


class CachedEmbed(_SharedCache):
    """Sentence vectors of the copy-pair benchmark, cached under CACHE, so a second run
    (or the training script after the benchmark) embeds nothing again."""

    def __init__(self, name: str = "sentences") -> None:
        super().__init__(name, CACHE)
