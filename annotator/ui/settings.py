"""Remembered choices (annotator name, language, recent projects, zoom).

An INI file in the platform's user config folder
(:func:`annotator.userdirs.settings_file`), or the one named by
``ANNOTATOR_SETTINGS`` (tests use that, so they never read or change the
person's own settings). Choices an older version kept in Qt's native place
are copied over once.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QSettings

from annotator.userdirs import settings_file

RECENT_MAX = 8


def settings() -> QSettings:
    explicit = os.environ.get("ANNOTATOR_SETTINGS")
    path = settings_file()
    fresh = not explicit and not path.exists()
    s = QSettings(str(path), QSettings.Format.IniFormat)
    if fresh:
        old = QSettings("annotator", "annotator")
        for key in old.allKeys():
            s.setValue(key, old.value(key))
        s.sync()
    return s


def get(key: str, default: str | None = None) -> str | None:
    value = settings().value(key, default)
    return None if value is None else str(value)


def put(key: str, value: object) -> None:
    s = settings()
    s.setValue(key, value)
    s.sync()


def recent_projects() -> list[str]:
    value: Any = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or []) if v]


def remember_project(path: str) -> None:
    items = [path] + [p for p in recent_projects() if p != path]
    put("recent", items[:RECENT_MAX])
