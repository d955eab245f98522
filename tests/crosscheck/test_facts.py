"""Fact alignment: one statement per article in a fact, no chaining through a bridge."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from newsdesk.crosscheck.facts import align_facts


def _st(article: str, claims: bool = True) -> SimpleNamespace:
    return SimpleNamespace(article_id=article, claims=[{"x": 1}] if claims else [])


def _sims(n: int, pairs: dict[tuple[int, int], float]) -> np.ndarray:
    m = np.eye(n)
    for (i, j), v in pairs.items():
        m[i, j] = m[j, i] = v
    return m


def test_facts_do_not_chain_through_a_bridge_sentence():
    # 0 (A) ~ 2 (B) and 1 (A) ~ 2 (B): a long B sentence says both things; 0 and 1 are
    # different facts of article A, so they never end up together.
    statements = [_st("A"), _st("A"), _st("B"), _st("C")]
    sims = _sims(4, {(0, 2): 0.9, (1, 2): 0.8, (0, 3): 0.85, (2, 3): 0.86, (1, 3): 0.3})
    facts = align_facts(statements, sims, same_fact=0.72)
    assert sorted(facts) == [[0, 2, 3], [1]]


def test_facts_need_average_similarity_not_one_link():
    # 0-1 and 1-2 are close, 0-2 far apart: a chain; the third joins only if the mean holds.
    statements = [_st("A"), _st("B"), _st("C")]
    chain = _sims(3, {(0, 1): 0.9, (1, 2): 0.75, (0, 2): 0.2})
    assert sorted(align_facts(statements, chain, same_fact=0.72)) == [[0, 1], [2]]
    close = _sims(3, {(0, 1): 0.9, (1, 2): 0.75, (0, 2): 0.7})
    assert align_facts(statements, close, same_fact=0.72) == [[0, 1, 2]]


def test_facts_skip_statements_without_claims():
    statements = [_st("A"), _st("B", claims=False)]
    assert align_facts(statements, _sims(2, {(0, 1): 0.99}), same_fact=0.72) == [[0]]


def test_facts_a_disputed_statement_is_no_corroboration() -> None:
    """A conflict found inside a fact is never also its corroboration."""
    from newsdesk.crosscheck.run import _without_disputed
    from newsdesk.records import Evidence, Finding

    def finding(kind: str, ids: list[str], sentences: list[str]) -> Finding:
        return Finding(id=kind + "".join(ids), story_id="s",
                       kind=kind, type="other",  # type: ignore[arg-type]
                       articles=ids,
                       evidence=[Evidence(i, t, 0) for i, t in zip(ids, sentences, strict=True)],
                       summary=sentences[0], confidence=0.8, independent_sources=len(ids))

    said = ["Delta cancelled almost 7,000 flights.", "Delta cancelled nearly 7,000 flights.",
            "Delta cancelled 6,000 flights.", "Almost 7,000 Delta flights were cancelled."]
    fact = finding("corroborated", ["a", "b", "c", "d"], said)
    dispute = finding("discrepancy", ["a", "c"], [said[0], said[2]])
    out = _without_disputed([fact, dispute], {"a": "a", "b": "b", "c": "c", "d": "b"})
    kept = next(f for f in out if f.kind != "discrepancy")
    # b and d are one source (a copy): what is left is one source
    assert kept.kind == "single_source" and kept.independent_sources == 1
    out = _without_disputed([finding("corroborated", ["a", "b", "c", "d"], said), dispute],
                            {"a": "a", "b": "b", "c": "c", "d": "d"})
    kept = next(f for f in out if f.kind == "corroborated")
    assert kept.articles == ["b", "d"] and kept.independent_sources == 2
    # reports on one side of a dispute (the odd one second) are not set against each other
    merged = finding("discrepancy", ["a", "c", "b"], [said[0], said[2], said[1]])
    out = _without_disputed([finding("corroborated", ["a", "b", "d"], [said[0], said[1], said[3]]), merged],
                            {"a": "a", "b": "b", "c": "c", "d": "d"})
    kept = next(f for f in out if f.kind == "corroborated")
    assert kept.articles == ["a", "b", "d"]


# ------------------------------------------------------------ same claim, or a part of it

def _claim(text: str, subject: str = "", predicate: str = "", quantities: list | None = None,
           negated: bool = False) -> dict:
    return {"text": text, "subject": subject, "predicate": predicate,
            "quantities": quantities or [], "negated": negated}


def _fig(text: str, value: float, unit: str = "count", kind: str = "count", noun: str = "") -> dict:
    return {"text": text, "value": value, "unit": unit, "kind": kind, "original_unit": noun}


class _S(SimpleNamespace):
    def quantities(self) -> list:
        return [q for c in self.claims for q in c.get("quantities") or []]

    def speakers(self) -> set[str]:
        return set(self.credited)


def _state(text: str, claims: list[dict], mentions: list[dict] | None = None,
           credited: tuple[str, ...] = ()) -> _S:
    return _S(text=text, claims=claims, mentions=mentions or [], credited=credited)


def test_facts_different_figures_for_one_thing_are_not_one_fact() -> None:
    from newsdesk.crosscheck.facts import figures_conflict, may_be_one_fact
    seven = _state("Tarn Air cancelled almost 7,000 flights.", [_claim(
        "Tarn Air cancelled almost 7,000 flights", quantities=[_fig("7,000 flights", 7000, noun="flights")])])
    six = _state("Tarn Air cancelled about 6,000 flights.", [_claim(
        "Tarn Air cancelled about 6,000 flights", quantities=[_fig("6,000 flights", 6000, noun="flights")])])
    nearly = _state("Tarn Air cancelled nearly 7,000 flights.", [_claim(
        "Tarn Air cancelled nearly 7,000 flights", quantities=[_fig("7,000 flights", 7000, noun="flights")])])
    assert figures_conflict(seven, six) and not may_be_one_fact(seven, six)
    assert may_be_one_fact(seven, nearly)
    # "nearly ten hours" can be true of nine, but they are not one figure
    ten = _state("The outage lasted nearly 10 hours.", [_claim(
        "The outage lasted nearly 10 hours", quantities=[_fig("10 hours", 36000, "s", "duration")])])
    nine = _state("The outage lasted nine hours.", [_claim(
        "The outage lasted nine hours", quantities=[_fig("nine hours", 32400, "s", "duration")])])
    assert not may_be_one_fact(ten, nine)


def test_facts_different_acts_or_negation_are_not_one_fact() -> None:
    from newsdesk.crosscheck.facts import may_be_one_fact, speech_acts
    accused = _state("Kessland accused Morvania of escalating the conflict.", [_claim("x")])
    warned = _state("Kessland had warned Morvania that arming the rebels would be an escalation.",
                    [_claim("x")])
    said = _state("Kessland said Morvania was escalating the conflict.", [_claim("x")])
    assert speech_acts(accused.text) == {"accuse"} and speech_acts(said.text) == set()
    assert not may_be_one_fact(accused, warned)
    assert may_be_one_fact(accused, said)
    # announcing and confirming both state a thing as true
    assert may_be_one_fact(_state("Officials announced two bodies were found.", [_claim("x")]),
                           _state("Police confirmed two bodies were found.", [_claim("x")]))
    assert not may_be_one_fact(_state("The bridge reopened.", [_claim("x")]),
                               _state("The bridge has not reopened.", [_claim("x", negated=True)]))


def test_facts_quoted_words_are_corroborated_by_the_same_words() -> None:
    from newsdesk.crosscheck.facts import quotes_differ
    original = _state('"We cannot ignore the scale of this failure, which some call the worst in years," '
                      "the committee wrote.", [_claim("x")])
    reworded = _state('"We must not look past how grave this failure is, which some have named the '
                      'worst in years," the committee stated.', [_claim("x")])
    cut = _state('The committee wrote that "we cannot ignore the scale of this failure".', [_claim("x")])
    summed_up = _state("The committee criticised the company over the failure.", [_claim("x")])
    assert quotes_differ(original, reworded)
    assert not quotes_differ(original, cut)
    assert not quotes_differ(original, summed_up)


def test_facts_a_report_that_says_more_is_backed_in_part() -> None:
    from newsdesk.crosscheck.facts import backed_claims, extra_clause, part_text
    both = _state("Minister Brandt accused Morvania of the incursions and Brandt announced new patrols.", [
        _claim("Minister Brandt accused Morvania of the incursions and Brandt", "Minister Brandt", "accused"),
        _claim("announced new patrols", "Minister Brandt", "announced")],
        mentions=[{"text": "Brandt", "entity_id": "brandt", "label": "PERSON"}])
    patrols = _state("Brandt announced new patrols on the border in response.", [
        _claim("Brandt announced new patrols on the border in response", "Brandt", "announced")])
    assert backed_claims(both, [patrols]) == [1]
    assert part_text(both, [1]) == "announced new patrols"
    # a figure only one report gives is not backed by the other
    ranged = _state("The rockets reach around 120 kilometres and free Kessland's own arsenal.", [
        _claim("The rockets reach around 120 kilometres", "The rockets", "reach",
               [_fig("120 kilometres", 120000, "m", "distance")]),
        _claim("free Kessland's own arsenal for targets further away", "The rockets", "free")])
    plain = _state("The rockets free Kessland's arsenal for longer-range targets.", [
        _claim("The rockets free Kessland's arsenal for longer-range targets", "The rockets", "free")])
    assert backed_claims(ranged, [plain]) == [1]
    # a joined clause without a claim that the other report does not share
    probe = _state("The agency opened an inquiry into the collapse, while local officials confirmed "
                   "that a fourth victim had been found.",
                   [_claim("The agency opened an inquiry into the collapse")])
    other = _state("The agency is conducting an inquiry into the collapse of the bridge.", [_claim("x")])
    assert extra_clause(probe, [other])
    assert not extra_clause(other, [probe])


def test_facts_an_act_credited_to_someone_else_is_not_backed() -> None:
    from newsdesk.crosscheck.facts import backed_claims
    allies = _state("Kessland and its allies accused Morvania of threatening regional security.", [
        _claim("Kessland and its allies accused Morvania of threatening regional security",
               "Kessland and its allies", "accused")],
        mentions=[{"text": "Kessland", "entity_id": "kessland", "label": "GPE"}])
    quote = _state('"This threatens regional security," Brandt said.', [
        _claim("This threatens regional security", "This", "threatens")], credited=("Aurelia Brandt",))
    hearsay = _state("Morvania is said to be threatening regional security.", [
        _claim("Morvania is said to be threatening regional security", "Morvania", "is said")])
    assert backed_claims(allies, [quote]) == []
    assert backed_claims(allies, [hearsay]) == [0]


def test_facts_reported_content_leaves_out_the_frame_and_reads_capitals() -> None:
    from newsdesk.crosscheck.facts import reported_content
    assert reported_content("Minister Brandt also accused Moscow of arming the rebels.") == \
        "Russia of arming the rebels."
    assert reported_content("Russia is said to be arming the rebels.") == "Russia arming the rebels."
    quoted = '"The rebels are armed by Russia," Brandt said.'
    assert reported_content(quoted) == "The rebels are armed by Russia"
    assert reported_content("The rebels crossed the Tarn.") == "The rebels crossed the Tarn."


def test_one_report_story_is_checked_without_sentence_vectors(monkeypatch) -> None:
    # A fact holds one statement per report: a story of one report has only one-statement
    # facts, and the check embeds nothing for it (issue 16: these vectors were most of the
    # cross-check's model time). Fictional sentences, with frames of saying that the fact
    # alignment would otherwise embed without their frame.
    from newsdesk.crosscheck import similarity
    from newsdesk.crosscheck.run import crosscheck_statements
    from newsdesk.crosscheck.statements import Statement

    class NoModel:
        def embed(self, texts: list[str]) -> np.ndarray:
            raise AssertionError(f"embedded {texts}")

    monkeypatch.setattr(similarity, "get_embedder", lambda: NoModel())
    texts = ["Officials said the harbour bridge would reopen on Monday.",
             "The harbour bridge will reopen on Monday, the port authority said.",
             "The ferry company said it had added two evening crossings."]
    statements = [Statement("r1", "r1", k, t, "outlet.example", "2025-03-08",
                            claims=[{"predicate": "reopen" if k < 2 else "add"}])
                  for k, t in enumerate(texts)]
    findings = crosscheck_statements("story", statements)
    assert sorted((f.kind, f.evidence[0].sentence_index) for f in findings) == [
        ("single_source", 0), ("single_source", 1), ("single_source", 2)]


def test_facts_a_figure_two_reports_give_alike_ties_their_sentences() -> None:
    from newsdesk.annotate.quantities import find_quantities
    from newsdesk.crosscheck.run import crosscheck_statements
    from newsdesk.crosscheck.statements import Statement

    def said(article: str, text: str) -> Statement:
        qs = [{"text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind,
               "original_unit": q.original_unit} for q in find_quantities(text)]
        return Statement(article, article, 2, text, f"{article}.example", "2031-05-10",
                         claims=[{"text": text.rstrip("."), "predicate": "said", "quantities": qs}])

    # worded apart (cosine .61), one figure with what it measures: one fact of two sources
    cap = said("a", "The owners asked the court to cap their liability at $43.7 million.")
    limit = said("b", "The petition seeks to limit the companies' liability to $43.7 million, the value "
                      "of the vessel after the crash.")
    found = [f for f in crosscheck_statements("s", [cap, limit]) if f.kind == "corroborated"]
    assert len(found) == 1 and {e.article_id for e in found[0].evidence} == {"a", "b"}
    pulled = said("a", "Commander Ilse Varga said rescuers had pulled 431 people from the water.")
    # the same number of something else, or a number in a name, ties nothing
    aboard = said("c", "The coastguard said 431 people had been aboard when it left Port Alder.")
    assert not [f for f in crosscheck_statements("s", [pulled, aboard]) if f.kind == "corroborated"]
    apps = [said("d", "Users of Microsoft 365 apps reported problems on Friday."),
            said("e", "Zentrix said its Office 365 apps were slow for some users.")]
    assert not [f for f in crosscheck_statements("s", apps) if f.kind == "corroborated"]
