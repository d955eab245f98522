"""One story's cross-check: what a copy changed is said to be the copy's."""

from __future__ import annotations

from newsdesk.annotate.quantities import find_quantities
from newsdesk.crosscheck.run import CHANGED_BY_COPY, crosscheck_statements
from newsdesk.crosscheck.statements import Statement, quote_claim


def _said(article: str, group: str, text: str) -> Statement:
    qs = [{"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind, "original_unit": q.original_unit}
          for q in find_quantities(text)]
    return Statement(article, group, 1, text, f"{article}.example", "2031-05-10",
                     claims=[{"text": text, "predicate": "sank", "quantities": qs}])


def test_run_a_figure_a_spun_copy_changed_is_the_copys_change() -> None:
    wire = _said("wire", "wire", "The Kestrel Star went down north of Port Alder with 500 passengers aboard.")
    spun = _said("spun", "wire", "The Kestrel Star sank to the north of Port Alder carrying 600 passengers.")
    other = _said("other", "other",
                  "The Kestrel Star went down north of Port Alder with 600 passengers aboard.")
    for order in ([wire, spun], [spun, wire]):
        (dispute,) = [f for f in crosscheck_statements("s", order) if f.kind == "discrepancy"]
        assert dispute.summary.endswith(f"({CHANGED_BY_COPY})")
        assert [e.article_id for e in dispute.evidence] == ["wire", "spun"]  # the origin first
        assert dispute.summary.startswith("500 passengers vs 600 passengers")
    # independent reports that differ are two sources at odds
    (dispute,) = [f for f in crosscheck_statements("s", [wire, other]) if f.kind == "discrepancy"]
    assert CHANGED_BY_COPY not in dispute.summary


def test_run_a_copys_change_and_the_reports_that_agree_with_its_origin_are_one_dispute() -> None:
    wire = _said("wire", "wire", "The Kestrel Star went down north of Port Alder with 500 passengers aboard.")
    spun = _said("spun", "wire", "The Kestrel Star sank to the north of Port Alder carrying 600 passengers.")
    other = _said("other", "other", "The Kestrel Star sank north of Port Alder with 500 passengers aboard.")
    (dispute,) = [f for f in crosscheck_statements("s", [wire, spun, other]) if f.kind == "discrepancy"]
    assert dispute.summary.endswith(f"({CHANGED_BY_COPY})")
    assert [e.article_id for e in dispute.evidence] == ["wire", "spun", "other"]


def test_run_a_headline_is_set_against_no_other_report() -> None:
    def toll(article: str, text: str, day: str, headline: bool = False) -> Statement:
        s = _said(article, article, text)
        s.published, s.headline = day, headline
        return s

    head = toll("a", "Kestrel Star ferry sinks off Port Alder, 12 killed", "2031-05-10", headline=True)
    body = toll("b", "The death toll from the Kestrel Star sinking off Port Alder rose to 17.", "2031-05-11")
    assert not [f for f in crosscheck_statements("s", [head, body]) if f.kind in ("discrepancy", "update")]
    head.headline = False  # the same words in a report's body are compared
    assert [f for f in crosscheck_statements("s", [head, body]) if f.kind == "update"]


def test_run_a_figure_repeated_in_one_report_rose_once() -> None:
    def toll(article: str, index: int, text: str, day: str) -> Statement:
        s = _said(article, article, text)
        s.index, s.published = index, day
        return s

    lead = toll("a", 1, "The Kestrel Star sank off Port Alder on Saturday, killing 12 people.", "2031-05-10")
    recap = toll("a", 6, "The sinking of the Kestrel Star off Port Alder killed 12 people.", "2031-05-10")
    later = toll("b", 1, "The death toll from the Kestrel Star sinking off Port Alder rose to 17.",
                 "2031-05-11")
    updates = [f for f in crosscheck_statements("s", [lead, recap, later]) if f.kind == "update"]
    assert len(updates) == 1 and updates[0].articles == ["a", "b"]


def test_run_two_reports_of_the_same_words_corroborate_who_said_them() -> None:
    def quoted(article: str, words: str, frame: str) -> Statement:
        text = frame.format(q=f'"{words}"')
        quote = {"kind": "direct", "text": words, "speaker": "Ilse Varga", "start": text.index(words)}
        said = Statement(article, article, 4, text, f"{article}.example", "2031-05-11", quotes=[quote])
        quote_claim(said)  # as the statements of a stored report get it
        return said

    remark = "We will not stop searching until everyone is found"
    one = quoted("a", remark, "{q}, coastguard commander Ilse Varga said on Sunday.")
    two = quoted("b", remark, "Ilse Varga, who leads the coastguard, told reporters: {q}.")
    found = [f for f in crosscheck_statements("s", [one, two]) if f.kind == "corroborated"]
    assert len(found) == 1 and {e.article_id for e in found[0].evidence} == {"a", "b"}
    # other words in quote marks are no corroboration (they are a matter for the disputes)
    other = quoted("c", "We will keep looking for as long as it takes", "{q}, Ilse Varga said.")
    assert not [f for f in crosscheck_statements("s", [one, other]) if f.kind == "corroborated"]
