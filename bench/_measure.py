"""Shared by the benchmarks: run Python code in a child process and report
its wall time and peak memory (the child's own ``VmHWM``), so that each
figure is the memory of that one operation."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# The child reports its own high-water mark (VmHWM, reset by exec). The
# rusage of a child is not enough: on Linux its ru_maxrss also counts the
# moment it was forked from this (possibly large) harness process.
_REPORT_PEAK = """
import atexit as _atexit, sys as _sys
def _peak():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    _sys.stderr.write("\\n@@peak_kb " + line.split()[1] + "\\n")
    except OSError:
        pass
_atexit.register(_peak)
"""


def run_child(code: str, *args: str, env: dict | None = None) -> dict:
    """Run ``python -c code args...``; returns seconds, peak_mb, stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _REPORT_PEAK + code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    out, err = proc.communicate()
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        lines = [line for line in err.strip().splitlines() if line.strip() and not line.startswith("@@peak_kb")]
        raise RuntimeError(f"child failed ({proc.returncode}): {lines[-1] if lines else ''}")
    peaks = [int(line.split()[1]) for line in err.splitlines() if line.startswith("@@peak_kb ")]
    return {"seconds": secs, "peak_mb": peaks[-1] / 1024 if peaks else float("nan"), "stdout": out}


def cli(*args: str | Path) -> dict:
    """Run the real command line in a child process."""
    code = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
    return run_child(code, *map(str, args))
