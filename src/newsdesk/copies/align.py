"""Sentence alignment of a copy against its origin: matched, changed, added, dropped.

A spun copy shares few exact 5-word runs with its origin, but most of its sentences
still have a counterpart there. Sentence similarity is the larger of a lexical score
(Dice over word sets, free) and the cosine of MiniLM embeddings (only when a pair
needs it). Pairs are matched one-to-one, best first, so a reordered copy still aligns;
``in_order`` then says how much of the match keeps the origin's order.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from newsdesk.copies.text import split_sentences, tokens

# Two sentences are counterparts at or above this similarity. MiniLM puts paraphrases
# of a news sentence around 0.75-0.95 and different sentences about one event at
# 0.3-0.7; for word sets, Dice 0.6 is a sentence with a few words swapped.
EMBED_MATCH = 0.68
LEXICAL_MATCH = 0.6
MIN_SENTENCE_WORDS = 4  # shorter pieces (datelines, "Live briefing:") carry no weight


@dataclass(slots=True)
class Sentences:
    """One document's sentences with what alignment needs (vectors filled on demand)."""

    texts: list[str]
    words: list[list[str]]
    sets: list[frozenset[str]]
    vectors: np.ndarray | None = None
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _hashes: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str) -> Sentences:
        texts = split_sentences(text)
        words = [tokens(t) for t in texts]
        weights = np.array([1.0 if len(w) >= MIN_SENTENCE_WORDS else 0.0 for w in words])
        return cls(texts, words, [frozenset(w) for w in words], None, weights)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def hashes(self) -> np.ndarray:
        """The words of each sentence's set, hashed, one sentence after another (made once:
        a document is compared with several others)."""
        if self._hashes is None:
            self._hashes = np.fromiter((hash(w) for x in self.sets for w in x), dtype=np.int64,
                                       count=sum(len(x) for x in self.sets))
        return self._hashes


def lexical_similarity(a: Sentences, b: Sentences) -> np.ndarray:
    """(len a, len b) Dice coefficients of the sentences' word sets.

    Words become ids through one ``np.unique`` over both texts (Python's ``hash`` is
    fine here: nothing leaves the process), and the intersections are one sparse product.
    """
    m, n = len(a), len(b)
    if not m or not n:
        return np.zeros((m, n), dtype=np.float32)
    sizes = np.array([len(x) for x in [*a.sets, *b.sets]])
    hashes = np.concatenate([a.hashes, b.hashes])
    _, cols = np.unique(hashes, return_inverse=True)
    rows = np.repeat(np.arange(m + n), sizes)
    incidence = sparse.csr_matrix((np.ones(cols.size, dtype=np.float32), (rows, cols)),
                                  shape=(m + n, int(cols.max(initial=-1)) + 1))
    inter = (incidence[:m] @ incidence[m:].T).toarray()
    total = sizes[:m, None] + sizes[None, m:]
    return np.asarray(np.where(total > 0, 2 * inter / np.maximum(total, 1), 0), dtype=np.float32)


def similarity(a: Sentences, b: Sentences, embed_match: float = EMBED_MATCH) -> np.ndarray:
    """Lexical similarity, raised to the embedding similarity where both have vectors.

    Embedding scores are rescaled so that ``embed_match`` (the model's cosine for a
    counterpart: MiniLM's by default) lands on ``LEXICAL_MATCH``: one threshold then
    serves both.
    """
    sim = lexical_similarity(a, b)
    if a.vectors is not None and b.vectors is not None and sim.size:
        cos = a.vectors @ b.vectors.T
        scaled = LEXICAL_MATCH + (cos - embed_match) * (1 - LEXICAL_MATCH) / (1 - embed_match)
        sim = np.maximum(sim, np.clip(scaled, 0.0, 1.0))
    return sim


