"""Ingest benchmark: quality on the demo corpus's ground truth and the seeds, and speed
for text, JSONL, HTML and WARC inputs, with plain trafilatura on the same HTML.

    .venv/bin/python benchmarks/ingest.py [--quick] [--n N]

Speed inputs are generated from the demo corpus (see ingest_data.py): N articles per
format (5,000; 500 with --quick), written as one .txt per article, JSONL files of
500 records, one .html page per article in the demo's page layouts, and WARC.gz files
of 1,000 response records holding the same pages. Each run happens in a fresh process
(`--worker`), so its peak memory (VmHWM, else ru_maxrss; imports included) is its own;
articles/s counts the ingest call only, into a fresh SQLite store, corpus-level cleaning
included, in wall time and in the worker's own CPU time.
Quality is measured on the demo corpus's ground truth, the two seeds, and two public
sets in ../shared/benchmarks read in place (see ingest_real.py): article_extraction (181
real pages with their gold text; trafilatura's defaults scored beside newsdesk) and
real_feeds (27 saved feeds, ingested with links not fetched); absent ones are skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_data import DEMO, SEEDS, fakes, write_html, write_jsonl, write_text, write_warc
from ingest_real import FEEDS, PAGES, feeds_quality, pages_quality
from memory import status_mb

SEED_000_PROMO = 2  # seed 000 carries a "Live briefing" line and its "click here" line


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _store(db: Path) -> Any:
    from newsdesk.config import load_settings
    from newsdesk.store import open_store

    settings = load_settings(env={}, db=str(db), fetch_feed_links=False)
    return settings, open_store(settings.db)


# -- workers: each runs in its own process ------------------------------------------


def worker_ingest(folder: str, db: str) -> dict[str, Any]:
    from newsdesk.ingest import ingest

    settings, store = _store(Path(db))
    started, cpu = time.perf_counter(), _cpu_seconds()
    report = ingest([folder], store, settings)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"articles": store.count_articles(), "seconds": seconds, "cpu": cpu,
            "rejected": len(report.rejected), "peak_mb": status_mb()}


def worker_trafilatura(folder: str) -> dict[str, Any]:
    import trafilatura

    pages = sorted(Path(folder).glob("*.html"))
    started, cpu = time.perf_counter(), _cpu_seconds()
    extracted = 0
    for path in pages:
        doc = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
        extracted += bool(doc is not None and doc.text)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"articles": extracted, "seconds": seconds, "cpu": cpu,
            "rejected": len(pages) - extracted, "peak_mb": status_mb()}


def worker_generate(folder: str, n: str) -> dict[str, Any]:
    tmp = Path(folder)
    source, items = fakes(int(n))
    write_text(items, tmp / "text")
    write_jsonl(items, tmp / "jsonl")
    write_warc(write_html(items, tmp / "html"), tmp / "warc")
    return {"source": source}


def _truth_key(source: str, url: str | None) -> str:
    if url:
        return url
    path = source.split("#", 1)[0]
    return "file:" + path.split("/demo/", 1)[1] if "/demo/" in path else "file:" + path


def worker_quality(db: str) -> dict[str, Any]:
    """Demo corpus and seeds, ingested into one store each, checked against the truth."""
    from newsdesk.ingest import ingest

    out: dict[str, Any] = {}
    if (DEMO / "ground_truth.json").exists():
        settings, store = _store(Path(db))
        ingest([str(DEMO / "corpus")], store, settings)
        truth = {a["key"]: a for a in json.loads(
            (DEMO / "ground_truth.json").read_text("utf-8"))["articles"]}
        full = {k for k, t in truth.items()
                if not t.get("summary_only") and not t.get("headline_only")}
        stored = {_truth_key(a.source, a.url): a for a in store.iter_articles()}
        found = [k for k in full if k in stored]
        out["demo"] = {
            "articles": (len(found), len(full)),
            "extra": len(set(stored) - full),
            **{field: (sum(getattr(stored[k], field) == truth[k][field] for k in found),
                       len(found)) for field in ("title", "published", "lang")},
            "outlet": (sum(stored[k].outlet in (truth[k]["outlet"], truth[k]["outlet_name"])
                           for k in found), len(found)),
            "boilerplate_out": (
                sum(line not in stored[k].text.split("\n") for k in found
                    for line in truth[k]["boilerplate_lines"]),
                sum(len(truth[k]["boilerplate_lines"]) for k in found)),
            "removed_right": (
                sum(line in truth[k]["boilerplate_lines"] for k in found
                    for line in stored[k].removed_lines),
                sum(len(stored[k].removed_lines) for k in found)),
        }
        store.close()
    if SEEDS.is_dir():
        settings, store = _store(Path(db).with_suffix(".seeds.db"))
        ingest([str(SEEDS)], store, settings)
        articles = list(store.iter_articles())
        removed = [line for a in articles for line in a.removed_lines]
        out["seeds"] = {"articles": (len(articles), 2),
                        "promo_out": (sum("click here" in ln or "Live briefing" in ln
                                          for ln in removed), SEED_000_PROMO)}
        store.close()
    return out


def worker_real(db: str) -> dict[str, Any]:
    """article_extraction and real_feeds (../shared/benchmarks), read in place."""
    out: dict[str, Any] = {}
    if (PAGES / "ground-truth.json").exists():
        out["pages"] = pages_quality(Path(db).with_suffix(".pages.db"))
    if FEEDS.is_dir():
        out["feeds"] = feeds_quality(Path(db).with_suffix(".feeds.db"))
    return out


def _run_worker(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- the table -----------------------------------------------------------------------


def _ratio(pair: tuple[int, int] | list[int]) -> str:
    got, total = pair
    return f"{got}/{total} ({100 * got / total:.1f}%)" if total else "0/0"


def quality_rows(tmp: Path) -> list[tuple[str, str, str]]:
    result = _run_worker("quality", str(tmp / "quality.db"))
    rows = []
    if "demo" in result:
        d = result["demo"]
        rows += [("demo corpus", "articles ingested (full text in source)", _ratio(d["articles"])),
                 ("demo corpus", "articles not in the truth", str(d["extra"]))]
        rows += [("demo corpus", f"{field} correct", _ratio(d[field]))
                 for field in ("title", "published", "outlet", "lang")]
        rows += [("demo corpus", "boilerplate lines out of the text", _ratio(d["boilerplate_out"])),
                 ("demo corpus", "removed lines that are boilerplate", _ratio(d["removed_right"]))]
    else:
        print("demo corpus absent (demo/ground_truth.json): its quality rows are skipped")
    if "seeds" in result:
        s = result["seeds"]
        rows += [("seeds", "articles ingested", _ratio(s["articles"])),
                 ("seeds", "seed 000 promo lines removed", _ratio(s["promo_out"]))]
    else:
        print(f"seeds absent ({SEEDS}): their quality rows are skipped")
    return rows + real_rows(_run_worker("real", str(tmp / "real.db")))


def real_rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = []
    if "pages" in result:
        p = result["pages"]
        ours, base = p["ours"], p["trafilatura"]
        rows += [("article_extraction", "pages kept", _ratio((p["kept"], p["pages"]))),
                 ("article_extraction", "shingle F1 (P / R)",
                  f"{ours[2]:.3f} ({ours[0]:.3f} / {ours[1]:.3f})"),
                 ("article_extraction", "trafilatura.extract() defaults, same pages",
                  f"{base[2]:.3f} ({base[0]:.3f} / {base[1]:.3f})"),
                 ("article_extraction", "dates right (URL or markup states one)",
                  _ratio((p["dates_right"], p["dated"])))]
    else:
        print(f"article_extraction absent ({PAGES}): its rows are skipped")
    if "feeds" in result:
        f = result["feeds"]
        langs = f["langs"]
        es, sk = langs.get("lanacion.xml", {}), langs.get("aktuality.rss", {})
        rows += [("real_feeds", "entries stored, links not fetched", _ratio((f["stored"], f["entries"]))),
                 ("real_feeds", "full-text entries stored", _ratio((f["full_stored"], f["full"]))),
                 ("real_feeds", "stored entries whose outlet is the feed's site",
                  _ratio((f["outlet_right"], f["stored"]))),
                 ("real_feeds", "Spanish feed (lanacion): entries read as es",
                  _ratio((es.get("es", 0), sum(es.values())))),
                 ("real_feeds", "Slovak feed (aktuality, teasers): entries read as sk",
                  _ratio((sk.get("sk", 0), sum(sk.values()))))]
    else:
        print(f"real_feeds absent ({FEEDS}): its rows are skipped")
    return rows


def speed_rows(tmp: Path, n: int) -> tuple[str, list[tuple[str, ...]]]:
    started = time.perf_counter()
    source = _run_worker("generate", str(tmp), str(n))["source"]
    print(f"generated {n:,} articles per format from the {source} "
          f"in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    rows = []
    for label, args in [("text (.txt files)", ("ingest", str(tmp / "text"), str(tmp / "t.db"))),
                        ("JSONL", ("ingest", str(tmp / "jsonl"), str(tmp / "j.db"))),
                        ("HTML (.html files)", ("ingest", str(tmp / "html"), str(tmp / "h.db"))),
                        ("WARC.gz", ("ingest", str(tmp / "warc"), str(tmp / "w.db"))),
                        ("plain trafilatura, same HTML", ("trafilatura", str(tmp / "html")))]:
        r = _run_worker(*args)
        rows.append((label, f"{r['articles']:,}", f"{r['rejected']:,}", f"{r['seconds']:.1f}",
                     f"{r['articles'] / r['seconds']:.0f}", f"{r['cpu']:.1f}",
                     f"{r['articles'] / r['cpu']:.0f}", f"{r['peak_mb']:.0f}"))
        print(f"  {label}: done", file=sys.stderr)
    return source, rows


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), "  ".join("-" * w for w in widths)]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 articles per format")
    parser.add_argument("--n", type=int, default=None, help="articles per format")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        fn = {"ingest": worker_ingest, "trafilatura": worker_trafilatura,
              "quality": worker_quality, "generate": worker_generate, "real": worker_real}[kind]
        print(json.dumps(fn(*rest)))
        return
    n = args.n or (500 if args.quick else 5000)
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-bench-ingest-"))
    try:
        quality = quality_rows(tmp)
        source, speed = speed_rows(tmp, n)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nIngest quality")
    print(_table(("data set", "measure", "result"), quality))
    print(f"\nIngest speed: {n:,} articles per format generated from the {source}; "
          "one process per row, fresh SQLite store")
    print("(CPU columns count this process's own CPU time: on a shared machine they move less"
          " than wall time)")
    print(_table(("input", "articles", "rejected", "wall s", "articles/s", "CPU s",
                  "articles/CPU-s", "peak RSS MB"), speed))


if __name__ == "__main__":
    main()
