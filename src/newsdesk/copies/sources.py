"""Independent sources: a copy group counts once wherever sources are counted.

The stories and cross-check stages call these with the links from
``store.copy_links()`` (or ``store.copy_links(ids)``). An article without a link (not
yet run through copy detection) counts as its own source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsdesk.records import CopyLink


def source_groups(article_ids: Iterable[str],
                  links: Mapping[str, CopyLink]) -> dict[str, list[str]]:
    """Articles grouped by the report they carry: copy group id -> member ids (in the
    order given). The group id is the group's origin article."""
    groups: dict[str, list[str]] = {}
    for article_id in article_ids:
        link = links.get(article_id)
        key = link.copy_group if link is not None else article_id
        members = groups.setdefault(key, [])
        if article_id not in members:
            members.append(article_id)
    return groups


def independent_sources(article_ids: Iterable[str], links: Mapping[str, CopyLink]) -> int:
    """How many independent reports the articles are: copies of one report count once."""
    return len(source_groups(article_ids, links))
