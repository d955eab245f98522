"""Response and request bodies of the REST API, one schema per entity."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, field_validator

from newsdesk.links import http_link

# One request's work stays bounded: a request may name this many URLs to fetch.
MAX_URLS = 100
MAX_URL_CHARS = 8192


class StoryOut(BaseModel):
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    independent_sources: int
    articles: int
    entities: list[str] = []


class StoryPage(BaseModel):
    items: list[StoryOut]
    total: int
    limit: int
    offset: int


class StorylineOut(BaseModel):
    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    events: int
    entities: list[str] = []


class StorylinePage(BaseModel):
    items: list[StorylineOut]
    total: int
    limit: int
    offset: int


class StorylineEvent(BaseModel):
    story: StoryOut
    outlets: list[str]


class StorylineDetail(BaseModel):
    storyline: StorylineOut
    events: list[StorylineEvent]  # in time order


class ArticleOut(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    lang: str | None
    text: str
    duplicate_of: str | None = None
    removed_lines: list[str] = []
    story: str | None = None
    copy_of: str | None = None
    copy_group: str | None = None
    origin: str | None = None

    @field_validator("url")
    @classmethod
    def _link_scheme(cls, value: str | None) -> str | None:
        # Clients render this as a link: only http(s) URLs leave the API.
        return http_link(value)


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    limit: int
    offset: int


class StoryDetail(BaseModel):
    story: StoryOut
    brief: dict[str, Any]
    articles: list[ArticleOut]
    entities: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    findings: list[dict[str, Any]]


class IngestRequest(BaseModel):
    urls: list[Annotated[str, Field(max_length=MAX_URL_CHARS)]] = Field(
        default_factory=list, max_length=MAX_URLS, description="http(s) URLs to fetch")
    articles: list[dict[str, Any]] = Field(
        default_factory=list,
        description="records with url, outlet, published, title and text or html")


class IngestResult(BaseModel):
    inputs: int
    new: int
    already_stored: int
    exact_duplicates: int
    rejected: list[dict[str, Any]]
    new_ids: list[str]
    revised: int = 0  # stored URLs whose text changed: a new current version
    revised_ids: list[str] = []


class Health(BaseModel):
    status: str
    database: str
    articles: int
    stories: int
    version: str
