"""The learned agreement model: does a text agree with a claim, contradict it, or speak
about something else?

Hand-made features (MiniLM similarity to the text's best-matching sentences, word and
number overlap, refuting / hedging / negation words near the matched sentences, names
that appear on one side only) feed a gradient-boosted tree model (scikit-learn's
HistGradientBoostingClassifier). It is trained here on CPU, on FNC-1's training split
plus perturbed sentence pairs (``crosscheck.perturb``), and shipped as its trees' arrays
in ``newsdesk/data`` (predicted without scikit-learn: ``trees.py``);
``benchmarks/crosscheck.py --save-model`` rebuilds it.

``AgreementModel.load().score(pairs)`` gives, per (claim, text) pair, probabilities
for agree / disagree / unrelated. "agree" means related and not contradicting: it
includes FNC's "discuss" (a text that reports the claim without taking a side).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.crosscheck.trees import BoostedTrees

LABELS = ("agree", "disagree", "unrelated")
STANCES = ("agree", "disagree", "discuss", "unrelated")
MODEL_FILE = "agreement-2.npz"
# Only the first sentences of a long text are compared: news puts the claim up front,
# and embedding every sentence of every body costs more than it adds.
MAX_SENTENCES = 12

Embed = Callable[[list[str]], np.ndarray]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])|\n+")

_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and",
                   "or", "but", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had",
                   "it", "its", "their", "his", "her", "this", "that", "which", "who", "than", "about",
                   "some", "over", "under", "per", "into", "after", "before", "will", "would", "could",
                   "should", "may", "might", "can", "he", "she", "they", "we", "you", "i", "not", "no",
                   "said", "says", "say", "also"])
REFUTE = frozenset(["fake", "fraud", "fraudulent", "hoax", "false", "falsely", "deny", "denies",
                    "denied", "denial", "debunk", "debunked", "debunks", "bogus", "untrue", "misleading",
                    "doubt", "doubts", "doubtful", "refute", "refuted", "refutes", "retract",
                    "retracted", "rumour", "rumours", "rumor", "rumors", "myth", "satire", "satirical",
                    "prank", "pranks", "fabricated", "fabrication", "nonsense", "wrong", "incorrect",
                    "not", "never", "no", "nobody", "none", "despite", "contrary", "however"])
HEDGE = frozenset(["reportedly", "allegedly", "alleged", "apparently", "purportedly", "claims",
                   "claimed", "claim", "according", "rumoured", "rumored", "unconfirmed", "unverified",
                   "suspected", "may", "might", "could", "possibly", "perhaps", "report", "reports",
                   "reported", "sources", "source", "suggests", "suggested", "appears", "seems"])
SUPPORT = frozenset(["confirmed", "confirms", "confirm", "announced", "revealed", "official",
                     "officially", "verified", "indeed", "true", "shows", "showed", "proved", "proven",
                     "found", "admitted"])
NEGATION = frozenset(["not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor",
                      "without", "denied", "denies", "deny"])


def split_sentences(text: str, limit: int | None = MAX_SENTENCES) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text or "") if p and p.strip()]
    return (parts[:limit] if limit else parts) or [text or " "]


def _stem(word: str) -> str:
    return word.lower().replace("’", "'")[:6]


@dataclass(slots=True)
class _Side:
    """What the features need to know about one text (computed once per unique text)."""

    sentences: list[str]
    vectors: np.ndarray  # (k, dim) unit vectors, one per sentence
    mean: np.ndarray  # unit vector of the mean
    stems: list[set[str]]  # content-word stems per sentence
    words: list[list[str]]  # lower-cased words per sentence
    numbers: list[set[str]]
    names: list[set[str]]
    counts: Counter[str]  # content-word stems of the whole text


def _side(sentences: list[str], vectors: np.ndarray) -> _Side:
    words = [[w.lower().replace("’", "'") for w in _WORD.findall(s)] for s in sentences]
    stems = [{_stem(w) for w in ws if w not in _STOP and not w[0].isdigit()} for ws in words]
    numbers = [{n.replace(",", "").rstrip(".") for n in _NUMBER.findall(s)} for s in sentences]
    names = [_names(s) for s in sentences]
    counts: Counter[str] = Counter()
    for ws in words:
        counts.update(_stem(w) for w in ws if w not in _STOP and not w[0].isdigit())
    mean = vectors.mean(axis=0)
    mean = mean / max(float(np.linalg.norm(mean)), 1e-9)
    return _Side(sentences, vectors, mean, stems, words, numbers, names, counts)


def _names(sentence: str) -> set[str]:
    """Capitalised word runs, less the sentence's first word (capitalised anyway)."""
    return {m.group().lower() for m in _NAME.finditer(sentence)
            if m.start() > 2 and m.group().lower() not in _STOP}


