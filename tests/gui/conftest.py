"""What the editor tests share: a project with documents, an editor window
shown offscreen, a suggestion to act on, and the gestures a person makes
(drag-select with the mouse, press a key). Settings go to a temporary INI
file, never the user's."""

from __future__ import annotations

import math
import unicodedata

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from annotator.model import Document, Span
from tests.conftest import TRICKY, read_seed, suggestion


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("ANNOTATOR_SETTINGS", str(path))
    return path


@pytest.fixture
def docs_project(project):
    """A project holding the tricky text and the seed article."""
    project.add_document(Document(id="tricky", text=TRICKY))
    project.add_document(Document(id="seed", text=read_seed()))
    return project


@pytest.fixture
def open_editor(qtbot):
    """open_editor(project, doc_id, annotator=...) -> a shown, active EditorWindow."""
    from annotator.ui.app import application
    from annotator.ui.window import EditorWindow

    application()
    windows = []

    def make(project, doc_id, annotator="amira", lang="en"):
        window = EditorWindow(project, annotator, lang=lang)
        qtbot.addWidget(window)
        window.open_document(doc_id)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        window.view.setFocus()
        windows.append(window)
        return window

    yield make


def suggest(project, word, label="NUMBER", layer="number", attrs=None, *, doc="tricky", text=TRICKY) -> Span:
    """A ``prelabel`` suggestion on the first ``word`` of document ``doc``
    (whose text is ``text``)."""
    start = text.index(word)
    return project.add_span(
        doc, suggestion(start, start + len(word), label, layer, "prelabel", attrs=attrs or {}), "prelabel"
    )


def _base_char(text: str, cp: int, step: int) -> int:
    """The nearest character at or from ``cp`` (moving by ``step``) that is
    not a combining mark: the mouse lands on letters, not on harakat."""
    while 0 <= cp + step < len(text) and unicodedata.category(text[cp]) == "Mn":
        cp += step
    return cp


def drag_select(qtbot, window, start: int, end: int) -> None:
    """Drag with the mouse from just inside the first character of
    ``text[start:end]`` to just inside its last one, as a person would:
    wherever the glyphs are drawn (right to left, or left to right inside
    Latin and digit runs). ``start > end`` drags the other way."""
    view = window.view
    first, last = (start, end - 1) if start < end else (start - 1, end)
    first = _base_char(view.text, first, -1 if start < end else 1)
    last = _base_char(view.text, last, -1)
    view.ensure_visible_cp(min(start, end))
    lead_a, trail_a, y_a = view.char_box(first)
    lead_b, trail_b, y_b = view.char_box(last)
    if start < end:  # from the leading edge of the first to the trailing edge of the last
        a = QPoint(round(lead_a + (trail_a - lead_a) * 0.2), round(y_a))
        b = QPoint(round(trail_b - (trail_b - lead_b) * 0.2), round(y_b))
    else:
        a = QPoint(round(trail_a - (trail_a - lead_a) * 0.2), round(y_a))
        b = QPoint(round(lead_b + (trail_b - lead_b) * 0.2), round(y_b))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for point in (QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2), b):
        QTest.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def click_cp(qtbot, window, cp: int) -> None:
    """Click in the middle of the character at code point ``cp``."""
    view = window.view
    view.ensure_visible_cp(cp)
    lead, trail, y = view.char_box(_base_char(view.text, cp, -1))
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round((lead + trail) / 2), round(y)),
    )


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key with the document view focused."""
    qtbot.keyClick(window.view, key, modifiers)


def type_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, as an Arabic keyboard
    delivers it (QTest.keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget,
                QKeyEvent(kind, ord(ch.upper()) if len(ch.upper()) == 1 else 0, Qt.KeyboardModifier.NoModifier, ch),
            )


def _edge_pixel(view, cp: int, leading: bool) -> QPoint:
    """The outermost whole pixel of the glyph at ``cp`` on its leading (or
    trailing) side: the right one in Arabic, the left one in a Latin or
    digit run."""
    lead, trail, y = view.char_box(cp)
    edge, other = (lead, trail) if leading else (trail, lead)
    x = math.floor(edge) - 1 if edge > other else math.ceil(edge)
    return QPoint(x, math.floor(y))


def drag_edges(qtbot, window, start: int, end: int, backward: bool = False) -> tuple[QPoint, QPoint]:
    """Drag from the first pixel of ``text[start:end]`` to its last pixel
    (``backward``: from the last to the first), positions read from the
    layout's own glyphs; returns the two points."""
    view = window.view
    view.ensure_visible_cp(start)
    a = _edge_pixel(view, _base_char(view.text, start, 1), leading=True)
    b = _edge_pixel(view, _base_char(view.text, end - 1, -1), leading=False)
    if backward:
        a, b = b, a
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, QPoint((a.x() + b.x()) // 2, a.y()))
    QTest.mouseMove(viewport, b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    return a, b
