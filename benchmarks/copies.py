"""Copy detection: quality on the demo corpus, SheepDog, LLMFake and MRPC; speed of the
lexical stage against datasketch's MinHashLSH.

    .venv/bin/python benchmarks/copies.py [--quick] [--steps demo,sheepdog,llmfake,pairs,reuse,mrpc,speed]

Quality:
* demo corpus: precision / recall / F1 of (copy, copy_of) pairs against
  demo/ground_truth.json, overall and per kind (verbatim + light edit, spun);
* SheepDog PolitiFact test: each LLM-restyled article (adv_A..D, duplicates dropped) is
  ranked against all 90 originals: recall@1 and AUC of the rewrite score;
* LLMFake (paraphrase / rewrite generations that differ from the original): the same
  ranking, plus the pipeline's copy decision on true pairs and on mismatched pairs;
* copy pairs (benchmarks/copies_data.py, held-out part): the copy decision on LLM
  rewrites (SheepDog restyled, LLMFake paraphrase / rewrite) against HARD negatives,
  independent reports of one event (ECB+ sub-topic, NewsWCL50, BASIL, the seeds), and
  different stories: P / R / F1 per rewrite kind and false links per negative kind. The
  rewrite model is trained on the tuning part (benchmarks/copies_train.py). Rows marked
  [detect_copies] run the whole detector on a store of all those texts: candidate lookup
  (LSH bands, signature prefilter) times the decision, the recall a real run has;
* text reuse (benchmarks/copies_reuse.py): windowed copies, two overlapping windows cut
  from one long held-out article at overlaps of 8 down to 2 of 10 sentences, against
  windows of two reports of one event; and realnews (real coverage): detect_copies
  against the labelled copy groups, with the links between independent reports;
* MRPC test: sentence-level paraphrase decision (our sentence-match rule): accuracy, F1.
Speed: a synthetic corpus (sentences of MRPC and SheepDog shuffled into articles, 10% of
them light edits of an earlier one), 10k and 100k articles; each method runs in its own
process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules

from memory import status_mb

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks"
DEMO = ROOT / "demo"
csv.field_size_limit(1 << 30)


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count 1/2)."""
    scores = np.concatenate([pos, neg])
    ranks = scores.argsort(kind="stable").argsort(kind="stable").astype(float) + 1
    for value in np.unique(scores):  # average ranks of ties
        tie = scores == value
        ranks[tie] = ranks[tie].mean()
    return float((ranks[: pos.size].sum() - pos.size * (pos.size + 1) / 2) / (pos.size * neg.size))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- demo corpus -------------------------------------------------------------------


def bench_demo(rows: list[list[str]]) -> None:
    truth_file = DEMO / "ground_truth.json"
    if not truth_file.exists():
        print("demo: skipped (demo/ground_truth.json missing)")
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import truth_key  # the tests' key mapping: one definition
    from newsdesk.config import load_settings
    from newsdesk.copies import detect_copies
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    truth = {a["key"]: a for a in json.loads(truth_file.read_text("utf-8"))["articles"]}
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, db=f"{tmp}/demo.db", fetch_feed_links=False)
        with open_store(settings.db) as store:
            ingest([str(DEMO / "corpus")], store, settings)
            started = time.perf_counter()
            summary = detect_copies(store)
            seconds = time.perf_counter() - started
            keys = {a.id: truth_key(a.source, a.url) for a in store.iter_articles()}
            links = store.copy_links()
            english = [a for a in store.iter_articles() if (a.lang or "en").startswith("en")]
    _demo_margin(english, keys, truth, rows)
    predicted = {(keys[i], keys[x.copy_of]) for i, x in links.items() if x.copy_of}
    for label, kinds in (("all copies", None), ("verbatim + light edit", {"verbatim", "light_edit"}),
                         ("spun", {"spun"})):
        gold = {(k, a["copy_of"]) for k, a in truth.items() if a["copy_of"] and k in keys.values()
                and (kinds is None or a["copy_kind"] in kinds)}
        # per kind, a wrong link counts against the kind of the article that got it
        pred = {p for p in predicted if kinds is None or truth[p[0]]["copy_kind"] in kinds}
        p, r, f = _prf(len(pred & gold), len(pred - gold), len(gold - pred))
        rows.append([f"demo: {label} ({len(gold)} pairs)", "P / R / F1",
                     f"{p:.3f} / {r:.3f} / {f:.3f}"])
    rows.append(["demo: detection run", "articles, s, embedded",
                 f"{summary.new_articles}, {seconds:.1f}s, {summary.embedded_articles}"])


