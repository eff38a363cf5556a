"""View ▸ Snap selection to words: on by default, a drag from inside one
word to inside another selects whole tokens; switched off, exactly the
letters dragged over; the choice is remembered by the next window."""

from tests.gui.conftest import drag_select, press


def test_snap_is_on_by_default_and_a_partial_drag_grows_to_whole_words(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    assert window.actions_["snap-to-words"].isChecked()
    text = window.text
    start = text.index("العسكرية الأمريكية")
    drag_select(qtbot, window, start + 3, start + len("العسكرية الأم"))
    press(qtbot, window, "2")
    [span] = docs_project.spans("seed")
    assert text[span.start : span.end] == "العسكرية الأمريكية"


def test_switched_off_a_drag_keeps_its_letters_and_the_next_window_remembers(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    window.actions_["snap-to-words"].trigger()
    assert not window.actions_["snap-to-words"].isChecked()
    text = window.text
    start = text.index("العسكرية")
    drag_select(qtbot, window, start + 2, start + 5)
    assert window.view.selection_cp() == (start + 2, start + 5)
    window.close()

    again = open_editor(docs_project, "seed")
    assert not again.actions_["snap-to-words"].isChecked()
    again.actions_["snap-to-words"].trigger()
    third = open_editor(docs_project, "seed")
    assert third.actions_["snap-to-words"].isChecked()
