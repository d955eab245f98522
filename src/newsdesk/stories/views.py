"""Read-side views of stories for the CLI, the API and ``export stories``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


def _copy_mark(article: Article, link: CopyLink | None) -> tuple[str | None, str | None]:
    if link and link.copy_of:
        return link.copy_of, link.method
    if article.duplicate_of:
        return article.duplicate_of, "exact"
    return None, None


def story_detail(store: Store, story_id: str) -> StoryDetail:
    story = store.get_story(story_id)  # full id or unique prefix
    links = store.copy_links(story.members)
    members = [MemberView(a, *_copy_mark(a, links.get(a.id)))
               for a in store.get_articles(story.members)]
    return StoryDetail(story, members)
