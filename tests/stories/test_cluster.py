import random

import numpy as np

from newsdesk.stories.cluster import StoryClusterer, average_linkage
from newsdesk.stories.features import ArticleText, build_features

LIBRARY = ArticleText(
    "library",
    "The municipal library of Almsford reopened on Saturday after a two-year renovation "
    "that added a children's wing and a rooftop reading garden. Mayor Petra Lind said the "
    "building had cost 4.2 million euros. Librarians expect 900 visitors a day.",
    title="Almsford library reopens after renovation",
    published="2025-03-08T00:00:00Z",
)


def test_cluster_average_linkage_cuts_at_threshold():
    prob = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]])
    labels = average_linkage(prob, threshold=0.5)
    assert labels[0] == labels[1] != labels[2]
    assert len(set(average_linkage(prob, threshold=0.05).tolist())) == 1


def test_cluster_seeds_join_one_story(seed_features):
    clusterer = StoryClusterer()
    for f in seed_features:  # one at a time, as they would arrive
        clusterer.add([f])
    assert len(set(clusterer.labels.tolist())) == 1


def test_cluster_unrelated_article_starts_its_own_story(seed_features):
    clusterer = StoryClusterer()
    clusterer.add(seed_features)
    touched = clusterer.add(build_features([LIBRARY]))
    labels = clusterer.labels.tolist()
    assert labels[0] == labels[1] != labels[2]
    assert touched == {labels[2]}  # the seed story was not disturbed


def test_cluster_load_keeps_earlier_stories(seed_features):
    clusterer = StoryClusterer()
    clusterer.load(seed_features, [7, 7])
    clusterer.add(build_features([LIBRARY]))
    assert clusterer.labels.tolist()[:2] == [7, 7]
    assert clusterer.labels[2] == 8


def test_cluster_result_barely_depends_on_arrival_order(demo_features):
    """Five arrival orders, batches of 4: pairs put together must agree closely."""
    partitions = []
    for seed in range(5):
        order = list(range(len(demo_features)))
        random.Random(seed).shuffle(order)
        clusterer = StoryClusterer()
        for start in range(0, len(order), 4):
            clusterer.add([demo_features[i] for i in order[start : start + 4]])
        label = dict(zip([demo_features[i].article_id for i in order],
                         clusterer.labels.tolist(), strict=True))
        ids = sorted(label)
        partitions.append({(a, b) for a in ids for b in ids if a < b and label[a] == label[b]})
    for other in partitions[1:]:
        union = partitions[0] | other
        assert len(partitions[0] & other) / len(union) >= 0.9


def test_cluster_big_story_still_takes_new_articles(seed_features, monkeypatch):
    from newsdesk.stories import cluster

    monkeypatch.setattr(cluster, "STORY_SAMPLE", 1)  # only the latest member is re-examined
    clusterer = StoryClusterer()
    clusterer.load([seed_features[0], seed_features[0]], [0, 0])
    clusterer.add([seed_features[1]])
    assert clusterer.labels.tolist() == [0, 0, 0]


def test_cluster_attach_singletons_skips_a_story_with_a_cannot_link():
    from newsdesk.stories.cluster import attach_singletons

    # 0 and 1 form a story; 2 is alike to 0 but dated far from 1 (score -1).
    prob = np.array([[1.0, 0.9, 0.3], [0.9, 1.0, -1.0], [0.3, -1.0, 1.0]])
    clusters = np.array([0, 0, 1])
    assert attach_singletons(prob, clusters, 0.2).tolist() == [0, 0, 1]
    prob[1, 2] = prob[2, 1] = 0.1
    assert attach_singletons(prob, clusters, 0.2).tolist() == [0, 0, 0]


def test_cluster_attach_singletons_needs_a_partner_in_its_own_language():
    from newsdesk.stories.cluster import attach_singletons

    # 0 and 1 form a story; 2 is alike to 0 alone (0.3 >= 0.2, mean below linkage's bar).
    prob = np.array([[1.0, 0.9, 0.3], [0.9, 1.0, 0.1], [0.3, 0.1, 1.0]])
    clusters = np.array([0, 0, 1])
    same = np.zeros((3, 3), dtype=bool)
    assert attach_singletons(prob, clusters, 0.2, same).tolist() == [0, 0, 0]
    # 2 is in another language than the story's reports: one alike report is not enough.
    apart = np.array([[False, False, True], [False, False, True], [True, True, False]])
    assert attach_singletons(prob, clusters, 0.2, apart).tolist() == [0, 0, 1]


