"""The realnews re-clustering tool's storylines criterion and URL mapping."""

import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "realnews_recluster",
    Path(__file__).resolve().parent.parent / "benchmarks" / "realnews_recluster.py")
assert spec and spec.loader
tool = importlib.util.module_from_spec(spec)
sys.modules["realnews_recluster"] = tool  # dataclasses look their module up
spec.loader.exec_module(tool)


def test_realnews_recluster_storyline_check_counts_the_main_line_and_joined_distractors() -> None:
    event_of = {"a1": "E1", "a2": "E1", "a3": "E2", "a4": "E3", "d1": "D1", "d2": "D2"}
    line_of = {"a1": "L1", "a2": "L1", "a3": "L1", "a4": "L2", "d1": "L1", "d2": "L3"}
    check = tool.storyline_check(line_of, event_of)
    assert (check.inside, check.total, check.storylines) == (3, 4, 2)
    assert check.distractors == ["D1"]


def test_realnews_recluster_storyline_check_with_every_event_in_one_line() -> None:
    event_of = {"a1": "E1", "a2": "E2", "d1": "D1"}
    check = tool.storyline_check({"a1": "L", "a2": "L", "d1": "M"}, event_of)
    assert (check.inside, check.total, check.storylines, check.distractors) == (2, 2, 1, [])


def test_realnews_recluster_gold_urls_match_the_eval_ingest() -> None:
    rows = [{"id": "x1", "url": "https://example.org/a", "outlet": "example.org"},
            {"id": "x2", "url": None, "outlet": "example.net extra"}]
    urls = tool.gold_urls(rows)
    assert urls["https://example.org/a"]["id"] == "x1"
    assert urls["https://example.net/x2"]["id"] == "x2"
