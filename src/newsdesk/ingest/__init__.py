"""Reading articles from files, folders, JSON/JSONL, HTML, feeds, WARC and URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.ingest.pipeline import Ingestor, IngestReport, expand_inputs, ingest

__all__ = ["IngestReport", "Ingestor", "expand_inputs", "ingest"]


def __getattr__(name: str) -> Any:
    # The pipeline pulls in every reader (trafilatura, feedparser, httpx, warcio): loaded
    # when asked for, so a command that only names the formats (the CLI's option list)
    # or a submodule starts without them.
    if name in __all__:
        from newsdesk.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