def match_pairs(sim: np.ndarray, threshold: float = LEXICAL_MATCH) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, sim) at or above ``threshold``, best first."""
    rows, cols = np.nonzero(sim >= threshold)
    order = np.argsort(-sim[rows, cols], kind="stable")
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for k in order:
        i, j = int(rows[k]), int(cols[k])
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j, float(sim[i, j])))
    return sorted(pairs)


def coverage(sim: np.ndarray, weights_a: np.ndarray, weights_b: np.ndarray,
             threshold: float = LEXICAL_MATCH) -> tuple[float, float]:
    """Weighted share of a's sentences with a counterpart in b, and of b's in a.

    Not one-to-one: a rewrite that merges two sentences into one still covers both.
    """
    if sim.size == 0:
        return 0.0, 0.0
    hit_a = (sim.max(axis=1) >= threshold).astype(float)
    hit_b = (sim.max(axis=0) >= threshold).astype(float)
    cov_a = float((hit_a * weights_a).sum() / max(weights_a.sum(), 1.0))
    cov_b = float((hit_b * weights_b).sum() / max(weights_b.sum(), 1.0))
    return cov_a, cov_b


def in_order_length(pairs: list[tuple[int, int, float]]) -> int:
    """Matched pairs on the longest run that keeps the origin's order (LIS length)."""
    tails: list[int] = []
    for _i, j, _s in pairs:  # pairs are sorted by copy index
        k = int(np.searchsorted(tails, j))
        if k == len(tails):
            tails.append(j)
        else:
            tails[k] = j
    return len(tails)


def _in_order(pairs: list[tuple[int, int, float]]) -> float:
    """Share of matched pairs on the longest run that keeps the origin's order."""
    return in_order_length(pairs) / len(pairs) if pairs else 0.0


def _word_diff(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """Words of the origin sentence replaced or removed, and words the copy put in."""
    removed: list[str] = []
    inserted: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed.extend(a[i1:i2])
        if op in ("replace", "insert"):
            inserted.extend(b[j1:j2])
    return removed, inserted


# An unmatched sentence whose words are at least this much inside a sentence of the
# other text that is matched to something else was merged into it (or split from it).
FOLDED = 0.6


def _folded(piece: Sentences, whole: Sentences, sim: np.ndarray, used_piece: set[int],
            used_whole: set[int]) -> dict[int, int]:
    """Unmatched sentences of ``piece`` that live on inside a matched sentence of
    ``whole``: a spun copy joins two origin sentences with "while" and the second is
    not dropped. ``sim``: (len piece, len whole)."""
    out: dict[int, int] = {}
    for i, words in enumerate(piece.sets):
        if i in used_piece or len(piece.words[i]) < MIN_SENTENCE_WORDS:
            continue
        best, score = -1, 0.0
        for j in used_whole:
            inside = len(words & whole.sets[j]) / max(len(words), 1)
            value = max(inside, float(sim[i, j]) if sim.size else 0.0)
            if value > score:
                best, score = j, value
        if best >= 0 and score >= FOLDED:
            out[i] = best
    return out


def align(copy: Sentences, origin: Sentences, embed_match: float = EMBED_MATCH) -> dict[str, Any]:
    """The copy's sentences against the origin's, in the copy's order (JSON-ready)."""
    sim = similarity(copy, origin, embed_match)
    pairs = match_pairs(sim)
    cov_copy, cov_origin = coverage(sim, copy.weights, origin.weights)
    matched: list[list[int]] = []
    changed: list[dict[str, Any]] = []
    for i, j, s in pairs:
        if copy.words[i] == origin.words[j]:
            matched.append([i, j])
            continue
        removed, inserted = _word_diff(origin.words[j], copy.words[i])
        changed.append({"copy": i, "origin": j, "similarity": round(s, 3),
                        "copy_text": copy.texts[i], "origin_text": origin.texts[j],
                        "removed": removed, "inserted": inserted})
    used_copy = {i for i, _j, _s in pairs}
    used_origin = {j for _i, j, _s in pairs}
    merged = _folded(origin, copy, sim.T, used_origin, used_copy)
    split = _folded(copy, origin, sim, used_copy, used_origin)
    return {
        "sentences": [len(copy), len(origin)],
        "matched": matched,
        "changed": changed,
        # an origin sentence the copy folded into one of its sentences, and a copy
        # sentence that carries a piece of an origin sentence matched elsewhere
        "merged": [{"origin": j, "copy": i, "text": origin.texts[j]} for j, i in merged.items()],
        "split": [{"copy": i, "origin": j, "text": copy.texts[i]} for i, j in split.items()],
        "added": [{"index": i, "text": t} for i, t in enumerate(copy.texts)
                  if i not in used_copy and i not in split],
        "dropped": [{"index": j, "text": t} for j, t in enumerate(origin.texts)
                    if j not in used_origin and j not in merged],
        "coverage": round(min(cov_copy, cov_origin), 3),
        "copy_coverage": round(cov_copy, 3),
        "origin_coverage": round(cov_origin, 3),
        "in_order": round(_in_order(pairs), 3),
        "embeddings": copy.vectors is not None and origin.vectors is not None,
    }
