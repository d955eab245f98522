"""Story clustering benchmark: B³ and ARI on ECB+, NewsWCL50, BASIL, MEANTIME, realnews.

    .venv/bin/python benchmarks/stories.py [--quick] [--fit]

Prints, per data set, B³ precision / recall / F1 and the adjusted Rand index at
sub-topic (event) level with the story threshold and at topic level with the coarser
topic threshold; the spread of sub-topic B³ F1 over 5 arrival orders; and speed
(articles/s to build the representation, and to cluster annotated articles).
realnews (../shared/benchmarks/realnews: real coverage of two developing stories with
clutter, excerpts and other languages) is clustered without copy detection, so its rows
differ a little from realnews_eval.py's events line. ECB+ train topics (1-35 minus the
dev topics) are for tuning; dev topics 2, 5, 12, 18,
21, 23, 34, 35 are reported apart. ``--fit`` refits the pair model and thresholds on
ECB+ train and prints them (copy them into newsdesk/stories by hand if they are better).
Features are cached under ~/.cache/newsdesk/bench-stories ($NEWSDESK_BENCH_CACHE) so a
second run is fast.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsdesk.stories.cluster import (
    DEFAULT_THRESHOLD,
    SPLIT_RATIO,
    TOPIC_THRESHOLD,
    StoryClusterer,
)
from newsdesk.stories.features import ArticleFeatures, build_features
from newsdesk.stories.kinds import FEATURES_VERSION
from newsdesk.stories.similarity import DEFAULT_MODEL, TOPIC_MODEL, PairModel
from stories_data import (
    ECB_DEV_TOPICS,
    Doc,
    load_basil,
    load_ecbplus,
    load_meantime,
    load_newswcl50,
    load_realnews,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks"
CACHE = Path(os.environ.get("NEWSDESK_BENCH_CACHE",
                           Path.home() / ".cache" / "newsdesk" / "bench-stories"))
BATCH = 16
ORDERS = 5


# -- metrics -------------------------------------------------------------------------


def bcubed(pred: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of a clustering against gold labels."""
    by_pred: dict[object, set[int]] = defaultdict(set)
    by_gold: dict[object, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(pred, gold, strict=True):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = len(pred)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall)


# -- features (cached) ---------------------------------------------------------------


def features_for(name: str, docs: list[Doc]) -> list[ArticleFeatures]:
    """Features of ``docs``, cached per data set by document id and features version."""
    path = CACHE / f"{name}-v{FEATURES_VERSION}.pkl"
    cached: dict[str, ArticleFeatures] = pickle.loads(path.read_bytes()) if path.exists() else {}
    missing = [d for d in docs if d.id not in cached]
    for start in range(0, len(missing), 64):
        batch = missing[start : start + 64]
        cached.update(zip([d.id for d in batch],
                          build_features([d.article() for d in batch], all_xleads=True),
                          strict=True))
    if missing:
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(cached))
    return [cached[d.id] for d in docs]


# -- clustering runs -----------------------------------------------------------------


def cluster(feats: Sequence[ArticleFeatures], order: Sequence[int], threshold: float,
            model: PairModel = DEFAULT_MODEL) -> list[int]:
    """Feed articles in ``order`` in batches; return each article's story label (topics
    with TOPIC_MODEL: no split of a story on its own words there)."""
    clusterer = StoryClusterer(model=model, threshold=threshold,
                               split=None if model is TOPIC_MODEL else SPLIT_RATIO)
    for start in range(0, len(order), BATCH):
        clusterer.add([feats[i] for i in order[start : start + BATCH]])
    labels = [0] * len(feats)
    for pos, i in enumerate(order):
        labels[i] = int(clusterer.labels[pos])
    return labels


def arrival_order(docs: list[Doc], seed: int | None) -> list[int]:
    order = list(range(len(docs)))
    if seed is None:  # publication order when known, else file order
        order.sort(key=lambda i: docs[i].published or "")
    else:
        random.Random(seed).shuffle(order)
    return order


# -- fitting on ECB+ train -----------------------------------------------------------


