"""Decide whether two texts are one report: exact, near-duplicate, rewrite, or not.

Cheapest test first. The LSH index only proposes candidates; this module decides with
exact set overlaps, then a lexical sentence alignment, and embeds sentences only for
the pairs that share many content words but few word runs (possible spun rewrites).
Those are decided by the rewrite model of ``features.py``, trained to tell LLM rewrites
from independent reports of the same event (benchmarks/copies_train.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.copies.align import Sentences, coverage, lexical_similarity, similarity
from newsdesk.copies.features import RewriteModel, pair_features, rewrite_model
from newsdesk.copies.passages import LEAD_WORDS, SharedPassages, Words, shared_passages
from newsdesk.copies.sketch import BatchSketch, sketch_texts
from newsdesk.copies.text import MIN_SENTENCES, MIN_WORDS
from newsdesk.copies.translate import language_class
from newsdesk.records import Article

# A copy keeps at least half of the shorter text's 5-word runs; two reports of one event
# share quotes and names but not half their wording (the seeds share 0.5% of shingles).
NEAR_CONTAINMENT = 0.5
# Same, counted in sentences: a light edit that touches a word in most sentences
# breaks many shingles but leaves the sentences recognisable.
NEAR_SENTENCE_COVERAGE = 0.7
# Below this share of the smaller text's content-word stems found in the other, a pair
# is no copy. Containment, not Jaccard: an LLM rewrite that shortens a report to a
# summary keeps most of its words but shares few of the long original's (SheepDog
# restyled: Jaccard 0.2, containment 0.7); two texts of different stories share < 0.3.
REWRITE_MIN_WORDS = 0.3
# Shared passages (passages.py): a cut or windowed copy holds long runs of the other
# text, in order, outside quotes. At 30% of the shorter text and 30 words or more it is
# one text; independent reports of one event that reuse a photo caption or a
# background paragraph reach 25% (realnews), and ECB+ reports of one event under 10%.
PASSAGE_SHARE = 0.3
PASSAGE_MIN_WORDS = 30
# A write-through: a later version of a wire story keeps its lead, or opens with a
# paragraph of the earlier version, while the rest drifts. So a long passage (>= 25
# words outside quotes) is one text when the two also share the opening of one of them
# (a run of >= 10 words starting in its headline or first words, LEAD_WORDS), and the
# passages reach PASSAGE_MIN_WORDS. A long passage alone is not enough: independent
# reports of one event reprint the same wire background paragraph lower down (ECB+:
# 10 same sub-topic pairs of 1,068 share a 25-41-word run, none in either text's
# opening; realnews: at most 21 words).
LONG_PASSAGE = 25
OPENING_PASSAGE = 10
# A short text (a teaser: headline and first sentence, under MIN_WORDS) is compared
# only as a near-duplicate, and must share this many words outside quotes: a short text
# that is mostly one quoted statement is no copy of a report that quotes it too.
SHORT_PASSAGE_WORDS = 20
# Sentences kept, words swapped: most of one side's sentences (weighted, at least
# SIDE_MIN_SENTENCES of them) have a lexical counterpart in the other. One side is
# enough: a cut copy holds only part of its origin. Two reports of one event reach 0.5
# on four-sentence texts and 0.45 on longer ones.
SIDE_SENTENCE_COVERAGE = 0.55
SIDE_MIN_SENTENCES = 4
# A write-through that rewords most of the story still opens with the lead of the
# version it updates and keeps a few sentences near verbatim further on: the first
# sentences of both (headline or lead) are counterparts at this similarity (align.py's
# scale: 0.6 is a paraphrase, 1.0 the same words), and WRITE_THROUGH_PAIRS sentence pairs
# in all (the lead among them) are, each other's best match, in the same order.
# Independent reports of one event can open alike (the same facts in the first
# sentence), but do not also repeat two more sentences in order (realnews: none of 4,000
# pairs; held-out ECB+ same sub-topic: none of 1,068).
LEAD_MATCH = 0.9
WRITE_THROUGH_PAIRS = 3


@dataclass(slots=True)
class Doc:
    """An article's features for comparison, computed once per run."""

    article: Article
    shingles: np.ndarray  # distinct shingle hashes, sorted
    content: np.ndarray  # distinct content-word stem hashes, sorted
    _sentences: Sentences | None = field(default=None, repr=False)
    _words: Words | None = field(default=None, repr=False)
    _language: str | None = field(default=None, repr=False)

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

    @property
    def words(self) -> Words:
        if self._words is None:
            self._words = Words.from_text(self.article.text)
        return self._words

    @property
    def language(self) -> str:
        """"en", or another language code: see ``translate.language_class``."""
        if self._language is None:
            self._language = language_class(self.article.text, self.article.lang)
        return self._language

    @property
    def short(self) -> bool:
        """A teaser: under MIN_WORDS words in fewer than MIN_SENTENCES sentences."""
        return (len(self.article.text.split()) < MIN_WORDS
                and float(self.sentences.weights.sum()) < MIN_SENTENCES)


