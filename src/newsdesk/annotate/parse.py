"""One spaCy pass per batch: sentences and named entities, paragraph by paragraph.

Articles are parsed paragraph by paragraph (one line = one paragraph after ingest):
a line break always ends a sentence, which spaCy alone gets wrong on short lines
("Live briefing: ..."), and smaller docs keep the parser fast. Every offset kept
here is a character offset into the article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.models import get_nlp
from newsdesk.records import Article, Sentence

# The tagger, parser and NER do the work. The lemmatizer and the attribute ruler (which
# only maps tags to coarse POS) cost a third of the parse time: verbs are recognised
# from their fine-grained tags below and their lemmas from word lists (lexicon.py).
DISABLED = ("lemmatizer", "attribute_ruler")


def is_verb(tok: Any) -> bool:
    return bool(tok.tag_.startswith("VB") or tok.tag_ == "MD")


def is_proper(tok: Any) -> bool:
    return tok.tag_ in ("NNP", "NNPS")


def is_nominal(tok: Any) -> bool:
    return bool(tok.tag_.startswith(("NN", "JJ")))


_VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")
_TEXT_KEY = "newsdesk_text"


def doc_text(doc: Any) -> str:
    """A doc's text, joined once: spaCy's ``Doc.text`` and ``Span.text`` join every
    token's text again on each call, which was a sixth of the annotators' time."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


def tokens_where(doc: Any, attr: str, values: Iterable[str]) -> list[Any]:
    """The doc's tokens whose string attribute ``attr`` ("TAG", "LOWER") is one of
    ``values``, picked from spaCy's arrays: only they become Python tokens, which is
    what walking a doc costs."""
    strings = doc.vocab.strings
    wanted = {strings.add(v) for v in values}
    # a paragraph is a few dozen tokens: a set beats numpy.isin's setup here
    return [doc[i] for i, h in enumerate(doc.to_array(attr).tolist()) if h in wanted]


def title_or_proper(doc: Any) -> list[Any]:
    """The doc's title-case or proper-noun tokens (where names can be)."""
    nnp = doc.vocab.strings.add("NNP")
    return [doc[i] for i, (title, tag) in enumerate(doc.to_array(["IS_TITLE", "TAG"]).tolist())
            if title or tag == nnp]


def span_text(span: Any) -> str:
    """``span.text`` (a spaCy Span) without rebuilding it token by token."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def tokens_text(first: Any, last: Any) -> str:
    """The text from token ``first`` to token ``last``, both included."""
    return doc_text(first.doc)[first.idx:last.idx + len(last.text)]
_SENT_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_MAX_PARAGRAPH_CHARS = 20_000  # a "paragraph" this long is a flattened page: cut it up


@dataclass(slots=True)
class Paragraph:
    """A spaCy doc for one paragraph and where it sits in the article."""

    doc: Any
    offset: int
    first_sentence: int  # article-wide index of the paragraph's first sentence
    sents: list[Any] = field(default_factory=list)  # doc.sents, built once
    _verbs: list[Any] | None = None

    @property
    def text(self) -> str:
        return doc_text(self.doc)

    @property
    def verbs(self) -> list[Any]:
        """The paragraph's verb tokens, found once: quotes and clauses start from verbs.
        They are picked from the tag array, so that only verbs become Python tokens."""
        if self._verbs is None:
            self._verbs = tokens_where(self.doc, "TAG", _VERB_TAGS)
        return self._verbs

    def verbs_in(self, sent: Any) -> list[Any]:
        return [t for t in self.verbs if sent.start <= t.i < sent.end]


@dataclass(slots=True)
class ParsedArticle:
    article: Article
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    english: bool = True
    cache: dict[str, Any] = field(default_factory=dict)  # per-article results shared by steps

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
            for k, sent in enumerate(para.sents):
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


def _one_blas_thread() -> Any:
    """The model's matrix products on one thread: on two cores shared by two parse
    workers (or a parse and the annotators) a second BLAS thread only spins."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


def _parse_chunk(chunk: list[list[str]]) -> tuple[bytes, list[int]]:
    """Worker side: parse the paragraphs of a few articles, send the docs back packed."""
    from spacy.tokens import DocBin

    nlp = get_nlp(DISABLED)
    flat = [t for paragraphs in chunk for t in paragraphs]
    packed = DocBin(attrs=_PACKED_ATTRS)
    for doc in nlp.pipe(flat, batch_size=256):
        packed.add(doc)
    return packed.to_bytes(), [len(paragraphs) for paragraphs in chunk]


def load_parser() -> None:
    get_nlp(DISABLED)


