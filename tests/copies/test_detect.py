from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsdesk.config import Settings
from newsdesk.copies import detect_copies, independent_sources
from newsdesk.copies.text import split_sentences
from newsdesk.ingest import ingest
from newsdesk.store import Store


def _write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, "utf-8")
    return str(path)


def test_detect_seeds_are_two_independent_sources(seeds_dir, store: Store,
                                                  settings: Settings) -> None:
    ingest([str(seeds_dir)], store, settings)
    summary = detect_copies(store)
    assert summary.new_articles == 2 and summary.indexed == 2
    assert not summary.pairs
    links = store.copy_links()
    assert {link.method for link in links.values()} == {"origin"}
    assert all(link.copy_of is None for link in links.values())
    assert independent_sources(list(links), links) == 2


def test_detect_is_incremental_and_finds_a_later_copy(seeds_dir, store: Store,
                                                      settings: Settings, tmp_path: Path) -> None:
    ingest([str(seeds_dir)], store, settings)
    detect_copies(store)
    again = detect_copies(store)
    assert again.new_articles == 0 and again.candidates == 0
    dw_text = next(seeds_dir.glob("004_*.txt")).read_text("utf-8")
    dw = next(a for a in store.iter_articles() if a.source.endswith(".txt") and "004_" in a.source)
    # A scraper's copy: sentences reordered, a word changed, a promo line added.
    sentences = split_sentences(dw_text)
    copy = "\n".join([sentences[1], sentences[0], *sentences[2:]]).replace("London", "the capital")
    copy += "\nDo not forget to like and share this story with your friends and family."
    ingest([_write(tmp_path, "scraper_copy.txt", copy)], store, settings)
    summary = detect_copies(store)
    assert summary.new_articles == 1
    links = store.copy_links()
    new_id = next(i for i in links if i != dw.id and links[i].copy_of)
    link = links[new_id]
    assert link.copy_of == dw.id and link.origin == dw.id
    assert link.method == "near_duplicate"
    assert link.alignment["changed"] and link.alignment["added"]
    assert independent_sources(list(links), links) == 2


def test_detect_short_texts_are_not_compared_foreign_ones_are(store: Store, settings: Settings,
                                                              tmp_path: Path) -> None:
    headline = "US accuses Iran of supplying ballistic missiles to Russia"
    german = ("Die Stadtbibliothek von Almbrück öffnet nach zwei Jahren Umbau wieder. " * 12)
    inputs = [_write(tmp_path, "h1.txt", headline), _write(tmp_path, "h2.txt", headline + "."),
              _write(tmp_path, "de.txt", german)]
    ingest(inputs, store, settings)
    summary = detect_copies(store)
    assert summary.indexed == 1 and not summary.pairs  # the German text, alone
    reasons = sorted(summary.not_compared.values())
    assert len(reasons) == 2 and all("too short" in r for r in reasons)
    links = store.copy_links().values()
    assert sorted(link.method for link in links) == ["not_compared", "not_compared", "origin"]
    assert all(link.copy_of is None for link in links)


def test_detect_killed_between_index_and_links_finishes_on_rerun(
        demo_dir: Path, tmp_path: Path, settings: Settings, monkeypatch) -> None:
    """A kill after a batch's index rows and pairs commit, before its links do: the next
    run writes those links (found by the kill loop of issue 15)."""
    import pytest

    from newsdesk.copies import detect
    from newsdesk.store import open_store

    corpus = [str(demo_dir / "corpus" / "html"), str(demo_dir / "corpus" / "text")]

    def links_of(db: str, kill: bool) -> dict:
        with open_store(db) as store:
            ingest(corpus, store, settings)
            if kill:
                with monkeypatch.context() as patch:
                    def killed(*_args: object, **_kwargs: object) -> int:
                        raise KeyboardInterrupt  # stands in for SIGKILL at this point
                    patch.setattr(detect, "write_links", killed)
                    with pytest.raises(KeyboardInterrupt):
                        detect_copies(store, embeddings=False)
                assert store.copy_links() == {}
            detect_copies(store, embeddings=False)
            return {k: (v.copy_of, v.copy_group, v.origin, v.method)
                    for k, v in store.copy_links().items()}

    clean = links_of(f"sqlite:///{tmp_path / 'clean.db'}", kill=False)
    assert any(v[0] for v in clean.values())  # some copies among them
    assert links_of(f"sqlite:///{tmp_path / 'killed.db'}", kill=True) == clean


