"""REST routes under /api: thin, each one calls the library and shapes the answer."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from newsdesk import __version__
from newsdesk.api.deps import SettingsDep, StoreDep, require_token
from newsdesk.api.schemas import (
    ArticleOut,
    ArticlePage,
    Health,
    IngestRequest,
    IngestResult,
    StoryDetail,
    StorylineDetail,
    StorylineEvent,
    StorylineOut,
    StorylinePage,
    StoryOut,
    StoryPage,
)
from newsdesk.brief import build_brief
from newsdesk.errors import NotFoundError
from newsdesk.ingest import Ingestor
from newsdesk.ingest.revisions import latest_change
from newsdesk.records import Article, CopyLink, Story, Storyline
from newsdesk.store import Store
from newsdesk.store.search import (
    MAX_OFFSET,
    StoryFilter,
    filter_story_ids,
    iso_date,
    page_story_ids,
)
from newsdesk.store.sql import MAX_ID_CHARS

router = APIRouter()
# Ids are hashes (or a prefix of one): anything longer is refused before the store.
IdParam = Annotated[str, Path(max_length=MAX_ID_CHARS)]


def _date_param(name: str, value: str | None) -> str | None:
    """An ISO date filter, or a 422 that says which parameter is wrong."""
    if value is None or not value.strip():
        return None
    try:
        return iso_date(value)
    except ValueError as exc:
        raise HTTPException(422, f"{name}: {exc}") from exc


def story_out(story: Story) -> StoryOut:
    return StoryOut(id=story.id, title=story.title, first_seen=story.first_seen,
                    last_seen=story.last_seen, independent_sources=story.independent_sources,
                    articles=len(story.members), entities=story.entities)


def article_outs(store: Store, articles: list[Article], story: str | None = None) -> list[ArticleOut]:
    """API rows for articles; their copy links and stories are read in one query each."""
    ids = [a.id for a in articles]
    links = store.copy_links(ids)
    story_of = {i: story for i in ids} if story else store.story_of(ids)
    return [article_out(a, links.get(a.id), story_of.get(a.id)) for a in articles]


def article_out(article: Article, link: CopyLink | None, story: str | None) -> ArticleOut:
    return ArticleOut(
        id=article.id, url=article.url, outlet=article.outlet, published=article.published,
        title=article.title, lang=article.lang, text=article.text,
        duplicate_of=article.duplicate_of, removed_lines=article.removed_lines, story=story,
        copy_of=link.copy_of if link else None, copy_group=link.copy_group if link else None,
        origin=link.origin if link else None,
    )


def list_stories(store: Store, flt: StoryFilter, limit: int, offset: int) -> tuple[list[Story], int]:
    """Stories newest first, filtered; shared by the API and the web page."""
    with store.engine.connect() as conn:
        ids = filter_story_ids(conn, flt)
        page, total = page_story_ids(conn, ids, limit, offset)
    by_id = {s.id: s for s in store.stories(page)}
    return [by_id[i] for i in page if i in by_id], total


@router.get("/health", response_model=Health)
def health(store: StoreDep) -> Health:
    with store.engine.connect() as conn:
        _page, stories = page_story_ids(conn, None, 1, 0)
    return Health(status="ok", database=store.dialect, articles=store.count_articles(),
                  stories=stories, version=__version__)


@router.get("/stories", response_model=StoryPage)
def stories(
    store: StoreDep,
    q: Annotated[str | None, Query(description="full-text search words")] = None,
    entity: Annotated[str | None, Query(description="canonical entity name")] = None,
    outlet: str | None = None,
    since: Annotated[str | None, Query(description="ISO date, last seen on or after",
                                       max_length=40)] = None,
    until: Annotated[str | None, Query(description="ISO date, first seen on or before",
                                       max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> StoryPage:
    since, until = _date_param("since", since), _date_param("until", until)
    page, total = list_stories(store, StoryFilter(q, entity, outlet, since, until), limit, offset)
    return StoryPage(items=[story_out(s) for s in page], total=total, limit=limit, offset=offset)


@router.get("/stories/{story_id}", response_model=StoryDetail)
def story(store: StoreDep, story_id: IdParam) -> StoryDetail:
    try:
        brief = build_brief(store, story_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    s = brief.story
    articles = store.get_articles(s.members)
    return StoryDetail(
        story=story_out(s),
        brief=json.loads(json.dumps(brief.to_dict(), default=str)),
        articles=article_outs(store, articles, s.id),
        entities=[{**dataclasses.asdict(e), "mentions": n} for e, n in store.entity_mentions(s.members)],
        quotes=brief.quotes,
        findings=[dataclasses.asdict(f) for f in store.findings(s.id)],
    )


def storyline_out(line: Storyline) -> StorylineOut:
    return StorylineOut(id=line.id, title=line.title, first_seen=line.first_seen,
                        last_seen=line.last_seen, events=len(line.stories),
                        entities=line.entities)


@router.get("/storylines", response_model=StorylinePage)
def storylines(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StorylinePage:
    """Storylines, latest activity first."""
    lines = sorted(store.storylines(), key=lambda x: (x.last_seen or "", len(x.stories)),
                   reverse=True)
    return StorylinePage(items=[storyline_out(x) for x in lines[offset : offset + limit]],
                         total=len(lines), limit=limit, offset=offset)


@router.get("/storylines/{storyline_id}", response_model=StorylineDetail)
def storyline(store: StoreDep, storyline_id: IdParam) -> StorylineDetail:
    from newsdesk.storylines.views import storyline_detail

    try:
        d = storyline_detail(store, storyline_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    return StorylineDetail(
        storyline=storyline_out(d.storyline),
        events=[StorylineEvent(story=story_out(e.story), outlets=e.outlets) for e in d.events])


@router.get("/articles", response_model=ArticlePage)
def articles(
    store: StoreDep, outlet: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> ArticlePage:
    items = article_outs(store, list(store.iter_articles(outlet=outlet, limit=limit, offset=offset)))
    return ArticlePage(items=items, limit=limit, offset=offset)


@router.get("/articles/{article_id}")
def article(store: StoreDep, article_id: IdParam) -> dict[str, Any]:
    try:
        a = store.get_article(article_id)
    except NotFoundError as exc:
        raise HTTPException(404, exc.message) from exc
    out = article_outs(store, [a])[0].model_dump()
    out["annotations"] = {kind: store.get_annotations(a.id, kind) or []
                          for kind in ("quotes", "claims", "events", "dates", "mentions")}
    # Every text the URL carried (oldest first, the last current) and what changed last.
    versions = store.article_versions(a.id)
    out["versions"] = [{"version": v.version, "recorded_at": v.recorded_at or None,
                        "title": v.title, "published": v.published, "words": len(v.text.split()),
                        "text_hash": v.text_hash, "document_id": v.document_id} for v in versions]
    out["diff"] = [{"op": p.op, "text": p.text} for p in latest_change(versions)]
    return out


@router.post("/ingest", response_model=IngestResult, dependencies=[Depends(require_token)])
def ingest(store: StoreDep, settings: SettingsDep, body: IngestRequest) -> IngestResult:
    """Ingest URLs (fetched with the same private-address guard as the CLI) and records."""
    if not body.urls and not body.articles:
        raise HTTPException(422, "give urls or articles")
    ingestor = Ingestor(store, settings)
    for url in body.urls:
        if not url.lower().startswith(("http://", "https://")):
            raise HTTPException(422, f"not an http(s) URL: {url}")
        ingestor.ingest_one(url)
    if body.articles:
        data = json.dumps(body.articles, ensure_ascii=False, sort_keys=True).encode("utf-8")
        ingestor.ingest_bytes("api:articles", data, "application/json")
    ingestor.clean_outlet_boilerplate()
    r = ingestor.report
    return IngestResult(
        inputs=r.inputs, new=r.new, already_stored=r.already_stored,
        exact_duplicates=r.exact_duplicates,
        rejected=[{"source": x.source, "locator": x.locator, "code": x.code, "reason": x.reason}
                  for x in r.rejected],
        new_ids=r.new_ids, revised=r.revised, revised_ids=r.revised_ids,
    )
