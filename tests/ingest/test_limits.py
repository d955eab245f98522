"""Hostile inputs against the read limits: decompression bombs, devices, FIFOs and deep
JSON each become one rejection, and the rest of the batch goes in. Every input here is
generated at test time (issue 15, items 1-3)."""

from __future__ import annotations

import gzip
import io
import json
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest import ingest
from newsdesk.ingest.limits import (
    gunzip_capped,
    json_depth_exceeded,
    read_capped,
    read_regular_file,
)
from newsdesk.ingest.readers import warc
from newsdesk.store import Store

from .samples import html_page, warc_bytes

GOOD = ("Harbour officials in Port Elwin said on Tuesday that the new ferry line would open "
        "in May, two months later than planned.\nThe council will vote on the fares next week.")


def _good(tmp_path: Path, name: str = "good.txt") -> Path:
    path = tmp_path / name
    path.write_text(f"Ferry line delayed\n{GOOD}\n", "utf-8")
    return path


def test_limits_gzip_bomb_rejected_with_bounded_memory(tmp_path: Path, store: Store,
                                                       settings: Settings) -> None:
    cap = 1_000_000
    bomb = tmp_path / "a-bomb.txt.gz"
    # 40 MB of one repeated line compress to about 40 KB: far under the cap on disk.
    bomb.write_bytes(gzip.compress(b"the same line again and again\n" * 1_400_000, 9))
    assert bomb.stat().st_size < cap
    good = _good(tmp_path, "b-good.txt")
    tracemalloc.start()
    try:
        report = ingest([str(bomb), str(good)], store, settings.with_overrides(max_input_bytes=cap))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(Path(r.source).name, r.code) for r in report.rejected] == [("a-bomb.txt.gz", "too_large")]
    assert "decompressed" in report.rejected[0].reason
    assert peak < 20 * cap  # the expansion stopped at the cap, not at 40 MB
    assert report.new == 1
    # Nothing lost: the compressed bytes are kept with the rejection.
    (doc,) = [d for d in store.documents() if d["source"] == str(bomb)]
    assert doc["status"] == "rejected" and store.get_blob(doc["blob_id"]) == bomb.read_bytes()


def test_limits_gunzip_capped_multi_member_and_truncated() -> None:
    data = gzip.compress(b"first part. ") + gzip.compress(b"second part.")
    assert gunzip_capped(data, 100) == (b"first part. second part.", True)
    assert gunzip_capped(data[:-6], 100)[1] is False
    with pytest.raises(InputRejected) as caught:
        gunzip_capped(data, 10)
    assert caught.value.reason is Reason.TOO_LARGE


def test_limits_read_capped_stops_past_the_cap() -> None:
    assert read_capped(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    assert read_capped(io.BytesIO(b"x" * 11), 10) is None


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_limits_device_refused_batch_goes_on(tmp_path: Path, store: Store,
                                             settings: Settings) -> None:
    good = _good(tmp_path)
    report = ingest(["/dev/zero", str(good)], store, settings)
    assert [(r.source, r.code) for r in report.rejected] == [("/dev/zero", "not_regular_file")]
    assert "a device" in report.rejected[0].reason
    assert report.new == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_limits_fifo_in_folder_refused_without_hanging(tmp_path: Path, store: Store,
                                                       settings: Settings) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    fifo = folder / "a-pipe.txt"
    os.mkfifo(fifo)
    _good(folder, "b-good.txt")
    result: dict[str, object] = {}
    worker = threading.Thread(
        target=lambda: result.update(report=ingest([str(folder)], store, settings)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # a blocked open of the FIFO: give it a writer, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=10)
        pytest.fail("ingest hung on a FIFO")
    report = result["report"]
    assert [(Path(r.source).name, r.code) for r in report.rejected] == [  # type: ignore[attr-defined]
        ("a-pipe.txt", "not_regular_file")]
    assert report.new == 1  # type: ignore[attr-defined]


def test_limits_read_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"12345")
    assert read_regular_file(path, 5) == b"12345"
    with pytest.raises(InputRejected) as caught:
        read_regular_file(path, 4)
    assert caught.value.reason is Reason.TOO_LARGE
    with pytest.raises(InputRejected) as caught:
        read_regular_file(tmp_path, 4)
    assert caught.value.reason is Reason.NOT_REGULAR_FILE
    with pytest.raises(InputRejected) as caught:
        read_regular_file(tmp_path / "missing", 4)
    assert caught.value.reason is Reason.NOT_FOUND


def test_limits_deep_json_rejected_good_lines_kept(tmp_path: Path, store: Store,
                                                   settings: Settings) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    flat = GOOD.replace("\n", " ")
    lines = [
        json.dumps({"url": "https://elwin.example/1", "text": flat}),
        '{"url": "https://elwin.example/2", "text": "x", "extra": ' + deep + "}",
        json.dumps({"url": "https://elwin.example/3", "text": flat + " Later."}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "b.json").write_text('{"articles": ' + deep + "}", "utf-8")
    good = _good(tmp_path, "c-good.txt")
    report = ingest([str(tmp_path / "a.jsonl"), str(tmp_path / "b.json"), str(good)], store,
                    settings)
    assert sorted((Path(r.source).name, r.locator, r.code) for r in report.rejected) == [
        ("a.jsonl", "line 2", "malformed_json"), ("b.json", "", "malformed_json")]
    assert "nested deeper" in report.rejected[0].reason
    assert report.new == 3


def test_limits_json_depth_ignores_brackets_in_strings() -> None:
    assert not json_depth_exceeded('{"a": "' + "[" * 500 + '"}', 10)
    assert not json_depth_exceeded('{"a": "\\"' + "{" * 500 + '"}', 10)
    assert json_depth_exceeded('{"a": ' + "[" * 11 + "]" * 11 + "}", 10)
    assert not json_depth_exceeded('{"a": ' + "[" * 9 + "]" * 9 + "}", 10)


def test_limits_warc_record_over_cap_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    page = html_page("Ferry line delayed", GOOD.split("\n"))
    data = warc_bytes([("https://elwin.example/a", page), ("https://elwin.example/b", page)])
    monkeypatch.setattr(warc, "MAX_RECORD_BYTES", 100)
    items = list(warc.read_warc(io.BytesIO(data)))
    assert [(i.reason, i.locator) for i in items if isinstance(i, InputRejected)] == [
        (Reason.TOO_LARGE, "record 4"), (Reason.TOO_LARGE, "record 6")]


def test_limits_warc_total_over_cap_stops() -> None:
    page = html_page("Ferry line delayed", GOOD.split("\n"))
    data = warc_bytes([(f"https://elwin.example/{i}", page) for i in range(5)])
    items = list(warc.read_warc(io.BytesIO(data), max_bytes=2 * len(page) + 100))
    assert [type(i).__name__ for i in items] == ["Draft", "Draft", "InputRejected"]
    last = items[-1]
    assert isinstance(last, InputRejected) and last.reason is Reason.TOO_LARGE