def fit_model(feats: Sequence[ArticleFeatures], docs: list[Doc],
              level: str = "subtopic") -> PairModel:
    """Logistic regression on all train pairs: same sub-topic (event), or same topic."""
    from sklearn.linear_model import LogisticRegression

    from newsdesk.stories.similarity import FeatureIndex

    index = FeatureIndex()
    index.extend(list(feats))
    idx = np.arange(len(feats))
    signals = index.signals(idx, idx)
    upper = np.triu_indices(len(feats), k=1)
    x = signals[upper]
    sub = np.asarray([getattr(d, level) for d in docs])
    y = (sub[:, None] == sub[None, :])[upper]
    lr = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    w = tuple(round(float(v), 2) for v in lr.coef_[0])
    return PairModel(weights=w, bias=round(float(lr.intercept_[0]), 2))  # type: ignore[arg-type]


def tune_threshold(feats: Sequence[ArticleFeatures], gold: Sequence[str], model: PairModel,
                   grid: Sequence[float]) -> list[tuple[float, float]]:
    order = list(range(len(feats)))
    random.Random(0).shuffle(order)
    return [(t, bcubed(cluster(feats, order, t, model), gold)[2]) for t in grid]


# -- the report -----------------------------------------------------------------------


def datasets(quick: bool) -> list[tuple[str, list[Doc]]]:
    loaders: list[tuple[str, Callable[[], list[Doc]]]] = [
        ("ECB+ dev", lambda: load_ecbplus(DATA, ECB_DEV_TOPICS)),
        ("ECB+ train", lambda: load_ecbplus(DATA, frozenset(range(1, 36)) - ECB_DEV_TOPICS)),
        ("NewsWCL50", lambda: load_newswcl50(DATA)),
        ("BASIL", lambda: load_basil(DATA)),
        ("MEANTIME", lambda: load_meantime(DATA)),
        ("realnews baltimore", lambda: load_realnews(DATA, "baltimore")),
        ("realnews crowdstrike", lambda: load_realnews(DATA, "crowdstrike")),
    ]
    folders = {"ECB+ dev": "ecbplus", "ECB+ train": "ecbplus", "NewsWCL50": "newswcl50",
               "BASIL": "basil", "MEANTIME": "meantime_en",
               "realnews baltimore": "realnews/baltimore",
               "realnews crowdstrike": "realnews/crowdstrike"}
    out = []
    for name, load in loaders:
        if quick and name in ("ECB+ train", "BASIL"):
            print(f"--quick: {name} left out (the full run reports it)")
            continue
        if not (DATA / folders[name]).is_dir():
            print(f"skipped {name}: {DATA / folders[name]} is missing")
            continue
        out.append((name, load()))
    return out


def evaluate(name: str, docs: list[Doc], timing: dict[str, float]) -> list[list[str]]:
    """Scores averaged over ORDERS random arrival orders, their F1 spread, and the F1 in
    the data set's own order (publication order where dates exist, else file order,
    which for ECB+ is sorted by topic: easier than a real, interleaved stream)."""
    feats = features_for("-".join(name.split()[:2] if name.startswith("realnews")
                                  else name.split()[:1]).replace("+", "plus").lower(), docs)
    rows = []
    for level, threshold, model in (("sub-topic", DEFAULT_THRESHOLD, DEFAULT_MODEL),
                                    ("topic", TOPIC_THRESHOLD, TOPIC_MODEL)):
        gold = [d.subtopic if level == "sub-topic" else d.topic for d in docs]
        scores = []
        for seed in range(ORDERS):
            start = time.perf_counter()
            labels = cluster(feats, arrival_order(docs, seed), threshold, model)
            timing["seconds"] += time.perf_counter() - start
            timing["articles"] += len(docs)
            scores.append((*bcubed(labels, gold), adjusted_rand_score(gold, labels)))
        mean = np.mean(np.asarray(scores), axis=0)
        f1s = [s[2] for s in scores]
        own = bcubed(cluster(feats, arrival_order(docs, None), threshold, model), gold)[2]
        rows.append([name, str(len(docs)), level, *(f"{v:.3f}" for v in mean),
                     f"{max(f1s) - min(f1s):.3f}", f"{own:.3f}"])
    return rows