def _demo_margin(articles: list, keys: dict[str, str], truth: dict, rows: list[list[str]]) -> None:
    """Rewrite scores of the demo's true copy pairs against its independent reports of
    one story: the margin any copy decision has to work with."""
    corpus = _Corpus([a.text for a in articles])
    scores = rewrite_scores(corpus, corpus)
    copy_scores, independent = [], []
    for i, a in enumerate(articles):
        for j, b in enumerate(articles[:i]):
            ta, tb = truth.get(keys[a.id], {}), truth.get(keys[b.id], {})
            if not ta.get("story") or ta.get("story") != tb.get("story"):
                continue
            related = (ta.get("copy_of") == keys[b.id] or tb.get("copy_of") == keys[a.id]
                       or (ta.get("copy_of") and ta.get("copy_of") == tb.get("copy_of")))
            (copy_scores if related else independent).append(float(scores[i, j]))
    if copy_scores and independent:
        rows.append(["demo: rewrite score, same-story pairs", "weakest copy / strongest independent",
                     f"{min(copy_scores):.3f} / {max(independent):.3f}"])


# -- pair ranking (SheepDog, LLMFake) ----------------------------------------------


class _Corpus:
    """Sentences of many texts embedded in one pass, for block-wise scoring."""

    def __init__(self, texts: list[str]) -> None:
        from copies_data import CachedEmbed  # the copy-pair step reuses these vectors
        from newsdesk.copies.align import Sentences

        self.sents = [Sentences.from_text(t) for t in texts]
        flat = [s for x in self.sents for s in (x.texts or [" "])]
        counts = [max(len(x), 1) for x in self.sents]
        self.offsets = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        embed = CachedEmbed()
        self.vectors = embed(flat)
        embed.save()
        self.weights = np.concatenate([x.weights if len(x) else np.zeros(1) for x in self.sents])
        self.doc_of = np.repeat(np.arange(len(texts)), counts)
        start = 0
        for x, n in zip(self.sents, counts, strict=True):  # hand vectors to the docs
            x.vectors = self.vectors[start : start + len(x)] if len(x) else None
            start += n


