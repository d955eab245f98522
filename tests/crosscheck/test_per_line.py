"""A storyline's standing facts are read once per storyline read, not once per story."""

from __future__ import annotations

from typing import Any

import pytest

from newsdesk.crosscheck import attributes, sources
from newsdesk.crosscheck.attributes import attribute_conflicts
from newsdesk.crosscheck.per_line import PerLine
from newsdesk.crosscheck.sources import source_conflicts
from newsdesk.crosscheck.statements import Statement


def _line() -> tuple[list[Statement], dict[str, str]]:
    texts = {
        "a1": "The ferry Nordlicht, a 410-foot vessel, lost power off Almbrück.",
        "a2": "Norvale said on Saturday that some 8.5 million Zentrix devices had crashed.",
        "a3": "Norvale estimates that 8.5 million Zentrix devices failed on Friday.",
        "b1": "The 401-foot Nordlicht was towed to the shipyard.",
        "b2": "Orbitek said a large share of 8.5 million Zentrix devices crashed.",
        "c1": "Investigators boarded the 410-foot ferry Nordlicht on Monday.",
    }
    line = [Statement(a, a, 0, t, "outlet.example", "2025-03-08") for a, t in texts.items()]
    return line, {a: f"s{a[0]}" for a in texts}


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    fn = getattr(module, name)

    def counting(*args: Any) -> Any:
        calls.append(1)
        return fn(*args)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_standing_facts_are_read_once_for_all_stories_of_a_storyline(monkeypatch: pytest.MonkeyPatch) -> None:
    line, story_of = _line()
    # each story against a read of its own (new statement objects): the results to keep
    fresh_attrs = [attribute_conflicts({a for a, s in story_of.items() if s == sid}, _line()[0], story_of)
                   for sid in ("sa", "sb", "sc")]
    fresh_sources = [source_conflicts({a for a, s in story_of.items() if s == sid}, _line()[0], story_of)
                     for sid in ("sa", "sb", "sc")]
    article_calls = _counted(monkeypatch, attributes, "article_attributes")
    quantity_calls = _counted(monkeypatch, sources, "sentence_quantities")
    for i, sid in enumerate(("sa", "sb", "sc")):  # the schedule's order: one read, each story
        own = {a for a, s in story_of.items() if s == sid}
        assert attribute_conflicts(own, line, story_of) == fresh_attrs[i]
        assert source_conflicts(own, line, story_of) == fresh_sources[i]
    # one pass over the storyline's articles and sentences, not one per story (18 each before)
    assert len(article_calls) == len(line)
    assert len(quantity_calls) == len(line)
    assert [x for found in fresh_attrs for x in found] and [x for found in fresh_sources for x in found]


def test_per_line_keeps_the_value_only_for_the_same_statement_objects() -> None:
    line, _ = _line()
    seen: list[int] = []

    def count(statements: list[Statement]) -> int:
        seen.append(len(statements))
        return len(seen)

    memo = PerLine(count)
    assert memo(line) == 1 and memo(list(line)) == 1  # the same statements, another list
    copy = [Statement(s.article_id, s.group, s.index, s.text) for s in line]
    assert memo(copy) == 2  # equal-looking statements of another read: computed again
    assert memo(line[:-1]) == 3 and memo(line) == 4 and memo([]) == 5 and memo([]) == 5
