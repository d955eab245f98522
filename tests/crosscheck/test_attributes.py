from __future__ import annotations

from newsdesk.crosscheck.attributes import article_attributes, attribute_conflicts
from newsdesk.crosscheck.run import crosscheck_statements
from newsdesk.crosscheck.statements import Statement


def _s(article: str, text: str, lang: str = "en", published: str | None = "2025-03-08", index: int = 0,
       people: tuple[str, ...] = ()) -> Statement:
    s = Statement(article, article, index, text, "outlet.example", published, lang=lang)
    s.mentions.extend({"label": "PERSON", "text": p, "entity_id": None} for p in people)
    return s


def _conflicts(statements: list[Statement], story_of: dict[str, str], own: str) -> list[tuple[str, str, str]]:
    members = {a for a, s in story_of.items() if s == own}
    found = attribute_conflicts(members, statements, story_of)
    return [(a.article_id, b.article_id, summary) for a, b, summary in found]


def test_attributes_a_ship_length_misreported_across_stories_and_languages() -> None:
    line = [
        _s("a1", "The ferry Nordlicht, a 410-foot vessel, lost power off Almbrück."),
        _s("a2", "Investigators boarded the 410-foot ferry Nordlicht on Monday."),
        _s("a3", "Die 125 Meter lange Fähre Nordlicht lag im Hafen.", lang="de"),
        _s("b1", "The 401-foot Nordlicht was towed to the shipyard."),
        _s("b2", "Il traghetto di 122 metri Nordlicht è stato rimorchiato.", lang="it"),
    ]
    story_of = {"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2", "b2": "s2"}
    assert _conflicts(line, story_of, "s1") == []  # the majority's story says nothing
    found = _conflicts(line, story_of, "s2")
    assert {(x, y) for x, y, _ in found} == {("b1", "a1"), ("b2", "a1")}
    assert "410-foot vs 401-foot" in found[0][2] and "another event" in found[0][2]


def test_attributes_ages_and_crews_across_stories() -> None:
    line = [
        _s("a1", "Rescuers named him as Tomas Eriksson Berg, 41, a welder."),
        _s("a2", "Relatives of 41-year-old Tomas Berg gathered at the harbour."),
        _s("b1", "The body of 44-year-old Tomas Eriksson Berg was found on Friday."),
        _s("a3", "The Nordlicht and its 18-member crew stayed aboard."),
        _s("a4", "All 18 crew members of the Nordlicht were safe."),
        _s("b2", "Police questioned the 19-member crew of the Nordlicht."),
    ]
    story_of = {"a1": "s1", "a2": "s1", "a3": "s1", "a4": "s1", "b1": "s2", "b2": "s2"}
    found = _conflicts(line, story_of, "s2")
    assert {(x, y) for x, y, _ in found} == {("b1", "a1"), ("b2", "a3")}
    assert any("age of" in s and "44-year-old" in s for _, _, s in found)


def test_attributes_not_a_dispute() -> None:
    line = [
        # a conversion and a rounding agree; far-apart measures are two things; bounds are no figure
        _s("a1", "The Nordlicht, a 410-foot ferry, sank."),
        _s("a2", "Die Fähre Nordlicht ist 125 Meter lang.", lang="de"),
        _s("a3", "The 411-foot Nordlicht sank near the 2,000-foot pier."),
        _s("b1", "Divers searched 60 feet of water around the Nordlicht."),
        _s("b2", "The Nordlicht, more than 400 feet long, sank."),
        # another family member; reports a year apart
        _s("a4", "Tomas Berg, 41, was missing.", published="2024-03-01"),
        _s("b3", "His son, Erik Berg, 12, was safe.", published="2024-03-01"),
        _s("b4", "A year on, 42-year-old Tomas Berg spoke to us.", published="2025-03-20"),
        # a part of the crew is no crew size
        _s("b5", "Two of the 18 crew members of the Nordlicht were injured."),
    ]
    story_of = {s.article_id: "s1" if s.article_id.startswith("a") else "s2" for s in line}
    assert _conflicts(line, story_of, "s2") == []
    assert _conflicts(line, story_of, "s1") == []


def test_attributes_children_of_someone_named_before() -> None:
    statements = [_s("a1", "Police named the man as Tomas Berg.", index=0, people=("Tomas Berg",)),
                  _s("a1", "He was a father of three and a keen sailor.", index=1)]
    (x,) = [a for a in article_attributes(statements) if a.kind == "children"]
    assert (x.value, x.label) == (3, "Tomas Berg")


