from __future__ import annotations

import subprocess
import sys

import numpy as np

from newsdesk.copies.text import (
    MIN_WORDS,
    content_words,
    eligibility,
    shingle_hashes,
    split_sentences,
    token_hashes,
    tokens,
)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return len(np.intersect1d(a, b)) / len(np.union1d(a, b))


def test_text_token_hashes_equal_tokens_equal_hashes() -> None:
    words = tokens("Blinken met Lammy. Lammy met Blinken in London; Blinken said so.")
    h = token_hashes(words)
    assert h.dtype == np.uint64 and h.size == len(words)
    for i, w in enumerate(words):
        for j, v in enumerate(words):
            assert (h[i] == h[j]) == (w == v)


def test_text_token_hashes_stable_across_processes() -> None:
    # The LSH index is persisted: a hash that changed between runs would break it.
    code = ("from newsdesk.copies.text import token_hashes, tokens;"
            "print([int(x) for x in token_hashes(tokens('Sanctions against Tehran über 2024'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONHASHSEED": "123"}).stdout.strip()
    here = [int(x) for x in token_hashes(tokens("Sanctions against Tehran über 2024"))]
    assert out == str(here)


def test_text_shingles_light_edit_keeps_most(seeds_dir) -> None:
    text = next(seeds_dir.glob("004_*.txt")).read_text("utf-8")
    words = tokens(text)
    edited = [w if i % 12 else "changed" for i, w in enumerate(words)]  # ~8% of words
    a, b = shingle_hashes(token_hashes(words)), shingle_hashes(token_hashes(edited))
    assert 0.4 < _jaccard(a, b) < 0.75  # the brief's 0.45-0.7 for 5-15% edits


def test_text_content_words_drop_stopwords_and_stem() -> None:
    assert content_words(tokens("The minister accused Iran and accuses Russia of it")) == [
        "minist", "accuse", "iran", "accuse", "russia"]


def test_text_split_sentences_keeps_paragraph_lines() -> None:
    text = 'He said "no." Then he left.\nA second paragraph without an end'
    assert split_sentences(text) == ['He said "no."', "Then he left.",
                                     "A second paragraph without an end"]


def test_text_eligibility_gives_reasons(seeds_dir) -> None:
    seed = next(seeds_dir.glob("000_*.txt")).read_text("utf-8")
    assert eligibility(seed, "en").ok
    headline = eligibility("US accuses Iran of supplying ballistic missiles to Russia", "en")
    assert not headline.ok and "too short" in (headline.reason or "")
    german = eligibility(seed, "de")
    assert not german.ok and "language" in (german.reason or "")
    promo = "\n".join(["Subscribe to our newsletter for the latest news and analysis today."] * 12)
    boiler = eligibility(promo, "en")
    assert not boiler.ok and "boilerplate" in (boiler.reason or "")
    assert len(tokens(seed)) >= MIN_WORDS
