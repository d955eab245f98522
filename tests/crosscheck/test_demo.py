"""Cross-check on the fictional demo corpus: every planted discrepancy is found, the
planted agreements are not reported, and verbatim copies never disagree."""

from __future__ import annotations

import pytest

from newsdesk.clean import normalize_text
from newsdesk.crosscheck import article_shares, crosscheck_story
from newsdesk.records import Finding
from newsdesk.store import Store
from tests.conftest import truth_key


def _norm(text: str) -> str:
    return " ".join(normalize_text(text).lower().split())


def _covers(evidence_sentence: str, truth_sentence: str) -> bool:
    a, b = _norm(evidence_sentence), _norm(truth_sentence)
    return a in b or b in a


@pytest.fixture(scope="module")
def findings(analysed_demo: str, demo_truth: dict) -> dict[str, list[Finding]]:
    from newsdesk.store import open_store

    with open_store(analysed_demo) as store:
        return {s["id"]: crosscheck_story(store, f"truth-{s['id']}") for s in demo_truth["stories"]}


def _keys(store: Store) -> dict[str, str]:
    return {a.id: truth_key(a.source, a.url) for a in store.iter_articles()}


def test_demo_every_planted_discrepancy_is_found(findings, demo_truth, demo_xstore) -> None:
    keys = _keys(demo_xstore)
    missing = []
    for d in demo_truth["discrepancies"]:
        found = [
            f for f in findings[d["story"]]
            # a toll that rose overnight is an updated figure, not a dispute (D4)
            if f.kind == ("update" if "updated toll" in d["explanation"] else "discrepancy")
            and f.type == d["type"]
            # copies of a report carry the same sentence: the finding lists them all
            and set(d["articles"][: 1 if d["type"] == "date" else 2]) <= {keys[a] for a in f.articles}
            and any(_covers(e.sentence, d["sentence_a"]) for e in f.evidence)
            # a wrong weekday is wrong on its own; the other side is only context
            and (d["type"] == "date" or any(_covers(e.sentence, d["sentence_b"]) for e in f.evidence))
        ]
        if not found:
            missing.append(f"{d['id']} ({d['type']}): {d['explanation']}")
    assert not missing, "planted discrepancies not found:\n" + "\n".join(missing)


def test_demo_planted_agreements_are_not_disputes(findings, demo_truth) -> None:
    wrong = []
    for agreement in demo_truth["agreements"]:
        for f in findings[agreement["story"]]:
            if f.kind != "discrepancy" or len(f.evidence) < 2:
                continue
            a, b = f.evidence[0].sentence, f.evidence[1].sentence
            pair = {_norm(agreement["sentence_a"]), _norm(agreement["sentence_b"])}
            if any(_covers(a, s) for s in pair) and any(_covers(b, s) for s in pair):
                wrong.append(f"{agreement['explanation']} -> reported as {f.type}: {f.summary}")
    assert not wrong, "\n".join(wrong)


def test_demo_no_discrepancy_between_verbatim_copies(findings, demo_truth, demo_xstore) -> None:
    keys = _keys(demo_xstore)
    verbatim = {(a["key"], a["copy_of"]) for a in demo_truth["articles"] if a["copy_kind"] == "verbatim"}
    verbatim |= {(b, a) for a, b in verbatim}
    for story_findings in findings.values():
        for f in story_findings:
            if f.kind == "discrepancy" and len(f.evidence) == 2:
                pair = (keys[f.evidence[0].article_id], keys[f.evidence[1].article_id])
                assert pair not in verbatim, f"verbatim copies disagree? {f.summary}"


def test_demo_corroboration_counts_copies_once(findings, demo_xstore) -> None:
    links = demo_xstore.copy_links()
    for story_findings in findings.values():
        for f in story_findings:
            if f.kind == "corroborated":
                groups = {links[e.article_id].copy_group if e.article_id in links else e.article_id
                          for e in f.evidence}
                assert len(groups) >= 2
                assert f.independent_sources == len(groups)


def test_demo_findings_carry_evidence_and_shares(findings) -> None:
    all_findings = [f for fs in findings.values() for f in fs]
    assert {f.kind for f in all_findings} == {"corroborated", "single_source", "discrepancy", "update"}
    for f in all_findings:
        assert f.evidence and all(e.sentence for e in f.evidence)
        assert 0 < f.confidence <= 1
    shares = article_shares(all_findings)
    for row in shares.values():
        assert abs(sum(row.values()) - 1) < 0.01