def storyline_check(name: str, docs: list[Doc]) -> str:
    """realnews: do the story's events (labels not starting with D) end in one storyline,
    and which distractors (D*) join it? Stories from one clustering in the data set's
    order, then storylines.build_storylines as analysis runs it."""
    from newsdesk.records import Story
    from newsdesk.storylines import build_storylines

    feats = features_for("-".join(name.split()[:2]).lower(), docs)
    labels = cluster(feats, arrival_order(docs, None), DEFAULT_THRESHOLD, DEFAULT_MODEL)
    members: dict[int, list[str]] = defaultdict(list)
    for doc, label in zip(docs, labels, strict=True):
        members[label].append(doc.id)
    stories = [Story(id=f"s{label}", title="", members=ids, independent_sources=len(ids))
               for label, ids in members.items()]
    lines = build_storylines(stories, {d.id: f for d, f in zip(docs, feats, strict=True)})
    event_of = {d.id: d.subtopic for d in docs}
    line_of = {aid: line.id for line in lines for sid in line.stories
               for aid in members[int(sid[1:])]}
    story_docs = [d.id for d in docs if not d.subtopic.startswith("D")]
    main = max(set(line_of[a] for a in story_docs),
               key=lambda lid: sum(1 for a in story_docs if line_of[a] == lid))
    inside = sum(1 for a in story_docs if line_of[a] == main)
    joined = sorted({event_of[a] for a, lid in line_of.items()
                     if lid == main and event_of[a].startswith("D")})
    return (f"{name}: {len(lines)} storylines; {inside}/{len(story_docs)} reports of the "
            f"story's events in its main storyline; distractor events in it: "
            f"{', '.join(joined) or 'none'}")


def representation_speed(docs: list[Doc], n: int = 32) -> tuple[float, float]:
    """Articles/s to build features from raw text, uncached: with the fallback NER, and
    with annotate's mentions already stored (embeddings only)."""
    sample = [d.article() for d in docs[:n]]
    build_features(sample[:2])  # load the models outside the timing
    start = time.perf_counter()
    build_features(sample)
    fallback = len(sample) / (time.perf_counter() - start)
    for item in sample:
        item.mentions = []  # as if annotate had run: no NER pass
    start = time.perf_counter()
    build_features(sample)
    return fallback, len(sample) / (time.perf_counter() - start)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def run_fit() -> None:
    docs = load_ecbplus(DATA, frozenset(range(1, 36)) - ECB_DEV_TOPICS)
    feats = features_for("ecbplus", docs)
    grid = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
    for level in ("subtopic", "topic"):
        model = fit_model(feats, docs, level)
        scores = tune_threshold(feats, [getattr(d, level) for d in docs], model, grid)
        best = max(scores, key=lambda x: x[1])
        print(f"{level}: {model}")
        print("  train B3 F1 by threshold: "
              + ", ".join(f"{t}: {f:.3f}" for t, f in scores) + f"  -> best {best[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="leave out ECB+ train and BASIL (< 3 minutes without caches)")
    parser.add_argument("--fit", action="store_true", help="refit on ECB+ train and print")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is missing (the public data sets live beside the checkout)")
        return
    if args.fit:
        run_fit()
        return
    timing = {"seconds": 0.0, "articles": 0.0}
    rows: list[list[str]] = []
    found = datasets(args.quick)
    for name, docs in found:
        rows.extend(evaluate(name, docs, timing))
    print_table(["data set", "docs", "level", "B3 P", "B3 R", "B3 F1", "ARI",
                 f"F1 spread ({ORDERS} orders)", "F1 data set order"], rows)
    print(f"B3 and ARI: means over {ORDERS} random arrival orders (batches of {BATCH}).")
    print("sub-topic: stories (DEFAULT_MODEL, DEFAULT_THRESHOLD) vs the gold events; topic: "
          "TOPIC_MODEL at TOPIC_THRESHOLD vs the gold topics.\nNewsWCL50, BASIL and MEANTIME "
          "have one label level (event, triplet, corpus), used for both rows; MEANTIME's are "
          "4 corpora of many events, so its sub-topic row is not an event-level score.")
    for name, docs in found:
        if name.startswith("realnews"):
            print(storyline_check(name, docs))
    fallback, annotated = representation_speed(found[0][1]) if found else (0.0, 0.0)
    cluster_rate = timing["articles"] / timing["seconds"] if timing["seconds"] else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nspeed: clustering annotated articles {cluster_rate:.0f} articles/s "
          f"(batches of {BATCH}); building the representation: {annotated:.1f} articles/s "
          f"with stored mentions (MiniLM only), {fallback:.1f} articles/s with the fallback "
          f"spaCy NER; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
