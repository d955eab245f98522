from __future__ import annotations

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