def test_demo_one_report_against_several_is_one_dispute(findings) -> None:
    """Teskov Daily's "tolerate" against three outlets' "accept": one finding, not three,
    listing each version of the remark once (the agreeing version first, in its plainest
    sentence) and every report that carries a version among its articles."""
    quotes = [f for f in findings["S2"] if f.kind == "discrepancy" and f.type == "quote"]
    assert len(quotes) == 1
    (quote,) = quotes
    sentences = [e.sentence for e in quote.evidence]
    assert len(sentences) == 2 and "tolerate" in sentences[1] and "accept any" in sentences[0]
    assert len(quote.articles) >= 4  # EBC, CPS, Global Ledger, Teskov Daily (and copies)
    # the changed place with a word of context each side, and what the change does
    assert "accept any further" in quote.summary and "tolerate further" in quote.summary
    assert "meaning may have changed: accept any \u2192 tolerate" in quote.summary


def test_reports_that_also_differ_from_each_other_stay_separate_disputes() -> None:
    """14, 17 and 20 dead in three reports: "17" and "20" each differ from "14" but also
    from each other, so they are not listed as agreeing."""
    from newsdesk.crosscheck.run import _dedupe
    from newsdesk.records import Evidence

    said = {k: f"At least {n} people died in the floods." for k, n in (("a", 14), ("t", 17), ("x", 20))}

    def dispute(x: str, y: str, n: int, m: int) -> Finding:
        return Finding(id=x + y, story_id="s", kind="discrepancy", type="quantity", articles=[x, y],
                       evidence=[Evidence(x, said[x], 0), Evidence(y, said[y], 0)],
                       summary=f"{n} people vs {m} people", confidence=0.9, independent_sources=2)

    found = _dedupe([dispute("a", "t", 14, 17), dispute("a", "x", 14, 20), dispute("t", "x", 17, 20)])
    assert len(found) == 3 and all(len(f.evidence) == 2 for f in found)
    # two reports that agree with each other against one that differs: one dispute
    said["y"] = "At least 17 people were killed by the floods."
    merged = _dedupe([dispute("a", "t", 14, 17), dispute("a", "y", 14, 17)])
    assert len(merged) == 1 and len(merged[0].evidence) == 3
    # reports at odds with one report for different reasons stay disputes of their own
    times = {"a": "The pier collapsed at 2:40 a.m. Thursday.", "b": "The pier collapsed at 14h40.",
             "c": "Il est 2h40 mercredi soir au port."}

    def timing(y: str, why: str, wording: str) -> Finding:
        return Finding(id="a" + y, story_id="s", kind="discrepancy", type="quantity", articles=["a", y],
                       evidence=[Evidence("a", times["a"], 0), Evidence(y, times[y], 0)],
                       summary=f"time of the event ({why}): 2:40 a.m. vs {wording}", confidence=0.8,
                       independent_sources=2)

    apart = _dedupe([timing("b", "twelve hours off", "14h40"), timing("c", "another day", "mercredi")])
    assert len(apart) == 2


def test_demo_crosscheck_twice_gives_same_findings_and_ids(analysed_demo: str, demo_truth: dict) -> None:
    """Finding ids come from what a finding says, and findings come in a fixed order:
    checking one store twice changes nothing."""
    from newsdesk.store import open_store

    with open_store(analysed_demo) as store:
        for s in demo_truth["stories"]:
            first = crosscheck_story(store, f"truth-{s['id']}")
            again = crosscheck_story(store, f"truth-{s['id']}")
            assert [f.id for f in first] == [f.id for f in again]
            assert [(f.summary, [e.sentence for e in f.evidence]) for f in first] == \
                [(f.summary, [e.sentence for e in f.evidence]) for f in again]
            stored = store.findings(f"truth-{s['id']}")
            assert {f.id for f in stored} == {f.id for f in first}
            assert len({f.id for f in first}) == len(first)


def test_demo_disputes_come_first_and_by_severity(findings) -> None:
    from newsdesk.crosscheck import by_severity

    for story_findings in findings.values():
        assert story_findings == by_severity(story_findings)
        kinds = [f.kind for f in story_findings]
        assert kinds == sorted(kinds, key=["discrepancy", "update", "corroborated", "single_source"].index)
        confidences = [f.confidence for f in story_findings if f.kind == "discrepancy"]
        assert confidences == sorted(confidences, reverse=True)
