"""Story records from clustered members: title, key entities, span, independent sources."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsdesk.records import Article, ArticleMeta, CopyLink, Story, content_id
from newsdesk.stories.features import ArticleFeatures
from newsdesk.stories.text import publication_day
from newsdesk.titles import title_from_text

KEY_ENTITIES = 8
# A member dated more than this many days from every other dated member of its story
# (a scraper's repost stamped a year on, a page dated the day it was crawled) does not
# stretch the story's span: the span says when the event was reported. The same bound
# as the storylines' isolated days (storylines.link.ISOLATED_DAYS). Realnews baltimore:
# two reposts dated a year after the FBI's probe and the third body made those stories
# run "2024-04 – 2025-04" and put them first among the most recent.
STRAY_DAYS = 90


def story_id(first_member: str) -> str:
    """A story is named after its earliest member, so it keeps its id as it grows."""
    return content_id("story", first_member)


def copy_groups(links: dict[str, CopyLink]) -> dict[str, str]:
    """Article id -> its copy group, for every article a copy link names. An origin may
    have no row of its own: its copies' rows name its group. Built once per run: a
    story's count of independent sources looks its members up here."""
    group_of = {link.origin: link.copy_group for link in links.values()}
    group_of.update({aid: link.copy_group for aid, link in links.items()})
    return group_of


def independent_sources(members: Sequence[Article | ArticleMeta],
                        groups: dict[str, str]) -> int:
    """Distinct reports: each copy group once (``copy_groups``), else each distinct text."""
    return len({groups.get(a.id) or groups.get(a.duplicate_of or "") or a.duplicate_of or a.id
                for a in members})


def representative_title(feats: Sequence[ArticleFeatures],
                         headlines: dict[str, str | None] | None = None) -> str:
    """The best headline among the story's independent reports (``feats`` are the
    clustered members, copies left out): the one whose report's lead is closest to the
    story's mean lead. ``headlines``: each member's own headline, when known; a report
    without one has only its first sentence, used (in whole words) only when no report
    of the story has a headline."""
    with_headline = [f for f in feats if (headlines or {}).get(f.article_id)]
    titled = with_headline or [f for f in feats if f.title] or list(feats)
    if not titled:
        return ""
    leads = np.stack([f.lead for f in titled])
    centre = np.stack([f.lead for f in feats]).mean(axis=0)
    best = titled[int(np.argmax(leads @ centre))]
    if with_headline:
        return " ".join(str((headlines or {})[best.article_id]).split())
    return title_from_text(best.title) if best.title else ""


def key_entities(feats: Sequence[ArticleFeatures], limit: int = KEY_ENTITIES) -> list[str]:
    """Names most members mention (by members, then mentions), as first written."""
    members: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for f in feats:
        for key, (count, name, _label) in f.entities.items():
            members[key] += 1
            mentions[key] += count
            if len(name) > len(surface.get(key, "")):
                surface[key] = name
    ranked = sorted(members, key=lambda k: (-members[k], -mentions[k], k))
    return [surface[k] for k in ranked[:limit]]


def reported_dates(published: Sequence[str]) -> list[str]:
    """The members' dates that make a story's span, sorted: all but those more than
    STRAY_DAYS from every other dated member (all of them when none has a near one)."""
    dates = sorted(published)
    days = [publication_day(d) for d in dates]
    known = sorted(d for d in days if d is not None)
    if len(known) < 2:
        return dates

    def near_another(day: int | None) -> bool:
        if day is None:
            return True  # an unreadable date: kept as written
        # itself and at least one more within STRAY_DAYS
        return (bisect.bisect_right(known, day + STRAY_DAYS)
                - bisect.bisect_left(known, day - STRAY_DAYS)) >= 2

    kept = [d for d, day in zip(dates, days, strict=True) if near_another(day)]
    return kept or dates


def build_story(members: Sequence[Article | ArticleMeta], feats: Sequence[ArticleFeatures],
                groups: dict[str, str]) -> Story:
    """``members`` in arrival order; ``feats`` of the members that were clustered
    (copies and exact duplicates follow their origin and have none); ``groups``: every
    article's copy group (``copy_groups``)."""
    published = reported_dates([a.published for a in members if a.published])
    return Story(
        id=story_id(members[0].id),
        title=(representative_title(feats, {a.id: a.title for a in members})
               or members[0].title or "(untitled story)"),
        members=[a.id for a in members],
        independent_sources=independent_sources(members, groups),
        first_seen=published[0] if published else None,
        last_seen=published[-1] if published else None,
        entities=key_entities(feats),
    )
