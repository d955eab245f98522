"""Assemble a story's brief from the store: summary, who said what, disputes,
timeline and sources with their copy lineage. Every item points to its sources."""

from __future__ import annotations

import dataclasses
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsdesk.annotate.canonical import report_spellings
from newsdesk.annotate.dates import month_day
from newsdesk.annotate.lexicon import STATEMENT_NOUNS
from newsdesk.brief.summary import (
    SourceSentence,
    SummaryLine,
    sentence_vectors,
    summarize,
    summarize_checked,
)
from newsdesk.clean.sentences import split_sentences
from newsdesk.records import Article, CopyLink, Finding, Story
from newsdesk.store import Store
from newsdesk.titles import title_from_text

BRIEF_VERSION = "brief-1"
# Pages ask for the same story again and again, so the last summaries are kept, keyed
# by everything they depend on.
_SUMMARY_CACHE: OrderedDict[tuple[Any, ...], list[SummaryLine]] = OrderedDict()
_SUMMARY_CACHE_SIZE = 256


@dataclass(slots=True)
class SourceEntry:
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    copy_of: str | None = None
    origin: str | None = None
    copy_group: str | None = None
    method: str | None = None
    duplicate_of: str | None = None
    headline: bool = True  # False: the report has none; ``title`` is its first words


@dataclass(slots=True)
class TimelineEntry:
    date: str
    text: str  # the date expression ("on Tuesday")
    article_id: str
    sentence: str | None = None  # what happened then: the sentence that dates it
    granularity: str = "day"  # day | week | month | year: how precise ``date`` is
    articles: list[str] = field(default_factory=list)  # every article with this sentence

    def when(self) -> str:
        """The date as precisely as it is known: 2025-03-04, week of 2025-03-03, 2025-03, 1987,
        or "9 September, year not stated" ("--09-09") when nothing gives the year."""
        if self.date.startswith("--"):
            day = date(2000, int(self.date[2:4]), int(self.date[5:7]))
            return f"{day.day} {day:%B}, year not stated"
        if self.granularity == "year":
            return self.date[:4]
        if self.granularity == "month":
            return self.date[:7]
        if self.granularity == "week":
            return f"week of {self.date}"
        return self.date


@dataclass(slots=True)
class StoryBrief:
    story: Story
    summary: list[SummaryLine]
    quotes: list[dict[str, Any]]
    disputes: list[Finding]
    corroborated: list[Finding]
    single_source: list[Finding]
    timeline: list[TimelineEntry]
    sources: list[SourceEntry]
    names: list[NameSpellings] = field(default_factory=list)
    version: str = BRIEF_VERSION
    notes: list[str] = field(default_factory=list)
    updates: list[Finding] = field(default_factory=list)  # figures that grew between reports

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _sentences(store: Store, article: Article) -> list[str]:
    stored = store.get_annotations(article.id, "sentences")
    if stored:
        return [str(s["text"]) for s in stored]
    return split_sentences(article.text)


def _group_of(links: dict[str, CopyLink], articles: list[Article]) -> dict[str, str]:
    out = {}
    for a in articles:
        link = links.get(a.id)
        out[a.id] = link.copy_group if link else (a.duplicate_of or a.id)
    return out


def _sources(links: dict[str, CopyLink], articles: list[Article]) -> list[SourceEntry]:
    entries = []
    for a in articles:
        link = links.get(a.id)
        entries.append(SourceEntry(
            article_id=a.id, outlet=a.outlet, published=a.published,
            title=a.title or title_from_text(a.text), url=a.url, headline=bool(a.title),
            copy_of=link.copy_of if link else a.duplicate_of,
            origin=link.origin if link else None,
            copy_group=link.copy_group if link else None,
            method=link.method if link else ("exact" if a.duplicate_of else None),
            duplicate_of=a.duplicate_of,
        ))
    entries.sort(key=lambda e: (e.published or "9999", e.outlet or ""))
    return entries


# A direct quote shorter than this is a quoted term ("credible", "aggressive war"), not a
# statement: it stays in the article's annotations and exports, not in who-said-what.
MIN_QUOTE_WORDS = 3
# Words that point to a speaker without naming one ("which said ...", "it said ...").
_PRONOUNS = frozenset({"which", "who", "that", "it", "its", "they", "he", "she", "we", "i",
                       "you", "this", "these", "those"})


def speaker_label(quote: dict[str, Any]) -> str:
    """The canonical speaker; else how the article describes them ("officials",
    "people familiar with the matter"); else "unattributed"."""
    if quote.get("speaker"):
        return str(quote["speaker"])
    if quote.get("speaker_description"):  # as the annotator described them, "he" included
        return str(quote["speaker_description"])
    described = " ".join(str(quote.get("speaker_text") or "").split())
    head = described.lower().split()[-1] if described else ""
    # "The statement (emphasizing)": words are not a speaker; whoever made them is unknown
    if described and described.lower() not in _PRONOUNS and not (
            head in STATEMENT_NOUNS or head.rstrip("s") in STATEMENT_NOUNS):
        return described
    return "unattributed"


