"""JSON and JSONL records: url, outlet|source, published, title, text|html.

Field names vary between dumps, so a few common synonyms are accepted; every other
field is kept as metadata. A malformed JSONL line is reported with its line number
and the other lines go in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes
from newsdesk.ingest.limits import MAX_JSON_DEPTH, json_depth_exceeded
from newsdesk.ingest.readers.base import Draft, Item, RawInput
from newsdesk.ingest.readers.html import html_draft

_FIELDS = {
    "url": ("url", "link", "canonical_url", "uri"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher", "domain"),
    "published": ("published", "published_at", "date", "date_publish", "pubdate",
                  "datetime", "timestamp", "publish_date"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "maintext", "article", "description"),
    "html": ("html", "raw_html", "body_html", "content_html"),
}
# Containers that dumps wrap their records in.
_LIST_KEYS = ("articles", "items", "data", "results", "documents", "records")


def _pick(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return name, value
    return None, None


def _outlet_name(value: Any) -> str | None:
    # NewsAPI-style {"source": {"id": ..., "name": ...}}
    if isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return str(value).strip() or None if value is not None else None


def record_draft(record: Any, locator: str) -> Item:
    if not isinstance(record, dict):
        kind = type(record).__name__
        return InputRejected(Reason.MALFORMED_JSON, f"expected a JSON object, got {kind}", locator)
    used: set[str] = set()
    values: dict[str, Any] = {}
    for key, names in _FIELDS.items():
        name, value = _pick(record, names)
        if name:
            used.add(name)
            values[key] = value
    metadata = {k: v for k, v in record.items() if k not in used}
    url = str(values["url"]) if values.get("url") else None
    text, html = values.get("text"), values.get("html")
    if isinstance(text, str) and text.lstrip().startswith("<") and "</p>" in text.lower():
        html, text = text, None  # an HTML body under a text-like name
    if not text and not html:
        return InputRejected(Reason.MISSING_FIELD, "record has no 'text' or 'html' field", locator)
    if html and not text:
        item = html_draft(str(html), locator, url, metadata)
        if isinstance(item, Draft):
            item.title = str(values["title"]) if values.get("title") else item.title
            item.published = values.get("published") or item.published
            item.outlet = _outlet_name(values.get("outlet"))
        return item
    return Draft(
        locator=locator, text=str(text), url=url, outlet=_outlet_name(values.get("outlet")),
        published=values.get("published"),
        title=str(values["title"]) if values.get("title") else None, metadata=metadata,
    )


def read_json(raw: RawInput) -> Iterator[Item]:
    try:
        text, _encoding = decode_bytes(raw.data, raw.charset)
    except InputRejected as rejected:
        yield rejected
        return
    if not text.strip():
        yield InputRejected(Reason.EMPTY, "the JSON file is empty")
        return
    if json_depth_exceeded(text):
        yield _too_deep("")
        return
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputRejected(Reason.MALFORMED_JSON, f"invalid JSON: {exc.msg} at line {exc.lineno}",
                            f"line {exc.lineno}")
        return
    if isinstance(payload, dict):
        for key in _LIST_KEYS:
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        yield InputRejected(Reason.EMPTY, "the JSON holds no records")
        return
    for index, record in enumerate(records):
        yield record_draft(record, f"item {index}" if isinstance(payload, list) else "")


def _too_deep(locator: str) -> InputRejected:
    return InputRejected(Reason.MALFORMED_JSON,
                         f"{locator + ': ' if locator else ''}JSON nested deeper than "
                         f"{MAX_JSON_DEPTH} levels", locator)


def _jsonl_lines(raw: RawInput) -> list[tuple[str | InputRejected, str]]:
    """(line, encoding) pairs, decoded line by line when the file is not all UTF-8.

    JSONL files are concatenated from many sources; one record saved in a legacy
    encoding must not turn the whole file into mojibake (a whole-file guess would),
    nor pass unnoticed: such a line is decoded on its own and says how.
    Files marked as UTF-16/32 (a BOM, or zero bytes on one side) are decoded whole.
    Raises InputRejected when the file as a whole is binary.
    """
    try:
        return [(line, "utf-8") for line in raw.data.decode("utf-8").splitlines()]
    except UnicodeDecodeError:
        pass
    text, encoding = decode_bytes(raw.data, raw.charset)
    if encoding.startswith(("utf-16", "utf-32")):
        return [(line, encoding) for line in text.splitlines()]
    lines: list[tuple[str | InputRejected, str]] = []
    for data in raw.data.splitlines():
        try:
            lines.append((data.decode("utf-8"), "utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(decode_bytes(data, raw.charset))
            except InputRejected as rejected:
                lines.append((rejected, ""))
    return lines


def read_jsonl(raw: RawInput) -> Iterator[Item]:
    try:
        lines = _jsonl_lines(raw)
    except InputRejected as rejected:
        yield rejected
        return
    seen = False
    for number, (line, encoding) in enumerate(lines, start=1):
        locator = f"line {number}"
        if isinstance(line, InputRejected):
            line.locator = locator
            yield line
            continue
        if not line.strip():
            continue
        seen = True
        if json_depth_exceeded(line):
            yield _too_deep(locator)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputRejected(Reason.MALFORMED_JSON, f"line {number}: {exc.msg}", locator)
            continue
        item = record_draft(record, locator)
        if isinstance(item, Draft) and encoding != "utf-8":
            item.metadata["encoding"] = encoding
        yield item
    if not seen:
        yield InputRejected(Reason.EMPTY, "the JSONL file has no lines")
