"""An extractive, cited story summary: every line is a source sentence.

Sentences from the story's articles are scored by

* centrality — how much of the story a sentence speaks for (LexRank-style degree over
  TF-IDF cosine similarities within the story), and
* independent support — how many copy groups (independent sources) carry a sentence
  that says nearly the same thing; copies of one report count once,

then picked greedily with a redundancy penalty (maximal marginal relevance) and put in
time order. Nothing is generated: each summary line carries its article and the
articles that support it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

# Thresholds on TF-IDF cosine, chosen on the NeuS/AllSides *validation* split (the
# benchmark reports the test split). MiniLM vectors were tried first: they scored lower
# ROUGE there and cost ~100x more time per story, so the brief uses TF-IDF.
SAME_FACT = 0.35  # two sentences state the same fact
EDGE = 0.1  # LexRank's edge threshold for the centrality graph
REDUNDANT = 0.6  # a candidate this close to a chosen line adds nothing
_MIN_WORDS = 6
_MAX_WORDS = 60


@dataclass(slots=True)
class SourceSentence:
    article_id: str
    index: int
    text: str
    group: str  # copy group (or the article itself): one independent source
    published: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class SummaryLine:
    text: str
    article_id: str
    sentence_index: int
    outlet: str | None
    published: str | None
    supporting_articles: list[str] = field(default_factory=list)
    independent_sources: int = 1
    score: float = 0.0
    disputed: bool = False  # the sentence is evidence in a discrepancy finding
    corroborated: bool = False  # the cross-check found it stated by independent reports
    # A statement only one report makes (the cross-check found no other report stating it):
    # the outlets (else article ids) of that report and its copies, said in words.
    only_in: list[str] = field(default_factory=list)


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows, with IDF from the story's own sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words
        return np.zeros((len(texts), 1), dtype=np.float32)
    return matrix.toarray().astype(np.float32)


def _usable(text: str) -> bool:
    words = len(text.split())
    return _MIN_WORDS <= words <= _MAX_WORDS and not text.endswith("?")


def _wording(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _fact_index(items: Sequence[SourceSentence],
                facts: Sequence[frozenset[tuple[str, str]]]) -> np.ndarray:
    """For each sentence, the number of the corroborated fact it belongs to, else -1."""
    where = {(article, _wording(text)): n for n, fact in enumerate(facts) for article, text in fact}
    return np.array([where.get((s.article_id, _wording(s.text)), -1) for s in items], dtype=np.int64)


def _pool(items: Sequence[SourceSentence], vecs: np.ndarray,
          facts: Sequence[frozenset[tuple[str, str]]]
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What both summaries rank the usable sentences by: their cosine similarities, how
    central each is, its independent source, its corroborated fact (-1: none) and which
    pairs state one fact."""
    sims = vecs @ vecs.T
    centrality = (sims > EDGE).sum(axis=1) / max(len(items), 1)
    groups = np.array([s.group for s in items])
    fact_of = _fact_index(items, facts)
    same_fact = (fact_of[:, None] == fact_of[None, :]) & (fact_of[:, None] >= 0)
    return sims, centrality, groups, fact_of, same_fact


def summarize(
    sentences: Sequence[SourceSentence], vectors: np.ndarray, *, max_lines: int = 5,
    max_words: int = 120, disputed: frozenset[tuple[str, str]] = frozenset(),
    facts: Sequence[frozenset[tuple[str, str]]] = (),
) -> list[SummaryLine]:
    """Pick up to ``max_lines`` sentences (about ``max_words`` words) for the summary.

    ``disputed`` holds (article id, sentence) pairs that a cross-check disputes: they
    can still be chosen when nothing else says as much, but rank far lower and are marked.
    ``facts``: the cross-check's corroborated facts, each a set of (article id, sentence):
    sentences of one fact support each other and only one of them becomes a line, however
    differently the sources word it.
    """
    keep = [i for i, s in enumerate(sentences) if _usable(s.text)]
    if not keep:
        return []
    items = [sentences[i] for i in keep]
    sims, centrality, groups, _fact_of, same_fact = _pool(items, vectors[keep], facts)
    support_ids: list[list[int]] = []
    support_groups: list[int] = []
    for i in range(len(items)):
        near = np.flatnonzero((sims[i] >= SAME_FACT) | same_fact[i])
        support_ids.append(near.tolist())
        support_groups.append(len(set(groups[near].tolist())))
    # Lead sentences carry the news in most reports: a small bonus by position.
    position = np.array([1.0 / (1.0 + 0.15 * s.index) for s in items])
    score = centrality * (1.0 + np.log1p(np.array(support_groups, dtype=float))) * (0.7 + 0.3 * position)
    # By wording, not by article: the dispute's evidence may come from one copy of a
    # report while the summary picks the same sentence from another.
    disputed_texts = {_wording(text) for _, text in disputed}
    is_disputed = np.array([_wording(s.text) in disputed_texts for s in items])
    # ... and the same sentence reworded by another copy of that report (a spun copy).
    same_report = (groups[:, None] == groups[None, :]) & (sims >= SAME_FACT)
    is_disputed = is_disputed | (same_report & is_disputed[None, :]).any(axis=1)
    score = np.where(is_disputed, 0.3 * score, score)
    chosen: list[int] = []
    words = 0
    order = np.argsort(-score)
    while len(chosen) < max_lines and words < max_words:
        best, best_value = -1, -math.inf
        for i in order[: 200]:
            if i in chosen:
                continue
            redundancy = max((1.0 if same_fact[i, j] else sims[i, j] for j in chosen), default=0.0)
            if redundancy >= REDUNDANT:
                continue
            value = score[i] - 0.5 * redundancy * score[order[0]]
            if value > best_value:
                best, best_value = int(i), float(value)
        if best < 0:
            break
        chosen.append(best)
        words += len(items[best].text.split())
    lines = []
    for i in chosen:
        s = items[i]
        supporters = sorted({items[j].article_id for j in support_ids[i]})
        lines.append(SummaryLine(
            text=s.text, article_id=s.article_id, sentence_index=s.index, outlet=s.outlet,
            published=s.published, supporting_articles=supporters,
            independent_sources=support_groups[i], score=round(float(score[i]), 4),
            disputed=bool(is_disputed[i]),
        ))
    lines.sort(key=lambda line: (line.published or "", line.sentence_index))
    return lines


