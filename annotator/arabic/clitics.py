"""Conservative proclitic segmentation: ``وليبيا`` -> ``و`` + ``ليبيا``.

Token formats (CoNLL, HF, spaCy) need entity and number boundaries on token
edges, and in Arabic a conjunction or preposition is written glued to the
next word. This module splits those proclitics off one word.

The rules, and why they are conservative (a wrong split corrupts a token, a
missed split only costs a boundary that ``tokenize(split_at=...)`` still
restores where a span needs it):

* Proclitics, peeled from the left in this order: a conjunction ``و`` or
  ``ف``, then a preposition ``ب`` or ``ل`` (``ك`` only before the article,
  ``كالعادة``, since far more words begin with a stem ``ك``). So ``و``, ``ف``,
  ``ب``, ``ل``, ``وب``, ``ول``, ``فب``, ``فل``, ``وك``... at most two.
* The article ``ال`` stays with its noun: ``بالنفط`` -> ``ب`` + ``النفط``,
  ``والبنية`` -> ``و`` + ``البنية``. After ``ل`` the article's alef is not
  written (``للمسلحين`` = li + al-musallahin); we split after the first
  ``ل``: ``ل`` + ``لمسلحين``, which also gives ``لليبيا`` -> ``ل`` + ``ليبيا``.
* The stem keeps at least two letters (``لم``, ``في``, ``به`` stay whole).
* Words whose first letter belongs to the stem are not split: a hand-made
  lexicon (below) of frequent news words and names that begin with one of
  these letters (``وليد``, ``وزير``, ``بلد``, ``بين``, ``لبنان``, ``ليبيا``,
  ``فايز``, ``فرنسا``, ``كان``...). A lexicon entry blocks every word it
  begins (``وزير`` blocks ``وزيرة``, ``وزيرا``); short function words block
  only themselves. Lookups ignore tashkeel, tatweel and hamza forms.
* Only words starting with an Arabic letter are considered; Latin words,
  digits and anything else are never split.

Written by hand: pyarabic has no segmenter, and the statistical ones
(Farasa, CAMeL Tools' MLE disambiguator) are large downloads with models.
"""

from __future__ import annotations

from annotator.arabic.charsets import IGNORABLE_SET, LETTER_FOLD, is_arabic_letter

# Words (folded: no tashkeel, bare alef, ي for ى, ه for ة) that begin with
# و ف ب ل ك belonging to the stem. Each blocks every word it is a prefix of.
_STEMS = """
وزير وزار وزرا وقت وقع وقف وقود واقع وضع وضوح وصل وصول وصف وطن وطني وطنيه وليد ولايه ولايات
واشنطن وكال وكيل وسط وسايل وسيل وفق وفاه وفد وفود وحد واحد وجه وجود وجد ورد ورق ورش وثيق وثاي
وظيف وظاي وعود وديع وداع ودي وادي وراء وزن وصي وضح وقاي وباء وجب واجب ورث وريث وسام وسع واسع
وفير وقار ولاء وهران وهاب ويلز وسيم وهبي وجدي بلد بلاد بلدي بين بعد بعض بيان بنك بنوك بحث بدا
بدء بداي بلغ بقاء باب بريد برنامج برامج بيت بيوت بيع بير بحر بحار بحير بري بكر بناء بنا بنى
بنيه بني باريس بغداد بيروت بنغازي بريطاني برلين بروكسل بوتين بايدن بكين بلجيك بولند باكستان
بنغلاد برازيل بحرين بورصه بوابه بطاق بشار برلمان بلوغ بعث بعثه بعيد بكاء بيئ بيي باطل بحري
بخار بذل برهان بطء بطيء بطال بغي بلاغ بلاء بوش بيض بترول برج لبنان لبناني لندن ليبي لجان لقاء
لقد لكن لدي لدى لعب لغه لغات لون ليل لحظ لواء لاجي لاعب لازم لعل لفت لاحق لايح لوايح لوم لجوء
ليون لوس لاتفي لاهاي لاوس ليتوان لوكسمبورغ لسان لطف لهب ليمون ليث لطيف لمع لبس لجا فايز فرنس
فلسطين فريق فرق فرع فتر فقط فوق فكر فكره فعل فعال فيلم فيديو فندق فنزويل فنلند فيتنام فيصل فهد
فاطم فواز فؤاد فاد فرح فرص فرض فصل فضل فضاء فقر فقير فقد فقه فلاح فلس فنان فوز فور فوري فوضي
فيروس فيسبوك فائز فايد فوائد فوايد فارس فاروق فيض فرار فرد فراغ فتح فتاه فتي فحص فخر فرنك فلوج
فلورنس فيينا فيلق فياض فاتور فترات فجر فجوه كان كانت كانو كاد كل كلم كلي كما كيف كبير كبار كبر
كتاب كتب كتل كثير كثر كرس كرسي كريم كرم كشف كفاء كلف كمي كميه كمال كندا كوريا كويت كوب كورون
كوسوف كينيا كرد كردي كركوك كراتشي كلينتون كيري كامل كاف كاتب كاس كبد كتف كذلك كذب كرام كره كسر
كسب كعب كفر كفل كلب كلا كلام كمبيوتر كهرباء كهف كوكب كون كوم كيان كيس كيل كيلو لجنه
"""
# Short function words: they block only themselves, not longer words.
_EXACT = """
في فيه فيها فيهم فيهما فيما فمن فما لا لن لم له لها لهم لهما لما لو لي لك لنا لكم لدى لدي
بل به بها بهم بك بي بنا بما كي لكي كم كل كلا كما ما وما ولا وان فان
"""
STEMS = frozenset(_STEMS.split())
EXACT = frozenset(_EXACT.split()) - {"وما", "ولا", "وان", "فان", "فمن", "فما"}

