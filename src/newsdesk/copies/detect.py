"""``detect_copies(store)``: incremental copy detection over the store.

Only articles the index has not seen are processed, in arrival order and in batches.
For each batch: decide which texts can be compared at all, sketch them (MinHash of
word 5-shingles and of content-word stems), look their LSH band keys up in the
persisted index (and among the batch), verify the proposed pairs (``verify.py``), link
the open ones that stand out among the new report's candidates (``cohort.py``), and
commit sketches, bands and pairs together. Then the copy groups touched by new pairs
are rebuilt: origin, ``copy_of`` and each copy's sentence alignment against its origin.
Memory is bounded by the batch size, not by the corpus.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.copies.align import Sentences
from newsdesk.copies.candidates import candidate_pairs, shared_key_candidates
from newsdesk.copies.cohort import MIN_JACCARD, jaccard, stands_out
from newsdesk.copies.fingerprints import passage_keys
from newsdesk.copies.links import write_links
from newsdesk.copies.minhash import SHINGLE_LSH, WORD_LSH, band_keys, signatures_flat
from newsdesk.copies.pages import addresses, page_of, same_page_pairs
from newsdesk.copies.semantic import Features, semantic_candidates
from newsdesk.copies.sketch import sketch_texts
from newsdesk.copies.text import eligibility
from newsdesk.copies.translate import (
    MultilingualVectors,
    TranslationIndex,
    decide,
    language_class,
    prose_count,
    prose_details,
)
from newsdesk.copies.verify import Doc, Verdict, verify
from newsdesk.engine import batched
from newsdesk.records import Article
from newsdesk.store import Store, Transaction

if TYPE_CHECKING:
    from newsdesk.copies.semantic import Runner

MAX_CANDIDATES = 20  # per new article: the most band-sharing ones are verified
# One shared content-word band proposes a candidate, and the signatures must estimate a
# content-word Jaccard of 0.15: an LLM rewrite that shortens its report keeps most of its
# words but shares few of the original's (Jaccard ~0.2 for containment ~0.7), and two
# bands at 0.2 let only 44-71% of the tuning rewrites reach verification (now 60-89%;
# benchmarks/copies_train.py prints what detect_copies then finds end to end).
MIN_WORD_BANDS = 1
# Signature estimates a candidate must reach to be verified: well below the verify
# thresholds (containment 0.5, content-word containment 0.3) to absorb estimation error.
MIN_EST_SHINGLE = 0.1
MIN_EST_WORDS = 0.15
# Stored sentence vectors of copy verification; the suffix names the MiniLM computation
# (2: int8, models/quantized.py), so vectors of another one are never read back.
VECTOR_KIND = "copies.sentences.2"


@dataclass(slots=True)
class CopySummary:
    """What one run did (printed by ``newsdesk copies --detect``)."""

    new_articles: int = 0
    indexed: int = 0
    not_compared: dict[str, str] = field(default_factory=dict)  # id -> reason (first 100)
    not_compared_count: int = 0
    candidates: int = 0
    meaning_candidates: int = 0  # of which proposed by vectors (semantic.py), not words
    passage_candidates: int = 0  # of which proposed by a shared passage only (fingerprints.py)
    pairs: Counter[str] = field(default_factory=Counter)  # method -> count
    embedded_articles: int = 0
    translation_candidates: int = 0  # pairs in two languages verified (translate.py)
    groups_updated: int = 0
    seconds: float = 0.0


class _NeedVectors(Exception):
    """A pair reached the sentence model: its vectors are built with the batch's others."""


