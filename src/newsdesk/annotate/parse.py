"""One spaCy pass per batch: sentences and named entities, paragraph by paragraph.

Articles are parsed paragraph by paragraph (one line = one paragraph after ingest):
a line break always ends a sentence, which spaCy alone gets wrong on short lines
("Live briefing: ..."), and smaller docs keep the parser fast. Every offset kept
here is a character offset into the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.models import get_nlp
from newsdesk.records import Article, Sentence

# The tagger, parser and NER do the work; nothing else in the package is used here.
DISABLED = ("lemmatizer",)
_SENT_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_MAX_PARAGRAPH_CHARS = 20_000  # a "paragraph" this long is a flattened page: cut it up


@dataclass(slots=True)
class Paragraph:
    """A spaCy doc for one paragraph and where it sits in the article."""

    doc: Any
    offset: int
    first_sentence: int  # article-wide index of the paragraph's first sentence


@dataclass(slots=True)
class ParsedArticle:
    article: Article
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    english: bool = True

    def sentence_at(self, char: int) -> int:
        """Index of the sentence holding an article character offset."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def iter_sents(self) -> Iterator[tuple[int, Any, Paragraph]]:
        """(article sentence index, spaCy span, paragraph) for every sentence."""
        for para in self.paragraphs:
            for k, sent in enumerate(para.doc.sents):
                yield para.first_sentence + k, sent, para


def paragraphs_of(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their start offsets (long lines cut at sentence ends)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        if not stripped.strip():
            continue
        start += lead
        stripped = stripped.strip()
        while len(stripped) > _MAX_PARAGRAPH_CHARS:
            cut = stripped.rfind(". ", 0, _MAX_PARAGRAPH_CHARS) + 1 or _MAX_PARAGRAPH_CHARS
            out.append((start, stripped[:cut]))
            rest = stripped[cut:]
            start += cut + (len(rest) - len(rest.lstrip()))
            stripped = rest.strip()
        if stripped:
            out.append((start, stripped))
    return out


def is_english(article: Article) -> bool:
    # Unknown language is analysed: ingest marks what it could identify.
    return article.lang in (None, "", "en")


def _plain_sentences(article: Article) -> list[Sentence]:
    """Sentences of a text we do not analyse: split at end punctuation, per paragraph."""
    sentences: list[Sentence] = []
    for offset, para in paragraphs_of(article.text):
        for m in _SENT_RE.finditer(para):
            text = m.group().strip()
            if text:
                start = offset + m.start() + (len(m.group()) - len(m.group().lstrip()))
                sentences.append(Sentence(article.id, len(sentences), start,
                                          start + len(text), text))
    return sentences


def parse_articles(articles: Sequence[Article], n_process: int = 1,
                   batch_size: int = 256) -> list[ParsedArticle]:
    """Parse a batch with one ``nlp.pipe`` call over all English paragraphs."""
    parsed = [ParsedArticle(a, english=is_english(a)) for a in articles]
    jobs: list[tuple[str, tuple[int, int]]] = []
    for i, p in enumerate(parsed):
        if not p.english:
            p.sentences = _plain_sentences(p.article)
            continue
        jobs.extend((text, (i, offset)) for offset, text in paragraphs_of(p.article.text))
    if not jobs:
        return parsed
    nlp = get_nlp(DISABLED)
    for doc, (i, offset) in nlp.pipe(jobs, as_tuples=True, n_process=n_process,
                                     batch_size=batch_size):
        p = parsed[i]
        para = Paragraph(doc, offset, len(p.sentences))
        p.paragraphs.append(para)
        for sent in doc.sents:  # kept even when blank: indices must match iter_sents
            start = offset + sent.start_char
            p.sentences.append(Sentence(p.article.id, len(p.sentences), start,
                                        start + len(sent.text), sent.text))
    return parsed
