"""Statements: one per sentence of a story's articles, with what the annotator found in
it (claims, quotes, mentions, dates) and the independent source it belongs to.

The cross-check compares statements, never whole articles, and every finding points
back to the statements' sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newsdesk.crosscheck.periods import periodic, report_period
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
    lang: str = "en"
    # the reporting period of the article's results ("Q4 2024"; crosscheck.periods) and
    # whether it reports periodic results at all
    period: str | None = None
    periodic: bool = False
    # the organisation a sentence that names none refers to by a definite description
    # ("The airline grounded 900 flights" in a report about Delta), as the article most
    # often names it (``refers_to``)
    subject: str | None = None
    # the report's headline (its title, as the page's first line): a compressed line,
    # compared with no other report's sentences for disputes (crosscheck.run)
    headline: bool = False

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


# "The airline", "The Atlanta-based carrier", "the company's": a sentence's subject named
# by what it is, not who. Only nouns of organisations: "The outage" refers to no actor.
_DEFINITE_ORG = re.compile(
    r"^(?:The|the)\s+(?:[\w-]+\s+){0,2}(?:airline|carrier|company|firm|group|agency|ministry|"
    r"department|government|bank|insurer|lender|retailer|operator|manufacturer|maker|giant|"
    r"authority|regulator|utility|union|council|board|court|police|party|club|team|network|"
    r"broadcaster|publisher|startup|conglomerate|chain|provider|supplier)(?:'s|’s)?\b")


def refers_to(statements: list[Statement]) -> None:
    """Give each of one article's sentences that opens with a definite description of an
    organisation and names none the name the article most often gives an organisation
    (the first written of those, on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for s in statements:
        for m in s.mentions:
            if m.get("label") == "ORG" and m.get("text"):
                key = str(m["text"])
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, (s.index, int(m.get("start") or 0)))
    if not counts:
        return
    main = max(counts, key=lambda k: (counts[k], tuple(-x for x in first[k])))
    for s in statements:
        if _DEFINITE_ORG.match(s.text) and not s.entity_ids(("ORG",)):
            s.subject = main


def _sentence_of(sentences: list[dict[str, Any]], offset: int) -> int | None:
    for s in sentences:
        if int(s["start"]) <= offset < int(s["end"]):
            return int(s["index"])
    return None


# What a statement reads of its article's annotations.
STATEMENT_KINDS = ("sentences", "claims", "quotes", "mentions", "dates")
Annotations = dict[str, dict[str, tuple[str, list[Any]]]]  # kind -> article id -> (version, payload)


def read_annotations(store: Store, kinds: tuple[str, ...], ids: list[str]) -> Annotations:
    """The articles' annotations of these kinds, one query per kind and 500 articles (a
    story's check read them one article and kind at a time: 2,700 queries in a run of 100
    new reports at 20k)."""
    return {kind: store.annotations_of(kind, ids) for kind in kinds}


def _payload(read: Annotations, article_id: str, kind: str) -> list[Any]:
    found = read[kind].get(article_id)
    return found[1] if found else []


def _attach(rows: dict[int, Statement], sentences: list[Any], read: Annotations, article_id: str,
            kinds: tuple[str, ...]) -> None:
    """Each annotation of these kinds (claims, quotes, mentions, dates: the Statement
    fields of those names) to the statement of its sentence; a date without a sentence
    index is placed by its offset."""
    for kind in kinds:
        for row in _payload(read, article_id, kind):
            index = row.get("sentence_index")
            if index is None and kind == "dates" and row.get("start") is not None:
                index = _sentence_of(sentences, int(row["start"]))
            if index is not None and int(index) in rows:
                getattr(rows[int(index)], kind).append(row)


def _plain(text: str) -> str:
    """A sentence with its spacing and case evened out, to tell repeats."""
    return " ".join(text.split()).lower()


