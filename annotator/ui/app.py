"""Starting the editor or review mode (``annotator gui``, ``--review``):
the application, fonts, style, who is annotating, the project (with a
rolling backup made in the background as it opens) and, for
``--screenshot``, an offscreen render saved as PNG. The editor window asks
for another project or name through its signals; this module answers them."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.resources import resource_path
from annotator.store import lean  # noqa: F401  (imports sqlite-utils without pandas and numpy)


def _ensure_platform(screenshot: str | None) -> None:
    """A screenshot needs no display: render offscreen when there is none."""
    if (
        screenshot
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _has_display() -> bool:
    """Whether a window can be shown: a display, or a platform chosen on purpose."""
    return bool(
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("win32", "darwin")
    )


def application():
    """The one QApplication, with the bundled fonts and the style sheet."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.fonts import load_bundled_fonts

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("annotator")
        app.setOrganizationName("annotator")
        style = resource_path("style.qss")
        if style.exists():
            app.setStyleSheet(style.read_text(encoding="utf-8"))
        icon = resource_path("icons", "annotator.svg")
        if icon.exists():
            from PySide6.QtGui import QIcon

            app.setWindowIcon(QIcon(str(icon)))
    load_bundled_fonts()
    return app


def resolve_annotator(given: str | None, interactive: bool) -> str | None:
    """``--annotator`` wins; else the remembered name; else ask once (and
    remember), or the login name when nobody can be asked."""
    from annotator.ui import settings

    if given and given.strip():
        return given.strip()
    remembered = settings.get("annotator")
    if remembered:
        return remembered
    if not interactive:
        return getpass.getuser() or "annotator"
    from PySide6.QtWidgets import QInputDialog

    from annotator.ui.i18n import Translator

    tr = Translator(settings.get("lang") or "en")
    name, ok = QInputDialog.getText(
        None, tr("Your name"), tr("Who is annotating? (remembered)"), text=getpass.getuser()
    )
    if not ok or not name.strip():
        return None
    settings.put("annotator", name.strip())
    return name.strip()


def pack_annotator(db: str) -> str | None:
    """The annotator a work pack was made for (``annotator assign``), so the
    editor does not ask; None for any other project."""
    from annotator.store import Project
    from annotator.store.team import pack_info

    try:
        with Project.open(db, readonly=True) as project:
            info = pack_info(project)
    except AnnotatorError:
        return None  # open_window reports what is wrong with the file
    name = str((info or {}).get("annotator") or "").strip()
    return name or None


def choose_project(interactive: bool) -> str | None:
    """Without a DB argument: the most recent project that still exists, or a file dialog."""
    from annotator.ui import settings

    for path in settings.recent_projects():
        if Path(path).is_file():
            return path
    if not interactive:
        return None
    from PySide6.QtWidgets import QFileDialog

    from annotator.ui.i18n import Translator

    tr = Translator(settings.get("lang") or "en")
    path, _ = QFileDialog.getOpenFileName(
        None,
        tr("Open an annotator project"),
        str(Path.cwd()),
        "annotator projects (*.annot *.db *.sqlite);;all files (*)",
    )
    return path or None


def open_window(db: str, annotator: str, doc_id: str | None = None, lang: str | None = None, backup: bool = True):
    """Open the project in an editor window; a rolling backup of it is made
    in the background meanwhile (``window.backup_job``; a failure shows in
    the status bar)."""
    from annotator.store import Project
    from annotator.ui import settings
    from annotator.ui.backups import start_backup
    from annotator.ui.window import EditorWindow

    project = Project.open(db)
    settings.remember_project(str(Path(db).resolve()))
    lang = lang or settings.get("lang") or "en"
    window = EditorWindow(project, annotator, lang=lang, on_language=lambda code: settings.put("lang", code))
    window.renameRequested.connect(lambda current: _rename(window, current))
    window.openRequested.connect(lambda path: _switch_project(window, path))
    if doc_id is not None:
        if not project.has_document(doc_id):
            project.close()
            raise AnnotatorError(f"{db}: no document {doc_id!r}")
        window.open_document(doc_id)
    else:
        ids = project.document_ids(status=["in_progress", "new"], limit=1) or project.document_ids(limit=1)
        if ids:
            window.open_document(ids[0])
    if backup:
        # a window's slot: run on its thread; connected before the job starts
        window.backup_job = start_backup(project.path, on_failed=window.backup_failed)
    return window


