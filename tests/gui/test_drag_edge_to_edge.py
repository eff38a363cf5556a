"""Every word of the seed article and of the tricky document, dragged with
the mouse from its first pixel to its last (and back), read from the
layout's own glyph positions, stores exactly that word: Latin words and
digit runs inside right-to-left lines included (``Armytimes`` used to
store ``s"``, ``2016`` stored ``201``).

Snap-to-tokens (the default) stores the word without a leading proclitic,
as a double-click does; with snapping off, exactly the characters dragged
over. One window per test; every word driven through it."""

import pytest

from annotator.arabic.snap import snap, word_at
from annotator.arabic.tokens import tokens_in
from tests.conftest import TRICKY
from tests.gui.conftest import drag_edges, press

TRICKY_MORE = TRICKY + "\r\nبلغ العدد 1,000 و2.5 و٢٬٥٠٠ و٣٫٥ مـــرة «iPhone» و٧٥٪ 👍🏽 الآن."


def _words(text):
    return [(s, e) for s, e, kind in tokens_in(text, 0, len(text)) if kind != "p"]


@pytest.fixture
def edge_project(docs_project):
    from annotator.model import Document

    docs_project.add_document(Document(id="tricky2", text=TRICKY_MORE))
    return docs_project


def test_armytimes_and_2016_in_the_seed_store_the_whole_run(qtbot, edge_project, open_editor):
    window = open_editor(edge_project, "seed")
    text = window.text
    for word, key in (("Armytimes", "2"), ("2016", "1")):
        start = text.index(word)
        for backward in (False, True):
            drag_edges(qtbot, window, start, start + len(word), backward=backward)
            assert window.view.selection_cp() == (start, start + len(word)), (word, backward)
        press(qtbot, window, key)
    stored = {text[s.start : s.end]: s for s in edge_project.spans("seed")}
    assert set(stored) == {"Armytimes", "2016"}


@pytest.mark.parametrize("doc_id", ["seed", "tricky2"])
@pytest.mark.parametrize("snapping", [True, False], ids=["snap", "exact"])
def test_every_word_dragged_edge_to_edge_both_ways_stores_that_word(qtbot, edge_project, open_editor, doc_id, snapping):
    window = open_editor(edge_project, doc_id)
    window.set_snap_tokens(snapping)
    text = window.text
    expected_ranges = set()
    for start, end in _words(text):
        expected = snap(text, *word_at(text, start)) if snapping else (start, end)
        expected_ranges.add(expected)
        for backward in (False, True):
            drag_edges(qtbot, window, start, end, backward=backward)
            assert window.view.selection_cp() == expected, (text[start:end], backward)
        press(qtbot, window, "1")
        span = window.selected_span()
        assert (span.start, span.end) == expected, text[start:end]
    stored = {(s.start, s.end) for s in edge_project.spans(doc_id)}
    assert stored == expected_ranges


def test_where_a_word_below_the_viewport_is_drawn(qtbot, edge_project, open_editor):
    # its block may not be laid out yet; reading its line crashed Qt (a segfault in a real window)
    window = open_editor(edge_project, "seed")
    window.resize(1280, 860)
    view = window.view
    start = view.text.index("2016")
    lead, trail, y = view.char_box(start)
    assert y > view.viewport().height() and lead != trail
