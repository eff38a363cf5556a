"""Editor bugs, each as a person met them, now fixed: the window stores what was meant, shows what was stored, and says what it did."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.model import Span
from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press, suggest


def _stored(project):
    return sorted((s.start, s.end, s.label, s.annotator, s.status) for s in project.spans("tricky", statuses=None))


def test_labelling_the_exact_range_of_a_suggestion_accepts_it(qtbot, docs_project, open_editor):
    year = suggest(docs_project, "2016", attrs={"value": 2016, "kind": "year"})
    window = open_editor(docs_project, "tricky")
    drag_select(qtbot, window, year.start, year.end)
    press(qtbot, window, "6")  # NUMBER

    [span] = docs_project.spans("tricky", statuses=None)
    assert (span.id, span.status, span.annotator, span.attrs) == (
        year.id,
        "accepted",
        "amira",
        {"value": 2016, "kind": "year"},
    )
    assert window.view.index.get(year.id).status == "accepted"  # drawn as accepted, not faded
    assert "accepted the NUMBER suggestion" in window.statusBar().currentMessage()


def test_shift_a_with_one_conflicting_suggestion_saves_nothing_and_says_which(qtbot, docs_project, open_editor):
    numbers = [suggest(docs_project, "2016"), suggest(docs_project, "٤٣")]
    s = TRICKY.index("عام 2016")
    docs_project.add_span(
        "tricky", Span(start=s, end=s + 6, label="NUMBER", layer="number", annotator="amira"), "amira"
    )  # "عام 20": the 2016 suggestion would cross it
    window = open_editor(docs_project, "tricky")
    before = _stored(docs_project)
    window.select_span(numbers[1].id)
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)

    assert _stored(docs_project) == before
    assert all(window.view.index.get(n.id).status == "suggested" for n in numbers)  # and so drawn
    message = window.statusBar().currentMessage()
    assert message.startswith("nothing accepted") and "«2016»" in message and "«عام 20»" in message
    assert "b00020" in window.statusBar().styleSheet()
    window.refresh()  # F5 shows the same: nothing half-done behind the screen
    assert all(window.view.index.get(n.id).status == "suggested" for n in numbers)


def test_shift_a_says_how_many_it_accepted(qtbot, docs_project, open_editor):
    numbers = [suggest(docs_project, "2016"), suggest(docs_project, "٤٣"), suggest(docs_project, "٥٠٪")]
    window = open_editor(docs_project, "tricky")
    window.select_span(numbers[0].id)
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage() == "accepted 3 NUMBER suggestions"
    assert "0 suggested" in window.status_label.text()


def test_crossing_spans_are_refused_with_a_message_naming_both(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    a = TRICKY.index("وزيرُ الخارجيّةِ")
    window.view.set_selection_cp(a, a + len("وزيرُ الخارجيّةِ"))
    press(qtbot, window, "1")  # PERSON
    b = TRICKY.index("الخارجيّةِ الليبيّ")
    before = _stored(docs_project)
    window.view.set_selection_cp(b, b + len("الخارجيّةِ الليبيّ"))
    press(qtbot, window, "2")  # ORG over "الخارجيّةِ الليبيّ" crosses PERSON "وزيرُ الخارجيّةِ"

    assert _stored(docs_project) == before
    message = window.statusBar().currentMessage()
    assert "cross" in message and "«وزيرُ الخارجيّةِ»" in message and "«الخارجيّةِ الليبيّ»" in message
    window.view.set_selection_cp(b, b + len("الخارجيّةِ"))
    press(qtbot, window, "2")  # nested inside PERSON: allowed
    assert len(docs_project.spans("tricky")) == 2


def test_undo_says_what_it_undid(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    start = window.text.index("ليبيا")
    window.view.set_selection_cp(start, start + 5)
    press(qtbot, window, "4")
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "undid: label GPE on \u2068«ليبيا»\u2069"
    assert docs_project.spans("seed") == []


def test_the_document_list_follows_every_edit(qtbot, docs_project, open_editor):
    suggest(docs_project, "2016")
    window = open_editor(docs_project, "tricky")
    model = window.doc_list.model

    def row():
        r = model.rows[model.row_of("tricky")]
        return r.status, r.spans, r.suggested

    assert row() == ("new", 0, 1)
    s = TRICKY.index("طرابلس")
    window.view.set_selection_cp(s, s + len("طرابلس"))
    press(qtbot, window, "4")
    assert row() == ("in_progress", 1, 1)
    assert "in progress" in window.status_label.text() or "in_progress" in window.status_label.text()
    window.select_span(next(sp.id for sp in window.view.index if sp.status == "suggested"))
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert row() == ("in_progress", 2, 0)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert row() == ("new", 0, 1)
    index = model.index(model.row_of("tricky"), 0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) is not None


def test_label_all_in_the_project_refreshes_every_row_it_touched(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    window.open_find()
    window.find_bar.query.blockSignals(True)  # no search timer left to fire after the test
    window.find_bar.query.setText("ليبيا")
    window.find_bar.query.blockSignals(False)
    window.find("ليبيا")
    added = window.label_all("entity", "GPE", scope="project")
    model = window.doc_list.model
    counts = {r.id: (r.status, r.spans) for r in model.rows}
    assert added == counts["seed"][1] + counts["tricky"][1] > 0
    assert counts["tricky"][0] == "in_progress" and counts["seed"][0] == "in_progress"
    assert window.statusBar().currentMessage().startswith(f"labelled {added} GPE in 2 documents")


def _formats(view):
    out, block = [], view.document().firstBlock()
    while block.isValid():
        out.append(
            [
                (
                    r.start,
                    r.length,
                    r.format.background().color().name(QColor.NameFormat.HexArgb),
                    r.format.foreground().color().name(QColor.NameFormat.HexArgb),
                )
                for r in block.layout().formats()
            ]
        )
        block = block.next()
    return out


def test_accept_all_over_many_lines_paints_every_line_as_stored(qtbot, project, open_editor):
    """Accept-all paints the lines on screen at once and the rest in the
    next turns of the event loop; in the end every line is painted as a
    fresh load of the stored spans paints it."""
    from annotator.model import Document
    from annotator.suggest.numbers import prelabel

    text = "\n".join(f"قُتل {n} شخصا في الهجوم رقم {n}" for n in range(300))
    project.add_document(Document(id="many", text=text))
    prelabel(project, ["many"])
    window = open_editor(project, "many")
    window.select_span(next(s.id for s in window.view.index if s.status == "suggested"))
    press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert window.last_edit.ok and window.last_edit.count == 600
    qtbot.waitUntil(lambda: not window.view._deferred, timeout=10000)
    painted = _formats(window.view)
    window.refresh()  # a full repaint from the store
    assert painted == _formats(window.view)


def test_the_span_list_follows_accept_all_small_and_large(qtbot, project, open_editor):
    from annotator.model import Document
    from annotator.suggest.numbers import prelabel

    for doc_id, n in (("few", 3), ("many", 300)):
        project.add_document(Document(id=doc_id, text="\n".join(f"قُتل {k} شخصا في الهجوم رقم {k}" for k in range(n))))
        prelabel(project, [doc_id])
        window = open_editor(project, doc_id)
        proxy = window.span_list.proxy
        proxy.set_filter(status="suggested")  # the list filtered to pending suggestions
        assert proxy.rowCount() == 2 * n
        window.select_span(next(s.id for s in window.view.index if s.status == "suggested"))
        press(qtbot, window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
        assert proxy.rowCount() == 0  # every row re-filtered: none is pending any more
        proxy.set_filter(status="accepted")
        assert proxy.rowCount() == 2 * n