def _pick(candidates: Sequence[int], score: np.ndarray, sims: np.ndarray, same_fact: np.ndarray,
          chosen: list[int], items: Sequence[SourceSentence], max_lines: int,
          max_words: int) -> None:
    """Greedy maximal marginal relevance over ``candidates``, adding to ``chosen``."""
    words = sum(len(items[i].text.split()) for i in chosen)
    order = sorted(candidates, key=lambda i: -score[i])
    top = score[order[0]] if order else 0.0
    while len(chosen) < max_lines and words < max_words:
        best, best_value = -1, -math.inf
        for i in order[:200]:
            if i in chosen:
                continue
            redundancy = max((1.0 if same_fact[i, j] else sims[i, j] for j in chosen), default=0.0)
            if redundancy >= REDUNDANT:
                continue
            value = score[i] - 0.5 * redundancy * top
            if value > best_value:
                best, best_value = int(i), float(value)
        if best < 0:
            return
        chosen.append(best)
        words += len(items[best].text.split())


def summarize_checked(
    sentences: Sequence[SourceSentence], vectors: np.ndarray, *,
    facts: Sequence[frozenset[tuple[str, str]]], max_lines: int = 5, max_words: int = 120,
    disputed: frozenset[tuple[str, str]] = frozenset(),
    introduced: frozenset[tuple[str, str]] = frozenset(),
) -> list[SummaryLine]:
    """The summary of a cross-checked story: corroborated facts first, one line each;
    a statement only one report makes enters only for a point no corroborated fact
    covers, and says so (``only_in``). Never a line that another report contradicts
    (``disputed``: evidence of a discrepancy, or the same sentence reworded by a copy of
    that report) nor one a copy introduced (``introduced``: sentences a copy added to
    or changed from its origin, whose own wording stays in the pool).
    """
    new_words = {(a, _wording(text)) for a, text in introduced}
    keep = [i for i, s in enumerate(sentences) if _usable(s.text)
            and (s.article_id, _wording(s.text)) not in new_words]
    if not keep:
        return []
    items = [sentences[i] for i in keep]
    sims, centrality, groups, fact_of, same_fact = _pool(items, vectors[keep], facts)
    group_of = {s.article_id: s.group for s in sentences}
    fact_groups = np.array([len({group_of.get(a, a) for a, _ in facts[int(fact_of[i])]})
                            if fact_of[i] >= 0 else 1 for i in range(len(items))], dtype=float)
    position = np.array([1.0 / (1.0 + 0.15 * s.index) for s in items])
    score = centrality * (1.0 + np.log1p(fact_groups)) * (0.7 + 0.3 * position)
    disputed_texts = {_wording(text) for _, text in disputed}
    is_disputed = np.array([_wording(s.text) in disputed_texts for s in items])
    same_report = (groups[:, None] == groups[None, :]) & (sims >= SAME_FACT)
    is_disputed = is_disputed | (same_report & is_disputed[None, :]).any(axis=1)
    corroborated = [i for i in range(len(items)) if fact_of[i] >= 0 and not is_disputed[i]]
    chosen: list[int] = []
    _pick(corroborated, score, sims, same_fact, chosen, items, max_lines, max_words)
    # A point a corroborated fact covers is stated by that fact, not by one report alone.
    covered = np.asarray((sims[:, corroborated] >= SAME_FACT).any(axis=1) if corroborated
                         else np.zeros(len(items), dtype=bool))
    single = [i for i in range(len(items)) if fact_of[i] < 0 and not is_disputed[i]
              and not covered[i]]
    # Where other reports exist, a statement of one report alone is ranked by how much of
    # what the *other* reports say it relates to: a story's point that one report adds
    # detail to, not the peculiar sentence of one report (a spun copy's garble).
    other = groups[:, None] != groups[None, :]
    if other.any():
        cross = ((sims > EDGE) & other).sum(axis=1) / max(len(items), 1)
        score = np.where(fact_of >= 0, score, cross * (0.7 + 0.3 * position))
    _pick(single, score, sims, same_fact, chosen, items, max_lines, max_words)
    lines = []
    for i in chosen:
        s = items[i]
        outlets: list[str] = []
        if fact_of[i] >= 0:
            supporters = sorted({a for a, _ in facts[int(fact_of[i])]} | {s.article_id})
        else:
            same = np.flatnonzero((groups == groups[i]) & (sims[i] >= SAME_FACT)).tolist()
            supporters = sorted({items[j].article_id for j in same} | {s.article_id})
            outlets = list(dict.fromkeys(items[j].outlet or items[j].article_id[:10]
                                         for j in [i, *same]))
        lines.append(SummaryLine(
            text=s.text, article_id=s.article_id, sentence_index=s.index, outlet=s.outlet,
            published=s.published, supporting_articles=supporters,
            independent_sources=int(fact_groups[i]), score=round(float(score[i]), 4),
            corroborated=bool(fact_of[i] >= 0), only_in=outlets,
        ))
    lines.sort(key=lambda line: (line.published or "", line.sentence_index))
    return lines
