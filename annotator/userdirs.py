"""Where annotator keeps what belongs to the person rather than to a
project: settings (with the recent projects), the log and crash reports, in
the platform's user folders (platformdirs): on Linux ``~/.config/annotator``
and ``~/.local/state/annotator/log``, on Windows ``%LOCALAPPDATA%\\annotator``,
on macOS ``~/Library/Application Support`` and ``~/Library/Logs``.

``ANNOTATOR_HOME`` puts them all under one folder; ``ANNOTATOR_SETTINGS``
names the settings file alone (tests use both, so they never touch the
person's own files).
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

APP = "annotator"
LOG_NAME = "annotator.log"


def _home() -> Path | None:
    home = os.environ.get("ANNOTATOR_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    home = _home()
    if home:
        return home / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    home = _home()
    if home:
        return home / "logs"
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP, appauthor=False))


def settings_file() -> Path:
    return Path(os.environ.get("ANNOTATOR_SETTINGS") or config_dir() / "settings.ini")


def start_log(level: int = logging.INFO) -> Path:
    """Append the ``annotator`` loggers' records to the user log (rotated at
    1 MB, three kept); returns its path. Idempotent."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    logger = logging.getLogger(APP)
    if not any(getattr(h, "baseFilename", None) == str(path) for h in logger.handlers):
        handler = RotatingFileHandler(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(min(logger.level or level, level))
    return path


def write_crash_report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> Path:
    """The traceback in ``crash-<time>.log`` in the log folder (and a line in
    the log); returns the report's path."""
    from annotator import __version__

    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(kind, value, tb))
    path.write_text(
        f"annotator {__version__}, {datetime.now().isoformat(timespec='seconds')}\n{text}", encoding="utf-8"
    )
    logging.getLogger(APP).error("crash: %s: %s (report: %s)", kind.__name__, value, path)
    return path
