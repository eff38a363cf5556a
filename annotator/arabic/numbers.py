"""Numbers in Arabic text with their values: ``find_numbers(text)``.

Finds, as code-point spans of the original text:

* digits of any script (``43``, ``٤٣``, ``۴۳``) with decimal separators
  ``.``/``٫`` and thousands separators ``,``/``٬``; a following ``%``/``٪``
  or ``في المئة``/``بالمئة`` is inside the span and makes the kind
  ``percent``; a following scale word multiplies (``3 ملايين`` = 3000000);
* number words with or without tashkeel and tatweel: units, teens, tens,
  hundreds (``مئة``/``مائة``, ``مئتان``, ``ثلاثمائة``, ``ثلاث مئة``),
  thousands, millions, billions, duals (``ألفين``, ``مليونين``, ``مئتا``,
  ``مائتي``, and the construct ``ألفا باحث`` = 2000, ``مليونا`` = 2000000)
  and compounds joined by ``و`` in the Arabic order (``مئة وثلاثة وعشرون``,
  ``ثلاثة آلاف وخمسمائة``, ``مليون ونصف``);
* mixed compounds: digits and scale words joined by ``و`` whose parts
  descend in scale are one number (``3 مليارات و200 مليون`` = 3.2e9,
  ``مليار و٢٠٠ مليون``, ``12 ألفاً و500``, ``مليون و200 ألف``);
* signs: a hyphen glued to the digits (``-5``; not after another number,
  where ``10-20`` is a range of two), ``سالب``/``ناقص`` before a number (in
  the span), and ``... درجات تحت الصفر`` (the value negative, the span the
  number); a range ``بين 10 و20`` / ``10-20`` gives two numbers;
* fractions (``نصف`` 0.5, ``ثلث`` 1/3, ``ربع``, ``سدس``, ``ثلثي``/``الثلثين``
  2/3, ``ثلاثة أرباع``, ``ثلاثة أخماس`` 0.6, ``خُمس``/``ثُمن`` with their
  damma), a fraction before a scale being a cardinal (``نصف مليون`` =
  500000) and before ``في المئة`` a percent (``نصف في المئة`` = 0.5 percent);
* ordinals (``الثالث``, ``الأولى``, ``الحادي عشر``, ``الثاني والعشرون`` one
  span); a definite tens word after a noun that takes an ordinal
  (``الذكرى العشرون``, ``عيد استقلالها الستين``, ``المؤتمر الثلاثين``) and
  ``الـ`` + digits after one (``المرتبة الـ45``); elsewhere a definite tens
  word is a count (``السنوات السبعين``) and ``الـ100`` a cardinal;
* years: a 3-4 digit number after ``عام``/``سنة``/``موسم``/a month name
  (with proclitics: ``للعام 2025``), a 4-digit number from 1900 to 2100
  after a time word (``في``, ``منذ``, ``حتى``, ``خلال``, ``نهاية``,
  ``بداية``, ``مطلع``, ``منتصف``, ``أواخر``, ``أوائل``...: ``بنهاية ٢٠٢٢``),
  before ``م``/``هـ`` (glued or after a space: ``1445 هـ``), both ends of a
  range of years (``عامي 2017 و2018``, ``2022-2023``).

The article ``ال`` is inside the span, the proclitics ``و ف ب ل ك`` outside
(``وثلاثة`` -> ``ثلاثة``, ``والثاني`` -> ``الثاني``, ``و2016`` -> ``2016``).
In ``لل`` (``ل`` + ``ال`` with the article's alef not written) the first lam
is the preposition and the second the article's: ``للثالث`` -> ``لثالث``,
the same cut :mod:`annotator.arabic.clitics` makes for token formats.

Not numbers: vague plurals (``آلاف``, ``عشرات``, ``مئات`` without a count),
``أحد`` meaning "someone" (it counts only in ``أحد عشر``), weekday names
(``الثلاثاء``, ``الاثنين``, ``الخميس``, ``الأحد``), ``لست``, ``ثاني أكسيد``,
ordinals in month names (``كانون الأول``, ``تشرين الثاني``), digits glued to
Latin letters or names (``F-16``, ``G20``, ``كوفيد-19``), the definite
``الصفر`` (``من الصفر``, ``تحت الصفر``) and the month ``صفر``, ``ثانية``
as the unit of time (``جزء من الثانية``, ``كل ثانية``), ``ثمن`` "price",
and the verbs ``ألّف`` "wrote", ``ألِف`` "got used to" and ``تسع`` "holds".

Diacritics are read when written: a shadda, kasra or fatha on the lam of
``ألف`` makes it a verb, a sukun or tanwin the number; a damma on the first
letter makes ``خمس``/``ثمن``/``عشر`` a fraction. Without them the context
decides, and these are guesses: ``ألف`` is a verb after ``الذي``/``قد``/
``لا``... or before a definite noun (a count takes an indefinite one),
``تسع`` after a negation, before a definite noun or a number; ``صفر`` is
the month after ``شهر`` or a day number or before a year; ``ألفا`` is the
dual when it starts a phrase before a noun (``عشرون ألفا`` is 20000); the
ordinal nouns above are a list, not a parse.

Written by hand: pyarabic's ``text2number``/``extract_number_phrases``
return no offsets, know no ordinals or fractions (``ثلث`` -> 0), take
``الحادي عشر`` for 10 and ``نصف مليون`` for 1000000 (see ``bench/``).
One precompiled tokenizer pass and one dictionary lookup per word keep
it fast.
"""

from __future__ import annotations

