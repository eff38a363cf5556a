"""Code points <-> UTF-16 code units (what Qt and JavaScript count)."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.arabic.offsets import (
    OffsetMap,
    byte_to_cp,
    cp_to_byte,
    cp_to_utf16,
    utf16_len,
    utf16_to_cp,
)
from tests.conftest import TRICKY


def test_bmp_arabic_text_is_the_identity():
    text = "قال مسؤول إن ٤٣ شخصاً"
    m = OffsetMap(text)
    assert [m.to_view(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert utf16_len(text) == len(text)


def test_an_emoji_counts_two_utf16_units():
    text = "قال 😀 ليبيا"
    after = text.index("😀") + 1
    assert cp_to_utf16(text, after) == after + 1
    assert utf16_to_cp(text, after + 1) == after
    assert utf16_len(text) == len(text) + 1


def test_a_zwj_emoji_sequence_counts_each_astral_member():
    family = "👨\u200d👩\u200d👧"
    text = f"عائلة {family} هنا"
    end = text.index("هنا")
    assert cp_to_utf16(text, end) == end + 3  # three astral people, two BMP joiners
    assert text[utf16_to_cp(text, end + 3) :] == "هنا"


def test_a_view_offset_inside_a_surrogate_pair_maps_to_the_character_start():
    text = "a😀b"
    assert utf16_to_cp(text, 2) == 1
    assert utf16_to_cp(text, 3) == 2


def test_non_bmp_letters_that_are_not_emoji():
    text = "𝐀𝐁 ليبيا"  # mathematical bold letters, astral
    assert cp_to_utf16(text, 2) == 4
    assert utf16_to_cp(text, 4) == 2


def test_crlf_is_one_position_in_the_view_when_dropped():
    text = "سطر\r\nثان\r\nثالث"
    m = OffsetMap(text, drop_cr=True)
    second = text.index("ثان")
    assert m.to_view(second) == second - 1
    assert m.to_cp(second - 1) == second
    assert m.view_text() == "سطر\nثان\nثالث"
    assert m.view_length == len(text) - 2
    # a code point on the dropped \r maps to the line break after it
    assert m.to_view(3) == m.to_view(4) == 3


def test_crlf_without_drop_cr_is_identity():
    text = "سطر\r\nثان"
    assert OffsetMap(text).to_view(5) == 5


def test_tricky_text_spans_round_trip_through_utf16_and_the_qt_view():
    for drop_cr in (False, True):
        m = OffsetMap(TRICKY, drop_cr=drop_cr)
        view = m.view_text().encode("utf-16-le")
        for word in ("٤٣", "2016", "وليبيا", "😀", "👨\u200d👩\u200d👧", "٥٠٪"):
            s = TRICKY.index(word)
            vs, ve = m.span_to_view(s, s + len(word))
            assert view[2 * vs : 2 * ve].decode("utf-16-le") == word
            assert m.span_to_cp(vs, ve) == (s, s + len(word))


def test_bytes_round_trip():
    text = "عام 2016 😀"
    for cp in range(len(text) + 1):
        assert byte_to_cp(text, cp_to_byte(text, cp)) == cp


@given(st.text(alphabet=st.sampled_from(list("ليبيا ٤٣\r\n\u200f") + ["😀", "𝐀", "\u200d"]), max_size=40))
def test_every_code_point_offset_round_trips(text):
    for drop_cr in (False, True):
        m = OffsetMap(text, drop_cr=drop_cr)
        for cp in range(len(text) + 1):
            if drop_cr and cp > 0 and text[cp - 1] == "\r" and cp < len(text) and text[cp] == "\n":
                continue  # the \r itself has no place in the view
            assert m.to_cp(m.to_view(cp)) == cp
        assert m.to_view(len(text)) == m.view_length


def _view_offset(text: str, cp: int, drop_cr: bool) -> int:
    """The reference, counted the slow way: the UTF-16 units before ``cp``,
    less each dropped \r before it (the \r of a \r\n, including the one
    ``cp`` itself falls on the \n of)."""
    units = len(text[:cp].encode("utf-16-le", "surrogatepass")) // 2
    return units - (text[: cp + 1].count("\r\n") if drop_cr else 0)


@given(
    st.text(alphabet=st.sampled_from(list("ليبيا 4\r\n\u200f") + ["😀", "𝐀", "\u200d", "\ud800"]), max_size=60),
    st.booleans(),
)
def test_the_map_counts_what_utf16_and_the_dropped_cr_count(text, drop_cr):
    """The map finds its breakpoints with a regular expression rather than a
    walk over every character: each offset is what counting gives."""
    m = OffsetMap(text, drop_cr=drop_cr)
    for cp in range(len(text) + 1):
        assert m.to_view(cp) == _view_offset(text, cp, drop_cr), (text, cp)
    assert m.view_length == _view_offset(text, len(text), drop_cr)
