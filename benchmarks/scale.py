"""How newsdesk keeps up as the store grows: ingest + analyze cost per article at several sizes.

For each size N a fresh SQLite store gets N-100 real articles (``scale_data``: FNC-1 bodies,
PolNeAR, BASIL, AllSides; re-issues with a small edit past the pool, counted in the table),
then ``analyze``; then the same 100 held-out articles, dated the day after the store's last
one, and ``analyze`` again (the cost of what is new); then ``analyze`` with nothing new.
Each phase runs in its own process, so CPU (user + system, children included, from
``getrusage``) and peak RSS belong to that phase alone. CPU seconds, not wall time, are
the measure on a shared machine; the load average is printed with the table.

    python benchmarks/scale.py [--sizes 2000,20000] [--new 100] [--profile] [--keep DIR]
                               [--engine ray --ray-cpus 2] [--bases KEPT_DIR [--repeat N]]

``--keep DIR`` keeps each size's analysed store as it was before the new articles
(``store-N.db``) with the new articles' file; ``--bases DIR`` then times only the new
articles and the run with nothing new on a copy of it; ``--repeat N`` does that N times,
the sizes taking turns, and reports each round's ratio and the median run of each size (on
a shared machine one code's CPU-s move by 10% between runs).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import status_mb
from scale_data import DATA, Item, sample

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _write(items: list[Item], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item.record()) + "\n")


def phase(kind: str, db: str, source: str | None, profile: str | None) -> dict[str, Any]:
    """One phase in this process: ``ingest`` a JSONL file or ``analyze`` the store."""
    from newsdesk.analyze import analyze
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    settings = load_settings(db=db, engine=os.environ.get("SCALE_ENGINE") or None,
                             ray_cpus=int(os.environ.get("SCALE_RAY_CPUS", "0")) or None)
    stages: dict[str, float] = {}
    marks: list[tuple[str, float]] = []
    start_cpu, start = _cpu(), time.perf_counter()
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    with open_store(settings.db) as store:
        if kind == "ingest":
            assert source is not None
            ingest([source], store, settings)
        else:
            report = analyze(store, settings, log=lambda line: marks.append((line, _cpu())))
            marks.append(("end", _cpu()))
            for (name, at), (_next, until) in pairwise(marks):
                stages[name.rstrip(" …")] = until - at
            stages = {k: v for k, v in stages.items() if k in report.stages}
    if prof:
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(35)
        prof.dump_stats(f"{profile}.prof")  # the whole profile, for pstats by hand
        Path(profile or "").write_text(out.getvalue(), "utf-8")
    peak = status_mb()  # this phase's own peak (memory.py: ru_maxrss would be the parent's)
    return {"cpu": _cpu() - start_cpu, "wall": time.perf_counter() - start, "rss_mb": peak,
            "stages": stages}


def _run_phase(kind: str, db: str, source: Path | None, profile: Path | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", kind, "--db", db]
    if source:
        cmd += ["--source", str(source)]
    if profile:
        cmd += ["--profile-out", str(profile)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _checkpointed(path: Path) -> None:
    """Fold the store's write-ahead log into its file, so that copying the file copies it all."""
    from newsdesk.store import open_store

    with open_store(f"sqlite:///{path}") as store, store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _size(tmp: Path, size: int, new: int, profile: bool, keep: bool) -> dict[str, Any]:
    base, fresh = sample(size, new)
    base_file, new_file = tmp / f"base-{size}.jsonl", tmp / f"new-{size}.jsonl"
    _write(base, base_file)
    _write(fresh, new_file)
    grown = tmp / f"grown-{size}.db"
    db = f"sqlite:///{grown}"
    prof = (lambda name: tmp / f"profile-{size}-{name}.txt") if profile else (lambda name: None)
    out: dict[str, Any] = {"size": size, "reissues": sum(i.reissue for i in base)}
    out["ingest"] = _run_phase("ingest", db, base_file, None)
    out["analyze"] = _run_phase("analyze", db, None, prof("analyze"))
    if keep:  # the analysed store before the new articles: what --bases times them on
        _checkpointed(grown)
        shutil.copy(grown, tmp / f"store-{size}.db")
    out["ingest_new"] = _run_phase("ingest", db, new_file, None)
    out["analyze_new"] = _run_phase("analyze", db, None, prof("analyze_new"))
    out["noop"] = _run_phase("analyze", db, None, prof("noop"))
    out["store_mb"] = grown.stat().st_size / 2**20
    out["base"] = len(base)
    if profile:
        for name in ("analyze", "analyze_new", "noop"):
            print(f"--- profile of {name} at {size}: {tmp / f'profile-{size}-{name}.txt'}")
    return out


