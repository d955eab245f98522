"""Loaders for the annotation benchmark data sets, read in place from ../shared/benchmarks.

PolNeAR (attribution spans), BASIL (quotes with speakers), the PLOVER gold-standard
records (event type and actors) and CASE 2021 task 2 (event-type snippets).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]


@dataclass(slots=True)
class Attribution:
    source: Span | None
    cue: Span | None
    content: Span | None


@dataclass(slots=True)
class PolnearDoc:
    name: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)


def _span(field_text: str) -> Span:
    """brat offsets, possibly in fragments ("803 833;834 898"): their whole extent."""
    nums = [int(n) for n in re.findall(r"\d+", field_text)]
    return min(nums), max(nums)


def load_polnear(root: Path, split: str = "test", limit: int | None = None) -> list[PolnearDoc]:
    """One annotation file per text (the first annotator's, by file name)."""
    base = root / "polnear" / split
    docs: list[PolnearDoc] = []
    for text_path in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(text_path.stem + "_*.ann"))
        if not anns:
            continue
        spans: dict[str, Span] = {}
        relations: list[dict[str, str]] = []
        for line in anns[0].read_text("utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                spans[parts[0]] = _span(parts[1].split(" ", 1)[1])
            elif line.startswith("E") and len(parts) >= 2:
                relations.append(dict(p.split(":", 1) for p in parts[1].split()))
        doc = PolnearDoc(text_path.stem, text_path.read_text("utf-8"))
        for rel in relations:
            doc.attributions.append(Attribution(
                spans.get(rel.get("Source", "")), spans.get(rel.get("Cue", "")),
                spans.get(rel.get("Content", ""))))
        docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


@dataclass(slots=True)
class BasilQuote:
    start: int
    end: int
    speaker: str  # e.g. "Donald_Trump"


@dataclass(slots=True)
class BasilDoc:
    name: str
    text: str
    published: str | None
    quotes: list[BasilQuote] = field(default_factory=list)


def load_basil(root: Path, limit: int | None = None) -> list[BasilDoc]:
    """Articles with their quotes whose speaker is named (not "other_pro" and the like)."""
    base = root / "basil"
    docs: list[BasilDoc] = []
    for path in sorted((base / "articles").glob("*/*.json")):
        ann_path = base / "annotations" / path.parent.name / (path.stem + "_ann.json")
        if not ann_path.exists():
            continue
        article = json.loads(path.read_text("utf-8"))
        ann = json.loads(ann_path.read_text("utf-8"))
        text = "\n".join(" ".join(p) for p in article.get("body-paragraphs", []))
        doc = BasilDoc(path.stem, text, article.get("date"))
        for phrase in ann.get("phrase-level-annotations", []):
            speaker = phrase.get("speaker") or ""
            if phrase.get("quote") != "yes" or not speaker or speaker.startswith("other"):
                continue
            at = text.find(phrase["txt"])
            if at >= 0:
                doc.quotes.append(BasilQuote(at, at + len(phrase["txt"]), speaker))
        if doc.quotes:
            docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


@dataclass(slots=True)
class PloverRecord:
    text: str
    event: str
    sources: list[str]
    targets: list[str]
    event_text: str = ""


def _actors(value: object) -> list[str]:
    """Actors as the records give them: a list of {"actorText": ...} or a bare string."""
    items = value if isinstance(value, list) else [value] if value else []
    names = [a.get("actorText") if isinstance(a, dict) else a for a in items]
    return [n for n in names if isinstance(n, str) and n]


def load_plover(root: Path) -> list[PloverRecord]:
    records = json.loads((root / "plover_gsr" / "PLOVER_GSR_CAMEO.txt").read_text("utf-8"))
    out = []
    for r in records:
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        out.append(PloverRecord(r["text"], r["event"], _actors(r.get("source")),
                                _actors(r.get("target")), r.get("eventText", "")))
    return out


def load_case(root: Path, limit: int | None = None) -> list[tuple[str, str]]:
    path = root / "case2021_task2" / "test_set_final_release_with_labels.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [(r["EventSnippet"], r["SubType"]) for r in csv.DictReader(f, delimiter="\t")]
    return rows[:limit] if limit else rows
