"""Decide whether two texts are one report: exact, near-duplicate, rewrite, or not.

Cheapest test first. The LSH index only proposes candidates; this module decides with
exact set overlaps, then a lexical sentence alignment, and embeds sentences only for
the pairs that share many content words but few word runs (possible spun rewrites).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.copies.align import Sentences, coverage, lexical_similarity, similarity
from newsdesk.copies.sketch import BatchSketch, sketch_texts
from newsdesk.records import Article

# A copy keeps at least half of the shorter text's 5-word runs; two reports of one event
# share quotes and names but not half their wording (the seeds share 0.5% of shingles).
NEAR_CONTAINMENT = 0.5
# Same, counted in sentences: a light edit that touches a word in most sentences
# breaks many shingles but leaves the sentences recognisable.
NEAR_SENTENCE_COVERAGE = 0.7
# Below this share of content-word stems, a pair is no copy (the seeds, two reports of
# one event, share 0.2; copies in the demo corpus and LLM rewrites share far more).
REWRITE_MIN_WORDS = 0.3
# A rewrite has a counterpart for most sentences on both sides.
REWRITE_COVERAGE = 0.7


@dataclass(slots=True)
class Doc:
    """An article's features for comparison, computed once per run."""

    article: Article
    shingles: np.ndarray  # distinct shingle hashes, sorted
    content: np.ndarray  # distinct content-word stem hashes, sorted
    _sentences: Sentences | None = field(default=None, repr=False)

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        return cls.from_sketch(article, sketch_texts([article.text]), 0)

    @classmethod
    def from_sketch(cls, article: Article, sketch: BatchSketch, row: int) -> Doc:
        return cls(article, sketch.shingle_set(row), sketch.content_set(row))

    @property
    def sentences(self) -> Sentences:
        if self._sentences is None:
            self._sentences = Sentences.from_text(self.article.text)
        return self._sentences


@dataclass(slots=True)
class Verdict:
    method: str | None  # exact | near_duplicate | rewrite | None (not a copy)
    score: float
    evidence: dict[str, Any]


def _overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(containment in the smaller set, Jaccard) of two sorted unique hash arrays."""
    if a.size == 0 or b.size == 0:
        return 0.0, 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / min(a.size, b.size), inter / (a.size + b.size - inter)


Embed = Callable[[Doc], None]  # fills doc.sentences.vectors


def verify(a: Doc, b: Doc, embed: Embed | None) -> Verdict:
    if a.article.text_hash == b.article.text_hash:
        return Verdict("exact", 1.0, {"text_hash": a.article.text_hash})
    containment, jaccard = _overlap(a.shingles, b.shingles)
    _word_containment, word_jaccard = _overlap(a.content, b.content)
    evidence: dict[str, Any] = {"shingle_containment": round(containment, 3),
                                "shingle_jaccard": round(jaccard, 3),
                                "word_jaccard": round(word_jaccard, 3)}
    if containment >= NEAR_CONTAINMENT:
        return Verdict("near_duplicate", containment, evidence)
    if word_jaccard < REWRITE_MIN_WORDS:
        # A copy that kept most sentences keeps most content words too: stop here,
        # before any sentence work (most LSH candidates end here).
        return Verdict(None, containment, evidence)
    sa, sb = a.sentences, b.sentences
    cov = coverage(lexical_similarity(sa, sb), sa.weights, sb.weights)
    evidence["lexical_coverage"] = [round(cov[0], 3), round(cov[1], 3)]
    if min(cov) >= NEAR_SENTENCE_COVERAGE:
        # Most sentences kept but most word runs broken: words swapped throughout.
        return Verdict("rewrite", min(cov), evidence)
    if embed is None:
        return Verdict(None, max(containment, min(cov)), evidence)
    embed(a)
    embed(b)
    cov = coverage(similarity(sa, sb), sa.weights, sb.weights)
    evidence["coverage"] = [round(cov[0], 3), round(cov[1], 3)]
    if min(cov) >= REWRITE_COVERAGE:
        return Verdict("rewrite", min(cov), evidence)
    return Verdict(None, min(cov), evidence)


def rewrite_score(a: Sentences, b: Sentences) -> float:
    """A graded score for ranking (benchmarks): mean best similarity of each side's
    sentences, the weaker side counting. Needs vectors on both for rewrites."""
    sim = similarity(a, b)
    if sim.size == 0:
        return 0.0
    wa, wb = a.weights, b.weights
    side_a = float((sim.max(axis=1) * wa).sum() / max(wa.sum(), 1.0))
    side_b = float((sim.max(axis=0) * wb).sum() / max(wb.sum(), 1.0))
    return min(side_a, side_b)
