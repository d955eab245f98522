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
    # At most half of one report's sentences find a partner in the other. Exactly half on a
    # CPU without VNNI, where the int8 MiniLM's vectors differ slightly (models/quantized.py).
    assert max(verdict.evidence["coverage"]) <= 0.5


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


def test_verify_write_through_keeps_lead_and_sentences_in_order(embed) -> None:
    from .test_passages import STORY

    earlier = _doc("\n".join(STORY[0:10]), "wire.example")
    # The next version: the lead lightly reworded, four new paragraphs, two of the
    # earlier ones kept with a word changed, in their order.
    later = _doc("\n".join([
        "Crews in the harbour town of Velmora started lifting the first steel sections of "
        "the fallen Aster footbridge on Monday, four days after a barge hit one of its piers.",
        "Investigators said on Tuesday they had recovered the barge's navigation log and "
        "would question its two crew members later in the week.",
        "The regional transport minister visited the quay and promised money for a "
        "temporary crossing before the summer.",
        STORY[4].replace("has not commented", "did not comment").replace("based upriver",
                                                                      "from upriver"),
        "Shops near the old market said takings had fallen sharply since the accident, "
        "and some have cut their opening hours.",
        STORY[7].replace("A first estimate", "An early estimate").replace("which the", "a sum the"),
        "Divers found a second crack in a neighbouring pier during an inspection on "
        "Tuesday afternoon, the harbour office said.",
        "The ferry between the quays will run until the new crossing opens.",
    ]), "station.example")
    verdict = verify(later, earlier, embed)
    assert verdict.method == "rewrite", verdict.evidence
    assert verdict.evidence["lead_match"] >= 0.9 and verdict.evidence["kept_in_order"] >= 3
    assert "rewrite_probability" not in verdict.evidence  # decided before the model


def test_verify_same_lead_alone_is_not_a_write_through(embed) -> None:
    from .test_passages import STORY

    # An independent report of the event opens with the same facts, then goes its own way.
    other = _doc("\n".join([
        "Crews in the harbour town of Velmora began lifting the first steel sections of the "
        "collapsed Aster footbridge on Monday, four days after a barge struck a pier.",
        "Fishermen on the quay watched in silence as the first girder swung over the water.",
        "Many of them have had to sail around the headland since the accident, adding an "
        "hour to every trip out to the fishing grounds.",
        "The harbour's cooperative said it would ask the council for compensation.",
        "A spokeswoman for the council said claims would be considered once the cost of the "
        "clean-up was known.",
        "Boat owners have formed a committee and hired a lawyer from the provincial capital.",
        "The lawyer said the barge's insurer should pay for the lost catches as well.",
        "Some families have fished from the harbour for five generations, and few of them "
        "believe the town will recover its trade before winter.",
    ]), "other.example")
    verdict = verify(other, _doc("\n".join(STORY[0:10]), "wire.example"), embed)
    assert verdict.evidence["lead_match"] >= 0.9 and verdict.evidence["kept_in_order"] < 3
    # The write-through rule passed it on: only the rewrite model decides it.
    assert "rewrite_probability" in verdict.evidence
