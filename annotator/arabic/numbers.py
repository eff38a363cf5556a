"""Numbers in Arabic text with their values: ``find_numbers(text)``.

Finds, as code-point spans of the original text:

* digits of any script (``43``, ``٤٣``, ``۴۳``) with decimal separators
  ``.``/``٫`` and thousands separators ``,``/``٬``; a following ``%``/``٪``
  or ``في المئة``/``بالمئة`` is inside the span and makes the kind
  ``percent``; a following scale word multiplies (``3 ملايين`` = 3000000);
* number words with or without tashkeel and tatweel: units, teens, tens,
  hundreds (``مئة``/``مائة``, ``مئتان``, ``ثلاثمائة``, ``ثلاث مئة``),
  thousands, millions, billions, duals (``ألفين``, ``مليونين``) and
  compounds joined by ``و`` in the Arabic order (``مئة وثلاثة وعشرون``,
  ``ثلاثة آلاف وخمسمائة``, ``مليون ونصف``);
* fractions (``نصف`` 0.5, ``ثلث`` 1/3, ``ربع``, ``ثلثي`` 2/3, ``ثلاثة أرباع``),
  a fraction before a scale being a cardinal (``نصف مليون`` = 500000);
* ordinals (``الثالث``, ``الأولى``, ``الحادي عشر``, ``الخامس والعشرين``);
* years: a 4-digit number after ``عام``/``سنة``/a month name, after
  ``في``/``منذ``/``حتى``... when between 1900 and 2100, before ``م``/``هـ``,
  or continuing a year range (``عامي 2017 و2018``).

Proclitics ``و ف ب ل ك`` and the article ``ال`` are outside the span
(``وثلاثة`` -> ``ثلاثة``, ``الثالث`` -> ``ثالث``, ``و2016`` -> ``2016``).
Not numbers: vague plurals (``آلاف``, ``عشرات``, ``مئات`` without a count),
``أحد`` meaning "someone" (it counts only in ``أحد عشر``), weekday names
(``الثلاثاء``, ``الاثنين``, ``الخميس``), ``لست``, ``ثاني أكسيد``, ordinals in
month names (``كانون الأول``, ``تشرين الثاني``), digits glued to Latin
letters or names (``F-16``, ``G20``, ``كوفيد-19``).

Written by hand: pyarabic's ``text2number``/``extract_number_phrases``
return no offsets, know no ordinals or fractions (``ثلث`` -> 0), take
``الحادي عشر`` for 10 and ``نصف مليون`` for 1000000 (see ``bench/``).
One precompiled tokenizer pass and one dictionary lookup per word keep
it above 1 MB/s.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from annotator.arabic.charsets import INVISIBLE, LETTER_FOLD, MARKS, TATWEEL, UNSEEN_SET
from annotator.arabic.clitics import stem_start
from annotator.arabic.tokens import _TOKEN


class NumberMatch(NamedTuple):
    start: int
    end: int
    surface: str
    value: int | float
    kind: str  # cardinal | ordinal | fraction | percent | year

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "surface": self.surface,
                "value": self.value, "kind": self.kind}


# ---------------------------------------------------------------- folding
_DELETE = {ord(c): None for c in UNSEEN_SET}
_FOLD_TABLE = {**LETTER_FOLD, **_DELETE}
_IGNORABLE = re.compile(f"[{MARKS}{TATWEEL}{INVISIBLE}]")


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
_add("frac", 2 / 3, "ثلثي", "ثلثا")
_add("pfrac", 1 / 4, "أرباع")
_add("pfrac", 1 / 3, "أثلاث")
_add("ord", 1, "أول", "أولى")
_add("ord", 2, "ثاني", "ثانية")
for _stem, _v in {"ثالث": 3, "رابع": 4, "خامس": 5, "سادس": 6, "سابع": 7, "ثامن": 8, "تاسع": 9, "عاشر": 10}.items():
    _add("ord", _v, _stem, _stem + "ة")
_add("ord_head", 1, "حادي", "حادية")

# Ordinals that count only with the article: bare أول/ثاني/ثانية/رابعة are
# mostly "earliest", "second" (of time), "dioxide", a name (رابعة).
_NEEDS_ARTICLE = {fold(w) for w in ("أول", "أولى", "ثاني", "ثانية", "رابعة")}
# Whole words that look like proclitic + number but are not numbers.
_BLOCK = {fold(w) for w in ("لست", "الاثنين", "والاثنين", "بالاثنين", "للاثنين", "الثلاثاء", "الخميس",
                            "الواحد")}
# Month words before which الأول/الثاني/الأولى are part of a month name.
# Written the same as a unit (خمس five / خُمس a fifth): a fraction only when
# the damma on the first letter says so.
_DAMMA_FRACTIONS = {fold(w): d for w, d in (("خمس", 5), ("سدس", 6), ("سبع", 7), ("تسع", 9), ("عشر", 10))}
# With the article these are also names (the Libyan city al-Khums, "the
# lady", "the lion"): a number only after a definite noun (الدول الخمس).
_NAME_LIKE = {fold(w) for w in ("خمس", "ست", "سبع")}
_MONTH_ORDINAL_HEADS = {fold(w) for w in ("كانون", "تشرين", "ربيع", "جمادى", "جمادي")}

_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
             "وب", "فب", "ول", "فل", "وك", "فك", "وبال", "فبال", "وكال", "فكال")
# folded surface -> (prefix, category, value); the shortest prefix wins.
_FORMS: dict[str, tuple[str, str, float]] = {}
for _pre in _PREFIXES:
    for _stem, (_cat, _val) in _LEX.items():
        _FORMS.setdefault(_pre + _stem, (_pre, _cat, _val))
for _b in _BLOCK:
    _FORMS.pop(_b, None)


def _has_article(prefix: str) -> bool:
    return prefix.endswith("ال") or prefix.endswith("لل")


# ------------------------------------------------------------ context words
_YEAR_CUES = {fold(w) for w in (
    "عام", "العام", "لعام", "بعام", "وعام", "سنة", "السنة", "لسنة", "بسنة", "وسنة", "عامي", "سنتي",
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين",
)}
_WEAK_YEAR_CUES = {fold(w) for w in (
    "في", "منذ", "حتى", "خلال", "مطلع", "أواخر", "أوائل", "نهاية", "بداية", "مستهل", "قبل", "بعد",
    "ربيع", "صيف", "خريف", "شتاء", "وفي", "ومنذ", "وحتى", "وخلال",
)}
_YEAR_RANGE_JOIN = {fold(w) for w in ("و", "إلى", "الى", "حتى", "-", "–", "/")}
_RANGE_START = {fold(w) for w in ("من", "بين", "ومن", "وبين")}
_YEAR_SUFFIX = {"م", "ه", "هـ"}
_PERCENT_WORDS = {fold(w) for w in ("بالمئة", "بالمائة", "%", "٪")}
_PERCENT_TAIL = {fold(w) for w in ("المئة", "المائة")}
_PERCENT_IN = {"في"}

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
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
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
_Tok = tuple




class _Finder:
    def __init__(self, text: str):
        self.text = text
        # Letters are folded one for one over the whole text (offsets stay
        # valid); marks, tatweel and invisibles are removed per word, and
        # only when the text has any.
        toks = [(m.start(), m.end(), m.lastgroup or "p", m.group())
                for m in _TOKEN.finditer(text.translate(LETTER_FOLD))]
        if _IGNORABLE.search(text):
            toks = [(s, e, k, f.translate(_DELETE) if k == "w" else f) for s, e, k, f in toks]
        self.toks: list[_Tok] = toks
        self.out: list[NumberMatch] = []

    # -- helpers
    def form(self, i: int) -> tuple[str, str, float] | None:
        if 0 <= i < len(self.toks) and self.toks[i][2] == "w":
            return _FORMS.get(self.toks[i][3])
        return None

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i and j (j = i + 1) are separated by at most spaces."""
        if j >= len(self.toks):
            return False
        gap = self.text[self.toks[i][1]:self.toks[j][0]]
        return "\n" not in gap and (gap == "" or gap.isspace() or all(c in UNSEEN_SET or c.isspace() for c in gap))

    def stem_start(self, i: int, prefix: str) -> int:
        t = self.toks[i]
        return stem_start(self.text, t[0], t[1], len(prefix))

    def add(self, start: int, end: int, value: float, kind: str) -> None:
        self.out.append(NumberMatch(start, end, self.text[start:end], _tidy(value), kind))

    def percent_after(self, j: int) -> int | None:
        """If tokens from j on say "percent", the index of the last one."""
        toks = self.toks
        if j >= len(toks) or not self.adjacent(j - 1, j):
            return None
        if toks[j][3] in _PERCENT_WORDS:
            return j
        if (toks[j][3] in _PERCENT_IN and j + 1 < len(toks) and self.adjacent(j, j + 1)
                and toks[j + 1][3] in _PERCENT_TAIL):
            return j + 1
        return None

    # -- the scan
    def run(self) -> list[NumberMatch]:
        i = 0
        toks = self.toks
        while i < len(toks):
            t = toks[i]
            if t[2] == "n":
                i = self.digits(i)
            elif t[2] == "w" and t[3] in _FORMS:
                i = self.words(i)
            else:
                i += 1
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
        if (before == ":" and t[0] > 1 and text[t[0] - 2].isdigit()) or \
                (after == ":" and t[1] + 1 < len(text) and text[t[1] + 1].isdigit()):
            return i + 1
        value: float = parse_digits(t[3])
        end = t[1]
        last = i
        kind = "cardinal"
        # digit + scale word: 3 ملايين, 2.5 مليار, 300 ألف
        f = self.form(i + 1)
        if f is not None and f[0] == "" and f[1] in ("scale", "plural") and self.adjacent(i, i + 1):
            value *= f[2]
            last = i + 1
            end = toks[last][1]
        start = t[0]
        p = self.percent_after(last + 1)
        if p is not None:
            kind = "percent"
            end = toks[p][1]
            last = p
        elif (before in "%٪" and before and (t[0] < 2 or not text[t[0] - 2].isdigit())
              and (not self.out or self.out[-1].end < t[0])):
            kind = "percent"  # ٪50: the sign typed first, as bidi editing often leaves it
            start -= 1
        elif last == i and self.is_year(i, value):
            kind = "year"
        self.add(start, end, value, kind)
        return last + 1

    def is_year(self, i: int, value: float) -> bool:
        toks = self.toks
        t = toks[i]
        if not isinstance(value, int) or not t[3].isdigit() or not 3 <= len(t[3]) <= 4:
            return False
        if i + 1 < len(toks) and toks[i + 1][0] == t[1] and toks[i + 1][3] in _YEAR_SUFFIX:
            return True  # 2016م, 1441هـ
        if i > 0 and self.adjacent(i - 1, i):
            prev = toks[i - 1][3]
            if prev in _YEAR_CUES:
                return True
            if prev in ("الاول", "الثاني") and i > 1 and toks[i - 2][3] in _YEAR_CUES:
                return True  # كانون الثاني 2019
            if prev in _WEAK_YEAR_CUES and len(t[3]) == 4 and 1900 <= value <= 2100:
                return True
        # من 1975 إلى 1990, بين 2017 و2018: both ends of a range of years
        if (len(t[3]) == 4 and 1900 <= value <= 2100 and i > 0 and toks[i - 1][3] in _RANGE_START
                and i + 2 < len(toks) and toks[i + 1][3] in _YEAR_RANGE_JOIN
                and toks[i + 2][2] == "n" and len(toks[i + 2][3]) == 4 and toks[i + 2][3].isdigit()
                and 1900 <= parse_digits(toks[i + 2][3]) <= 2100):
            return True
        # a range after a year: 2017 و2018, 2017-2018, 2017 إلى 2018
        if self.out and self.out[-1].kind == "year" and len(t[3]) == 4 and i >= 2:
            if toks[i - 1][3] in _YEAR_RANGE_JOIN and toks[i - 2][1] == self.out[-1].end:
                return True
        return False

    def words(self, i: int) -> int:
        toks = self.toks
        prefix, cat, value = _FORMS[toks[i][3]]
        start = self.stem_start(i, prefix)
        if prefix == "" and toks[i][3] == "واحد" and self.text[start + 1:start + 2] in ("أ", "إ"):
            prefix, cat, value = "و", "teen_head", 1  # وأحد = و + أحد, not واحد
            start = self.stem_start(i, "و")
        if _has_article(prefix) and toks[i][3][len(prefix):] in _NAME_LIKE:
            prev = toks[i - 1] if i > 0 else None
            if prev is None or prev[2] != "w" or not prev[3].startswith("ال") or not self.adjacent(i - 1, i):
                return i + 1
        if cat in ("ord", "ord_head"):
            return self.ordinal(i, prefix, cat, value, start)
        stem = toks[i][3][len(prefix):]
        if stem in _DAMMA_FRACTIONS and self.text[start + 1:start + 2] == "\u064f":
            # خُمس, عُشر: with a damma on the first letter a fifth, a tenth
            self.add(start, toks[i][1], 1 / _DAMMA_FRACTIONS[stem], "fraction")
            return i + 1
        if cat == "frac":
            nxt = self.form(i + 1)
            if nxt is not None and nxt[0] == "" and nxt[1] == "scale" and self.adjacent(i, i + 1):
                self.add(start, toks[i + 1][1], value * nxt[2], "cardinal")
                return i + 2
            p = self.percent_after(i + 1)
            self.add(start, toks[p][1] if p else toks[i][1], value, "fraction")
            return (p or i) + 1
        if cat == "pfrac":
            return i + 1  # أرباع alone is vague
        if cat == "teen_head":
            nxt = self.form(i + 1)
            if nxt is not None and self.adjacent(i, i + 1) and (
                    (nxt[0] == "" and nxt[1] == "ten")  # أحد عشر, اثنا عشر
                    or (nxt[0] == "و" and nxt[1] == "tens" and value == 1)):  # إحدى وعشرين
                return self.cardinal(i, start)
            return i + 1  # أحد = someone
        return self.cardinal(i, start)

    def ordinal(self, i: int, prefix: str, cat: str, value: float, start: int) -> int:
        toks = self.toks
        stem = toks[i][3][len(prefix):]
        if stem in _NEEDS_ARTICLE and not _has_article(prefix):
            # ولاية ثانية, مرة ثانية: after an indefinite feminine noun ثانية is "second"
            prev = toks[i - 1][3] if i > 0 and toks[i - 1][2] == "w" else ""
            if not (stem == "ثانيه" and prefix == "" and prev.endswith("ه") and not prev.startswith("ال")
                    and prev not in _FORMS and self.adjacent(i - 1, i)):
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
        total = 0.0
        current = 0.0
        last: str | None = None
        last_scale = math.inf
        j = i
        end = toks[i][1]
        frac_part = False
        while j < len(toks):
            f = self.form(j)
            if f is None or (j > i and not self.adjacent(j - 1, j)):
                break
            pre, cat, val = f
            waw = pre.startswith("و")
            if j > i and pre not in ("", "و", "وال"):
                break
            if j == i:
                waw = False
            ok = False
            if cat in ("unit", "zero", "teen_head"):
                if last is None or (waw and last in ("hundred", "scale")):
                    current += val
                    ok = True
            elif cat == "ten":
                if last in ("unit", "teen_head") and not waw and current % 100 < 10:
                    current += 10
                    ok = True
                elif last is None or (waw and last in ("hundred", "scale")):
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
                if not waw and base < last_scale and not (j == i and _has_article(pre)):
                    if cat == "dual" and last is None:
                        total += val
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
                    if (last == "scale" and nxt is not None and _has_article(nxt[0])
                            and nxt[1] == "scale" and nxt[2] == last_scale and self.adjacent(j, j + 1)):
                        j += 1
            elif cat == "pfrac":
                if last == "unit" and not waw and current < 10:  # ثلاثة أرباع
                    end = toks[j][1]
                    self.add(start, end, current * val, "fraction")
                    return j + 1
            if not ok:
                break
            last = cat
            end = toks[j][1]
            j += 1
            if frac_part:
                break
        value = total + current
        if j == i or (value == 0 and last != "zero"):
            return i + 1
        kind = "cardinal"
        p = self.percent_after(j)
        if p is not None:
            kind = "percent"
            end = toks[p][1]
            j = p + 1
        elif (1000 <= value <= 2100 and value == int(value) and i > 0 and self.adjacent(i - 1, i)
              and toks[i - 1][3] in _YEAR_CUES):
            kind = "year"  # عام ألفين وستة عشر
        self.add(start, end, value, kind)
        return j


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in ``text`` with its value and kind, in text order."""
    return _Finder(text).run()
