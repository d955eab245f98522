"""Turn verified copy pairs into CopyLinks: group, origin, copy_of, alignment.

Only the groups touched by a run are rebuilt (a new member can change a group's origin,
so the whole group is looked at again; a copy whose link stands keeps its alignment).
Every new article gets a link row: a copy, an origin, a report with no copies (its own
group), or ``not_compared`` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from newsdesk.copies.align import Sentences, align
from newsdesk.copies.graph import Pair, choose_origin, components, copy_tree, other
from newsdesk.copies.passages import passage_text, shared_passages
from newsdesk.copies.translate import PAIR_COSINE, MultilingualVectors
from newsdesk.copies.verify import Doc
from newsdesk.records import CopyLink
from newsdesk.store import Store


def _component_pairs(store: Store, seeds: Iterable[str]) -> list[Pair]:
    """All pairs of the components that contain the seed articles."""
    seen: set[str] = set()
    frontier = set(seeds)
    found: dict[tuple[str, str], Pair] = {}
    while frontier:
        seen |= frontier
        nxt: set[str] = set()
        for row in store.copy_pairs(ids=sorted(frontier)):
            pair = Pair.from_row(row)
            found[(pair.a, pair.b)] = pair
            nxt |= {pair.a, pair.b}
        frontier = nxt - seen
    return list(found.values())


def group_links(store: Store, members: set[str], pairs: list[Pair],
                embed: Callable[[Doc], None] | None,
                fresh: set[str] | frozenset[str] = frozenset()) -> list[CopyLink]:
    """Links of one copy group, each copy aligned against the group's origin. A copy
    whose stored link already says all this one would (same origin, parent, method,
    score and evidence), with neither text new in this run (``fresh``: the articles
    indexed now, a revised text among them), keeps its stored alignment: a group that
    grew by one report aligns that report, not every copy again (issue 16)."""
    articles = store.get_articles(sorted(members))
    seq = store.article_seqs([a.id for a in articles])
    origin = choose_origin(articles, seq)
    parent = copy_tree(origin.id, pairs)
    stored = (store.copy_links(sorted(members - fresh - {origin.id}))
              if origin.id not in fresh else {})
    # Only sentences are needed here, not hash sets: skip sketching.
    empty = np.zeros(0, dtype=np.uint64)
    docs = {a.id: Doc(a, empty, empty) for a in articles}
    links = [CopyLink(origin.id, None, origin.id, origin.id, "origin", 1.0, {})]
    multilingual = MultilingualVectors()  # for this group's translations only
    for article in articles:
        if article.id == origin.id:
            continue
        link = parent[article.id]
        copy, source = docs[article.id], docs[origin.id]
        # A copy in another language than its origin is a translation, whatever linked
        # it (a German copy may hang on another German copy of an English original).
        method = "translation" if copy.language != source.language else link.method
        kept = stored.get(article.id)
        if kept is not None and (kept.copy_of, kept.origin, kept.copy_group, kept.method,
                                 kept.score, kept.alignment.get("evidence")) == (
                other(link, article.id), origin.id, origin.id, method, link.score,
                link.evidence):
            links.append(kept)
            continue
        if embed is not None and link.method == "rewrite" and copy.language == source.language == "en":
            embed(copy)
            embed(source)
        if copy.language != source.language:  # aligned across languages
            alignment = _translation_alignment(copy, source, multilingual)
        else:
            alignment = align(copy.sentences, source.sentences)
            alignment["passages"] = _passages(copy, source)
        alignment["evidence"] = link.evidence
        links.append(CopyLink(article.id, other(link, article.id), origin.id, origin.id,
                              method, link.score, alignment))
    return links


MAX_PASSAGES = 20  # shown per copy


def _passages(copy: Doc, origin: Doc) -> list[dict[str, object]]:
    """The passages the copy shares with its origin, in the copy's order, each with its
    text on both sides (the same words; the surrounding punctuation may differ)."""
    shared = shared_passages(copy.words, origin.words)
    out: list[dict[str, object]] = []
    for p in shared.passages[:MAX_PASSAGES]:
        out.append({"copy": p.a, "origin": p.b, "words": p.size, "outside_quotes": p.own,
                    "copy_text": passage_text(copy.article.text, copy.words, p.a, p.size),
                    "origin_text": passage_text(origin.article.text, origin.words, p.b, p.size)})
    return out


def _translation_alignment(copy: Doc, origin: Doc, vectors: MultilingualVectors
                           ) -> dict[str, object]:
    """A translation aligned sentence by sentence with the multilingual model (fresh
    sentence objects: the origin's own may carry English vectors for another copy)."""
    sc = Sentences.from_text(copy.article.text)
    so = Sentences.from_text(origin.article.text)
    sc.vectors = vectors(copy.article.id, sc)
    so.vectors = vectors(origin.article.id, so)
    out = align(sc, so, embed_match=PAIR_COSINE)
    out["translation"] = True
    out["passages"] = []
    return out


def write_links(store: Store, touched: set[str], new_ids: list[str],
                not_compared: dict[str, str], embed: Callable[[Doc], None] | None) -> int:
    """Rebuild the touched groups and give each of ``new_ids`` outside them its own
    link (a report with no copies, or not compared); return the number of groups.
    ``new_ids``: the articles indexed in this run (their texts are new here)."""
    pairs = _component_pairs(store, touched)
    groups = components(pairs)
    links: list[CopyLink] = []
    in_group: set[str] = set()
    group_of = {x: k for k, members in enumerate(groups) for x in members}
    pairs_of: dict[int, list[Pair]] = {}
    for p in pairs:
        pairs_of.setdefault(group_of[p.a], []).append(p)
    for k, members in enumerate(groups):
        links.extend(group_links(store, members, pairs_of.get(k, []), embed, set(new_ids)))
        in_group |= members
    for article_id in new_ids:
        if article_id in in_group:
            continue
        reason = not_compared.get(article_id)
        if reason:
            links.append(CopyLink(article_id, None, article_id, article_id, "not_compared", 0.0,
                                  {"not_compared": reason}))
        else:
            links.append(CopyLink(article_id, None, article_id, article_id, "origin", 1.0, {}))
    with store.transaction() as tx:
        tx.put_copy_links(links)
        flush = getattr(embed, "flush", None)
        if flush is not None:
            flush(tx)
    return len(groups)
