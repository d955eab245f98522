"""detect_copies end to end on real LLM rewrites and real same-event reports: candidate
lookup (one content-word band) and the rewrite model together (read in place from
../shared/benchmarks; skipped without it)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.copies import detect_copies
from newsdesk.copies.text import eligibility
from newsdesk.store import Store, open_store

from .conftest import make_article
from .test_features import _ecb_text, _held_out

STYLES = ("adv_A", "adv_C")  # sensational and neutral restylings of the held-out file


@pytest.fixture(scope="module")
def detected(benchmarks_dir: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[Store, list[tuple[str, str]], list[str]]]:
    """A store with 10 SheepDog originals, their restylings and the reports of two
    held-out ECB+ sub-topics; detect_copies run once. Yields the store, the
    (restyling id, original id) pairs and the ECB+ ids."""
    sheepdog = benchmarks_dir / "sheepdog_politifact_restyled" / "test_original_vs_llm_restyled.jsonl"
    ecb = benchmarks_dir / "ecbplus" / "ECB+"
    if not (sheepdog.exists() and ecb.exists()):
        pytest.skip("SheepDog or ECB+ missing under ../shared/benchmarks")
    articles, pairs = [], []
    for k, line in enumerate(itertools.islice(sheepdog.open(encoding="utf-8"), 10)):
        item = json.loads(line)
        original = make_article(item["original"], outlet=f"orig{k}.example",
                                published="2024-01-01T00:00:00Z")
        if not eligibility(original.text, "en").ok:
            continue
        articles.append(original)
        for style in STYLES:
            text = item.get(style) or ""
            if isinstance(text, str) and eligibility(text, "en").ok:
                copy = make_article(text, outlet=f"{style}{k}.example",
                                    published="2024-01-02T00:00:00Z")
                articles.append(copy)
                pairs.append((copy.id, original.id))
    topics = sorted((p for p in ecb.iterdir() if p.is_dir() and _held_out(f"ECB+-{p.name}")),
                    key=lambda p: int(p.name))[:2]
    ecb_ids = []
    for topic in topics:
        for k, path in enumerate(sorted(topic.glob("*ecb*.xml"))):
            text = _ecb_text(path)
            if eligibility(text, "en").ok:
                article = make_article(text, outlet=f"ecb{topic.name}-{k}.example")
                articles.append(article)
                ecb_ids.append(article.id)
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('rewrites')}/r.db")
    with store.transaction() as tx:
        for article in articles:
            tx.put_article(article)
    summary = detect_copies(store)
    assert summary.meaning_candidates > 0  # restylings the word bands miss were looked up by meaning
    yield store, pairs, ecb_ids
    store.close()


def test_detect_rewrites_llm_restylings_are_found(detected) -> None:
    store, pairs, _ecb = detected
    found = {frozenset((p["article_id"], p["other_id"])) for p in store.copy_pairs()}
    linked = [frozenset(pair) in found for pair in pairs]
    assert len(pairs) >= 15
    # about 60% of held-out SheepDog restylings end linked in the benchmark (one content-
    # word band as candidate, the 32-feature model); 4 of these 16 were before both
    assert sum(linked) >= 0.4 * len(pairs), f"{sum(linked)} of {len(pairs)}"


def test_detect_rewrites_same_event_reports_stay_apart(detected) -> None:
    store, _pairs, ecb = detected
    topic = {i: store.get_articles([i])[0].outlet.split("-")[0] for i in ecb}
    compared = sum(topic[a] == topic[b] for a, b in itertools.combinations(ecb, 2))
    # Syndicated reprints of one agency story share a quarter of their word runs: copies
    # indeed (the benchmark sets them apart too). Any other link is a false one.
    false = [p for p in store.copy_pairs() if p["article_id"] in topic
             and p["other_id"] in topic and p["evidence"].get("shingle_containment", 1) < 0.25]
    assert compared >= 100
    # the benchmark links about 0.7% of held-out ECB+ same-event pairs
    assert len(false) <= 0.02 * compared, (len(false), compared)


def test_detect_rewrites_candidates_by_meaning_find_restylings_words_miss(
        detected, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same texts with the lookup by meaning switched off: fewer restylings linked."""
    import newsdesk.copies.semantic as semantic

    store, pairs, _ecb = detected
    words_only = open_store(f"sqlite:///{tmp_path}/words.db")
    try:
        with words_only.transaction() as tx:
            for article in store.iter_articles():
                tx.put_article(article)
        monkeypatch.setattr(semantic, "NEIGHBOURS", 0)
        detect_copies(words_only)

        def linked(s: Store) -> int:
            found = {frozenset((p["article_id"], p["other_id"])) for p in s.copy_pairs()}
            return sum(frozenset(pair) in found for pair in pairs)

        assert linked(store) > linked(words_only)
    finally:
        words_only.close()
