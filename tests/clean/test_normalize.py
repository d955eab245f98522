"""Unicode normalisation: one form for quotes, dashes and spaces; tidy lines."""

from __future__ import annotations

from pathlib import Path

from newsdesk.clean import normalize_text, text_fingerprint

SEED_000 = "000_2ab41c780635670f.txt"


def test_normalize_quotes_dashes_spaces() -> None:
    raw = ("\u201cRussia has now received shipments,\u201d Blinken said \u2014 "
           "Kanaani\u2019s reply\u00a0came\u2009later\u2026 \ufb01ne soft\u00adhyphen\u200b")
    assert normalize_text(raw) == (
        '"Russia has now received shipments," Blinken said - Kanaani\'s reply came later... '
        "fine softhyphen")


def test_normalize_lines_kept_blank_lines_and_controls_dropped() -> None:
    raw = "Title line\r\n\r\n\r\n  First   paragraph.\t\x07\n\n\nSecond\x00 paragraph.  \n"
    assert normalize_text(raw) == "Title line\nFirst paragraph.\nSecond paragraph."


def test_normalize_seed_is_stable(seeds_dir: Path) -> None:
    text = (seeds_dir / SEED_000).read_text("utf-8")
    once = normalize_text(text)
    assert normalize_text(once) == once  # idempotent
    assert "\u2019" not in once and "Russia's full-scale invasion" in once
    assert once.count("\n") == text.strip().count("\n")  # paragraphs stay one per line


def test_normalize_fingerprint_ignores_case_and_spacing() -> None:
    assert text_fingerprint("Blinken said\nthis.") == text_fingerprint("blinken  SAID this. ")
    assert text_fingerprint("Blinken said this.") != text_fingerprint("Blinken said that.")
