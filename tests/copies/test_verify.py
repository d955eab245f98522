from __future__ import annotations

from newsdesk.copies.text import split_sentences
from newsdesk.copies.verify import Doc, verify

from .conftest import make_article


def _doc(text: str, outlet: str = "example.org") -> Doc:
    return Doc.from_article(make_article(text, outlet=outlet))


def _swap_words(sentence: str, every: int) -> str:
    words = sentence.split()
    return " ".join(w if i % every != every - 1 else "indeed" for i, w in enumerate(words))


def test_verify_seeds_are_independent_reports(seed_texts, embed) -> None:
    spun_rferl, dw = seed_texts
    verdict = verify(_doc(spun_rferl, "a.example"), _doc(dw, "b.example"), embed)
    assert verdict.method is None
    assert verdict.evidence["shingle_containment"] < 0.05


def test_verify_light_edit_is_near_duplicate(seed_texts, embed) -> None:
    dw = seed_texts[1]
    edited = "\n".join(_swap_words(line, 10) for line in dw.split("\n"))
    verdict = verify(_doc(edited, "copy.example"), _doc(dw), embed)
    assert verdict.method == "near_duplicate"
    assert verdict.score >= 0.5


def test_verify_reordered_reworded_copy_is_rewrite(seed_texts, embed) -> None:
    dw = seed_texts[1]
    sentences = split_sentences(dw)
    spun = "\n".join(_swap_words(s, 4) for s in reversed(sentences))
    spun += "\nFollow our channel for the latest updates on this developing story every day."
    verdict = verify(_doc(spun, "spin.example"), _doc(dw), embed)
    assert verdict.method == "rewrite"
    assert verdict.evidence["shingle_containment"] < 0.5


def test_verify_exact_text_is_exact(seed_texts) -> None:
    a, b = _doc(seed_texts[1], "a.example"), _doc(seed_texts[1], "b.example")
    assert verify(a, b, None).method == "exact"


def test_verify_seeds_stay_apart_even_when_embedded(seed_texts, embed, monkeypatch) -> None:
    # Force the embedding stage: the sentence alignment itself must keep them apart.
    monkeypatch.setattr("newsdesk.copies.verify.REWRITE_MIN_WORDS", 0.0)
    a, b = _doc(seed_texts[0], "a.example"), _doc(seed_texts[1], "b.example")
    verdict = verify(a, b, embed)
    assert verdict.method is None
    assert max(verdict.evidence["coverage"]) < 0.5


ORIGIN = """The city council approved a new budget of 40 million euros for road repairs on Tuesday.
Mayor Ilse Varga said the work would start in April and last two years.
Opposition councillors criticised the plan as too expensive for a small town.
Residents have complained about potholes on the main bridge for a decade."""

PARAPHRASE = """On Tuesday, municipal lawmakers backed a fresh 40 million euro spending plan to fix roads.
Construction is set to begin in April and run for two years, according to Mayor Ilse Varga.
Councillors from the opposition slammed the scheme as overly costly for such a small town.
For ten years, locals have grumbled about holes in the road on the main bridge."""


def test_verify_paraphrase_needs_embeddings(embed) -> None:
    copy, origin = _doc(PARAPHRASE, "spin.example"), _doc(ORIGIN)
    lexical = verify(copy, origin, None)
    assert lexical.method is None  # the words alone do not tell
    verdict = verify(copy, origin, embed)
    assert verdict.method == "rewrite"
    assert min(verdict.evidence["coverage"]) >= 0.75
