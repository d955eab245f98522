"""Typed records: one definition per thing newsdesk knows about.

Every record is a small slotted dataclass. Ids are content hashes (see ``content_id``)
so that writing the same record twice is a no-op: ingest and every later stage are
idempotent. Stages take records and return records; the Store persists them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

# ---------------------------------------------------------------------------
# ids


def content_id(*parts: str | bytes | None, size: int = 16) -> str:
    """Stable hex id from the given parts (None counts as empty).

    Parts are length-prefixed so ("ab", "c") and ("a", "bc") differ.
    """
    digest = hashlib.blake2b(digest_size=size)
    for part in parts:
        data = part if isinstance(part, bytes) else (part or "").encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def blob_id(data: bytes) -> str:
    """Content address of raw input bytes (sha256, the usual choice for blobs)."""
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------
# ingest


DocumentStatus = Literal["parsed", "partial", "rejected"]


@dataclass(slots=True)
class Document:
    """One raw input exactly as received: a file, a URL's body, stdin, a WARC record.

    ``id`` is the sha256 of the bytes; the bytes themselves live in the blob store.
    A document that cannot be parsed keeps ``status="rejected"`` and its error.
    """

    id: str
    source: str  # path, URL or "-" for stdin
    size: int
    format: str | None = None  # reader that handled it: text, html, json, jsonl, feed, warc
    media_type: str | None = None
    status: DocumentStatus = "parsed"
    error_code: str | None = None
    error: str | None = None
    parent_id: str | None = None  # a WARC record's or feed entry page's container


@dataclass(slots=True)
class Rejection:
    """Something that could not be turned into an article, with the reason why.

    ``locator`` says where inside the document (``line 7``, ``record 12``, ``entry 3``)
    so a user can find it; ``document_id`` is None when the raw bytes could not even be
    read (a missing path, a file over the size cap, a URL that timed out).
    """

    source: str
    code: str
    reason: str
    document_id: str | None = None
    locator: str = ""

    @property
    def id(self) -> str:
        return content_id(self.source, self.document_id, self.locator, self.code)


@dataclass(slots=True)
class ArticleMeta:
    """What story assignment needs of an article, without its text (a store of a
    million articles lists these in a few hundred MB, not tens of GB)."""

    id: str
    published: str | None = None
    title: str | None = None
    duplicate_of: str | None = None
    lang: str | None = None


@dataclass(slots=True)
class Article:
    """A news article: clean text plus metadata, pointing back to its raw document.

    ``id`` hashes the canonical URL (or source) with the clean text, so the same text
    under another URL is a second article whose ``duplicate_of`` names the first.
    """

    id: str
    document_id: str
    source: str
    text: str
    text_hash: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    published: str | None = None  # UTC ISO 8601, e.g. 2024-09-10T00:00:00Z
    title: str | None = None
    lang: str | None = None
    lang_score: float | None = None
    removed_lines: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None  # exact duplicate (same text_hash) seen earlier


@dataclass(slots=True)
class ArticleVersion:
    """One text an article's URL carried: version 1 is the first seen; the highest is
    the article's current text."""

    article_id: str
    version: int
    document_id: str
    text: str
    text_hash: str
    title: str | None = None
    published: str | None = None
    recorded_at: str = ""


# ---------------------------------------------------------------------------
# annotations (issue: read each article)


@dataclass(slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A canonical identity: one person, organisation or place, however spelled."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP, ...
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)  # titles, roles, country


@dataclass(slots=True)
class Mention:
    article_id: str
    sentence_index: int
    start: int  # character offsets in the article text
    end: int
    text: str
    label: str
    entity_id: str | None = None


@dataclass(slots=True)
class Quote:
    id: str
    article_id: str
    sentence_index: int
    text: str  # the exact quoted (or reported) words
    kind: Literal["direct", "reported"] = "direct"
    speaker: str | None = None  # canonical name
    speaker_entity_id: str | None = None
    speaker_text: str | None = None  # as written: "the minister", "he", "Kanaani"
    cue: str | None = None
    start: int | None = None
    end: int | None = None
    cue_start: int | None = None  # where the cue and the speaker's words are in the text
    speaker_start: int | None = None
    speaker_end: int | None = None
    # an unnamed speaker as the text describes them ("an emergency dispatcher", "one of
    # the officers"); None when ``speaker`` names them or the text gives nothing
    speaker_description: str | None = None


@dataclass(slots=True)
class Quantity:
    text: str
    value: float
    unit: str  # normalised unit: m, s, kg, count, EUR, USD, ...
    kind: str  # distance, money, count, percent, duration, mass, ...
    original_unit: str | None = None


@dataclass(slots=True)
class DateMention:
    text: str
    date: str | None  # ISO date the expression resolves to, if it can
    start: int | None = None
    end: int | None = None
    weekday_conflict: bool = False  # "Tuesday, September 11" when the 11th is a Wednesday
    granularity: str = "day"  # day | week | month | year: how precise ``date`` is


@dataclass(slots=True)
class Claim:
    id: str
    article_id: str
    sentence_index: int
    text: str
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    negated: bool = False
    hedged: bool = False
    attributed_to: str | None = None  # canonical name when the claim is someone's statement
    entities: list[str] = field(default_factory=list)  # canonical entity ids


@dataclass(slots=True)
class Event:
    """Who did what to whom, typed with PLOVER (ACCUSE, SANCTION, REJECT, ...)."""

    id: str
    article_id: str
    sentence_index: int
    type: str
    trigger: str
    source_actor: str | None = None
    target_actor: str | None = None
    date: str | None = None
    place: str | None = None


# ---------------------------------------------------------------------------
# corpus level


@dataclass(slots=True)
class CopyLink:
    """Lineage of one article: which article it copies and the report's origin."""

    article_id: str
    copy_of: str | None
    copy_group: str
    origin: str
    method: str  # exact | near_duplicate | excerpt | rewrite | translation | same_page | origin
    score: float = 1.0
    alignment: dict[str, Any] = field(default_factory=dict)  # matched/changed/added/dropped


@dataclass(slots=True)
class Story:
    id: str
    title: str
    members: list[str]
    independent_sources: int
    first_seen: str | None = None
    last_seen: str | None = None
    entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Storyline:
    """Events (stories) linked over time into one developing story: the collapse, the
    recovery of the bodies, the investigation. ``stories`` in time order."""

    id: str
    title: str
    stories: list[str]
    first_seen: str | None = None
    last_seen: str | None = None
    entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    article_id: str
    sentence: str
    sentence_index: int | None = None


FindingKind = Literal["corroborated", "single_source", "discrepancy", "update"]
# "partial": a corroborated fact that one report states more broadly (each evidence
# sentence is cut to the part another source states).
FindingType = Literal["quantity", "date", "entity", "polarity", "quote", "hedge", "partial", "other"]


@dataclass(slots=True)
class Finding:
    id: str
    story_id: str
    kind: FindingKind
    type: FindingType
    articles: list[str]
    evidence: list[Evidence]
    summary: str
    confidence: float
    independent_sources: int = 0
