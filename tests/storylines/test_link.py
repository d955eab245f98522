"""Storylines: the demo's events of one developing story linked, unrelated ones apart."""

from __future__ import annotations

import json
import random
from collections import Counter

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.records import Story
from newsdesk.store import open_store
from newsdesk.stories import cluster_store
from newsdesk.stories.service import load_features
from newsdesk.storylines import build_storylines, link_store
from newsdesk.storylines.views import storyline_detail

from ..conftest import truth_key


def _storyline_of_truth(url: str, truth: dict) -> dict[str, str]:
    """Ground-truth story id -> the storyline most of its articles ended in."""
    gold = {a["key"]: a["story"] for a in truth["articles"] if a["story"]}
    with open_store(url) as s:
        story_of, line_of = s.story_of(), s.storyline_of()
        votes: dict[str, Counter[str]] = {}
        for a in s.iter_articles():
            g = gold.get(truth_key(a.source, a.url))
            if g and a.id in story_of:
                votes.setdefault(g, Counter())[line_of[story_of[a.id]]] += 1
    return {g: c.most_common(1)[0][0] for g, c in votes.items()}


def test_link_demo_follow_up_joins_its_storyline_and_unrelated_stay_apart(linked_demo,
                                                                          demo_truth):
    line = _storyline_of_truth(linked_demo, demo_truth)
    # S4 (the bridge the two leaders cross together) follows S2 (their talks two days
    # earlier): two events, one developing story.
    assert line["S2"] == line["S4"]
    # Floods, an acquisition and a library reopening are storylines of their own.
    others = [line["S1"], line["S3"], line["S5"]]
    assert len(set(others)) == 3
    assert line["S2"] not in others


def test_link_every_story_in_exactly_one_storyline(linked_demo):
    with open_store(linked_demo) as s:
        stories = {st.id for st in s.stories()}
        lines = s.storylines()
    listed = [sid for line in lines for sid in line.stories]
    assert sorted(listed) == sorted(stories)
    for line in lines:
        assert len(line.id) == 32 and line.title
        assert line.first_seen is None or line.last_seen is None or line.first_seen <= line.last_seen


def test_link_independent_of_story_order(clustered_demo):
    with open_store(clustered_demo) as s:
        stories = s.stories()
        feats = load_features(s, [m for st in stories for m in st.members])
    want = {frozenset(x.stories) for x in build_storylines(stories, feats)}
    for seed in range(3):
        shuffled = list(stories)
        random.Random(seed).shuffle(shuffled)
        got = build_storylines(shuffled, feats)
        assert {frozenset(x.stories) for x in got} == want
        assert sorted(x.id for x in got) == sorted(x.id for x in build_storylines(stories, feats))


def test_link_story_without_features_stays_alone():
    lonely = Story(id="s-x", title="x", members=["a1"], independent_sources=1)
    [line] = build_storylines([lonely], {})
    assert line.stories == ["s-x"] and line.title == "x"


def test_link_seeds_form_one_storyline(store, settings, seeds_dir):
    from newsdesk.ingest import ingest

    ingest([str(seeds_dir)], store, settings)
    cluster_store(store)
    summary = link_store(store)
    assert summary.storylines == 1 and summary.stories == 1
    [line] = store.storylines()
    [story] = store.stories()
    assert line.stories == [story.id]
    assert store.storyline_of() == {story.id: line.id}
    # Linking again rewrites the same storylines.
    link_store(store)
    assert [x.id for x in store.storylines()] == [line.id]


def test_link_detail_lists_events_in_time_order(linked_demo):
    with open_store(linked_demo) as s:
        biggest = max(s.storylines(), key=lambda x: len(x.stories))
        d = storyline_detail(s, biggest.id[:10])
    assert len(d.events) == len(biggest.stories) >= 2
    dates = [e.story.first_seen for e in d.events if e.story.first_seen]
    assert dates == sorted(dates)
    assert all(e.outlets for e in d.events)


def test_link_cli_lists_shows_and_exports_storylines(settings, seeds_dir):
    runner = CliRunner()
    db = ["--db", settings.db]
    assert runner.invoke(cli, [*db, "ingest", "-q", str(seeds_dir)], obj={}).exit_code == 0
    assert runner.invoke(cli, [*db, "analyze"], obj={}).exit_code == 0
    listed = runner.invoke(cli, [*db, "storylines"], obj={})
    assert listed.exit_code == 0, listed.output
    assert "1 storylines" in listed.output
    [listed_row] = json.loads(runner.invoke(cli, [*db, "storylines", "--format", "json"],
                                            obj={}).stdout)
    assert listed_row["events"] == 1 and listed_row["stories"]
    exported = runner.invoke(cli, [*db, "export", "storylines"], obj={})
    [row] = [json.loads(x) for x in exported.stdout.splitlines() if x.startswith("{")]
    assert set(row) >= {"id", "title", "stories", "first_seen", "last_seen", "entities"}
    shown = runner.invoke(cli, [*db, "storyline", row["id"][:10]], obj={})
    assert shown.exit_code == 0, shown.output
    assert "1 events" in shown.output
    as_json = runner.invoke(cli, [*db, "storyline", row["id"][:10], "--format", "json"], obj={})
    assert json.loads(as_json.stdout)["events"][0]["story"] == row["stories"][0]
    articles = runner.invoke(cli, [*db, "export", "articles"], obj={})
    rows = [json.loads(x) for x in articles.stdout.splitlines() if x.startswith("{")]
    assert rows and all(r["storyline"] == row["id"] for r in rows)
    missing = runner.invoke(cli, [*db, "storyline", "ffffffffff"], obj={})
    assert missing.exit_code == 4