class SentenceVectorsStage:
    """Copy verification's sentence vectors as an engine stage: ``process`` embeds the
    sentences of all its articles in one model call (sorted by length across articles,
    less padding; a text's vector does not depend on the texts it is batched with), then
    splits them by article; ``save`` stores them and keeps them for this run."""

    name = "copies-sentence-vectors"
    version = "1"

    def __init__(self) -> None:
        self.built: dict[str, np.ndarray] = {}

    def __getstate__(self) -> dict[str, object]:
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.built = {}

    def process(self, items: Sequence[tuple[str, list[str]]]) -> list[np.ndarray]:
        from newsdesk.models import get_embedder

        texts = [text for _aid, own in items for text in own]
        vectors = get_embedder().embed(texts)
        bounds = np.cumsum([len(own) for _aid, own in items])[:-1]
        return list(np.split(vectors, bounds)) if items else []

    def save(self, tx: Transaction, items: Sequence[tuple[str, list[str]]],
             results: list[np.ndarray]) -> None:
        from newsdesk.models.embeddings import MODEL_NAME

        for (article_id, _texts), vecs in zip(items, results, strict=True):
            tx.put_vector(article_id, VECTOR_KIND, MODEL_NAME, vecs.shape[1], vecs.tobytes())
            self.built[article_id] = vecs


class _Embedder:
    """Sentence vectors on demand, cached in the store's vectors table. While
    ``deferring``, a document without vectors raises ``_NeedVectors`` instead: the batch's
    pairs are verified first, and the vectors they need are built in one pass through
    the engine (``build``)."""

    def __init__(self, store: Store, runner: Runner | None = None) -> None:
        self.store = store
        self.runner = runner
        self.pending: list[tuple[str, np.ndarray]] = []
        self.count = 0
        self.deferring = False
        self._model: Any = None
        # What ``prefetch`` read for the documents of a batch's pairs: their stored vectors,
        # and the ids the store holds none for (looked up once, not once per pair).
        self._stored: dict[str, tuple[int, bytes]] = {}
        self._absent: set[str] = set()

    def prefetch(self, docs: Sequence[Doc]) -> None:
        """Read the stored vectors of these documents in one pass: a batch verifies each
        document against several others, and a lookup per document and pair was a query
        each (1,003 for 100 new reports at 20k)."""
        ids = sorted({d.article.id for d in docs} - self._stored.keys() - self._absent)
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            found = self.store.get_vectors(VECTOR_KIND, part)
            self._stored.update(found)
            self._absent.update(set(part) - found.keys())

    def _forget(self, article_id: str) -> None:
        self._stored.pop(article_id, None)
        self._absent.discard(article_id)

    def _cached(self, doc: Doc) -> bool:
        sents = doc.sentences
        if sents.vectors is not None:
            return True
        aid = doc.article.id
        if aid in self._absent:
            return False
        cached = self._stored.get(aid) or self.store.get_vectors(VECTOR_KIND, [aid]).get(aid)
        if cached is not None:
            vecs = np.frombuffer(cached[1], dtype=np.float32).reshape(-1, cached[0])
            if len(vecs) == len(sents):
                sents.vectors = vecs
                return True
        return False

    def build(self, docs: Sequence[Doc]) -> None:
        """Vectors of ``docs`` that have none, through the engine (stored as they come)."""
        todo = list({id(d): d for d in docs if not self._cached(d)}.values())
        if not todo:
            return
        from newsdesk.engine import LocalRunner

        stage = SentenceVectorsStage()
        (self.runner or LocalRunner(self.store)).run(
            stage, [(d.article.id, d.sentences.texts) for d in todo])
        for d in todo:
            d.sentences.vectors = stage.built[d.article.id]
            self._forget(d.article.id)  # stored by the stage: read from there now
        self.count += len(todo)

    def __call__(self, doc: Doc) -> None:
        sents = doc.sentences
        if self._cached(doc):
            return
        if self.deferring:
            raise _NeedVectors
        if self._model is None:
            from newsdesk.models import get_embedder

            self._model = get_embedder()
        sents.vectors = self._model.embed(sents.texts)
        self._forget(doc.article.id)  # kept when the batch is written
        self.pending.append((doc.article.id, sents.vectors))
        self.count += 1

    def flush(self, tx: Transaction) -> None:
        name = self._model.name if self._model is not None else "minilm"
        for article_id, vecs in self.pending:
            tx.put_vector(article_id, VECTOR_KIND, name, vecs.shape[1], vecs.tobytes())
        self.pending.clear()
        # what one batch read stays with it: a long first run would hold every vector
        self._stored.clear()
        self._absent.clear()