def test_cluster_lone_report_in_another_language_stays_alone(monkeypatch):
    """The clusterer hands attach_singletons the pairs across languages: a French report
    alike to one English report of a story (and not to the rest) does not join it, an
    English one as alike does."""
    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.stories.similarity import FeatureIndex

    prob = np.array([[1.0, 0.9, 0.3], [0.9, 1.0, 0.1], [0.3, 0.1, 1.0]])
    monkeypatch.setattr(FeatureIndex, "probabilities",
                        lambda self, rows, cols, model: prob[np.ix_(rows, cols)])
    vector = np.eye(384, dtype=np.float32)[0]
    for lang, joins in (("fr", False), ("en", True)):
        feats = [ArticleFeatures(name, vector, vector, lang=code)
                 for name, code in (("a", "en"), ("b", None), ("c", lang))]
        clusterer = StoryClusterer()
        clusterer.add(feats)
        labels = clusterer.labels.tolist()
        assert labels[0] == labels[1]
        assert (labels[2] == labels[0]) is joins


def test_cluster_across_languages_treats_no_language_as_english():
    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.stories.similarity import FeatureIndex

    vector = np.eye(384, dtype=np.float32)[0]
    index = FeatureIndex()
    index.extend([ArticleFeatures(name, vector, vector, lang=code)
                  for name, code in (("a", "en"), ("b", None), ("c", "fr"), ("d", "fr"))])
    rows = np.arange(4)
    assert index.across_languages(rows, rows).tolist() == [
        [False, False, True, True], [False, False, True, True],
        [True, True, False, False], [True, True, False, False]]


def _worded(words_per_report: list[list[str]], lang: str = "en") -> list:
    from newsdesk.stories.features import ArticleFeatures

    vector = np.eye(384, dtype=np.float32)[0]
    return [ArticleFeatures(f"r{i}", vector, vector, words=dict.fromkeys(words, 1), lang=lang)
            for i, words in enumerate(words_per_report)]


# Two events of one developing story (fictional): every report recaps the same parties
# and background; four tell of a hiring, four of a letter answering it.
_RECAP = ["airline", "vendor", "outage", "lawyer", "damages"]
_HIRED = [[*_RECAP, "hires", "seek", "firm", f"h{i}"] for i in range(4)]
_LETTER = [[*_RECAP, "letter", "rejects", "negligence", f"l{i}"] for i in range(4)]


def test_cluster_split_on_local_words_separates_two_events_of_one_story():
    from newsdesk.stories.cluster import SPLIT_RATIO, split_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    index = FeatureIndex()
    index.extend(_worded(_HIRED + _LETTER))
    nodes = np.arange(8)
    prob = np.full((8, 8), 0.9)  # the pair model calls them all one event
    out = split_on_local_words(index, nodes, np.zeros(8, dtype=np.int64), prob, SPLIT_RATIO)
    assert len(set(out[:4].tolist())) == 1 and len(set(out[4:].tolist())) == 1
    assert out[0] != out[4]


def test_cluster_split_on_local_words_keeps_one_event_whole():
    from newsdesk.stories.cluster import SPLIT_RATIO, split_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    # Eight reports of one event, each with its own detail or two beside the shared
    # account: no two groups stand apart.
    one = [[*_RECAP, "hires", "seek", f"d{i}", f"d{(i + 1) % 8}"] for i in range(8)]
    index = FeatureIndex()
    index.extend(_worded(one))
    nodes = np.arange(8)
    out = split_on_local_words(index, nodes, np.zeros(8, dtype=np.int64),
                               np.full((8, 8), 0.9), SPLIT_RATIO)
    assert set(out.tolist()) == {0}
    # Three reports a group are too few to call two events.
    index = FeatureIndex()
    index.extend(_worded(_HIRED[:3] + _LETTER[:3]))
    out = split_on_local_words(index, np.arange(6), np.zeros(6, dtype=np.int64),
                               np.full((6, 6), 0.9), SPLIT_RATIO)
    assert set(out.tolist()) == {0}


def test_cluster_split_sends_a_report_in_another_language_with_its_likelier_half():
    from newsdesk.stories.cluster import SPLIT_RATIO, split_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    index = FeatureIndex()
    index.extend(_worded(_HIRED + _LETTER) + _worded([["carta", "abogado"]], lang="es"))
    prob = np.full((9, 9), 0.9)
    prob[8, 4:8] = prob[4:8, 8] = 0.95  # the Spanish report is likelier with the letter
    prob[8, :4] = prob[:4, 8] = 0.6
    out = split_on_local_words(index, np.arange(9), np.zeros(9, dtype=np.int64), prob,
                               SPLIT_RATIO)
    assert out[8] == out[4] != out[0]


