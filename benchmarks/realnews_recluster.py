"""Re-cluster a realnews store that `realnews_eval.py --keep` left, and score its events.

    .venv/bin/python ../shared/tools/realnews_eval.py .venv/bin/newsdesk \\
        ../shared/benchmarks/realnews/baltimore --keep /tmp/rn-baltimore      # once
    .venv/bin/python benchmarks/realnews_recluster.py /tmp/rn-baltimore \\
        ../shared/benchmarks/realnews/baltimore [--stories] [--titles]

The kept store already holds what annotate and copies wrote and the story features;
this copies it, drops its stories and storylines, and runs the stories and storylines
stages of the current code on the copy (features of another FEATURES_VERSION are
rebuilt). It prints the events line of realnews_eval.py (same scorer, same copy
handling, so the same number a full run gives when annotate and copies are unchanged)
and the storylines criterion of issue 12: the reports of the story's events (labels not
starting with D) in one storyline, and the distractor events that join it. A full eval
takes minutes (annotate); this takes seconds, which is what tuning story matching
needs. It measures the events line only: disputes, corroboration and quotes depend on
the stories too and need the full eval before a change is kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "tools" / "realnews_eval.py"


@dataclass(frozen=True, slots=True)
class StorylineCheck:
    inside: int  # reports of the story's events in its main storyline
    total: int  # reports of the story's events
    storylines: int  # storylines holding reports of the story's events
    distractors: list[str]  # distractor events with a report in the main storyline


def storyline_check(line_of: Mapping[str, str], event_of: Mapping[str, str]) -> StorylineCheck:
    """The storylines criterion: ``line_of`` maps a report to its storyline, ``event_of``
    to its labelled event (distractors start with D). The main storyline is the one
    holding most reports of the story's events."""
    story = [a for a in event_of if not event_of[a].startswith("D") and a in line_of]
    if not story:
        return StorylineCheck(0, 0, 0, [])
    counts: dict[str, int] = defaultdict(int)
    for a in story:
        counts[line_of[a]] += 1
    main = max(sorted(counts), key=lambda lid: counts[lid])
    joined = sorted({event_of[a] for a, lid in line_of.items()
                     if lid == main and a in event_of and event_of[a].startswith("D")})
    return StorylineCheck(counts[main], len(story), len(counts), joined)


def gold_urls(rows: list[dict]) -> dict[str, dict]:
    """Labelled rows by the URL realnews_eval.py ingests them under."""
    out = {}
    for g in rows:
        outlet = str(g.get("outlet") or "").split()[0] if g.get("outlet") else None
        url = g.get("url") if str(g.get("url") or "").startswith("http") \
            else f"https://{outlet}/{g['id']}"
        out[str(url)] = g
    return out


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("realnews_eval", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bcubed


def recluster(kept: Path, corpus: Path, stories: bool, titles: bool) -> None:
    from newsdesk.store import open_store
    from newsdesk.stories import cluster_store
    from newsdesk.storylines import link_store

    gold = [json.loads(line) for line in (corpus / "articles.jsonl").open(encoding="utf-8")
            if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="recluster-")) / "store.db"
    shutil.copy(kept / "store.db", work)
    try:
        store = open_store(f"sqlite:///{work}")
        with store.transaction() as tx:
            for s in store.stories():
                tx.delete_story(s.id)
            tx.replace_storylines([])
        cluster_store(store)
        link_store(store)
        by_url = gold_urls(gold)
        gid = {a.id: by_url[a.url]["id"]
               for a in store.get_articles([m.id for m in store.iter_article_meta()])
               if a.url in by_url}
        event_of = {g["id"]: g["event"] for g in gold}
        story_of = {gid[a]: s for a, s in store.story_of().items() if a in gid}
        line_by_story = store.storyline_of()
        line_of = {a: line_by_story.get(s, s) for a, s in story_of.items()}
        p, r, f = _scorer()(story_of, event_of)
        check = storyline_check(line_of, event_of)
        print(f"{corpus.name}: events B3 P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
              f"({len(set(story_of.values()))} stories for {len(set(event_of.values()))} "
              f"labelled events)")
        print(f"  storylines: {check.inside}/{check.total} reports of the story's events in "
              f"its main storyline ({check.storylines} storylines hold them); distractor "
              f"events in it: {', '.join(check.distractors) or 'none'}")
        if stories:
            _print_stories(story_of, line_of, event_of, gold if titles else [])
        store.close()
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def _print_stories(story_of: Mapping[str, str], line_of: Mapping[str, str],
                   event_of: Mapping[str, str], gold: list[dict]) -> None:
    """Each story (storyline, story id, labels), its reports sorted by label; titles are
    shown from the corpus in place (never written anywhere) when ``gold`` is given."""
    members: dict[str, list[str]] = defaultdict(list)
    for a, s in story_of.items():
        members[s].append(a)
    title = {g["id"]: (g.get("title") or g["text"][:80]).replace("\n", " ") for g in gold}
    for s, ids in sorted(members.items(), key=lambda kv: (line_of[kv[1][0]], kv[0])):
        ids.sort(key=lambda a: (event_of[a], a))
        print(f"  [{line_of[ids[0]][:6]}] {s[:8]}  {' '.join(event_of[a] for a in ids)}")
        if not title:
            print(f"      {' '.join(ids)}")
        for a in ids if title else []:
            print(f"      {a} {event_of[a]:4} {title[a][:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kept", type=Path, help="folder realnews_eval.py --keep wrote")
    parser.add_argument("corpus", type=Path, help="realnews corpus folder (articles.jsonl)")
    parser.add_argument("--stories", action="store_true", help="list every story")
    parser.add_argument("--titles", action="store_true", help="with --stories: titles too")
    args = parser.parse_args()
    if not (args.kept / "store.db").exists():
        sys.exit(f"{args.kept / 'store.db'} is missing: run realnews_eval.py --keep first")
    if not EVAL.exists():
        sys.exit(f"{EVAL} is missing (the shared tools live beside the checkout)")
    recluster(args.kept, args.corpus, args.stories, args.titles)


if __name__ == "__main__":
    main()
