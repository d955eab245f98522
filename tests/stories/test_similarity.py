"""The pair model across languages: a report and its translation are one event."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsdesk.stories.features import (
    ArticleFeatures,
    ArticleText,
    XleadSource,
    build_features,
    text_xleads,
)
from newsdesk.stories.similarity import DEFAULT_MODEL, FeatureIndex

EN = ("Sallow river floods two towns in Kessland",
      "The Sallow river burst its banks in Kessland province on Monday, flooding the towns of "
      "Orvik and Talmen and forcing 3,400 people from their homes. Rescue crews worked through "
      "the night, the provincial governor Ilse Marten said.")
FR = ("La rivière Sallow inonde deux villes du Kessland",
      "La rivière Sallow est sortie de son lit lundi dans la province de Kessland, inondant les "
      "villes d'Orvik et de Talmen et chassant 3 400 personnes de leurs foyers. Les secours ont "
      "travaillé toute la nuit, a déclaré la gouverneure Ilse Marten.")
OTHER = ("Corvane Energy agrees to buy Lumera Solar",
         "Corvane Energy said on Thursday it would buy the panel maker Lumera Solar for 1.2 "
         "billion euros, its largest acquisition, pending approval by the competition regulator.")


def _items(lang_fr: str | None, day_fr: str = "2025-03-03") -> list[ArticleText]:
    return [ArticleText("en", EN[1], EN[0], "2025-03-03T09:00:00Z", [], "en"),
            ArticleText("fr", FR[1], FR[0], f"{day_fr}T11:00:00Z", [], lang_fr),
            ArticleText("other", OTHER[1], OTHER[0], "2025-03-03T10:00:00Z", [], "en")]


def _features(lang_fr: str | None, all_xleads: bool = True) -> list:
    return build_features(_items(lang_fr), all_xleads=all_xleads)


def _counting(items: list[ArticleText], asked: list[str]) -> XleadSource:
    fill = text_xleads(items)

    def source(feats: Sequence[ArticleFeatures]) -> None:
        asked.extend(f.article_id for f in feats)
        fill(feats)

    return source


def test_similarity_translation_joins_its_event_other_news_does_not():
    index = FeatureIndex()
    index.extend(_features("fr"))
    prob = index.probabilities(np.arange(3), np.arange(3), DEFAULT_MODEL)
    assert prob[0, 1] > 0.5, "the French report of the floods belongs with the English one"
    assert prob[0, 2] < 0.1 and prob[1, 2] < 0.1


def test_similarity_english_pairs_do_not_use_the_multilingual_lead():
    feats = _features("fr")
    assert all(f.xlead is not None and f.clead is not None for f in feats)
    assert feats[1].english is False and feats[0].english is True
    # Without a language the French report is compared by MiniLM, as English.
    index = FeatureIndex()
    index.extend(_features(None))
    unknown = index.probabilities(np.arange(2), np.arange(2), DEFAULT_MODEL)[0, 1]
    index = FeatureIndex()
    index.extend(feats)
    known = index.probabilities(np.arange(2), np.arange(2), DEFAULT_MODEL)[0, 1]
    assert known > unknown


def test_similarity_e5_built_only_for_pairs_across_languages():
    # English reports get no e5 vector up front; the French one does.
    lazy = _features("fr", all_xleads=False)
    assert [f.xlead is None for f in lazy] == [True, False, True]
    asked: list[str] = []
    index = FeatureIndex(_counting(_items("fr"), asked))
    index.extend(lazy)
    english = np.asarray([0, 2])
    index.probabilities(english, english, DEFAULT_MODEL)
    assert asked == [], "two English reports are compared with MiniLM alone"
    prob = index.probabilities(np.arange(3), np.arange(3), DEFAULT_MODEL)
    assert sorted(asked) == ["en", "other"]
    # The same probabilities as with every e5 vector built up front.
    eager = FeatureIndex()
    eager.extend(_features("fr"))
    assert np.allclose(prob, eager.probabilities(np.arange(3), np.arange(3), DEFAULT_MODEL),
                       atol=1e-4)


def test_similarity_no_e5_for_reports_days_apart():
    # The French report comes ten days later: past apart_days, a cannot-link whatever
    # the leads say, so no English vector is built for it.
    items = _items("fr", day_fr="2025-03-13")
    asked: list[str] = []
    index = FeatureIndex(_counting(items, asked))
    index.extend(build_features(items))
    prob = index.probabilities(np.arange(3), np.arange(3), DEFAULT_MODEL)
    assert asked == []
    assert prob[0, 1] == prob[1, 2] == DEFAULT_MODEL.apart_score


def test_similarity_days_apart_slide_from_doubt_to_cannot_link():
    import numpy as np

    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.stories.similarity import DEFAULT_MODEL, FeatureIndex

    v = np.ones(384, dtype=np.float32) / np.sqrt(384)
    index = FeatureIndex()
    # The same text reported on day 0, 2, 5 and 9: alike in every signal but time.
    index.extend([ArticleFeatures(f"a{d}", v, v, {"x": (1, "X", "ORG")}, day=d)
                  for d in (0, 2, 5, 9)])
    prob = index.probabilities(np.arange(4), np.arange(4), DEFAULT_MODEL)
    assert prob[0, 1] > 0  # two days apart: unlikely, never negative
    assert -1.0 < prob[0, 2] < 0  # five days: negative evidence
    assert prob[0, 3] == -1.0  # nine days: cannot-link


def test_similarity_a_next_day_report_that_recalls_the_event_gets_no_day_window():
    # One text on day 0 and day 1 (the day window: no cost, a bonus) unless the day-1
    # report opens by recalling an event a day old: then it tells what came after the
    # day-0 report's event, and the day between them counts.
    v = np.ones(384, dtype=np.float32) / np.sqrt(384)
    index = FeatureIndex()
    index.extend([ArticleFeatures("first", v, v, {"x": (1, "X", "ORG")}, day=0),
                  ArticleFeatures("next", v, v, {"x": (1, "X", "ORG")}, day=1),
                  ArticleFeatures("after", v, v, {"x": (1, "X", "ORG")}, day=1, recalls=1),
                  ArticleFeatures("same", v, v, {"x": (1, "X", "ORG")}, day=0, recalls=1)])
    prob = index.probabilities(np.arange(4), np.arange(4), DEFAULT_MODEL)
    assert prob[0, 2] < prob[0, 1]
    assert prob[2, 0] == prob[0, 2]  # the later report's recall, either order
    assert prob[0, 3] == prob[0, 0]  # same day: the recall says nothing about the pair
    assert prob[1, 2] == prob[1, 1]


def _unit(seed: int, dim: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


def test_similarity_words_are_rare_only_among_reports_of_their_language():
    from newsdesk.stories.features import ArticleFeatures

    lead = _unit(0, 384)
    # Ten English reports of one topic, two Spanish reports that share only the
    # Spanish topic words, and two English reports that share a rare English word.
    english = [ArticleFeatures(f"e{i}", lead, lead, words={"bridge": 1, f"w{i}": 1}, lang="en")
               for i in range(10)]
    spanish = [ArticleFeatures(f"s{i}", lead, lead, words={"puente": 2, "buque": 1, f"x{i}": 1},
                               lang="es") for i in range(2)]
    rare = [ArticleFeatures(f"r{i}", lead, lead, words={"salvage": 2, "bridge": 1, f"y{i}": 1},
                            lang="en") for i in range(2)]
    index = FeatureIndex()
    index.extend([*english, *spanish, *rare])
    words = index.signals(np.arange(14), np.arange(14))[..., 4]
    # "puente" is in every Spanish report: a topic word there, however rare in the
    # corpus, so it says less than "salvage", rare among the English reports.
    assert words[10, 11] < words[12, 13]


def test_similarity_same_language_pairs_need_more_e5_likeness():
    from newsdesk.stories.features import ArticleFeatures

    base = _unit(1, 384)
    x = _unit(2, 384)
    # Two e5 vectors at cosine .91: a cross-language pair at that cosine is likely one
    # event, two reports of one language other than English are not yet.
    other = base * 0.91 + np.sqrt(1 - 0.91**2) * (x - (x @ base) * base) / np.linalg.norm(
        x - (x @ base) * base)
    minilm = [_unit(3 + i, 384) for i in range(3)]
    feats = [ArticleFeatures("a", minilm[0], minilm[0], xlead=base, lang="es"),
             ArticleFeatures("b", minilm[1], minilm[1], xlead=other.astype(np.float32), lang="es"),
             ArticleFeatures("c", minilm[2], minilm[2], xlead=other.astype(np.float32), lang="en")]
    index = FeatureIndex()
    index.extend(feats)
    prob = index.probabilities(np.arange(3), np.arange(3), DEFAULT_MODEL)
    assert prob[0, 2] > 0.5 > prob[0, 1]


def test_similarity_a_shared_number_weighs_less_across_languages():
    from dataclasses import replace

    from newsdesk.stories.features import ArticleFeatures

    lead = _unit(7, 384)
    x = _unit(8, 384)
    feats = [ArticleFeatures("a", lead, lead, numbers=["19", "2024"], xlead=x, lang="en"),
             ArticleFeatures("b", _unit(9, 384), lead, numbers=["19", "2024"], xlead=x,
                             lang="fr")]
    index = FeatureIndex()
    index.extend(feats)
    rows = np.arange(2)
    half = index.probabilities(rows, rows, DEFAULT_MODEL)[0, 1]
    full = index.probabilities(rows, rows, replace(DEFAULT_MODEL, cross_numbers=1.0))[0, 1]
    assert DEFAULT_MODEL.cross_numbers < 1.0 and half < full


def test_similarity_local_words_count_rarity_among_the_given_reports_only():
    """A word every given report shares weighs little there, however rare it is in the
    whole index; reports outside the given rows do not count."""
    from newsdesk.stories.similarity import FeatureIndex

    lead = np.eye(384, dtype=np.float32)[0]
    words = [{"letter": 1, "a": 1}, {"letter": 1, "a": 1}, {"letter": 1, "b": 1},
             *({"a": 1, "b": 1} for _ in range(5))]
    index = FeatureIndex()
    index.extend([ArticleFeatures(f"r{i}", lead, lead, words=w, lang="en")
                  for i, w in enumerate(words)])
    rows = np.arange(3)
    local = index.local_words(rows)
    # Over the whole index "letter" (3 of 8) is the rare word the two share, "a" and "b"
    # the common ones; among these three "letter" is in all and weighs least.
    whole = index.signals(rows, rows)[..., 4]
    assert whole[0, 2] > 0.5 > local[0, 2] > 0.0
    assert local[0, 1] > local[0, 2]
    assert np.allclose(np.diag(local), 1.0)
