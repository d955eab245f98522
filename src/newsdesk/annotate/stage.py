"""The annotate stage: one spaCy pass per batch, then every annotator, then the store.

``annotate_store`` is the library entry point behind ``newsdesk annotate``: it runs
the stage through ``engine.LocalRunner`` over the articles not yet annotated with the
current ``VERSION`` (so a second run does nothing), and keeps canonical entities
across the store in one registry loaded from it.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from newsdesk.annotate.aliases import AliasTable, load_aliases
from newsdesk.annotate.canonical import canonicalise_store
from newsdesk.annotate.claims import find_claims
from newsdesk.annotate.dates import find_dates
from newsdesk.annotate.entities import EntityRegistry, annotate_entities
from newsdesk.annotate.events import find_events
from newsdesk.annotate.parse import (
    ParsedArticle,
    ParsePool,
    iter_parsed,
    iter_unpacked,
    load_parser,
    parse_packed,
    start_parse_worker,
)
from newsdesk.annotate.quotes import find_quotes
from newsdesk.config import Settings
from newsdesk.engine import LocalRunner, batched
from newsdesk.records import Article
from newsdesk.store import Store, Transaction

if TYPE_CHECKING:
    from newsdesk.engine.ray_runner import RayRunner

    Runner = LocalRunner | RayRunner

# 3: pronoun gender, signed and mixed-mark quotes; 4-5: speakers; 6: nested reports;
# 7: event roles (noun acts, "we", refusals), durations and ages are not dates;
# 8: speakers of split quotes, "he added" chains, appositions, joint speakers;
# 9: a refused speech act ("refused to deny") reports no words; 10: "instead
# emphasizing" is done by the clause it replaces; 11: described speakers, an
# organisation by its fullest name in the article, page stamps before a subject, quotes
# in single marks, the person asked answers, "emphasized X" reports X; 13: a photo
# credit glued to a name is cut off ("Name/Agency"), a dateline's place is no person;
# 14: nor an organisation, and "CITY, March 2 (Agency) -" is a dateline too; the army,
# the military... speak as described; "informed"; "X, minister blames Y" reports no X; a
# quote inside someone's reported words is theirs; 15: institutes speak as described, "the
# government" only as a government the report names, a dateline is no speaker and no
# reported words, the nearer of two subjects speaks, a short remark with its speaker
# named after it (other languages); 16: "a 60-day state of emergency" is a length, not
# a date (its figure is compared); 17: "the ministry" only as a ministry the report names;
# other languages: "called", "answered" are cues, a one-word remark with its speaker right
# after it counts, and a short one needs a named speaker (not the last one's); what someone
# is asked to say ("ask the agency to condemn ...") is no one's words
VERSION = "annotate-17"
KINDS = ("sentences", "mentions", "quotes", "claims", "events", "dates")
STATUS_KIND = "annotate_status"
TALLY_KIND = "entity_tally"  # what an article added to the registry (entities.ArticleEntities.tally)
# Below this many articles a second parse process costs more to start than it saves.
AUTO_PROCESSES_MIN_ARTICLES = 40


_FIELDS: dict[type, tuple[str, ...]] = {}  # record class -> its field names
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Records as JSON-ready values; ``dataclasses.asdict`` deep-copies, which cost a
    tenth of the annotation time, and ``dataclasses.fields`` per record another tenth."""
    cls = type(value)
    if cls in _LEAVES:
        return value
    names = _FIELDS.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(cls):
            if cls is list:
                return [_plain(v) for v in value]
            return value
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return {n: _plain(getattr(value, n)) for n in names}


def _dicts(items: Sequence[Any]) -> list[dict[str, Any]]:
    return [_plain(x) for x in items]