def _side(best: np.ndarray, weights: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Weighted mean of per-sentence best similarities, per document (rows: documents)."""
    num = np.add.reduceat(best * weights[:, None], offsets, axis=0)
    den = np.add.reduceat(weights, offsets)[:, None]
    return np.asarray(num / np.maximum(den, 1.0))


def rewrite_scores(copies: _Corpus, origins: _Corpus) -> np.ndarray:
    """(n copies, n origins) rewrite scores: min over both sides of the mean best
    (rescaled) embedding similarity of each side's sentences — the graded form of
    the pipeline's sentence coverage."""
    from newsdesk.copies.align import EMBED_MATCH, LEXICAL_MATCH

    sim = copies.vectors @ origins.vectors.T
    sim = np.clip(LEXICAL_MATCH + (sim - EMBED_MATCH) * (1 - LEXICAL_MATCH) / (1 - EMBED_MATCH),
                  0, 1)
    best_c = np.maximum.reduceat(sim, origins.offsets, axis=1)  # copy sentence x origin doc
    best_o = np.maximum.reduceat(sim, copies.offsets, axis=0).T  # origin sentence x copy doc
    side_c = _side(best_c, copies.weights, copies.offsets)
    side_o = _side(best_o, origins.weights, origins.offsets).T
    return np.minimum(side_c, side_o)


def _lsh_recall(name: str, copies: list[str], originals: list[str], truth: np.ndarray,
                rows: list[list[str]]) -> None:
    """Share of true pairs the pipeline's LSH would propose (shared shingle band, or two
    shared content-word bands), i.e. the recall ceiling of candidate generation."""
    from newsdesk.copies.minhash import SHINGLE_LSH, WORD_LSH, band_keys, signatures_flat
    from newsdesk.copies.sketch import sketch_texts

    def keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        sk = sketch_texts(texts)
        return (band_keys(signatures_flat(sk.shingles, sk.shingle_offsets, 128), SHINGLE_LSH),
                band_keys(signatures_flat(sk.content, sk.content_offsets, 64), WORD_LSH))

    (cs, cw), (os_, ow) = keys(copies), keys(originals)
    shingle = (cs == os_[truth]).any(axis=1)
    word = (cw == ow[truth]).sum(axis=1) >= 2
    rows.append([name, "LSH candidate recall (shingle / word / either)",
                 f"{shingle.mean():.3f} / {word.mean():.3f} / {(shingle | word).mean():.3f}"])


def _rank_rows(name: str, scores: np.ndarray, truth: np.ndarray, rows: list[list[str]]) -> None:
    pos = scores[np.arange(len(truth)), truth]
    rows.append([name, "rewrite score of true pairs: 10th pct / median",
                 f"{np.percentile(pos, 10):.3f} / {np.median(pos):.3f}"])
    mask = np.ones_like(scores, dtype=bool)
    mask[np.arange(len(truth)), truth] = False
    r1 = float(np.mean(scores.argmax(axis=1) == truth))
    rows.append([name, "recall@1 / AUC", f"{r1:.3f} / {_auc(pos, scores[mask]):.3f}"])


def _decisions(name: str, copies: _Corpus, origins: _Corpus, truth: np.ndarray,
               rows: list[list[str]], rng: random.Random) -> None:
    """The pipeline's yes/no (verify) on true pairs and on as many mismatched pairs."""
    from newsdesk.copies.verify import Doc, verify
    from newsdesk.records import Article

    def doc(text: str, sents: object, i: str) -> Doc:
        d = Doc.from_article(Article(id=i, document_id=i, source=i, text=text,
                                     text_hash=i, lang="en"))
        d._sentences = sents  # type: ignore[assignment]
        return d

    n = len(truth)
    hit = miss = 0
    for k in range(n):
        c = doc("\n".join(copies.sents[k].texts), copies.sents[k], f"c{k}")
        o = doc("\n".join(origins.sents[truth[k]].texts), origins.sents[truth[k]], f"o{k}")
        hit += verify(c, o, lambda _d: None).method is not None
        j = rng.choice([x for x in range(len(origins.sents)) if x != truth[k]])
        w = doc("\n".join(origins.sents[j].texts), origins.sents[j], f"w{k}")
        miss += verify(c, w, lambda _d: None).method is None
    acc = (hit + miss) / (2 * n)
    rows.append([name, "decision: copies found / mismatches rejected / accuracy",
                 f"{hit / n:.3f} / {miss / n:.3f} / {acc:.3f}"])


def bench_sheepdog(rows: list[list[str]], quick: bool) -> None:
    path = BENCH / "sheepdog_politifact_restyled" / "test_original_vs_llm_restyled.jsonl"
    if not path.exists():
        print(f"sheepdog: skipped ({path} missing)")
        return
    items = [json.loads(line) for line in path.open(encoding="utf-8")]
    items = items[:12] if quick else items
    originals = [it["original"] for it in items]
    copies: list[str] = []
    truth: list[int] = []
    # A and B are the same text for half the items, C and D too: A and C cover the styles
    styles = ["adv_C"] if quick else ["adv_A", "adv_C"]
    for i, it in enumerate(items):
        seen: set[str] = set()
        for style in styles:
            if it.get(style) and it[style] not in seen and it[style] != it["original"]:
                seen.add(it[style])
                copies.append(it[style])
                truth.append(i)
    started = time.perf_counter()
    oc, cc = _Corpus(originals), _Corpus(copies)
    scores = rewrite_scores(cc, oc)
    t = np.array(truth)
    _rank_rows(f"SheepDog restyled ({len(copies)} rewrites x {len(originals)} originals)",
               scores, t, rows)
    _decisions("SheepDog restyled", cc, oc, t, rows, random.Random(0))
    _lsh_recall("SheepDog restyled", copies, originals, t, rows)
    rows.append(["SheepDog: time", "s (embedding all sentences)",
                 f"{time.perf_counter() - started:.0f}"])


def bench_llmfake(rows: list[list[str]], quick: bool) -> None:
    base = BENCH / "llmfake"
    if not base.exists():
        print(f"llmfake: skipped ({base} missing)")
        return
    cap = 25 if quick else 150
    sources = ["politifact"] if quick else ["politifact", "gossipcop", "coaid"]
    for kind in ("paraphrase", "rewrite"):
        originals: list[str] = []
        copies: list[str] = []
        for source in sources:
            path = base / source / f"synthetic-gpt-3.5-turbo_{source}_{kind}_generation_processed.csv"
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as f:
                pairs = [(r["news_text"], r["synthetic_misinformation"]) for r in csv.DictReader(f)
                         if r["synthetic_misinformation"].strip()
                         and r["synthetic_misinformation"].strip() != r["news_text"].strip()]
            for o, c in pairs[:cap]:
                originals.append(o)
                copies.append(c)
        if not originals:
            continue
        oc, cc = _Corpus(originals), _Corpus(copies)
        t = np.arange(len(originals))
        name = f"LLMFake {kind} ({'+'.join(sources)}, {len(originals)} pairs)"
        _rank_rows(name, rewrite_scores(cc, oc), t, rows)
        _decisions(f"LLMFake {kind}", cc, oc, t, rows, random.Random(1))
        _lsh_recall(f"LLMFake {kind}", copies, originals, t, rows)


def bench_pairs(rows: list[list[str]], quick: bool) -> None:
    """Copy-pair decisions (verify, as detect_copies runs it) on the held-out part of the
    hard-negative evaluation: LLM rewrites against independent same-event reports."""
    if not BENCH.exists():
        print(f"copy pairs: skipped ({BENCH} missing)")
        return
    from copies_train import pair_rows

    rows.extend(pair_rows(quick))


def bench_reuse(rows: list[list[str]], quick: bool) -> None:
    """Windowed copies (two overlapping windows of one article) and real coverage
    (realnews: detect_copies against the labelled copy groups): copies_reuse.py."""
    from copies_reuse import realnews_rows, windowed_rows

    rows.extend(windowed_rows(quick))
    rows.extend(realnews_rows())


def bench_mrpc(rows: list[list[str]], quick: bool) -> None:
    base = BENCH / "mrpc"
    if not base.exists():
        print(f"mrpc: skipped ({base} missing)")
        return
    from newsdesk.copies.align import LEXICAL_MATCH, Sentences, similarity
    from newsdesk.models import get_embedder

    def load(name: str) -> tuple[list[str], list[str], np.ndarray]:
        with (base / name).open(encoding="utf-8-sig") as f:
            recs = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        recs = [r for r in recs if len(r) == 5]
        return [r[3] for r in recs], [r[4] for r in recs], np.array([int(r[0]) for r in recs])

    def scores(a: list[str], b: list[str]) -> np.ndarray:
        model = get_embedder()
        va, vb = model.embed(a), model.embed(b)
        out = np.zeros(len(a))
        for k in range(len(a)):
            sa, sb = Sentences.from_text(a[k]), Sentences.from_text(b[k])
            sa.texts, sb.texts = [a[k]], [b[k]]  # one sentence each, as MRPC gives them
            sa.sets, sb.sets = [frozenset(x for w in sa.words for x in w)], [
                frozenset(x for w in sb.words for x in w)]
            sa.weights = sb.weights = np.ones(1)
            sa.vectors, sb.vectors = va[k : k + 1], vb[k : k + 1]
            out[k] = similarity(sa, sb)[0, 0]
        return out

    a, b, y = load("msr_paraphrase_test.txt")
    if quick:
        a, b, y = a[:300], b[:300], y[:300]
    s = scores(a, b)

    def report(name: str, threshold: float) -> None:
        pred = s >= threshold
        tp, fp, fn = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum()), int(
            (~pred & (y == 1)).sum())
        acc = float((pred == (y == 1)).mean())
        rows.append([name, "accuracy / F1", f"{acc:.3f} / {_prf(tp, fp, fn)[2]:.3f}"])

    report(f"MRPC test ({len(y)} pairs), pipeline sentence match >= {LEXICAL_MATCH}",
           LEXICAL_MATCH)
    if not quick:
        ta, tb, ty = load("msr_paraphrase_train.txt")
        ts = scores(ta, tb)
        grid = np.linspace(0.3, 0.9, 61)
        best = max(grid, key=lambda th: float(((ts >= th) == (ty == 1)).mean()))
        report(f"MRPC test, threshold tuned on train ({best:.2f})", float(best))