def _prepared(src: Path) -> Path:
    """The kept store as this code would have left it, made once beside it (named by the
    code's digest, so another version makes its own): stories written by an older release
    get their signatures, storylines are linked by this code, indexed texts get the
    language class this code keeps, and every story is checked
    once more, which leaves this code's
    pair verdicts (crosscheck.pair_memo) as a store it analysed holds them. Without that
    a grown story's first check here would judge all its pairs, once, in the timed run."""
    from newsdesk.copies.detect import fill_languages
    from newsdesk.crosscheck.pair_memo import code_digest
    from newsdesk.store import open_store
    from newsdesk.stories import cluster_store
    from newsdesk.storylines import link_store

    ready = src.with_name(f"{src.stem}.ready-{code_digest().hex()[:12]}.db")
    if ready.exists():
        return ready
    partial = src.with_name(ready.name + ".partial")
    for old in src.parent.glob(partial.name + "*"):
        old.unlink()
    shutil.copy(src, partial)
    db = f"sqlite:///{partial}"
    with open_store(db) as store:
        cluster_store(store)
        # The storylines as this code links them: analyze below re-links them only when
        # the stories changed, and a store whose storylines an older release linked would
        # have the timed run re-link and re-check them all.
        link_store(store)
        # The language class of each indexed text, as this code keeps it when it indexes
        # one: a kept store made before that column has none, and every timed run would
        # read the texts of its last 5,000 reports for them again (its batch keeps them,
        # but each run starts from this copy).
        fill_languages(store)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM story_checks")  # every story checked once more
            conn.exec_driver_sql("INSERT INTO check_pending (story_id) SELECT id FROM stories "
                                 "WHERE id NOT IN (SELECT story_id FROM check_pending)")
    print(f"preparing {ready.name} (every story checked once; a 20k store takes minutes)",
          file=sys.stderr, flush=True)
    _run_phase("analyze", db, None, None)
    _checkpointed(partial)
    partial.rename(ready)
    return ready


def _new_only(bases: Path, tmp: Path, size: int, profile: bool) -> dict[str, Any]:
    """The incremental phases of ``_size`` on a copy of the store an earlier run kept
    (brought up to this code once: ``_prepared``): the code under test then pays for the
    new articles only (a store of 20,000 takes an hour to build)."""
    from newsdesk.store import open_store

    src, new_file = bases / f"store-{size}.db", bases / f"new-{size}.jsonl"
    if not src.exists() or not new_file.exists():
        raise SystemExit(f"{src} or {new_file} is missing: run with --keep {bases} first")
    work = tmp / f"from-base-{size}"
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("store.db*"):
        old.unlink()
    shutil.copy(_prepared(src), work / "store.db")
    db = f"sqlite:///{work / 'store.db'}"
    with open_store(db) as store:
        base = sum(1 for _ in store.iter_article_meta())
    prof = (lambda name: work / f"profile-{name}.txt") if profile else (lambda name: None)
    out: dict[str, Any] = {"size": base + sum(1 for _ in new_file.open()), "base": base}
    out["ingest_new"] = _run_phase("ingest", db, new_file, None)
    with open_store(db) as store:
        if sum(1 for _ in store.iter_article_meta()) == base:
            # a store kept before this script kept its base apart holds the new articles
            # already: timing it would time nothing
            raise SystemExit(f"{src} already holds the articles of {new_file}: keep it again "
                             "with this script (--keep keeps the store before they arrive)")
    out["analyze_new"] = _run_phase("analyze", db, None, prof("analyze_new"))
    out["noop"] = _run_phase("analyze", db, None, prof("noop"))
    return out


def _table(results: list[dict[str, Any]], load: tuple[float, float]) -> None:
    print(f"load average (1 min) {load[0]:.2f} at the start, {load[1]:.2f} at the end "
          "(2 cores; CPU-s are the measure, wall time depends on the load)")
    print()
    print("| store | re-issues | ingest CPU-s/art | analyze CPU-s/art | end to end CPU-s/art | "
          "art/s per CPU | analyze wall s | analyze peak RSS MB | store MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        n = r["base"]
        ing, ana = r["ingest"]["cpu"] / n, r["analyze"]["cpu"] / n
        # wall time is the only fair measure of --engine ray: its workers' CPU is not
        # counted here (they are not children of this process)
        print(f"| {n} | {r['reissues']} | {ing:.3f} | {ana:.3f} | {ing + ana:.3f} | "
              f"{1 / (ing + ana):.1f} | {r['analyze']['wall']:.1f} | {r['analyze']['rss_mb']:.0f} | "
              f"{r['store_mb']:.0f} |")
    print()
    stages = sorted({s for r in results for s in r["analyze"]["stages"]},
                    key=lambda s: list(results[0]["analyze"]["stages"]).index(s)
                    if s in results[0]["analyze"]["stages"] else 99)
    print("analyze CPU-s per article, by stage (first run over the store):")
    print("| store | " + " | ".join(stages) + " |")
    print("|---:|" + "---:|" * len(stages))
    for r in results:
        st = r["analyze"]["stages"]
        print(f"| {r['base']} | " + " | ".join(f"{st.get(s, 0) / r['base']:.3f}" for s in stages) + " |")
    print()
    _new_table(results)
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"analyze peak RSS, first run: {b['analyze']['rss_mb'] / a['analyze']['rss_mb']:.2f}x")


