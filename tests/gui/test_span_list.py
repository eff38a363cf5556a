"""The span list under the document: every span with its surface (plain
text), label, layer, status and annotator; filters, sorting, a click or
the arrow keys select the span in the document, and every edit shows in
the list at once."""

from PySide6.QtCore import Qt

from annotator.model import Document, Span
from tests.gui.conftest import drag_select, press

TEXT = "قال <b>مسؤول</b> إن ليبيا شهدت 4 غارات في عام 2016 حسب Armytimes."


def _project(project):
    project.add_document(Document(id="d", text=TEXT))
    for word, layer, label, status in (
        ("ليبيا", "entity", "GPE", "accepted"),
        ("<b>مسؤول</b>", "entity", "PERSON", "accepted"),
        ("4", "number", "NUMBER", "suggested"),
        ("2016", "number", "NUMBER", "suggested"),
        ("Armytimes", "entity", "ORG", "accepted"),
    ):
        start = TEXT.index(word)
        project.add_span(
            "d",
            Span(
                start=start,
                end=start + len(word),
                layer=layer,
                label=label,
                status=status,
                annotator="prelabel" if status == "suggested" else "amira",
            ),
            "amira",
        )
    return project


def _rows(window):
    proxy = window.span_list.proxy
    return [tuple(proxy.index(r, c).data() for c in range(proxy.columnCount())) for r in range(proxy.rowCount())]


def _texts(window):
    return [row[0].strip("\u2068\u2069") for row in _rows(window)]


def test_the_list_shows_every_span_in_document_order_as_plain_text(qtbot, project, open_editor):
    window = open_editor(_project(project), "d")
    assert window.span_dock.isVisible()
    assert _texts(window) == ["<b>مسؤول</b>", "ليبيا", "4", "2016", "Armytimes"]
    first = _rows(window)[0]
    assert first[1:5] == ("PERSON", "entity", "accepted", "amira")
    qtbot.waitUntil(lambda: window.span_list.count.text() == "5 spans", timeout=1000)


def test_filters_by_layer_status_and_label_and_sorts_by_label(qtbot, project, open_editor):
    window = open_editor(_project(project), "d")
    panel = window.span_list
    panel.layer_filter.setCurrentIndex(panel.layer_filter.findData("number"))
    panel.layer_filter.activated.emit(panel.layer_filter.currentIndex())
    assert _texts(window) == ["4", "2016"]
    qtbot.waitUntil(lambda: panel.count.text() == "2 / 5 spans", timeout=1000)
    panel.layer_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("accepted"))
    panel.status_filter.activated.emit(0)
    assert _texts(window) == ["<b>مسؤول</b>", "ليبيا", "Armytimes"]
    panel.label_filter.setCurrentIndex(panel.label_filter.findData("ORG"))
    panel.label_filter.activated.emit(0)
    assert _texts(window) == ["Armytimes"]
    for combo in (panel.label_filter, panel.status_filter):
        combo.setCurrentIndex(0)
        combo.activated.emit(0)
    panel.table.horizontalHeader().sectionClicked.emit(1)  # the label column's header
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [row[1] for row in _rows(window)] == ["GPE", "NUMBER", "NUMBER", "ORG", "PERSON"]
    panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [row[1] for row in _rows(window)][0] == "PERSON"


