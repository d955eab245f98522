"""Loaders for the story-clustering benchmark data sets, read in place from ../shared.

Each loader returns ``Doc`` records with the gold topic and sub-topic (the event). The
gold labels are never passed to the clusterer; only id, text, title and date are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsdesk.stories.features import ArticleText

ECB_DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
_TOKEN = re.compile(r'<token t_id="\d+" sentence="(\d+)" number="\d+">([^<]*)</token>')


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    topic: str
    subtopic: str
    title: str | None = None
    published: str | None = None
    lang: str | None = None

    def article(self) -> ArticleText:
        return ArticleText(self.id, self.text, self.title, self.published, lang=self.lang)


def detokenize(tokens: list[str]) -> str:
    """Rebuild readable text from a token list (spaces before punctuation removed)."""
    text = " ".join(tokens)
    text = re.sub(r"\s+([.,;:!?%)\]]|'s|n't|'re|'ll|'ve|'d|'m)(?=\s|$)", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    return text.replace("`` ", "\"").replace(" ''", "\"").replace("&amp;", "&")


def load_ecbplus(root: Path, topics: frozenset[int] | None = None) -> list[Doc]:
    """ECB+ documents; sub-topic = topic + ecb/ecbplus (two different real events)."""
    docs: list[Doc] = []
    for path in sorted((root / "ecbplus" / "ECB+").glob("*/*.xml")):
        topic = int(path.parent.name)
        if topics is not None and topic not in topics:
            continue
        sentences: dict[int, list[str]] = {}
        for sent, token in _TOKEN.findall(path.read_text("utf-8")):
            sentences.setdefault(int(sent), []).append(token)
        lines = [detokenize(sentences[k]) for k in sorted(sentences)]
        title = None
        # ecbplus files start with the page URL and the headline: keep them as
        # url/title metadata, as an ingested web page would have them.
        if lines and lines[0].replace(" ", "").startswith("http"):
            lines = lines[1:]
            title, lines = (lines[0], lines[1:]) if lines else (None, lines)
        kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
        docs.append(Doc(path.stem, "\n".join(lines), str(topic), f"{topic}_{kind}", title))
    return docs


def _conll_docs(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    doc_id, sentences, current = None, [], []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#begin document"):
            doc_id, sentences, current = line.split()[2].strip("();"), [], []
        elif line.startswith("#end document"):
            if current:
                sentences.append(current)
            if doc_id is not None:
                yield doc_id, sentences
            doc_id = None
        elif not line.strip():
            if current:
                sentences.append(current)
            current = []
        elif doc_id is not None:
            parts = line.split("\t")
            if len(parts) >= 4 and parts[3] != "\\n":  # NewsWCL50 keeps line breaks as tokens
                current.append(parts[3])
    if doc_id is not None and (sentences or current):
        yield doc_id, [*sentences, current] if current else sentences


_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


def _newswcl50_dates(root: Path) -> dict[str, str]:
    """Publication dates from the article URLs (/2018/04/17/), as ingest reads them."""
    dates = {}
    path = root / "newswcl50" / "original" / "urls.tsv"
    for line in path.read_text("utf-8").splitlines()[1:] if path.exists() else []:
        event, outlet, url = [*line.split("\t"), "", "", ""][:3]
        if m := _URL_DATE.search(url):
            dates[f"{event}/-/{event}_{outlet}"] = f"{m[1]}-{m[2]}-{m[3]}T00:00:00Z"
    return dates


def load_newswcl50(root: Path) -> list[Doc]:
    """NewsWCL50: 10 events x 5 outlets; the event is both topic and sub-topic."""
    docs = []
    dates = _newswcl50_dates(root)
    for doc_id, sentences in _conll_docs(root / "newswcl50" / "NewsWCL50.conll"):
        event = doc_id.split("/")[0]
        lines = [detokenize(s) for s in sentences]
        docs.append(Doc(doc_id, "\n".join(lines), event, event, published=dates.get(doc_id)))
    return docs


def _meantime_date(line: str) -> str | None:
    try:
        return datetime.strptime(line.strip(), "%B %d, %Y").strftime("%Y-%m-%dT00:00:00Z")
    except ValueError:
        return None


def load_meantime(root: Path) -> list[Doc]:
    """MEANTIME: Wikinews articles in 4 topic corpora (no sub-topics: topic = event set).

    Each article's first line is its headline and the second its date line.
    """
    docs = []
    for doc_id, sentences in _conll_docs(root / "meantime_en" / "meantime.conll"):
        topic = doc_id.split("/")[0]
        lines = [detokenize(s) for s in sentences]
        title = lines[0] if lines else None
        published = _meantime_date(lines[1]) if len(lines) > 1 else None
        body = lines[2:] if published else lines[1:]
        docs.append(Doc(doc_id, "\n".join(body), topic, topic, title, published))
    return docs


def load_basil(root: Path) -> list[Doc]:
    """BASIL: 100 events x 3 outlets; the triplet is the event (topic = sub-topic)."""
    docs = []
    for path in sorted((root / "basil" / "articles").glob("*/*.json")):
        data = json.loads(path.read_text("utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p)
                      for p in data.get("body-paragraphs", [])]
        triplet = data.get("triplet-uuid") or path.stem.rsplit("_", 1)[0]
        date = data.get("date")
        docs.append(Doc(path.stem, "\n".join(paragraphs), triplet, triplet,
                        data.get("title"), f"{date}T00:00:00Z" if date else None))
    return docs


def load_realnews(root: Path, corpus: str) -> list[Doc]:
    """realnews: real excerpts of one developing story (events B*/C* and distractors D*).

    The event label is the sub-topic; the topic is the corpus (one storyline). Language
    is detected as ingest detects it. Unlike realnews_eval.py, no copy detection runs
    first, so every report is clustered on its own (copies do not follow their origin).
    """
    from newsdesk.ingest.metadata import detect_language

    docs = []
    path = root / "realnews" / corpus / "articles.jsonl"
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        a = json.loads(line)
        published = f"{a['published']}T00:00:00Z" if a.get("published") else None
        docs.append(Doc(a["id"], a["text"], corpus, a["event"], a.get("title"), published,
                        detect_language(a["text"])[0]))
    return docs
