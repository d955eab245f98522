"""The web page: server-rendered HTML over the same library calls as the API.

Everything from articles is untrusted: templates autoescape, SVG text goes through
``html.escape``, and every response carries a Content-Security-Policy that forbids
scripts altogether (the page needs none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newsdesk.api.deps import StoreDep
from newsdesk.api.routes import list_stories
from newsdesk.brief import StoryBrief, build_brief
from newsdesk.brief.build import speaker_label
from newsdesk.crosscheck.run import by_severity
from newsdesk.errors import NotFoundError
from newsdesk.ingest.revisions import latest_change
from newsdesk.links import http_link
from newsdesk.records import Story
from newsdesk.store import Store
from newsdesk.store.search import MAX_OFFSET, StoryFilter
from newsdesk.web.charts import lineage_svg, timeline_svg
from newsdesk.web.diff import word_diff

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["http_link"] = http_link  # the scheme allow-list for stored URLs
router = APIRouter()
PAGE_SIZE = 30

# Annotation fields worth a column on the article page, per kind.
# The columns of each annotation table on the article page.
_ARTICLE_FIELDS = {
    "quotes": ("speaker", "cue", "text", "kind"),
    "claims": ("text", "subject", "predicate", "object", "flags"),
    "events": ("type", "source_actor", "target_actor", "date", "trigger"),
    "dates": ("text", "date", "granularity"),
}


def _cell(kind: str, field: str, row: dict[str, Any]) -> str:
    if kind == "quotes" and field == "speaker":
        return speaker_label(row)
    if field == "flags":
        return ", ".join(f for f in ("negated", "hedged") if row.get(f))
    value = row.get(field)
    return "" if value is None else str(value)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep, q: str | None = None, offset: int = 0) -> Any:
    offset = min(max(offset, 0), MAX_OFFSET)  # SQLite's integers end at 2**63
    stories, total = list_stories(store, StoryFilter(query=q or None), PAGE_SIZE, offset)
    return templates.TemplateResponse(request, "index.html", {
        "stories": stories, "groups": group_by_storyline(store, stories), "total": total,
        "q": q, "offset": offset, "limit": PAGE_SIZE, "filters": bool(q),
    })


def group_by_storyline(store: Store, stories: list[Story]) -> list[dict[str, Any]]:
    """The page's stories grouped by storyline, in the order the page lists them (a
    group sits where its first story would); a story in no storyline, or alone in
    one, is a group without a heading."""
    line_of = store.storyline_of([s.id for s in stories])
    lines = {x.id: x for x in store.storylines(sorted(set(line_of.values())))}
    groups: dict[str, dict[str, Any]] = {}
    for s in stories:
        line = lines.get(line_of.get(s.id, ""))
        key = line.id if line is not None and len(line.stories) > 1 else f"story:{s.id}"
        group = groups.setdefault(key, {"storyline": line if not key.startswith("story:")
                                        else None, "stories": []})
        group["stories"].append(s)
    return list(groups.values())


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline_page(request: Request, store: StoreDep, storyline_id: str) -> Any:
    from newsdesk.storylines.views import storyline_detail

    try:
        d = storyline_detail(store, storyline_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    return templates.TemplateResponse(request, "storyline.html",
                                      {"line": d.storyline, "events": d.events})


def _shown_evidence(finding: Any) -> list[Any]:
    """The sentences shown side by side: the two sides, or every version of one remark
    (a quote dispute holds one sentence per version, crosscheck.run._odd_one_out)."""
    return list(finding.evidence) if finding.type == "quote" else finding.evidence[:2]


def _dispute_sides(store: Store, finding: Any) -> list[dict[str, Any]]:
    evidence = _shown_evidence(finding)
    outlets = {a.id: a.outlet for a in store.get_articles([e.article_id for e in evidence])}
    if len(evidence) >= 2:
        # every version against the first, so the words each one changed are marked
        diffs = [word_diff(evidence[0].sentence, e.sentence) for e in evidence[1:]]
        runs = [diffs[0][0]] + [right for _left, right in diffs]
    else:
        runs = [[(e.sentence, False)] for e in evidence]
    return [{"article_id": e.article_id, "outlet": outlets.get(e.article_id), "runs": r}
            for e, r in zip(evidence, runs, strict=True)]


def _also(store: Store, finding: Any) -> list[dict[str, Any]]:
    """Further reports on one side of a dispute (the ones worded like the first)."""
    more = finding.evidence[len(_shown_evidence(finding)):]
    outlets = {a.id: a.outlet for a in store.get_articles([e.article_id for e in more])} if more else {}
    return [{"article_id": e.article_id, "outlet": outlets.get(e.article_id), "sentence": e.sentence}
            for e in more]


def _also_in(store: Store, finding: Any) -> list[dict[str, Any]]:
    """The finding's other reports, whose sentence is not shown (a further report of one
    of the versions of a remark)."""
    shown = {e.article_id for e in finding.evidence}
    rest = [a for a in finding.articles if a not in shown]
    outlets = {a.id: a.outlet for a in store.get_articles(rest)} if rest else {}
    return [{"article_id": a, "outlet": outlets.get(a)} for a in rest]


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, store: StoreDep, story_id: str) -> Any:
    try:
        brief = build_brief(store, story_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    return templates.TemplateResponse(request, "story.html", story_context(store, brief))


def story_context(store: Store, brief: StoryBrief) -> dict[str, Any]:
    """What the story template needs; shared by the page and ``newsdesk story --format html``."""
    return {
        "brief": brief,
        # the surest and gravest dispute first (crosscheck.run.severity_key)
        "disputes": [{"finding": f, "sides": _dispute_sides(store, f), "also": _also(store, f),
                      "also_in": _also_in(store, f)}
                     for f in by_severity(brief.disputes)],
        "timeline_svg": timeline_svg(brief.timeline, brief.sources),
        "outlets": {src.article_id: src.outlet for src in brief.sources},
        "lineage_svg": lineage_svg(brief.sources),
    }


def render_story_html(store: Store, brief: StoryBrief) -> str:
    """A self-contained HTML file of the story page (styles inlined, no scripts)."""
    page = templates.get_template("story.html").render(**story_context(store, brief), q=None)
    css = (HERE / "static" / "style.css").read_text("utf-8")
    return page.replace('<link rel="stylesheet" href="/static/style.css">', f"<style>{css}</style>")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> Any:
    try:
        article = store.get_article(article_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    annotations = []
    for kind, fields in _ARTICLE_FIELDS.items():
        rows = store.get_annotations(article.id, kind) or []
        if rows:
            annotations.append((kind, fields, [[_cell(kind, f, r) for f in fields] for r in rows]))
    return templates.TemplateResponse(request, "article.html", {
        "article": article, "annotations": annotations,
        "link": store.copy_links([article.id]).get(article.id),
        "story_id": store.story_of([article.id]).get(article.id),
        "versions": (versions := store.article_versions(article.id)),
        "diff": latest_change(versions),
    })
