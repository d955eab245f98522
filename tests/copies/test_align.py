from __future__ import annotations

import pytest

from newsdesk.copies.align import Sentences, align

ORIGIN = """Rescue teams pulled 212 people from rooftops by midday on Monday.
The river peaked at 4.6 metres above its normal level early on Monday.
The prime minister promised emergency payments to families who lost their homes.
Forecasters expect a further 40 millimetres of rain by Wednesday."""

COPY = """The river peaked at 4.6 metres above its normal level early on Monday.
Rescue teams pulled 312 people from rooftops by midday on Monday.
Subscribe to our channel for more breaking stories every single day.
The prime minister promised emergency payments to families who lost their homes."""


def test_align_reports_matched_changed_added_dropped() -> None:
    a = align(Sentences.from_text(COPY), Sentences.from_text(ORIGIN))
    assert a["sentences"] == [4, 4]
    assert sorted(a["matched"]) == [[0, 1], [3, 2]]
    [changed] = a["changed"]
    assert (changed["copy"], changed["origin"]) == (1, 0)
    assert changed["removed"] == ["212"] and changed["inserted"] == ["312"]
    assert [x["index"] for x in a["added"]] == [2]
    assert [x["text"] for x in a["dropped"]] == [
        "Forecasters expect a further 40 millimetres of rain by Wednesday."]
    # two sentences swapped places: not all matches keep the origin's order
    assert a["in_order"] < 1.0
    assert a["coverage"] == 0.75


def test_align_identical_texts_match_fully() -> None:
    a = align(Sentences.from_text(ORIGIN), Sentences.from_text(ORIGIN))
    assert len(a["matched"]) == 4 and not a["changed"] and not a["added"] and not a["dropped"]
    assert a["coverage"] == 1.0 and a["in_order"] == 1.0


def test_align_two_sentences_joined_into_one_are_merged_not_dropped() -> None:
    joined = ("The river peaked at 4.6 metres above its normal level early on Monday, while rescue "
              "teams pulled 212 people from rooftops by midday on Monday.\n"
              "The prime minister promised emergency payments to families who lost their homes.\n"
              "Forecasters expect a further 40 millimetres of rain by Wednesday.")
    a = align(Sentences.from_text(joined), Sentences.from_text(ORIGIN))
    folded = [(x["origin"], x["copy"]) for x in a["merged"]]
    assert len(folded) == 1 and folded[0][1] == 0  # one origin sentence lives on in copy sentence 0
    assert not a["dropped"] and not a["added"] and not a["split"]
    # the other way round, the copy's second half is split from that origin sentence
    b = align(Sentences.from_text(ORIGIN), Sentences.from_text(joined))
    assert [x["origin"] for x in b["split"]] == [0] and not b["added"]


def test_align_lexical_similarity_is_the_dice_of_word_sets_with_hashes_kept() -> None:
    """The sentences' hashed words are made once and reused for every other document:
    each pair's scores stay the Dice coefficients of the two word sets."""
    from newsdesk.copies.align import lexical_similarity

    a = Sentences.from_text("The ferry Nordlicht lost power off Almbrück. Crews towed it to port on Monday.")
    b = Sentences.from_text("Crews towed the ferry Nordlicht to port. Nobody was hurt, the operator said.")
    c = Sentences.from_text("The operator said nobody was hurt when the Nordlicht lost power.")
    for x, y in ((a, b), (a, c), (b, c), (a, b)):
        want = [[2 * len(p & q) / (len(p) + len(q)) for q in y.sets] for p in x.sets]
        got = lexical_similarity(x, y)
        assert got.shape == (len(x), len(y))
        assert got.ravel().tolist() == pytest.approx([v for row in want for v in row], abs=1e-6)
