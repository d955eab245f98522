"""Storylines over the labelled events of a kept realnews store: linking alone, scored.

    python benchmarks/realnews_storylines.py /tmp/rn-b ../shared/benchmarks/realnews/baltimore [--pairs]

``realnews_recluster.py`` scores storylines over the stories the clustering made, so a
distractor report clustered into an event's story enters its storyline whatever linking
does. This replaces the stories of a copy of the kept store by the labelled events (one
story per label, its reports as members), links them with the current code and prints
the storylines by label and the issue-12 criterion. ``--pairs`` adds the similarity and
time factor between every two labelled events (labels only; no corpus text is printed).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realnews_recluster import gold_urls, storyline_check


def main() -> None:
    from newsdesk.records import Story
    from newsdesk.store import open_store
    from newsdesk.storylines import link_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kept", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pairs", action="store_true")
    args = parser.parse_args()
    gold = [json.loads(line) for line in (args.corpus / "articles.jsonl").open(encoding="utf-8")
            if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="rn-lines-")) / "store.db"
    shutil.copy(args.kept / "store.db", work)
    try:
        store = open_store(f"sqlite:///{work}")
        by_url = gold_urls(gold)
        articles = store.get_articles([m.id for m in store.iter_article_meta()])
        label = {a.id: by_url[a.url]["event"] for a in articles if a.url in by_url}
        published = {a.id: a.published for a in articles}
        members: dict[str, list[str]] = defaultdict(list)
        for a in articles:
            if a.id in label:
                members[label[a.id]].append(a.id)
        with store.transaction() as tx:
            for s in store.stories():
                tx.delete_story(s.id)
            tx.replace_storylines([])
            for event, ids in sorted(members.items()):
                dates = sorted(d for m in ids if (d := published[m]))
                tx.put_story(Story(f"event-{event}", event, ids, len(ids),
                                   dates[0] if dates else None, dates[-1] if dates else None))
        link_store(store)
        line_by_story = store.storyline_of()
        lines: dict[str, list[str]] = defaultdict(list)
        for sid, lid in line_by_story.items():
            lines[lid].append(sid.removeprefix("event-"))
        for lid, events in sorted(lines.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"  [{lid[:6]}] {' '.join(sorted(events))}")
        line_of = {a: line_by_story[f"event-{e}"] for a, e in label.items()}
        check = storyline_check(line_of, label)
        print(f"{args.corpus.name} (labelled events as stories): {check.inside}/{check.total} "
              f"reports of the story's events in its main storyline ({check.storylines} "
              f"storylines hold them); distractor events in it: "
              f"{', '.join(check.distractors) or 'none'}")
        if args.pairs:
            _pairs(store)
        store.close()
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def _pairs(store) -> None:  # type: ignore[no-untyped-def]
    from newsdesk.storylines.link import GAP_DAYS, GAP_SPAN, ISOLATED_DAYS, pair_similarity
    from newsdesk.storylines.pairs import near_pairs
    from newsdesk.storylines.profile import StoryProfile

    profiles = {k: StoryProfile.from_row(r) for k, r in store.storyline_profiles().items()}
    names = sorted(profiles)
    chosen = [profiles[k] for k in names]
    pairs = near_pairs([p.days for p in chosen], GAP_DAYS, GAP_SPAN, ISOLATED_DAYS)
    sim = pair_similarity(chosen, pairs, lambda _wanted: None)
    print("  pairs (similarity x time factor, time factor):")
    for a, b, s, f in sorted(zip(pairs.i.tolist(), pairs.j.tolist(), sim.tolist(),
                                 pairs.fade.tolist(), strict=True), key=lambda r: -r[2]):
        if s > 0:
            print(f"    {names[a].removeprefix('event-'):>4} {names[b].removeprefix('event-'):>4}"
                  f"  {s:.2f}  {f:.2f}")


if __name__ == "__main__":
    main()
