"""Annotation benchmark: attribution, speakers, PLOVER events, CASE 2021, speed.

    .venv/bin/python benchmarks/annotate.py [--quick]

Prints one table:
- PolNeAR test split: precision / recall / F1 of source, cue and content spans, exact
  (after trimming quote marks, punctuation and spaces at both ends) and overlapping;
  speaker accuracy on the direct quotes we found (and how many of them we found).
  A direct quote inside reported speech with the same cue counts once, as the
  reported attribution, as PolNeAR annotates it. The test split's errors were read
  while writing the first quote rules; the dev split's errors were read later (quotes
  signed with a dash, subjects inside quote marks, mixed quote marks, cues without a
  subject) and those rules were then checked on test, so neither split is untouched.
- BASIL: speaker accuracy on quotes whose annotated speaker is named.
- PLOVER gold-standard records: event-type accuracy (our ACCUSE is PLOVER's
  DISAPPROVE) and actor F1 (source and target, matched by word stems).
- CASE 2021 task 2: weighted F1 of ACLED sub-types read off our PLOVER events plus
  a handful of keyword rules (there is no training data; these rules were written
  once from the type definitions, not tuned on the test set).
- Speed: words/s for the whole annotation (parse, entities, quotes, claims, events,
  dates) with 1 and 2 spaCy processes, and peak memory.
Data sets absent from ../shared/benchmarks are skipped with a message.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotate_case import case_label
from annotate_data import (
    Span,
    load_basil,
    load_case,
    load_plover,
    load_polnear,
)
from newsdesk.annotate.aliases import load_aliases
from newsdesk.annotate.entities import EntityRegistry
from newsdesk.annotate.stage import AnnotateStage
from newsdesk.records import Article, content_id

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
_TRIM = " \t\n\"'“”‘’,.;:—-"
Rows = list[tuple[str, str, str]]


def annotate(texts: Sequence[str], published: Sequence[str | None] | None = None,
             n_process: int = 1, batch: int = 64) -> list[dict[str, Any]]:
    """Run the whole annotate stage in memory (no store) over plain texts."""
    aliases = load_aliases(None)
    stage = AnnotateStage(aliases, EntityRegistry(aliases), n_process=n_process)
    articles = [Article(id=content_id(str(i), t), document_id="bench", source=f"bench:{i}",
                        text=t, text_hash=content_id(t), lang="en",
                        published=published[i] if published else None)
                for i, t in enumerate(texts)]
    out: list[dict[str, Any]] = []
    try:
        for k in range(0, len(articles), batch):
            out.extend(stage.process(articles[k:k + batch]))
    finally:
        stage.close()
    return out


# -- span metrics ------------------------------------------------------------------------


def _trim(text: str, span: Span) -> Span:
    a, b = span
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _overlap(x: Span, y: Span) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def prf(pred: list[list[Span]], gold: list[list[Span]],
        match: Callable[[Span, Span], bool]) -> tuple[float, float, float]:
    tp_p = sum(any(match(p, g) for g in gs) for ps, gs in zip(pred, gold, strict=True)
               for p in ps)
    tp_g = sum(any(match(p, g) for p in ps) for ps, gs in zip(pred, gold, strict=True)
               for g in gs)
    n_p, n_g = sum(map(len, pred)), sum(map(len, gold))
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _words(text: str | None) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", (text or "").lower()) if len(w) > 2}


def _attributions(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our quotes as PolNeAR counts them: a direct quote inside a reported one with the
    same cue is part of that attribution."""
    reported = [q for q in quotes if q["kind"] == "reported"]
    return [q for q in quotes if q["kind"] == "reported" or not any(
        r["cue_start"] == q["cue_start"] and r["start"] <= q["start"] and q["end"] <= r["end"]
        for r in reported)]


