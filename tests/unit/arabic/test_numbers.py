"""Numbers with values: digits, words, fractions, ordinals, years, percents."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.numbers import NumberMatch, find_numbers, parse_digits
from tests.conftest import TRICKY, read_seed


def found(text):
    return [(m.surface, m.value, m.kind) for m in find_numbers(text)]


def test_the_seed_article_numbers():
    seed = read_seed()
    got = found(seed)
    for expected in [
        ("4", 4, "cardinal"),
        ("26", 26, "cardinal"),
        ("43", 43, "cardinal"),
        ("100", 100, "cardinal"),
        ("2016", 2016, "year"),
        ("2018", 2018, "year"),
        ("6", 6, "cardinal"),
        ("2017", 2017, "year"),
        ("7", 7, "cardinal"),
        ("12", 12, "cardinal"),
        ("ثلث", 1 / 3, "fraction"),
        ("سبعة", 7, "cardinal"),
    ]:
        assert expected in got
    for m in find_numbers(seed):
        assert seed[m.start : m.end] == m.surface


def test_spans_point_into_the_original_text_with_emoji_and_crlf():
    got = find_numbers(TRICKY)
    assert [(m.surface, m.value, m.kind) for m in got] == [
        ("٤٣", 43, "cardinal"),
        ("2016", 2016, "year"),
        ("٥٠٪", 50, "percent"),
    ]
    assert all(TRICKY[m.start : m.end] == m.surface for m in got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قتل 43 شخصا", [("43", 43, "cardinal")]),
        ("قتل ٤٣ شخصا", [("٤٣", 43, "cardinal")]),
        ("قتل ۴۳ شخصا", [("۴۳", 43, "cardinal")]),
        ("نما 3.5 و٣٫٥", [("3.5", 3.5, "cardinal"), ("٣٫٥", 3.5, "cardinal")]),
        ("بلغت 1,250,000 و٢٬٥٠٠", [("1,250,000", 1250000, "cardinal"), ("٢٬٥٠٠", 2500, "cardinal")]),
        ("ارتفع 12% و٥٠٪", [("12%", 12, "percent"), ("٥٠٪", 50, "percent")]),
        ("ارتفع بنسبة ٪٥٠", [("٪٥٠", 50, "percent")]),
        ("نحو 40 في المئة و15 بالمئة", [("40 في المئة", 40, "percent"), ("15 بالمئة", 15, "percent")]),
        ("وصل 3 ملايين و2.5 مليار", [("3 ملايين", 3000000, "cardinal"), ("2.5 مليار", 2500000000, "cardinal")]),
    ],
)
def test_digits(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قتل ثلاثة وعشرون شخصا", [("ثلاثة وعشرون", 23, "cardinal")]),
        ("أصيب مئة وخمسون", [("مئة وخمسون", 150, "cardinal")]),
        ("أصيب مائة وخمسون", [("مائة وخمسون", 150, "cardinal")]),
        ("بلغ ألفان وسبعمائة", [("ألفان وسبعمائة", 2700, "cardinal")]),
        ("نحو ثلاثمائة مقاتل", [("ثلاثمائة", 300, "cardinal")]),
        ("نحو ثلاث مئة مقاتل", [("ثلاث مئة", 300, "cardinal")]),
        ("مئتان", [("مئتان", 200, "cardinal")]),
        ("مئتي ألف", [("مئتي ألف", 200000, "cardinal")]),
        ("ألفين ومليونين", [("ألفين", 2000, "cardinal"), ("مليونين", 2000000, "cardinal")]),
        ("خمسة ملايين", [("خمسة ملايين", 5000000, "cardinal")]),
        ("سبعة آلاف وخمسمائة وثلاثة وعشرون", [("سبعة آلاف وخمسمائة وثلاثة وعشرون", 7523, "cardinal")]),
        ("ثلاثة وعشرون ألفا", [("ثلاثة وعشرون ألفا", 23000, "cardinal")]),
        (
            "أحد عشر لاعبا واثنا عشر عضوا وثلاث عشرة امرأة",
            [("أحد عشر", 11, "cardinal"), ("اثنا عشر", 12, "cardinal"), ("ثلاث عشرة", 13, "cardinal")],
        ),
        ("مليون ونصف المليون", [("مليون ونصف المليون", 1500000, "cardinal")]),
        ("ثلاثة ونصف", [("ثلاثة ونصف", 3.5, "cardinal")]),
        ("بين ثلاثة وأربعة", [("ثلاثة", 3, "cardinal"), ("أربعة", 4, "cardinal")]),
        ("إحدى وعشرين دولة وأحد وثلاثون", [("إحدى وعشرين", 21, "cardinal"), ("أحد وثلاثون", 31, "cardinal")]),
        ("ثلاثمائة وخمسة وستين يوما", [("ثلاثمائة وخمسة وستين", 365, "cardinal")]),
        ("الدول الخمس", [("الخمس", 5, "cardinal")]),
    ],
)
def test_number_words_and_compounds(text, expected):
    assert found(text) == expected


def test_tashkeel_and_tatweel_do_not_hide_a_number():
    assert found("قُتِلَ ثَلاثَةٌ وَعِشْرُونَ وخـمـسـة") == [
        ("ثَلاثَةٌ وَعِشْرُونَ", 23, "cardinal"),
        ("خـمـسـة", 5, "cardinal"),
    ]


def test_proclitics_are_outside_the_span_and_the_article_inside():
    assert found("وثلاثة و2016 للثلاثة بالخمسة كالعشرة والثاني") == [
        ("ثلاثة", 3, "cardinal"),
        ("2016", 2016, "cardinal"),
        ("لثلاثة", 3, "cardinal"),
        ("الخمسة", 5, "cardinal"),
        ("العشرة", 10, "cardinal"),
        ("الثاني", 2, "ordinal"),
    ]
    m = find_numbers("وثلاثة")[0]
    assert (m.start, m.end) == (1, 6)
    # لل: the first lam is the preposition (outside), the second the
    # article's, whose alef is not written (inside)
    m = find_numbers("للمرة الثالثة وللثالث")[1]
    assert m.surface == "لثالث" and m.start == 16


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قتل ثلث عناصر التنظيم", [("ثلث", 1 / 3, "fraction")]),
        ("نصف السكان وربعهم", [("نصف", 0.5, "fraction")]),
        ("ثلثي الأعضاء", [("ثلثي", 2 / 3, "fraction")]),
        ("ثلاثة أرباع", [("ثلاثة أرباع", 0.75, "fraction")]),
        ("نصف مليون لاجئ", [("نصف مليون", 500000, "cardinal")]),
        ("خُمس السكان وعُشر الميزانية", [("خُمس", 0.2, "fraction"), ("عُشر", 0.1, "fraction")]),
        ("خمس سنوات", [("خمس", 5, "cardinal")]),
    ],
)
def test_fractions(text, expected):
    assert found(text) == expected


def test_a_third_is_a_float():
    value = find_numbers("ثلث")[0].value
    assert isinstance(value, float) and value == 0.3333333333333333


@pytest.mark.parametrize(
    "text, expected",
    [
        ("حل في المركز الثالث", [("الثالث", 3, "ordinal")]),
        ("المرتبة الأولى", [("الأولى", 1, "ordinal")]),
        ("الفصل الأول", [("الأول", 1, "ordinal")]),
        ("القرن الحادي عشر", [("الحادي عشر", 11, "ordinal")]),
        ("الطابق الثالث عشر", [("الثالث عشر", 13, "ordinal")]),
        ("الذكرى الخامسة والعشرين", [("الخامسة والعشرين", 25, "ordinal")]),
        ("ثالث أكبر مدينة", [("ثالث", 3, "ordinal")]),
    ],
)
def test_ordinals(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("في عام 2016", [("2016", 2016, "year")]),
        ("بين عامي 2017 و2018", [("2017", 2017, "year"), ("2018", 2018, "year")]),
        ("منذ 2011 وفي 1990-1995", [("2011", 2011, "year"), ("1990", 1990, "year"), ("1995", 1995, "year")]),
        ("في أبريل/نيسان 2018", [("2018", 2018, "year")]),
        ("في كانون الثاني 2019", [("2019", 2019, "year")]),
        ("ولد 1441هـ", [("1441", 1441, "year")]),
        ("في عام ألفين وستة عشر", [("ألفين وستة عشر", 2016, "year")]),
        ("قتل 2016 شخصا", [("2016", 2016, "cardinal")]),
    ],
)
def test_years(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "يوم الثلاثاء",
        "يوم الاثنين والخميس",
        "قال أحد المسؤولين إن إحدى الدول وأحد الوزراء",
        "عشرات الآلاف ومئات الضحايا وآلاف اللاجئين وملايين الدولارات",
        "طائرات F-16 وكوفيد-19 وقمة G20 وشبكة 5G",
        "في تشرين الأول وكانون الثاني وربيع الأول",
        "ثاني أكسيد الكربون",
        "لست أدري",
        "قال الحادي",
        "الساعة 10:30",
        "خميس وسبيع",
        "أحبطت هجوما في الخمس ومدينة الخمس",
    ],
)
def test_no_false_alarms(text):
    assert found(text) == []


def test_parse_digits():
    assert parse_digits("1,000") == 1000
    assert parse_digits("3,5") == 3.5
    assert parse_digits("٣٫٥") == 3.5
    assert parse_digits("٢٬٥٠٠") == 2500
    assert parse_digits("1.000.000") == 1000000
    assert parse_digits("۱۲") == 12


def test_match_as_dict():
    m = find_numbers("قتل 43")[0]
    assert isinstance(m, NumberMatch)
    assert m.to_dict() == {"start": 4, "end": 6, "surface": "43", "value": 43, "kind": "cardinal"}


ALPHABET = [
    "ثلاثة",
    "وعشرون",
    "مئة",
    "ألف",
    "ملايين",
    "نصف",
    "الثالث",
    "عشر",
    "عام",
    "في",
    "المئة",
    "أحد",
    "و",
    "ب",
    "ل",
] + [
    " ",
    " ",
    "ال",
    "2016",
    "43",
    "٤٣",
    "3.5",
    "%",
    "٪",
    "\u064e",
    "\u0640",
    "\u200f",
    "\r\n",
    "😀",
    "-",
    ":",
    "F",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_matches_are_ordered_disjoint_slices_with_numeric_values(text):
    last = 0
    for m in find_numbers(text):
        assert last <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert isinstance(m.value, (int, float)) and not isinstance(m.value, bool)
        assert m.kind in ("cardinal", "ordinal", "fraction", "percent", "year")
        assert not m.surface[0].isspace() and not m.surface[-1].isspace()
        last = m.end


def test_empty_and_number_free_text():
    assert find_numbers("") == []
    assert find_numbers("\u064e\u0640 \r\n") == []