def _candidates(keys: np.ndarray, word_keys: np.ndarray, passages: list[np.ndarray],
                seqs: list[int], store: Store) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """For each batch row, candidate seqs (older stored ones and earlier batch rows):
    (by MinHash bands, by passage fingerprints)."""
    both = np.concatenate([keys, word_keys], axis=1)
    kinds = np.r_[np.full(keys.shape[1], 1), np.full(word_keys.shape[1], 2)]
    lookup = np.unique(np.concatenate([both.ravel(), *passages]))
    hits = np.array(store.copy_band_matches(lookup.tolist()), dtype=np.int64).reshape(-1, 2)
    order = np.array(seqs, dtype=np.int64)
    by_bands = candidate_pairs(both, kinds, order, hits[:, 0], hits[:, 1],
                               max_candidates=MAX_CANDIDATES, min_word_bands=MIN_WORD_BANDS)
    by_passage = shared_key_candidates(passages, order, hits[:, 0], hits[:, 1],
                                       max_candidates=MAX_CANDIDATES)
    return by_bands, by_passage


def _verify_all(checks: Sequence[tuple[Doc, Doc]], embed: _Embedder | None) -> list[Verdict]:
    """``verify`` for each pair, in order. Pairs that reach the sentence model wait
    until every pair has been tried; their documents' vectors are then built in one pass
    through the engine (Ray workers with ``--engine ray``) and they are verified again."""
    if embed is None:
        return [verify(a, b, None) for a, b in checks]
    verdicts: list[Verdict | None] = []
    later: list[int] = []
    embed.prefetch([d for pair in checks for d in pair])
    embed.deferring = True
    try:
        for k, (a, b) in enumerate(checks):
            try:
                verdicts.append(verify(a, b, embed))
            except _NeedVectors:
                verdicts.append(None)
                later.append(k)
    finally:
        embed.deferring = False
    if later:
        embed.build([d for k in later for d in checks[k]])
        for k in later:
            verdicts[k] = verify(*checks[k], embed)
    return [v for v in verdicts if v is not None]


def _pair_row(a: Doc, b: Doc, verdict: Verdict) -> dict[str, Any]:
    evidence = dict(verdict.evidence)
    cov = evidence.get("coverage") or evidence.get("lexical_coverage")
    if cov:  # the share of each side's sentences the other lacks: material it added
        evidence["added"] = {a.article.id: round(1 - cov[0], 3), b.article.id: round(1 - cov[1], 3)}
    return {"article_id": a.article.id, "other_id": b.article.id, "method": verdict.method,
            "score": round(verdict.score, 4), "evidence": evidence}


class _Translations:
    """The search for translations across languages over a run (translate.py): the
    recent reports by language class, and multilingual sentence vectors on demand."""

    LOAD = 5_000  # earlier reports read from the store when a run starts

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = TranslationIndex()
        self.vectors = MultilingualVectors()
        self.loaded = False
        self.found: dict[str, str] = {}  # classes read from texts, kept by the next write

    def load(self, before: int) -> None:
        if self.loaded:
            return
        self.loaded = True
        rows = self.store.copy_languages(before - self.LOAD, before)
        # Texts indexed by a release that did not keep their language are read for it
        # (once: the batch's transaction keeps what was found).
        self.found.update(_read_languages(self.store, [aid for _s, aid, language in rows
                                                       if language is None]))
        for seq, aid, language in rows:
            kept = language or self.found.get(aid)
            if kept is not None:
                self.index.add(seq, aid, kept)

    def details(self, ids: list[str]) -> dict[str, set[str]]:
        return {a.id: prose_details(Sentences.from_text(a.text))
                for a in self.store.get_articles(ids)}

    def find(self, fresh: list[tuple[int, Doc]], pairs: list[dict[str, Any]]) -> int:
        """Verify each fresh report against the earlier reports in another language with
        the most names and numbers in common; return how many pairs were verified."""
        verified = 0
        for seq, doc in fresh:
            self.index.add(seq, doc.article.id, doc.language)
        for seq, doc in fresh:
            if not self.index.has_other(doc.language) or doc.short:
                continue
            own = prose_details(doc.sentences)
            for other_id in self.index.candidates(seq, doc.language, own, self.details):
                other = self.store.get_articles([other_id])[0]
                other_sents = Sentences.from_text(other.text)
                verified += 1
                verdict = decide(self.vectors(doc.article.id, doc.sentences), doc.sentences.weights,
                                 self.vectors(other.id, other_sents), other_sents.weights,
                                 (prose_count(doc.sentences), prose_count(other_sents)))
                if verdict.linked:
                    pairs.append({"article_id": doc.article.id, "other_id": other.id,
                                  "method": "translation", "score": round(verdict.score, 4),
                                  "evidence": verdict.evidence})
        return verified


