"""`annotator gui DB` with a display: backs the project up, opens the
window on the first unfinished document, and returns 0 when it is closed."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.ui.app import run
from annotator.ui.window import EditorWindow


def test_run_shows_the_editor_until_it_is_closed(qapp, docs_project, monkeypatch):
    path = docs_project.path
    docs_project.set_status("tricky", "done", "amira")
    docs_project.close()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    seen = []

    def close_when_shown():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, close_when_shown)
            return
        seen.append((windows[0].doc_id, windows[0].annotator))
        windows[0].close()

    QTimer.singleShot(20, close_when_shown)
    code = run(db=str(path), annotator="amira")

    assert code == 0
    assert seen == [("seed", "amira")]  # "tricky" is done: the first unfinished one opens
    assert len(list((path.parent / ".backups").iterdir())) == 1
