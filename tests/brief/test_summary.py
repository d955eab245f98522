"""The cited summary: corroborated facts first, single-source statements said in words."""

from __future__ import annotations

from newsdesk.brief.summary import SourceSentence, sentence_vectors, summarize_checked

# Two fictional independent reports (groups a and b) of one event, and a copy of a (a2).
_A = [
    "Floodwater forced the evacuation of 300 homes in Halvenport on Monday night.",
    "The river Aske rose two metres above its usual level within six hours.",
    "Mayor Tomas Reyl said the council would open three emergency shelters.",
    "The regional government then urged residents to return to the flooded homes at once.",
    "Local bakeries handed out free bread to volunteers along the harbour front.",
]
_B = [
    "About 300 homes in Halvenport were evacuated on Monday night as floodwater rose.",
    "The river Aske rose by two metres within six hours, officials said.",
    "Rescue crews from Saltmouth joined the evacuation of the harbour district.",
    "Mayor Tomas Reyl said three emergency shelters would open in the council halls.",
]


def _pool() -> list[SourceSentence]:
    return ([SourceSentence("a", i, t, "A", None, "Aske Post") for i, t in enumerate(_A)]
            + [SourceSentence("b", i, t, "B", None, "Harbour News") for i, t in enumerate(_B)])


def _facts() -> tuple[frozenset[tuple[str, str]], ...]:
    return (frozenset({("a", _A[0]), ("b", _B[0])}), frozenset({("a", _A[1]), ("b", _B[1])}))


def test_summary_corroborated_facts_come_first_and_single_sources_say_so() -> None:
    pool = _pool()
    lines = summarize_checked(pool, sentence_vectors([p.text for p in pool]), facts=_facts(),
                              max_lines=4)
    corroborated = [line for line in lines if line.corroborated]
    assert {line.text for line in corroborated} & {_A[0], _B[0]}
    assert {line.text for line in corroborated} & {_A[1], _B[1]}
    assert all(line.independent_sources == 2 for line in corroborated)
    single = [line for line in lines if not line.corroborated]
    assert single and all(line.only_in in (["Aske Post"], ["Harbour News"]) for line in single)
    # one line per fact, however the reports word it
    assert len(corroborated) == 2


def test_summary_never_takes_a_contradicted_or_copy_introduced_statement() -> None:
    pool = _pool()
    vectors = sentence_vectors([p.text for p in pool])
    shelters = frozenset({("a", _A[2]), ("b", _B[3])})
    lines = summarize_checked(pool, vectors, facts=_facts(), max_lines=5,
                              disputed=frozenset({("a", _A[2]), ("b", _B[3])}),
                              introduced=frozenset({("a", _A[3])}))
    texts = {line.text for line in lines}
    assert not texts & {text for _, text in shelters}
    assert _A[3] not in texts