# -- speed of the lexical stage ------------------------------------------------------


def make_corpus(n: int, path: Path) -> None:
    """Synthetic articles: 12-30 sentences of MRPC-train and SheepDog-train text each, with
    40% of each sentence's words swapped for random pool words so that unrelated
    articles do not share whole sentences (real ones rarely do); every tenth article is a
    light edit (10% of words replaced, one sentence dropped) of a random earlier one.
    Written as JSON lines: {"id", "text", "copy_of"}."""
    pool: list[str] = []
    mrpc = BENCH / "mrpc" / "msr_paraphrase_train.txt"
    if mrpc.exists():
        with mrpc.open(encoding="utf-8-sig") as f:
            for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(r) == 5 and r[0] in "01":
                    pool.extend([r[3], r[4]])
    sheep = BENCH / "sheepdog_politifact_restyled" / "train_original_vs_llm_reframings.jsonl"
    if sheep.exists():
        from newsdesk.copies.text import split_sentences

        for line in sheep.open(encoding="utf-8"):
            pool.extend(s for s in split_sentences(json.loads(line).get("original", ""))
                        if len(s) > 40)
    if not pool:
        raise SystemExit("speed: no MRPC or SheepDog text to build the synthetic corpus from")
    vocab = sorted({w for s in pool for w in s.split()})
    rng = random.Random(7)
    texts: list[str] = []

    def perturb(sentence: str) -> str:
        return " ".join(w if rng.random() > 0.4 else rng.choice(vocab) for w in sentence.split())

    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            copy_of = None
            if i > 10 and i % 10 == 0:
                copy_of = rng.randrange(i)
                sents = texts[copy_of].split("\n")
                sents.pop(rng.randrange(len(sents)))
                words = "\n".join(sents).split(" ")
                text = " ".join(w if rng.random() > 0.1 else "edited" for w in words)
            else:
                text = "\n".join(perturb(s) for s in rng.sample(pool, rng.randint(12, 30)))
            texts.append(text)
            out.write(json.dumps({"id": i, "text": text, "copy_of": copy_of}) + "\n")