def _quotes(store: Store, articles: list[Article]) -> list[dict[str, Any]]:
    """Who said what: one row per speaker and quote, however many copies carry it
    (``articles`` and ``outlets`` list them all); direct quotes first. A person is
    labelled as the report spells them ("Kanaani" in one report, "Kanani" in another:
    one entity, ``speaker`` its canonical name)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for a in sorted(articles, key=lambda x: x.published or "9999"):
        spelled = report_spellings(store.get_annotations(a.id, "mentions") or [])
        for q in store.get_annotations(a.id, "quotes") or []:
            if q.get("kind") == "direct" and len(str(q.get("text", "")).split()) < MIN_QUOTE_WORDS:
                continue
            key = (str(q.get("speaker") or ""), " ".join(str(q.get("text", "")).lower().split()))
            row = rows.get(key)
            if row is None:
                label = spelled.get(str(q.get("speaker_entity_id") or "")) or speaker_label(q)
                rows[key] = {**q, "article_id": a.id, "outlet": a.outlet, "published": a.published,
                             "articles": [a.id], "outlets": [a.outlet], "speaker_label": label}
            elif a.id not in row["articles"]:
                row["articles"].append(a.id)
                row["outlets"].append(a.outlet)
    # Direct quotes first; named speakers before described and unattributed ones.
    return sorted(rows.values(), key=lambda q: (q.get("kind") != "direct", not q.get("speaker"),
                                                 q["speaker_label"] == "unattributed",
                                                 q.get("speaker") or q["speaker_label"],
                                                 str(q.get("published") or "")))


@dataclass(slots=True)
class NameSpellings:
    """One person the story's reports spell in more than one way."""

    entity_id: str
    name: str  # the canonical name: the spelling most independent reports use
    spellings: dict[str, list[str]] = field(default_factory=dict)  # spelling -> article ids


def _names(store: Store, articles: list[Article]) -> list[NameSpellings]:
    """The people whose name the story's reports spell differently, with each spelling."""
    by_entity: dict[str, dict[str, list[str]]] = {}
    for a in articles:
        if a.duplicate_of:
            continue
        for eid, text in report_spellings(store.get_annotations(a.id, "mentions") or []).items():
            by_entity.setdefault(eid, {}).setdefault(text, []).append(a.id)
    varied = {eid: s for eid, s in by_entity.items()
              if len({t.casefold() for t in s if " " in t}) > 1}
    entities = {e.id: e for e in store.entities(sorted(varied))} if varied else {}
    return [NameSpellings(eid, entities[eid].name, varied[eid])
            for eid in sorted(varied, key=lambda k: entities[k].name if k in entities else k)
            if eid in entities]


def _dating_sentence(d: dict[str, Any], sentences: list[dict[str, Any]]) -> str | None:
    """The sentence a date mention sits in: by its sentence index, else its offset."""
    if d.get("sentence"):
        return str(d["sentence"])
    index = d.get("sentence_index")
    if index is not None and 0 <= int(index) < len(sentences):
        return str(sentences[int(index)]["text"])
    start = d.get("start")
    if start is not None:
        for s in sentences:
            if int(s.get("start", -1)) <= int(start) < int(s.get("end", -1)):
                return str(s["text"])
    return None


# Two dated sentences with at least this share of words in common say the same thing
# (a reprint, a rewrite, another outlet's wording): one timeline entry lists them all.
SAME_SENTENCE_JACCARD = 0.5
# Within one copy group (a report and its reprints or spun rewrites) a looser bar: a spun
# copy swaps many words ("killed 22 people" / "claimed 22 lives") of the same sentence.
SAME_GROUP_JACCARD = 0.3


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if len(w) > 2)


def _same_sentence(a: frozenset[str], b: frozenset[str], same_group: bool) -> bool:
    if a == b:
        return True
    union = len(a | b)
    bar = SAME_GROUP_JACCARD if same_group else SAME_SENTENCE_JACCARD
    return bool(union) and len(a & b) / union >= bar


