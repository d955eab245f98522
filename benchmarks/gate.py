"""Quality gate: real-coverage numbers that a change may not lower silently.

Runs ``../shared/tools/realnews_eval.py`` through newsdesk's own command line on each
realnews corpus (a fresh store, default settings) and compares what it prints with the
floors pinned in ``benchmarks/gate_floors.json``: a score may not fall below its floor
and a count of false results may not rise above its ceiling. Each corpus is also run
with its reports in reverse order (every copy before the report it copies, every
follow-up before its event), and every number must be the same: the results may not
depend on the order the reports arrive in. A number known to depend on it is listed under
the corpus's ``order_may_change`` in the floors file, with the reason; it is shown, not
failed. The reordered file is written to a temporary folder for the run and deleted after
it (the texts stay where ../shared keeps them).

    python benchmarks/gate.py                 # check; exit 1 on a regression
    python benchmarks/gate.py --write         # raise the pinned floors to today's numbers
    python benchmarks/gate.py --write --allow-regression   # also lower them (say why in the commit)
    python benchmarks/gate.py --no-order      # skip the reversed-order run (half the time)

``--write`` never lowers a floor (or raises a ceiling) unless ``--allow-regression`` is
given. When ``../shared`` is absent the gate says so and passes: it needs the corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "tools" / "realnews_eval.py"
CORPORA = SHARED / "benchmarks" / "realnews"
FLOORS = Path(__file__).with_name("gate_floors.json")
SLACK = 0.005  # rounding in the printed scores


@dataclass(frozen=True, slots=True)
class Metric:
    """One pinned number: where it sits in realnews_eval's JSON and which way is better."""

    name: str
    path: tuple[str, ...]
    higher_is_better: bool = True


METRICS = (
    Metric("events_f1", ("events", "F1")),
    Metric("copies_f1", ("copies", "F1")),
    Metric("copies_false_links", ("copies", "fp"), higher_is_better=False),
    Metric("disputes_recall", ("disputes", "recall")),
    Metric("disputes_known_false", ("disputes", "known_false"), higher_is_better=False),
    Metric("corroboration_recall", ("corroboration", "recall")),
    Metric("corroboration_with_conflict", ("corroboration", "with_conflict"), higher_is_better=False),
    Metric("quotes_accuracy", ("quotes", "accuracy")),
)


def newsdesk_bin() -> str:
    """NEWSDESK_BIN if set (a checkout without its own venv), else the project's venv."""
    local = ROOT / ".venv" / "bin" / "newsdesk"
    found = os.environ.get("NEWSDESK_BIN") or (str(local) if local.exists() else shutil.which("newsdesk"))
    if not found:
        raise SystemExit("gate: no newsdesk command (run `make setup` first)")
    return found


def measure(corpus: str, folder: Path | None = None) -> dict[str, float]:
    """realnews_eval's numbers for one corpus (read from ``folder`` when given), by
    metric name."""
    done = subprocess.run(
        [sys.executable, str(EVAL), newsdesk_bin(), str(folder or CORPORA / corpus), "--json"],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"gate: realnews_eval failed on {corpus}:\n{done.stdout[-800:]}{done.stderr[-800:]}")
    result = json.loads(done.stdout)
    numbers: dict[str, float] = {}
    for metric in METRICS:
        value: object = result
        for key in metric.path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            numbers[metric.name] = float(value)
    return numbers


def measure_reversed(corpus: str) -> dict[str, float]:
    """``measure`` on the corpus with its reports in reverse order: the labels as they
    are, articles.jsonl's lines reversed, in a temporary folder deleted afterwards."""
    source = CORPORA / corpus
    with tempfile.TemporaryDirectory(prefix=f"gate-{corpus}-") as tmp:
        folder = Path(tmp)
        for path in source.iterdir():
            if path.is_file() and path.name != "articles.jsonl":
                shutil.copyfile(path, folder / path.name)
        lines = (source / "articles.jsonl").read_text("utf-8").splitlines(keepends=True)
        (folder / "articles.jsonl").write_text("".join(reversed(lines)), "utf-8")
        return measure(corpus, folder)


