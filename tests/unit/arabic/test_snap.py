"""Snapping selections: never inside a glyph, optionally to whole words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.snap import snap, word_at
from tests.conftest import TRICKY


def snapped(text, start, end, **kw):
    s, e = snap(text, start, end, **kw)
    return text[s:e]


def test_an_edge_between_a_letter_and_its_harakah_moves_outward():
    text = "وَلِيبْيا"
    assert snapped(text, 1, 3) == "وَلِ"  # starts on the fatha, ends before the kasra
    assert snapped(text, 0, 1) == "وَ"


def test_shadda_and_its_harakah_stay_with_the_letter():
    text = "أكّدَ"
    assert snapped(text, 0, 2) == "أكّ"  # the shadda follows the kaf
    assert snapped(text, 0, 4) == "أكّدَ"


def test_never_inside_a_lam_alef():
    text = "لا إله إلا الله"
    assert snapped(text, 0, 1) == "لا"
    assert snapped(text, 1, 2) == "لا"
    assert snapped(text, 7, 9) == "إلا"  # end between lam and alef of إلا
    assert snapped("لَا", 0, 1) == "لَا"  # a harakah on the lam does not break the ligature


def test_never_inside_an_emoji_sequence():
    family = "👨\u200d👩\u200d👧"
    text = f"عائلة {family} هنا"
    start = text.index(family)
    assert snapped(text, start, start + 2) == family
    assert snapped(text, start + 2, start + 3) == family
    assert snapped("علم 🇱🇾", 4, 5) == "🇱🇾"
    assert snapped("قلب ❤️", 4, 5) == "❤️"  # not before the variation selector
    assert snapped("يد 👍🏽", 3, 4) == "👍🏽"


def test_never_inside_a_surrogate_pair():
    text = "a\ud83d\ude00b"  # a string holding UTF-16 surrogates (surrogatepass)
    assert snap(text, 0, 2) == (0, 3)
    assert snap(text, 2, 4) == (1, 4)


def test_whitespace_and_bidi_marks_at_the_edges_are_trimmed():
    text = "قال \u200fليبيا\u200f \r\n"
    assert snapped(text, 3, len(text)) == "ليبيا"
    assert snap(text, 3, 4) == (4, 4)


def test_reversed_and_out_of_range_selections():
    assert snapped("ليبيا", 5, 0) == "ليبيا"
    assert snap("ليبيا", -3, 99) == (0, 5)


def test_words_expands_to_whole_words_without_the_proclitic():
    text = "قال وليبيا الجديدة"
    assert snapped(text, 6, 8, words=True) == "ليبيا"
    assert snapped(text, 4, 13, words=True) == "ليبيا الجديدة"
    assert snapped(text, 4, 5, words=True) == "و"  # the proclitic alone stays what it is
    assert snapped("وليد", 1, 2, words=True) == "وليد"
    assert snapped("عام 2016", 5, 6, words=True) == "2016"


def test_word_at_is_the_double_click_word_without_its_proclitic():
    text = "قال وليبيا بالنفط 43 وليد."
    assert text[slice(*word_at(text, 5))] == "ليبيا"
    assert text[slice(*word_at(text, 4))] == "ليبيا"
    assert text[slice(*word_at(text, 13))] == "النفط"
    assert text[slice(*word_at(text, 18))] == "43"
    assert text[slice(*word_at(text, 22))] == "وليد"
    assert text[slice(*word_at(text, 3))] == "قال"  # on the space after a word
    assert word_at("   ", 1) == (1, 1)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(TRICKY)), st.integers(0, len(TRICKY)), st.booleans())
def test_snapped_edges_are_never_inside_a_cluster(a, b, words):
    s, e = snap(TRICKY, a, b, words=words)
    assert 0 <= s <= e <= len(TRICKY)
    for edge in (s, e):
        if 0 < edge < len(TRICKY):
            ch, prev = TRICKY[edge], TRICKY[edge - 1]
            assert ch not in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u200d\ufe0f"
            assert not (prev == "ل" and ch in "اأإآ")
    if s < e:
        assert not TRICKY[s].isspace() and not TRICKY[e - 1].isspace()
