"""Boilerplate lines: promo, navigation, share/subscribe/cookie lines, and lines an
outlet repeats across its articles. Real sentences of the seeds must survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.clean import OutletBoilerplate, is_promo_line, normalize_text, split_boilerplate

SEEDS = ("000_2ab41c780635670f.txt", "004_646be30243472fb4.txt")


def test_boilerplate_seed_000_promo_lines_removed(seeds_dir: Path) -> None:
    text = normalize_text((seeds_dir / SEEDS[0]).read_text("utf-8"))
    clean, removed = split_boilerplate(text)
    assert removed == [
        "Live briefing: Russian invasion of Ukraine",
        "RFE/RL Live briefing brings you all the latest on Russia's full-scale invasion, "
        "Kiev's counter-offensive, Western military aid, the global response and civilian "
        "plight. For all RFE/RL coverage of the war in Ukraine, click here.",
    ]
    assert clean.split("\n") == [ln for ln in text.split("\n") if ln not in removed]


@pytest.mark.parametrize("seed", SEEDS)
def test_boilerplate_real_sentences_survive(seeds_dir: Path, seed: str) -> None:
    text = normalize_text((seeds_dir / seed).read_text("utf-8"))
    kept = [ln for ln in text.split("\n") if "click here" not in ln and "Live briefing" not in ln]
    assert not [ln for ln in kept if is_promo_line(ln)]


@pytest.mark.parametrize("line", [
    "Share on Facebook", "Share this article", "Share | Tweet | Email | Print",
    "Subscribe to our newsletter for daily updates.", "Sign up for our free daily newsletter",
    "Follow us on social media.", "Follow us on Twitter for breaking news",
    "We use cookies to improve your experience.", "Accept all cookies",
    "Read more: Who owns the power companies?", "Related stories: Iran sanctions",
    "Advertisement", "Skip to main content", "Photo: AFP", "© 2024 Deutsche Welle",
    "Download our app for the latest news", "Live updates: Estmark floods",
    "For all our coverage of the disaster, click here.",
])
def test_boilerplate_promo_lines(line: str) -> None:
    assert is_promo_line(line)


@pytest.mark.parametrize("line", [
    "Blinken said the US had warned Iran that supplying such weapons would be an escalation.",
    "The ministry said it would share the findings with partners, according to a statement.",
    "Readers of the report were told the missiles could hit European soil.",
    "Photo evidence released by the ministry on Tuesday showed the launchers near the border.",
    "He told reporters to follow the money when asked about the sanctions.",
    "",
])
def test_boilerplate_news_sentences_kept(line: str) -> None:
    assert not is_promo_line(line)


def test_boilerplate_long_line_only_for_click_here() -> None:
    prose = "Officials said the sanctions would take effect at once. " * 10
    assert not is_promo_line("Share this: " + prose)
    assert is_promo_line(prose + "For all coverage, click here.")


def test_boilerplate_outlet_repeated_lines_learned() -> None:
    sign_off = "Reporting by the Berlin desk; editing by the night team"
    texts = [f"Story {i} first paragraph about the talks.\nSecond paragraph {i}.\n{sign_off}"
             for i in range(6)]
    texts.append("A story without the sign-off.\nIt has two lines.")
    learner = OutletBoilerplate(min_articles=3, min_share=0.3)
    repeated = learner.learn(texts)
    assert repeated == {sign_off.lower()}
    clean, removed = learner.strip(texts[0], repeated)
    assert removed == [sign_off] and "Story 0" in clean


def test_boilerplate_outlet_needs_enough_articles() -> None:
    line = "Our correspondent in London contributed."
    learner = OutletBoilerplate(min_articles=3, min_share=0.3)
    assert learner.learn([f"Story {i}.\n{line}" for i in range(2)]) == set()
    # Seen in 3 of 20 articles: below the 30% share.
    texts = [f"Story {i}." + (f"\n{line}" if i < 3 else "") for i in range(20)]
    assert learner.learn(texts) == set()
    # A long repeated paragraph is a copy, not boilerplate.
    paragraph = "Iran denied the accusations. " * 15
    assert learner.learn([f"Story {i}.\n{paragraph}" for i in range(5)]) == set()
