"""An uncaught exception in the editor writes its traceback to a report in
the user's log folder and shows a dialog naming that file."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def test_an_uncaught_error_writes_a_report_and_names_it_in_a_dialog(tmp_path, monkeypatch, qtbot):
    from annotator.ui import crash
    from annotator.ui.app import application

    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash, "_installed", [])
    application()
    crash.install()
    seen: list[str] = []

    def read_and_close(tries: int = 100) -> None:
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()
        ]
        if not boxes:
            if tries:
                QTimer.singleShot(50, lambda: read_and_close(tries - 1))
            return
        seen.append(boxes[0].text())
        boxes[0].accept()

    QTimer.singleShot(50, read_and_close)
    try:
        raise RuntimeError("span 7 vanished")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    reports = sorted((tmp_path / "home" / "logs").glob("crash-*.log"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: span 7 vanished" in text and "test_crash_hook.py" in text
    assert seen and "RuntimeError: span 7 vanished" in seen[0] and str(reports[0]) in seen[0]
    assert "span 7 vanished" in (tmp_path / "home" / "logs" / "annotator.log").read_text(encoding="utf-8")


def test_settings_and_recent_projects_live_in_the_user_config_folder(tmp_path, monkeypatch):
    from annotator.ui import settings

    monkeypatch.delenv("ANNOTATOR_SETTINGS", raising=False)
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "config").mkdir(parents=True)
    (tmp_path / "home" / "config" / "settings.ini").write_text("", encoding="utf-8")  # not a first run
    settings.remember_project(str(tmp_path / "team.annot"))
    settings.put("lang", "ar")
    text = (tmp_path / "home" / "config" / "settings.ini").read_text(encoding="utf-8")
    assert "team.annot" in text and "lang=ar" in text
    assert settings.recent_projects() == [str(tmp_path / "team.annot")]
