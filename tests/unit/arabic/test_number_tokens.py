"""The number finder tokenizes each distinct chunk of text (between spaces
and line breaks) once and shifts its tokens to each place it occurs; the
tokens are those of the plain per-text form (the oracle), on the test sets
and seed article and on random text full of marks, tatweel, invisibles,
emoji, odd white space and digits of several scripts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.numbers import _tokens
from tests.unit.arabic.oracle import number_tokens
from tests.unit.suggest.test_prelabel_in_windows import corpus

PIECES = [
    " ",
    "\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u2028",
    "\u200f",
    "\u00ad",
    "ـ",
    "\u064e",
    "\u0651",
    "و",
    "أ",
    "ة",
    "ى",
    "ثلاث",
    "مئة",
    "ألف",
    "43",
    "٤٣",
    "۴",
    "3.5",
    "1,000",
    "٫",
    "%",
    "،",
    "-",
    "👍🏽",
    "🇱🇾",
    "1\ufe0f\u20e3",
    "G",
    "²",
    "_",
]


def test_the_test_sets_tokenize_as_the_whole_text_does():
    text = corpus()
    assert _tokens(text) == number_tokens(text)
    assert _tokens(text) == number_tokens(text)  # the second time from the chunk table


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join))
def test_random_text_tokenizes_as_the_whole_text_does(text):
    assert _tokens(text) == number_tokens(text)
