"""How this program starts itself again (background training, "open with"):
the PyInstaller bundle's own binary, or ``python -m annotator`` otherwise.
A frozen binary has no ``-m``; its ``sys.executable`` is the app itself."""

from __future__ import annotations

import sys


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def command(*args: str) -> list[str]:
    """The argv that runs ``annotator ARGS...`` with this same installation."""
    if frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "annotator", *args]
