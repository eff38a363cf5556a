"""The bundle's own run-time hooks (pyinstaller/rthooks/), run as the frozen
app runs them: PySide6's sets Qt's variables at start without importing Qt
and registers the qt.conf step for the moment the application imports
PySide6.QtCore; inspect's, multiprocessing's and pkgutil's import nothing at
start and patch their module when the application first imports it. So
`annotator --help` and `stats` in the bundle never load Qt, multiprocessing,
pkgutil or zipfile. rthooks.dat, read as PyInstaller reads it, puts them in
place of PyInstaller's own hooks."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import PyInstaller

from tests.packaging.installed import ROOT, clean_env

HOOKS = ROOT / "pyinstaller"
FAKE = Path(PyInstaller.__file__).parent / "fake-modules"  # where PyInstaller keeps _pyi_rth_utils
LOADER = Path(PyInstaller.__file__).parent / "loader"  # PyInstaller's bootstrap modules (pyimod02_importers)

CHILD = """
import runpy, sys
sys._MEIPASS = sys.argv[1]
runpy.run_path(sys.argv[2])
import os
print("qt at start:", "PySide6.QtCore" in sys.modules, os.environ["QT_PLUGIN_PATH"])
import _pyi_rth_utils.qt as qt
made = []
real = qt.create_embedded_qt_conf
qt.create_embedded_qt_conf = lambda *a: (made.append(a), real(*a))
from PySide6 import QtCore
print("conf after QtCore:", made == [("PySide6", os.path.join(sys._MEIPASS, "PySide6", "Qt"))])
print("qt.conf:", QtCore.QFile.exists(":/qt/etc/qt.conf"))
"""


def test_rthooks_dat_replaces_the_pyside6_and_setuptools_hooks():
    table = ast.literal_eval((HOOKS / "rthooks.dat").read_text(encoding="utf-8"))
    assert table == {
        "PySide6": ["pyi_rth_pyside6_lazy.py"],
        "inspect": ["pyi_rth_inspect_lazy.py"],
        "multiprocessing": ["pyi_rth_multiprocessing_lazy.py"],
        "pkgutil": ["pyi_rth_pkgutil_lazy.py"],
        "setuptools": ["pyi_rth_setuptools_unused.py"],
    }
    assert all((HOOKS / "rthooks" / name).is_file() for names in table.values() for name in names)
    assert 'hookspath=[str(ROOT / "pyinstaller")]' in (ROOT / "annotator.spec").read_text(encoding="utf-8")


def test_the_pyside6_hook_leaves_qt_unloaded_until_the_app_imports_it(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), str(HOOKS / "rthooks" / "pyi_rth_pyside6_lazy.py")],
        env=clean_env(PYTHONPATH=f"{FAKE}:{HOOKS}", QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"qt at start: False {tmp_path}/PySide6/Qt/plugins"
    assert lines[1:] == ["conf after QtCore: True", "qt.conf: True"]


STDLIB_CHILD = """
import sys
sys._MEIPASS = sys.argv[1]
for hook in sys.argv[2:]:  # as the bootloader runs them: compiled and executed, not through runpy (imports pkgutil)
    with open(hook, encoding="utf-8") as f:
        exec(compile(f.read(), hook, "exec"), {"__name__": "__main__"})
print("at start:", sorted(m for m in ("inspect", "multiprocessing", "pkgutil", "zipfile") if m in sys.modules))
import inspect, multiprocessing, pkgutil, pyimod02_importers
print("inspect:", inspect.getsourcefile.__qualname__)
print("freeze_support:", multiprocessing.freeze_support.__qualname__, multiprocessing.spawn.freeze_support.__qualname__)
print("main dir:", multiprocessing.process.ORIGINAL_DIR)
found = pkgutil.iter_importer_modules.registry[pyimod02_importers.PyiFrozenFinder]
print("pkgutil:", found.__qualname__)
"""


def test_the_stdlib_hooks_import_nothing_at_start_and_patch_at_first_import(tmp_path):
    hooks = [HOOKS / "rthooks" / f"pyi_rth_{name}_lazy.py" for name in ("inspect", "multiprocessing", "pkgutil")]
    proc = subprocess.run(
        [sys.executable, "-S", "-c", STDLIB_CHILD, str(tmp_path), *map(str, hooks)],
        env=clean_env(PYTHONPATH=f"{HOOKS}:{LOADER}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "at start: []",
        "inspect: _pyi_rthook.<locals>.patch.<locals>.getsourcefile",
        "freeze_support: _pyi_rthook.<locals>.patch.<locals>.freeze_support "
        "_pyi_rthook.<locals>.patch.<locals>.freeze_support",
        "main dir: None",
        "pkgutil: _pyi_rthook.<locals>.patch.<locals>.iter_frozen_finder_modules",
    ]
