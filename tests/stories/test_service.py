import json
import shutil
from collections import Counter

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.ingest import ingest
from newsdesk.records import CopyLink
from newsdesk.stories import cluster_store, story_rows
from newsdesk.stories.record import story_id


def test_service_seeds_form_one_story_with_two_sources(store, settings, seeds_dir):
    ingest([str(seeds_dir)], store, settings)
    summary = cluster_store(store)
    assert (summary.new_articles, summary.stories, summary.created) == (2, 1, 1)
    [story] = store.stories()
    assert len(story.members) == 2
    assert story.independent_sources == 2
    assert any("Blinken" in e for e in story.entities)
    assert story.title


def test_service_second_run_changes_nothing(store, settings, seeds_dir):
    ingest([str(seeds_dir)], store, settings)
    cluster_store(store)
    again = cluster_store(store)
    assert (again.new_articles, again.created, again.changed, again.removed) == (0, 0, 0, 0)


def test_service_assigns_only_new_articles_and_keeps_story_id(store, settings, seeds_dir):
    first, second = sorted(seeds_dir.glob("*.txt"))
    ingest([str(first)], store, settings)
    cluster_store(store)
    [before] = store.stories()
    ingest([str(second)], store, settings)
    summary = cluster_store(store)
    assert (summary.new_articles, summary.changed, summary.created) == (1, 1, 0)
    [after] = store.stories()
    assert after.id == before.id == story_id(before.members[0])
    assert len(after.members) == 2


def test_service_exact_duplicate_follows_its_original(store, settings, seeds_dir, tmp_path):
    ingest([str(seeds_dir)], store, settings)
    copy = tmp_path / "reprint.txt"
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[1], copy)
    ingest([str(copy)], store, settings)
    cluster_store(store)
    [story] = store.stories()
    assert len(story.members) == 3
    assert story.independent_sources == 2  # the reprint is the same source


def test_service_copy_links_join_origin_and_count_once(store, settings, seeds_dir):
    ingest([str(seeds_dir)], store, settings)
    origin, copy = [a.id for a in store.iter_articles()]
    with store.transaction() as tx:
        tx.put_copy_links([
            CopyLink(article_id=origin, copy_of=None, copy_group="g1", origin=origin,
                     method="origin"),
            CopyLink(article_id=copy, copy_of=origin, copy_group="g1", origin=origin,
                     method="rewrite", score=0.8),
        ])
    cluster_store(store)
    [story] = store.stories()
    assert story.members == [origin, copy]
    assert story.independent_sources == 1


def test_service_cli_lists_shows_and_exports_stories(settings, seeds_dir):
    runner = CliRunner()
    db = ["--db", settings.db]
    assert runner.invoke(cli, [*db, "ingest", "-q", str(seeds_dir)], obj={}).exit_code == 0
    # listing only reads: the stories come from analyze
    assert "0 stories" in runner.invoke(cli, [*db, "stories"], obj={}).output
    assert runner.invoke(cli, [*db, "analyze", "-q"], obj={}).exit_code == 0
    listed = runner.invoke(cli, [*db, "stories"], obj={})
    assert listed.exit_code == 0, listed.output
    assert listed.output.lstrip().startswith("\u250f") and "1 stories" in listed.output
    exported = runner.invoke(cli, [*db, "export", "stories", "--format", "jsonl"], obj={})
    assert exported.exit_code == 0
    [row] = [json.loads(line) for line in exported.stdout.splitlines() if line.startswith("{")]
    assert set(row) >= {"id", "title", "articles", "independent_sources", "first_seen",
                        "last_seen"}
    assert row["independent_sources"] == 2
    # 000 has no headline: the story is titled by 004's, the best of its independent reports
    assert row["title"] == "US accuses Iran of supplying ballistic missiles to Russia"
    shown = runner.invoke(cli, [*db, "story", row["id"][:10]], obj={})
    assert shown.exit_code == 0
    assert "2 independent sources" in shown.output
    brief = runner.invoke(cli, [*db, "story", row["id"][:10], "--format", "md"], obj={})
    assert brief.exit_code == 0, brief.output
    missing = runner.invoke(cli, [*db, "story", "ffffffffff"], obj={})
    assert missing.exit_code == 4


def test_service_story_rows_and_article_export_agree(store, settings, seeds_dir):
    from newsdesk.export import article_rows

    ingest([str(seeds_dir)], store, settings)
    cluster_store(store)
    [row] = list(story_rows(store))
    assert {a["story"] for a in article_rows(store)} == {row["id"]}


