"""Who gave a figure, across a storyline's reports."""

from __future__ import annotations

from newsdesk.crosscheck.sources import source_conflicts
from newsdesk.crosscheck.statements import Statement


def _st(aid: str, text: str) -> Statement:
    return Statement(aid, aid, 0, text)


REPORTS = [
    _st("a", "Norvale said on Saturday that some 8.5 million Zentrix devices had crashed."),
    _st("b", "Norvale estimates that 8.5 million Zentrix devices failed on Friday."),
    _st("c", "Orbitek said a large share of 8.5 million Zentrix devices crashed."),
]


def test_sources_one_report_crediting_a_figure_to_another_source() -> None:
    ((odd, partner, summary),) = source_conflicts({"c"}, REPORTS, {"a": "s1", "b": "s1", "c": "s2"})
    assert odd.article_id == "c" and partner.article_id == "a"
    assert summary == "who gave 8.5 million Zentrix devices: Norvale vs Orbitek"
    # only the odd report's story gets the finding
    assert source_conflicts({"a", "b"}, REPORTS, {"a": "s1", "b": "s1", "c": "s2"}) == []


def test_sources_one_source_by_two_names_or_a_single_other_report_is_no_conflict() -> None:
    reports = [*REPORTS[:2], _st("c", "Norvale chief Ada Brandt said 8.5 million Zentrix devices were hit.")]
    assert source_conflicts({"c"}, reports, {}) == []
    # one report against one: which of them is right is not for the count to say
    assert source_conflicts({"c"}, [REPORTS[0], REPORTS[2]], {}) == []
    # small figures are too common to be credited to one source
    small = [_st(x, f"{who} said 12 Zentrix devices were hit.") for x, who in
             (("a", "Norvale"), ("b", "Norvale"), ("c", "Orbitek"))]
    assert source_conflicts({"c"}, small, {}) == []
