"""Inputs for the ingest benchmark, generated from the demo corpus (or the seeds when
the demo corpus is absent): text files, JSONL files, HTML pages in the demo's page
layouts, and WARC.gz archives of the same pages as Common Crawl News writes them.

Each generated article is a fresh mix of real sentences from the corpus, so no two
articles share a paragraph (an outlet's repeated lines would otherwise be learned as
its boilerplate, which is not what the benchmark should measure).
"""

from __future__ import annotations

import html
import io
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.clean import is_promo_line

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
SEEDS = ROOT.parent / "shared" / "seeds"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[A-Z\"“‘'])")


@dataclass(slots=True)
class Fake:
    title: str
    paragraphs: list[str]
    outlet: str
    url: str
    published: str


def _pool_from_texts(texts: list[str]) -> list[str]:
    sentences = []
    for text in texts:
        for line in text.split("\n"):
            sentences += [s.strip() for s in _SENTENCE_END.split(line) if len(s.split()) >= 6]
    # The corpus's own promo lines stay out: they would be cleaned, not measured.
    return sorted({s for s in sentences if not is_promo_line(s)})


def source_pool() -> tuple[str, list[str], list[str], list[str]]:
    """(name, sentences, titles, outlets) from the demo corpus, else from the seeds."""
    truth = DEMO / "ground_truth.json"
    if truth.exists():
        articles = json.loads(truth.read_text("utf-8"))["articles"]
        english = {a["file"] for a in articles if a["lang"] == "en"}
        texts = []
        for name in sorted(n for n in english if n.endswith((".txt", ".json", ".jsonl"))):
            raw = (DEMO / name).read_text("utf-8")
            if name.endswith(".jsonl"):
                records = [json.loads(line) for line in raw.splitlines() if line.strip()]
            elif name.endswith(".json"):
                loaded = json.loads(raw)
                records = loaded if isinstance(loaded, list) else [loaded]
            else:
                records = []
            texts += [r.get("text") or "" for r in records if isinstance(r, dict)]
            if name.endswith(".txt"):
                texts.append(raw)
        for path in sorted((DEMO / "corpus" / "html").glob("*.html")):
            texts += [html.unescape(re.sub(r"<[^>]+>", "", p))
                      for p in re.findall(r"<p\b[^>]*>(.*?)</p>", path.read_text("utf-8"), re.S)]
        titles = [a["title"] for a in articles if a.get("title") and a["lang"] == "en"]
        outlets = sorted({a["outlet"] for a in articles})
        return "demo corpus", _pool_from_texts(texts), titles, outlets
    if SEEDS.is_dir():
        texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        titles = [t.split("\n", 1)[0] for t in texts]
        return "seeds", _pool_from_texts(texts), titles, ["dw.com", "rferl.org", "example.org"]
    raise SystemExit("neither demo/ nor ../shared/seeds is there: nothing to generate from")


def fakes(n: int, seed: int = 2025) -> tuple[str, list[Fake]]:
    name, sentences, titles, outlets = source_pool()
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paragraphs = [" ".join(rng.sample(sentences, rng.randint(1, 3)))
                      for _ in range(rng.randint(5, 12))]
        outlet = outlets[i % len(outlets)]
        day, hour, minute = rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
        out.append(Fake(
            title=f"{rng.choice(titles)} ({i})", paragraphs=paragraphs, outlet=outlet,
            url=f"https://{outlet}/news/2025/03/{day:02d}/story-{i:05d}",
            published=f"2025-03-{day:02d}T{hour:02d}:{minute:02d}:00Z"))
    return name, out


def write_text(items: list[Fake], folder: Path) -> None:
    """One .txt per article, in a folder named after the outlet's domain."""
    for i, fake in enumerate(items):
        path = folder / fake.outlet / f"2025-03-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fake.title + "\n\n" + "\n".join(fake.paragraphs) + "\n", "utf-8")