def test_service_demo_stories_match_ground_truth(clustered_demo, demo_truth):
    from newsdesk.store import open_store

    from ..conftest import truth_key

    gold = {a["key"]: a["story"] for a in demo_truth["articles"] if a["story"]}
    with open_store(clustered_demo) as s:
        story_of = s.story_of()
        pairs = [(story_of[a.id], gold[truth_key(a.source, a.url)]) for a in s.iter_articles()
                 if truth_key(a.source, a.url) in gold]
    # Feed items with only a summary and a link are rejected at ingest (too short).
    assert len(pairs) == sum(1 for a in demo_truth["articles"] if a["story"] and not a["summary_only"])
    precision, recall = _bcubed(pairs)
    assert precision == 1.0, "articles of different events were put together"
    # Side angles (rescue crews sent to the floods) included: the stories as written down.
    assert recall == 1.0, "articles of one event were split"
    # The near neighbour: same actors, different day and event, stays apart.
    for near in (s for s in demo_truth["stories"] if s.get("near_neighbour_of")):
        mine = Counter(p for p, g in pairs if g == near["id"]).most_common(1)[0][0]
        theirs = Counter(p for p, g in pairs if g == near["near_neighbour_of"]).most_common(1)[0][0]
        assert mine != theirs


def _bcubed(pairs):
    precision = recall = 0.0
    for p, g in pairs:
        both = sum(1 for q, h in pairs if q == p and h == g)
        precision += both / sum(1 for q, _ in pairs if q == p)
        recall += both / sum(1 for _, h in pairs if h == g)
    return precision / len(pairs), recall / len(pairs)


def test_service_uses_annotate_mentions_when_stored(store, settings, seeds_dir):
    from newsdesk.stories.service import FEATURES_KIND

    ingest([str(seeds_dir)], store, settings)
    ids = [a.id for a in store.iter_articles()]
    with store.transaction() as tx:
        for aid in ids:
            tx.put_annotations(aid, "mentions", "test", [
                {"article_id": aid, "sentence_index": 0, "start": 0, "end": 7,
                 "text": "Blinken", "label": "PERSON", "entity_id": "ent-blinken"}])
    cluster_store(store)
    payloads = dict(store.iter_annotations(FEATURES_KIND))
    assert all(set(payloads[aid][0]["entities"]) == {"ent-blinken"} for aid in ids)
    [story] = store.stories()
    assert story.entities == ["Blinken"]


def test_service_copies_found_later_update_the_story(store, settings, seeds_dir):
    ingest([str(seeds_dir)], store, settings)
    cluster_store(store)
    origin, copy = [a.id for a in store.iter_articles()]
    with store.transaction() as tx:
        tx.put_copy_links([CopyLink(article_id=copy, copy_of=origin, copy_group="g1",
                                    origin=origin, method="rewrite", score=0.8)])
    summary = cluster_store(store)
    assert summary.changed == 1
    [story] = store.stories()
    assert story.members == [origin, copy]
    assert story.independent_sources == 1


def test_service_copy_group_is_clustered_by_its_member_in_the_main_language():
    from newsdesk.records import ArticleMeta
    from newsdesk.stories.service import _representatives

    arts = [ArticleMeta("a", lang="de"), ArticleMeta("b", lang="en"), ArticleMeta("c", lang="en"),
            ArticleMeta("d", lang="en"), ArticleMeta("e", lang="fr")]
    leader = {"a": "a", "b": "a", "c": "c", "d": "c", "e": "e"}
    rep = _representatives(arts, leader)
    # The German origin is clustered through its English copy; English origins and a
    # group with no member in the main language keep their origin.
    assert rep == {"a": "b", "b": "b", "c": "c", "d": "c", "e": "e"}


def test_service_copy_gives_its_publication_day_to_an_undated_origin():
    import numpy as np

    from newsdesk.records import ArticleMeta
    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.stories.service import _group_days

    v = np.ones(3, dtype=np.float32)
    feats = {"a": ArticleFeatures("a", v, v), "c": ArticleFeatures("c", v, v, day=5)}
    arts = [ArticleMeta("a"), ArticleMeta("b", published="2024-03-28"),
            ArticleMeta("x", published="2024-03-31"), ArticleMeta("c"),
            ArticleMeta("d", published="2024-03-28")]
    _group_days(arts, {"a": "a", "b": "a", "x": "a", "c": "c", "d": "c"}, feats)
    assert feats["a"].day == 738973  # 2024-03-28, the earliest copy's day
    assert feats["c"].day == 5  # a known day is kept


FRENCH = ("Les États-Unis accusent l'Iran de livrer des missiles balistiques à la Russie\n"
          "Le secrétaire d'État américain Antony Blinken a accusé mardi à Londres l'Iran "
          "d'avoir livré des missiles balistiques de courte portée à la Russie, aux côtés de son "
          "homologue britannique David Lammy. Il a annoncé de nouvelles sanctions contre Téhéran "
          "et demandé aux alliés de prendre leurs propres mesures.\n")