def _share(part: set[Any], whole: set[Any]) -> float:
    return len(part & whole) / len(part) if part else 1.0


def _lex(words: list[str], lexicon: frozenset[str]) -> int:
    return sum(1 for w in words if w in lexicon or (lexicon is NEGATION and w.endswith("n't")))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    content = [_stem(w) for w in words if w not in _STOP]
    return set(itertools.pairwise(content))


FEATURE_NAMES = (
    "sim_max", "sim_top3", "sim_first", "sim_mean", "sim_doc", "sim_gap",
    "overlap_text", "overlap_best", "jaccard_best", "bigram_text", "bigram_best", "tf_cosine",
    "refute_text", "refute_lead", "refute_best", "refute_top3", "refute_claim",
    "hedge_text", "hedge_lead", "hedge_best", "hedge_claim",
    "support_text", "support_best",
    "neg_claim", "neg_best", "neg_xor", "neg_top3",
    "num_claim", "num_in_text", "num_in_best", "num_clash",
    "name_claim", "name_in_text", "name_in_best", "name_only_best",
    "question", "claim_len", "text_sents", "best_pos", "len_ratio",
)


def pair_features(claim: _Side, text: _Side) -> list[float]:
    sims = text.vectors @ claim.vectors[0]
    order = np.argsort(-sims)
    best, top3 = int(order[0]), [int(i) for i in order[:3]]
    cw = claim.words[0]
    cstems, bstems = claim.stems[0], text.stems[best]
    all_words = [w for ws in text.words for w in ws]
    lead = [w for ws in text.words[:3] for w in ws]
    top_words = [w for i in top3 for w in text.words[i]]
    n_words = max(len(all_words), 1)
    cnum, bnum = claim.numbers[0], text.numbers[best]
    cname, bname = claim.names[0], text.names[best]
    claim_bigrams = _bigrams(cw)
    text_bigrams: set[tuple[str, str]] = set().union(*(_bigrams(ws) for ws in text.words))
    neg_claim, neg_best = _lex(cw, NEGATION), _lex(text.words[best], NEGATION)
    return [
        float(sims[best]), float(sims[top3].mean()), float(sims[0]), float(sims.mean()),
        float(text.mean @ claim.vectors[0]),
        float(sims[best] - (sims[order[1]] if len(order) > 1 else 0.0)),
        _share(cstems, set(text.counts)), _share(cstems, bstems),
        len(cstems & bstems) / max(len(cstems | bstems), 1),
        _share(claim_bigrams, text_bigrams) if claim_bigrams else 0.0,
        _share(claim_bigrams, _bigrams(text.words[best])) if claim_bigrams else 0.0,
        _cosine(claim.counts, text.counts),
        100 * _lex(all_words, REFUTE) / n_words, float(_lex(lead, REFUTE)),
        float(_lex(text.words[best], REFUTE)), float(_lex(top_words, REFUTE)), float(_lex(cw, REFUTE)),
        100 * _lex(all_words, HEDGE) / n_words, float(_lex(lead, HEDGE)),
        float(_lex(text.words[best], HEDGE)), float(_lex(cw, HEDGE)),
        100 * _lex(all_words, SUPPORT) / n_words, float(_lex(text.words[best], SUPPORT)),
        float(neg_claim), float(neg_best), float((neg_claim > 0) != (neg_best > 0)),
        float(_lex(top_words, NEGATION)),
        float(len(cnum)), _share(cnum, set().union(*text.numbers)), _share(cnum, bnum),
        float(bool(cnum) and bool(bnum) and not cnum & bnum) + float(len(cnum - bnum) if bnum else 0),
        float(len(cname)), _share(cname, set().union(*text.names)), _share(cname, bname),
        float(len(bname - cname)),
        float("?" in claim.sentences[0]), math.log1p(len(cw)), math.log1p(len(text.sentences)),
        best / max(len(text.sentences), 1), math.log1p(len(text.words[best])) - math.log1p(len(cw)),
    ]