def write_jsonl(items: list[Fake], folder: Path, per_file: int = 500) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(items), per_file):
        with (folder / f"dump-{start // per_file:03d}.jsonl").open("w", encoding="utf-8") as out:
            for fake in items[start:start + per_file]:
                out.write(json.dumps({
                    "url": fake.url, "outlet": fake.outlet, "published": fake.published,
                    "title": fake.title, "text": "\n\n".join(fake.paragraphs),
                    "section": "news"}) + "\n")


def _layouts() -> list[str]:
    pages = sorted((DEMO / "corpus" / "html").glob("*.html")) + sorted(
        (DEMO / "warc_src").glob("*.html"))
    layouts = [p.read_text("utf-8") for p in pages if "<article" in p.read_text("utf-8")]
    return layouts or [_PLAIN_LAYOUT]


_PLAIN_LAYOUT = (
    "<!doctype html><html><head><meta charset='utf-8'><title>T | Site</title>"
    "<meta property=\"og:url\" content=\"https://example.org/x\">"
    "<link rel=\"canonical\" href=\"https://example.org/x\">"
    "<meta property=\"article:published_time\" content=\"2025-03-01T00:00:00Z\"></head>"
    "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>T</h1>"
    "<p>x</p></article><footer><p>Share on Facebook</p></footer></body></html>")


def render_page(fake: Fake, layout: str) -> tuple[str, str]:
    """(url, page): the layout's chrome around the fake article, on the layout's site."""
    host = re.search(r'rel="canonical" href="https?://([^/"]+)', layout)
    url = f"https://{host.group(1) if host else 'example.org'}{urlsplit(fake.url).path}"
    title = html.escape(fake.title)
    page = re.sub(r"<title>([^<|]*)", lambda _m: f"<title>{title} ", layout, count=1)
    page = re.sub(r'(rel="canonical" href=")[^"]*', lambda m: m.group(1) + url, page)
    page = re.sub(r'(property="og:url" content=")[^"]*', lambda m: m.group(1) + url, page)
    page = re.sub(r'(property="og:title" content=")[^"]*', lambda m: m.group(1) + title, page)
    page = re.sub(r'(property="article:published_time" content=")[^"]*',
                  lambda m: m.group(1) + fake.published, page)
    page = re.sub(r'(<time datetime=")[^"]*', lambda m: m.group(1) + fake.published, page)
    page = re.sub(r"<h1([^>]*)>.*?</h1>", lambda m: f"<h1{m.group(1)}>{title}</h1>", page,
                  count=1, flags=re.S)
    start = page.index("<article")
    end = page.index("</article>", start)
    body = re.sub(r"<p\b[^>]*>.*?</p>\s*", "", page[start:end], flags=re.S)
    body += "".join(f"<p>{html.escape(p)}</p>\n" for p in fake.paragraphs)
    return url, page[:start] + body + page[end:]


def write_html(items: list[Fake], folder: Path) -> list[tuple[str, str]]:
    folder.mkdir(parents=True, exist_ok=True)
    layouts = _layouts()
    pages = []
    for i, fake in enumerate(items):
        url, page = render_page(fake, layouts[i % len(layouts)])
        (folder / f"page-{i:05d}.html").write_text(page, "utf-8")
        pages.append((url, page))
    return pages


def write_warc(pages: list[tuple[str, str]], folder: Path, per_file: int = 1000) -> None:
    """WARC.gz files of request + response records, gzip per record."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(pages), per_file):
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        writer.write_record(writer.create_warcinfo_record("bench.warc.gz", {"software": "bench"}))
        for url, page in pages[start:start + per_file]:
            request = StatusAndHeaders(f"GET {urlsplit(url).path} HTTP/1.1",
                                       [("Host", urlsplit(url).netloc)], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode("utf-8")), http_headers=headers))
        (folder / f"cc-{start // per_file:03d}.warc.gz").write_bytes(buffer.getvalue())