def test_service_e5_vectors_only_where_languages_differ(store, settings, seeds_dir, tmp_path):
    from newsdesk.stories.kinds import XLEAD_KIND

    ingest([str(seeds_dir)], store, settings)
    cluster_store(store)
    english = [a.id for a in store.iter_articles()]
    assert store.get_vectors(XLEAD_KIND, english) == {}, "English reports need no e5 vector"
    page = tmp_path / "rapport.txt"
    page.write_text(FRENCH, encoding="utf-8")
    ingest([str(page)], store, settings)
    [french] = [a for a in store.iter_articles() if a.id not in english]
    assert french.lang == "fr"
    cluster_store(store)
    # The French report is compared with the English ones: each got its e5 vector, once,
    # in the store for the next run.
    assert set(store.get_vectors(XLEAD_KIND, [*english, french.id])) == {*english, french.id}
    [story] = store.stories()
    assert french.id in story.members


def test_service_builds_only_the_stories_whose_inputs_changed(clustered_demo, tmp_path,
                                                                settings, seeds_dir, monkeypatch):
    """Story records are rebuilt where their signature changed: a store whose signatures
    are lost (an older store) is rebuilt to the very same stories, a run with nothing new
    builds none, and a new report builds its own story, not every story."""
    from newsdesk.store import open_store
    from newsdesk.stories import service

    dst = tmp_path / "demo.db"
    shutil.copy(clustered_demo.removeprefix("sqlite:///"), dst)
    url = f"sqlite:///{dst}"
    built = []
    real_build = service.build_story
    monkeypatch.setattr(service, "build_story", lambda *a: built.append(1) or real_build(*a))
    with open_store(url) as s:
        before = s.stories()
        with s.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE stories SET state = '{}'")
        summary = service.cluster_store(s)
        assert (summary.created, summary.changed, summary.removed) == (0, 0, 0)
        assert s.stories() == before
        assert len(built) == len(before)
        built.clear()
        assert service.cluster_store(s).changed == 0
        assert built == []
        ingest([str(sorted(seeds_dir.glob("*.txt"))[0])], s, settings)
        summary = service.cluster_store(s)
        assert summary.new_articles == 1
        assert 1 <= len(built) < len(before)
        assert len(s.stories()) == len(before) + summary.created - summary.removed


def _dated_seed(tmp_path, seeds_dir, index, published):
    # The date in the text too, so that each file is a text of its own (not a duplicate).
    text = sorted(seeds_dir.glob("*.txt"))[index].read_text("utf-8") + f"\n\nFiled {published}.\n"
    path = tmp_path / f"seed{index}-{published}.jsonl"
    path.write_text(json.dumps({"url": f"https://seed{index}.example/{published}",
                                "text": text, "published": published}) + "\n", "utf-8")
    return str(path)


def test_service_reexamines_only_stories_of_the_new_reports_time(store, settings, seeds_dir,
                                                                   tmp_path, monkeypatch):
    """Stored stories whose reports were published long before the new ones are not
    loaded: a report of the same event a day later joins its story, one published two
    months later is clustered without the old story (it could not join it: the pair
    model keeps reports a week or more apart in different stories)."""
    from newsdesk.stories.cluster import StoryClusterer

    loaded = []
    real_load = StoryClusterer.load
    monkeypatch.setattr(StoryClusterer, "load",
                        lambda self, items, labels: loaded.append(len(items))
                        or real_load(self, items, labels))
    ingest([_dated_seed(tmp_path, seeds_dir, 0, "2024-09-10")], store, settings)
    cluster_store(store)
    ingest([_dated_seed(tmp_path, seeds_dir, 1, "2024-09-11")], store, settings)
    summary = cluster_store(store)
    assert loaded[-1] == 1 and (summary.created, summary.changed) == (0, 1)
    ingest([_dated_seed(tmp_path, seeds_dir, 1, "2024-11-20")], store, settings)
    summary = cluster_store(store)
    assert loaded[-1] == 0 and summary.created == 1
    assert sorted(len(s.members) for s in store.stories()) == [1, 2]


def test_service_clusters_a_bulk_of_new_reports_together(store, settings, tmp_path,
                                                         monkeypatch):
    """A bulk of new reports (a first run) is clustered in one batch, so no slice
    boundary set by the arrival order decides which stories its reports meet."""
    from newsdesk.stories.cluster import StoryClusterer
    from newsdesk.stories.service import CLUSTER_BATCH

    towns = ["Alderford", "Brackmoor", "Corwen", "Dunmere", "Eastwick"]
    lines = [json.dumps({"url": f"https://gazette.example/{n}",
                         "title": f"{towns[n % 5]} council item {n}",
                         "text": f"The council of {towns[n % 5]} voted on budget item {n} on "
                                 f"Tuesday after a debate of {n + 10} minutes. Members "
                                 f"asked about the cost of road repair number {n}."})
             for n in range(100)]
    source = tmp_path / "bulk.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    ingest([str(source)], store, settings)
    batches = []
    real_add = StoryClusterer.add
    monkeypatch.setattr(StoryClusterer, "add",
                        lambda self, items: batches.append(len(items)) or real_add(self, items))
    assert cluster_store(store).new_articles == 100
    assert batches == [100] and CLUSTER_BATCH >= 100