def test_detect_write_through_is_proposed_by_its_shared_passage(
        store: Store, settings: Settings, tmp_path: Path, monkeypatch) -> None:
    """A write-through shares one passage and little else: no MinHash band need match
    (here none may), the passage fingerprint proposes the pair and verify links it."""
    from newsdesk.copies import detect

    from .test_passages import STORY, WRITE_THROUGH

    monkeypatch.setattr(detect, "candidate_pairs",
                        lambda keys, *_a, **_k: [np.zeros(0, dtype=np.int64)] * len(keys))
    ingest([_write(tmp_path, "wire.txt", "\n".join(STORY[0:8]))], store, settings)
    detect_copies(store, embeddings=False)
    ingest([_write(tmp_path, "later.txt", "\n".join(WRITE_THROUGH))], store, settings)
    summary = detect_copies(store, embeddings=False)
    assert summary.passage_candidates == 1
    assert summary.pairs == {"excerpt": 1}
    links = store.copy_links()
    assert sum(1 for link in links.values() if link.copy_of) == 1


def test_sentence_vectors_stage_embeds_its_articles_in_one_call(monkeypatch) -> None:
    """Verification's sentence vectors: one model call for all articles of a batch (sorted
    by length across articles: less padding), split back per article in order."""
    import newsdesk.models as models
    from newsdesk.copies.detect import SentenceVectorsStage

    calls: list[list[str]] = []

    class _Fake:
        def embed(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    monkeypatch.setattr(models, "get_embedder", lambda: _Fake())
    items = [("a", ["one", "three"]), ("b", []), ("c", ["seven"])]
    out = SentenceVectorsStage().process(items)
    assert calls == [["one", "three", "seven"]]
    assert [v[:, 0].tolist() for v in out] == [[3.0, 5.0], [], [5.0]]


def test_detect_grown_group_aligns_only_its_new_copy(seeds_dir, store: Store, settings: Settings,
                                                     tmp_path: Path, monkeypatch) -> None:
    """A copy group that grows by one report aligns that report; the copies it had keep
    their stored alignments, which equal a rebuild of the whole group."""
    from newsdesk.copies import links as links_module
    from newsdesk.copies.graph import Pair

    ingest([str(seeds_dir)], store, settings)
    dw_text = next(seeds_dir.glob("004_*.txt")).read_text("utf-8")
    sentences = split_sentences(dw_text)
    first = "\n".join([sentences[1], sentences[0], *sentences[2:]]).replace("London", "the capital")
    second = "\n".join(sentences[:-1]) + "\nRead more stories like this on our front page today."
    ingest([_write(tmp_path, "first_copy.txt", first)], store, settings)
    detect_copies(store)
    aligned: list[str] = []
    real_align = links_module.align
    monkeypatch.setattr(links_module, "align",
                        lambda a, b, **kw: aligned.append(a.texts[0]) or real_align(a, b, **kw))
    ingest([_write(tmp_path, "second_copy.txt", second)], store, settings)
    detect_copies(store)
    links = store.copy_links()
    group = {i for i, link in links.items() if link.copy_group == links[next(
        i for i in links if links[i].copy_of)].copy_group}
    assert len(group) == 3 and len(aligned) == 1  # the new copy alone
    pairs = [Pair.from_row(r) for r in store.copy_pairs(sorted(group))]
    rebuilt = links_module.group_links(store, group, pairs, None, fresh=group)
    assert {link.article_id: link for link in rebuilt} == {i: links[i] for i in group}




def _realnews_translation(shared_dir: Path, tmp_path: Path) -> tuple[str, str]:
    """An English wire excerpt and its Spanish translation (realnews baltimore, read in
    place; the labels link them), each as a one-line JSONL input."""
    corpus = shared_dir / "benchmarks" / "realnews" / "baltimore" / "articles.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent")
    rows = {}
    for line in corpus.read_text("utf-8").splitlines():
        item = json.loads(line)
        rows[item["id"]] = item
    pair = [rows[k] for k in ("b044", "b065")]
    assert pair[1].get("copy_of") == "b044"
    return tuple(_write(tmp_path, f"{r['id']}.jsonl", json.dumps(  # type: ignore[return-value]
        {"url": r["url"], "title": r.get("title") or "", "text": r["text"]}) + "\n") for r in pair)