def test_a_click_selects_the_span_in_the_document_and_the_keys_move_through_the_list(qtbot, project, open_editor):
    window = open_editor(_project(project), "d")
    table = window.span_list.table
    rect = table.visualRect(window.span_list.proxy.index(3, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    span = window.selected_span()
    assert TEXT[span.start : span.end] == "2016"
    assert window.side.isVisible()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert TEXT[window.selected_span().start : window.selected_span().end] == "Armytimes"
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert TEXT[window.selected_span().start : window.selected_span().end] == "<b>مسؤول</b>"
    # and the other way: a span selected in the document makes its row current
    window.view.setFocus()
    window.step_span(1)
    current = table.currentIndex()
    assert current.row() == 1 and current.data().strip("\u2068\u2069") == "ليبيا"


def test_every_edit_shows_in_the_list_at_once(qtbot, project, open_editor):
    window = open_editor(_project(project), "d")
    start = TEXT.index("غارات")
    drag_select(qtbot, window, start, start + len("غارات"))
    press(qtbot, window, "5")  # MISC
    assert "غارات" in _texts(window)
    qtbot.waitUntil(lambda: window.span_list.count.text() == "6 spans", timeout=1000)
    window.relabel_selected("LOC")
    row = next(r for r in _rows(window) if r[0].strip("\u2068\u2069") == "غارات")
    assert row[1] == "LOC"
    window.delete_selected()
    assert "غارات" not in _texts(window)
    window.undo()
    assert "غارات" in _texts(window)
    window.select_span(next(s.id for s in window.view.index if TEXT[s.start : s.end] == "2016"))
    window.accept_selected()
    row = next(r for r in _rows(window) if r[0].strip("\u2068\u2069") == "2016")
    assert row[3] == "accepted" and row[4] == "amira"


def test_deleting_the_selected_span_selects_no_other_span_and_keeps_the_view_still(qtbot, project, open_editor):
    window = open_editor(_project(project), "d")
    target = next(s for s in window.view.index if TEXT[s.start : s.end] == "ليبيا")  # accepted: Delete deletes
    window.span_list.table.setCurrentIndex(window.span_list.proxy.index(1, 0))  # as a click on its row
    assert window.view.selected_id == target.id
    window.view.setFocus()
    scroll = window.view.verticalScrollBar().value()
    press(qtbot, window, Qt.Key.Key_Delete)
    assert target.id not in window.view.index
    assert window.view.selected_id is None
    assert window.view.verticalScrollBar().value() == scroll
    window.set_layer_visible("number", True)
    panel = window.span_list
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("suggested"))
    panel.status_filter.activated.emit(0)  # the current row is filtered away
    assert window.view.selected_id is None


def _many(project, n: int = 300):
    """A document of ``n`` numbers, every other one a suggestion, with entities between them."""
    words = []
    for k in range(n):
        words += [f"{k + 1}", "في", "ليبيا"]
    text = " ".join(words)
    spans, pos = [], 0
    for k, word in enumerate(words):
        start = text.index(word, pos)
        pos = start + len(word)
        if word == "ليبيا":
            spans.append(Span(start=start, end=pos, layer="entity", label="GPE", annotator="amira"))
        elif word != "في":
            suggested = k % 2 == 0
            spans.append(
                Span(
                    start=start,
                    end=pos,
                    layer="number",
                    label="NUMBER",
                    status="suggested" if suggested else "accepted",
                    annotator="prelabel" if suggested else "amira",
                    source="prelabel" if suggested else "manual",
                )
            )
    project.add_document(Document(id="m", text=text, spans=spans))
    return project


def test_accept_all_changes_the_rows_in_place_with_and_without_a_filter(qtbot, project, open_editor):
    window = open_editor(_many(project), "m")
    window.set_layer_visible("number", True)
    panel = window.span_list
    resets = []
    panel.proxy.modelReset.connect(lambda: resets.append(1))
    pending = [s for s in window.view.index if s.status == "suggested"]
    assert len(pending) > 100 and panel.model.rowCount() == len(window.view.index)
    assert window.accept_all("number", "NUMBER") == len(pending)
    rows = {r[0].strip("\u2068\u2069"): r for r in _rows(window) if r[2] == "number"}
    assert all(rows[_surface(window, s)][3:5] == ("accepted", "amira") for s in pending)
    assert resets == [], "the list was reset instead of changed in place"
    window.undo()  # back to suggestions; now with the list showing only them
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("suggested"))
    panel.status_filter.activated.emit(0)
    assert panel.proxy.rowCount() == len(pending)
    assert window.accept_all("number", "NUMBER") == len(pending)
    assert panel.proxy.rowCount() == 0, "accepted rows stayed under a 'suggested' filter"
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(None))
    panel.status_filter.activated.emit(0)
    assert panel.proxy.rowCount() == len(window.view.index)


def _surface(window, span):
    return window.text[span.start : span.end]