def test_cluster_clusterer_splits_events_but_not_topics(monkeypatch):
    """StoryClusterer splits a story on its own words by default; with split=None (the
    grouping into topics) it does not."""
    from newsdesk.stories.similarity import FeatureIndex

    monkeypatch.setattr(FeatureIndex, "probabilities",
                        lambda self, rows, cols, model: np.full((len(rows), len(cols)), 0.9))
    clusterer = StoryClusterer()
    clusterer.add(_worded(_HIRED + _LETTER))
    assert len(set(clusterer.labels.tolist())) == 2
    topics = StoryClusterer(split=None)
    topics.add(_worded(_HIRED + _LETTER))
    assert len(set(topics.labels.tolist())) == 1


# A developing story's two events (fictional): four reports of an estimate of the
# machines hit, four of the cause found later; a ninth report tells of the cause but
# recaps the estimate, its figure and background, which the pair model counts as one
# event with the estimate.
_ESTIMATE = [[*_RECAP, "estimate", "machines", "affected", "share", f"e{i}"] for i in range(4)]
_CAUSE = [[*_RECAP, "cause", "testing", "flaw", "review", f"c{i}"] for i in range(4)]
_RECAPPING = [[*_RECAP, "machines", "cause", "testing", "flaw", "review"]]


def _recap_probabilities(to_cause: float) -> np.ndarray:
    """Pair probabilities of _ESTIMATE + _CAUSE + _RECAPPING: each event's reports alike,
    the two events apart, the ninth report likeliest with the estimate."""
    prob = np.full((9, 9), 0.1)
    prob[:4, :4] = prob[4:8, 4:8] = 0.9
    prob[8, :4] = prob[:4, 8] = 0.95
    prob[8, 4:8] = prob[4:8, 8] = to_cause
    return prob


def test_cluster_move_on_local_words_sends_a_recap_to_the_story_telling_its_news():
    from newsdesk.stories.cluster import DEFAULT_THRESHOLD, move_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    index = FeatureIndex()
    index.extend(_worded(_ESTIMATE + _CAUSE + _RECAPPING))
    clusters = np.asarray([0, 0, 0, 0, 1, 1, 1, 1, 0])
    out = move_on_local_words(index, np.arange(9), clusters, _recap_probabilities(0.7),
                              DEFAULT_THRESHOLD)
    assert out.tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1]
    # The pair model must take it there too: words alone do not move a report.
    out = move_on_local_words(index, np.arange(9), clusters, _recap_probabilities(0.3),
                              DEFAULT_THRESHOLD)
    assert out.tolist() == clusters.tolist()


def test_cluster_move_on_local_words_keeps_a_report_alike_to_both_stories():
    from newsdesk.stories.cluster import DEFAULT_THRESHOLD, move_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    # Half its news words from each event: no clear preference, it stays.
    even = [[*_RECAP, "estimate", "machines", "cause", "testing"]]
    index = FeatureIndex()
    index.extend(_worded(_ESTIMATE + _CAUSE + even))
    clusters = np.asarray([0, 0, 0, 0, 1, 1, 1, 1, 0])
    out = move_on_local_words(index, np.arange(9), clusters, _recap_probabilities(0.9),
                              DEFAULT_THRESHOLD)
    assert out.tolist() == clusters.tolist()


def _dated_words(words_per_report: list[list[str]], days: list[int | None]) -> list:
    from newsdesk.stories.features import ArticleFeatures

    vector = np.eye(384, dtype=np.float32)[0]
    return [ArticleFeatures(f"r{i}", vector, vector, words=dict.fromkeys(words, 1), day=day)
            for i, (words, day) in enumerate(zip(words_per_report, days, strict=True))]


# A report whose news words lean to the cause (local words ~1.2 times its own story's,
# under MOVE_RATIO) while it sits with the undated estimate reports.
_LEANING = [[*_RECAP, "estimate", "machines", "affected", "cause", "testing", "flaw", "review"]]


