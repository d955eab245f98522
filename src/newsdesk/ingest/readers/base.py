"""What every reader takes and gives.

A reader turns one raw input into drafts (article candidates, not yet cleaned or
given ids) and rejections for the parts it could not use. Readers never raise for bad
input: they yield an ``InputRejected`` and go on with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsdesk.errors import InputRejected


@dataclass(slots=True)
class RawInput:
    source: str  # path, URL or "-"
    data: bytes
    media_type: str | None = None
    charset: str | None = None
    url: str | None = None  # the input's own URL when it was fetched


@dataclass(slots=True)
class Draft:
    """An article candidate straight from a reader."""

    locator: str  # where inside the input: "", "line 3", "entry 2", "record 5"
    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None  # the outlet a record names (a display name or a domain)
    site: str | None = None  # the publishing site's URL when the item's URL is elsewhere
    published: Any = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None  # this draft's own bytes when it is part of a container


Item = Draft | InputRejected
# Fetches the linked page of a feed entry; injected so readers stay offline-testable.
PageFetcher = Callable[[str], RawInput]
Reader = Callable[..., Iterator[Item]]