def test_attributes_the_aged_one_is_who_the_storyline_gives_that_age() -> None:
    line = [
        _s("a1", "The body of 41-year-old Tomas Eriksson Berg, a father of two, was found."),
        _s("b1", "Police named the victim as Tomas Berg.", index=0),
        _s("b1", "The 41-year-old came to Almbrück in 2010 and was a father of three.", index=1),
        _s("c1", "The 41-year-old was a father of three, said a friend of Anna Lind."),  # names no Berg
    ]
    found = _conflicts(line, {"a1": "s1", "b1": "s1", "c1": "s1"}, "s1")
    assert [(x, y) for x, y, _ in found] in ([("a1", "b1")], [("b1", "a1")])
    assert "children of Tomas Eriksson Berg" in found[0][2]


def _copy(article: str, origin: str, text: str, index: int = 0) -> Statement:
    s = _s(article, text, index=index)
    s.group = origin  # copies count as their origin's source
    return s


def test_attributes_a_copy_that_changes_its_origins_figure() -> None:
    # the copy repeats the origin's crew and adds a paragraph that sizes the same crew
    # otherwise, naming only the person quoted: the change is the copy's
    line = [
        _s("a1", "Four of the 18 crew members of the Nordlicht are still on board."),
        _copy("a2", "a1", "Four of the 18 crew members of the Nordlicht are still on board.", index=0),
        _copy("a2", "a1", "The chaplain, Jonas Weber, said 17 out of 19 crew members were from Almbrück.",
              index=5),
    ]
    found = _conflicts(line, {"a1": "s1", "a2": "s1"}, "s1")
    assert [(x, y) for x, y, _ in found] == [("a2", "a1")]
    # the chaplain's sentence is none of the origin's: the copy added it
    assert "18 crew vs 19 crew" in found[0][2] and "(added by a copy" in found[0][2]
    # the origin changed nothing, and a copy that keeps the figure is no finding
    same = [line[0], line[1]]
    assert _conflicts(same, {"a1": "s1", "a2": "s1"}, "s1") == []


def test_attributes_a_copy_that_garbles_its_origins_figure_changed_that_sentence() -> None:
    line = [
        _s("a1", "Four of the 18 crew members of the Nordlicht are still on board."),
        _copy("a2", "a1", "Four of the 19 crew members of the Nordlicht are still aboard."),
    ]
    found = _conflicts(line, {"a1": "s1", "a2": "s1"}, "s1")
    assert [(x, y) for x, y, _ in found] == [("a2", "a1")]
    assert "18 crew vs 19 crew" in found[0][2] and "(changed by a copy" in found[0][2]


def test_attributes_a_copys_change_stands_against_an_independent_report_of_the_origins_value() -> None:
    # a copy and its origin are one source: where another outlet gives the origin's
    # figure, the copy's figure is set against that outlet, and the summary says who changed it
    line = [
        _s("a1", "Four of the 18 crew members of the Nordlicht are still on board."),
        _copy("a2", "a1", "Four of the 18 crew members of the Nordlicht are still on board.", index=0),
        _copy("a2", "a1", "The chaplain, Jonas Weber, said 17 out of 19 crew members were from Almbrück.",
              index=5),
        _s("b1", "All 18 crew members of the Nordlicht were rescued.", published="2025-03-02"),
    ]
    found = _conflicts(line, {"a1": "s1", "a2": "s1", "b1": "s2"}, "s1")
    assert [(x, y) for x, y, _ in found] == [("a2", "b1")]
    assert "(added by a copy of a report that gives 18 crew" in found[0][2]
    assert found[0][2].endswith("(a report of another event of this storyline)")


def test_two_odd_reports_against_one_majority_report_are_two_findings() -> None:
    # 401 feet and 122 m are one wrong length, each set against the same 410-foot report:
    # two disputes with the odd report second, never the majority report shown as odd
    line = [
        _s("a1", "The ferry Nordlicht, a 410-foot vessel, lost power off Almbrück."),
        _s("a2", "Investigators boarded the 410-foot ferry Nordlicht on Monday."),
        _s("a3", "The Nordlicht, a 410-foot ferry, was towed away."),
        _s("b1", "The 401-foot Nordlicht was towed to the shipyard."),
        _s("b2", "Il traghetto di 122 metri Nordlicht è stato rimorchiato.", lang="it"),
    ]
    story_of = {a: "s1" for a in ("a1", "a2", "a3", "b1", "b2")}
    standing = attribute_conflicts(set(story_of), line, story_of)
    findings = crosscheck_statements("s1", [], None, standing)
    assert sorted(tuple(e.article_id for e in f.evidence) for f in findings) == [("a1", "b1"), ("a1", "b2")]
    assert all(f.summary.split(": ", 1)[1].startswith("410-foot vs") for f in findings)


