"""Serving benchmark: requests/s and latency of the web page and API on a 10,000-article
store under load on loopback, and the brief's ROUGE on NeuS/AllSides next to LexRank.

    .venv/bin/python benchmarks/serve.py            # full: 10,000 articles, 307 NeuS clusters
    .venv/bin/python benchmarks/serve.py --quick    # 2,000 articles, 60 clusters
    .venv/bin/python benchmarks/serve.py --no-rouge --concurrency 8 32   # serving only

The store is synthetic but built from real text: the demo corpus' articles are
re-issued under new URLs with their names and numbers varied, 10 per story, and
written through the store's normal write path. The server is `newsdesk serve` in its
own process; the load generator is this process (threads over httpx), so on a 2-core
machine both compete for the same cores, as they would on a laptop.
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NEUS = SHARED / "benchmarks" / "neus_allsides_mds"
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.brief.summary import (  # noqa: E402
    SourceSentence,
    sentence_vectors,
    summarize,
)
from newsdesk.clean.sentences import split_sentences  # noqa: E402
from newsdesk.config import load_settings  # noqa: E402
from newsdesk.ingest import ingest  # noqa: E402
from newsdesk.records import Article, Story, content_id  # noqa: E402
from newsdesk.store import open_store  # noqa: E402

# --------------------------------------------------------------------------- store


def build_store(db: str, n_articles: int, per_story: int = 10) -> list[str]:
    settings = load_settings(env={}, db=db, fetch_feed_links=False)
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/demo.db") as demo:
        ingest([str(ROOT / "demo" / "corpus")], demo, load_settings(env={}, db=f"{tmp}/demo.db",
                                                                     fetch_feed_links=False))
        base = [a for a in demo.iter_articles() if a.lang == "en" and len(a.text) > 400]
    rng = random.Random(7)
    story_ids: list[str] = []
    with open_store(settings.db) as store:
        members: list[str] = []
        batch: list[Article] = []
        for i in range(n_articles):
            src = base[i % len(base)]
            # Vary numbers and add an index so every text (and id) differs.
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), src.text)
            text += f"\nThis synthetic variant is number {i}."
            url = f"https://bench{i % 97}.example/{i}"
            article = Article(id=content_id(url, text), document_id=src.document_id, source=url,
                              text=text, text_hash=content_id(text), url=url, canonical_url=url,
                              outlet=f"bench{i % 97}.example", published=src.published,
                              title=f"{src.title} ({i})", lang="en")
            batch.append(article)
            members.append(article.id)
            if len(members) == per_story:
                sid = content_id(*members, size=8)
                with store.transaction() as tx:  # one write per story: the build stays cheap
                    for a in batch:
                        tx.put_article(a)
                    tx.put_story(Story(id=sid, title=f"Story {len(story_ids)}: {src.title}",
                                       members=members, independent_sources=per_story,
                                       first_seen=src.published, last_seen=src.published))
                story_ids.append(sid)
                members, batch = [], []
    return story_ids


# --------------------------------------------------------------------------- load


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start: " + (proc.stderr.read() if proc.stderr else b"").decode())


def load(urls: list[str], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    # One connection per client thread, as that many browsers would hold.
    client = httpx.Client(timeout=60, limits=httpx.Limits(max_connections=concurrency,
                                                         max_keepalive_connections=concurrency))

    def one(url: str) -> None:
        nonlocal errors
        t0 = time.perf_counter()
        try:
            ok = client.get(url).status_code == 200
        except httpx.HTTPError:  # a refused or dropped connection is an error, not a crash
            ok = False
        dt = time.perf_counter() - t0
        with lock:
            latencies.append(dt)
            errors += not ok

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, urls))
    wall = time.perf_counter() - start
    client.close()
    ms = sorted(x * 1000 for x in latencies)
    return {"requests": len(urls), "rps": len(urls) / wall, "p50": statistics.median(ms),
            "p99": ms[min(len(ms) - 1, int(0.99 * len(ms)))], "errors": errors}


# --------------------------------------------------------------------------- ROUGE


def neus_clusters(limit: int | None) -> list[tuple[list[str], str]]:
    sources = (NEUS / "test.source").read_text("utf-8").splitlines()
    targets = (NEUS / "test.target").read_text("utf-8").splitlines()
    out = []
    for src, tgt in list(zip(sources, targets, strict=True))[:limit]:
        docs = [re.sub(r"TITLE=>|ARTICLE=>", " ", d).strip() for d in src.split("[SEP]")]
        out.append((docs, re.sub(r"TITLE=>|ARTICLE=>", " ", tgt).strip()))
    return out


def lexrank(sentences: list[str], budget: int) -> list[str]:
    """Continuous LexRank over TF-IDF cosine (Erkan & Radev 2004), written here."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not sentences:
        return []
    tfidf = TfidfVectorizer(stop_words="english").fit_transform(sentences)
    sim = (tfidf @ tfidf.T).toarray()
    sim[sim < 0.1] = 0
    rows = sim.sum(axis=1, keepdims=True)
    rows[rows == 0] = 1
    m = sim / rows
    n = len(sentences)
    p = np.full(n, 1 / n)
    for _ in range(100):
        p = 0.15 / n + 0.85 * m.T @ p
    chosen: list[str] = []
    words = 0
    for i in np.argsort(-p):
        if words >= budget:
            break
        chosen.append(sentences[i])
        words += len(sentences[i].split())
    return chosen