@pytest.mark.parametrize("older_store", [False, True])
def test_detect_translation_search_reads_kept_languages(shared_dir: Path, store: Store,
                                                        settings: Settings, tmp_path: Path,
                                                        older_store: bool) -> None:
    """Each indexed text's language class is kept with its sketch, so the search for
    translations indexes the recent reports without reading their texts; a text an older
    release indexed (no class kept) is read for it once, with the same links."""
    import sqlalchemy as sa

    english, spanish = _realnews_translation(shared_dir, tmp_path)
    ingest([english], store, settings)
    detect_copies(store)
    assert [lang for _s, _a, lang in store.copy_languages(0, 10**9)] == ["en"]
    if older_store:
        with store.engine.begin() as conn:
            conn.execute(sa.text("update copy_sketches set language = null"))
    ingest([spanish], store, settings)
    summary = detect_copies(store)
    assert summary.pairs == {"translation": 1}
    # read once from the text where an older release kept none, and kept from then on
    assert [lang for _s, _a, lang in store.copy_languages(0, 10**9)] == ["en", "es"]


def test_detect_fill_languages_keeps_what_an_older_release_left_unread(
        seeds_dir, store: Store, settings: Settings) -> None:
    """Texts indexed before the language class was kept get it in one pass (the scale
    benchmark brings a kept store up to this code with it), and a second pass has
    nothing left to read."""
    import sqlalchemy as sa

    from newsdesk.copies.detect import fill_languages

    ingest([str(seeds_dir)], store, settings)
    detect_copies(store)
    kept = store.copy_languages(0, 10**9)
    assert [lang for _s, _a, lang in kept] == ["en", "en"]
    with store.engine.begin() as conn:
        conn.execute(sa.text("update copy_sketches set language = null"))
    assert fill_languages(store) == 2
    assert store.copy_languages(0, 10**9) == kept
    assert fill_languages(store) == 0


def test_detect_embedder_reads_a_batch_s_stored_vectors_in_one_query(
        seeds_dir, store: Store, settings: Settings, monkeypatch) -> None:
    """The documents of a batch's pairs get their stored sentence vectors from one read;
    a document the store holds none for is not asked about again; the batch's write
    forgets both (a long first run would otherwise hold every vector)."""
    from newsdesk.copies.detect import VECTOR_KIND, _Embedder, _NeedVectors
    from newsdesk.copies.verify import Doc

    ingest([str(seeds_dir)], store, settings)
    first, second = (Doc.from_article(a) for a in store.iter_articles())
    dim = 4
    vectors = np.ones((len(first.sentences), dim), dtype=np.float32)
    with store.transaction() as tx:
        tx.put_vector(first.article.id, VECTOR_KIND, "test", dim, vectors.tobytes())
    queries: list[list[str]] = []
    read = store.get_vectors
    monkeypatch.setattr(store, "get_vectors", lambda kind, ids: queries.append(list(ids)) or read(kind, ids))
    embed = _Embedder(store)
    embed.prefetch([first, second, first])
    assert len(queries) == 1 and sorted(queries[0]) == sorted([first.article.id, second.article.id])
    embed.deferring = True
    embed(first)  # read from what the prefetch found
    got = first.sentences.vectors
    assert got is not None and got.shape == (len(first.sentences), dim)
    with pytest.raises(_NeedVectors):
        embed(second)  # none stored: deferred to the batch's build, without a query
    assert len(queries) == 1
    with store.transaction() as tx:
        embed.flush(tx)
    third = Doc.from_article(second.article)
    assert not embed._cached(third) and len(queries) == 2  # asked again after the batch