def _read_languages(store: Store, ids: list[str]) -> dict[str, str]:
    """The language class of these articles, read from their texts."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        for article in store.get_articles(ids[start:start + 500]):
            found[article.id] = language_class(article.text, article.lang)
    return found


def fill_languages(store: Store) -> int:
    """Keep the language class of every indexed text an older release left without one
    (copy detection reads a missing one from the text each time it searches that far
    back, and keeps it only when a batch is written); return how many were filled."""
    rows = store.copy_languages(0, store.copy_sketch_max_seq() + 1)
    found = _read_languages(store, [aid for _s, aid, language in rows if language is None])
    with store.transaction() as tx:
        tx.set_copy_languages(found)
    return len(found)


def _process_batch(store: Store, batch: list[Article], embed: _Embedder | None,
                   summary: CopySummary, docs: dict[int, Doc],
                   reasons: dict[str, str], meaning: Features | None = None,
                   translations: _Translations | None = None) -> set[str]:
    seq_of = store.article_seqs([a.id for a in batch])
    sketches: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    fresh_articles: list[tuple[int, Article]] = []
    for article in batch:
        seq = seq_of[article.id]
        check = eligibility(article.text, article.lang)
        row = {"article_id": article.id, "seq": seq, "status": "indexed", "reason": None,
               "words": check.words, "shingle_sig": None, "word_sig": None,
               "language": None}
        if not check.ok:
            row.update(status="skipped", reason=check.reason)
            reasons[article.id] = check.reason or ""
        elif article.duplicate_of:
            # Same clean text as an earlier article: ingest already knows, no sketch needed.
            row.update(status="duplicate", reason=f"exact copy of {article.duplicate_of}")
            pairs.append({"article_id": article.id, "other_id": article.duplicate_of,
                          "method": "exact", "score": 1.0,
                          "evidence": {"text_hash": article.text_hash}})
        else:
            fresh_articles.append((seq, article))
        sketches.append(row)
    bands: list[list[int]] = []
    fresh: list[tuple[int, Doc]] = []
    if fresh_articles:
        # One vectorised pass over the batch's texts, then one rensa call per index.
        sk = sketch_texts([a.text for _s, a in fresh_articles])
        for k, (seq, article) in enumerate(fresh_articles):
            docs[seq] = Doc.from_sketch(article, sk, k)
            fresh.append((seq, docs[seq]))
        sigs = signatures_flat(sk.shingles, sk.shingle_offsets, SHINGLE_LSH.num_perm)
        wsigs = signatures_flat(sk.content, sk.content_offsets, WORD_LSH.num_perm)
        keys, wkeys = band_keys(sigs, SHINGLE_LSH), band_keys(wsigs, WORD_LSH)
        by_seq = {r["seq"]: r for r in sketches}
        for k, (seq, doc) in enumerate(fresh):
            by_seq[seq].update(shingle_sig=sigs[k].tobytes(), word_sig=wsigs[k].tobytes(),
                               language=doc.language)
        seq_col = np.repeat([s for s, _d in fresh], keys.shape[1] + wkeys.shape[1])
        bands = np.column_stack([np.concatenate([keys, wkeys], axis=1).ravel(), seq_col]).tolist()
        pkeys = [passage_keys(doc.words) for _s, doc in fresh]
        for (seq, _doc), own in zip(fresh, pkeys, strict=True):
            bands.extend([int(k), seq] for k in own)
        cands, by_passage = _candidates(keys, wkeys, pkeys, [s for s, _d in fresh], store)
        cands = _prefilter(store, cands, [s for s, _d in fresh], sigs, wsigs)
        # A shared passage of 25+ words is evidence enough to verify the pair, whatever
        # the signatures estimate for the whole texts (a write-through shares little else).
        extra = [p[~np.isin(p, c)] for c, p in zip(cands, by_passage, strict=True)]
        summary.passage_candidates += sum(e.size for e in extra)
        cands = [np.concatenate([c, e]) for c, e in zip(cands, extra, strict=True)]
        _load_docs(store, set(np.concatenate(cands).tolist()) if cands else set(), docs)
        checks: list[tuple[Doc, Doc]] = []
        for (_seq, doc), cand in zip(fresh, cands, strict=True):
            summary.candidates += len(cand)
            checks.extend((doc, docs[o]) for o in cand.tolist() if o in docs)
        verdicts = _verify_all(checks, embed)
        for (doc, other), verdict in zip(checks, verdicts, strict=True):
            if verdict.method:
                pairs.append(_pair_row(doc, other, verdict))
        pairs.extend(_by_cohort(checks, verdicts))
        if embed is not None and meaning is not None:
            summary.meaning_candidates += _by_meaning(store, fresh, cands, pairs, docs, embed, meaning)
        if translations is not None:
            translations.load(min(s for s, _d in fresh))
            summary.translation_candidates += translations.find(fresh, pairs)
    pairs.extend(_same_pages(store, batch, pairs))
    with store.transaction() as tx:
        tx.put_copy_sketches(sketches)
        tx.put_copy_bands(bands)
        tx.put_copy_pairs(pairs)
        if translations is not None and translations.found:
            tx.set_copy_languages(translations.found)
            translations.found = {}
        if embed is not None:
            embed.flush(tx)
    summary.indexed += len(fresh)
    summary.pairs.update(p["method"] for p in pairs)
    return {p["article_id"] for p in pairs} | {p["other_id"] for p in pairs}


def _same_pages(store: Store, batch: Sequence[Article], pairs: Sequence[dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """Pairs of the batch's articles with the articles stored under another address of
    the same page (pages.py), where their texts made no pair already; whatever their
    texts, short ones included."""
    new = [(a.id, a.canonical_url) for a in batch]
    pages = [page_of(url) for _aid, url in new]
    wanted = [address for page in pages if page is not None for address in addresses(page)]
    if not wanted:
        return []
    linked = {frozenset((p["article_id"], p["other_id"])) for p in pairs}
    return [{"article_id": aid, "other_id": other, "method": "same_page", "score": 1.0,
             "evidence": {"page": key}}
            for aid, other, key in same_page_pairs(new, store.ids_by_canonical_url(wanted))
            if frozenset((aid, other)) not in linked]


def _by_cohort(checks: Sequence[tuple[Doc, Doc]], verdicts: Sequence[Verdict]
               ) -> list[dict[str, Any]]:
    """Pairs that verification left open but that stand out among the reports of their
    event (cohort.py): the other reports either side of the pair was compared with in
    this batch, whichever of the two arrived first. Taking the new report's earlier
    candidates alone made the verdict depend on the arrival order: a third report that
    came after the first of the two was a third report for one order and not for the
    other."""
    near: dict[str, dict[str, tuple[Doc, Verdict]]] = {}
    for (doc, other), verdict in zip(checks, verdicts, strict=True):
        near.setdefault(doc.article.id, {})[other.article.id] = (other, verdict)
        near.setdefault(other.article.id, {})[doc.article.id] = (doc, verdict)
    rows: list[dict[str, Any]] = []
    for (doc, other), verdict in zip(checks, verdicts, strict=True):
        if verdict.method or doc.short or other.short or other.language != doc.language:
            continue
        pair = _word_jaccard(doc, other, verdict)
        if pair < MIN_JACCARD:
            continue
        ends = {doc.article.id, other.article.id}
        # Copies of either report are no third reports: they would mask their origin.
        copies = {k for end in ends for k, (_w, v) in near[end].items() if v.method}
        thirds = {k: w for end in ends for k, (w, _v) in near[end].items()
                  if k not in ends and k not in copies and w.language == doc.language}
        listed = [thirds[k] for k in sorted(thirds)]
        decided = stands_out(pair, [jaccard(doc.content, w.content) for w in listed],
                             [jaccard(other.content, w.content) for w in listed])
        if decided.linked:
            # Scored by the Jaccard (0-1, as other links' scores), not the margin: the
            # copy tree prefers the closest parent by score.
            evidence = {**verdict.evidence, **decided.evidence}
            rows.append(_pair_row(doc, other, Verdict("rewrite", pair, evidence)))
    return rows


def _word_jaccard(doc: Doc, other: Doc, verdict: Verdict) -> float:
    known = verdict.evidence.get("word_jaccard")
    return float(known) if known is not None else jaccard(doc.content, other.content)


def _by_meaning(store: Store, fresh: list[tuple[int, Doc]], cands: list[np.ndarray],
                pairs: list[dict[str, Any]], docs: dict[int, Doc], embed: _Embedder,
                meaning: Features) -> int:
    """Verify the nearest earlier reports by meaning of each new report its words linked
    to nothing (semantic.py); return how many pairs that proposed."""
    linked = {p["article_id"] for p in pairs}
    queries = [(seq, doc) for seq, doc in fresh if doc.article.id not in linked]
    if not queries:
        return 0
    vectors = meaning.build([doc for _s, doc in queries])
    tried = {seq: set(c.tolist()) for (seq, _d), c in zip(fresh, cands, strict=True)}
    batch = {seq: vectors[doc.article.id] for seq, doc in queries}
    meaning.pool.load(store, min(batch))
    more = semantic_candidates(meaning.pool, queries, batch, tried)
    _load_docs(store, {s for c in more for s in c.tolist()}, docs)
    checks = [(doc, docs[o]) for (_seq, doc), cand in zip(queries, more, strict=True)
              for o in cand.tolist() if o in docs]
    for (doc, other), verdict in zip(checks, _verify_all(checks, embed), strict=True):
        if verdict.method:
            pairs.append(_pair_row(doc, other, verdict))
    return len(checks)


def _prefilter(store: Store, cands: list[np.ndarray], seqs: list[int], sigs: np.ndarray,
               wsigs: np.ndarray) -> list[np.ndarray]:
    """Drop candidates whose signatures already say no, before any text is loaded.

    LSH proposes pairs on a few shared bands; the full signatures estimate both
    Jaccards (±0.06), and a pair far below both verify thresholds is no copy. All pairs
    of the batch are estimated in one vectorised pass (one content-word band proposes
    some 20 candidates per article, most of which stop here).
    """
    lengths = np.array([c.size for c in cands], dtype=np.int64)
    if not lengths.sum():
        return cands
    others = np.concatenate(cands)
    distinct = np.unique(others)
    row_of = {s: k for k, s in enumerate(seqs)}
    older = sorted(set(distinct.tolist()) - set(row_of))
    stored = {r["seq"]: r for r in store.copy_sketches(seqs=older)} if older else {}
    shingle = np.zeros((distinct.size, sigs.shape[1]), dtype=sigs.dtype)
    word = np.zeros((distinct.size, wsigs.shape[1]), dtype=wsigs.dtype)
    known = np.zeros(distinct.size, dtype=bool)
    for k, seq in enumerate(distinct.tolist()):
        if seq in row_of:
            shingle[k], word[k], known[k] = sigs[row_of[seq]], wsigs[row_of[seq]], True
        elif stored.get(seq, {}).get("shingle_sig") and stored[seq].get("word_sig"):
            shingle[k] = np.frombuffer(stored[seq]["shingle_sig"], dtype=sigs.dtype)
            word[k] = np.frombuffer(stored[seq]["word_sig"], dtype=wsigs.dtype)
            known[k] = True
    rows = np.repeat(np.arange(len(cands)), lengths)
    at = np.searchsorted(distinct, others)
    est_shingle = (sigs[rows] == shingle[at]).mean(axis=1)
    est_words = (wsigs[rows] == word[at]).mean(axis=1)
    keep = known[at] & ((est_shingle >= MIN_EST_SHINGLE) | (est_words >= MIN_EST_WORDS))
    kept_per_row = np.bincount(rows[keep], minlength=len(cands))
    return np.split(others[keep], np.cumsum(kept_per_row)[:-1])


def _load_docs(store: Store, seqs: set[int], docs: dict[int, Doc]) -> None:
    missing = [s for s in seqs if s not in docs]
    if not missing:
        return
    ids = {r["article_id"]: r["seq"] for r in store.copy_sketches(seqs=missing)}
    articles = store.get_articles(list(ids))
    sketch = sketch_texts([a.text for a in articles])
    for k, article in enumerate(articles):
        docs[ids[article.id]] = Doc.from_sketch(article, sketch, k)


def _finish_interrupted_batch(store: Store, embed: _Embedder | None,
                              summary: CopySummary) -> None:
    """Write the links of a batch whose index rows and pairs committed but whose links
    did not (a kill between the two writes). The next batch starts after the indexed
    seqs, so without this the batch's articles would never get links."""
    pending = store.copy_sketches_without_links()
    if not pending:
        return
    ids = [article_id for article_id, _status, _reason in pending]
    pairs = store.copy_pairs(ids)
    touched = {p["article_id"] for p in pairs} | {p["other_id"] for p in pairs}
    reasons = {a: reason or "" for a, status, reason in pending if status == "skipped"}
    summary.groups_updated += write_links(store, touched, ids, reasons, embed)