import logging
import math
from itertools import accumulate
from typing import Any, NamedTuple

from annotator.arabic.charsets import LETTER_FOLD, UNSEEN_SET
from annotator.arabic.clitics import ARTICLE_FORMS, PROCLITICS, stem_start
from annotator.arabic.tokens import _TOKEN


class NumberMatch(NamedTuple):
    start: int
    end: int
    surface: str
    value: int | float
    kind: str  # cardinal | ordinal | fraction | percent | year

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "surface": self.surface, "value": self.value, "kind": self.kind}


# ---------------------------------------------------------------- folding
_DELETE = {ord(c): None for c in UNSEEN_SET}
_FOLD_TABLE = {**LETTER_FOLD, **_DELETE}


def fold(word: str) -> str:
    """Lookup form: no tashkeel/tatweel/invisibles, bare alef, ي, ه."""
    return word.translate(_FOLD_TABLE)


# ---------------------------------------------------------------- lexicon
# Categories: unit 1-9, ten (عشر/عشرة: 10, or the second part of a teen),
# teen_head (أحد/إحدى/اثنا..., only before عشر), tens 20-90, hundred,
# scale (1000...; "dual" ones carry the 2, "plural" ones need a count),
# frac, pfrac (plural fraction, needs a count: ثلاثة أرباع), ord (ordinal
# 1-10), ord_head (حادي: only before عشر or و + tens), zero.
_UNIT_STEMS = {"ثلاث": 3, "أربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثمان": 8, "تسع": 9}
_LEX: dict[str, tuple[str, float]] = {}


def _add(cat: str, value: float, *words: str) -> None:
    for w in words:
        _LEX[fold(w)] = (cat, value)


_add("zero", 0, "صفر")
_add("unit", 1, "واحد", "واحدة", "واحدا")
_add("unit", 2, "اثنان", "اثنين", "اثنتان", "اثنتين")
for _stem, _v in _UNIT_STEMS.items():
    _add("unit", _v, _stem, _stem + "ة")
_add("unit", 8, "ثماني", "ثمانية")
_add("ten", 10, "عشر", "عشرة")
_add("teen_head", 1, "أحد", "إحدى")
_add("teen_head", 2, "اثنا", "اثني", "اثنتا", "اثنتي")
for _stem, _v in {"عشر": 20, "ثلاث": 30, "أربع": 40, "خمس": 50, "ست": 60, "سبع": 70, "ثمان": 80, "تسع": 90}.items():
    _add("tens", _v, _stem + "ون", _stem + "ين")
_add("hundred", 100, "مئة", "مائة", "مئه", "مائه")
_add("hundred", 200, "مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي")
for _stem, _v in {**_UNIT_STEMS, "ثماني": 8}.items():
    _add("hundred", _v * 100, _stem + "مئة", _stem + "مائة")
_add("scale", 1e3, "ألف", "ألفا")
_add("scale", 1e6, "مليون", "مليونا")
_add("scale", 1e9, "مليار", "مليارا", "بليون", "بليونا")
_add("scale", 1e12, "تريليون", "تريليونا")
_add("dual", 2e3, "ألفان", "ألفين", "ألفي")
_add("dual", 2e6, "مليونان", "مليونين", "مليوني")
_add("dual", 2e9, "ملياران", "مليارين", "ملياري")
_add("plural", 1e3, "آلاف", "ألوف")
_add("plural", 1e6, "ملايين")
_add("plural", 1e9, "مليارات", "بلايين")
_add("plural", 1e12, "تريليونات")
_add("frac", 1 / 2, "نصف")
_add("frac", 1 / 3, "ثلث")
_add("frac", 1 / 4, "ربع")
_add("frac", 2 / 3, "ثلثي", "ثلثا", "ثلثان", "ثلثين")
_add("frac", 1 / 6, "سدس")
_add("dfrac", 1 / 8, "ثمن")  # a fraction only with its damma (ثُمن); bare ثمن is "price"
# plural fractions carry their denominator: ثلاثة أخماس = 3 / 5
for _w, _d in (
    ("أثلاث", 3),
    ("أرباع", 4),
    ("أخماس", 5),
    ("أسداس", 6),
    ("أسباع", 7),
    ("أثمان", 8),
    ("أتساع", 9),
    ("أعشار", 10),
):
    _add("pfrac", _d, _w)
