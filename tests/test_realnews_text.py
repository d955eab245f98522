"""The realnews texts belong to their publishers: none of their wording is in the repo.

Tests, comments and docs describe what real coverage does with examples written for
them; this test fails on any run of RUN words that one of the realnews excerpts also
contains (case, punctuation and line breaks ignored), in any file git tracks. Eight words: site
boilerplate lines ("Your email address will not be published.") and short generic
phrases are shorter; a sentence taken from a report and lightly edited is not.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

RUN = 8
_WORD = re.compile(r"\w+")
_TEXT_FILES = {".py", ".md", ".txt", ".json", ".jsonl", ".html", ".js", ".css", ".toml", ".cfg",
               ".yml", ".yaml", ".ini", ".csv", ".xml", ""}


def _runs(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def test_no_realnews_wording_in_tracked_files(benchmarks_dir: Path) -> None:
    corpora = sorted((benchmarks_dir / "realnews").glob("*/articles.jsonl"))
    if not corpora:
        pytest.skip("no realnews corpus in ../shared/benchmarks/realnews")
    owner: dict[str, str] = {}
    for path in corpora:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                for run in _runs(f"{item.get('title') or ''}\n{item.get('text') or ''}"):
                    owner.setdefault(run, item["id"])
    found = []
    for path in _tracked():
        if path.suffix not in _TEXT_FILES or not path.is_file():
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        # The whole file, not line by line: a quoted sentence may run over several lines.
        spans = list(_WORD.finditer(text.lower()))
        words = [m.group() for m in spans]
        for i in range(len(words) - RUN + 1):
            run = " ".join(words[i:i + RUN])
            if run in owner:
                number = text.count("\n", 0, spans[i].start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{number} ({owner[run]}): {run}")
    assert not found, "realnews wording in the repo (reword it):\n" + "\n".join(found)
