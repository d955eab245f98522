"""Reading articles from files, folders, JSON/JSONL, HTML, feeds, WARC and URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.lazy import exports

if TYPE_CHECKING:
    from newsdesk.ingest.pipeline import Ingestor, IngestReport, expand_inputs, ingest

__all__ = ["IngestReport", "Ingestor", "expand_inputs", "ingest"]

# The pipeline pulls in every reader (trafilatura, feedparser, httpx, warcio): loaded
# when asked for, so a command that only names the formats (the CLI's option list) or a
# submodule starts without them.
__getattr__ = exports(__name__, dict.fromkeys(__all__, "pipeline"))
