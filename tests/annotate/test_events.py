"""Who did what to whom: PLOVER events with their roles."""

from __future__ import annotations

import pytest

from newsdesk.records import Article


def _events(text: str) -> list[tuple[str, str | None, str | None]]:
    from newsdesk.annotate.aliases import load_aliases
    from newsdesk.annotate.entities import EntityRegistry, annotate_entities
    from newsdesk.annotate.events import find_events
    from newsdesk.annotate.parse import parse_articles

    aliases = load_aliases(None)
    registry = EntityRegistry(aliases)
    article = Article(id="ev", document_id="d", source="test", text_hash="h", text=text,
                      published="2025-03-04T07:00:00Z", lang="en")
    [parsed] = parse_articles([article])
    ents = annotate_entities(parsed, aliases, registry)
    return [(e.type, e.source_actor, e.target_actor) for e in find_events(parsed, ents, registry, [])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Estmark accused Morvania of violating the border.", ("ACCUSE", "Estmark", "Morvania")),
    # The passive: the subject suffers the act, the "by" agent does it.
    ("Two protesters were arrested by police in Halvenport on Monday.",
     ("COERCE", "police", "Two protesters")),
])
def test_events_roles_follow_the_voice(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _events(text)