class _MemoryIndex:
    """The in-memory form of our LSH index for the speed comparison: band entries kept
    sorted in two numpy arrays; a batch's keys are looked up with searchsorted."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.seqs = np.zeros(0, dtype=np.int64)

    def matches(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        q = np.unique(keys)
        lo = np.searchsorted(self.keys, q, side="left")
        hi = np.searchsorted(self.keys, q, side="right")
        counts = hi - lo
        idx = np.repeat(lo, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts)
                                                                           - counts, counts))
        return self.keys[idx], self.seqs[idx]

    def add(self, keys: np.ndarray, seqs: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        keys, seqs = keys[order], seqs[order]
        at = np.searchsorted(self.keys, keys)
        self.keys = np.insert(self.keys, at, keys)
        self.seqs = np.insert(self.seqs, at, seqs)


def _run_datasketch(docs: list[dict]) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    from newsdesk.copies.text import SHINGLE, tokens

    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    found: set[tuple[int, int]] = set()
    for d in docs:
        w = tokens(d["text"])
        shingles = {" ".join(w[k : k + SHINGLE]).encode() for k in range(len(w) - SHINGLE + 1)}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        found.update((d["id"], int(o)) for o in lsh.query(m))
        lsh.insert(str(d["id"]), m)
    return found


def _run_ours(docs: list[dict], backend: str, batch: int = 500) -> set[tuple[int, int]]:
    """Our lexical stage: batch sketch, MinHash (rensa or numpy), band keys, candidates."""
    from newsdesk.copies import minhash
    from newsdesk.copies.candidates import candidate_pairs
    from newsdesk.copies.sketch import sketch_texts

    params = minhash.SHINGLE_LSH
    index = _MemoryIndex()
    found: set[tuple[int, int]] = set()
    kinds = np.ones(params.bands, dtype=np.int64)
    for start in range(0, len(docs), batch):
        part = docs[start : start + batch]
        sk = sketch_texts([d["text"] for d in part])
        if backend == "rensa":
            sigs = minhash.rensa_signatures_flat(sk.shingles, sk.shingle_offsets, params.num_perm)
        else:
            sigs = minhash.numpy_signatures(sk.shingle_rows(), params.num_perm)
        keys = minhash.band_keys(sigs, params)
        seqs = np.array([d["id"] for d in part], dtype=np.int64)
        hit_keys, hit_seqs = index.matches(keys)
        cands = candidate_pairs(keys, kinds, seqs, hit_keys, hit_seqs, max_candidates=20)
        for seq, cand in zip(seqs.tolist(), cands, strict=True):
            found.update((seq, int(c)) for c in cand)
        index.add(keys.ravel(), np.repeat(seqs, params.bands))
    return found


def _run_store(docs: list[dict]) -> set[tuple[int, int]]:
    """The real thing: detect_copies (lexical stages, no embeddings) on a SQLite store."""
    from newsdesk.clean.normalize import text_fingerprint
    from newsdesk.copies import detect_copies
    from newsdesk.records import Article, content_id
    from newsdesk.store import open_store

    tmp = tempfile.mkdtemp()
    store = open_store(f"sqlite:///{tmp}/speed.db")
    with store.transaction() as tx:
        for d in docs:
            aid = content_id(str(d["id"]))
            tx.put_article(Article(id=aid, document_id=aid, source=str(d["id"]), text=d["text"],
                                   text_hash=text_fingerprint(d["text"]), lang="en"))
    _reset_peak()
    _BEFORE_MB.append(status_mb("VmRSS"))
    t0 = time.perf_counter()
    detect_copies(store, embeddings=False)
    _STAGE_SECONDS.append(time.perf_counter() - t0)  # without the article inserts
    ids = {content_id(str(d["id"])): d["id"] for d in docs}
    found = {(ids[p["article_id"]], ids[p["other_id"]]) for p in store.copy_pairs()}
    store.close()
    shutil.rmtree(tmp)
    return found


_STAGE_SECONDS: list[float] = []  # set by _run_store: the stage without its setup
_BEFORE_MB: list[float] = []


def _reset_peak() -> None:
    """Start VmHWM over from the current RSS (Linux: write 5 to clear_refs), so a peak
    is the stage's own, not the loading's or the setup's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def speed_child(method: str, path: str, n: int) -> None:
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for _, line in zip(range(n), f, strict=False)]
    _reset_peak()
    before = status_mb("VmRSS")
    started = time.perf_counter()
    run = {"datasketch": _run_datasketch, "store": _run_store,
           "rensa": lambda d: _run_ours(d, "rensa"), "numpy": lambda d: _run_ours(d, "numpy")}
    found = run[method](docs)
    seconds = _STAGE_SECONDS[0] if _STAGE_SECONDS else time.perf_counter() - started
    gold = {(d["id"], d["copy_of"]) for d in docs if d["copy_of"] is not None}
    recall = len({(a, b) for a, b in found if (a, b) in gold or (b, a) in gold}) / max(len(gold), 1)
    print(json.dumps({"docs_per_s": n / seconds, "peak_mb": status_mb("VmHWM"),
                      "before_mb": _BEFORE_MB[0] if _BEFORE_MB else before, "recall": recall,
                      "candidates": len(found)}))


