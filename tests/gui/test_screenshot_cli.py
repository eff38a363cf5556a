"""`annotator gui DB --doc ID --screenshot out.png` renders the window
offscreen, saves a PNG of the annotated document and exits 0."""

import subprocess
import sys

from PySide6.QtGui import QImage

from annotator.model import Document, Span
from annotator.store import Project
from tests.conftest import ROOT, read_seed


def _gui(tmp_path, settings, *args: str) -> subprocess.CompletedProcess:
    """``annotator gui ARGS`` in a child process with no display and a clean environment."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ANNOTATOR_SETTINGS": str(settings)}
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", "gui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_screenshot_renders_the_document_and_exits(tmp_path, private_settings):
    db = tmp_path / "p.db"
    text = read_seed()
    with Project.create(db) as project:
        project.add_document(Document(id="seed", text=text))
        start = text.index("ليبيا")
        project.add_span(
            "seed", Span(start=start, end=start + 5, label="GPE", layer="entity", annotator="amira"), "amira"
        )
    out = tmp_path / "shot.png"

    done = _gui(tmp_path, private_settings, str(db), "--doc", "seed", "--annotator", "amira", "--screenshot", str(out))

    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600
    assert not (tmp_path / ".backups").exists()  # a screenshot is not an editing session


def test_an_unknown_document_is_a_one_line_error(tmp_path, private_settings):
    db = tmp_path / "p.db"
    Project.create(db).close()

    done = _gui(tmp_path, private_settings, str(db), "--doc", "nope", "--screenshot", str(tmp_path / "x.png"))

    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"error: {db}: no document 'nope'"


def test_without_a_display_the_editor_says_so_instead_of_crashing(tmp_path, private_settings):
    db = tmp_path / "p.db"
    Project.create(db).close()

    done = _gui(tmp_path, private_settings, str(db), "--annotator", "amira")

    assert done.returncode == 2
    assert done.stderr.strip() == "error: no display to open the editor on; use --screenshot PNG to render it offscreen"