# The proclitics, in the order they are peeled: a conjunction, then a
# preposition. Every word list of proclitics in the project is built from
# these (the engines differ in what they allow after them; each says why).
CONJUNCTIONS: tuple[str, ...] = ("و", "ف")
PREPOSITIONS: tuple[str, ...] = ("ب", "ل", "ك")
ARTICLE = "ال"
PROCLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)
# Every run of proclitics a word may start with: one of them, or a
# conjunction then a preposition (و ف ب ل ك وب ول وك فب فل فك). Unlike
# split_proclitics, this list lets ك stand before any word.
PROCLITICS: tuple[str, ...] = (*CONJUNCTIONS, *PREPOSITIONS, *(c + p for c in CONJUNCTIONS for p in PREPOSITIONS))


def with_article(prefix: str) -> str:
    """``prefix`` and the article as they are written together: after ``ل``
    the article's alef is not written (``ل`` + ``ال`` is ``لل``)."""
    return prefix + ("ل" if prefix.endswith("ل") else ARTICLE)


# The article alone and after every run of proclitics:
# ال وال فال بال لل كال وبال ولل وكال فبال فلل فكال.
ARTICLE_FORMS: tuple[str, ...] = tuple(with_article(p) for p in ("", *PROCLITICS))


def _blocked(folded: str) -> bool:
    """True when the (remaining) word begins with a lexicon stem."""
    if folded in EXACT:
        return True
    return any(folded[:n] in STEMS for n in range(2, min(len(folded), 12) + 1))


def split_proclitics(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the word ``text[start:end]`` into proclitics and stem, as
    code-point ranges covering it exactly (a harakah stays with its letter).
    Returns ``[(start, end)]`` when nothing is split off."""
    # Positions of the base letters, skipping marks and tatweel.
    letters: list[int] = [i for i in range(start, end) if text[i] not in IGNORABLE_SET]
    if len(letters) < 3 or not is_arabic_letter(text[letters[0]]):
        return [(start, end)]
    folded = "".join(text[i] for i in letters).translate(LETTER_FOLD)
    cuts: list[int] = []  # letter indices where a new piece starts
    k = 0
    stage = 0  # 0: a conjunction may come; 1: a preposition may come; 2: done
    while stage < 2:
        rest = folded[k:]
        if len(rest) < 3 or rest.startswith(ARTICLE) or _blocked(rest):
            break
        ch = rest[0]
        if stage == 0 and ch in CONJUNCTIONS:
            take = True
            stage = 1
        elif ch in PREPOSITIONS:
            after = rest[1:]
            take = after.startswith(ARTICLE) if ch == "ك" else True
            stage = 2
        else:
            break
        if not take:
            break
        k += 1
        cuts.append(k)
    if not cuts:
        return [(start, end)]
    bounds = [start] + [letters[c] for c in cuts] + [end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def stem_start(text: str, start: int, end: int, prefix_letters: int) -> int:
    """The code point where the stem of the word ``text[start:end]`` begins
    after ``prefix_letters`` letters of proclitics (marks and tatweel that
    follow a proclitic stay with it); ``start`` when there is no prefix."""
    if prefix_letters == 0:
        return start
    seen = 0
    i = start
    while i < end and seen < prefix_letters:
        if text[i] not in IGNORABLE_SET:
            seen += 1
        i += 1
    while i < end and text[i] in IGNORABLE_SET:
        i += 1
    return i


def strip_proclitics(word: str) -> tuple[int, str]:
    """``(prefix_len, stem)``: how many code points of proclitics ``word``
    starts with, and the rest. ``strip_proclitics("وبالنفط") == (2, "النفط")``."""
    pieces = split_proclitics(word, 0, len(word))
    prefix = pieces[-1][0]
    return prefix, word[prefix:]