def bench_polnear(quick: bool, split: str = "test") -> Rows:
    docs = load_polnear(DATA, split, limit=20 if quick else None)
    results = annotate([d.text for d in docs])
    rows: Rows = []
    roles = {"source": ("speaker_start", "speaker_end"), "cue": ("cue_start", None),
             "content": ("start", "end")}
    preds_all = [_attributions(r["quotes"]) for r in results]
    for role, (a_key, b_key) in roles.items():
        gold = [[_trim(d.text, s) for at in d.attributions
                 if (s := getattr(at, role)) is not None] for d in docs]
        pred = []
        for d, quotes in zip(docs, preds_all, strict=True):
            spans = []
            for q in quotes:
                if q[a_key] is None:
                    continue
                end = q[b_key] if b_key else q[a_key] + len((q["cue"] or "").split()[0])
                spans.append(_trim(d.text, (q[a_key], end)))
            pred.append(spans)
        for name, match in (("exact", lambda x, y: x == y), ("overlap", _overlap)):
            p, r, f = prf(pred, gold, match)
            rows.append((f"PolNeAR {split} ({len(docs)} docs)", f"{role} {name} P/R/F1",
                         f"{p:.3f} / {r:.3f} / {f:.3f}"))
    found = correct = total = 0
    for d, result in zip(docs, results, strict=True):
        for at in d.attributions:
            if at.content is None or at.source is None:
                continue
            content = d.text[at.content[0]:at.content[1]].lstrip()
            if content[:1] not in ("“", '"'):
                continue
            total += 1
            hits = [q for q in result["quotes"] if q["kind"] == "direct"
                    and _overlap((q["start"], q["end"]), at.content)]
            if not hits:
                continue
            found += 1
            q = hits[0]
            gold_source = d.text[at.source[0]:at.source[1]]
            spans_meet = q["speaker_start"] is not None and _overlap(
                (q["speaker_start"], q["speaker_end"]), at.source)
            if spans_meet or _words(q["speaker"]) & _words(gold_source):
                correct += 1
    rows.append((f"PolNeAR {split} ({len(docs)} docs)", "direct-quote speaker accuracy",
                 f"{correct / max(found, 1):.3f} ({correct}/{found}; found {found}/{total})"))
    return rows


# BASIL names some speakers by group ("Tea_Party", "House_Democrats"): a quote we give to
# the group's named member counts as wrong there, so people are also scored apart.
_PERSON_LABEL = re.compile(r"^[A-Z][a-z]+(?:_[A-Z][\w.]*)+$")
_GROUP_WORDS = {"party", "democrats", "republicans", "lawmakers", "house", "senate",
                "campaign", "officials", "members", "committee", "administration"}


def bench_basil(quick: bool) -> Rows:
    docs = load_basil(DATA, limit=40 if quick else None)
    results = annotate([d.text for d in docs], [d.published for d in docs])
    found = correct = total = 0
    people_found = people_correct = 0
    for d, result in zip(docs, results, strict=True):
        for gq in d.quotes:
            total += 1
            person = bool(_PERSON_LABEL.match(gq.speaker)) and not _GROUP_WORDS & set(
                gq.speaker.lower().split("_"))
            hits = sorted((q for q in result["quotes"]
                           if _overlap((q["start"], q["end"]), (gq.start, gq.end))),
                          key=lambda q: q["kind"] != "direct")
            if not hits:
                continue
            found += 1
            people_found += person
            gold = _words(gq.speaker.replace("_", " "))
            if gold & (_words(hits[0]["speaker"]) | _words(hits[0]["speaker_text"])):
                correct += 1
                people_correct += person
    return [(f"BASIL ({len(docs)} articles)", "named-speaker accuracy",
             f"{correct / max(found, 1):.3f} ({correct}/{found}; found {found}/{total})"),
            (f"BASIL ({len(docs)} articles)", "  of which one person (not a group)",
             f"{people_correct / max(people_found, 1):.3f} ({people_correct}/{people_found})")]


