"""The built wheel, installed with the pip that `python3 -m venv` brings (not an
upgraded one), ingests and analyzes with the default settings: the seeds and one HTML
page. Slow (it installs every dependency); it uses pip's cache and configured index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_install_wheel_in_fresh_venv(tmp_path: Path, seeds_dir: Path) -> None:
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels),
                            str(ROOT)], capture_output=True, text=True, check=False)
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {built.stderr[-500:]}")
    (wheel,) = wheels.glob("newsdesk-*.whl")
    env_dir = tmp_path / "venv"
    # A clean environment: no PYTHONPATH pointing at this checkout, no NEWSDESK_* settings.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "PYTHON"))}
    python = getattr(sys, "_base_executable", sys.executable)
    made = subprocess.run([python, "-m", "venv", str(env_dir)], env=clean, capture_output=True,
                          text=True, check=False)  # with its bundled pip, not upgraded
    assert made.returncode == 0, made.stderr
    pip, newsdesk = env_dir / "bin" / "pip", env_dir / "bin" / "newsdesk"
    installed = subprocess.run([str(pip), "install", "-q", str(wheel)], capture_output=True,
                               text=True, env=clean, check=False)
    if installed.returncode != 0 and ("No matching distribution" in installed.stderr
                                      or "Could not fetch" in installed.stderr
                                      or "NewConnectionError" in installed.stderr):
        pytest.skip(f"no package index reachable: {installed.stderr[-300:]}")
    assert installed.returncode == 0, installed.stderr[-2000:]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Port budget approved | Harbour Post</title></head><body><article>"
        "<h1>Port budget approved</h1><p>The harbour board of Villaclara approved the port "
        "budget on Tuesday after a long debate about new cranes.</p><p>Work on the quay is "
        "to start in March and last two years, the board's chair told reporters.</p>"
        "</article></body></html>", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    run_env = clean | {"NEWSDESK_FETCH_FEED_LINKS": "0"}
    for args in (["ingest", str(seeds_dir), str(page)], ["analyze"]):
        done = subprocess.run([str(newsdesk), *args], cwd=work, capture_output=True, text=True,
                              env=run_env, check=False)
        assert done.returncode == 0, done.stdout[-1000:] + done.stderr[-2000:]
    assert (work / "newsdesk.db").exists()
