"""Proclitic segmentation: conservative, with the article kept on its noun."""

import pytest

from annotator.arabic.clitics import split_proclitics, strip_proclitics


def pieces(word):
    return [word[s:e] for s, e in split_proclitics(word, 0, len(word))]


@pytest.mark.parametrize(
    "word, expected",
    [
        ("وليبيا", ["و", "ليبيا"]),
        ("بالنفط", ["ب", "النفط"]),
        ("وبالنفط", ["و", "ب", "النفط"]),
        ("والبنية", ["و", "البنية"]),
        ("لليبيا", ["ل", "ليبيا"]),
        ("وللمسلحين", ["و", "ل", "لمسلحين"]),
        ("بجنوب", ["ب", "جنوب"]),
        ("بقيادة", ["ب", "قيادة"]),
        ("لمواصلة", ["ل", "مواصلة"]),
        ("فارتفعت", ["ف", "ارتفعت"]),
        ("ولفتت", ["و", "لفتت"]),
        ("كالعادة", ["ك", "العادة"]),
        ("ووزير", ["و", "وزير"]),
        ("وفرنسا", ["و", "فرنسا"]),
        ("بأن", ["ب", "أن"]),
    ],
)
def test_proclitics_are_split_off(word, expected):
    assert pieces(word) == expected


@pytest.mark.parametrize(
    "word",
    [
        "وليد",
        "بلد",
        "لبنان",
        "فايز",
        "كان",
        "ليبيا",
        "وزير",
        "وزارة",
        "واشنطن",
        "بين",
        "بعد",
        "فرنسا",
        "فلسطين",
        "كبير",
        "لجنة",
        "بيروت",
        "وكالة",
        "فقط",
    ],
)
def test_words_whose_first_letter_is_the_stems_are_not_split(word):
    assert pieces(word) == [word]


@pytest.mark.parametrize("word", ["لم", "في", "به", "له", "فيه", "لها", "ولم"])
def test_a_stem_is_never_shorter_than_two_letters(word):
    for piece in pieces(word)[-1:]:
        assert len(piece) >= 2


def test_kaf_is_split_only_before_the_article():
    assert pieces("كمصدر") == ["كمصدر"]
    assert pieces("كالمصدر") == ["ك", "المصدر"]


def test_harakat_stay_with_their_letter_and_lexicon_ignores_them():
    assert pieces("وَلِيبْيا") == ["وَ", "لِيبْيا"]
    assert pieces("وَلِيد") == ["وَلِيد"]
    assert pieces("بِالنِّفْطِ") == ["بِ", "النِّفْطِ"]


def test_latin_words_and_digits_are_never_split():
    assert pieces("blast") == ["blast"]
    assert pieces("2016") == ["2016"]


def test_split_inside_a_longer_text_uses_its_offsets():
    text = "قال وليبيا"
    assert split_proclitics(text, 4, 10) == [(4, 5), (5, 10)]


def test_strip_proclitics_returns_prefix_length_and_stem():
    assert strip_proclitics("وبالنفط") == (2, "النفط")
    assert strip_proclitics("وَلِيبْيا") == (2, "لِيبْيا")
    assert strip_proclitics("وليد") == (0, "وليد")
