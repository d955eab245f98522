"""Resident memory of the benchmark process itself, for phases run as child processes.

``resource.getrusage(RUSAGE_SELF).ru_maxrss`` is no measure there: Linux carries it over
fork and exec, so a child started by a parent that had grown reports at least the
parent's size (scale.py's parent clusters a kept 20k store while preparing it, and every
phase started after that read ~454 MB whatever it used). /proc's VmHWM belongs to the
process's own memory, which exec starts afresh; ru_maxrss is the fallback elsewhere.
"""

from __future__ import annotations

import resource
from pathlib import Path


def status_mb(field: str = "VmHWM") -> float:
    """VmHWM (peak) or VmRSS (now) of this process in MB; ru_maxrss where /proc has none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