def test_cluster_move_on_local_words_lets_a_report_s_date_tip_alike_words():
    from newsdesk.stories.cluster import DEFAULT_THRESHOLD, move_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    clusters = np.asarray([0, 0, 0, 0, 1, 1, 1, 1, 0])
    prob = _recap_probabilities(0.7)

    def moved(estimate: list[int | None], cause: list[int | None], own: int | None) -> bool:
        index = FeatureIndex()
        index.extend(_dated_words(_ESTIMATE + _CAUSE + _LEANING, [*estimate, *cause, own]))
        out = move_on_local_words(index, np.arange(9), clusters, prob, DEFAULT_THRESHOLD)
        assert out[:8].tolist() == clusters[:8].tolist()
        return bool(out[8] == 1)

    undated = [None] * 4
    # Undated, the leaning words are not enough.
    assert not moved(undated, undated, None)
    # Dated, the only date of its story, and two cause reports of its day or the next:
    # it goes to the story of its time.
    assert moved(undated, [738981, 738982, None, None], 738981)
    # Not when the cause reports' days are far from its own, nor on one of them alone,
    assert not moved(undated, [738990, 738991, None, None], 738981)
    assert not moved(undated, [738981, None, None, None], 738981)
    # nor when its own story has a date of its own: then the day rules have spoken.
    assert not moved([738981, None, None, None], [738981, 738982, None, None], 738981)


def _fixed_probabilities(monkeypatch, prob: np.ndarray) -> None:
    """Make the pair model return ``prob`` (rows and columns are index positions)."""
    from newsdesk.stories.similarity import FeatureIndex

    monkeypatch.setattr(FeatureIndex, "probabilities",
                        lambda self, rows, cols, model: prob[np.ix_(rows, cols)])


def test_cluster_clusterer_moves_a_recap_for_events_but_not_topics(monkeypatch):
    _fixed_probabilities(monkeypatch, _recap_probabilities(0.7))
    clusterer = StoryClusterer()
    clusterer.add(_worded(_ESTIMATE + _CAUSE + _RECAPPING))
    labels = clusterer.labels.tolist()
    assert labels[8] == labels[4] != labels[0]
    topics = StoryClusterer(split=None)
    topics.add(_worded(_ESTIMATE + _CAUSE + _RECAPPING))
    labels = topics.labels.tolist()
    assert labels[8] == labels[0] != labels[4]


def _recalling(recalls: list[int | None], days: list[int | None]) -> list:
    from newsdesk.stories.features import ArticleFeatures

    vector = np.eye(384, dtype=np.float32)[0]
    return [ArticleFeatures(f"r{i}", vector, vector, day=day, recalls=back)
            for i, (back, day) in enumerate(zip(recalls, days, strict=True))]


def test_cluster_recap_moves_takes_an_undated_follow_up_out_of_first_coverage():
    from newsdesk.stories.cluster import recap_moves
    from newsdesk.stories.similarity import FeatureIndex

    # Seven first reports of a ferry's capsizing (two dated, five undated) and one
    # undated report whose opening says "a week after the ferry capsized".
    index = FeatureIndex()
    index.extend(_recalling([None] * 7 + [7], [738970, 738970] + [None] * 6))
    out = recap_moves(index, np.arange(8), np.zeros(8, dtype=np.int64))
    assert out[:7].tolist() == [0] * 7 and out[7] not in out[:7]


def test_cluster_recap_moves_keeps_follow_ups_with_their_like_and_dated_ones():
    from newsdesk.stories.cluster import recap_moves
    from newsdesk.stories.similarity import FeatureIndex

    # A follow-up story: half its reports recall the event as past, so it is no story
    # of first coverage and every report stays.
    index = FeatureIndex()
    index.extend(_recalling([None, 7, None, 2, None, 14, None, 7, None, None],
                            [None] * 10))
    clusters = np.zeros(10, dtype=np.int64)
    assert recap_moves(index, np.arange(10), clusters).tolist() == clusters.tolist()
    # A dated report is left to the day rules: it stays.
    index = FeatureIndex()
    index.extend(_recalling([None] * 7 + [7], [None] * 7 + [738977]))
    clusters = np.zeros(8, dtype=np.int64)
    assert recap_moves(index, np.arange(8), clusters).tolist() == clusters.tolist()


def test_cluster_recap_moves_needs_the_days_of_first_coverage():
    from newsdesk.stories.cluster import recap_moves
    from newsdesk.stories.similarity import FeatureIndex

    clusters = np.zeros(8, dtype=np.int64)
    # No dates at all: the story's time is unknown and the follow-up stays.
    index = FeatureIndex()
    index.extend(_recalling([None] * 7 + [7], [None] * 8))
    assert recap_moves(index, np.arange(8), clusters).tolist() == clusters.tolist()
    # Dated reports ten days apart: not the first days of an event; it stays.
    index = FeatureIndex()
    index.extend(_recalling([None] * 7 + [7], [738970, 738980] + [None] * 6))
    assert recap_moves(index, np.arange(8), clusters).tolist() == clusters.tolist()