def test_link_time_factor_fades_with_weeks_and_ignores_isolated_days():
    import numpy as np

    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.storylines.link import time_factor

    v = np.ones(4, dtype=np.float32)

    def story(*days: int | None) -> list[ArticleFeatures]:
        return [ArticleFeatures(f"a{i}", v, v, day=d) for i, d in enumerate(days)]

    base = 740_000
    factor = time_factor([
        story(base, base + 1),  # the first event
        story(base + 5),  # a follow-up within the week
        story(base - 40),  # the same names forty days before
        story(None),  # undated
        story(base + 3, base + 400),  # a follow-up with a repost date a year on
    ])
    assert factor[0, 1] == 1.0
    assert factor[0, 2] == 0.0
    assert factor[0, 3] == 1.0
    assert factor[0, 4] == 1.0  # judged by its near day, not the isolated one


def test_link_overlap_asks_how_much_of_the_smaller_story_the_other_names():
    from newsdesk.storylines.link import _overlap

    event = {"bridge": 1.0, "ship": 1.0, "port": 0.5}
    # A release naming the bridge among many agencies: its cosine with the event is
    # low, but all of the event's main name is in it.
    release = {"bridge": 1.0, "agency a": 1.0, "agency b": 1.0, "agency c": 1.0}
    other = {"vendor": 1.0}
    sim = _overlap([event, release, other])
    assert round(sim[0, 1], 3) == round(1.0 / 2.5, 3)
    assert sim[0, 2] == 0.0
    assert sim[1, 0] == sim[0, 1]


def test_link_e5_built_only_for_stories_compared_across_languages():
    import numpy as np

    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.storylines.link import story_similarity

    rng = np.random.default_rng(7)

    def unit() -> np.ndarray:
        v = rng.normal(size=384).astype(np.float32)
        return v / np.linalg.norm(v)

    def report(aid: str, lang: str) -> ArticleFeatures:
        v = unit()
        return ArticleFeatures(aid, v, v, {"kessland": (1, "Kessland", "GPE")}, day=0,
                               clead=v, lang=lang, xlead=None if lang == "en" else unit())

    asked: list[str] = []

    def source(feats) -> None:
        asked.extend(f.article_id for f in feats)
        for f in feats:
            f.xlead = unit()

    groups = [[report("a1", "en"), report("a2", "en")], [report("b1", "en")]]
    story_similarity(groups, source)
    assert asked == [], "two English stories are compared with MiniLM"
    groups.append([report("c1", "de")])
    far = np.eye(3, dtype=bool)  # no two stories near in time: nothing to compare
    story_similarity(groups, source, far)
    assert asked == []
    story_similarity(groups, source)
    assert sorted(asked) == ["a1", "a2", "b1"]


def _time_factor_by_pairs(groups):  # the definition, pair by pair
    import numpy as np

    from newsdesk.storylines.link import GAP_DAYS, GAP_SPAN, ISOLATED_DAYS

    days = [sorted({f.day for f in g if f.day is not None}) for g in groups]
    kept = []
    for i, own in enumerate(days):
        others = [d for j, ds in enumerate(days) if j != i for d in ds]
        kept.append([d for d in own if others and min(abs(o - d) for o in others) <= ISOLATED_DAYS])
    out = np.ones((len(groups), len(groups)))
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            if kept[i] and kept[j]:
                gap = min(abs(a - b) for a in kept[i] for b in kept[j])
                out[i, j] = out[j, i] = min(1.0, max(0.0, 1.0 - (gap - GAP_DAYS) / GAP_SPAN))
    return out


def test_link_time_factor_matches_its_pairwise_definition():
    import numpy as np

    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.storylines.link import time_factor

    rng = np.random.default_rng(3)
    v = np.ones(4, dtype=np.float32)
    for _trial in range(20):
        groups = []
        for _story in range(int(rng.integers(1, 12))):
            groups.append([ArticleFeatures("a", v, v, day=None if rng.random() < 0.2
                                           else int(rng.integers(0, 400)))
                           for _ in range(int(rng.integers(1, 5)))])
        assert np.array_equal(time_factor(groups), _time_factor_by_pairs(groups))
