"""The smaller editor bugs, as a person met them: where the
first key goes, the window on a small screen, zoom across restarts,
tooltips with Latin text, the status bar's error colour, colours that stand
apart from the selection, and command keys on an Arabic keyboard layout."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.model import Document, Span
from tests.conftest import TRICKY
from tests.gui.conftest import suggest


def _window(qtbot, project, doc_id="tricky", annotator="amira"):
    """As ``annotator gui`` opens it: no test hand puts the focus anywhere."""
    from annotator.ui.app import application, open_window

    application()
    window = open_window(str(project.path), annotator, doc_id=doc_id, backup=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_the_first_key_after_opening_goes_to_the_text_and_ctrl_z_works_at_once(qtbot, docs_project):
    start = TRICKY.index("طرابلس")
    window = _window(qtbot, docs_project)
    assert QApplication.focusWidget() is window.view
    window.view.set_selection_cp(start, start + len("طرابلس"))
    qtbot.keyClick(QApplication.focusWidget(), "4")
    assert [s.label for s in window.project.spans("tricky")] == ["GPE"]
    window.close()

    again = _window(qtbot, docs_project)  # a new session: undo the last session's label straight away
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert again.project.spans("tricky") == []
    assert again.doc_list.text_filter.text() == ""


def test_the_window_fits_1024_by_700(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSize().width() <= 1024
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert window.height() == 700
    palette = window.palette_bar
    for button in palette.buttons.values():  # every label button inside the palette, none cut off
        assert palette.rect().contains(button.geometry()), button.text()
    assert window.view.width() > 300


def test_the_review_item_list_does_not_clip_at_900_by_600(qtbot, docs_project):
    from annotator.ui.app import application
    from annotator.ui.review_window import ReviewWindow

    application()
    for who in ("amira", "badr"):
        start = TRICKY.index("طرابلس")
        docs_project.add_span(
            "tricky",
            Span(start=start, end=start + 6, label="GPE" if who == "amira" else "LOC", layer="entity", annotator=who),
            who,
        )
    review = ReviewWindow(docs_project, "lead", doc_id="tricky")
    qtbot.addWidget(review)
    review.show()
    review.resize(900, 600)
    qtbot.waitUntil(lambda: review.width() == 900)
    assert review.minimumSizeHint().width() <= 900
    assert review.item_list.width() >= 200 and review.item_list.isVisible()
    qtbot.wait(50)
    assert review.item_list.horizontalScrollBar().maximum() == 0  # no row runs off the list
    width = review.item_list.viewport().width()
    for i in range(review.item_list.count()):
        rect = review.item_list.visualItemRect(review.item_list.item(i))
        assert rect.width() <= width, review.item_list.item(i).text()
    assert review.view.width() >= 250


def test_zoom_is_remembered_across_restarts(qtbot, docs_project):
    window = _window(qtbot, docs_project)
    size = window.view.font().pointSize()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSize() == size + 2
    window.close()
    again = _window(qtbot, docs_project)
    assert again.view.font().pointSize() == size + 2


def test_a_tooltip_with_a_latin_run_keeps_it_isolated(qtbot, project, open_editor):
    text = "قالت صحيفة «iPhone» اليوم"
    project.add_document(Document(id="latin", text=text))
    start = text.index("«")
    span = project.add_span(
        "latin",
        Span(start=start, end=start + len("«iPhone»"), label="MISC", layer="entity", annotator="amira"),
        "amira",
    )
    window = open_editor(project, "latin")
    html = window.view.tooltip_html([span])
    assert "\u2068««iPhone»»\u2069" in html  # the quoted surface in one isolate, its quotes in order
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    assert "\u2068««iPhone»»\u2069" in doc.toPlainText()


def test_the_error_colour_goes_with_the_error_message(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    window.note("something went wrong", error=True)
    assert "b00020" in window.statusBar().styleSheet()
    window.statusBar().clearMessage()  # what the message's timeout does
    assert window.statusBar().styleSheet() == ""
    window.note("saved")
    assert window.statusBar().styleSheet() == ""


def _selection_colour(qtbot, window, word):
    """The colour the selection is drawn in: the commonest colour of the
    pixels over a selected word (the letters are a minority)."""
    from collections import Counter

    view = window.view
    start = TRICKY.index(word)
    view.set_selection_cp(start, start + len(word))
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    xs = [view.char_box(cp)[:2] for cp in range(start, start + len(word))]
    left, right = min(min(a, b) for a, b in xs), max(max(a, b) for a, b in xs)
    y = view.char_box(start)[2]
    pixels = Counter(
        image.pixelColor(x, y + dy).name() for x in range(int(left) + 1, int(right) - 1) for dy in range(-6, 7, 2)
    )
    view.clear_selection()
    return QColor(pixels.most_common(1)[0][0])


def test_high_contrast_colours_stand_apart_from_the_selection(qtbot, docs_project, open_editor):
    from annotator.ui.contrast import distance

    window = open_editor(docs_project, "tricky")
    view = window.view
    before = _selection_colour(qtbot, window, "الخارجيّةِ")
    org = QColor(window.scheme.get("entity", "ORG").color)
    import re

    from annotator.resources import resource_path

    style = resource_path("style.qss").read_text(encoding="utf-8")
    usual = QColor(re.search(r"selection-background-color:\s*(#[0-9a-fA-F]{6})", style).group(1))
    assert distance(usual, org) > 200  # the bug was 45: ORG looked like selected text in the usual colours
    window.actions_["high-contrast"].trigger()
    selection = _selection_colour(qtbot, window, "الخارجيّةِ")
    colours = [QColor(view.highlighter._label_colour(lab.layer, lab.name)) for lab in window.scheme.labels]
    for lab, colour in zip(window.scheme.labels, colours, strict=True):
        assert distance(colour, selection) > 250, lab.name
        assert distance(colour, QColor(view.selected_colour)) > 250, lab.name
    entity = [c for lab, c in zip(window.scheme.labels, colours, strict=True) if lab.layer == "entity"]
    assert all(distance(a, b) > 100 for i, a in enumerate(entity) for b in entity[i + 1 :])
    button = window.palette_bar.buttons[("entity", "ORG")].styleSheet()
    assert view.highlighter._label_colour("entity", "ORG").lower() in button.lower()
    window.actions_["high-contrast"].trigger()  # and back
    assert distance(_selection_colour(qtbot, window, "الخارجيّةِ"), before) < 10


def test_the_default_org_colour_stands_apart_from_the_selection_and_the_other_labels():
    """ORG's default colour was #9ec9f5, 45 from the usual selection colour
    #b5d3ff (and 94 from MISC); black letters must stay easy to read on it."""
    import re

    from annotator.model import Scheme
    from annotator.resources import resource_path
    from annotator.ui.contrast import contrast_ratio, distance

    style = resource_path("style.qss").read_text(encoding="utf-8")
    selection = QColor(re.search(r"selection-background-color:\s*(#[0-9a-fA-F]{6})", style).group(1))
    scheme = Scheme.default()
    org = QColor(scheme.get("entity", "ORG").color)
    assert distance(org, selection) > 200
    assert distance(org, QColor("#ffffff")) > 200  # a highlight, not a gap in the page
    for lab in scheme.labels:
        if lab.name != "ORG":
            assert distance(org, QColor(lab.color)) > 140, lab.name
    assert contrast_ratio(org, QColor("#000000")) >= 7  # the letters on it
    assert contrast_ratio(QColor("#9ec9f5"), QColor("#000000")) >= 7  # (the check itself, on the old colour)


