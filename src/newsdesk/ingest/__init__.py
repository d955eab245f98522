"""Reading articles from files, folders, JSON/JSONL, HTML, feeds, WARC and URLs."""

from newsdesk.ingest.pipeline import Ingestor, IngestReport, expand_inputs, ingest

__all__ = ["IngestReport", "Ingestor", "expand_inputs", "ingest"]
