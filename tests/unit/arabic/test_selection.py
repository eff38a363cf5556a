"""Snap-to-tokens: what a drag selects, tested without Qt on the seed
article and the tricky document."""

import pytest

from annotator.arabic.selection import snap_to_tokens
from annotator.arabic.snap import snap, word_at
from annotator.arabic.tokens import tokenize, tokens_in
from tests.conftest import TRICKY, read_seed

SEED = read_seed()


def _at(text, word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _snapped(text, start, end):
    s, e = snap_to_tokens(text, start, end)
    return text[s:e]


@pytest.mark.parametrize("text", [SEED, TRICKY], ids=["seed", "tricky"])
def test_every_token_selected_exactly_stays_itself_less_its_proclitic(text):
    for start, end in tokenize(text):
        expected = snap(text, *word_at(text, start))  # a lam-alef stays whole
        if text[start:end] in '"«»،,.؛؟:()/':  # punctuation alone stays punctuation
            expected = (start, end)
        assert snap_to_tokens(text, start, end) == expected, text[start:end]


@pytest.mark.parametrize("text", [SEED, TRICKY], ids=["seed", "tricky"])
def test_a_drag_from_inside_one_character_of_a_token_grows_to_the_token(text):
    for start, end in tokenize(text):
        for pos in (start, end - 1):
            s, e = snap_to_tokens(text, pos, pos + 1)
            assert s <= pos < e or (s, e) == word_at(text, pos), text[start:end]
            assert s >= start and e <= end


def test_quotes_punctuation_and_spaces_around_a_latin_word_are_trimmed():
    start, end = _at(SEED, '"Armytimes" ')
    assert _snapped(SEED, start, end) == "Armytimes"
    assert _snapped(SEED, start + 3, end - 4) == "Armytimes"  # from inside the word to inside it


def test_a_number_loses_the_arabic_comma_after_it_and_keeps_its_separators():
    start, end = _at(SEED, "2016، ")
    assert _snapped(SEED, start, end) == "2016"
    assert _snapped(SEED, start + 1, start + 3) == "2016"
    text = "بلغ 1,000 و٢٬٥٠٠ و٣٫٥ و3.5 نسبة ٥٠٪."
    for number in ("1,000", "٢٬٥٠٠", "٣٫٥", "3.5"):
        start, end = _at(text, number)
        assert _snapped(text, start + 1, end - 1) == number
    start, end = _at(text, "٥٠٪")
    assert _snapped(text, start, start + 1) == "٥٠"  # the sign is a token of its own
    assert _snapped(text, start, end + 1) == "٥٠٪"  # and stays when dragged over


def test_a_drag_over_several_words_keeps_inner_punctuation_and_trims_the_outer():
    start, end = _at(SEED, 'إن "الغارات تسببت')
    assert _snapped(SEED, start + 1, end - 2) == 'إن "الغارات تسببت'
    start, _ = _at(SEED, '"داعش ليبيا"')
    assert _snapped(SEED, start, start + len('"داعش ليبيا"')) == "داعش ليبيا"


def test_the_proclitic_is_dropped_as_on_double_click_and_the_article_stays():
    start, end = _at(TRICKY, "وليبيا")
    assert _snapped(TRICKY, start, end) == "ليبيا"
    assert _snapped(TRICKY, start, start + 1) == "و"  # the proclitic alone, on purpose
    start, end = _at(SEED, "والبنية")
    assert _snapped(SEED, start + 2, end) == "البنية"
    start, end = _at(SEED, "الليبية")
    assert _snapped(SEED, start + 3, start + 4) == "الليبية"


def test_harakat_lam_alef_tatweel_and_emoji_are_never_split():
    for word in ("أكّدَ", "الخارجيّةِ", "لا", "الـــقوات", "👨\u200d👩\u200d👧", "😀"):
        start, end = _at(TRICKY, word)
        inner = start + {1: 0, 5: 2}.get(len(word), 1)  # inside the word, not on a ZWJ (invisible alone)
        assert _snapped(TRICKY, inner, inner + 1) == word, word
        assert _snapped(TRICKY, start, max(start + 1, end - 1)) == word, word
    start, end = _at(TRICKY, "😀.")
    assert _snapped(TRICKY, start, end) == "😀"


def test_crlf_and_bidi_marks_at_the_ends_are_trimmed():
    start, _ = _at(TRICKY, "2016،\r\n")
    assert _snapped(TRICKY, start, start + len("2016،\r\n")) == "2016"
    start, end = _at(TRICKY, "تزال\u200f ")
    assert _snapped(TRICKY, start, end) == "تزال"


def test_empty_whitespace_and_punctuation_only_drags():
    assert snap_to_tokens(SEED, 10, 10)[0] == snap_to_tokens(SEED, 10, 10)[1]
    start = SEED.index(" ")
    s, e = snap_to_tokens(SEED, start, start + 1)
    assert s == e
    start = SEED.index("،")
    assert _snapped(SEED, start, start + 1) == "،"


def test_tokens_in_reads_the_same_tokens_as_tokenize():
    everything = tokenize(TRICKY)
    for start in range(0, len(TRICKY), 7):
        end = min(len(TRICKY), start + 11)
        expected = [t for t in everything if t[1] > start and t[0] < end]
        assert [(s, e) for s, e, _ in tokens_in(TRICKY, start, end)] == expected