class Featurizer:
    """Features for many (claim, text) pairs; each unique text is split and embedded once."""

    def __init__(self, embed: Embed | None = None, max_sentences: int | None = MAX_SENTENCES) -> None:
        self.embed = embed or _default_embed
        self.max_sentences = max_sentences

    def sides(self, texts: Sequence[str], whole: bool) -> dict[str, _Side]:
        unique = list(dict.fromkeys(texts))
        split = [[t.strip() or " "] if whole else split_sentences(t, self.max_sentences) for t in unique]
        flat = [s for parts in split for s in parts]
        vectors = self.embed(flat) if flat else np.zeros((0, 384), dtype=np.float32)
        out, at = {}, 0
        for text, parts in zip(unique, split, strict=True):
            out[text] = _side(parts, vectors[at:at + len(parts)])
            at += len(parts)
        return out

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
        claims = self.sides([c for c, _ in pairs], whole=True)
        texts = self.sides([t for _, t in pairs], whole=False)
        rows = [pair_features(claims[c], texts[t]) for c, t in pairs]
        return np.asarray(rows, dtype=np.float32)


def _default_embed(texts: list[str]) -> np.ndarray:
    from newsdesk.models import get_embedder

    return get_embedder().embed(texts)


class AgreementModel:
    """A trained classifier over ``Featurizer`` features (labels in ``self.labels``):
    scikit-learn's gradient-boosted trees, predicted from their arrays (``trees.py``)."""

    def __init__(self, trees: BoostedTrees, labels: Sequence[str],
                 info: dict[str, Any] | None = None) -> None:
        self.trees = trees
        self.labels = tuple(labels)
        self.info = dict(info or {})
        self.featurizer = Featurizer()

    @classmethod
    def train(cls, features: np.ndarray, labels: Sequence[str], *, seed: int = 0,
              max_iter: int = 300, info: dict[str, Any] | None = None) -> AgreementModel:
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier

        names = sorted(set(labels), key=lambda x: STANCES.index(x) if x in STANCES else 99)
        y = np.array([names.index(label) for label in labels])
        clf = HistGradientBoostingClassifier(max_iter=max_iter, learning_rate=0.08, max_leaf_nodes=48,
                                             min_samples_leaf=30, l2_regularization=1.0,
                                             early_stopping=False, random_state=seed)
        clf.fit(features, y)
        return cls(BoostedTrees.from_sklearn(clf), names,
                   {**(info or {}), "sklearn": sklearn.__version__})

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Probabilities in the order of ``self.labels``."""
        if len(features) == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float64)
        return self.trees.proba(features)

    def score_features(self, features: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities for agree / disagree / unrelated ("discuss" counts as agree)."""
        p = self.proba(features)
        out = np.zeros((len(p), 3))
        for k, label in enumerate(self.labels):
            out[:, LABELS.index("agree" if label == "discuss" else label)] += p[:, k]
        return out

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return self.score_features(self.featurizer(pairs))

    def save(self, path: Path) -> None:
        meta = {"labels": list(self.labels), "info": {**self.info, "features": list(FEATURE_NAMES)}}
        path.write_bytes(self.trees.to_bytes(meta))

    @classmethod
    def from_file(cls, path: Path) -> AgreementModel:
        trees, meta = BoostedTrees.from_bytes(path.read_bytes())
        if tuple(meta["info"].get("features", ())) != FEATURE_NAMES:
            raise ValueError(f"{path} was trained on other features: rebuild it "
                             "(benchmarks/crosscheck.py --save-model)")
        return cls(trees, meta["labels"], meta["info"])

    @classmethod
    def load(cls) -> AgreementModel:
        """The shipped model, loaded once per process."""
        return _shipped()


def shipped_path() -> Path:
    return Path(str(resources.files("newsdesk") / "data" / MODEL_FILE))


@lru_cache(maxsize=1)
def _shipped() -> AgreementModel:
    path = shipped_path()
    if not path.exists():
        raise FileNotFoundError(f"agreement model {path} is missing: build it with "
                                "benchmarks/crosscheck.py --save-model")
    return AgreementModel.from_file(path)
