"""The bundle's own PySide6 run-time hook (pyinstaller/rthooks/): run as
the frozen app runs it, it sets Qt's variables at start without importing
Qt, and registers the qt.conf step for the moment the application imports
PySide6.QtCore, so `annotator --help` and `stats` in the bundle never load
Qt. rthooks.dat, read as PyInstaller reads it, puts it in place of
PyInstaller's own hook."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import PyInstaller

from tests.packaging.installed import ROOT, clean_env

HOOKS = ROOT / "pyinstaller"
FAKE = Path(PyInstaller.__file__).parent / "fake-modules"  # where PyInstaller keeps _pyi_rth_utils

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
    assert table == {"PySide6": ["pyi_rth_pyside6_lazy.py"], "setuptools": ["pyi_rth_setuptools_unused.py"]}
    assert all((HOOKS / "rthooks" / name).is_file() for names in table.values() for name in names)
    assert 'hookspath=[str(ROOT / "pyinstaller")]' in (ROOT / "annotator.spec").read_text(encoding="utf-8")


def test_the_pyside6_hook_leaves_qt_unloaded_until_the_app_imports_it(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), str(HOOKS / "rthooks" / "pyi_rth_pyside6_lazy.py")],
        env=clean_env(PYTHONPATH=str(FAKE), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"qt at start: False {tmp_path}/PySide6/Qt/plugins"
    assert lines[1:] == ["conf after QtCore: True", "qt.conf: True"]
