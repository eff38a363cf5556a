"""Remembered choices (annotator name, language, recent projects, zoom).

``QSettings`` in the user's usual place, or the INI file named by
``ANNOTATOR_SETTINGS`` (tests use that, so they never read or change the
person's own settings).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

RECENT_MAX = 8


def settings() -> QSettings:
    path = os.environ.get("ANNOTATOR_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("annotator", "annotator")


def get(key: str, default: str | None = None) -> str | None:
    value = settings().value(key, default)
    return None if value is None else str(value)


def put(key: str, value: object) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()


def recent_projects() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember_project(path: str) -> None:
    items = [path] + [p for p in recent_projects() if p != path]
    put("recent", items[:RECENT_MAX])
