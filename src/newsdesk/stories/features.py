"""The representation of one article for story matching.

An article is described by what a desk editor looks at to decide "same event?": the
title and lead (one MiniLM vector, and one multilingual-e5 vector to compare reports in
different languages: built at once for a report not in English, and for an English one
only when it is compared with a report in another language, see ``XleadSource``), its
key sentences (mean of their vectors), who and where (entity
counts), the words of its opening paragraphs (what happened: "channel", "liability",
"bodies"), the numbers it reports and the day it was published. Page clutter (date
markers, bylines, menus, share bars, credits) is removed first and a text cut mid-word
loses its partial last word, so neither decides a match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsdesk.clean.sentences import split_sentences
from newsdesk.models import get_embedder
from newsdesk.models.multilingual import get_multilingual_embedder
from newsdesk.records import Article
from newsdesk.stories.entities import EntityCounts, extract_entities, from_mentions
from newsdesk.stories.recaps import recalled_days
from newsdesk.stories.text import (
    content_words,
    event_day,
    headline_and_prose,
    key_numbers,
    lead_text,
    publication_day,
    recalled_weekday,
)

# Sentences after the lead that represent the body: reports of one event agree most
# in their opening paragraphs; later paragraphs drift into background and context.
KEY_SENTENCES = 5
LEAD_SENTENCES = 2
# Sentences whose words describe what happened (the words signal): the opening
# paragraphs, where reports of one event agree and reports of the next day differ.
WORD_SENTENCES = 8


@dataclass(slots=True)
class ArticleFeatures:
    article_id: str
    lead: np.ndarray  # unit vector of title + lead
    body: np.ndarray  # unit mean vector of the key sentences
    entities: EntityCounts = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    day: int | None = None  # the day the lead says it happened (None: no date known)
    title: str = ""
    # Multilingual (e5) unit vector of the clean lead, compared where languages differ.
    xlead: np.ndarray | None = None
    # MiniLM unit vector of the lead without page clutter (None: use ``lead``).
    clead: np.ndarray | None = None
    words: dict[str, int] = field(default_factory=dict)  # content-word counts
    lang: str | None = None  # detected language (None: unknown, treated as English)
    # The fewest days ago an event the opening recalls took place ("a week after the
    # collapse", "vergangene Woche"): a later development's report (recaps.py).
    recalls: int | None = None

    @property
    def english(self) -> bool:
        return self.is_english(self.lang)

    @staticmethod
    def is_english(lang: str | None) -> bool:
        return lang in (None, "", "en")

    def payload(self) -> dict[str, Any]:
        """The JSON-able part (the vectors are stored apart, as float32 bytes)."""
        return {"entities": {k: list(v) for k, v in self.entities.items()},
                "numbers": self.numbers, "day": self.day, "title": self.title,
                "words": self.words, "lang": self.lang, "recalls": self.recalls}

    @classmethod
    def from_stored(cls, article_id: str, lead: np.ndarray, body: np.ndarray,
                    payload: dict[str, Any], xlead: np.ndarray | None = None,
                    clead: np.ndarray | None = None) -> ArticleFeatures:
        entities = {k: (int(v[0]), str(v[1]), str(v[2]))
                    for k, v in payload.get("entities", {}).items()}
        return cls(article_id, lead, body, entities, list(payload.get("numbers", [])),
                   payload.get("day"), payload.get("title", ""), xlead=xlead, clead=clead,
                   words={str(k): int(v) for k, v in payload.get("words", {}).items()},
                   lang=payload.get("lang"), recalls=payload.get("recalls"))


@dataclass(slots=True)
class ArticleText:
    """What features are computed from: decoupled from ``Article`` so benchmarks can
    feed data-set documents without a store."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    mentions: list[dict[str, Any]] | None = None  # annotate's mentions, when stored
    lang: str | None = None

    @classmethod
    def from_article(cls, article: Article,
                     mentions: list[dict[str, Any]] | None = None) -> ArticleText:
        return cls(article.id, article.text, article.title, article.published, mentions,
                   article.lang)


def _key_sentences(sentences: list[str]) -> list[str]:
    body = [s for s in sentences[LEAD_SENTENCES:] if len(s.split()) >= 5]
    return body[:KEY_SENTENCES] or sentences[:1] or [""]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return (v / norm).astype(np.float32) if norm > 0 else v.astype(np.float32)