def _timeline(store: Store, articles: list[Article],
              groups: dict[str, str] | None = None) -> list[TimelineEntry]:
    """Dated sentences in date order: each says what happened on its date. Sentences of
    one date that say the same thing (copies, rewrites) are one entry (``articles``)."""
    group_of = groups or {}
    by_date: dict[tuple[str, str], list[tuple[frozenset[str], TimelineEntry]]] = {}
    for a in sorted(articles, key=lambda x: x.published or "9999"):
        dates = []
        for d in store.get_annotations(a.id, "dates") or []:
            if not d.get("date") and not a.published:
                # no publication day to give the year: a calendar date still says when
                d = {**d, "date": month_day(str(d.get("text", ""))), "granularity": "day"}
            if d.get("date"):
                dates.append(d)
        if not dates:
            continue
        sentences = store.get_annotations(a.id, "sentences") or []
        for d in dates:
            sentence = _dating_sentence(d, sentences)
            granularity = str(d.get("granularity") or "day")
            words = _words(sentence or str(d.get("text", "")))
            bucket = by_date.setdefault((str(d["date"]), granularity), [])
            group = group_of.get(a.id, a.id)
            match = next((e for w, e in bucket if _same_sentence(
                w, words, group_of.get(e.article_id, e.article_id) == group)), None)
            if match is None:
                bucket.append((words, TimelineEntry(
                    date=str(d["date"]), text=str(d.get("text", "")), article_id=a.id,
                    sentence=sentence, granularity=granularity, articles=[a.id])))
            elif a.id not in match.articles:
                match.articles.append(a.id)
    entries = [e for bucket in by_date.values() for _, e in bucket]
    # A sentence dated to the day ("on Tuesday ... later this week") is not repeated
    # under its vaguer date.
    precise = {e.sentence for e in entries if e.granularity == "day"}
    kept = [e for e in entries if e.granularity == "day" or e.sentence not in precise]
    return sorted(kept, key=lambda e: (e.date, e.granularity != "day", -len(e.articles)))


def _introduced(links: dict[str, CopyLink]) -> frozenset[tuple[str, str]]:
    """(copy id, sentence) for what each copy added to its origin or changed in it: the
    copy's own words, which no independent report stands behind (the origin's wording
    of a changed sentence stays in the story)."""
    out: set[tuple[str, str]] = set()
    for aid, link in links.items():
        if not link.copy_of or not isinstance(link.alignment, dict):
            continue
        for row in link.alignment.get("added") or []:
            out.add((aid, str(row.get("text", ""))))
        for row in link.alignment.get("changed") or []:
            out.add((aid, str(row.get("copy_text", ""))))
    return frozenset(out)


def _summary(store: Store, articles: list[Article], groups: dict[str, str],
             max_lines: int, disputed: frozenset[tuple[str, str]],
             facts: tuple[frozenset[tuple[str, str]], ...] = (), checked: bool = False,
             introduced: frozenset[tuple[str, str]] = frozenset()) -> list[SummaryLine]:
    """``checked``: the story has cross-check findings, so the summary is built from its
    corroborated facts first (``summarize_checked``); else by centrality and support."""
    key = (store.url, tuple(a.id for a in articles), tuple(sorted(groups.items())), max_lines,
           disputed, facts, checked, introduced)
    if key in _SUMMARY_CACHE:
        _SUMMARY_CACHE.move_to_end(key)
        return _SUMMARY_CACHE[key]
    pool: list[SourceSentence] = []
    for a in articles:
        if a.duplicate_of or (a.lang or "en") != "en":  # exact copies add nothing
            continue
        for i, text in enumerate(_sentences(store, a)):
            pool.append(SourceSentence(a.id, i, text, groups[a.id], a.published, a.outlet))
    vectors = sentence_vectors([p.text for p in pool])
    if checked:
        lines = summarize_checked(pool, vectors, facts=facts, max_lines=max_lines,
                                  disputed=disputed, introduced=introduced)
    else:
        lines = summarize(pool, vectors, max_lines=max_lines, disputed=disputed, facts=facts)
    _SUMMARY_CACHE[key] = lines
    if len(_SUMMARY_CACHE) > _SUMMARY_CACHE_SIZE:
        _SUMMARY_CACHE.popitem(last=False)
    return lines


def build_brief(store: Store, story_id: str, *, max_lines: int = 5) -> StoryBrief:
    story = store.get_story(story_id)
    articles = store.get_articles(story.members)
    links = store.copy_links(story.members)
    groups = _group_of(links, articles)
    findings = store.findings(story.id)
    notes = []
    if not findings:
        notes.append("no cross-check findings are stored for this story yet")
    return StoryBrief(
        story=story,
        summary=_summary(store, articles, groups, max_lines, frozenset(
            (e.article_id, e.sentence) for f in findings if f.kind == "discrepancy" for e in f.evidence),
            tuple(frozenset((e.article_id, e.sentence) for e in f.evidence)
                  for f in findings if f.kind == "corroborated"),
            checked=bool(findings), introduced=_introduced(links)),
        quotes=_quotes(store, articles),
        disputes=[f for f in findings if f.kind == "discrepancy"],
        corroborated=[f for f in findings if f.kind == "corroborated"],
        single_source=[f for f in findings if f.kind == "single_source"],
        timeline=_timeline(store, articles, groups),
        sources=_sources(links, articles),
        names=_names(store, articles),
        notes=notes,
        updates=[f for f in findings if f.kind == "update"],
    )
