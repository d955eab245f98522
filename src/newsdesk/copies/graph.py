"""The copy graph: groups of one report, each group's origin, and who copies whom.

A group is a connected component of verified copy pairs. Its origin is the earliest
published member; among members with equal or missing dates, the one the others
derive from: not one whose byline credits another member's outlet, then the
one with the fewest promo lines (removed at ingest), then one with a publication date
over one without; arrival order breaks what is left.

Which of two texts has sentences the other lacks says nothing of who copied whom: a
summary or a cut copy lacks the origin's sentences as surely as a spun copy adds its
own. (Counting that share, averaged over each member's pairs, made realnews origins
worse: 2 of 5 crowdstrike groups right, 1 of 5 after a small change of the sentence
vectors, against 3 of 5 without it; baltimore 5 of 9 either way. A syndicated reprint
beat its origin because only the origin had a summary among its partners.)
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsdesk.records import Article


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    method: str
    score: float
    evidence: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Pair:
        return cls(row["article_id"], row["other_id"], row["method"], float(row["score"]),
                   dict(row["evidence"] or {}))


def components(pairs: Iterable[Pair]) -> list[set[str]]:
    """Connected components of the pair graph (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = defaultdict(set)
    for x in parent:
        groups[find(x)].add(x)
    return list(groups.values())


def _when(published: str | None) -> tuple[str, str | None] | None:
    """(day, time) of a published date; time is None for a date-only value
    (midnight UTC is how a bare date arrives), so it ties with any time that day."""
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return (published[:10], None)
    time = dt.strftime("%H:%M:%S")
    return (dt.strftime("%Y-%m-%d"), None if time == "00:00:00" else time)


def published_before(x: Article, y: Article) -> bool:
    """True when x was surely published before y (dates on both, and they differ)."""
    wx, wy = _when(x.published), _when(y.published)
    if wx is None or wy is None:
        return False
    if wx[0] != wy[0]:
        return wx[0] < wy[0]
    if wx[1] is None or wy[1] is None:
        return False
    return wx[1] < wy[1]


def _outlet_words(article: Article) -> set[str]:
    """Ways a byline may name the article's outlet: "Continental Press Service" ->
    {continental, press, service, cps}; "cps-wire.example" -> {cps, wire}."""
    names = [article.outlet or ""]
    if article.url:
        names.append(urlsplit(article.url).hostname or "")
    words: set[str] = set()
    for name in names:
        name = name.lower().removeprefix("www.")
        if "." in name and " " not in name:
            name = name.split(".")[0]
        parts = [w for w in re.split(r"[^a-z0-9]+", name) if w]
        words |= {w for w in parts if len(w) > 2}
        if len(parts) >= 2:
            words.add("".join(w[0] for w in parts))
    return words - {"the", "news", "daily", "times", "example"}


def credits(x: Article, members: list[Article]) -> bool:
    """True when x's byline names another member's outlet ("From CPS", author "CPS"):
    a reprint credits the report it reprints."""
    byline = " ".join(str(x.metadata.get(k) or "") for k in ("author", "byline", "source"))
    words = set(re.findall(r"[a-z0-9]+", byline.lower()))
    own = _outlet_words(x)
    return any((_outlet_words(y) - own) & words for y in members if y.id != x.id)


def choose_origin(members: list[Article], seq: dict[str, int]) -> Article:
    # Members that no other member was surely published before.
    earliest = [x for x in members if not any(published_before(y, x) for y in members)]
    # A page that shows its publication date before one that shows none: scrapers and
    # aggregators drop the date more often than the publisher's own page does, and the
    # arrival order, which decides what is left, would otherwise decide between them.
    return min(earliest, key=lambda x: (credits(x, members), len(x.removed_lines),
                                        _when(x.published) is None, seq.get(x.id, 0)))


def copy_tree(origin: str, pairs: list[Pair]) -> dict[str, Pair]:
    """For each member but the origin, the pair that links it to the member it copies:
    its best-scoring neighbour one step nearer to the origin (breadth-first)."""
    neighbours: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        neighbours[p.a].append(p)
        neighbours[p.b].append(p)
    depth = {origin: 0}
    queue = deque([origin])
    while queue:
        x = queue.popleft()
        for p in neighbours[x]:
            y = p.b if p.a == x else p.a
            if y not in depth:
                depth[y] = depth[x] + 1
                queue.append(y)
    parent: dict[str, Pair] = {}
    for x, d in depth.items():
        if d == 0:
            continue
        closer = [p for p in neighbours[x] if depth[p.b if p.a == x else p.a] == d - 1]
        parent[x] = max(closer, key=lambda p: (p.score, p.method == "exact"))
    return parent


def other(pair: Pair, x: str) -> str:
    return pair.b if pair.a == x else pair.a