_add("ord", 1, "أول", "أولى")
_add("ord", 2, "ثاني", "ثانية")
for _stem, _v in {"ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6, "سابع": 7, "ثامن": 8, "تاسع": 9, "عاشر": 10}.items():
    _add("ord", _v, _stem, _stem + "ة")
_add("ord_head", 1, "حادي", "حادية")

# Ordinals that count only with the article: bare أول/ثاني/ثانية/رابعة are
# mostly "earliest", "second" (of time), "dioxide", a name (رابعة).
_NEEDS_ARTICLE = {fold(w) for w in ("أول", "أولى", "ثاني", "ثانية", "رابعة")}
# Whole words that look like proclitic + number but are not numbers.
_BLOCK = {fold(w) for w in ("لست", "الاثنين", "والاثنين", "بالاثنين", "للاثنين", "الثلاثاء", "الخميس", "الواحد")}
# Month words before which الأول/الثاني/الأولى are part of a month name.
# Written the same as a unit (خمس five / خُمس a fifth): a fraction only when
# the damma on the first letter says so.
_DAMMA_FRACTIONS = {fold(w): d for w, d in (("خمس", 5), ("سدس", 6), ("سبع", 7), ("ثمن", 8), ("تسع", 9), ("عشر", 10))}
_ALF, _TIS = fold("ألف"), fold("تسع")
_DUAL_LOOKING = frozenset(fold(w) for w in ("ألفا", "مليونا", "مليارا", "بليونا", "تريليونا"))
# A word that is only the article (الـ written with tatweel before digits:
# الـ45): the article forms of at most three letters, as the rules were
# written (وبالـ45 and the other four-letter forms are not among them).
_ARTICLE_ONLY = frozenset(f for f in ARTICLE_FORMS if len(f) <= 3)
# With the article these are also names (the Libyan city al-Khums, "the
# lady", "the lion"): a number only after a definite noun (الدول الخمس).
_NAME_LIKE = {fold(w) for w in ("خمس", "ست", "سبع")}
_MONTH_ORDINAL_HEADS = {fold(w) for w in ("كانون", "تشرين", "ربيع", "جمادى", "جمادي")}

# ك only before the article (كالعشرة), as in annotator.arabic.clitics: far
# more words begin with a stem ك (كمية is not ك + مية "hundred"). Shortest
# first: where two prefixes give one surface, the shorter one wins.
_PREFIXES = tuple(sorted(("", *(p for p in PROCLITICS if not p.endswith("ك")), *ARTICLE_FORMS), key=len))
# folded surface -> (prefix, category, value); the shortest prefix wins.
_FORMS: dict[str, tuple[str, str, float]] = {}
for _pre in _PREFIXES:
    for _stem, (_cat, _val) in _LEX.items():
        _FORMS.setdefault(_pre + _stem, (_pre, _cat, _val))
for _b in _BLOCK:
    _FORMS.pop(_b, None)


def _has_article(prefix: str) -> bool:
    return prefix.endswith("ال") or prefix.endswith("لل")


def _clitic_letters(prefix: str) -> int:
    """How many letters of ``prefix`` are proclitics (outside the span): the
    article is inside. In ``لل`` the first lam is the preposition and the
    second the article's (its alef is not written): ``للثالث`` -> ``لثالث``."""
    if prefix.endswith("ال"):
        return len(prefix) - 2
    if prefix.endswith("لل"):
        return len(prefix) - 1
    return len(prefix)


# ------------------------------------------------------------ context words
_CLITIC_PAIRS = ("", *PROCLITICS)


def _cliticised(*words: str) -> frozenset[str]:
    """Folded ``words`` with the proclitics in front, and a word with the
    article also in its ``لل`` spelling (``العام`` -> ``للعام``, ``وللعام``)."""
    out: set[str] = set()
    for w in words:
        f = fold(w)
        for pre in _CLITIC_PAIRS:
            out.add(pre + f)
            if f.startswith("ال") and pre.endswith("ل"):
                out.add(pre + f[1:])
    return frozenset(out)


_YEAR_CUES = _cliticised(
    "عام",
    "العام",
    "سنة",
    "السنة",
    "عامي",
    "العامين",
    "سنتي",
    "موسم",
    "الموسم",
    "موسمي",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
)
# Time words before which a four-digit number from 1900 to 2100 is a year.
_WEAK_YEAR_CUES = _cliticised(
    "في",
    "منذ",
    "حتى",
    "خلال",
    "مطلع",
    "أواخر",
    "أوائل",
    "أواسط",
    "نهاية",
    "بداية",
    "منتصف",
    "مستهل",
    "قبل",
    "بعد",
    "بحلول",
    "ربيع",
    "صيف",
    "خريف",
    "شتاء",
)
# Nouns after which a definite tens word or الـ + digits is an ordinal
# (الذكرى العشرون, عيد استقلالها الستين, المرتبة الـ45), also with a
# possessive suffix (ميلاده, استقلالها).
_ORDINAL_NOUNS = frozenset(
    fold(w)
    for w in (
        "ذكرى",
        "عيد",
        "دورة",
        "مؤتمر",
        "قمة",
        "نسخة",
        "مرتبة",
        "مركز",
        "طبعة",
        "جولة",
        "أسبوع",
        "يوم",
        "موسم",
        "قرن",
        "عام",
        "سنة",
        "احتفال",
        "احتفالات",
        "مهرجان",
        "سنوية",
        "مسابقة",
        "بطولة",
        "جلسة",
        "ميلاد",
        "استقلال",
        "تأسيس",
        "انطلاق",
        "دقيقة",
        "ثانية",
        "شوط",
        "طابق",
        "حلقة",
        "مرحلة",
        "فقرة",
        "مادة",
        "بند",
        "رقم",
        "عدد",
        "ولاية",
        "مرة",
        "مباراة",
        "درجة",
        "صف",
        "فصل",
        "جيل",
        "عقد",
    )
)
_POSSESSIVE = ("هما", "هم", "ها", "ه", "نا")
_SIGN_WORDS = frozenset(fold(w) for w in ("سالب", "ناقص"))
_DEGREE_WORDS = frozenset(fold(w) for w in ("درجة", "درجات", "درجتين", "درجتان", "مئوية"))
_BELOW, _ZERO_DEF = fold("تحت"), fold("الصفر")
# Before a bare ألف/تسع these make it a verb (الذي ألف, لا تسع).
_VERB_BEFORE = frozenset(
    fold(w) for w in ("الذي", "التي", "الذين", "قد", "لقد", "وقد", "فقد", "لا", "لم", "لن", "ولا", "ولم", "ما", "كما")
)
# ثانية as the unit of time: جزء من الثانية, كل ثانية.
_SECOND_BEFORE = frozenset(fold(w) for w in ("جزء", "أجزاء", "أعشار", "كسر", "كل"))
_MONTH_SAFAR = frozenset(fold(w) for w in ("شهر", "شهري", "الخير", "المظفر"))
_SHADDA, _KASRA, _FATHA, _DAMMA, _FATHATAN = "\u0651", "\u0650", "\u064e", "\u064f", "\u064b"
_YEAR_RANGE_JOIN = {fold(w) for w in ("و", "إلى", "الى", "حتى", "-", "–", "/")}
_RANGE_START = {fold(w) for w in ("من", "بين", "ومن", "وبين")}
_YEAR_SUFFIX = {"م", "ه", "هـ"}
_PERCENT_WORDS = {fold(w) for w in ("بالمئة", "بالمائة", "%", "٪")}
_PERCENT_TAIL = {fold(w) for w in ("المئة", "المائة")}
_PERCENT_IN = {"في"}

MAX_DIGITS = 100  # more digits than this is no quantity anyone writes

_DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_digits(s: str) -> int | float:
    """Value of a digit token: ``1,000`` 1000, ``3.5``/``٣٫٥`` 3.5, ``٢٬٥٠٠`` 2500,
    ``3,5`` 3.5 (a comma not followed by groups of three is a decimal comma)."""
    s = s.translate(_DIGIT_TABLE)
    if not s.isascii():  # other scripts' digits
        s = "".join(str(int(c)) if c.isdigit() else c for c in s)
    s = s.replace("٬", ",")
    if "٫" in s:
        s = s.replace(",", "").replace("٫", ".")
    elif "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        groups = s.split(",")
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".", 1).replace(",", "")
    elif s.count(".") > 1:
        groups = s.split(".")
        s = s.replace(".", "") if all(len(g) == 3 for g in groups[1:]) else groups[0] + "." + "".join(groups[1:])
    if "." in s:
        return float(s)
    return int(s)