def detect_copies(store: Store, *, batch_size: int = 500, embeddings: bool = True,
                  progress: Callable[[int], None] | None = None,
                  runner: Runner | None = None) -> CopySummary:
    """Index the articles not seen yet, find their copies, update the copy groups.
    ``runner`` builds the vectors that find rewrites by meaning (local by default);
    ``embeddings=False`` compares words only."""
    started = time.perf_counter()
    summary = CopySummary()
    embed = _Embedder(store, runner) if embeddings else None
    meaning = Features(store, runner) if embeddings else None
    translations = _Translations(store) if embeddings else None
    _finish_interrupted_batch(store, embed, summary)
    for batch in batched(store.iter_articles(after_seq=store.copy_sketch_max_seq()), batch_size):
        # Docs of this batch and its candidates only, and the links of the groups this
        # batch touched written at once: memory follows the batch, not the corpus, and
        # an interrupted run leaves no group half-updated.
        docs: dict[int, Doc] = {}
        reasons: dict[str, str] = {}
        touched = _process_batch(store, batch, embed, summary, docs, reasons, meaning,
                                 translations)
        summary.groups_updated += write_links(store, touched, [a.id for a in batch], reasons,
                                              embed)
        summary.not_compared_count += len(reasons)
        for article_id, reason in reasons.items():
            if len(summary.not_compared) < 100:
                summary.not_compared[article_id] = reason
        summary.new_articles += len(batch)
        if progress:
            progress(len(batch))
    summary.embedded_articles = embed.count if embed is not None else 0
    summary.seconds = time.perf_counter() - started
    return summary