# Fills in ``xlead`` of the given features where it is None (the e5 vector of the clean
# lead, ``clean_lead``): a store-backed one reads stored vectors and embeds the rest
# (stories/service.py). e5 is ~8x slower than MiniLM, so an English report gets its e5
# vector only when a pair that needs it (another language) comes up.
XleadSource = Callable[[Sequence["ArticleFeatures"]], None]


def clean_lead(title: str | None, text: str) -> str:
    """The headline and lead without page clutter (what the ``clead`` and ``xlead``
    vectors embed). A text with no line that reads as prose keeps all its sentences."""
    head, body = headline_and_prose(title, text)
    prose = split_sentences(body) if body else split_sentences(text)
    return lead_text(head or None, prose, LEAD_SENTENCES)


def text_xleads(items: Sequence[ArticleText]) -> XleadSource:
    """An ``XleadSource`` over texts held in memory (a library caller, a benchmark)."""
    by_id = {it.id: it for it in items}

    def fill(feats: Sequence[ArticleFeatures]) -> None:
        todo = [f for f in feats if f.xlead is None and f.article_id in by_id]
        texts = [clean_lead(by_id[f.article_id].title, by_id[f.article_id].text) for f in todo]
        for f, vector in zip(todo, get_multilingual_embedder().embed(texts), strict=True):
            f.xlead = vector

    return fill


def build_features(items: Sequence[ArticleText], all_xleads: bool = False
                   ) -> list[ArticleFeatures]:
    """Features for a batch: one embedding call and one NER pass for all of it.

    The e5 lead vector is built for the reports not in English (and for all with
    ``all_xleads``); an English report's is left None, to be built on demand."""
    if not items:
        return []
    # The lead and key sentences as the page gives them: copies (copies/semantic.py)
    # compare these vectors, and keep doing so whatever story matching needs.
    split = [split_sentences(it.text) for it in items]
    leads = [lead_text(it.title, s, LEAD_SENTENCES) for it, s in zip(items, split, strict=True)]
    keys = [_key_sentences(s) for s in split]
    # For story matching: the headline and lead without page clutter. A text with no
    # line that reads as prose (a list, a table) keeps all its sentences.
    cleaned = [headline_and_prose(it.title, it.text) for it in items]
    prose = [split_sentences(body) if body else s
             for (_, body), s in zip(cleaned, split, strict=True)]
    cleads = [lead_text(head or None, p, LEAD_SENTENCES)
              for (head, _), p in zip(cleaned, prose, strict=True)]
    texts = leads + cleads + [s for k in keys for s in k]
    vectors = get_embedder().embed(texts)
    # e5 is ~8x slower than MiniLM: one lead per article, no body sentences, and only
    # where languages may differ (an English report's when a pair needs it).
    foreign = [i for i, it in enumerate(items)
               if all_xleads or not ArticleFeatures.is_english(it.lang)]
    xleads: dict[int, np.ndarray] = dict(zip(
        foreign, get_multilingual_embedder().embed([cleads[i] for i in foreign]), strict=True))
    need_ner = [i for i, it in enumerate(items) if it.mentions is None]
    ner = extract_entities([f"{items[i].title or ''}\n{items[i].text}" for i in need_ner])
    entities: dict[int, EntityCounts] = dict(zip(need_ner, ner, strict=True))
    opening = [" ".join([head, *p[:WORD_SENTENCES]])
               for (head, _), p in zip(cleaned, prose, strict=True)]
    out: list[ArticleFeatures] = []
    published = [publication_day(it.published) for it in items]
    days = [event_day(lead, day) for lead, day in zip(leads, published, strict=True)]
    pos = 2 * len(items)
    for i, it in enumerate(items):
        body = _unit(vectors[pos : pos + len(keys[i])].mean(axis=0))
        pos += len(keys[i])
        lead_and_keys = " ".join([leads[i], *keys[i]])
        out.append(ArticleFeatures(
            article_id=it.id,
            lead=vectors[i],
            body=body,
            entities=entities[i] if i in entities else from_mentions(it.mentions or []),
            numbers=key_numbers(lead_and_keys),
            day=days[i],
            # Shown as the story's title: the page's title, else the headline or the first
            # sentence without page clutter (no date marker or menu line).
            title=(it.title or cleaned[i][0] or (prose[i][0] if prose[i] else "")
                   or (split[i][0] if split[i] else ""))[:300],
            xlead=xleads.get(i),
            clead=vectors[len(items) + i],
            words=content_words(opening[i]),
            lang=it.lang,
            recalls=_fewest(recalled_days(opening[i]),
                            recalled_weekday(leads[i], published[i], days[i])),
        ))
    return out


def _fewest(*days: int | None) -> int | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None
