"""Cross-check on the two real seed reports (RFE/RL spun copy vs Deutsche Welle)."""

from __future__ import annotations

import pytest

from newsdesk.crosscheck import crosscheck_story
from newsdesk.records import Finding
from newsdesk.store import open_store


@pytest.fixture(scope="module")
def seed_findings(analysed_seeds: str) -> list[Finding]:
    with open_store(analysed_seeds) as store:
        return crosscheck_story(store, "seeds")


def _texts(findings: list[Finding], kind: str) -> list[str]:
    return [" || ".join(e.sentence for e in f.evidence) for f in findings if f.kind == kind]


@pytest.mark.parametrize("needle", [
    "sanctions",        # new US sanctions against Iran
    "received",         # Russia has received the missiles
    "reject",           # Iran's denial
    "visit",            # the joint visit to Ukraine later in the week
])
def test_seeds_corroborated_facts(seed_findings, needle: str) -> None:
    corroborated = _texts(seed_findings, "corroborated")
    assert any(needle in text.lower() or (needle == "reject" and "denied" in text.lower())
               for text in corroborated), (
        f"no corroborated fact about {needle!r}:\n" + "\n".join(corroborated))


@pytest.mark.parametrize("needle", ["German Foreign Ministry", "36-month-old"])
def test_seeds_single_source_statements(seed_findings, needle: str) -> None:
    assert not any(needle in t for t in _texts(seed_findings, "corroborated"))
    assert any(needle in t for t in _texts(seed_findings, "single_source"))


def test_seeds_kanani_is_not_two_people(seed_findings) -> None:
    for f in seed_findings:
        if f.kind == "discrepancy":
            assert "Kanani" not in f.summary and "Kanaani" not in f.summary, f.summary


def test_seeds_facts_are_separate_not_one_blob(seed_findings) -> None:
    corroborated = [f for f in seed_findings if f.kind == "corroborated"]
    # An article states a fact once: no fact chains several sentences of one article.
    for f in corroborated:
        articles = [e.article_id for e in f.evidence]
        assert len(articles) == len(set(articles)), f.summary
    # The sanctions and the missiles Russia received are two facts, not one.
    def fact_of(needle: str) -> set[str]:
        return {f.id for f in corroborated if any(needle in e.sentence.lower() for e in f.evidence)}
    assert fact_of("sanctions") and fact_of("received")
    assert not fact_of("sanctions") & fact_of("received")


def test_seeds_a_sentence_is_one_finding(seed_findings) -> None:
    """DW's page repeats its sanctions sentence; it is corroborated once (in the part
    the other report states) and is not also listed as a single-source statement."""
    corroborated = {e.sentence for f in seed_findings if f.kind == "corroborated" for e in f.evidence}
    single = {e.sentence for f in seed_findings if f.kind == "single_source" for e in f.evidence}
    assert any("announced new US sanctions" in s for s in corroborated)
    assert not any("expects allies" in s for s in single)
    assert not corroborated & single


def test_seeds_names_alone_do_not_make_one_fact(seed_findings) -> None:
    """Blinken accusing Moscow of sharing technology and Blinken saying the US had warned
    Iran share a speaker and countries, not a fact."""
    for f in seed_findings:
        if f.kind == "corroborated":
            text = " || ".join(e.sentence for e in f.evidence)
            assert not ("sharing technology" in text and "dramatic escalation" in text), text


def _corroborated_with(findings: list[Finding], needle: str) -> list[Finding]:
    return [f for f in findings if f.kind == "corroborated"
            and any(needle in e.sentence for e in f.evidence)]


def test_seeds_an_accusation_is_not_backed_by_a_warning_or_another_speaker(seed_findings) -> None:
    """RFE/RL: the US "and key European allies have accused Iran of dangerously
    escalating ..."; DW has Blinken's earlier warning and his own words on European
    security: neither says the allies accused Iran."""
    assert not _corroborated_with(seed_findings, "key European allies have accused")
    assert any("key European allies have accused" in t for t in _texts(seed_findings, "single_source"))


def test_seeds_the_sanctions_half_only_is_corroborated(seed_findings) -> None:
    """"Blinken and Lammy officially accused Iran ... and Blinken announced new sanctions":
    DW states the sanctions, not the accusation, so the fact is partly corroborated and
    its evidence is the sanctions part."""
    facts = [f for f in seed_findings if f.kind == "corroborated"
             and any("announced new sanctions against Tehran" in e.sentence for e in f.evidence)]
    assert len(facts) == 1 and facts[0].type == "partial"
    assert not any("accused Iran of the missile transfers" in e.sentence for e in facts[0].evidence)


def test_seeds_a_range_only_one_report_gives_is_not_corroborated(seed_findings) -> None:
    """DW's "maximum range of around 120 kilometres": RFE/RL states no range, so no
    corroborated evidence carries the figure."""
    for f in seed_findings:
        if f.kind == "corroborated":
            assert not any("120 kilometres" in e.sentence for e in f.evidence), f.summary


def test_seeds_the_technology_pair_is_one_fact(seed_findings) -> None:
    """RFE/RL: Blinken "accused Moscow of sharing technology sought by Tehran"; DW: Russia
    "is said to be passing on technology that Iran wants". One claim in two frames, with
    capitals for their governments."""
    facts = _corroborated_with(seed_findings, "sharing technology")
    assert len(facts) == 1
    assert any("passing on technology" in e.sentence for e in facts[0].evidence)