def order_changes(forward: dict[str, float], backward: dict[str, float]) -> list[str]:
    """The numbers that differ between two input orders (beyond print rounding)."""
    return [f"{m.name}: {forward.get(m.name)} in the corpus order, {backward.get(m.name)} reversed"
            for m in METRICS if (m.name in forward or m.name in backward)
            and (m.name not in forward or m.name not in backward
                 or abs(forward[m.name] - backward[m.name]) > SLACK)]


ORDER_EXCEPTIONS = "order_may_change"  # in a corpus's floors: metric -> why it may


def order_failures(changed: list[str], pinned: dict[str, Any]) -> list[str]:
    """The order changes not listed as known for the corpus."""
    known = pinned.get(ORDER_EXCEPTIONS) or {}
    return [line for line in changed if line.split(":")[0] not in known]


def regressions(pinned: dict[str, float], now: dict[str, float]) -> list[str]:
    problems = []
    for metric in METRICS:
        if metric.name not in pinned:
            continue
        floor, value = pinned[metric.name], now.get(metric.name)
        if value is None:
            problems.append(f"{metric.name}: not reported (pinned {floor})")
        elif metric.higher_is_better and value < floor - SLACK:
            problems.append(f"{metric.name}: {value:.3f} below its floor {floor:.3f}")
        elif not metric.higher_is_better and value > floor + SLACK:
            problems.append(f"{metric.name}: {value:g} above its ceiling {floor:g}")
    return problems


def merged(pinned: dict[str, float], now: dict[str, float], allow_regression: bool) -> dict[str, float]:
    """The floors to write: today's number where it is better (or where lowering is allowed)."""
    out = dict(pinned)
    for metric in METRICS:
        if metric.name not in now:
            continue
        value, old = now[metric.name], pinned.get(metric.name)
        better = old is None or (value > old if metric.higher_is_better else value < old)
        if better or allow_regression:
            out[metric.name] = value
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="pin today's numbers where they are better")
    ap.add_argument("--allow-regression", action="store_true", help="with --write: also lower floors")
    ap.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    ap.add_argument("--no-order", action="store_true", help="skip the reversed-order run")
    args = ap.parse_args()
    if args.allow_regression and not args.write:
        ap.error("--allow-regression only makes sense with --write")
    if not EVAL.exists() or not CORPORA.exists():
        print(f"gate: skipped, {SHARED} with the realnews corpora is not here")
        return 0
    floors: dict[str, dict[str, Any]] = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    corpora = args.corpus or sorted(floors) or ["baltimore", "crowdstrike"]
    failed = False
    print(f"{'corpus':<12} {'metric':<28} {'now':>7} {'pinned':>7}  verdict")
    for corpus in corpora:
        now = measure(corpus)
        pinned = floors.get(corpus, {})
        bad = {line.split(":")[0] for line in regressions(pinned, now)}
        for metric in METRICS:
            if metric.name in now:
                mark = "REGRESSION" if metric.name in bad else "ok"
                shown = f"{pinned[metric.name]:7.3f}" if metric.name in pinned else "      -"
                print(f"{corpus:<12} {metric.name:<28} {now[metric.name]:7.3f} {shown}  {mark}")
        failed = failed or bool(bad)
        if not args.no_order:
            changed = order_changes(now, measure_reversed(corpus))
            bad_order = order_failures(changed, pinned)
            known = pinned.get(ORDER_EXCEPTIONS) or {}
            for line in changed:
                why = "" if line in bad_order else f"  (known: {known[line.split(':')[0]]})"
                print(f"{corpus:<12} {'ORDER' if line in bad_order else 'order'} {line}{why}")
            if not changed:
                print(f"{corpus:<12} reversed input order: every number the same")
            failed = failed or bool(bad_order)
        if args.write:
            floors[corpus] = merged(pinned, now, args.allow_regression)
    if args.write:
        FLOORS.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n")
        print(f"gate: floors written to {FLOORS.name}")
        return 0
    if failed:
        print("gate: FAILED — a realnews number fell below its pinned floor, or changed with "
              "the input order (fix it, or re-pin with --write --allow-regression and say why)")
        return 1
    print("gate: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
