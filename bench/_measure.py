"""Shared by the benchmarks: run Python code in a child process and report
its wall time and peak memory (the child's own ``ru_maxrss``, via wait4),
so that each figure is the memory of that one operation."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_child(code: str, *args: str, env: dict | None = None) -> dict:
    """Run ``python -c code args...``; returns seconds, peak_mb, stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {err.strip().splitlines()[-1] if err.strip() else ''}")
    return {"seconds": secs, "peak_mb": usage.ru_maxrss / 1024, "stdout": out}


def cli(*args: str) -> dict:
    """Run the real command line in a child process."""
    code = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
    return run_child(code, *map(str, args))
