"""Numbers, by phenomenon, on news sentences: the article convention, mixed
compounds, signs and ranges, duals, fractions, ordinals, years and the
traps where a number word is not a number."""

import pytest

from annotator.arabic.numbers import find_numbers


def found(text):
    return [(m.surface, m.value, m.kind) for m in find_numbers(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("والثاني", [("الثاني", 2, "ordinal")]),
        ("حل في المركز الثالث عشر", [("الثالث عشر", 13, "ordinal")]),
        ("احتفل بعيد ميلاده الثمانين", [("الثمانين", 80, "ordinal")]),
        ("وبالثلث الأخير", [("الثلث", 1 / 3, "fraction")]),
        ("للمرة الثالثة", [("الثالثة", 3, "ordinal")]),
        ("وللثالث", [("لثالث", 3, "ordinal")]),  # لل: the article's lam inside, the preposition outside
    ],
)
def test_the_article_is_inside_and_proclitics_outside(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("بلغت الصادرات 3 مليارات و200 مليون دولار", [("3 مليارات و200 مليون", 3.2e9, "cardinal")]),
        ("رصدت الحكومة مليار و٢٠٠ مليون ريال", [("مليار و٢٠٠ مليون", 1.2e9, "cardinal")]),
        ("حضر 12 ألفاً و500 مشجع", [("12 ألفاً و500", 12500, "cardinal")]),
        ("يسكنها مليون و200 ألف نسمة", [("مليون و200 ألف", 1.2e6, "cardinal")]),
        ("تكلف المشروع 3 ملايين ونصف", [("3 ملايين ونصف", 3.5e6, "cardinal")]),
        ("بلغ 4 مليارات و300 مليون و50 ألف", [("4 مليارات و300 مليون و50 ألف", 4_300_050_000, "cardinal")]),
        # the parts must descend: a range of two sums stays two numbers
        ("بين 200 مليون و3 مليارات", [("200 مليون", 2e8, "cardinal"), ("3 مليارات", 3e9, "cardinal")]),
    ],
)
def test_mixed_compounds_of_digits_and_words(text, expected):
    assert found(text) == expected
    assert all(isinstance(v, int) for _, v, _ in found(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("سجلت الحرارة -5 درجات", [("-5", -5, "cardinal")]),
        ("تنخفض إلى سالب 3 درجات", [("سالب 3", -3, "cardinal")]),
        ("ناقص ثلاث درجات", [("ناقص ثلاث", -3, "cardinal")]),
        ("بلغت الحرارة 7 درجات تحت الصفر", [("7", -7, "cardinal")]),
        ("بين 10 و20 درجة", [("10", 10, "cardinal"), ("20", 20, "cardinal")]),
        ("من 10-20 شخصا", [("10", 10, "cardinal"), ("20", 20, "cardinal")]),
        ("الفترة 2010 - 2015", [("2010", 2010, "year"), ("2015", 2015, "year")]),
        ("ناقص في العدد", []),
    ],
)
def test_signs_and_ranges(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("شارك ألفا باحث", [("ألفا", 2000, "cardinal")]),
        ("تبرع بمليوني دولار", [("مليوني", 2e6, "cardinal")]),
        ("وصل مليونا لاجئ", [("مليونا", 2e6, "cardinal")]),
        ("نحو ألفي شخص", [("ألفي", 2000, "cardinal")]),
        ("قتل مئتا مدني", [("مئتا", 200, "cardinal")]),
        ("نحو مائتي عائلة", [("مائتي", 200, "cardinal")]),
        ("حضر عشرون ألفا", [("عشرون ألفا", 20000, "cardinal")]),  # after a count: the singular
        ("ربح ألفاً", [("ألفاً", 1000, "cardinal")]),  # tanwin: the singular accusative
    ],
)
def test_duals(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("حصل على الثلثين", [("الثلثين", 2 / 3, "fraction")]),
        ("ثلاثة أخماس الميزانية", [("ثلاثة أخماس", 0.6, "fraction")]),
        ("سبعة أعشار", [("سبعة أعشار", 0.7, "fraction")]),
        ("ثُمن السكان", [("ثُمن", 0.125, "fraction")]),
        ("ارتفع ثمن الخبز", []),  # without the damma ثمن is "price"
        ("نما بنسبة نصف في المئة", [("نصف في المئة", 0.5, "percent")]),
        ("ربع بالمئة", [("ربع بالمئة", 0.25, "percent")]),
        ("سدس المساحة", [("سدس", 1 / 6, "fraction")]),
    ],
)
def test_fractions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("تحتفل البلاد بالذكرى العشرون", [("العشرون", 20, "ordinal")]),
        ("في عيد استقلالها الستين", [("الستين", 60, "ordinal")]),
        ("المؤتمر الثلاثين للحزب", [("الثلاثين", 30, "ordinal")]),
        ("السنوات السبعين الماضية", [("السبعين", 70, "cardinal")]),  # a definite count, not an ordinal
        ("جاء في المرتبة الـ45", [("الـ45", 45, "ordinal")]),
        ("في الدقيقة الـ 90", [("الـ 90", 90, "ordinal")]),
        ("القرن الحادي عشر", [("الحادي عشر", 11, "ordinal")]),
        ("الموسم الثاني والعشرون", [("الثاني والعشرون", 22, "ordinal")]),
        ("الجولة الحادية والعشرين", [("الحادية والعشرين", 21, "ordinal")]),
    ],
)
def test_ordinals(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ميزانية للعام 2025", [("2025", 2025, "year")]),
        ("بنهاية ٢٠٢٢", [("٢٠٢٢", 2022, "year")]),
        ("مطلع 2024 ومنتصف 2023 وأواخر 2019", [("2024", 2024, "year"), ("2023", 2023, "year"), ("2019", 2019, "year")]),
        (
            "وأوائل 1990 وخلال 2020 ومنذ 2011 وحتى 2030",
            [("1990", 1990, "year"), ("2020", 2020, "year"), ("2011", 2011, "year"), ("2030", 2030, "year")],
        ),
        ("بداية 2021", [("2021", 2021, "year")]),
        ("في موسم 2022-2023", [("2022", 2022, "year"), ("2023", 2023, "year")]),
        ("لقب 2022-2023", [("2022", 2022, "year"), ("2023", 2023, "year")]),
        ("توفي عام 1445 هـ", [("1445", 1445, "year")]),
        ("في 1445 هـ", [("1445", 1445, "year")]),
        ("خلال 2500 سنة", [("2500", 2500, "cardinal")]),
        ("بنهاية 150 يوما", [("150", 150, "cardinal")]),
    ],
)
def test_years(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ألّف الكاتب رواية", []),  # shadda: "wrote"
        ("أَلِفَ الناس الحرب", []),  # kasra on the lam: "got used to"
        ("الروائي الذي ألف الكتاب", []),  # no marks: the context says verb
        ("ألف الكاتب ثلاث روايات", [("ثلاث", 3, "cardinal")]),
        ("أَلْف شخص", [("أَلْف", 1000, "cardinal")]),  # sukun: the number
        ("حضر ألف شخص", [("ألف", 1000, "cardinal")]),
        ("لا تسع القاعة الحضور", []),
        ("القاعة تسع ألف شخص", [("ألف", 1000, "cardinal")]),
        ("تسع دول", [("تسع", 9, "cardinal")]),
        ("في شهر صفر", []),
        ("في 10 صفر 1445", [("10", 10, "cardinal"), ("1445", 1445, "cardinal")]),
        ("فاز بنتيجة ثلاثة مقابل صفر", [("ثلاثة", 3, "cardinal"), ("صفر", 0, "cardinal")]),
        ("بدأ من الصفر", []),
        ("في جزء من الثانية", []),
        ("كل ثانية", []),
        ("للمرة الثانية", [("الثانية", 2, "ordinal")]),
        ("قال أحد المسؤولين", []),
        ("يوم الأحد", []),
    ],
)
def test_traps_read_the_marks_or_the_context(text, expected):
    assert found(text) == expected
