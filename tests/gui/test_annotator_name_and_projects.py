"""Who is annotating is asked once and remembered (``--annotator``
overrides it); File ▸ Open and the recent-projects list switch projects."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.model import Document
from annotator.store import Project
from annotator.ui import settings
from annotator.ui.app import _switch_project, application, open_window, resolve_annotator


def _answer_dialog(name: str) -> None:
    def fill():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.setTextValue(name)
        dialog.accept()

    QTimer.singleShot(20, fill)


def test_the_name_is_asked_once_then_remembered(qapp):
    application()
    _answer_dialog("amira")

    assert resolve_annotator(None, interactive=True) == "amira"
    assert settings.get("annotator") == "amira"
    assert resolve_annotator(None, interactive=True) == "amira"  # no dialog the second time
    assert resolve_annotator("bilal", interactive=True) == "bilal"  # --annotator wins
    assert settings.get("annotator") == "amira"  # and is not remembered


def test_open_another_project_from_the_editor(qtbot, tmp_path):
    paths = []
    for name, text in (("one", "قال الوزير"), ("two", "زار الوفد طرابلس")):
        path = tmp_path / f"{name}.db"
        with Project.create(path) as p:
            p.add_document(Document(id=name, text=text))
        paths.append(path)
    application()
    first = open_window(str(paths[0]), "amira")
    qtbot.addWidget(first)
    assert settings.recent_projects() == [str(paths[0].resolve())]

    second = _switch_project(first, str(paths[1]))
    qtbot.addWidget(second)

    assert second.doc_id == "two" and second.text == "زار الوفد طرابلس"
    assert not first.isVisible()
    assert settings.recent_projects() == [str(paths[1].resolve()), str(paths[0].resolve())]
    second._fill_recent()
    assert [a.text() for a in second.recent_menu.actions()] == settings.recent_projects()
    second.close()
    second.project.close()