def bench_speed(rows: list[list[str]], quick: bool) -> None:
    sizes = [10_000] if quick else [10_000, 100_000]
    methods = ["datasketch", "rensa"] if quick else ["datasketch", "numpy", "rensa", "store"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        make_corpus(max(sizes), path)
        for n in sizes:
            results = {}
            for method in methods:
                proc = subprocess.run([sys.executable, __file__, "--speed-child", method, str(path),
                                       str(n)], capture_output=True, text=True, check=True,
                                      env={**os.environ, "NEWSDESK_THREADS": "1"})
                results[method] = json.loads(proc.stdout.strip().splitlines()[-1])
            base = results["datasketch"]["docs_per_s"]
            for method, r in results.items():
                label = {"datasketch": "datasketch MinHash + MinHashLSH(0.3)",
                         "numpy": "ours: numpy shingles + numpy MinHash + bands",
                         "rensa": "ours: numpy shingles + rensa pre-hashed + bands",
                         "store": "ours: detect_copies, SQLite index + verify"}[method]
                rows.append([f"speed {n // 1000}k: {label}", "docs/s, x datasketch, peak MB, "
                             "near-dup recall", f"{r['docs_per_s']:.0f}, "
                             f"{r['docs_per_s'] / base:.1f}x, {r['peak_mb']:.0f} "
                             f"(+{r['peak_mb'] - r['before_mb']:.0f}), {r['recall']:.3f}"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small slices (< 3 minutes)")
    parser.add_argument("--steps", default="demo,sheepdog,llmfake,pairs,reuse,mrpc,speed",
                        help="comma-separated steps to run (default: all)")
    parser.add_argument("--speed-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.speed_child:
        method, path, n = args.speed_child
        speed_child(method, path, int(n))
        return
    rows: list[list[str]] = []
    steps: list[tuple[str, Callable[[], None]]] = [
        ("demo", lambda: bench_demo(rows)),
        ("sheepdog", lambda: bench_sheepdog(rows, args.quick)),
        ("llmfake", lambda: bench_llmfake(rows, args.quick)),
        ("pairs", lambda: bench_pairs(rows, args.quick)),
        ("reuse", lambda: bench_reuse(rows, args.quick)),
        ("mrpc", lambda: bench_mrpc(rows, args.quick)),
        ("speed", lambda: bench_speed(rows, args.quick)),
    ]
    wanted = set(args.steps.split(","))
    for name, step in steps:
        if name not in wanted:
            continue
        started = time.perf_counter()
        step()
        print(f"[{name} done in {time.perf_counter() - started:.0f}s]", file=sys.stderr)
    width = max(len(r[0]) for r in rows)
    mwidth = max(len(r[1]) for r in rows)
    print(f"{'data set / method':<{width}}  {'metric':<{mwidth}}  value")
    for name, metric, value in rows:
        print(f"{name:<{width}}  {metric:<{mwidth}}  {value}")
    if "speed" not in wanted:
        return
    print("Speed corpus (synthetic): 12-30 MRPC-train / SheepDog-train sentences per article "
          "with 40% of words swapped for random pool words; every 10th article is a light edit "
          "(10% of words replaced, one sentence dropped) of an earlier one. near-dup recall = "
          "share of those edit pairs found (candidates; for detect_copies: verified pairs). "
          "Each method runs in its own process; peak MB = VmHWM during the stage, (+) = "
          "growth over the RSS before it (the loaded corpus). The lexical stage = sketch + "
          "MinHash + LSH candidates, in memory like datasketch; detect_copies adds the SQLite "
          "index, exact verification and copy groups (no embeddings). "
          f"Machine: {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