def rouge_table(limit: int | None) -> list[tuple[str, float, float, float]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows: dict[str, list[list[float]]] = {"newsdesk brief": [], "LexRank (ours, same data)": [],
                                          "first sentence of each source": []}
    for docs, target in neus_clusters(limit):
        budget = max(len(target.split()), 20)
        pool = [SourceSentence(f"d{d}", i, s, f"d{d}") for d, doc in enumerate(docs)
                for i, s in enumerate(split_sentences(doc))]
        lines = summarize(pool, sentence_vectors([p.text for p in pool]), max_lines=8, max_words=budget)
        systems = {
            "newsdesk brief": " ".join(line.text for line in lines),
            "LexRank (ours, same data)": " ".join(lexrank([p.text for p in pool], budget)),
            "first sentence of each source": " ".join(p.text for p in pool if p.index < 1),
        }
        for name, text in systems.items():
            s = scorer.score(target, text)
            rows[name].append([s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure])
    return [(name, *(100 * np.mean(v, axis=0))) for name, v in rows.items()]


# --------------------------------------------------------------------------- main


def run_load(base: str, stories: list[str], concurrency: int, rng: random.Random,
             cold_pool: list[str]) -> list[tuple[str, dict[str, float]]]:
    """A fixed number of requests per endpoint (bounded, whatever the speed)."""
    list_urls = [f"{base}/api/stories?limit=20&offset={rng.randrange(0, max(1, len(stories) - 20))}"
                 for _ in range(300)]
    page_urls = [f"{base}/?offset={rng.randrange(0, max(1, len(stories) - 30))}" for _ in range(200)]
    detail_urls = [f"{base}/api/stories/{sid}" for sid in rng.choices(stories, k=100)]
    cold = [f"{base}/stories/{sid}" for sid in cold_pool]
    warm = [url for url in cold[:10] for _ in range(20)]  # the cold run warmed these
    return [
        ("GET /api/stories (JSON list)", load(list_urls, concurrency)),
        ("GET / (story list page)", load(page_urls, concurrency)),
        ("GET /api/stories/{id} (JSON detail; brief built on first ask)", load(detail_urls, concurrency)),
        ("GET /stories/{id} cold (brief built)", load(cold, concurrency)),
        ("GET /stories/{id} warm (brief cached)", load(warm, concurrency)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles, 60 NeuS clusters")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32],
                        help="concurrent clients, one run each (default: 8 32)")
    parser.add_argument("--articles", type=int, default=None, help="store size (default 10,000)")
    parser.add_argument("--no-rouge", action="store_true", help="serving only")
    args = parser.parse_args()
    n_articles = args.articles or (2000 if args.quick else 10000)
    runs: list[tuple[int, list[tuple[str, dict[str, float]]]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/serve.db"
        t0 = time.perf_counter()
        stories = build_store(db, n_articles)
        print(f"built a {n_articles}-article store with {len(stories)} stories in "
              f"{time.perf_counter() - t0:.1f}s")
        port = _free_port()  # a fixed port could be answered by another server
        proc = serve(db, port)
        try:
            base = f"http://127.0.0.1:{port}"  # loopback only
            rng = random.Random(1)
            # Each run's cold briefs are stories no earlier run has asked for.
            cold_all = rng.sample(stories, min(len(stories), 40 * len(args.concurrency)))
            for k, concurrency in enumerate(args.concurrency):
                cold_pool = cold_all[40 * k: 40 * (k + 1)]
                runs.append((concurrency, run_load(base, stories, concurrency, rng, cold_pool)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    for concurrency, results in runs:
        print(f"\nServing a {n_articles}-article store on loopback, {concurrency} concurrent clients")
        print("| endpoint | requests | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|")
        for name, r in results:
            print(f"| {name} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                  f"{r['errors']} |")
    if args.no_rouge:
        return
    if not NEUS.is_dir():
        print("\n../shared/benchmarks/neus_allsides_mds is missing: ROUGE skipped")
        return
    limit = 60 if args.quick else None
    print(f"\nBrief ROUGE F1 on NeuS/AllSides test ({limit or 307} clusters; rouge-score, stemmed)")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L |\n|---|---:|---:|---:|")
    for name, r1, r2, rl in rouge_table(limit):
        print(f"| {name} | {r1:.1f} | {r2:.1f} | {rl:.1f} |")
    print("| LexRank (published, Lee et al. 2022) | 42.2 | 18.2 | 26.6 |")


if __name__ == "__main__":
    main()
