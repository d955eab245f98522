"""The benchmarks' memory reading: a phase run as a child reports its own peak, not its
parent's (benchmarks/memory.py)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

CHILD = (f"import sys; sys.path.insert(0, {str(BENCHMARKS)!r}); "
         "from memory import status_mb; print(status_mb())")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_benchmark_memory_child_of_a_grown_parent_reports_its_own_peak() -> None:
    grown = bytearray(300 * 2**20)
    for i in range(0, len(grown), 4096):  # touch every page: resident, not just reserved
        grown[i] = 1
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    child_mb = float(done.stdout.strip())
    # ru_maxrss would read at least the parent's 300 MB here (Linux keeps it over exec)
    assert 0 < child_mb < 150
    del grown