class AnnotateStage:
    """Per-article annotations; entities resolve through a shared registry."""

    name = "annotate"
    version = VERSION

    def __init__(self, aliases: AliasTable, registry: EntityRegistry, n_process: int = 1,
                 previous_tally: Callable[[str], list[dict[str, Any]]] | None = None) -> None:
        self.aliases = aliases
        self.registry = registry
        # An article annotated before: what it added to the registry, taken back first.
        self.previous_tally = previous_tally
        # Extra processes parse while this one annotates (call close() when done).
        self.pool = ParsePool(n_process) if n_process > 1 else None
        self.counts: Counter[str] = Counter()  # what save() wrote, for the caller's report
        self.saved: list[str] = []  # ids of the articles save() wrote
        self.failures: dict[str, str] = {}  # article id -> why an annotator failed on it

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def process(self, articles: Sequence[Article]) -> list[dict[str, Any]]:
        return self.annotate(iter_parsed(articles, self.pool))

    def annotate(self, parsed_articles: Iterable[ParsedArticle]) -> list[dict[str, Any]]:
        """Every annotator over parsed articles, in order (the registry is shared)."""
        results = []
        for parsed in parsed_articles:
            if self.previous_tally is not None:
                self.registry.withdraw(self.previous_tally(parsed.article.id))
            try:
                results.append(self._annotate_one(parsed))
            except Exception as exc:  # one article's fault must not stop the run
                results.append(self._failed(parsed, exc))
        return results

    def _annotate_one(self, parsed: ParsedArticle) -> dict[str, Any]:
        ents = annotate_entities(parsed, self.aliases, self.registry)
        try:
            dates = find_dates(parsed) if parsed.english else []
            quotes = find_quotes(parsed, ents, self.registry)
            claims = find_claims(parsed, ents, quotes, dates)
            events = find_events(parsed, ents, self.registry, dates, quotes)
        except Exception:
            # What the article added to the registry is taken back, so a failed article
            # counts for no spelling or gender vote of the entities it named.
            self.registry.withdraw(ents.tally())
            raise
        lang = parsed.article.lang
        return {
            TALLY_KIND: ents.tally(),
            "sentences": _dicts(parsed.sentences),
            "mentions": _dicts(ents.mentions),
            "quotes": _dicts(quotes),
            "claims": _dicts(claims),
            "events": _dicts(events),
            "dates": _dicts(dates),
            STATUS_KIND: [{"analysed": parsed.english, "lang": lang,
                           "reason": None if parsed.english
                           else f"language {lang!r} is not parsed (English only); "
                                     "only its quotes are read"}],
            "entity_counts": dict(Counter(m.entity_id for m in ents.mentions if m.entity_id)),
        }

    def _failed(self, parsed: ParsedArticle, exc: Exception) -> dict[str, Any]:
        """An article an annotator failed on: stored as not analysed, with the reason,
        so the run goes on, later stages read it as an article with no annotations, and
        a re-run does not try it again (``annotate --force`` does, after a fix)."""
        reason = (f"annotation failed ({type(exc).__name__}: {exc}); the article is kept "
                  "unannotated, `newsdesk annotate --force` reads it again")
        self.failures[parsed.article.id] = reason
        return {**{kind: [] for kind in (*KINDS, TALLY_KIND)}, "entity_counts": {},
                STATUS_KIND: [{"analysed": False, "lang": parsed.article.lang,
                               "failed": True, "reason": reason}]}

    def save(self, tx: Transaction, articles: Sequence[Article], results: list[Any]) -> None:
        for article, result in zip(articles, results, strict=True):
            for kind in (*KINDS, STATUS_KIND, TALLY_KIND):
                tx.put_annotations(article.id, kind, VERSION, result[kind])
            tx.set_article_entities(article.id, result["entity_counts"])
            self.counts.update({kind: len(result[kind]) for kind in KINDS})
            self.counts["articles"] += 1
            self.saved.append(article.id)
            self.counts["not_analysed"] += not result[STATUS_KIND][0]["analysed"]
            self.counts["failed"] += bool(result[STATUS_KIND][0].get("failed"))
        # A member of a story annotated again: that story's check reads it anew.
        tx.mark_checks_of_articles([a.id for a in articles])
        dirty = [self.registry.entities[i] for i in sorted(self.registry.dirty)]
        tx.put_entities(dirty)
        self.registry.dirty.clear()


