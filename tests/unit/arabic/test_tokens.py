"""Tokens and sentences: code-point ranges whose surfaces are the tokens."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.arabic.tokens import sentences, token_texts, tokenize, words
from tests.conftest import TRICKY, read_seed


def surfaces(text, ranges):
    return [text[s:e] for s, e in ranges]


def test_arabic_punctuation_and_quotes_are_tokens_of_their_own():
    text = "قال «المسؤول»، إن الوضع؛ هل تغيّر؟"
    assert token_texts(text) == ["قال", "«", "المسؤول", "»", "،", "إن", "الوضع", "؛", "هل", "تغيّر", "؟"]


def test_tashkeel_and_tatweel_stay_inside_the_word():
    assert token_texts("أكّدَ وزيرُ الـــقوات") == ["أكّدَ", "وزيرُ", "الـــقوات"]


def test_latin_words_inside_arabic():
    assert token_texts('صحيفة "Armytimes" الأمريكية') == ["صحيفة", '"', "Armytimes", '"', "الأمريكية"]


def test_numbers_with_decimal_and_thousands_separators_are_one_token():
    text = "نما 3.5% و٣٫٥٪ و1,000 و٢٬٥٠٠ و۴۳"
    assert token_texts(text) == ["نما", "3.5", "%", "و", "٣٫٥", "٪", "و", "1,000", "و", "٢٬٥٠٠", "و", "۴۳"]


def test_a_full_stop_after_a_number_is_not_a_decimal_point():
    assert token_texts("عام 2016.") == ["عام", "2016", "."]


def test_emoji_sequences_are_one_token():
    text = "عائلة 👨\u200d👩\u200d👧 وعلم 🇱🇾 و👍🏽 و❤️ و1️⃣"
    assert token_texts(text) == [
        "عائلة",
        "👨\u200d👩\u200d👧",
        "وعلم",
        "🇱🇾",
        "و",
        "👍🏽",
        "و",
        "❤️",
        "و",
        "1️⃣",
    ]


def test_bidi_marks_and_zero_width_characters_are_never_tokens():
    text = "\u200fليبيا\u200e \u061cتونس\u202b مصر\u202c \u2067الجزائر\u2069\u200b"
    assert token_texts(text) == ["ليبيا", "تونس", "مصر", "الجزائر"]


def test_tricky_text_offsets_point_at_the_tokens():
    tokens = tokenize(TRICKY)
    texts = surfaces(TRICKY, tokens)
    assert "٤٣" in texts and "2016" in texts and "الـــقوات" in texts and "😀" in texts
    assert "\r" not in "".join(texts) and "\u200f" not in "".join(texts)


def test_clitics_split_proclitics_but_keep_the_article():
    assert token_texts("وليبيا بالنفط وبالنفط لليبيا وليد بلد لبنان", clitics=True) == [
        "و",
        "ليبيا",
        "ب",
        "النفط",
        "و",
        "ب",
        "النفط",
        "ل",
        "ليبيا",
        "وليد",
        "بلد",
        "لبنان",
    ]


def test_split_at_turns_a_span_edge_inside_a_word_into_a_token_edge():
    text = "زار وزيرليبيا"  # a typo glued two words: a span may start inside
    assert surfaces(text, tokenize(text, split_at=[8])) == ["زار", "وزير", "ليبيا"]
    # positions on existing edges or outside tokens change nothing
    assert tokenize(text, split_at=[0, 3, 4, 13]) == tokenize(text)


def test_split_at_works_together_with_clitics():
    text = "وللمسلحين"
    assert surfaces(text, tokenize(text, clitics=True, split_at=[3])) == ["و", "ل", "ل", "مسلحين"]


def test_words_leave_out_numbers_and_punctuation():
    text = "قتل 43 إرهابيا، و7 آخرون"
    assert surfaces(text, words(text)) == ["قتل", "إرهابيا", "و", "آخرون"]


def test_seed_tokens_cover_every_visible_character():
    seed = read_seed()
    covered = set()
    for s, e in tokenize(seed):
        covered.update(range(s, e))
    for i, ch in enumerate(seed):
        assert (i in covered) == (not ch.isspace()), (i, ch)


def test_sentences_split_on_stops_and_newlines_but_not_decimal_points():
    text = "نما الاقتصاد 3.5 في المئة. هل هذا صحيح؟ نعم!\r\nسطر جديد بلا نقطة\n\nوآخر…"
    assert surfaces(text, sentences(text)) == [
        "نما الاقتصاد 3.5 في المئة.",
        "هل هذا صحيح؟",
        "نعم!",
        "سطر جديد بلا نقطة",
        "وآخر…",
    ]


def test_abbreviation_points_do_not_end_a_sentence():
    text = "قال د. محمد إن القوات U.S. وصلت. ثم غادرت."
    assert surfaces(text, sentences(text)) == ["قال د. محمد إن القوات U.S. وصلت.", "ثم غادرت."]


def test_a_closing_quote_belongs_to_the_sentence_it_ends():
    text = 'قال: "انتهى الأمر." ثم غادر.'
    assert surfaces(text, sentences(text)) == ['قال: "انتهى الأمر."', "ثم غادر."]


def test_sentences_exclude_bidi_marks_and_whitespace_at_their_edges():
    text = "\u200f  ليبيا.\u200f  \r\n"
    assert surfaces(text, sentences(text)) == ["ليبيا."]


def test_seed_has_one_sentence_per_line_at_least():
    seed = read_seed()
    sents = sentences(seed)
    assert len(sents) >= seed.count("\n")
    assert all(not seed[s:e][0].isspace() and not seed[s:e][-1].isspace() for s, e in sents)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(TRICKY) + ["٫", ".", "3", " ", "\u0651", "ل", "و", "ب"]), max_size=80))
def test_tokens_are_ordered_disjoint_and_never_whitespace(text):
    for clitics in (False, True):
        tokens = tokenize(text, clitics=clitics)
        last = 0
        for s, e in tokens:
            assert last <= s < e <= len(text)
            assert not text[s:e].isspace() and text[s] not in "\u200e\u200f\u200b\r\n "
            last = e
    # clitic splitting only refines tokens: it covers the same characters
    plain = {i for s, e in tokenize(text) for i in range(s, e)}
    split = {i for s, e in tokenize(text, clitics=True) for i in range(s, e)}
    assert plain == split


@settings(max_examples=500)
@given(st.text(alphabet=".!?\u061f\u2026\r\n\u2028\u2029\"'\u00bb\u201d)]1٣a ب", max_size=16))
def test_sentence_end_pattern_finds_what_its_plain_form_finds(text):
    import re

    from annotator.arabic.tokens import _SENT_END

    plain = re.compile(
        r"(?:(?<!\d)\.|\.(?!\d)|[!?\u061f\u2026])+[\"'\u00bb\u201d\u2019)\]]*|(?:\r\n|[\n\r\u2028\u2029])"
    )
    assert [m.span() for m in _SENT_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list(TRICKY) + [".", "؟", "!", "«", "»", "\n", "\r\n", "  ", "\u200f", " د.", " U.S.", ".x", "3.5", "!!"]
        ),
        max_size=60,
    ).map("".join)
)
@example("قال د. محمد إن")
def test_sentence_breaks_lead_to_the_first_tokens_of_the_sentences(text):
    """The first token at or after each break is the first token of a
    sentence, and every sentence's first token is reached that way."""
    from bisect import bisect_left

    from annotator.arabic.tokens import sentence_breaks

    starts = [s for s, _ in tokenize(text, clitics=True)]

    def first_token(p):
        k = bisect_left(starts, p)
        return k if k < len(starts) else None

    from_breaks = {first_token(p) for p in sentence_breaks(text)} - {None, 0}
    from_sentences = {first_token(s) for s, _ in sentences(text)} - {None, 0}
    assert from_breaks == from_sentences


_PIECES = st.sampled_from(
    [
        "و",
        "ف",
        "ب",
        "ل",
        "ك",
        "ال",
        "ليبيا",
        "بالنفط",
        "وللقوات",
        "كالعادة",
        "3.5",
        "٣٫٥",
        "،",
        "«",
        "»",
        ".",
        "👨\u200d👩\u200d👧",
    ]
    + [" ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u200f", "\u200d", "\u0640", "\u064e", "Army"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sets(st.integers(0, 200), max_size=12))
def test_the_clitic_tokenizer_gives_what_the_per_document_rule_gives(text, cuts):
    """tokenize(clitics=True) tokenizes chunk by chunk through a cache; the
    plain rule (tests/unit/arabic/oracle.py) runs over the whole text."""
    from tests.unit.arabic.oracle import clitic_tokens

    assert tokenize(text, clitics=True) == clitic_tokens(text)
    assert tokenize(text, clitics=True, split_at=cuts) == clitic_tokens(text, cuts)
