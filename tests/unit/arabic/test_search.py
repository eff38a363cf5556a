"""Diacritic-insensitive search returning ranges in the original text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.search import find, normalize, normalize_with_map
from tests.conftest import TRICKY, read_seed


def found(text, query, **kw):
    return [text[s:e] for s, e in find(text, query, **kw)]


def test_tashkeel_and_tatweel_are_always_ignored():
    assert found("زار لِيبْيا ثم ليبيا", "ليبيا") == ["لِيبْيا", "ليبيا"]
    assert found("الـــقوات والقوات", "القوات") == ["الـــقوات", "القوات"]
    assert found("ليبيا", "لِيبيا") == ["ليبيا"]  # tashkeel in the query too


def test_hamza_forms_match_each_other():
    text = "قال مسؤولِ إن مسئول أكد"
    assert found(text, "مسؤول") == ["مسؤولِ", "مسئول"]  # the kasra belongs to the match
    assert found("أحمد وإبراهيم وآمنة", "احمد") == ["أحمد"]
    assert found("أحمد وإبراهيم", "ابراهيم") == ["إبراهيم"]
    assert found(text, "مسؤول", hamza=False) == ["مسؤولِ"]


def test_ta_marbuta_and_alef_maqsura_are_optional():
    assert found("الحكومة الليبية", "الحكومه") == ["الحكومة"]
    assert found("الحكومة", "الحكومه", ta_marbuta=False) == []
    assert found("مستشفى المستشفي", "مستشفي") == ["مستشفى", "مستشفي"]
    assert found("مستشفى", "مستشفي", alef_maqsura=False) == []


def test_decomposed_hamza_and_ligature_presentation_forms():
    assert found("مسو\u0654ول", "مسؤول") == ["مسو\u0654ول"]
    assert found("\ufefb اله", "لا") == ["\ufefb"]


def test_offsets_survive_emoji_crlf_and_bidi_marks():
    for s, e in find(TRICKY, "ليبيا"):
        assert TRICKY[s:e] == "ليبيا"
    assert found(TRICKY, "القوات") == ["الـــقوات"]
    assert found(TRICKY, "تزال في") == ["تزال\u200f في"]  # the RLM inside is ignored


def test_whole_word_allows_proclitics_but_not_longer_words():
    text = "في مصر ومصر والمصرية لمصر"
    assert found(text, "مصر", whole_word=True) == ["مصر", "مصر", "مصر"]
    assert len(find(text, "مصر")) == 4  # without whole_word, inside المصرية too


def test_an_empty_query_finds_nothing():
    assert find("ليبيا", "") == []
    assert find("ليبيا", "\u064e") == []


def test_normalize_with_map_points_back_to_the_original():
    text = "أَكّدَ الـمسؤول"
    norm, index = normalize_with_map(text)
    assert norm == "اكد المسءول"
    assert len(index) == len(norm)
    assert [text[i] for i in index] == list("أكد المسؤول")
    assert normalize(text) == norm


def test_seed_search_finds_every_mention():
    seed = read_seed()
    assert len(find(seed, "داعش")) == seed.count("داعش")
    assert len(find(seed, "مسؤول")) >= 5


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("مسؤولئأإآاةهىي لا") + ["\u064e", "\u0651", "\u0640", "\u200f", "\u0654", "\ufefb", "😀", "\r", "\n"]
        ),
        max_size=30,
    ),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_normalize_with_map_is_consistent(text, hamza, ta, maqsura):
    norm, index = normalize_with_map(text, hamza, ta, maqsura)
    assert norm == normalize(text, hamza, ta, maqsura)
    assert len(index) == len(norm)
    assert index == sorted(index) and all(0 <= i < len(text) for i in index)
    for s, e in find(text, "مسؤول", hamza, ta, maqsura):
        assert 0 <= s < e <= len(text)


def test_fast_path_agrees_with_the_slow_one():
    plain = "قال مسؤول أمريكي إن ليبيا الغنية بالنفط"
    norm, index = normalize_with_map(plain)
    assert index == list(range(len(plain)))
    slow, _ = normalize_with_map(plain + "\u064e")
    assert slow == norm
