from __future__ import annotations

import numpy as np

from newsdesk.copies.cohort import COHORT_FLOOR, MARGIN, MIN_JACCARD, jaccard, stands_out
from newsdesk.copies.detect import _by_cohort
from newsdesk.copies.verify import Doc, Verdict
from newsdesk.records import Article

# Invented words with distinct 6-letter stems (content words are compared by stem).
EVENT = ["harbormaster", "quillington", "marrowdale", "tessalight", "brindlecove",
         "vantaglass", "orrinford", "peldramoor", "caskwhistle", "lumenfjord"]


def _own(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{chr(97 + k // 26)}{chr(97 + k % 26)}word" for k in range(n)]


SOURCE = _own("srce", 20)  # what a source and its rewrite share beyond the event


def _doc(name: str, words: list[str]) -> Doc:
    # Sentences of five content words each: the text is long enough to be compared.
    sentences = [" ".join(words[k:k + 5]).capitalize() + "." for k in range(0, len(words), 5)]
    text = " ".join(sentences)
    return Doc.from_article(Article(id=name, document_id=name, source=name, text=text,
                                    text_hash=name, lang="en"))


def _open(doc: Doc, others: list[Doc]) -> list[Verdict]:
    return [Verdict(None, 0.0, {}) for _o in others]


def test_jaccard_of_sorted_hash_arrays() -> None:
    a = np.array([1, 2, 3, 4], dtype=np.uint64)
    b = np.array([3, 4, 5, 6], dtype=np.uint64)
    assert jaccard(a, b) == 2 / 6
    assert jaccard(a, np.zeros(0, dtype=np.uint64)) == 0.0


def test_stands_out_needs_a_third_report_on_both_sides() -> None:
    assert stands_out(0.5, [0.5 / MARGIN - 0.01], [0.18]).linked  # stands out on both sides
    assert not stands_out(0.5, [], [0.2]).linked  # no third report: not judged
    assert not stands_out(0.5, [COHORT_FLOOR - 0.01], [0.2]).linked  # no report of the event
    assert not stands_out(0.5, [0.2], [0.5 / MARGIN + 0.01]).linked  # one side close to a third
    assert not stands_out(MIN_JACCARD - 0.01, [0.15], [0.15]).linked  # too little shared


def test_by_cohort_links_a_rewrite_that_stands_out_among_its_event() -> None:
    source = _doc("release", EVENT + SOURCE + _own("relx", 15))
    rewrite = _doc("rewrite", EVENT + SOURCE + _own("rewr", 15))
    third = _doc("third", EVENT + _own("thrd", 15))
    assert jaccard(rewrite.content, source.content) >= MIN_JACCARD
    checks = [(rewrite, source), (rewrite, third)]
    rows = _by_cohort(checks, _open(rewrite, [source, third]))
    assert [(r["article_id"], r["other_id"], r["method"]) for r in rows] == [
        ("rewrite", "release", "rewrite")]
    assert rows[0]["evidence"]["cohort_margin"] >= MARGIN
    assert 0 < rows[0]["score"] <= 1  # a Jaccard, comparable with other links' scores


def test_by_cohort_leaves_independent_reports_and_lone_pairs_alone() -> None:
    # Three reports of one event, each with its own wording: equally close, no link.
    a, b, c = (_doc(n, EVENT + SOURCE[:10] + _own(n[:4], 12)) for n in ("alfa", "brav", "char"))
    assert jaccard(a.content, b.content) >= MIN_JACCARD
    assert _by_cohort([(a, b), (a, c)], _open(a, [b, c])) == []
    # The same close pair with no third report of its event: nothing to compare with.
    source = _doc("release", EVENT + SOURCE + _own("relx", 15))
    rewrite = _doc("rewrite", EVENT + SOURCE + _own("rewr", 15))
    other_story = _doc("other", _own("othr", 40))
    assert _by_cohort([(rewrite, source), (rewrite, other_story)],
                      _open(rewrite, [source, other_story])) == []


def test_by_cohort_does_not_count_a_copy_of_the_new_report_as_a_third() -> None:
    source = _doc("release", EVENT + SOURCE + _own("relx", 15))
    rewrite = _doc("rewrite", EVENT + SOURCE + _own("rewr", 15))
    mirror = _doc("mirror", EVENT + SOURCE + _own("rewr", 15)[:10])  # a copy, linked already
    third = _doc("third", EVENT + _own("thrd", 15))
    verdicts = [Verdict(None, 0.0, {}), Verdict("near_duplicate", 0.9, {}), Verdict(None, 0.0, {})]
    rows = _by_cohort([(rewrite, source), (rewrite, mirror), (rewrite, third)], verdicts)
    assert [r["other_id"] for r in rows] == ["release"]


def test_by_cohort_a_third_report_counts_whichever_of_the_pair_arrived_first() -> None:
    # The third report arrives after both: it was compared with each of them as their
    # later report. Which of the pair came first must not change the verdict.
    source = _doc("release", EVENT + SOURCE + _own("relx", 15))
    rewrite = _doc("rewrite", EVENT + SOURCE + _own("rewr", 15))
    third = _doc("third", EVENT + _own("thrd", 15))
    for first, second in ((source, rewrite), (rewrite, source)):
        checks = [(second, first), (third, first), (third, second)]
        rows = _by_cohort(checks, [Verdict(None, 0.0, {}) for _c in checks])
        assert [(r["article_id"], r["other_id"]) for r in rows] == [
            (second.article.id, first.article.id)]
