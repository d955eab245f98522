"""kill -9 in the middle of an ingest, then a re-run, gives the same store as one clean
run. Done for real: ``python -m newsdesk ingest`` in a subprocess, SIGKILLed."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.kill_loop import assert_same_exports, exports, kill_loop

from .samples import seed_parts

# Content columns only: nothing here depends on timing.
TABLES = {
    "articles": "id, seq, document_id, source, url, canonical_url, outlet, published, title, "
                "text, text_hash, lang, lang_score, removed_lines, metadata, duplicate_of",
    "documents": "id, source, blob_id, size, format, media_type, status, error_code, error, "
                 "parent_id",
    "rejections": "id, source, document_id, locator, code, reason",
    "blobs": "id, size",
}


def _make_inputs(seeds_dir: Path, root: Path) -> int:
    """A few hundred inputs: text files, JSONL files with bad lines, empty files and
    exact duplicates. Returns the number of articles a clean run stores."""
    title, paragraphs = seed_parts(seeds_dir)
    texts = root / "text"
    texts.mkdir(parents=True)
    articles = 0
    for i in range(300):
        k = i % len(paragraphs)
        body = [f"Update {i}: {paragraphs[k]}", *paragraphs[k + 1:], *paragraphs[:k]]
        (texts / f"{i:04d}.txt").write_text(f"{title} ({i})\n" + "\n".join(body), "utf-8")
        articles += 1
    for i in range(0, 300, 60):  # the same text under another name: an exact duplicate
        (texts / f"{i:04d}-copy.txt").write_bytes((texts / f"{i:04d}.txt").read_bytes())
        articles += 1
    for i in range(5):
        (texts / f"empty-{i}.txt").write_bytes(b"")
    feeds = root / "jsonl"
    feeds.mkdir()
    sign_off = "Reporting by the DW newsroom in Berlin and Washington."
    for f in range(20):
        lines = []
        for j in range(5):
            n = f * 5 + j
            text = "\n".join([paragraphs[n % len(paragraphs)], f"Item {n} of the wire feed.",
                              sign_off])
            lines.append(json.dumps({"url": f"https://www.dw.com/en/wire/a-{n}",
                                     "published": f"2024-09-10T{n % 24:02d}:00:00+02:00",
                                     "title": f"Wire {n}", "text": text}))
            articles += 1
        lines.insert(2, '{"url": "https://www.dw.com/broken", "text": ')
        (feeds / f"wire-{f:02d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return articles


def _ingest_cmd(db: Path, root: Path) -> list[str]:
    return [sys.executable, "-m", "newsdesk", "--db", f"sqlite:///{db}", "ingest", "-q",
            str(root)]


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.Error:  # not created yet, or busy for a moment
        return 0


def _dump(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"select {cols} from {table} order by id").fetchall()
                for table, cols in TABLES.items()}


@pytest.mark.slow
def test_kill_midway_then_rerun_equals_clean_run(seeds_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "inputs"
    expected = _make_inputs(seeds_dir, root)
    env = {**os.environ, "NEWSDESK_FETCH_FEED_LINKS": "0"}

    clean_db = tmp_path / "clean.db"
    done = subprocess.run(_ingest_cmd(clean_db, root), env=env, capture_output=True, timeout=300)
    assert done.returncode == 3, done.stderr.decode()  # the empty files and broken lines
    clean = _dump(clean_db)
    assert len(clean["articles"]) == expected
    assert len(clean["rejections"]) == 5 + 20
    # The outlet's repeated sign-off was learned and removed: corpus-level cleaning is
    # part of what the killed run must redo.
    assert sum("Reporting by the DW newsroom" in row[13] for row in clean["articles"]) == 100

    killed_db = tmp_path / "killed.db"
    proc = subprocess.Popen(_ingest_cmd(killed_db, root), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(killed_db) < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(killed_db)
    assert 40 <= partial < expected

    rerun = subprocess.run(_ingest_cmd(killed_db, root), env=env, capture_output=True,
                           timeout=300)
    assert rerun.returncode == 3, rerun.stderr.decode()
    assert b"already stored" in rerun.stdout
    assert _dump(killed_db) == clean


@pytest.mark.slow
def test_kill_loop_ingest_chains_end_as_clean_run(seeds_dir: Path, tmp_path: Path) -> None:
    """At least 20 kills at random points (uniform over a clean run's duration), in
    chains: each chain's final run must leave the store of one clean run, including the
    outlet-boilerplate pass the killed runs may have missed (issue 15, item 6)."""
    root = tmp_path / "inputs"
    _make_inputs(seeds_dir, root)
    env = {**os.environ, "NEWSDESK_FETCH_FEED_LINKS": "0"}
    clean_db = tmp_path / "clean.db"
    started = time.monotonic()
    subprocess.run(_ingest_cmd(clean_db, root), env=env, capture_output=True, timeout=300)
    clean_s = time.monotonic() - started
    clean, clean_exports = _dump(clean_db), exports(clean_db)

    db = tmp_path / "killed.db"

    def check() -> None:
        assert _dump(db) == clean
        assert_same_exports(exports(db), clean_exports)

    stats = kill_loop(_ingest_cmd(db, root), db, fresh=lambda: None, check=check,
                      kills=int(os.environ.get("NEWSDESK_TEST_KILLS", "20")),
                      max_delay_s=clean_s, ok_codes=(3,), env=env, seed=6)
    assert stats.kills >= 20 and stats.chains >= 1
    print(f"ingest kill loop: {stats.kills} kills in {stats.chains} chains, clean run "
          f"{clean_s:.1f}s, kill times {stats.kill_times}")