def test_attributes_a_standing_fact_other_sources_give_alike_is_corroborated() -> None:
    from newsdesk.crosscheck.attributes import attribute_agreements

    line = [
        _s("a1", "The Nordlicht, a 410-foot ferry, lost power off Almbrück."),
        _s("a2", "Die 125 Meter lange Fähre Nordlicht lag im Hafen.", lang="de"),
        _s("b1", "Investigators boarded the 410-foot ferry Nordlicht on Monday."),
        _s("b2", "Il traghetto di 125 metri Nordlicht è stato rimorchiato.", lang="it"),
        _s("b3", "Rescuers named him as Tomas Berg, 41, a welder."),
        _s("b4", "Tugs pulled the 410-foot Nordlicht clear of the channel."),
        _s("c1", "The 41-year-old Tomas Berg was a father of two."),
    ]
    story_of = {"a1": "s1", "a2": "s1", "b1": "s2", "b2": "s2", "b3": "s2", "b4": "s2", "c1": "s3"}
    found = attribute_agreements({"b1", "b2", "b3", "b4"}, line, story_of)
    # one fact of the story (its two reports, the second joining the first), with the other
    # story's reports in two languages; the age, with the one other report that gives it
    by_summary: dict[str, set[str]] = {}
    for a, b, summary in found:
        by_summary.setdefault(summary, {a.article_id}).add(b.article_id)
    assert by_summary == {
        "size (Nordlicht): 410-foot, also given by other sources": {"b1", "b2", "b4", "a1"},  # three others
        "age of Tomas Berg: Tomas Berg, 41, also given by other sources": {"b3", "c1"},
    }
    # through the check: each fact one corroboration; its English sentences, which the
    # story's own alignment left single-source, are not single-source any more
    own = [s for s in line if story_of[s.article_id] == "s2"]
    for s in own:
        if s.lang == "en":
            s.claims.append({"text": s.text, "predicate": "said", "quantities": []})
    before = crosscheck_statements("s2", own, None, [])
    assert {f.evidence[0].article_id for f in before if f.kind == "single_source"} == {"b1", "b3", "b4"}
    findings = crosscheck_statements("s2", own, None, found)
    corroborated = [f for f in findings if f.kind == "corroborated"]
    assert len(corroborated) == 2 and all(f.independent_sources >= 2 for f in corroborated)
    assert not [f for f in findings if f.kind == "single_source"]


def test_attributes_a_disputed_or_lone_standing_fact_is_not_corroborated() -> None:
    from newsdesk.crosscheck.attributes import attribute_agreements

    line = [
        _s("a1", "The Nordlicht, a 410-foot ferry, lost power off Almbrück."),
        _s("b1", "Investigators boarded the 410-foot ferry Nordlicht on Monday."),
        _s("c1", "The 401-foot Nordlicht was towed to the shipyard."),
        _s("d1", "Police questioned the 19-member crew of the Nordlicht."),
    ]
    story_of = {"a1": "s1", "b1": "s2", "c1": "s3", "d1": "s4"}
    # 401 against 410: a dispute, which the conflicts report; no other report of the crew
    assert attribute_agreements({"b1", "d1"}, line, story_of) == []


def test_attributes_a_later_report_of_a_corroborated_standing_fact_leaves_the_story_as_it_was() -> None:
    from newsdesk.crosscheck.attributes import attribute_agreements

    line = [_s("a1", "Investigators boarded the 410-foot ferry Nordlicht on Monday.", published="2025-03-03")]
    line += [_s(f"b{k}", "The Nordlicht, a 410-foot ferry, was towed away.", published=f"2025-03-0{k}")
             for k in range(4, 8)]
    story_of = {s.article_id: ("s1" if s.article_id == "a1" else "s2") for s in line}
    before = attribute_agreements({"a1"}, line, story_of)
    assert [b.article_id for _a, b, _summary in before] == ["b4", "b5", "b6"]  # the first three
    later = _s("b9", "The 410-foot Nordlicht sailed again.", published="2025-03-09")
    after = attribute_agreements({"a1"}, [*line, later], {**story_of, "b9": "s2"})
    assert [(a.article_id, b.article_id, summary) for a, b, summary in after] == \
        [(a.article_id, b.article_id, summary) for a, b, summary in before]


def test_attributes_a_distance_from_a_place_is_no_size_of_it() -> None:
    from newsdesk.crosscheck.attributes import _dimension

    for text in ("The quake struck about 60 km south-west of Orvik.",
                 "El epicentro se ubicó a 60 kilómetros al suroeste de Orvik.",
                 "Das Beben ereignete sich 60 Kilometer südwestlich von Orvik."):
        at = text.index("60")
        assert _dimension(text, at, at + 5) == "distance", text
    text = "The Nordlicht, a 410-foot ferry, sailed from Port Alder."
    assert _dimension(text, text.index("410"), text.index("410") + 8) == "size"
    # a compass point after a comma places the thing measured: still its length
    text = "Le viaduc mesure 1,4 km de long, au nord d'Orvik."
    assert _dimension(text, text.index("1,4"), text.index("1,4") + 6) == "length"