def start_parse_worker() -> None:
    load_parser()
    _one_blas_thread()  # for the worker's whole life


_load_model, _start_worker = load_parser, start_parse_worker


class ParsePool:
    """Worker processes that load the model once and parse while the caller annotates.

    spaCy's own ``n_process`` starts new workers on every ``pipe`` call (seconds each,
    to load the model); these live as long as the pool, across batches.
    """

    CHUNK_ARTICLES = 4

    def __init__(self, n_process: int) -> None:
        import multiprocessing

        _load_model()  # loaded before the fork, so workers share its pages
        self.pool = multiprocessing.get_context("fork").Pool(n_process, initializer=_start_worker)

    def docs(self, paragraphs: list[list[str]]) -> Iterator[list[Any]]:
        """Per article, the docs of its paragraphs, in order."""
        from spacy.tokens import DocBin

        vocab = get_nlp(DISABLED).vocab
        chunks = [paragraphs[k:k + self.CHUNK_ARTICLES]
                  for k in range(0, len(paragraphs), self.CHUNK_ARTICLES)]
        for data, counts in self.pool.imap(_parse_chunk, chunks):
            docs = list(DocBin().from_bytes(data).get_docs(vocab))
            at = 0
            for n in counts:
                yield docs[at:at + n]
                at += n

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def _local_docs(paragraphs: list[list[str]]) -> Iterator[list[Any]]:
    nlp = get_nlp(DISABLED)
    flat = [(t, i) for i, texts in enumerate(paragraphs) for t in texts]
    grouped: list[list[Any]] = [[] for _ in paragraphs]
    with _one_blas_thread():
        for doc, i in nlp.pipe(flat, as_tuples=True, batch_size=256):
            grouped[i].append(doc)
    yield from grouped


_PACKED_ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def _paragraph_texts(articles: Sequence[Article]) -> list[list[str]]:
    """Per article, the paragraphs the parser reads (none for a text not in English)."""
    return [[t for _, t in paragraphs_of(a.text)] if is_english(a) else [] for a in articles]


def parse_packed(articles: Sequence[Article]) -> list[bytes]:
    """The pure, model-only half of parsing, for an engine's workers: per article, its
    paragraphs' docs packed (spaCy DocBin); ``iter_unpacked`` turns them back into
    ``ParsedArticle``s wherever the annotators run."""
    from spacy.tokens import DocBin

    grouped = list(_local_docs(_paragraph_texts(articles)))
    out = []
    for docs in grouped:
        packed = DocBin(attrs=_PACKED_ATTRS)
        for doc in docs:
            packed.add(doc)
        out.append(packed.to_bytes())
    return out


def iter_unpacked(articles: Sequence[Article], packed: Sequence[bytes]
                  ) -> Iterator[ParsedArticle]:
    """``iter_parsed`` over docs that ``parse_packed`` made (in another process)."""
    from spacy.tokens import DocBin

    vocab = get_nlp(DISABLED).vocab
    stream = (list(DocBin().from_bytes(data).get_docs(vocab)) for data in packed)
    return _assemble(articles, stream)


def iter_parsed(articles: Sequence[Article], pool: ParsePool | None = None
                ) -> Iterator[ParsedArticle]:
    """Parse a batch (one ``nlp.pipe`` pass, or the pool's workers), article by article."""
    texts = _paragraph_texts(articles)
    return _assemble(articles, pool.docs(texts) if pool is not None else _local_docs(texts))


def _assemble(articles: Sequence[Article], stream: Iterable[list[Any]]
              ) -> Iterator[ParsedArticle]:
    """ParsedArticles from the docs of each article's paragraphs, in order."""
    parsed = [ParsedArticle(a, english=is_english(a)) for a in articles]
    layouts = [paragraphs_of(p.article.text) if p.english else [] for p in parsed]
    for p, layout, docs in zip(parsed, layouts, stream, strict=True):
        if not p.english:
            p.sentences = _plain_sentences(p.article)
            yield p
            continue
        for (offset, text), doc in zip(layout, docs, strict=True):
            doc.user_data[_TEXT_KEY] = text  # the doc's text, known already
            para = Paragraph(doc, offset, len(p.sentences), list(doc.sents))
            p.paragraphs.append(para)
            for sent in para.sents:  # kept even when blank: indices must match iter_sents
                start = offset + sent.start_char
                sent_text = text[sent.start_char:sent.end_char]
                p.sentences.append(Sentence(p.article.id, len(p.sentences), start,
                                            start + len(sent_text), sent_text))
        yield p


def parse_articles(articles: Sequence[Article], pool: ParsePool | None = None
                   ) -> list[ParsedArticle]:
    return list(iter_parsed(articles, pool))
