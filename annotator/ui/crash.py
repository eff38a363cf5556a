"""The crash hook: an exception nobody caught (in a slot, a timer, a
dialog) writes its traceback to a report in the user's log folder and shows
a dialog naming that file, instead of the window vanishing or the error
going to a console the person never sees. Every action is saved the moment
it is made, so the dialog can say that the work is safe."""

from __future__ import annotations

import sys
from types import TracebackType

from annotator.userdirs import start_log, write_crash_report

_installed: list = []


def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """Write the report and show the dialog; returns the report's path."""
    path = write_crash_report(kind, value, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from annotator.ui import settings
    from annotator.ui.i18n import Translator

    if QApplication.instance() is not None:
        tr = Translator(settings.get("lang") or "en")
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            tr("annotator hit a bug"),
            f"{kind.__name__}: {value}\n\n"
            + tr("Everything up to your last action is saved.")
            + "\n"
            + tr("The details are in")
            + f" {path}",
            QMessageBox.StandardButton.Ok,
        )  # no parent: the window may be what broke
        box.setObjectName("crashDialog")
        box.exec()
    else:
        print(f"error: {kind.__name__}: {value} (details in {path})", file=sys.stderr)
    return str(path)


def install() -> None:
    """Make :func:`report` the ``sys.excepthook`` and start the user log (once)."""
    if _installed:
        return
    start_log()
    previous = sys.excepthook

    def hook(kind, value, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        try:
            report(kind, value, tb)
        except Exception:  # the hook itself must not hide the first error
            previous(kind, value, tb)

    sys.excepthook = hook
    _installed.append(hook)
