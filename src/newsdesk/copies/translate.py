"""Translations: a report that renders another report in another language.

Words and word runs say nothing across languages, so a translation is found in two
steps. Candidates: what survives translation is names and numbers ("Microsoft",
"8.5", "CrowdStrike"), so the earlier reports of another language whose names and
numbers overlap most are proposed (a set cosine, no model). Decision: both texts'
sentences are embedded with the multilingual model (multilingual-e5-small) and aligned;
a translation pairs its sentences one to one with the other text's, in order.

The model's cosines are compressed: a sentence and its translation score about .9, but
two sentences about the same event in two languages score .85-.89 as well. So a pair
counts only when each sentence is the other's best match and stands out from the other
candidates in the other text (the margin criterion of bitext mining, Artetxe and
Schwenk 2019: the cosine over the mean of each side's k nearest), and a translation
needs a long in-order series of such pairs: independent reports of one event in two
languages reach two or three, a translation of the shared part nearly all of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsdesk.copies.align import Sentences, in_order_length
from newsdesk.copies.features import details
from newsdesk.copies.text import STOPWORDS
from newsdesk.stories.text import is_clutter_line

# English texts carry 25-45% English function words; other languages under 10%.
ENGLISH_STOPWORD_SHARE = 0.15
CANDIDATES = 3  # earlier reports of another language verified per report
MIN_DETAIL_COSINE = 0.3  # names and numbers in common, below which no translation
PAIR_COSINE = 0.85  # multilingual-e5 cosine of a sentence pair to count
MARGIN = 1.03  # over the mean of the K nearest on both sides
K = 4
# In-order one-to-one pairs, and their share of the shorter text's prose. A translated
# excerpt (a headline and three paragraphs) makes four; independent reports of one
# event in two languages reach two or three (realnews: four at 24% of the shorter text).
MIN_PAIRS = 4
MIN_SHARE = 0.6
# Prose: a sentence that ends like one and is no page clutter. A scraped page carries
# lines that are not its report (headlines of other stories, comment forms, share bars);
# the share a translation must cover is counted on the prose, or a short excerpt on a
# cluttered page could never reach it.
_PROSE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


def language_class(text: str, lang: str | None) -> str:
    """"en" for English text, else the language code (or "other"). Decided by English
    function words rather than by the language id alone: language id on a short excerpt
    with page clutter is often wrong ("la" for an English page), and an English pair
    compared as a translation would look like one."""
    words = text[:3000].lower().split()  # str.split: cheap enough for every report
    share = sum(w.strip(".,;:!?\"'()") in STOPWORDS for w in words) / max(len(words), 1)
    if share >= ENGLISH_STOPWORD_SHARE:
        return "en"
    code = (lang or "other").lower()
    return "other" if code.startswith("en") else code


def detail_cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


@dataclass(slots=True)
class TranslationVerdict:
    linked: bool
    score: float
    evidence: dict[str, Any]


def prose(sents: Sentences) -> list[str]:
    """The weighed sentences that are prose (see _PROSE_END)."""
    return [text for text, weight in zip(sents.texts, sents.weights, strict=True)
            if weight > 0 and _PROSE_END.search(text) and not is_clutter_line(text)]


def prose_count(sents: Sentences) -> int:
    return len(prose(sents))


def prose_details(sents: Sentences) -> set[str]:
    """Names and numbers of the prose (all sentences where there is none): the names in
    a page's clutter (other stories' headlines, menus) would drown a short report's own."""
    lines = prose(sents)
    return details(Sentences.from_text("\n".join(lines)) if lines else sents)


def decide(va: np.ndarray, wa: np.ndarray, vb: np.ndarray, wb: np.ndarray,
           prose: tuple[int, int] | None = None) -> TranslationVerdict:
    """Whether b translates a (or a b), from both texts' multilingual sentence vectors
    and sentence weights (sentences too short to weigh are left out). ``prose``: each
    text's prose sentences (``prose_count``), over which the share is counted; without
    it, every weighed sentence counts."""
    ia, ib = np.flatnonzero(wa > 0), np.flatnonzero(wb > 0)
    if ia.size < 2 or ib.size < 2:
        return TranslationVerdict(False, 0.0, {})
    sim = va[ia] @ vb[ib].T
    near_a = np.sort(sim, axis=1)[:, -min(K, sim.shape[1]):].mean(axis=1)
    near_b = np.sort(sim, axis=0)[-min(K, sim.shape[0]):, :].mean(axis=0)
    margin = sim / ((near_a[:, None] + near_b[None, :]) / 2)
    best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
    pairs = [(i, int(best_b[i]), float(sim[i, best_b[i]])) for i in range(ia.size)
             if best_a[best_b[i]] == i and sim[i, best_b[i]] >= PAIR_COSINE
             and margin[i, best_b[i]] >= MARGIN]
    in_order = in_order_length(pairs)
    size_a, size_b = prose if prose is not None else (ia.size, ib.size)
    share = min(in_order / max(min(size_a, size_b), 1), 1.0)
    evidence = {"translated_sentences": in_order, "translation_share": round(share, 3),
                "sentences": [int(ia.size), int(ib.size)]}
    return TranslationVerdict(in_order >= MIN_PAIRS and share >= MIN_SHARE, share, evidence)


class MultilingualVectors:
    """Sentence vectors from the multilingual model, per article, built on demand and
    kept for the run (a report compared as a translation is usually compared again)."""

    def __init__(self, embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self._embed = embed
        self.cache: dict[str, np.ndarray] = {}
        self.count = 0

    def __call__(self, article_id: str, sents: Sentences) -> np.ndarray:
        found = self.cache.get(article_id)
        if found is None:
            if self._embed is None:
                from newsdesk.models.multilingual import get_multilingual_embedder

                self._embed = get_multilingual_embedder().embed
            found = self._embed(sents.texts)
            self.cache[article_id] = found
            self.count += 1
        return found


class TranslationIndex:
    """The recent reports by language class, for the search of translations across
    languages; bounded like the lookup by meaning. A report's names and numbers are read
    only when a report of another language asks for them: an all-English stream pays for
    the language check and nothing else."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.by_language: dict[str, list[tuple[int, str]]] = {}
        self.details: dict[str, set[str]] = {}
        self.count = 0

    def add(self, seq: int, article_id: str, language: str) -> None:
        rows = self.by_language.setdefault(language, [])
        rows.append((seq, article_id))
        self.count += 1
        if self.count > self.size:  # drop the oldest of the largest class
            largest = max(self.by_language.values(), key=len)
            self.details.pop(largest.pop(0)[1], None)
            self.count -= 1

    def has_other(self, language: str) -> bool:
        """Whether any indexed report is in another language class than ``language``."""
        return any(rows for lang, rows in self.by_language.items() if lang != language)

    def candidates(self, seq: int, language: str, own: set[str],
                   load: Callable[[list[str]], dict[str, set[str]]]) -> list[str]:
        """The earlier reports in another language with the most names and numbers in
        common with ``own`` (article ids, best first)."""
        others = [(s, aid) for lang, rows in self.by_language.items() if lang != language
                  for s, aid in rows if s < seq]
        missing = [aid for _s, aid in others if aid not in self.details]
        if missing:
            self.details.update(load(missing))
        scored = sorted((-detail_cosine(own, self.details.get(aid, set())), aid)
                        for _s, aid in others)
        return [aid for cos, aid in scored[:CANDIDATES] if -cos >= MIN_DETAIL_COSINE]