def _new_table(results: list[dict[str, Any]]) -> None:
    """The incremental runs: the new articles, then a run with nothing new."""
    new = results[0]["size"] - results[0]["base"] if results else 0
    print(f"then {new} new articles (dated the day after the store's last), and a run with nothing new:")
    print("| store | ingest new CPU-s | analyze new CPU-s | analyze new peak RSS MB | "
          "nothing new: CPU-s | nothing new: wall s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['base']} + {r['size'] - r['base']} | {r['ingest_new']['cpu']:.1f} | "
              f"{r['analyze_new']['cpu']:.1f} | {r['analyze_new']['rss_mb']:.0f} | "
              f"{r['noop']['cpu']:.2f} | {r['noop']['wall']:.2f} |")
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"\n{b['size'] - b['base']} new on {b['size']} vs {a['size']}: "
              f"{b['analyze_new']['cpu'] / a['analyze_new']['cpu']:.2f}x CPU, "
              f"{b['analyze_new']['rss_mb'] / a['analyze_new']['rss_mb']:.2f}x peak RSS")
    for r in results:
        print(f"stages of the {r['size'] - r['base']}-new run at {r['size']}: "
              + ", ".join(f"{k} {v:.1f}" for k, v in r["analyze_new"]["stages"].items()))


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose new-articles CPU-s is the median (the lower one of an even count)."""
    ordered = sorted(runs, key=lambda r: r["analyze_new"]["cpu"])
    return ordered[(len(ordered) - 1) // 2]


def _rounds_table(rounds: list[list[dict[str, Any]]]) -> None:
    """Each round's new-articles CPU-s and peak RSS per size, and the last size's CPU-s
    over the first's."""
    print("| round | " + " | ".join(f"{r['size']}: analyze new CPU-s, peak RSS MB"
                                    for r in rounds[0]) + " | last / first |")
    print("|---:|" + "---:|" * (len(rounds[0]) + 1))
    for n, runs in enumerate(rounds, 1):
        cpu = [r["analyze_new"]["cpu"] for r in runs]
        print(f"| {n} | " + " | ".join(f"{r['analyze_new']['cpu']:.1f}, {r['analyze_new']['rss_mb']:.0f}"
                                       for r in runs) + f" | {cpu[-1] / cpu[0]:.2f}x |")
    print("(the table below: the median run of each size)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,5000", help="store sizes, comma-separated")
    parser.add_argument("--new", type=int, default=100, help="new articles per incremental run")
    parser.add_argument("--profile", action="store_true", help="cProfile each analyze phase")
    parser.add_argument("--keep", help="keep the stores and profiles in this folder")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON too")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="analyze's engine (Ray: a local cluster of --ray-cpus CPUs)")
    parser.add_argument("--ray-cpus", type=int, default=2)
    parser.add_argument("--bases", help="a --keep folder of an earlier run: time only the new "
                        "articles and the run with nothing new, on a copy of each size's "
                        "analysed store (the kept one is left as it is; a copy brought up to "
                        "this code is made beside it once)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="with --bases: time the new articles this many times, the sizes "
                        "taking turns, and report the median run of each size")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.db, args.source, args.profile_out)))
        return
    if not DATA.is_dir():
        print(f"skipped: {DATA} is missing")
        return
    # The phases run in child processes: they read the engine from the environment.
    os.environ["SCALE_ENGINE"], os.environ["SCALE_RAY_CPUS"] = args.engine, str(args.ray_cpus)
    print(f"engine: {args.engine}" + (f" (local cluster of {args.ray_cpus} CPUs)"
                                      if args.engine == "ray" else ""))
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsdesk-scale-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        _measure(args, tmp)
    finally:
        if not args.keep:
            _clean_up(tmp, args.profile)


def _clean_up(tmp: Path, profiled: bool) -> None:
    """Remove a run's own folder (its stores take 1.6 GB at 20k; every run used to leave
    one in the temporary folder), or, when it profiled, only its stores: the profiles stay
    where the run said they are."""
    if not profiled:
        shutil.rmtree(tmp, ignore_errors=True)
        return
    for path in sorted(tmp.rglob("*")):
        if path.is_file() and ".db" in path.name:
            path.unlink()
    print(f"profiles kept in {tmp}")


def _measure(args: argparse.Namespace, tmp: Path) -> None:
    """The rounds or sizes ``args`` asks for, in ``tmp``, with their tables."""
    load_start = os.getloadavg()[0]
    results: list[dict[str, Any]] = []
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.bases:
        rounds = []
        for n in range(max(args.repeat, 1)):
            rounds.append([_new_only(Path(args.bases), tmp, size, args.profile) for size in sizes])
            print(f"round {n + 1} done", file=sys.stderr, flush=True)
        print(f"load average (1 min) {load_start:.2f} at the start, {os.getloadavg()[0]:.2f} "
              f"at the end; analysed stores from {args.bases}")
        if len(rounds) > 1:
            _rounds_table(rounds)
        results = [_median_run([r[k] for r in rounds]) for k in range(len(sizes))]
        _new_table(results)
    else:
        for size in sizes:
            results.append(_size(tmp, size, args.new, args.profile, bool(args.keep)))
            print(f"size {size} done", file=sys.stderr, flush=True)
        _table(results, (load_start, os.getloadavg()[0]))
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