def _tidy(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# ------------------------------------------------------------------ scanner
# A token is a plain tuple (start, end, kind, folded): kind "n" digits, "w"
# word, "e" emoji, "p" other; folded is the lookup form of a word.
_Tok = tuple[int, int, str, str]


class _ChunkTokens(dict[str, tuple[_Tok, ...]]):
    """A chunk of text (no space or line break in it) -> its tokens, offsets
    relative to the chunk; filled on first sight, bounded in size. No token
    holds or looks past white space (the token regex has no look-behind),
    so a chunk gives the same tokens alone as in its text: news text
    repeats its words, so most chunks are looked up, not matched."""

    def __missing__(self, chunk: str) -> tuple[_Tok, ...]:
        # letters folded one for one (offsets stay valid); marks and tatweel
        # left out of a word's lookup form (a word holds no invisibles)
        toks = tuple(
            (m.start(), m.end(), k, m.group().translate(_DELETE) if k == "w" else m.group())
            for m in _TOKEN.finditer(chunk.translate(LETTER_FOLD))
            for k in (m.lastgroup or "p",)
        )
        if len(self) < 200_000:
            self[chunk] = toks
        return toks


_CHUNK_TOKENS = _ChunkTokens()
_PLUS_ONE = (1).__add__


def _tokens(text: str) -> list[_Tok]:
    """The tokens of ``text``: the text cut into chunks at spaces and line
    breaks (each a one-character boundary), each chunk's tokens shifted to
    where it starts."""
    chunks = text.replace("\n", " ").replace("\r", " ").split(" ")
    bases = accumulate(map(_PLUS_ONE, map(len, chunks)), initial=0)
    return [
        (b + s, b + e, k, f)
        for b, entry in zip(bases, map(_CHUNK_TOKENS.__getitem__, chunks), strict=False)
        for s, e, k, f in entry
    ]


class _Finder:
    def __init__(self, text: str):
        self.text = text
        toks = _tokens(text)
        self.toks: list[_Tok] = toks
        self.out: list[NumberMatch] = []

    # -- helpers
    def form(self, i: int) -> tuple[str, str, float] | None:
        if 0 <= i < len(self.toks) and self.toks[i][2] == "w":
            return _FORMS.get(self.toks[i][3])
        return None

    def key(self, i: int) -> str:
        return self.toks[i][3] if 0 <= i < len(self.toks) else ""

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i and j (j = i + 1) are separated by at most spaces."""
        if j >= len(self.toks) or i < 0:
            return False
        gap = self.text[self.toks[i][1] : self.toks[j][0]]
        return "\n" not in gap and (gap == "" or gap.isspace() or all(c in UNSEEN_SET or c.isspace() for c in gap))

    def glued(self, i: int, j: int) -> bool:
        return i >= 0 and j < len(self.toks) and self.toks[i][1] == self.toks[j][0]

    def stem_start(self, i: int, letters: int) -> int:
        t = self.toks[i]
        return stem_start(self.text, t[0], t[1], letters)

    def marks_on(self, pos: int) -> str:
        """The marks written on the letter at ``pos``."""
        j = pos + 1
        while j < len(self.text) and self.text[j] in UNSEEN_SET:
            j += 1
        return self.text[pos + 1 : j]

    def nth_letter(self, i: int, n: int) -> int:
        """Position of the n-th (0-based) letter of token i."""
        t = self.toks[i]
        seen = -1
        for p in range(t[0], t[1]):
            if self.text[p] not in UNSEEN_SET:
                seen += 1
                if seen == n:
                    return p
        return t[1] - 1

    def ordinal_context(self, i: int) -> bool:
        """The word before token i is a noun that takes an ordinal
        (الذكرى, المرتبة, عيد استقلالها)."""
        if i <= 0 or self.toks[i - 1][2] != "w" or not self.adjacent(i - 1, i):
            return False
        k = self.toks[i - 1][3]
        for pre in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"):
            if not k.startswith(pre):
                continue
            rest = k[len(pre) :]
            for cand in (
                rest,
                rest[2:] if rest.startswith("ال") else None,
                ("ال" + rest[1:])[2:] if pre.endswith("ل") and rest.startswith("ل") else None,
            ):
                if not cand:
                    continue
                if cand in _ORDINAL_NOUNS:
                    return True
                for suf in _POSSESSIVE:
                    if cand.endswith(suf) and cand[: -len(suf)] in _ORDINAL_NOUNS:
                        return True
                    # a ta marbuta before a suffix is written ت: ذكراها, دورته
                    if (
                        cand.endswith(suf)
                        and cand[: -len(suf)].endswith("ت")
                        and cand[: -len(suf) - 1] + "ه" in _ORDINAL_NOUNS
                    ):
                        return True
        return False

    def add(self, start: int, end: int, value: float, kind: str) -> None:
        self.out.append(NumberMatch(start, end, self.text[start:end], _tidy(value), kind))

    def percent_after(self, j: int) -> int | None:
        """If tokens from j on say "percent", the index of the last one."""
        toks = self.toks
        if j >= len(toks) or not self.adjacent(j - 1, j):
            return None
        if toks[j][3] in _PERCENT_WORDS:
            return j
        if (
            toks[j][3] in _PERCENT_IN
            and j + 1 < len(toks)
            and self.adjacent(j, j + 1)
            and toks[j + 1][3] in _PERCENT_TAIL
        ):
            return j + 1
        return None

    def sign_before(self, i: int, start: int) -> int | None:
        """Where a minus sign before the number at token i starts: ``-5``
        (a hyphen glued to the digits, not after another number: ``10-20``
        is a range) or ``سالب``/``ناقص`` right before it."""
        text = self.text
        if start > 0 and text[start - 1] in "-\u2212" and self.toks[i][0] == start:
            k = start - 2
            while k >= 0 and (text[k] in " \t\u00a0" or text[k] in UNSEEN_SET):
                k -= 1
            if k < 0 or not (text[k].isdigit() or text[k] in "%٪"):
                return start - 1
        if i > 0 and self.toks[i - 1][3] in _SIGN_WORDS and self.adjacent(i - 1, i):
            return self.toks[i - 1][0]
        return None

    def below_zero(self, j: int) -> bool:
        """Tokens from j say "below zero" (درجات تحت الصفر)."""
        n = 0
        while n < 2 and self.key(j) in _DEGREE_WORDS and self.adjacent(j - 1, j):
            j += 1
            n += 1
        return (
            self.key(j) == _BELOW
            and self.adjacent(j - 1, j)
            and self.key(j + 1) == _ZERO_DEF
            and self.adjacent(j, j + 1)
        )

    def finish(self, first: int, start: int, end: int, value: float, kind: str, j: int) -> None:
        """Add a cardinal-like number ending before token j, with its sign."""
        sign = self.sign_before(first, start)
        if sign is not None:
            start, value = sign, -value
        elif kind == "cardinal" and self.below_zero(j):
            value = -value
        self.add(start, end, value, kind)

    # -- the scan
    def run(self) -> list[NumberMatch]:
        # only digits and number words start a number: visit those in order,
        # skipping the ones inside a number just read
        toks = self.toks
        at = 0
        for i in [i for i, t in enumerate(toks) if t[2] == "n" or (t[2] == "w" and t[3] in _FORMS)]:
            if i < at:
                continue
            at = self.digits(i) if toks[i][2] == "n" else self.words(i)
        return self.out

    def digits(self, i: int) -> int:
        text, toks = self.text, self.toks
        t = toks[i]
        before = text[t[0] - 1] if t[0] > 0 else ""
        after = text[t[1]] if t[1] < len(text) else ""
        # part of a name or code: G20, F-16, كوفيد-19, 5G, 3D (an Arabic letter
        # before the digits is a proclitic: و2016, ب43)
        latin_before = before.isascii() and before.isalpha()
        latin_after = after.isascii() and after.isalpha()
        hyphen_name = before in "-_" and t[0] > 1 and text[t[0] - 2].isalpha()
        if latin_before or latin_after or hyphen_name:
            return i + 1
        # 10:30 is a time, not two numbers
        if (before == ":" and t[0] > 1 and text[t[0] - 2].isdigit()) or (
            after == ":" and t[1] + 1 < len(text) and text[t[1] + 1].isdigit()
        ):
            return i + 1
        if len(t[3]) > MAX_DIGITS:  # a code or a pasted digit string, not a quantity (and too long to print)
            logging.getLogger("annotator.numbers").warning(
                "offset %d: a run of %d digits is too long to be a number; not marked", t[0], len(t[3])
            )
            return i + 1
        value: float = parse_digits(t[3])
        end = t[1]
        last = i
        kind = "cardinal"
        start = t[0]
        # الـ45, المرتبة الـ45: the article written before digits
        art = i > 0 and toks[i - 1][2] == "w" and self.adjacent(i - 1, i) and toks[i - 1][3] in _ARTICLE_ONLY
        if art:
            start = self.stem_start(i - 1, _clitic_letters(toks[i - 1][3]))
        # digit + scale word: 3 ملايين, 2.5 مليار, 300 ألف; then و + a smaller
        # part: 3 مليارات و200 مليون, 12 ألفا و500, 3 ملايين ونصف
        f = self.form(i + 1)
        if f is not None and f[0] == "" and f[1] in ("scale", "plural") and self.adjacent(i, i + 1):
            total, j, end2, _ = self.compound(
                i + 2, total=value * f[2], last="scale", last_scale=f[2], end=toks[i + 1][1]
            )
            value, last, end = total, j - 1, end2
        p = self.percent_after(last + 1)
        if p is not None:
            kind = "percent"
            end = toks[p][1]
            last = p
        elif (
            before in "%٪"
            and before
            and (t[0] < 2 or not text[t[0] - 2].isdigit())
            and (not self.out or self.out[-1].end < t[0])
        ):
            kind = "percent"  # ٪50: the sign typed first, as bidi editing often leaves it
            start -= 1
        elif art:
            kind = "ordinal" if self.ordinal_context(i - 1) else "cardinal"
        elif last == i and self.is_year(i, value):
            kind = "year"
        if kind == "year" or (art and kind == "ordinal"):
            self.add(start, end, value, kind)
        else:
            self.finish(i, start, end, value, kind, last + 1)
        return last + 1

    def is_year(self, i: int, value: float) -> bool:
        toks = self.toks
        t = toks[i]
        if not isinstance(value, int) or not t[3].isdigit() or not 3 <= len(t[3]) <= 4:
            return False
        four = len(t[3]) == 4 and 1900 <= value <= 2100
        nxt = self.key(i + 1)
        if nxt in _YEAR_SUFFIX and (
            self.glued(i, i + 1) or (self.adjacent(i, i + 1) and (nxt != "م" or (four and value % 100 != 0)))
        ):
            return True  # 2016م, 1441هـ, 1445 هـ
        if i > 0 and self.adjacent(i - 1, i):
            prev = toks[i - 1][3]
            if prev in _YEAR_CUES:
                return True
            if prev in ("الاول", "الثاني") and i > 1 and toks[i - 2][3] in _YEAR_CUES:
                return True  # كانون الثاني 2019
            if prev in _WEAK_YEAR_CUES and four:
                return True
        # من 1975 إلى 1990, بين 2017 و2018: both ends of a range of years
        if (
            four
            and i > 0
            and toks[i - 1][3] in _RANGE_START
            and i + 2 < len(toks)
            and toks[i + 1][3] in _YEAR_RANGE_JOIN
            and toks[i + 2][2] == "n"
            and len(toks[i + 2][3]) == 4
            and toks[i + 2][3].isdigit()
            and 1900 <= parse_digits(toks[i + 2][3]) <= 2100
        ):
            return True
        # 2022-2023, 2022/2023, 2010 - 2015: a season or span of years
        if (
            four
            and nxt in ("-", "–", "/")
            and self.adjacent(i, i + 1)
            and self.adjacent(i + 1, i + 2)
            and toks[i + 2][2] == "n"
            and len(toks[i + 2][3]) == 4
            and toks[i + 2][3].isdigit()
            and value < parse_digits(toks[i + 2][3]) <= 2100
        ):
            return True
        # a range after a year: 2017 و2018, 2017-2018, 2017 إلى 2018
        return bool(
            self.out
            and self.out[-1].kind == "year"
            and len(t[3]) == 4
            and i >= 2
            and toks[i - 1][3] in _YEAR_RANGE_JOIN
            and toks[i - 2][1] == self.out[-1].end
        )

    def words(self, i: int) -> int:
        toks = self.toks
        prefix, cat, value = _FORMS[toks[i][3]]
        if prefix == "" and toks[i][3] == "واحد" and self.text[toks[i][0] + 1 : toks[i][0] + 2] in ("أ", "إ"):
            prefix, cat, value = "و", "teen_head", 1  # وأحد = و + أحد, not واحد
        start = self.stem_start(i, _clitic_letters(prefix))
        stem_pos = self.stem_start(i, len(prefix))
        stem = toks[i][3][len(prefix) :]
        if _has_article(prefix) and stem in _NAME_LIKE:
            prev = toks[i - 1] if i > 0 else None
            if prev is None or prev[2] != "w" or not prev[3].startswith("ال") or not self.adjacent(i - 1, i):
                return i + 1
        if cat in ("ord", "ord_head"):
            if stem == "ثانيه" and self.time_second(i):
                return i + 1
            return self.ordinal(i, prefix, cat, value, start)
        if stem in _DAMMA_FRACTIONS and self.text[stem_pos + 1 : stem_pos + 2] == _DAMMA:
            # خُمس, عُشر, ثُمن: with a damma on the first letter a fifth, a tenth, an eighth
            self.add(start, toks[i][1], 1 / _DAMMA_FRACTIONS[stem], "fraction")
            return i + 1
        if cat == "dfrac":
            return i + 1  # ثمن without its damma: "price"
        if self.is_verb(i, prefix, stem, stem_pos):
            return i + 1
        if cat == "zero" and (_has_article(prefix) or self.month_safar(i)):
            return i + 1  # الصفر (من الصفر, تحت الصفر, ساعة الصفر), the month صفر
        if cat == "frac":
            nxt = self.form(i + 1)
            if nxt is not None and nxt[0] == "" and nxt[1] == "scale" and self.adjacent(i, i + 1):
                self.add(start, toks[i + 1][1], value * nxt[2], "cardinal")
                return i + 2
            p = self.percent_after(i + 1)  # نصف في المئة: half a percent
            self.add(start, toks[p][1] if p else toks[i][1], value, "percent" if p else "fraction")
            return (p or i) + 1
        if cat == "pfrac":
            return i + 1  # أرباع alone is vague
        if cat == "teen_head":
            nxt = self.form(i + 1)
            if (
                nxt is not None
                and self.adjacent(i, i + 1)
                and (
                    (nxt[0] == "" and nxt[1] == "ten")  # أحد عشر, اثنا عشر
                    or (nxt[0] == "و" and nxt[1] == "tens" and value == 1)
                )
            ):  # إحدى وعشرين
                return self.cardinal(i, start)
            return i + 1  # أحد = someone
        if cat == "tens" and _has_article(prefix) and self.ordinal_context(i):
            nxt = self.form(i + 1)
            if not (nxt is not None and nxt[0] == "و" and self.adjacent(i, i + 1)):
                self.add(start, toks[i][1], value, "ordinal")  # الذكرى العشرون
                return i + 1
        return self.cardinal(i, start)

    def is_verb(self, i: int, prefix: str, stem: str, stem_pos: int) -> bool:
        """ألف "wrote"/"got used to" and تسع "holds", not 1000 and 9: read
        from the marks when written (ألّف, ألِف), else guessed from the
        neighbours (a verb's subject or object: الذي ألف, ألف الكتاب, لا تسع القاعة)."""
        if _has_article(prefix) or stem not in (_ALF, _TIS):
            return False
        if stem == _ALF:
            marks = self.marks_on(self.nth_letter(i, len(prefix) + 1))
            if _SHADDA in marks or _KASRA in marks or _FATHA in marks:
                return True
            if _FATHATAN in self.text[self.toks[i][0] : self.toks[i][1]]:
                return False
        prev = self.key(i - 1) if self.adjacent(i - 1, i) else ""
        if prev in _VERB_BEFORE:
            return True
        if self.adjacent(i, i + 1):
            nk = self.key(i + 1)
            preceded_by_count = i > 0 and (self.toks[i - 1][2] == "n" or self.form(i - 1) is not None)
            if nk.startswith("ال") and len(nk) > 3 and nk not in _FORMS and not preceded_by_count:
                return True
            if stem == _TIS and (self.toks[i + 1][2] == "n" or self.form(i + 1) is not None):
                return True  # تسع ألف شخص: "holds a thousand"
        return False

    def month_safar(self, i: int) -> bool:
        prev = self.key(i - 1) if self.adjacent(i - 1, i) else ""
        nxt = self.key(i + 1) if self.adjacent(i, i + 1) else ""
        return (
            prev in _MONTH_SAFAR
            or (i > 0 and self.toks[i - 1][2] == "n" and self.adjacent(i - 1, i))
            or nxt in _MONTH_SAFAR
            or nxt in _YEAR_SUFFIX
            or (nxt.isdigit() and len(nxt) == 4)
        )

    def time_second(self, i: int) -> bool:
        """ثانية/الثانية as the unit of time: جزء من الثانية, كل ثانية."""
        prev = self.key(i - 1) if self.adjacent(i - 1, i) else ""
        if prev in _SECOND_BEFORE:
            return True
        return prev == "من" and self.adjacent(i - 2, i - 1) and self.key(i - 2) in _SECOND_BEFORE

    def ordinal(self, i: int, prefix: str, cat: str, value: float, start: int) -> int:
        toks = self.toks
        stem = toks[i][3][len(prefix) :]
        if stem in _NEEDS_ARTICLE and not _has_article(prefix):
            # ولاية ثانية, مرة ثانية: after an indefinite feminine noun ثانية is "second"
            prev = toks[i - 1][3] if i > 0 and toks[i - 1][2] == "w" else ""
            if not (
                stem == "ثانيه"
                and prefix == ""
                and prev.endswith("ه")
                and not prev.startswith("ال")
                and prev not in _FORMS
                and self.adjacent(i - 1, i)
            ):
                return i + 1
        if i > 0:
            prev = toks[i - 1][3]
            if prev in _MONTH_ORDINAL_HEADS or (prev[:1] in ("و", "ف", "ب", "ل") and prev[1:] in _MONTH_ORDINAL_HEADS):
                return i + 1
        end, last = toks[i][1], i
        nxt = self.form(i + 1)
        if nxt is not None and self.adjacent(i, i + 1):
            npre, ncat, nval = nxt
            if ncat == "ten" and npre in ("", "ال") and value < 10:  # الحادي عشر, الثالث عشر
                value += 10
                end, last = toks[i + 1][1], i + 1
            elif ncat == "tens" and npre in ("و", "وال") and value < 10:  # الخامس والعشرون
                value += nval
                end, last = toks[i + 1][1], i + 1
        if cat == "ord_head" and last == i:
            return i + 1
        self.add(start, end, value, "ordinal")
        return last + 1

    def cardinal(self, i: int, start: int) -> int:
        """A compound cardinal from token i on, in the Arabic order."""
        toks = self.toks
        form = self.form(i)
        assert form is not None  # a cardinal starts at a number word
        if form[1] == "pfrac":
            return i + 1
        value, j, end, kind = self.compound(i, end=toks[i][1], first=True)
        if kind == "fraction":  # ثلاثة أرباع, ثلاثة أخماس
            self.add(start, end, value, "fraction")
            return j
        if j == i or kind == "none":
            return i + 1
        kind = "cardinal"
        p = self.percent_after(j)
        if p is not None:
            kind = "percent"
            end = toks[p][1]
            j = p + 1
        elif (
            1000 <= value <= 2100
            and value == int(value)
            and i > 0
            and self.adjacent(i - 1, i)
            and toks[i - 1][3] in _YEAR_CUES
        ):
            kind = "year"  # عام ألفين وستة عشر
        if kind == "year":
            self.add(start, end, value, kind)
        else:
            self.finish(i, start, end, value, kind, j)
        return j

    def compound(
        self,
        i: int,
        total: float = 0.0,
        last: str | None = None,
        last_scale: float = math.inf,
        end: int = 0,
        first: bool = False,
    ) -> tuple[float, int, int, str]:
        """Parse number words (and و + digits after a scale) from token i on;
        returns ``(value, j, end, kind)``. With ``first`` a phrase starts at
        i and kind is ``cardinal``, ``fraction`` or ``none``; otherwise the
        phrase continues one that ended in a scale (``total``) and kind is
        empty."""
        toks = self.toks
        current = 0.0
        j = i
        frac_part = False
        while j < len(toks):
            if (j > i or not first) and not self.adjacent(j - 1, j):
                break
            f = self.form(j)
            if f is None:
                # و + digits after a scale: مليار و٢٠٠ مليون, 12 ألفا و500
                if (
                    last == "scale"
                    and toks[j][2] == "w"
                    and toks[j][3] == "و"
                    and j + 1 < len(toks)
                    and toks[j + 1][2] == "n"
                    and self.adjacent(j, j + 1)
                ):
                    d = parse_digits(toks[j + 1][3])
                    g = self.form(j + 2) if self.adjacent(j + 1, j + 2) else None
                    if g is not None and g[0] == "" and g[1] in ("scale", "plural") and g[2] < last_scale:
                        total += current + d * g[2]
                        current = 0.0
                        last_scale = g[2]
                        end = toks[j + 2][1]
                        j += 3
                        continue
                    if d < last_scale and not (g is not None and g[1] in ("scale", "plural", "dual")):
                        total += d
                        end = toks[j + 1][1]
                        j += 2
                break
            pre, cat, val = f
            waw = pre.startswith("و")
            if (j > i or not first) and pre not in ("", "و", "وال"):
                break
            if j == i and first:
                waw = False
            elif j == i and not waw:
                break  # a continuation starts with و
            ok = False
            if cat in ("unit", "zero", "teen_head"):
                if last is None or (waw and last in ("hundred", "scale")):
                    current += val
                    ok = True
            elif cat == "ten":
                if (
                    last in ("unit", "teen_head")
                    and not waw
                    and current % 100 < 10
                    or last is None
                    or (waw and last in ("hundred", "scale"))
                ):
                    current += 10
                    ok = True
                if ok:
                    cat = "teen"
            elif cat == "tens":
                if last is None or (waw and last in ("unit", "teen_head", "hundred", "scale")):
                    current += val
                    ok = True
            elif cat == "hundred":
                if last is None or (waw and last == "scale"):
                    current += val
                    ok = True
                elif last == "unit" and not waw and val == 100 and 3 <= current % 10 <= 9 and current < 10:
                    current *= 100  # ثلاث مئة
                    ok = True
            elif cat in ("scale", "dual", "plural"):
                base = val if cat != "dual" else val / 2
                if not waw and base < last_scale and not (j == i and first and _has_article(pre)):
                    if cat == "dual" and last is None:
                        total += val
                        ok = True
                    elif cat == "scale" and last is None and self.dual_construct(j, pre):
                        total += 2 * val  # ألفا باحث, مليونا دولار
                        ok = True
                    elif cat == "scale" and last in (None, "unit", "teen", "tens", "hundred"):
                        total += (current or 1) * val
                        ok = True
                    elif cat == "plural" and last in ("unit", "teen", "tens", "hundred") and current >= 3:
                        total += current * val
                        ok = True
                if ok:
                    current = 0
                    last_scale = base
                    cat = "scale"
            elif cat == "frac":
                if waw and last is not None:  # مليون ونصف, ثلاثة ونصف
                    total += val * (last_scale if last == "scale" else 1)
                    ok = True
                    frac_part = True
                    # مليون ونصف المليون: the repeated scale belongs to the phrase
                    nxt = self.form(j + 1)
                    if (
                        last == "scale"
                        and nxt is not None
                        and _has_article(nxt[0])
                        and nxt[1] == "scale"
                        and nxt[2] == last_scale
                        and self.adjacent(j, j + 1)
                    ):
                        j += 1
            elif cat == "pfrac" and first and last == "unit" and not waw and current < 10:
                return current / val, j + 1, toks[j][1], "fraction"  # ثلاثة أرباع, ثلاثة أخماس
            if not ok:
                break
            last = cat
            end = toks[j][1]
            j += 1
            if frac_part:
                break
        value = total + current
        if not first:
            return value, j, end, ""
        if j == i or (value == 0 and last != "zero"):
            return value, j, end, "none"
        return value, j, end, "cardinal"

    def dual_construct(self, j: int, pre: str) -> bool:
        """``ألفا``/``مليونا`` starting a phrase and followed by a noun is the
        dual construct (2000, 2000000); with tanwin (``ألفاً``) or after a
        count it is the singular."""
        k = self.toks[j][3][len(pre) :]
        if k not in _DUAL_LOOKING or _FATHATAN in self.text[self.toks[j][0] : self.toks[j][1]]:
            return False
        if j > 0 and self.adjacent(j - 1, j) and (self.toks[j - 1][2] == "n" or self.form(j - 1) is not None):
            return False
        return self.adjacent(j, j + 1) and self.toks[j + 1][2] == "w" and self.form(j + 1) is None


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in ``text`` with its value and kind, in text order."""
    return _Finder(text).run()
