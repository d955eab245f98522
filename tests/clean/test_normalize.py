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


def test_normalize_nfc_keeps_fractions_and_superscripts() -> None:
    # NFKC would turn these into "31⁄2-mile" (read later as 2 miles) and "km2".
    assert normalize_text("a 3\u00bd-mile walk over 12 km\u00b2") == "a 3\u00bd-mile walk over 12 km\u00b2"
    assert normalize_text("Cafe\u0301") == "Caf\u00e9"  # composed (NFC)


def test_normalize_repairs_mojibake() -> None:
    # UTF-8 read as Windows-1252: the mayor’s “plan” — a common scraping accident.
    broken = "The mayor\u00e2\u20ac\u2122s \u00e2\u20ac\u0153plan\u00e2\u20ac\u009d was approved."
    assert normalize_text(broken) == "The mayor's \"plan\" was approved."
    assert normalize_text("Se\u00c3\u00b1or Mu\u00c3\u00b1oz") == "Se\u00f1or Mu\u00f1oz"