def _switch_project(window, path: str):
    """File ▸ Open: the other project in a new window (same annotator and
    language); this one closes. Errors stay in the status bar."""
    try:
        other = open_window(path, window.annotator, lang=window.tr_.lang)
    except AnnotatorError as exc:
        window.note(str(exc), error=True)
        return None
    other.show()
    window.close()
    window.project.close()
    return other


def _rename(window, current: str) -> None:
    from PySide6.QtWidgets import QInputDialog

    from annotator.ui import settings

    name, ok = QInputDialog.getText(
        window, window.tr_("Your name"), window.tr_("Who is annotating? (remembered)"), text=current
    )
    if ok and name.strip():
        settings.put("annotator", name.strip())
        window.rename(name.strip())


def screenshot_window(window, path: str | Path) -> Path:
    """Render the window as it would be shown and save it as PNG."""
    from PySide6.QtWidgets import QApplication

    window.show()
    for _ in range(5):
        QApplication.processEvents()
    out = Path(path)
    if not window.grab().save(str(out), "PNG"):
        raise AnnotatorError(f"{out}: cannot write the screenshot")
    return out


def run(
    db: str | None = None,
    doc_id: str | None = None,
    annotator: str | None = None,
    screenshot: str | None = None,
    lang: str | None = None,
    review: bool = False,
) -> int:
    """``annotator gui`` (with ``review``, ``--review``: review mode on DB):
    returns the exit code."""
    if review:
        if db is None:
            raise AnnotatorError("--review needs a project: annotator gui DB --review")
        return _run_review(db, doc_id, annotator, screenshot, lang)
    _ensure_platform(screenshot)
    if not screenshot and not _has_display():
        raise AnnotatorError("no display to open the editor on; use --screenshot PNG to render it offscreen")
    app = application()
    interactive = screenshot is None
    if interactive:
        from annotator.ui import crash

        crash.install()
    if db is None:
        db = choose_project(interactive)
        if db is None:
            raise AnnotatorError("no project given and none recently opened: annotator gui DB")
    name = resolve_annotator(annotator or pack_annotator(db), interactive)
    if name is None:
        return 1
    window = open_window(db, name, doc_id=doc_id, lang=lang, backup=not screenshot)
    if screenshot:
        out = screenshot_window(window, screenshot)
        print(f"saved {out}")
        window.project.close()
        return 0
    window.show()
    # The editor is the main window: closing it ends the session, even with review windows open.
    window.closed.connect(app.quit)
    code = app.exec()
    from annotator.ui.backups import wait_for_backups

    wait_for_backups()
    window.project.close()
    return code


def _run_review(db: str, doc_id: str | None, annotator: str | None, screenshot: str | None, lang: str | None) -> int:
    """Review mode on ``db`` (or its render to PNG)."""
    from annotator.store import Project
    from annotator.ui import settings
    from annotator.ui.review_window import ReviewWindow

    _ensure_platform(screenshot)
    app = application()
    name = resolve_annotator(annotator, interactive=screenshot is None)
    if name is None:
        return 1
    project = Project.open(db)
    try:
        if doc_id is not None and not project.has_document(doc_id):
            raise AnnotatorError(f"{db}: no document {doc_id!r}")
        window = ReviewWindow(project, name, doc_id=doc_id, lang=lang or settings.get("lang") or "en")
        if screenshot:
            print(f"saved {screenshot_window(window, screenshot)}")
            return 0
        window.show()
        return app.exec()
    finally:
        project.close()