@dataclass(slots=True)
class Verdict:
    method: str | None  # exact | near_duplicate | rewrite | None (not a copy)
    score: float
    evidence: dict[str, Any]


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(containment in the smaller set, Jaccard) of two sorted unique hash arrays."""
    if a.size == 0 or b.size == 0:
        return 0.0, 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / min(a.size, b.size), inter / (a.size + b.size - inter)


Embed = Callable[[Doc], None]  # fills doc.sentences.vectors


def verify(a: Doc, b: Doc, embed: Embed | None, model: RewriteModel | None = None) -> Verdict:
    """Exact, near-duplicate, excerpt (shared passages), rewrite or no copy; ``model``
    defaults to the packaged one. Texts in two languages are left to ``translate.py``."""
    if a.article.text_hash == b.article.text_hash:
        return Verdict("exact", 1.0, {"text_hash": a.article.text_hash})
    if a.language != b.language:
        return Verdict(None, 0.0, {"languages": [a.language, b.language]})
    containment, jaccard = overlap(a.shingles, b.shingles)
    word_containment, word_jaccard = overlap(a.content, b.content)
    evidence: dict[str, Any] = {"shingle_containment": round(containment, 3),
                                "shingle_jaccard": round(jaccard, 3),
                                "word_jaccard": round(word_jaccard, 3),
                                "word_containment": round(word_containment, 3)}
    if a.short or b.short:
        if containment < NEAR_CONTAINMENT:
            return Verdict(None, containment, evidence)
        shared = _passages(a, b, evidence)
        linked = shared.shared >= SHORT_PASSAGE_WORDS
        return Verdict("near_duplicate" if linked else None, containment, evidence)
    if containment >= NEAR_CONTAINMENT:
        return Verdict("near_duplicate", containment, evidence)
    if word_containment < REWRITE_MIN_WORDS:
        # A copy that kept most sentences keeps most content words too: stop here,
        # before any sentence work (most LSH candidates end here).
        return Verdict(None, containment, evidence)
    shared = _passages(a, b, evidence)
    if shared.shared >= PASSAGE_MIN_WORDS and (
            shared.share >= PASSAGE_SHARE
            or (shared.longest >= LONG_PASSAGE and shared.opening(LEAD_WORDS) >= OPENING_PASSAGE)):
        return Verdict("excerpt", shared.share, evidence)
    sa, sb = a.sentences, b.sentences
    cov = coverage(lexical_similarity(sa, sb), sa.weights, sb.weights)
    evidence["lexical_coverage"] = [round(cov[0], 3), round(cov[1], 3)]
    if min(cov) >= NEAR_SENTENCE_COVERAGE or _side_covered(cov, sa, sb):
        # Most sentences kept but most word runs broken: words swapped throughout.
        return Verdict("rewrite", max(cov), evidence)
    if embed is None or a.language != "en":
        # The sentence model and the rewrite model know English only.
        return Verdict(None, max(containment, min(cov)), evidence)
    embed(a)
    embed(b)
    sim = similarity(sa, sb)
    cov = coverage(sim, sa.weights, sb.weights)
    evidence["coverage"] = [round(cov[0], 3), round(cov[1], 3)]
    lead, kept = _write_through(sim, sa.weights, sb.weights)
    evidence["lead_match"], evidence["kept_in_order"] = round(lead, 3), kept
    if lead >= LEAD_MATCH and kept >= WRITE_THROUGH_PAIRS:
        return Verdict("rewrite", lead, evidence)
    # Coverage alone cannot separate a rewrite from a second report of one event (both
    # reach 0.5-0.8 on long texts); the model weighs closeness, order and length too.
    model = model or rewrite_model()
    feats = pair_features(a, b, sim, {"word_jaccard": word_jaccard, "shingle_containment":
                                      containment, "word_containment": word_containment})
    probability = model.probability(feats)
    evidence["rewrite_probability"] = round(probability, 3)
    evidence["ordered"] = round(feats["ordered"], 3)
    if probability >= model.threshold:
        return Verdict("rewrite", probability, evidence)
    return Verdict(None, probability, evidence)


def _passages(a: Doc, b: Doc, evidence: dict[str, Any]) -> SharedPassages:
    shared = shared_passages(a.words, b.words)
    evidence.update(shared.evidence())
    return shared


def _write_through(sim: np.ndarray, wa: np.ndarray, wb: np.ndarray) -> tuple[float, int]:
    """(similarity of the two texts' first weighted sentences, the number of sentence
    pairs at LEAD_MATCH or more that are each other's best match and keep their order)."""
    ia, ib = np.flatnonzero(wa > 0), np.flatnonzero(wb > 0)
    if ia.size == 0 or ib.size == 0:
        return 0.0, 0
    sub = sim[np.ix_(ia, ib)]
    best_a, best_b = sub.argmax(axis=1), sub.argmax(axis=0)
    matched = [int(best_a[i]) for i in range(ia.size)
               if best_b[best_a[i]] == i and sub[i, best_a[i]] >= LEAD_MATCH]
    chain: list[int] = []  # longest increasing run of the matched columns (in order)
    for j in matched:
        k = bisect.bisect_left(chain, j)
        chain[k:k + 1] = [j]
    return float(sub[0, 0]), len(chain)


def _side_covered(cov: tuple[float, float], sa: Sentences, sb: Sentences) -> bool:
    """One side's sentences mostly found in the other (a cut copy with light edits)."""
    for share, sents in zip(cov, (sa, sb), strict=True):
        weight = float(sents.weights.sum())
        if (weight >= SIDE_MIN_SENTENCES and share >= SIDE_SENTENCE_COVERAGE
                and share * weight >= SIDE_MIN_SENTENCES - 1):
            return True
    return False


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