class ParseThenAnnotate:
    """The annotate stage for an engine (local processes or Ray): ``process`` is the
    parse alone (the model's work, pure: it runs in any process or on any machine);
    ``save`` runs the annotators here, batch after batch in order, through the one entity
    registry, and writes. The store therefore ends up the same on every engine."""

    name = "annotate"
    version = VERSION

    def __init__(self, stage: AnnotateStage) -> None:
        self.stage: AnnotateStage | None = stage

    def __getstate__(self) -> dict[str, object]:
        return {}  # workers only parse; the registry lives where save() runs

    def __setstate__(self, state: dict[str, object]) -> None:
        self.stage = None

    def prepare(self) -> None:
        load_parser()

    def start_worker(self) -> None:
        start_parse_worker()

    def process(self, articles: Sequence[Article]) -> list[bytes]:
        return parse_packed(articles)

    def save(self, tx: Transaction, articles: Sequence[Article], results: list[Any]) -> None:
        assert self.stage is not None, "save runs where the stage was made"
        self.stage.save(tx, articles, self.stage.annotate(iter_unpacked(articles, results)))


def auto_processes(pending: int) -> int:
    """Parse processes for a run of ``pending`` articles: one per core (at most two)
    once there are enough articles to repay starting the workers."""
    if pending < AUTO_PROCESSES_MIN_ARTICLES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2, cores or 1))


def annotate_store(store: Store, settings: Settings, *, force: bool = False,
                   n_process: int | None = None, batch_size: int = 64,
                   progress: Callable[[int], None] | None = None,
                   annotated: set[str] | None = None,
                   failures: dict[str, str] | None = None,
                   runner: Runner | None = None) -> dict[str, int]:
    """Annotate the articles not yet annotated with this version; return counts.
    The parse runs on ``runner`` (an engine), by default local processes: ``n_process``,
    or None to choose from the work (``auto_processes``); the annotators run here.
    ``annotated``, when given, receives the ids of the articles annotated, ``failures``
    those an annotator failed on, with the reason (they are stored as not analysed)."""
    # Pending work from ids and versions alone, found by the database; only the pending
    # articles' texts are read (a run with nothing new used to stream every text).
    todo = ([m.id for m in store.iter_article_meta()] if force
            else store.articles_lacking(STATUS_KIND, VERSION))
    if not todo:
        counts = dict.fromkeys(("articles", *KINDS, "not_analysed", "failed"), 0)
        return {**counts, "entities": store.count_entities(), "entities_merged": 0}
    if n_process is None:
        n_process = auto_processes(len(todo))

    def pending() -> Iterator[Article]:  # streamed: a large store never sits in memory
        for chunk in batched(todo, 200):
            yield from store.get_articles(chunk)

    aliases = load_aliases(settings.alias_file)
    registry = EntityRegistry(aliases, store.entities())

    annotated_before = set(store.annotations_of(STATUS_KIND, todo))  # re-annotated, not new

    def previous_tally(article_id: str) -> list[dict[str, Any]]:
        return (store.get_annotations(article_id, TALLY_KIND) or []) if article_id in annotated_before else []

    stage = AnnotateStage(aliases, registry, previous_tally=previous_tally)
    engine = runner or LocalRunner(store, batch_size=batch_size, progress=progress,
                                   processes=n_process)
    engine.run(ParseThenAnnotate(stage), pending())
    if annotated is not None:
        annotated.update(stage.saved)
    if failures is not None:
        failures.update(stage.failures)
    merged = (canonicalise_store(store, aliases, registry.renamed, VERSION,
                                 registry.entities.values())
              if stage.counts["articles"] else 0)
    counts = {key: stage.counts[key] for key in ("articles", *KINDS, "not_analysed", "failed")}
    counts["entities"] = store.count_entities()  # a count, not a read of every entity
    counts["entities_merged"] = merged
    return counts
