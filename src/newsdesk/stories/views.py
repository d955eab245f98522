"""Read-side views of stories for the CLI, the API and ``export stories``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsdesk.errors import NotFoundError
from newsdesk.records import Article, CopyLink, Story
from newsdesk.store import Store


def story_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per story, for ``newsdesk export stories``."""
    for s in store.stories():
        yield {"id": s.id, "title": s.title, "articles": s.members,
               "independent_sources": s.independent_sources,
               "first_seen": s.first_seen, "last_seen": s.last_seen, "entities": s.entities}


@dataclass(slots=True)
class MemberView:
    article: Article
    copy_of: str | None  # the article this one copies (copy link or exact duplicate)
    copy_kind: str | None  # copy method, or "exact" for a stored duplicate


@dataclass(slots=True)
class StoryDetail:
    story: Story
    members: list[MemberView]


def find_story(store: Store, story_id: str) -> Story:
    """A story by full id or a unique prefix of at least 6 characters."""
    if len(story_id) < 6:
        raise NotFoundError(f"story id {story_id!r} is too short", "give 6+ characters")
    found = [s for s in store.stories() if s.id.startswith(story_id)]
    if not found:
        raise NotFoundError(f"no story {story_id!r}", "list stories with `newsdesk stories`")
    if len(found) > 1:
        raise NotFoundError(f"story id prefix {story_id!r} is ambiguous", "give more of it")
    return found[0]


def _copy_mark(article: Article, link: CopyLink | None) -> tuple[str | None, str | None]:
    if link and link.copy_of:
        return link.copy_of, link.method
    if article.duplicate_of:
        return article.duplicate_of, "exact"
    return None, None


def story_detail(store: Store, story_id: str) -> StoryDetail:
    story = find_story(store, story_id)
    links = store.copy_links()
    members = [MemberView(a, *_copy_mark(a, links.get(a.id)))
               for a in store.get_articles(story.members)]
    return StoryDetail(story, members)