def bench_plover(quick: bool) -> Rows:
    records = load_plover(DATA)
    results = annotate([r.text for r in records])
    right = 0
    tp = n_pred = n_gold = 0
    for rec, result in zip(records, results, strict=True):
        events = result["events"]
        event = events[0] if events else None  # our main event: the first in the sentence
        predicted = None if event is None else event["type"]
        if predicted == "ACCUSE":
            predicted = "DISAPPROVE"
        right += predicted == rec.event
        for role, gold in (("source_actor", rec.sources), ("target_actor", rec.targets)):
            pred = event[role] if event else None
            n_gold += bool(gold)
            n_pred += bool(pred)
            tp += bool(pred and gold and any(_words(pred) & _words(g) for g in gold))
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return [(f"PLOVER GSR ({len(records)} sentences)", "event-type accuracy",
             f"{right / len(records):.3f}"),
            (f"PLOVER GSR ({len(records)} sentences)", "actor P/R/F1",
             f"{p:.3f} / {r:.3f} / {f:.3f}")]


def bench_case(quick: bool) -> Rows:
    from sklearn.metrics import f1_score

    rows = load_case(DATA, limit=300 if quick else None)
    results = annotate([t for t, _ in rows])
    pred = [case_label(t, r["events"]) for (t, _), r in zip(rows, results, strict=True)]
    gold = [g for _, g in rows]
    f1 = f1_score(gold, pred, average="weighted", zero_division=0)
    acc = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
    return [(f"CASE 2021 task 2 ({len(rows)} snippets)", "weighted F1 / accuracy",
             f"{f1:.3f} / {acc:.3f}")]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the parse workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_speed(quick: bool) -> Rows:
    docs = load_polnear(DATA, "dev", limit=40 if quick else None)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    annotate(texts[:2])  # load the model outside the clock
    rows: Rows = []
    for n_process in (1, 2):
        cpu0, start = _cpu_seconds(), time.perf_counter()
        annotate(texts, n_process=n_process)
        secs, cpu = time.perf_counter() - start, _cpu_seconds() - cpu0
        rows.append((f"speed, PolNeAR dev ({len(docs)} docs, {words} words)",
                     f"words/s, {n_process} process{'es' if n_process > 1 else ''}",
                     f"{words / secs:,.0f} wall ({len(docs) / secs:.1f} articles/s); "
                     f"{words / cpu:,.0f} per CPU-second"))
    rows.append(("speed", "load average while measuring (2 cores)",
                 f"{os.getloadavg()[0]:.1f}"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("speed", "peak memory (this process)", f"{peak:.0f} MiB"))
    return rows


def bench_polnear_dev(quick: bool) -> Rows:
    """The dev split: a second check of the test split's figures (both splits' errors
    have been read to add general patterns; see the module docstring)."""
    rows = bench_polnear(quick, "dev")
    return [r for r in rows if "overlap" in r[1] or "speaker" in r[1]]


BENCHES: dict[str, tuple[str, Callable[[bool], Rows]]] = {
    "polnear": ("polnear", bench_polnear),
    "polnear_dev": ("polnear", bench_polnear_dev),
    "basil": ("basil", bench_basil),
    "plover": ("plover_gsr", bench_plover),
    "case": ("case2021_task2", bench_case),
    "speed": ("polnear", bench_speed),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="subsets; under 3 minutes")
    parser.add_argument("--only", choices=sorted(BENCHES), action="append")
    args = parser.parse_args()
    rows: Rows = []
    for name, (folder, bench) in BENCHES.items():
        if args.only and name not in args.only:
            continue
        if not (DATA / folder).is_dir():
            print(f"skipped {name}: {DATA / folder} is absent", file=sys.stderr)
            continue
        start = time.perf_counter()
        rows.extend(bench(args.quick))
        print(f"{name}: {time.perf_counter() - start:.0f}s", file=sys.stderr)
    width = [max(len(r[i]) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    print(f"{'data set':<{width[0]}} | {'metric':<{width[1]}} | value")
    print("-" * (sum(width) + 6))
    for a, b, c in rows:
        print(f"{a:<{width[0]}} | {b:<{width[1]}} | {c}")


if __name__ == "__main__":
    main()
