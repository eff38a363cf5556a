"""The same gesture over tashkeel, lam-alef and after emoji and CRLF line
ends: the stored offsets are code points into the text as imported, and
a selection set between a letter and its harakah or inside lam-alef is
snapped outward before it is stored."""

import pytest

from tests.conftest import TRICKY
from tests.gui.conftest import drag_select, press


def _stored(project):
    [span] = project.spans("tricky")
    return span.start, span.end, TRICKY[span.start : span.end]


@pytest.mark.parametrize(
    "word",
    [
        "أكّدَ",  # shadda and fatha on the letters
        "وزيرُ",  # damma at the end
        "لا",  # lam-alef, one glyph
        "التقرير",  # after two emoji (5 astral code points) and two CRLFs
        "Armytimes",  # Latin inside Arabic: visual order reversed, logical offsets stored
        "2016",  # digits inside Arabic
    ],
)
def test_drag_over_the_word_stores_exactly_the_word(qtbot, docs_project, open_editor, word):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index(word)
    end = start + len(word)

    drag_select(qtbot, window, start, end)
    press(qtbot, window, "1")

    assert _stored(docs_project) == (start, end, word)


def test_drag_over_an_emoji_stores_one_code_point(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("😀")

    drag_select(qtbot, window, start, start + 1)
    press(qtbot, window, "5")

    assert _stored(docs_project) == (start, start + 1, "😀")
    # Qt counts two UTF-16 units for it, after the family emoji's three astral code points
    placed = window.view.index.placed(docs_project.spans("tricky")[0].id)
    assert placed.end - placed.start == 2


def test_a_selection_ending_between_letter_and_harakah_is_snapped_outward(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    word = "أكّدَ"
    window.view.set_selection_cp(0, len(word) - 1)  # before the final fatha

    press(qtbot, window, "1")

    assert _stored(docs_project) == (0, len(word), word)


def test_a_selection_inside_lam_alef_takes_the_whole_glyph(qtbot, docs_project, open_editor):
    window = open_editor(docs_project, "tricky")
    start = TRICKY.index("لا تزال")
    window.view.set_selection_cp(start, start + 1)  # the lam alone

    press(qtbot, window, "3")

    assert _stored(docs_project) == (start, start + 2, "لا")
