"""CPU-seconds of the storylines stage as the store grows, on generated stores.

    python benchmarks/storylines_cost.py [--stories 1000,3000] [--new 60]
    python benchmarks/storylines_cost.py --store STORE.db   # a copy of a real store

Builds a store of fictional stories (1-3 reports each, 384-d lead vectors, a dozen names
from a shared pool, days over a year; stories of one topic share names and a vector
direction), links it once, adds ``--new`` stories dated after the rest and links again.
Prints, per size, the CPU-s of ``link_store`` for the first link, for the new stories,
for a run with nothing new, and of a full rebuild from every report's features (the
code before stored profiles) for comparison. No models are loaded: every report has all
its vectors, e5 included. With ``--store`` it times ``link_store`` on a copy of an
existing SQLite store instead (profiles built from scratch, then a run with nothing new).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from newsdesk.records import Article, Story, content_id
from newsdesk.store import Store, open_store
from newsdesk.stories.kinds import (
    BODY_KIND,
    CLEAD_KIND,
    FEATURES_KIND,
    FEATURES_VERSION,
    LEAD_KIND,
    XLEAD_KIND,
)

DIM = 384


def _stories(rng: np.random.Generator, n: int, first_day: int, days: int, tag: str
             ) -> list[tuple[Story, list[Article], list[dict], list[np.ndarray]]]:
    out = []
    topics = max(1, n // 4)
    bases = rng.normal(size=(topics, DIM))
    for i in range(n):
        t = int(rng.integers(topics))
        day = first_day + int(rng.integers(days))
        arts, payloads, vectors = [], [], []
        for r in range(int(rng.integers(1, 4))):
            text = f"Generated report {tag}.{i}.{r}."
            url = f"https://example.org/{tag}/{i}/{r}"
            aid = content_id(url, text)
            d = 1 + day % 28
            arts.append(Article(id=aid, document_id="d", source=url, text=text,
                                text_hash=content_id(text), url=url, outlet=f"o{r}.example",
                                published=f"2024-{1 + (day // 28) % 12:02d}-{d:02d}T00:00:00Z",
                                title=f"Report {tag}.{i}.{r}"))
            names = [f"t{t}-n{k}" for k in range(6) if rng.random() < 0.6]
            names += [f"pool{int(rng.integers(300))}" for _ in range(8)]
            payloads.append({"entities": {k: [1, k, "ORG"] for k in names}, "numbers": [],
                             "title": "", "words": {}, "lang": "en", "day": 738900 + day})
            v = bases[t] + 1.2 * rng.normal(size=DIM)
            vectors.append(np.asarray(v / np.linalg.norm(v), dtype=np.float32))
        story = Story(content_id("story", arts[0].id), f"Story {tag}.{i}", [a.id for a in arts],
                      len(arts), arts[0].published, arts[-1].published)
        out.append((story, arts, payloads, vectors))
    return out


def _put(store: Store, items: list) -> None:  # type: ignore[type-arg]
    with store.transaction() as tx:
        for story, arts, payloads, vectors in items:
            for a, p, v in zip(arts, payloads, vectors, strict=True):
                tx.put_article(a)
                tx.put_annotations(a.id, FEATURES_KIND, FEATURES_VERSION, [p])
                for kind in (LEAD_KIND, BODY_KIND, CLEAD_KIND, XLEAD_KIND):
                    tx.put_vector(a.id, kind, "generated", DIM, v.tobytes())
            tx.put_story(story)


def _cpu(run):  # type: ignore[no-untyped-def]
    start = time.process_time()
    out = run()
    return time.process_time() - start, out


def main() -> None:
    from newsdesk.stories.service import _load_features
    from newsdesk.storylines import build_storylines, link_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", default="1000,3000")
    parser.add_argument("--new", type=int, default=60)
    parser.add_argument("--store", type=Path, help="time link_store on a copy of this store")
    args = parser.parse_args()
    if args.store:
        _on_store(args.store)
        return
    print("stories  first link  new stories  nothing new  full rebuild (features)  CPU-s")
    for n in [int(x) for x in args.stories.split(",")]:
        rng = np.random.default_rng(n)
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(f"sqlite:///{Path(tmp) / 'gen.db'}")
            _put(store, _stories(rng, n, 0, 365, "old"))
            first, _ = _cpu(lambda: link_store(store))  # noqa: B023
            _put(store, _stories(rng, args.new, 366, 3, "new"))
            new, summary = _cpu(lambda: link_store(store))  # noqa: B023
            idle, _ = _cpu(lambda: link_store(store))  # noqa: B023

            def rebuild() -> int:
                stories = store.stories()  # noqa: B023
                feats = _load_features(store, [m for s in stories for m in s.members[-24:]])  # noqa: B023
                return len(build_storylines(stories, feats))

            full, _ = _cpu(rebuild)
            print(f"{n:7d}  {first:10.2f}  {new:11.2f}  {idle:11.2f}  {full:23.2f}"
                  f"   ({summary.profiled} profiled, {summary.rewritten} storylines written)")
            store.close()


def _on_store(path: Path) -> None:
    from newsdesk.storylines import link_store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store.db"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as src, \
                sqlite3.connect(copy) as dst:
            src.backup(dst)
        store = open_store(f"sqlite:///{copy}")
        with store.transaction() as tx:  # as if profiles had never been stored
            tx.delete_storyline_profiles(sorted(store.storyline_profiles()))
        first, summary = _cpu(lambda: link_store(store))
        idle, _ = _cpu(lambda: link_store(store))
        print(f"{summary.stories} stories, {summary.storylines} storylines: first link "
              f"{first:.2f} CPU-s ({summary.profiled} profiled, {summary.rewritten} storylines "
              f"written), again {idle:.2f} CPU-s")
        store.close()
    shutil.rmtree(Path(tmp), ignore_errors=True)


if __name__ == "__main__":
    main()
