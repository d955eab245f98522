"""Text reuse rows for benchmarks/copies.py: windowed copies and real coverage.

* Windowed copies: two overlapping windows cut from one long article (the held-out
  texts of benchmarks/copies_data.py with 20 sentences or more), the second window
  starting further in each time, so the two share 80% down to 20% of their sentences:
  the decision ``verify`` takes on each pair (with sentence vectors, as detect_copies
  runs it), per overlap. Negatives: the same windows cut from two different reports of
  one event (the held-out same-event pairs), whose links are all false.
* Real coverage (../shared/benchmarks/realnews): every corpus ingested into a fresh
  store and ``detect_copies`` run on it: copy pairs P / R / F1 inside the labelled copy
  groups, and the links between reports labelled independent (in no group, or in two
  different ones). The full pipeline's score is ../shared/tools/realnews_eval.py.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from newsdesk.clean.normalize import text_fingerprint
from newsdesk.records import Article, content_id

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks"
REALNEWS = BENCH / "realnews"
WINDOW = 10  # sentences per window
STARTS = (2, 4, 6, 7, 8)  # the second window's first sentence: overlap 8, 6, 4, 3, 2 of 10


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _window(sentences: list[str], start: int) -> str:
    # A paragraph per two sentences, as a page reads; the cut point is the window's edge.
    chunk = sentences[start:start + WINDOW]
    return "\n".join(" ".join(chunk[k:k + 2]) for k in range(0, len(chunk), 2))


def _article(text: str, key: str) -> Article:

    aid = content_id(key, text)
    return Article(id=aid, document_id=aid, source=f"bench:{key}", text=text,
                   text_hash=text_fingerprint(text), url=f"https://{key}/{aid[:8]}",
                   outlet=key, lang="en")


def windowed_rows(quick: bool) -> list[list[str]]:
    """Decisions on overlapping windows of one article, per overlap, and on windows of
    two different reports of one event."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from copies_data import load_pairs
    from copies_train import WIRE_CONTAINMENT
    from newsdesk.copies.text import split_sentences
    from newsdesk.copies.verify import Doc, verify
    from newsdesk.copies.verify import overlap as set_overlap
    from newsdesk.models import get_embedder

    if not BENCH.exists():
        return [["windowed copies", "skipped", f"{BENCH} missing"]]
    model = get_embedder()

    def embed(doc: Doc) -> None:
        if doc.sentences.vectors is None:
            doc.sentences.vectors = model.embed(doc.sentences.texts)

    pairs = [p for p in load_pairs(quick) if p.held_out]
    long_texts: dict[str, list[str]] = {}
    for p in pairs:
        for text in (p.a, p.b):
            sents = split_sentences(text)
            if len(sents) >= WINDOW + max(STARTS) and text not in long_texts:
                long_texts[text] = sents
    articles = list(long_texts.values())[: 60 if quick else 300]
    rows: list[list[str]] = []
    for start in STARTS:
        linked = 0
        for k, sents in enumerate(articles):
            first = Doc.from_article(_article(_window(sents, 0), f"w{k}-a.example"))
            second = Doc.from_article(_article(_window(sents, start), f"w{k}-b.example"))
            linked += verify(second, first, embed).method is not None
        overlap = WINDOW - start
        rows.append([f"windowed copies, overlap {overlap}/{WINDOW} sentences ({len(articles)})",
                     "share linked", f"{linked / max(len(articles), 1):.3f}"])
    negatives = [p for p in pairs if not p.label and p.kind.startswith(("ECB", "NewsWCL", "BASIL"))]
    false = total = wire = 0
    for p in negatives[: 300 if quick else 2000]:
        sa, sb = split_sentences(p.a), split_sentences(p.b)
        if len(sa) < 4 or len(sb) < 4:
            continue
        full_a, full_b = Doc.from_article(_article(p.a, "f-a")), Doc.from_article(_article(p.b, "f-b"))
        if set_overlap(full_a.shingles, full_b.shingles)[0] >= WIRE_CONTAINMENT:
            wire += 1  # the two reports share wire text: a link is no error (copies_train.py)
            continue
        total += 1
        a = Doc.from_article(_article(_window(sa, 0), "n-a.example"))
        b = Doc.from_article(_article(_window(sb, 0), "n-b.example"))
        false += verify(a, b, embed).method is not None
    rows.append([f"windows of two reports of one event ({total} pairs; {wire} sharing wire "
                 "text left out)", "false links", f"{false} ({false / max(total, 1):.1%})"])
    return rows


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def realnews_rows() -> list[list[str]]:
    """detect_copies on each realnews corpus: pair P / R / F1 against the copy groups and
    links between reports labelled independent."""
    from newsdesk.config import load_settings
    from newsdesk.copies import detect_copies
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    if not REALNEWS.exists():
        return [["realnews", "skipped", f"{REALNEWS} missing"]]
    rows: list[list[str]] = []
    for corpus in sorted(p for p in REALNEWS.iterdir() if (p / "articles.jsonl").exists()):
        gold = _load(corpus / "articles.jsonl")
        with tempfile.TemporaryDirectory() as tmp:
            # The same input the evaluation tool gives the CLI: url, outlet, title, date, text.
            inp = Path(tmp) / "input.jsonl"
            url_of: dict[str, str] = {}
            with inp.open("w", encoding="utf-8") as f:
                for g in gold:
                    outlet = str(g.get("outlet") or "").split()[0] if g.get("outlet") else None
                    url = g["url"] if str(g.get("url") or "").startswith("http") \
                        else f"https://{outlet}/{g['id']}"
                    url_of[url] = g["id"]
                    f.write(json.dumps({"url": url, "outlet": outlet, "title": g.get("title"),
                                        "published": g.get("published"),
                                        "text": g["text"]}) + "\n")
            settings = load_settings(env={}, db=f"{tmp}/store.db", fetch_feed_links=False)
            with open_store(settings.db) as store:
                ingest([str(inp)], store, settings)
                started = time.perf_counter()
                summary = detect_copies(store)
                seconds = time.perf_counter() - started
                gid = {a.id: url_of[a.url] for a in store.iter_articles() if a.url in url_of}
                groups: dict[str, set[str]] = defaultdict(set)
                for aid, link in store.copy_links().items():
                    if aid in gid:
                        groups[link.copy_group].add(gid[aid])
        predicted = {frozenset(p) for m in groups.values()
                     for p in itertools.combinations(sorted(m), 2)}
        labelled: dict[str, set[str]] = defaultdict(set)
        for g in gold:
            if g.get("copy_group"):
                labelled[g["copy_group"]].add(g["id"])
        true = {frozenset(p) for m in labelled.values()
                for p in itertools.combinations(sorted(m), 2)}
        p, r, f = _prf(len(predicted & true), len(predicted - true), len(true - predicted))
        translations = summary.pairs.get("translation", 0)
        rows.append([f"realnews {corpus.name}: copy pairs ({len(true)}), detect_copies",
                     "P / R / F1", f"{p:.3f} / {r:.3f} / {f:.3f}"])
        rows.append([f"realnews {corpus.name}: links between independent reports",
                     "false links", str(len(predicted - true))])
        rows.append([f"realnews {corpus.name}: detection run", "articles, s, translations",
                     f"{summary.new_articles}, {seconds:.1f}s, {translations}"])
    return rows
