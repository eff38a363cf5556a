"""`annotator gui DB` with a display: backs the project up, opens the
window on the first unfinished document, and exits 0 when it is closed.
(In a child process: the test runs the application's own event loop.)"""

import subprocess
import sys

from tests.conftest import ROOT

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from annotator.ui.app import application, run
from annotator.ui.window import EditorWindow

application()

def close_when_shown():
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow) and w.isVisible()]
    if not shown:
        QTimer.singleShot(20, close_when_shown)
        return
    print("shown", shown[0].doc_id, shown[0].annotator)
    shown[0].close()

QTimer.singleShot(20, close_when_shown)
sys.exit(run(db=sys.argv[1], annotator="amira"))
"""


def test_run_shows_the_editor_until_it_is_closed(docs_project, tmp_path, private_settings):
    path = docs_project.path
    docs_project.set_status("tricky", "done", "amira")
    docs_project.close()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ANNOTATOR_SETTINGS": str(private_settings),
        "QT_QPA_PLATFORM": "offscreen",
    }

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["shown seed amira"]  # "tricky" is done: the first unfinished one opens
    assert len(list((path.parent / ".backups").iterdir())) == 1
