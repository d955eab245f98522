#!/usr/bin/env python3
"""Check demo/ground_truth.json against the files in demo/corpus/ (stdlib + lxml + warcio only).

The demo corpus is FICTIONAL (see demo/README.md). This script renders every article's text
from its source file in the simplest faithful way and asserts that the ground truth agrees
with it: keys, files, titles, dates, stories, copies, and every sentence, quote and
boilerplate line quoted in the ground truth. Run:

    /work/main/.venv/bin/python demo/check_ground_truth.py

It prints a summary and exits non-zero on the first batch of failures.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from email.utils import parsedate_to_datetime
from pathlib import Path

import lxml.html
from lxml import etree
from warcio.archiveiterator import ArchiveIterator

HERE = Path(__file__).resolve().parent
GT_PATH = HERE / "ground_truth.json"
FORMATS = ("txt", "html", "json", "jsonl", "rss", "atom", "warc")
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure",
         "figcaption", "header", "footer", "section", "aside", "article", "main", "nav", "table", "tr",
         "td", "th", "br", "time"}
SKIP = {"script", "style", "noscript", "template"}
QUOTE_MARKS = [("“", "”"), ('"', '"'), ("‘", "’"), ("„", "“"), ("«", "»")]
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
ATOM = "{http://www.w3.org/2005/Atom}"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

failures: list[str] = []


def fail(msg: str) -> None:
    failures.append(msg)


# ----------------------------------------------------------------------------- rendering
def _local(tag) -> str | None:
    if not isinstance(tag, str):
        return None  # comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


def _walk(el, out: list[str]) -> None:
    tag = _local(el.tag)
    if tag is not None and tag not in SKIP:
        block = tag in BLOCK
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            _walk(child, out)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")
    elif tag is None:
        pass  # comments: their tail is added by the parent


def render_element(el) -> str:
    out: list[str] = []
    _walk(el, out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def render_html_fragment(markup: str) -> str:
    if not markup.strip():
        return ""
    return render_element(lxml.html.fragment_fromstring(markup, create_parent="div"))


def parse_page(data: bytes) -> dict:
    doc = lxml.html.document_fromstring(data)
    article = doc.xpath("//article")
    meta = lambda prop: (doc.xpath(f'//meta[@property="{prop}"]/@content') or [None])[0]
    return {
        "text": render_element(article[0]) if article else "",
        "title": " ".join(article[0].xpath("string(.//h1)").split()) if article else None,
        "url": (doc.xpath('//link[@rel="canonical"]/@href') or [None])[0],
        "published": meta("article:published_time"),
        "site_name": meta("og:site_name"),
    }


def parse_date(value: str) -> dt.datetime:
    value = value.strip()
    try:
        d = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            d = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            d = dt.datetime.strptime(value, "%B %d, %Y")
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.astimezone(dt.timezone.utc)


# ----------------------------------------------------------------------------- loading
def load_file(rel: str, fmt: str) -> dict[str, dict]:
    """Return {key: {text, title, published, url}} for every article in one file."""
    path = HERE / rel
    out: dict[str, dict] = {}
    if fmt == "txt":
        raw = path.read_text(encoding="utf-8")
        first, _, rest = raw.partition("\n")
        if not rest.startswith("\n"):
            fail(f"{rel}: headline must be followed by a blank line")
        m = re.match(r"(\d{4}-\d{2}-\d{2})-", path.name)
        out["file:" + rel] = {"text": raw.strip(), "body": rest.strip(), "title": first.strip(), "url": None,
                              "published": m.group(1) if m else None,
                              "outlet": path.parent.name}
    elif fmt == "html":
        page = parse_page(path.read_bytes())
        out[page["url"]] = page
    elif fmt in ("json", "jsonl"):
        raw = path.read_text(encoding="utf-8")
        objs = [json.loads(l) for l in raw.splitlines() if l.strip()] if fmt == "jsonl" else json.loads(raw)
        if isinstance(objs, dict):
            objs = [objs]
        for o in objs:
            for field in ("url", "published", "title"):
                if field not in o:
                    fail(f"{rel}: object without {field!r}")
            if "outlet" not in o and "source" not in o:
                fail(f"{rel}: object without outlet/source")
            text = o.get("text")
            if text is None:
                text = render_html_fragment(o.get("html", ""))
            else:
                text = "\n".join(" ".join(l.split()) for l in text.splitlines() if l.strip())
            out[o["url"]] = {"text": text, "title": o["title"], "url": o["url"], "published": o["published"]}
    elif fmt == "rss":
        root = etree.parse(str(path)).getroot()
        for item in root.iter("item"):
            enc = item.find(CONTENT_NS + "encoded")
            desc = item.findtext("description") or ""
            markup = enc.text if enc is not None else desc
            out[item.findtext("link").strip()] = {
                "text": render_html_fragment(markup or ""), "title": item.findtext("title"),
                "url": item.findtext("link").strip(), "published": item.findtext("pubDate"),
                "summary_only": enc is None}
    elif fmt == "atom":
        root = etree.parse(str(path)).getroot()
        for entry in root.iter(ATOM + "entry"):
            link = next(l.get("href") for l in entry.iter(ATOM + "link") if l.get("rel", "alternate") == "alternate")
            content = entry.find(ATOM + "content")
            kind = content.get("type", "text") if content is not None else None
            if kind == "xhtml":
                text = render_element(content[0])
            elif kind == "html":
                text = render_html_fragment(content.text or "")
            else:
                text = " ".join((entry.findtext(ATOM + "summary") or "").split())
            out[link] = {"text": text, "title": entry.findtext(ATOM + "title"), "url": link,
                         "published": entry.findtext(ATOM + "published"), "summary_only": content is None}
    elif fmt == "warc":
        kinds = Counter()
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                ctype = rec.http_headers.get_header("Content-Type", "") if rec.http_headers else ""
                status = rec.http_headers.get_statuscode() if rec.http_headers and rec.rec_type == "response" else None
                if rec.rec_type == "response" and status == "200" and ctype.startswith("text/html"):
                    kinds["html"] += 1
                    page = parse_page(rec.content_stream().read())
                    uri = rec.rec_headers.get_header("WARC-Target-URI")
                    if page["url"] != uri:
                        fail(f"{rel}: WARC-Target-URI {uri} differs from canonical {page['url']}")
                    out[uri] = page
                else:
                    kinds[rec.rec_type if rec.rec_type != "response" else f"response {status} {ctype}"] += 1
        if not kinds.get("warcinfo"):
            fail(f"{rel}: no warcinfo record")
        if sum(v for k, v in kinds.items() if k not in ("html", "warcinfo")) < 1:
            fail(f"{rel}: no non-HTML record for readers to skip")
    return out


def flat(s: str) -> str:
    return " ".join(s.split())


def body_lines(text: str, title: str | None) -> list[str]:
    return [l for l in text.split("\n") if l != title]


# ----------------------------------------------------------------------------- checks
def main() -> int:
    gt = json.loads(GT_PATH.read_text(encoding="utf-8"))
    arts = gt["articles"]
    by_key = {}
    for a in arts:
        if a["key"] in by_key:
            fail(f"duplicate key {a['key']}")
        by_key[a["key"]] = a

    # Load all files once.
    cache: dict[tuple[str, str], dict] = {}
    texts: dict[str, str] = {}
    for a in arts:
        fk = (a["file"], a["format"])
        if not (HERE / a["file"]).is_file():
            fail(f"{a['key']}: missing file {a['file']}")
            continue
        if fk not in cache:
            cache[fk] = load_file(*fk)
        src = cache[fk].get(a["key"])
        if src is None:
            fail(f"{a['key']}: not found in {a['file']}")
            continue
        texts[a["key"]] = src["text"]
        a["_src"] = src

    # Every article in every referenced file is in the ground truth.
    for (rel, _), found in cache.items():
        for key in found:
            if key not in by_key:
                fail(f"{rel}: article {key} is not in the ground truth")

    # Per-article metadata.
    for a in arts:
        src = a.get("_src")
        if src is None:
            continue
        if a["format"] not in FORMATS:
            fail(f"{a['key']}: unknown format {a['format']}")
        if src.get("title") is not None and flat(src["title"]) != a["title"]:
            fail(f"{a['key']}: title {src['title']!r} != ground truth {a['title']!r}")
        if src.get("published"):
            got = parse_date(src["published"])
            want = parse_date(a["published"])
            if got != want:
                fail(f"{a['key']}: published {got.isoformat()} != ground truth {a['published']}")
        if not re.fullmatch(r"2025-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?", a["published"]):
            fail(f"{a['key']}: published must be a day or ISO 8601 UTC with Z")
        if a["key"].startswith("file:"):
            if a["key"] != "file:" + a["file"] or src.get("outlet") != a["outlet"]:
                fail(f"{a['key']}: txt key/outlet must follow the file path")
        else:
            host = a["key"].split("/")[2]
            host = host[4:] if host.startswith("www.") else host
            if host != a["outlet"] or not host.endswith(".example"):
                fail(f"{a['key']}: outlet {a['outlet']} does not match URL host {host}")
        if a["summary_only"] != bool(src.get("summary_only", False)):
            fail(f"{a['key']}: summary_only={a['summary_only']} but the source says {src.get('summary_only')}")
        n_words = len(src["text"].split())
        if a["headline_only"]:
            if src["text"].strip():
                fail(f"{a['key']}: headline_only but has text")
        elif a["summary_only"]:
            if not 5 <= n_words <= 80:
                fail(f"{a['key']}: summary_only text has {n_words} words")
        elif not 150 <= n_words <= 620:
            fail(f"{a['key']}: {n_words} words, outside 150-600")
        for line in a["boilerplate_lines"]:
            if flat(line) not in src["text"].split("\n"):
                fail(f"{a['key']}: boilerplate line not a whole line of the text: {line!r}")
        if (a["copy_of"] is None) != (a["copy_kind"] is None):
            fail(f"{a['key']}: copy_of and copy_kind must both be set or both null")
        if a["copy_kind"] not in (None, "verbatim", "light_edit", "spun"):
            fail(f"{a['key']}: bad copy_kind {a['copy_kind']}")
        if a["copy_of"]:
            orig = by_key.get(a["copy_of"])
            if orig is None:
                fail(f"{a['key']}: copy_of {a['copy_of']} does not exist")
            elif orig["story"] != a["story"] or orig["copy_of"] is not None:
                fail(f"{a['key']}: copy_of must point to an original in the same story")
            elif parse_date(orig["published"]) >= parse_date(a["published"]):
                fail(f"{a['key']}: a copy must be published after its original")
            elif a["copy_kind"] in ("verbatim", "light_edit") and orig["key"] in texts:
                o_lines = body_lines(texts[orig["key"]], orig["title"])
                c_lines = set(body_lines(texts[a["key"]], a["title"])) - set(map(flat, a["boilerplate_lines"]))
                shared = sum(1 for l in o_lines if l in c_lines)
                need = len(o_lines) if a["copy_kind"] == "verbatim" else int(0.8 * len(o_lines))
                if shared < need:
                    fail(f"{a['key']}: only {shared}/{len(o_lines)} paragraphs of the original for a {a['copy_kind']} copy")

    # Stories.
    story_ids = [s["id"] for s in gt["stories"]]
    if len(set(story_ids)) != len(story_ids):
        fail("duplicate story ids")
    for s in gt["stories"]:
        named = [a["key"] for a in arts if a["story"] == s["id"]]
        if sorted(named) != sorted(s["articles"]) or len(set(s["articles"])) != len(s["articles"]):
            fail(f"story {s['id']}: lists {len(s['articles'])} articles, {len(named)} articles name it")
        if len(named) < 1:
            fail(f"story {s['id']} is empty")
    for a in arts:
        if a["story"] is not None and a["story"] not in story_ids:
            fail(f"{a['key']}: unknown story {a['story']}")
        if a["story"] is None and not a["headline_only"]:
            fail(f"{a['key']}: only headline-only items may be outside every story")

    # Sentences quoted in discrepancies and agreements.
    for kind in ("discrepancies", "agreements"):
        for d in gt[kind]:
            ka, kb = d["articles"]
            for k in (ka, kb):
                if k not in by_key:
                    fail(f"{kind} {d.get('id')}: unknown article {k}")
                elif by_key[k]["story"] != d["story"]:
                    fail(f"{kind} {d.get('id')}: article {k} is not in story {d['story']}")
            for k, sent in ((ka, d["sentence_a"]), (kb, d["sentence_b"])):
                if k in texts and flat(sent) not in flat(texts[k]):
                    fail(f"{kind} {d.get('id')}: sentence not found in {k}: {sent[:70]!r}")
    if len({d["id"] for d in gt["discrepancies"]}) != len(gt["discrepancies"]):
        fail("duplicate discrepancy ids")
    types = {d["type"] for d in gt["discrepancies"]}
    for t in ("quantity", "date", "entity", "polarity", "quote", "hedge"):
        if t not in types:
            fail(f"no discrepancy of type {t}")

    # Quotes: present and enclosed in quotation marks.
    for q in gt["quotes"]:
        t = texts.get(q["article"])
        if t is None:
            fail(f"quote for unknown article {q['article']}")
            continue
        ft, fq = flat(t), flat(q["text"])
        if not any(o + fq + c in ft for o, c in QUOTE_MARKS):
            fail(f"quote not found between quotation marks in {q['article']}: {q['text'][:60]!r}")
    if len(gt["quotes"]) < 15:
        fail("fewer than 15 quotes")

    # Entity variants: every variant occurs somewhere in the corpus.
    everything = "\n".join(texts.values())
    for ev in gt["entity_variants"]:
        for v in ev["variants"]:
            if v not in everything:
                fail(f"entity variant {v!r} occurs in no article")

    # Weekday + date claims: the only inconsistent one must be the planted D5 error.
    planted = {flat(d[s]) for d in gt["discrepancies"] if d["type"] == "date" for s in ("sentence_a", "sentence_b")}
    pat = re.compile(r"\b(%s),? (%s) (\d{1,2})\b" % ("|".join(WEEKDAYS), "|".join(MONTHS)))
    n_inconsistent = 0
    for key, t in texts.items():
        year = int(by_key[key]["published"][:4])
        for m in pat.finditer(t):
            day = dt.date(year, MONTHS.index(m.group(2)) + 1, int(m.group(3)))
            if day.strftime("%A") != m.group(1):
                n_inconsistent += 1
                if not any(m.group(0) in s for s in planted):
                    fail(f"{key}: unplanned weekday/date mismatch {m.group(0)!r} ({day} is a {day:%A})")
    if n_inconsistent != 1:
        fail(f"expected exactly one planted weekday/date mismatch, found {n_inconsistent}")
    if dt.date(2025, 3, 12).strftime("%A") != "Wednesday":
        fail("calendar check: 2025-03-12 should be a Wednesday")

    # Counts and size.
    fmt_counts = Counter(a["format"] for a in arts)
    if len(arts) < 30:
        fail(f"only {len(arts)} articles")
    if len(gt["stories"]) < 4:
        fail(f"only {len(gt['stories'])} stories")
    for f in FORMATS:
        if fmt_counts[f] < 2:
            fail(f"format {f} used by {fmt_counts[f]} articles (need 2)")
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    if size >= 1_000_000:
        fail(f"demo/ is {size} bytes (limit 1 MB)")

    if failures:
        print(f"FAILED: {len(failures)} problem(s)")
        for f in failures:
            print("  -", f)
        return 1
    per_story = Counter(a["story"] for a in arts)
    print(f"OK: {len(arts)} articles, {len(gt['stories'])} stories, {len(gt['discrepancies'])} discrepancies, "
          f"{len(gt['agreements'])} agreements, {len(gt['quotes'])} quotes; demo/ is {size} bytes")
    print("  per format:", ", ".join(f"{f}={fmt_counts[f]}" for f in FORMATS))
    print("  per story: ", ", ".join(f"{s}={n}" for s, n in sorted(per_story.items(), key=lambda x: str(x[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
