"""``python -m bench``: run every ``bench/bench_*.py`` and print one table.

Each module has ``run(quick: bool) -> list[dict]``; a dict is one row:
``area``, ``measure``, ``ours``, ``baseline``, ``baseline_name``, ``unit``,
``goal`` (the last three may be missing or None). A goal such as ``>= 0.95``,
``< 2 s`` or ``<= 500 MB`` is checked against ``ours`` and marked ✓ or ✗.
A module that raises becomes one row carrying its error, so one broken
benchmark never hides the others.

``--quick`` makes every measurement on small data (for the smoke test);
``--no-write`` skips updating ``bench/RESULTS.md``; ``--only NAME`` runs the
modules whose name contains NAME.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import platform
import re
import sys
import time
import traceback
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
COLUMNS = ("area", "measure", "ours", "baseline", "baseline name", "unit", "goal", "ok")
KEY_PACKAGES = (
    "sqlite-utils",
    "pydantic",
    "pyarabic",
    "PySide6-Essentials",
    "spacy",
    "datasets",
    "label-studio-converter",
    "pyarrow",
    "dkpro-cassis",
)

_GOAL = re.compile(r"^\s*(<=|>=|<|>|==|=)\s*(-?[\d.]+(?:e-?\d+)?)")


def modules() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def check_goal(ours: Any, goal: str | None) -> bool | None:
    """True/False when ``goal`` starts with a comparison and a number and
    ``ours`` is a number; None when there is nothing to check."""
    if goal is None or not isinstance(ours, (int, float)) or isinstance(ours, bool):
        return None
    m = _GOAL.match(str(goal))
    if not m:
        return None
    op, target = m.group(1), float(m.group(2))
    return {
        "<": ours < target,
        "<=": ours <= target,
        ">": ours > target,
        ">=": ours >= target,
        "==": ours == target,
        "=": ours == target,
    }[op]


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def run_module(name: str, quick: bool) -> tuple[list[dict], float]:
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.{name}")
        rows = list(module.run(quick))
    except Exception as exc:  # a broken benchmark is a row, not a crash
        last = traceback.extract_tb(exc.__traceback__)[-1]
        rows = [
            {
                "area": name.removeprefix("bench_"),
                "measure": "ERROR",
                "ours": f"{type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})",
            }
        ]
    return rows, time.perf_counter() - t0


def table_rows(rows: list[dict]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for r in rows:
        ok = check_goal(r.get("ours"), r.get("goal"))
        out.append(
            (
                str(r.get("area", "")),
                str(r.get("measure", "")),
                fmt(r.get("ours")),
                fmt(r.get("baseline")),
                str(r.get("baseline_name") or ""),
                str(r.get("unit") or ""),
                str(r.get("goal") or ""),
                "" if ok is None else ("✓" if ok else "✗"),
            )
        )
    return out


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    import sqlite3

    versions = []
    for pkg in KEY_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{pkg} {metadata.version(pkg)}")
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "packages": ", ".join(versions),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def markdown(rows: list[tuple[str, ...]], info: dict[str, str], quick: bool, timings: dict[str, float]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|").replace("\n", " ")

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`); every figure sits next to a baseline "
        "measured in the same run on the same data where there is one.",
        "" if not quick else "\n**Quick run** (small data, for the smoke test): figures are not representative.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    lines += ["", "## Machine", ""]
    lines += [f"- **{k}**: {v}" for k, v in info.items()]
    lines += ["", "## Time per module", ""]
    lines += [f"- `{name}`: {secs:.1f} s" for name, secs in timings.items()]
    return "\n".join(lines) + "\n"


GENERATED_SECTIONS = ("## Machine", "## Time per module")


def kept_sections(old: str) -> str:
    """The sections of an earlier RESULTS.md written by hand (dated figures,
    what was tried), which a new run keeps below its own table: every ``## ``
    section but the generated ones."""
    sections: list[list[str]] = []
    for line in old.splitlines():
        if line.startswith("## "):
            sections.append([])
        if sections:
            sections[-1].append(line)
    kept = [sec for sec in sections if sec[0].strip() not in GENERATED_SECTIONS]
    return "\n".join("\n".join(sec).rstrip() + "\n" for sec in kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data, seconds per module")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--only", help="run only modules whose name contains this")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE.parent))
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=200)  # a log file gets whole rows
    names = [n for n in modules() if not args.only or args.only in n]
    all_rows: list[dict] = []
    timings: dict[str, float] = {}
    for name in names:
        console.print(f"[dim]running {name}{' (quick)' if args.quick else ''} ...[/dim]")
        rows, secs = run_module(name, args.quick)
        timings[name] = secs
        all_rows += rows
    shown = table_rows(all_rows)

    table = Table(title="annotator benchmarks" + (" (quick)" if args.quick else ""))
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in ("ours", "baseline") else "left", overflow="fold")
    for r in shown:
        style = "red" if r[-1] == "✗" or r[1] == "ERROR" else None
        table.add_row(*r, style=style)
    console.print(table)
    info = machine()
    console.print(" · ".join(f"{k}: {v}" for k, v in info.items() if k != "packages"))
    if not args.no_write:
        earlier = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        kept = kept_sections(earlier)
        RESULTS.write_text(markdown(shown, info, args.quick, timings) + ("\n" + kept if kept else ""), encoding="utf-8")
        console.print(f"[dim]wrote {RESULTS.relative_to(HERE.parent)}[/dim]")
    return 1 if any(r[1] == "ERROR" for r in shown) else 0


if __name__ == "__main__":
    sys.exit(main())
