"""Titles of whole words for reports without a headline and for narrow tables."""

from __future__ import annotations

import numpy as np

from newsdesk.titles import fit_words, title_from_text


def test_titles_fit_words_never_cuts_a_word() -> None:
    text = "Floodwater forced the evacuation of three hundred homes in Halvenport"
    for width in range(8, len(text) + 5):
        short = fit_words(text, width)
        assert len(short) <= max(width, len("Floodwater…"))
        kept = short.rstrip("…").split()
        assert kept == text.split()[:len(kept)]
    assert fit_words(text, 200) == text


def test_titles_untitled_report_gets_its_first_sentence_in_whole_words() -> None:
    text = ("Mr. Reyl said the river Aske rose two metres overnight, forcing the evacuation "
            "of three hundred homes in the harbour district of Halvenport. More rain is due.")
    title = title_from_text(text)
    assert title.startswith("Mr. Reyl said the river") and title.endswith("…")
    assert title.rstrip("…").split()[-1] in text.split()
    assert title_from_text("Short first line.\nSecond line.") == "Short first line."


def test_titles_story_takes_the_best_headline_of_its_reports() -> None:
    from newsdesk.stories.features import ArticleFeatures
    from newsdesk.stories.record import representative_title

    def feats(aid: str, title: str, lead: list[float]) -> ArticleFeatures:
        return ArticleFeatures(article_id=aid, lead=np.array(lead, dtype=np.float32),
                               body=np.array(lead, dtype=np.float32), entities={},
                               numbers=[], day=None, title=title)

    # "a" has no headline: its features carry its first sentence, closest to the centre
    members = [feats("a", "A very long first sentence of a report without a headline of its "
                          "own, which goes on and on", [1.0, 0.0]),
               feats("b", "Floods force 300 from homes", [0.8, 0.6]),
               feats("c", "Halvenport mayor opens shelters", [0.0, 1.0])]
    headlines = {"a": None, "b": "Floods force 300 from homes",
                 "c": "Halvenport mayor opens shelters"}
    assert representative_title(members, headlines) == "Floods force 300 from homes"
    # no report has a headline: the best first sentence, in whole words
    alone = [feats("a", "A very long first sentence of a report without a headline of its own, "
                        "which goes on and on about the floods in the harbour district", [1.0])]
    title = representative_title(alone, {"a": None})
    assert title.startswith("A very long first sentence") and title.endswith("…")
    assert title.rstrip("…").split()[-1] in alone[0].title.split()