# One event told by two groups of reports that average linkage left apart (fictional):
# three reports of a temporary channel opening around a wreck quote the port, two quote
# the coast guard; three reports of another event of the story stand beside them.
_OPENED_PORT = [[*_RECAP, "channel", "opens", "vessels", "temporary", "port", f"p{i}"]
                for i in range(3)]
_OPENED_GUARD = [[*_RECAP, "channel", "opens", "vessels", "temporary", "guard", f"g{i}"]
                 for i in range(2)]
_OTHER_EVENT = [[*_RECAP, "letter", "rejects", "negligence", f"o{i}"] for i in range(3)]


def _two_groups_probabilities(across: float) -> np.ndarray:
    prob = np.full((8, 8), 0.05)
    prob[:3, :3] = prob[3:5, 3:5] = prob[5:, 5:] = 0.9
    prob[:3, 3:5] = prob[3:5, :3] = across
    return prob


def test_cluster_merge_on_local_words_joins_one_event_told_by_two_groups():
    from newsdesk.stories.cluster import merge_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    index = FeatureIndex()
    index.extend(_worded(_OPENED_PORT + _OPENED_GUARD + _OTHER_EVENT))
    clusters = np.asarray([0, 0, 0, 1, 1, 2, 2, 2])
    out = merge_on_local_words(index, np.arange(8), clusters, _two_groups_probabilities(0.45))
    assert out.tolist() == [0, 0, 0, 0, 0, 2, 2, 2]
    # The pair model must find them alike too, and no pair of them may be a cannot-link.
    out = merge_on_local_words(index, np.arange(8), clusters, _two_groups_probabilities(0.1))
    assert out.tolist() == clusters.tolist()
    prob = _two_groups_probabilities(0.45)
    prob[0, 3] = prob[3, 0] = -1.0
    assert merge_on_local_words(index, np.arange(8), clusters, prob).tolist() == clusters.tolist()


def test_cluster_merge_on_local_words_keeps_events_with_their_own_figures_apart():
    from newsdesk.stories.cluster import merge_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    # Alike words, but each group repeats figures of its own: two events of one kind
    # (two channels of different depths, on different days).
    items = _worded(_OPENED_PORT + _OPENED_GUARD + _OTHER_EVENT)
    for item in items[:3]:
        item.numbers = ["11", "2024"]
    for item in items[3:5]:
        item.numbers = ["14", "35"]
    index = FeatureIndex()
    index.extend(items)
    clusters = np.asarray([0, 0, 0, 1, 1, 2, 2, 2])
    out = merge_on_local_words(index, np.arange(8), clusters, _two_groups_probabilities(0.45))
    assert out.tolist() == clusters.tolist()


def test_cluster_merge_on_local_words_merges_each_story_once_a_batch():
    from newsdesk.stories.cluster import merge_on_local_words
    from newsdesk.stories.similarity import FeatureIndex

    # Three groups telling the channel's opening, each alike to the other two: one
    # merge per batch, so no chain joins stories that were never compared as one.
    tug = [[*_RECAP, "channel", "opens", "vessels", "temporary", "tug", f"t{i}"]
           for i in range(2)]
    index = FeatureIndex()
    index.extend(_worded(_OPENED_PORT + _OPENED_GUARD + tug + _OTHER_EVENT))
    clusters = np.asarray([0, 0, 0, 1, 1, 2, 2, 3, 3, 3])
    prob = np.full((10, 10), 0.45)
    prob[7:, :7] = prob[:7, 7:] = 0.05
    out = merge_on_local_words(index, np.arange(10), clusters, prob)
    assert len(set(out[:7].tolist())) == 2 and set(out[7:].tolist()) == {3}


def test_cluster_clusterer_merges_for_events_but_not_topics(monkeypatch):
    _fixed_probabilities(monkeypatch, _two_groups_probabilities(0.45))
    events = StoryClusterer()
    events.add(_worded(_OPENED_PORT + _OPENED_GUARD + _OTHER_EVENT))
    assert events.labels[0] == events.labels[3] != events.labels[5]
    # Average linkage alone (the grouping into topics) keeps the two groups apart.
    topics = StoryClusterer(split=None)
    topics.add(_worded(_OPENED_PORT + _OPENED_GUARD + _OTHER_EVENT))
    assert len({topics.labels[0], topics.labels[3], topics.labels[5]}) == 3
