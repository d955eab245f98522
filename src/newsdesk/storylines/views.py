"""Read-side views of storylines for the CLI, the API, the web page and ``export``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.records import Story, Storyline
from newsdesk.store import Store


def storyline_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per storyline, for ``newsdesk export storylines``."""
    for line in store.storylines():
        yield {"id": line.id, "title": line.title, "stories": line.stories,
               "first_seen": line.first_seen, "last_seen": line.last_seen,
               "entities": line.entities}


@dataclass(slots=True)
class EventView:
    """One event (story) of a storyline with the outlets that reported it."""

    story: Story
    outlets: list[str]


@dataclass(slots=True)
class StorylineDetail:
    storyline: Storyline
    events: list[EventView]  # in time order (undated events last)


def storyline_detail(store: Store, storyline_id: str) -> StorylineDetail:
    line = store.get_storyline(storyline_id)  # full id or unique prefix
    stories = {s.id: s for s in store.stories(line.stories)}
    events = []
    for sid in line.stories:
        story = stories.get(sid)
        if story is None:  # a story merged away since the storylines were built
            continue
        outlets = sorted({a.outlet for a in store.get_articles(story.members) if a.outlet})
        events.append(EventView(story, outlets))
    return StorylineDetail(line, events)


def storyline_json(detail: StorylineDetail) -> dict[str, Any]:
    line = detail.storyline
    return {"id": line.id, "title": line.title, "first_seen": line.first_seen,
            "last_seen": line.last_seen, "entities": line.entities,
            "events": [{"story": e.story.id, "title": e.story.title,
                        "first_seen": e.story.first_seen, "last_seen": e.story.last_seen,
                        "articles": len(e.story.members),
                        "independent_sources": e.story.independent_sources,
                        "outlets": e.outlets} for e in detail.events]}
