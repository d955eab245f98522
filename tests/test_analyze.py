"""The whole analysis: each stage runs on what is new, and a story is checked again
when what its check reads has changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from newsdesk.analyze import analyze
from newsdesk.annotate.stage import STATUS_KIND
from newsdesk.config import Settings
from newsdesk.ingest import ingest
from newsdesk.records import Article
from newsdesk.store import Store, open_store, schema
from tests.kill_loop import assert_same_exports, exports, kill_loop, remove_store


def test_analyze_rechecks_a_story_whose_member_was_annotated_again(seeds_dir: Path, store: Store,
                                                                    settings: Settings) -> None:
    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    first = analyze(store, settings)
    assert first.stages["annotate"]["articles"] == 2 and first.stages["crosscheck"]["stories"] == 1

    quiet = analyze(store, settings)  # nothing new: nothing annotated, nothing checked again
    assert quiet.stages["annotate"]["articles"] == 0 and quiet.stages["crosscheck"]["stories"] == 0

    # One article's annotations from an older annotator version: it is read again, and
    # its story's cross-check with it, though the story's members did not change.
    article = next(store.iter_articles())
    with store.transaction() as tx:
        t = schema.annotations
        tx.conn.execute(sa.update(t).where(t.c.article_id == article.id, t.c.kind == STATUS_KIND)
                        .values(version="annotate-0"))
    again = analyze(store, settings)
    assert again.stages["annotate"]["articles"] == 1
    assert again.stages["stories"]["new articles"] == 0
    assert again.stages["crosscheck"]["stories"] == 1


@pytest.mark.slow
def test_analyze_kill_loop_chains_end_as_clean_run(demo_dir: Path, tmp_path: Path,
                                                   settings: Settings) -> None:
    """At least 20 kills of ``newsdesk analyze`` at random points (uniform over a clean
    run's duration, so in every stage and in model loading), in chains; each chain's
    final run must leave the articles, copies, stories and findings of one clean run.
    The store already holds an analysed first batch, so the killed runs extend copy
    groups and stories and re-check changed stories, not only create them."""
    corpus = demo_dir / "corpus"
    base = tmp_path / "base.db"
    with open_store(f"sqlite:///{base}") as store:
        ingest([str(corpus / "html")], store, settings)
        analyze(store, settings)
        ingest([str(corpus / "text")], store, settings)
    env = {**os.environ, "NEWSDESK_FETCH_FEED_LINKS": "0"}

    def fresh_copy(db: Path) -> None:
        remove_store(db)
        shutil.copyfile(base, db)

    def analyze_cmd(db: Path) -> list[str]:
        return [sys.executable, "-m", "newsdesk", "--db", f"sqlite:///{db}", "analyze"]

    clean_db = tmp_path / "clean.db"
    fresh_copy(clean_db)
    started = time.monotonic()
    done = subprocess.run(analyze_cmd(clean_db), env=env, capture_output=True, timeout=600)
    clean_s = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    clean = exports(clean_db)
    assert clean["stories"] and clean["findings"] and clean["copies"]

    db = tmp_path / "killed.db"

    def check() -> None:
        assert_same_exports(exports(db), clean)

    stats = kill_loop(analyze_cmd(db), db, fresh=lambda: fresh_copy(db), check=check,
                      kills=int(os.environ.get("NEWSDESK_TEST_KILLS", "20")),
                      max_delay_s=clean_s, env=env,
                      seed=int(os.environ.get("NEWSDESK_TEST_KILL_SEED", "8")), timeout_s=900)
    assert stats.kills >= 20 and stats.chains >= 1
    print(f"analyze kill loop: {stats.kills} kills in {stats.chains} chains, clean run "
          f"{clean_s:.1f}s, kill times {stats.kill_times}")


def test_analyze_nothing_new_reads_no_texts_and_clusters_nothing(
        seeds_dir: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run with nothing new finds that out from ids and versions: no article text is
    read, the stories are not clustered again, and stories and storylines stay as they are."""
    import newsdesk.stories as stories_package
    from newsdesk.models.cache import text_key

    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    analyze(store, settings)
    stories, lines = store.stories(), store.storylines()
    with store.engine.connect() as conn:  # the cross-check's vectors were kept for later runs
        cached = conn.execute(sa.select(sa.func.count()).select_from(schema.sentence_vectors)).scalar()
    assert cached and text_key("m", "a") != text_key("m", "b")

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read or computed in a run with nothing new")

    read: list[str] = []
    iter_articles = store.iter_articles

    def counted(**kwargs: Any) -> Iterator[Article]:
        for article in iter_articles(**kwargs):
            read.append(article.id)
            yield article

    asked: list[object] = []  # which stories' members each read asked for
    story_members = store.story_members

    def members_of(ids: Any = None) -> dict[str, tuple[str, ...]]:
        asked.append(ids)
        return story_members(ids)

    with monkeypatch.context() as patch:
        patch.setattr(store, "iter_articles", counted)
        patch.setattr(store, "story_members", members_of)
        patch.setattr(stories_package, "cluster_store", forbidden)
        quiet = analyze(store, settings)
    assert None not in asked and not any(asked)  # no story weighed, none read
    assert store.pending_checks() == []
    assert quiet.stages["stories"] == {"new articles": 0, "stories created": 0, "changed": 0,
                                       "merged away": 0}
    assert quiet.stages["storylines"]["storylines"] == len(lines)
    assert store.stories() == stories and store.storylines() == lines and not read


def test_analyze_features_of_an_earlier_version_do_not_keep_every_run_busy(
        seeds_dir: Path, tmp_path: Path, store: Store, settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a change of the features' version, a report whose features the next run does
    not rebuild (a copy, a story outside the window) keeps its old ones; they are dropped,
    so that the run after it has nothing to do again."""
    import newsdesk.stories as stories_package
    from newsdesk.stories.kinds import FEATURES_KIND, FEATURES_VERSION

    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    analyze(store, settings)
    copy = tmp_path / "reprint.txt"  # an exact copy: it follows its origin, no features
    copy.write_text(sorted(seeds_dir.iterdir())[0].read_text("utf-8"), "utf-8")
    ingest([str(copy)], store, settings, published="2024-09-11")
    reprint = next(a.id for a in store.iter_article_meta() if a.duplicate_of)
    with store.transaction() as tx:  # as an earlier release left it
        tx.put_annotations(reprint, FEATURES_KIND, "0", [{}])
    analyze(store, settings)
    assert set(store.annotation_version_counts(FEATURES_KIND)) == {FEATURES_VERSION}

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("clustered again in a run with nothing new")

    with monkeypatch.context() as patch:
        patch.setattr(stories_package, "cluster_store", forbidden)
        assert analyze(store, settings).stages["stories"]["new articles"] == 0


def test_analyze_nothing_new_loads_no_stage_machinery(seeds_dir: Path, store: Store,
                                                     settings: Settings) -> None:
    """A run with nothing new, in a process of its own (as the CLI runs it), imports
    neither the copy verifiers, the clusterer, the storyline linker nor the cross-check's
    detectors: finding that there is no work costs no more than the reads that find it."""
    ingest([str(seeds_dir)], store, settings, published="2024-09-10")
    analyze(store, settings)
    heavy = ("newsdesk.copies.detect", "newsdesk.stories.cluster", "newsdesk.stories.features",
             "newsdesk.storylines.link", "newsdesk.crosscheck.run", "scipy.cluster")
    code = ("import sys\n"
            "from newsdesk.analyze import analyze\n"
            "from newsdesk.config import load_settings\n"
            "from newsdesk.store import open_store\n"
            f"settings = load_settings(env={{}}, db={str(settings.db)!r})\n"
            "report = analyze(open_store(settings.db), settings)\n"
            "assert report.stages['copies']['new articles'] == 0, report.stages\n"
            "assert report.stages['crosscheck']['stories'] == 0, report.stages\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_analyze_kill_before_crosscheck_of_changed_story_is_caught(
        seeds_dir: Path, tmp_path: Path, store: Store, settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A story changes (a new member), and the run dies after the stories stage wrote it
    but before its cross-check: the next run must check it again, not keep findings of
    the old membership (what a run remembers in memory dies with it)."""
    from newsdesk.crosscheck.stage import CrosscheckStage

    first, second = sorted(seeds_dir.iterdir())[:2]
    ingest([str(first)], store, settings, published="2024-09-10")
    analyze(store, settings)
    ingest([str(second)], store, settings, published="2024-09-10")

    def killed(*_args: object, **_kwargs: object) -> list:
        raise KeyboardInterrupt  # stands in for SIGKILL at this point

    with monkeypatch.context() as patch:
        patch.setattr(CrosscheckStage, "process", killed)
        with pytest.raises(KeyboardInterrupt):
            analyze(store, settings)
    rerun = analyze(store, settings)
    (story,) = store.stories()
    assert len(story.members) == 2
    assert rerun.stages["crosscheck"]["stories"] == 1
    checked = {e.article_id for f in store.findings(story.id) for e in f.evidence}
    assert checked == set(story.members)  # findings read both members


def test_analyze_weighs_only_the_stories_a_run_changed(seeds_dir: Path, tmp_path: Path,
                                                      store: Store, settings: Settings,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A report joins one story: the cross-check plan weighs that story (and the other
    stories of its storyline), not every story of the store, and the marks it read are
    cleared once the checks are written."""
    from newsdesk.crosscheck.schedule import CheckPlan

    first, second = sorted(seeds_dir.iterdir())[:2]
    other = tmp_path / "other.jsonl"  # an invented report of another event
    other.write_text(json.dumps({
        "url": "https://harbour-post.example/library", "title": "Wrenport library reopens",
        "outlet": "harbour-post.example", "published": "2024-06-01",
        "text": "The public library of Wrenport reopened on Saturday after a year of repairs "
                "to its roof. Librarian Ada Quell said lending resumes on Monday."}) + "\n",
        "utf-8")
    ingest([str(first), str(other)], store, settings, published="2024-09-10")
    analyze(store, settings)
    assert len(store.stories()) == 2 and store.pending_checks() == []
    ingest([str(second)], store, settings, published="2024-09-10")
    plans: list[CheckPlan] = []
    of_store = CheckPlan.of_store

    def recorded(*args: Any, **kwargs: Any) -> CheckPlan:
        plans.append(of_store(*args, **kwargs))
        return plans[-1]

    with monkeypatch.context() as patch:
        patch.setattr(CheckPlan, "of_store", recorded)
        analyze(store, settings)
    seed_story = store.story_of()[store.iter_article_meta().__next__().id]
    (plan,) = plans
    assert set(plan.stories) == {seed_story} and plan.full == [seed_story]
    assert store.pending_checks() == []


@pytest.mark.slow
def test_analyze_store_does_not_depend_on_how_the_input_was_batched(tmp_path: Path,
                                                                     settings: Settings) -> None:
    """A later ingest that rewrites stored texts (boilerplate learned from later articles
    of the outlet) must leave no analysis of the old texts: one batch and two batches end
    with the same texts, annotations, copy index and stories (issue 15, item 7)."""
    from tests.ingest.test_pipeline import SIGN_OFF, _herald_inputs

    inputs = _herald_inputs(tmp_path / "in")
    other = tmp_path / "in" / "other.json"  # another outlet's report, indexed after the first
    other.write_text(json.dumps({
        "url": "https://tarn-gazette.example/news/1", "title": "Tarn bridge reopens",
        "text": "The Tarn road bridge reopened to traffic on Monday after three weeks of "
                "repairs, the county said.\nBuses will return to their usual route."}), "utf-8")

    def state(db: str, batches: list[list[str]]) -> tuple:
        with open_store(db) as store:
            for batch in batches:
                ingest(batch, store, settings)
                analyze(store, settings)
            texts = sorted((a.id, a.text) for a in store.iter_articles())
            sentences = sorted((i, str(p)) for i, p in store.iter_annotations("sentences"))
            with store.engine.connect() as conn:
                indexed = sorted(conn.execute(sa.text("select article_id from copy_sketches")).scalars())
            stories = sorted(tuple(sorted(s.members)) for s in store.stories())
        return texts, sentences, indexed, stories

    whole = state(f"sqlite:///{tmp_path / 'whole.db'}", [[*inputs, str(other)]])
    split = state(f"sqlite:///{tmp_path / 'split.db'}", [[inputs[0], str(other)], inputs[1:]])
    assert not any(SIGN_OFF in text for _id, text in whole[0])
    assert len(whole[2]) == len(inputs) + 1
    assert split == whole
