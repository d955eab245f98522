"""Local vs Ray engine: the same store work, its speed, and whether the results agree.

ECB+ documents are ingested (as JSONL) into two fresh SQLite stores; story clustering
(`cluster_store`) then runs once with the local engine and once with a Ray runner on a
local cluster. The per-article part (features: MiniLM vectors, entities, numbers) is
what the runner spreads; clustering runs in the calling process. Printed: articles/s,
peak memory of this process, and whether vectors and stories are the same.

    python benchmarks/engine.py [--quick] [--articles N] [--cpus N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsdesk.config import Settings
from newsdesk.engine import LocalRunner
from newsdesk.ingest import ingest
from newsdesk.store import Store, open_store
from newsdesk.stories import cluster_store
from newsdesk.stories.kinds import LEAD_KIND
from stories_data import load_ecbplus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks"


def _fill(url: str, docs_file: Path) -> None:
    with open_store(url) as store:
        ingest([str(docs_file)], store, Settings(db=url))


def _run(url: str, engine: str, cpus: int) -> tuple[float, int]:
    with open_store(url) as store:
        runner: object
        if engine == "ray":
            from newsdesk.engine.ray_runner import RayRunner

            runner = RayRunner(store, batch_size=16, num_cpus=cpus)
        else:
            runner = LocalRunner(store, batch_size=16)
        n = sum(1 for _ in store.iter_articles())
        start = time.perf_counter()
        cluster_store(store, runner=runner)  # type: ignore[arg-type]
        return time.perf_counter() - start, n


def _result(store: Store) -> tuple[dict[str, np.ndarray], set[frozenset[str]]]:
    ids = [a.id for a in store.iter_articles()]
    vectors = {k: np.frombuffer(v[1], dtype=np.float32)
               for k, v in store.get_vectors(LEAD_KIND, ids).items()}
    return vectors, {frozenset(s.members) for s in store.stories()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="120 articles instead of 400")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = parser.parse_args()
    if not (DATA / "ecbplus").is_dir():
        print(f"skipped: {DATA / 'ecbplus'} is missing")
        return
    n = args.articles or (120 if args.quick else 400)
    docs = load_ecbplus(DATA)[:n]
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-engine-"))
    docs_file = tmp / "ecbplus.jsonl"
    with docs_file.open("w", encoding="utf-8") as out:
        for d in docs:
            out.write(json.dumps({"url": f"https://ecbplus.example/{d.id}", "title": d.title,
                                  "text": d.text, "outlet": "ecbplus.example"}) + "\n")
    rows = []
    results = {}
    for engine in ("local", "ray"):
        url = f"sqlite:///{tmp / engine}.db"
        _fill(url, docs_file)
        seconds, count = _run(url, engine, args.cpus)
        with open_store(url) as store:
            results[engine] = _result(store)
        rows.append((engine, count, seconds))
    (lv, ls), (rv, rs) = results["local"], results["ray"]
    same_vectors = lv.keys() == rv.keys() and all(np.allclose(lv[k], rv[k], atol=1e-5) for k in lv)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'engine':<14} {'articles':>8} {'seconds':>8} {'articles/s':>10}")
    for engine, count, seconds in rows:
        label = engine if engine == "local" else f"ray ({args.cpus} CPUs)"
        print(f"{label:<14} {count:>8} {seconds:>8.1f} {count / seconds:>10.1f}")
    print(f"same vectors: {same_vectors}; same stories: {ls == rs} ({len(ls)} stories); "
          f"peak memory of the driver {peak:.0f} MB (Ray workers not included)")
    print("story clustering on ECB+ documents: features (MiniLM, entities) + clustering")


if __name__ == "__main__":
    main()
