"""Every benchmark module runs in its quick form and returns well-formed
rows; the quick form makes every measurement the full run makes (only the
data is smaller), so a measurement that breaks shows here and not first in
a full ``make bench``; the harness turns a module that raises into an error
row, and a failing child process reports its own last error line."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import check_goal, markdown, modules, run_module, table_rows  # noqa: E402  (after sys.path lets the test import bench/)
from bench._measure import run_child  # noqa: E402  (after sys.path lets the test import bench/)

NAMES = modules()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_module_runs_quick(name):
    rows, _ = run_module(name, quick=True)
    assert rows, f"{name} returned no rows"
    for row in rows:
        assert row["measure"] != "ERROR", row["ours"]
        assert {"area", "measure", "ours"} <= set(row)
        assert row.get("goal") is None or isinstance(row["goal"], str)


def _names_quick(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "quick" for n in ast.walk(node))


@pytest.mark.parametrize("name", NAMES)
def test_quick_changes_the_data_not_the_measurements(name):
    """``quick`` may pick a size or a stand-in (``x if quick else y``, or an
    ``if quick:`` with an ``else``), but never skip a measurement: an ``if``
    on ``quick`` without an ``else``, or one that returns early, is how the
    editor-responsiveness measurement once went unrun by this smoke test
    while it was broken."""
    tree = ast.parse((ROOT / "bench" / f"{name}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _names_quick(node.test):
            where = f"{name}.py:{node.lineno}"
            assert node.orelse, f"{where}: an if on quick without an else skips a measurement"
            returns = [n for branch in (node.body, node.orelse) for s in branch for n in ast.walk(s)]
            assert not any(isinstance(n, ast.Return) for n in returns), f"{where}: returns early on quick"


def test_a_failing_child_reports_its_last_error_line():
    """The traceback's last line names the error, even when the child wrote
    blank lines after it and the peak-memory report comes last."""
    code = "import sys\nprint('working', file=sys.stderr)\nraise AttributeError('no attribute failed')\n"
    with pytest.raises(RuntimeError, match=r"^child failed \(1\): AttributeError: no attribute failed$"):
        run_child(code)
    code = "import sys\nsys.stderr.write('error: bad input\\n\\n   \\n')\nsys.exit(2)\n"
    with pytest.raises(RuntimeError, match=r"^child failed \(2\): error: bad input$"):
        run_child(code)
    assert run_child("print('ok')")["stdout"] == "ok\n"


def test_goals_are_checked():
    assert check_goal(0.97, ">= 0.95") is True
    assert check_goal(600.0, "< 500 MB") is False
    assert check_goal(1.2, "<= 2 s") is True
    assert check_goal("n/a", ">= 1") is None
    assert check_goal(3, "fast") is None
    assert check_goal(3, None) is None


def test_a_failing_module_is_a_row(tmp_path, monkeypatch):
    pkg = tmp_path / "bench"
    pkg.mkdir()
    (pkg / "bench_broken.py").write_text("def run(quick):\n    raise ValueError('no data')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for mod in [m for m in sys.modules if m == "bench" or m.startswith("bench.")]:
        monkeypatch.delitem(sys.modules, mod)
    rows, _ = run_module("bench_broken", quick=True)
    assert rows[0]["measure"] == "ERROR"
    assert "ValueError: no data" in rows[0]["ours"]
    text = markdown(
        table_rows(rows + [{"area": "x", "measure": "y", "ours": 1.0, "goal": "< 2"}]),
        {"CPU": "test"},
        quick=True,
        timings={},
    )
    assert "| x | y | 1.00 |  |  |  | < 2 | ✓ |" in text
    assert "ValueError: no data" in text


def test_harness_prints_table_without_writing(tmp_path):
    before = (ROOT / "bench" / "RESULTS.md").read_bytes() if (ROOT / "bench" / "RESULTS.md").exists() else None
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--no-write", "--only", "no-such-module"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "annotator benchmarks" in proc.stdout
    after = (ROOT / "bench" / "RESULTS.md").read_bytes() if (ROOT / "bench" / "RESULTS.md").exists() else None
    assert before == after


def test_a_new_run_keeps_the_sections_written_by_hand():
    from bench.__main__ import kept_sections, markdown

    earlier = markdown([("a", "m", "1", "", "", "s", "", "")], {"CPU": "x"}, False, {"bench_a": 1.0})
    earlier += "\n## Import at 100,000 documents, 2026-12-02\n\nA figure and why.\n"
    kept = kept_sections(earlier)
    assert kept == "## Import at 100,000 documents, 2026-12-02\n\nA figure and why.\n"
    again = markdown([], {"CPU": "y"}, False, {}) + "\n" + kept
    assert kept_sections(again) == kept and again.count("## Machine") == 1