def article_statements(article: Article, group: str, read: Annotations) -> list[Statement]:
    """``read``: the article's annotations (``read_annotations``, with other articles')."""
    sentences = _payload(read, article.id, "sentences")
    period, is_periodic = report_period(article.text, article.published), periodic(article.text)
    out = {int(s["index"]): Statement(article.id, group, int(s["index"]), str(s["text"]),
                                      article.outlet, article.published, period=period, periodic=is_periodic)
           for s in sentences}
    _attach(out, sentences, read, article.id, ("claims", "quotes", "mentions", "dates"))
    for statement in out.values():
        quote_claim(statement)
    title = _plain(article.title or "").rstrip(".")
    first = next((out[i] for i in sorted(out) if _plain(out[i].text).rstrip(".") == title),
                 None) if title else None
    if first is not None:
        first.headline = True
    # A page that repeats a sentence (a teaser above the body) states it once.
    seen: set[str] = set()
    unique = []
    for i in sorted(out):
        key = _plain(out[i].text)
        if key not in seen:
            seen.add(key)
            unique.append(out[i])
    refers_to(unique)
    return unique


# Words in quotation marks: a quote of at least this many words is its speaker's claim
# (a sentence that only quotes someone carries it, ``quote_claim``; crosscheck.facts
# compares such quotes word for word).
QUOTE_WORDS = 6


def quote_claim(s: Statement) -> None:
    """Give a sentence that only quotes someone ("“We will not stop until everyone is
    found,” Varga said") the claim that the speaker said it: the annotator keeps claims
    only for clauses with a name, a figure or a date, so two reports of the same words
    were neither corroborated nor single-source."""
    if s.claims:
        return
    for q in s.quotes:
        speaker = q.get("speaker_entity_id") or q.get("speaker")
        words = len(str(q.get("text") or "").split())
        if q.get("kind") == "direct" and speaker and words >= QUOTE_WORDS:
            s.claims.append({"text": str(q["text"]), "subject": q.get("speaker"), "predicate": "said",
                             "object": None, "quantities": [], "dates": [], "negated": False,
                             "hedged": False, "attributed_to": str(speaker), "entities": []})
            return


def report_order(article: Article) -> tuple[bool, str, str]:
    """The order a check reads reports in: dated ones first, earliest first, then by id.
    Not the order they arrived in (a story's members), so that which sentence a finding
    shows where several tie, and which of two sentences is compared with which, do not
    depend on arrival: realnews baltimore analysed in four batches gave four stories
    other findings than in one run, over the very same stories and copies."""
    return (article.published is None, article.published or "", article.id)


def story_statements(store: Store, article_ids: list[str],
                     group_of: dict[str, str]) -> list[Statement]:
    """Statements of the story's English, annotated articles (exact duplicates skipped:
    they repeat their original word for word)."""
    articles = sorted((a for a in store.get_articles(article_ids)
                       if not a.duplicate_of and (a.lang or "en") == "en"), key=report_order)
    read = read_annotations(store, STATEMENT_KINDS, [a.id for a in articles])
    statements: list[Statement] = []
    for article in articles:
        statements.extend(article_statements(article, group_of.get(article.id, article.id), read))
    return statements


def storyline_statements(store: Store, story_id: str) -> tuple[list[Statement], dict[str, str]]:
    """Every sentence of the articles of the story's storyline (the story alone when it
    is in none), in every language, with the people and dates each names (no claims:
    only the standing-fact rules read these), and article id -> story id. Sentences are
    grouped by independent source across the whole storyline."""
    from newsdesk.copies import source_groups

    line = store.storyline_of([story_id]).get(story_id)
    stories = store.storylines([line])[0].stories if line else [story_id]
    story_of = {a: s for s, a in ((s, a) for s in stories for a in store.get_story(s).members)}
    links = store.copy_links(list(story_of))
    articles = sorted((a for a in store.get_articles(list(story_of)) if not a.duplicate_of),
                      key=report_order)
    group_of = {a.id: a.id for a in articles}
    for group, members in source_groups([a.id for a in articles], links).items():
        for member in members:
            group_of[member] = group
    read = read_annotations(store, ("sentences", "mentions", "dates"), [a.id for a in articles])
    out: list[Statement] = []
    for article in articles:
        sentences = _payload(read, article.id, "sentences")
        rows = {int(s["index"]): Statement(article.id, group_of[article.id], int(s["index"]), str(s["text"]),
                                           article.outlet, article.published, lang=article.lang or "en")
                for s in sentences}
        _attach(rows, sentences, read, article.id, ("mentions", "dates"))
        out.extend(rows[i] for i in sorted(rows))
    return out, story_of
