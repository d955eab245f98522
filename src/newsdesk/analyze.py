"""The analysis pipeline: every corpus stage in order, each incremental.

annotate → copies → stories → storylines → cross-check. Each stage does only what is new since its
last run (articles not yet annotated, not yet indexed for copies, not yet in a story),
so running ``analyze`` after every ingest is cheap. The cross-check is re-run for the
stories whose members changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from newsdesk.config import Settings
from newsdesk.models.cache import VectorCache, vector_cache
from newsdesk.store import Store


@dataclass(slots=True)
class AnalysisReport:
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{name} ({self.seconds[name]:.1f}s): "
                 + ", ".join(f"{k} {v}" for k, v in values.items())
                 for name, values in self.stages.items()]
        return "\n".join(parts)


def _stories_current(store: Store) -> bool:
    """Whether the stories stage has nothing to do: every article is in a story and
    every stored story feature is of the current version (counted in the database, so a
    run with nothing new reads neither the stories nor the features)."""
    from newsdesk.stories.kinds import FEATURES_KIND, FEATURES_VERSION

    if store.count_story_members() != store.count_articles():
        return False
    return set(store.annotation_version_counts(FEATURES_KIND)) <= {FEATURES_VERSION}


def analyze(store: Store, settings: Settings, *, log: Callable[[str], None] | None = None
            ) -> AnalysisReport:
    say = log or (lambda _line: None)
    report = AnalysisReport()

    # Each text is embedded once, in this run and the next ones (models/cache.py).
    with vector_cache(store) as cache:
        _stages(store, settings, report, say, cache)
    return report


def _stages(store: Store, settings: Settings, report: AnalysisReport,
            say: Callable[[str], None], cache: VectorCache) -> None:
    # Each stage's machinery is imported where the stage has work: a run with nothing
    # new loads neither the copy verifiers, the clusterer, the storyline linker nor the
    # cross-check's detectors (about half a second of a CLI run at any store size).
    from newsdesk.annotate import annotate_store
    from newsdesk.copies.pending import copies_pending
    from newsdesk.crosscheck.schedule import CheckPlan
    from newsdesk.engine import make_runner

    def timed(name: str, run: Callable[[], dict[str, Any]]) -> None:
        say(f"{name} …")
        start = perf_counter()
        report.stages[name] = run()
        cache.flush()  # a stage's new vectors are kept even if a later stage fails
        report.seconds[name] = perf_counter() - start

    # The per-article model work runs on the configured engine: the parse of annotate,
    # story features (which copies also use to find rewrites by meaning). The local
    # engine parses in processes of its own (annotate_store's default).
    runner = make_runner(store, settings)
    annotated: set[str] = set()
    failures: dict[str, str] = {}
    timed("annotate", lambda: dict(annotate_store(
        store, settings, annotated=annotated, failures=failures,
        runner=runner if settings.engine != "local" else None)))
    for article_id, reason in sorted(failures.items()):
        say(f"annotate: article {article_id}: {reason}")

    def copies() -> dict[str, Any]:
        if not copies_pending(store):
            return {"new articles": 0, "copy pairs": 0, "not compared": 0}
        from newsdesk.copies import detect_copies

        s = detect_copies(store, runner=runner)
        return {"new articles": s.new_articles, "copy pairs": sum(s.pairs.values()),
                "not compared": len(s.not_compared)}

    timed("copies", copies)
    current = (not annotated and report.stages["copies"]["new articles"] == 0
               and _stories_current(store))
    previous: dict[str, str] = {}  # article -> its story before the stories stage moved it

    def stories() -> dict[str, Any]:
        if current:  # nothing arrived or changed upstream: every story stands as it is
            return {"new articles": 0, "stories created": 0, "changed": 0, "merged away": 0}
        from newsdesk.stories import cluster_store

        s = cluster_store(store, runner=runner)
        previous.update(s.previous)
        return {"new articles": s.new_articles, "stories created": s.created,
                "changed": s.changed, "merged away": s.removed}

    timed("stories", stories)

    def storylines() -> dict[str, Any]:
        if current and set(store.storyline_of()) == store.story_ids():
            lines = store.storylines()
            return {"storylines": len(lines),
                    "stories linked": sum(len(x.stories) for x in lines if len(x.stories) > 1)}
        from newsdesk.storylines import link_store

        s = link_store(store)
        return {"storylines": s.storylines, "stories linked": s.linked}

    timed("storylines", storylines)
    # A story is checked again when its members changed, when it was never checked, or
    # when a member was annotated again (a new annotator version reads it differently);
    # a story whose storyline alone changed, when its standing facts did
    # (crosscheck.schedule). A check that found nothing is recorded like any other and
    # not repeated. Only the stories marked pending since their last check (and the
    # other stories of their storylines) are weighed; the marks are written with the
    # changes and cleared after the checks, so a run killed in between leaves them.
    plan = CheckPlan.of_store(store, annotated, previous)

    def crosscheck() -> dict[str, Any]:
        # Stories checked on the engine; their findings and check records are written
        # together, story after story (a kill leaves the rest for the next run).
        kinds = ("corroborated", "single_source", "discrepancy", "update")
        if not plan.full and not plan.context_only:
            plan.save_kept()  # drops the pair verdicts of stories gone, if any
            return {"stories": 0, **dict.fromkeys(kinds, 0)}
        from newsdesk.crosscheck.stage import CrosscheckStage

        stage = CrosscheckStage(settings)
        make_runner(store, settings, batch_size=8).run(stage, plan.items())
        plan.save_kept()
        return {"stories": len(plan.full) + len(plan.context_only) - len(plan.kept),
                **{kind: stage.counts[kind] for kind in kinds}}

    timed("crosscheck", crosscheck)
