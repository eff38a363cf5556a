"""``-m gui`` selects every test under tests/gui, and ``-m "not gui"`` none
of them: the marker comes from tests/conftest.py's collection hook, not from
each module remembering a ``pytestmark``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("PySide6")


def _collect(*args: str) -> tuple[list[str], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args, "tests/gui"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode in (0, 5), proc.stdout + proc.stderr  # 5: nothing selected
    ids = [line for line in proc.stdout.splitlines() if line.startswith("tests/gui/")]
    return ids, proc.stdout.strip().splitlines()[-1]


@pytest.mark.slow  # two collections of tests/gui in a child pytest
def test_minus_m_gui_collects_every_test_under_tests_gui():
    selected, summary = _collect("-m", "gui")
    assert len(selected) > 50, summary
    assert "deselected" not in summary, summary
    assert re.match(rf"{len(selected)} tests collected", summary), summary
    rest, summary = _collect("-m", "not gui")
    assert rest == [], rest
    assert f"{len(selected)} deselected" in summary, summary
