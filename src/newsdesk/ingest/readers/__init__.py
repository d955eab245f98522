"""One reader per source kind; ``READERS`` maps a format name to its reader."""

from newsdesk.ingest.readers.base import Draft, Item, RawInput
from newsdesk.ingest.readers.feed import read_feed
from newsdesk.ingest.readers.html import read_html
from newsdesk.ingest.readers.jsonrec import read_json, read_jsonl
from newsdesk.ingest.readers.text import read_text
from newsdesk.ingest.readers.warc import read_warc

__all__ = ["Draft", "Item", "RawInput", "read_feed", "read_html", "read_json", "read_jsonl",
           "read_text", "read_warc"]
