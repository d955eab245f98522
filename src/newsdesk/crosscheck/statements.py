"""Statements: one per sentence of a story's articles, with what the annotator found in
it (claims, quotes, mentions, dates) and the independent source it belongs to.

The cross-check compares statements, never whole articles, and every finding points
back to the statements' sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.records import Article
from newsdesk.store import Store


@dataclass(slots=True)
class Statement:
    article_id: str
    group: str  # copy group: one independent source
    index: int  # sentence index in the article
    text: str
    outlet: str | None = None
    published: str | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)

    @property
    def negated(self) -> bool:
        return any(c.get("negated") for c in self.claims)

    @property
    def hedged(self) -> bool:
        return any(c.get("hedged") for c in self.claims)

    def quantities(self) -> list[dict[str, Any]]:
        seen: dict[tuple[str, float], dict[str, Any]] = {}
        for claim in self.claims:
            for q in claim.get("quantities") or []:
                seen.setdefault((str(q.get("text")), float(q.get("value") or 0)), q)
        return list(seen.values())

    def speakers(self) -> set[str]:
        """Canonical speakers of the statement's quotes and attributed claims."""
        found = {str(q.get("speaker_entity_id") or q.get("speaker")) for q in self.quotes
                 if q.get("speaker_entity_id") or q.get("speaker")}
        return found | {str(c["attributed_to"]) for c in self.claims if c.get("attributed_to")}

    def entity_ids(self, labels: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP")) -> set[str]:
        return {str(m["entity_id"]) for m in self.mentions
                if m.get("entity_id") and m.get("label") in labels}


def _sentence_of(sentences: list[dict[str, Any]], offset: int) -> int | None:
    for s in sentences:
        if int(s["start"]) <= offset < int(s["end"]):
            return int(s["index"])
    return None


def article_statements(store: Store, article: Article, group: str) -> list[Statement]:
    sentences = store.get_annotations(article.id, "sentences") or []
    out = {int(s["index"]): Statement(article.id, group, int(s["index"]), str(s["text"]),
                                      article.outlet, article.published)
           for s in sentences}
    for kind, attr in (("claims", "claims"), ("quotes", "quotes"), ("mentions", "mentions")):
        for row in store.get_annotations(article.id, kind) or []:
            index = row.get("sentence_index")
            if index is not None and int(index) in out:
                getattr(out[int(index)], attr).append(row)
    for row in store.get_annotations(article.id, "dates") or []:
        index = row.get("sentence_index")
        if index is None and row.get("start") is not None:
            index = _sentence_of(sentences, int(row["start"]))
        if index is not None and int(index) in out:
            out[int(index)].dates.append(row)
    # A page that repeats a sentence (a teaser above the body) states it once.
    seen: set[str] = set()
    unique = []
    for i in sorted(out):
        key = " ".join(out[i].text.split()).lower()
        if key not in seen:
            seen.add(key)
            unique.append(out[i])
    return unique


def story_statements(store: Store, article_ids: list[str],
                     group_of: dict[str, str]) -> list[Statement]:
    """Statements of the story's English, annotated articles (exact duplicates skipped:
    they repeat their original word for word)."""
    statements: list[Statement] = []
    for article in store.get_articles(article_ids):
        if article.duplicate_of or (article.lang or "en") != "en":
            continue
        statements.extend(article_statements(store, article, group_of.get(article.id, article.id)))
    return statements