def _arabic_key(widget, char: str, scan: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on an Arabic (101) layout: Qt sees the Arabic letter."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        text = "" if modifiers & Qt.KeyboardModifier.ControlModifier else char
        QApplication.sendEvent(widget, QKeyEvent(kind, ord(char), modifiers, scan, 0, 0, text))


def test_ctrl_z_and_brackets_on_an_arabic_only_layout(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    spans = []
    for word in ("طرابلس", "Armytimes"):
        start = TRICKY.index(word)
        window.view.set_selection_cp(start, start + len(word))
        spans.append(window.label_selection("entity", "ORG"))
    window.select_span(spans[1].id)
    _arabic_key(window.view, "ج", 34)  # the [ key: previous span
    assert window.view.selected_id == spans[0].id
    _arabic_key(window.view, "د", 35)  # the ] key: next span
    assert window.view.selected_id == spans[1].id
    _arabic_key(window.view, "ئ", 52, Qt.KeyboardModifier.ControlModifier)  # Ctrl + the Z key
    assert [s.id for s in docs_project.spans("tricky")] == [spans[0].id]
    _arabic_key(window.view, "ئ", 52, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(docs_project.spans("tricky")) == 2  # Ctrl+Shift+Z redoes


def test_shift_a_on_an_arabic_layout_accepts_all(qtbot, docs_project, open_editor):
    s = suggest(docs_project, "2016")
    window = open_editor(docs_project, "tricky")
    window.select_span(s.id)
    _arabic_key(window.view, "\u0650", 38, Qt.KeyboardModifier.ShiftModifier)  # Shift+A types a kasra there
    assert docs_project.get_span("tricky", s.id).status == "accepted"
    assert window.statusBar().currentMessage() == "accepted 1 NUMBER suggestion"


def test_the_palette_is_one_row_at_the_default_size(qtbot, project, open_editor):
    """Every label button and the three layer switches on one row in the
    default window (the `claim` switch used to wrap onto a row of its own);
    narrower, the switches move down together."""
    from annotator.model import Scheme

    project.set_scheme(Scheme.default(), "amira")
    project.add_document(Document(id="d", text="قال مسؤول إن ليبيا شهدت 4 غارات."))
    window = open_editor(project, "d")
    window.resize(1400, 850)
    qtbot.waitUntil(lambda: window.width() == 1400)
    palette = window.palette_bar
    qtbot.waitUntil(lambda: palette.layer_group.isVisible())
    tops = {b.mapTo(palette, b.rect().topLeft()).y() for b in palette.buttons.values()}
    boxes = {b.mapTo(palette, b.rect().center()).y() for b in palette.layer_boxes.values()}
    assert len(tops) == 1, tops
    assert len(boxes) == 1 and palette.layer_group.geometry().top() <= min(tops) + 4, (tops, boxes)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    boxes = {b.mapTo(palette, b.rect().center()).y() for b in palette.layer_boxes.values()}
    assert len(boxes) == 1  # wrapped or not, the switches stay side by side
