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
