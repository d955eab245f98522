"""Kill loops: run a command on a store, SIGKILL it at random points, run it again, and
check that where each chain of kills ends is what one clean run gives.

A chain is: start the command; after a random delay (uniform over the clean run's
duration) kill it if it is still running, and start it again on the same store; when a
run finishes unkilled, compare the store with the clean one and start a new chain on a
fresh store. Kills are counted until the number asked for is reached.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsdesk.export import EXPORTS
from newsdesk.store import open_store


@dataclass
class KillStats:
    kills: int = 0
    chains: int = 0
    kill_times: list[float] = field(default_factory=list)


def exports(db: Path) -> dict[str, list[str]]:
    """Sorted exports of articles (with their copy links and story), copy links, stories
    and findings: what a user reads from the store, independent of row order."""
    with open_store(f"sqlite:///{db}") as store:
        out = {name: sorted(json.dumps(row, sort_keys=True, default=str)
                            for row in EXPORTS[name](store))
               for name in ("articles", "stories", "findings")}
        out["copies"] = sorted(json.dumps([link.article_id, link.copy_of, link.copy_group,
                                           link.origin, link.method])
                               for link in store.copy_links().values())
    return out


def assert_same_exports(got: dict[str, list[str]], clean: dict[str, list[str]]) -> None:
    """Equal exports, or an AssertionError that says which rows differ (short)."""
    problems = []
    for name in clean:
        extra, missing = set(got[name]) - set(clean[name]), set(clean[name]) - set(got[name])
        if extra or missing:
            problems.append(f"{name}: {len(missing)} rows of the clean run missing, "
                            f"{len(extra)} others; e.g. clean {sorted(missing)[:1]!s:.600} "
                            f"vs {sorted(extra)[:1]!s:.600}")
    assert not problems, "\n".join(problems)


def remove_store(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def kill_loop(
    command: list[str],
    db: Path,
    *,
    fresh: Callable[[], None],
    check: Callable[[], None],
    kills: int,
    max_delay_s: float,
    ok_codes: tuple[int, ...] = (0,),
    env: dict[str, str] | None = None,
    seed: int = 15,
    timeout_s: float = 600,
) -> KillStats:
    """Run kill chains until ``kills`` kills; ``fresh`` prepares a new store at ``db``,
    ``check`` asserts a finished store equals the clean run's."""
    rng = random.Random(seed)
    stats = KillStats()
    fresh()
    started_chain = True
    deadline = time.monotonic() + timeout_s
    while True:
        assert time.monotonic() < deadline, f"kill loop over {timeout_s}s: {stats}"
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        delay = rng.uniform(0.0, max_delay_s) if stats.kills < kills else None
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            stats.kills += 1
            assert delay is not None
            stats.kill_times.append(round(delay, 2))
            started_chain = False
            continue
        finally:
            if proc.stderr is not None:
                err: Any = proc.stderr.read()
                proc.stderr.close()
        assert proc.returncode in ok_codes, err.decode(errors="replace")[-2000:]
        if not started_chain:  # an unkilled run after at least one kill: compare
            check()
            stats.chains += 1
        if stats.kills >= kills:
            return stats
        remove_store(db)
        fresh()
        started_chain = True
