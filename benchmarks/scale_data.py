"""Real article bodies for benchmarks/scale.py, read in place from ../shared/benchmarks.

FNC-1 bodies (both splits), PolNeAR (with its publishers and dates), BASIL (outlet, date)
and the AllSides multi-document sets (three outlets' reports of one event per line, given
one shared day). Articles without a date get one spread over two years, so a time window
has something to cut. Past the unique pool, articles come back as re-issues with a small
edit (one sentence dropped, another outlet, a day later); the table says how many.
"""

from __future__ import annotations

import csv
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
START = date(2019, 1, 1)
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

csv.field_size_limit(10**8)


@dataclass(slots=True)
class Item:
    key: str
    title: str
    text: str
    outlet: str
    day: date
    reissue: bool = False

    def record(self) -> dict[str, str]:
        return {"url": f"https://{self.outlet}/{self.key}", "title": self.title, "text": self.text,
                "outlet": self.outlet, "published": self.day.isoformat()}


def _first_sentence(text: str) -> str:
    head = _SENT.split(text.strip(), 1)[0]
    return " ".join(head.split()[:14])


def _fnc(rng: random.Random) -> list[Item]:
    items = []
    for split in ("train", "competition_test"):
        path = DATA / "fnc1" / f"{split}_bodies.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                text = row["articleBody"].strip()
                if len(text.split()) < 60:
                    continue
                outlet = f"fnc{int(row['Body ID']) % 40:02d}.example"
                items.append(Item(f"fnc-{split}-{row['Body ID']}", _first_sentence(text), text,
                                  outlet, START + timedelta(days=rng.randrange(730))))
    return items


def _polnear() -> list[Item]:
    meta = DATA / "polnear" / "metadata.tsv"
    if not meta.exists():
        return []
    info = {}
    with meta.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            info[row["filename"]] = row
    items = []
    for path in sorted((DATA / "polnear").glob("*/text/*.txt")):
        row = info.get(path.stem)
        if row is None:
            continue
        text = path.read_text("utf-8").strip()
        items.append(Item(f"polnear-{path.stem}", row["title"], text,
                          f"{row['publisher']}.example", date.fromisoformat(row["publication_date"])))
    return items


def _basil() -> list[Item]:
    items = []
    for path in sorted((DATA / "basil" / "articles").glob("*/*.json")):
        doc = json.loads(path.read_text("utf-8"))
        # Each paragraph is a list of its sentences.
        paragraphs = doc.get("body-paragraphs") or []
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs)
        try:
            day = date.fromisoformat(str(doc.get("date"))[:10])
        except ValueError:
            continue
        items.append(Item(f"basil-{path.stem}", doc.get("title") or _first_sentence(text), text,
                          f"{doc.get('source', 'basil')}.example", day))
    return items


def _allsides(rng: random.Random) -> list[Item]:
    items = []
    for split in ("train", "val", "test"):
        path = DATA / "neus_allsides_mds" / f"{split}.source"
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            day = START + timedelta(days=rng.randrange(730))
            for k, part in enumerate(line.split("[SEP]")):
                title, sep, body = part.partition("ARTICLE=>")
                title = title.replace("TITLE=>", "").strip()
                if not sep or len(body.split()) < 60:
                    continue
                items.append(Item(f"allsides-{split}-{n}-{k}", title, body.strip(),
                                  f"allsides{k}.example", day))
    return items


def real_pool(seed: int = 16) -> list[Item]:
    """Every usable real article, shuffled with a fixed seed (deduplicated by text)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    pool = []
    for item in _fnc(rng) + _polnear() + _basil() + _allsides(rng):
        if item.text in seen or len(item.text.split()) < 60:
            continue
        seen.add(item.text)
        pool.append(item)
    rng.shuffle(pool)
    return pool


def reissue(item: Item, n: int, rng: random.Random) -> Item:
    """A re-issue of ``item`` with a small edit: one sentence dropped, another outlet, a day later."""
    sentences = _SENT.split(item.text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    return Item(f"{item.key}-r{n}", item.title, " ".join(sentences), f"reissue{n % 25:02d}.example",
                item.day + timedelta(days=1), reissue=True)


def sample(size: int, new: int = 100, seed: int = 16) -> tuple[list[Item], list[Item]]:
    """(base, new) articles: ``new`` fixed held-out articles dated after the whole base (the
    stream's latest day), and ``size - new`` base articles (re-issues past the pool)."""
    pool = real_pool(seed)
    fresh, rest = pool[:new], pool[new:]
    rng = random.Random(seed + size)
    base = rest[: size - new]
    n = 0
    while len(base) < size - new:
        base.append(reissue(rest[n % len(rest)], n, rng))
        n += 1
    last = max(i.day for i in base) if base else START
    fresh = [Item(i.key, i.title, i.text, i.outlet, last + timedelta(days=1)) for i in fresh]
    return base, fresh
