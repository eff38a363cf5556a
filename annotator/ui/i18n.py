"""The interface's English and Arabic text.

English strings are the keys; :data:`ARABIC` gives their Arabic. A plain
table rather than Qt Linguist: the interface has a few dozen strings and a
table needs no ``lrelease`` build step. Choosing Arabic also turns the
whole interface right-to-left (the application's layout direction).

The edit session (``annotator.editing``, Qt-free) says what each edit did
in English lines with the document's words, labels and counts in them
("accepted 6 NUMBER suggestions", "undid: label GPE on «ليبيا»");
:data:`MESSAGES` holds the shape of each line and its Arabic, and
:meth:`Translator.message` fills the Arabic with the line's own parts. A
line of no known shape is shown as it is.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "ar")
# Arabic-Indic digits typed as hotkeys or values count as 0-9.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def isolated(text: str) -> str:
    """Document text inside an interface line, isolated (FSI ... PDI) so that
    Arabic in it does not reorder the line's Latin parts around it."""
    return "\u2068" + text.replace("\n", " ") + "\u2069"


ARABIC: dict[str, str] = {
    # menus
    "&File": "&ملف",
    "&Edit": "&تحرير",
    "&View": "&عرض",
    "&Document": "&المستند",
    "&Help": "&مساعدة",
    "Open project…": "فتح مشروع…",
    "Recent projects": "المشاريع الأخيرة",
    "Quit": "خروج",
    "Undo": "تراجع",
    "Redo": "إعادة",
    "Delete span": "حذف الوسم",
    "Accept suggestion": "قبول الاقتراح",
    "Reject suggestion": "رفض الاقتراح",
    "Accept all suggestions of this label": "قبول كل اقتراحات هذا الوسم",
    "Next suggestion": "الاقتراح التالي",
    "Suggest numbers": "اقتراح الأعداد",
    "Next span": "الوسم التالي",
    "Previous span": "الوسم السابق",
    "Refresh": "تحديث",
    "Find…": "بحث…",
    "Label all matches": "وسم كل النتائج",
    "Link claim to source (then click the entity)": "ربط الادعاء بمصدره (ثم انقر الكيان)",
    "Link claim to a mention (then click it)": "ربط الادعاء بما يذكره (ثم انقر عليه)",
    "Zoom in": "تكبير",
    "Zoom out": "تصغير",
    "Reset zoom": "الحجم الأصلي",
    "Wrap lines": "التفاف الأسطر",
    "Snap selection to words": "التحديد بكلمات كاملة",
    "Span list": "قائمة الوسوم",
    "Spans": "الوسوم",
    "text": "النص",
    "position": "الموضع",
    "all layers": "كل الطبقات",
    "all labels": "كل الوسوم",
    "label": "الوسم",
    "accepted": "مقبولة",
    "rejected": "مرفوضة",
    "High-contrast colours": "ألوان عالية التباين",
    "no suggestions": "لا اقتراحات",
    "Show layer": "إظهار الطبقة",
    "entity": "الكيانات",
    "number": "الأعداد",
    "claim": "الادعاءات",
    "Annotator view": "عرض المُعلِّم",
    "My spans (editable)": "وسومي (قابلة للتحرير)",
    "Language": "اللغة",
    "English": "English",
    "العربية": "العربية",
    "Next document": "المستند التالي",
    "Previous document": "المستند السابق",
    "Mark in progress": "قيد العمل",
    "Mark done": "تم",
    "Mark new": "جديد",
    "Labels…": "الوسوم…",
    "Add label": "إضافة وسم",
    "Remove label": "حذف وسم",
    "name": "الاسم",
    "layer": "الطبقة",
    "colour": "اللون",
    "hotkey": "المفتاح",
    "description": "الوصف",
    "Keys": "المفاتيح",
    "Switch between list and document": "التنقل بين القائمة والمستند",
    "Change annotator name…": "تغيير اسم المُعلِّم…",
    # panels
    "Documents": "المستندات",
    "Filter text or id": "تصفية بالنص أو المعرّف",
    "any status": "كل الحالات",
    "any label": "كل الوسوم",
    "id": "المعرّف",
    "status": "الحالة",
    "spans": "الوسوم",
    "suggested": "مقترحة",
    "done": "تم",
    "new": "جديد",
    "in_progress": "قيد العمل",
    "reviewed": "رُوجع",
    "Span": "الوسم",
    "Label": "الوسم",
    "Value": "القيمة",
    "Kind": "النوع",
    "Claimant": "القائل",
    "Certainty": "درجة اليقين",
    "Relations": "العلاقات",
    "Remove relation": "حذف العلاقة",
    "No span selected": "لم يُحدَّد وسم",
    "Find": "بحث",
    "in this document": "في هذا المستند",
    "in the project": "في المشروع",
    "Label all": "وسم الكل",
    "matches": "نتائج",
    "Layers": "الطبقات",
    "annotator": "المُعلِّم",
    # status bar and dialogs
    "saved": "حُفظ",
    "read-only view": "عرض للقراءة فقط",
    "Select text first": "حدِّد نصاً أولاً",
    "Nothing to undo": "لا شيء للتراجع",
    "Nothing to redo": "لا شيء للإعادة",
    "Your name": "اسمك",
    "Who is annotating? (remembered)": "من يقوم بالتوسيم؟ (سيُحفظ)",
    "Click the span to link": "انقر الوسم المراد ربطه",
    "progress": "التقدم",
    "Select a claim first": "حدِّد ادعاءً أولاً",
    "Open an annotator project": "افتح مشروع توسيم",
    "Press ? or F1 again to close": "اضغط ؟ أو F1 مرة أخرى للإغلاق",
    # suggestions (annotator/ui/suggest_retrain.py)
    "Suggest for this document": "اقتراحات لهذا المستند",
    "Retrain suggestion model": "إعادة تدريب نموذج الاقتراحات",
    "training the suggestion model…": "جارٍ تدريب نموذج الاقتراحات…",
    "model": "النموذج",
    "baseline": "خط الأساس",
    "trained": "مُدرَّب",
    # teams, guidelines, document and sentence labels (annotator/ui/teamdock.py, guidelines.py, unitbar.py)
    "&Team": "&الفريق",
    "Assign…": "توزيع…",
    "Collect…": "جمع…",
    "Team dock": "لوحة الفريق",
    "Guidelines": "الإرشادات",
    "Edit guidelines": "تحرير الإرشادات",
    "Team": "الفريق",
    "document": "المستند",
    "sentence": "الجملة",
    "Document label": "وسم المستند",
    "Sentence label": "وسم الجملة",
    "Nothing to label here": "لا شيء لوسمه هنا",
    "assigned": "مُسنَدة",
    "not started": "لم تبدأ",
    "in progress": "قيد العمل",
    "active hours": "ساعات العمل",
    "spans per hour": "وسوم في الساعة",
    "accept rate": "نسبة القبول",
    "F1 vs gold": "F1 مقابل المرجع",
    "annotators": "مُعلِّمين",
    "active time: gaps under": "وقت العمل: فجوات أقل من",
    "Assign documents": "توزيع المستندات",
    "Annotators (comma-separated)": "المُعلِّمون (مفصولين بفواصل)",
    "Overlap share": "نسبة التداخل",
    "Annotators per overlapping document": "مُعلِّمون لكل مستند متداخل",
    "Seed": "البذرة",
    "Only documents with status": "المستندات ذات الحالة فقط",
    "At most per annotator": "الحد لكل مُعلِّم",
    "no limit": "بلا حد",
    "Folder for the packs": "مجلد الحزم",
    "Choose…": "اختيار…",
    "Collect the packs in a folder": "جمع الحزم من مجلد",
    "Collecting packs…": "جارٍ جمع الحزم…",
    "Cancel": "إلغاء",
    "collected": "جُمعت",
    "with new work": "فيها عمل جديد",
    "not packs of this project": "ليست حزماً من هذا المشروع",
    "Collect": "جمع",
}

# The File menu's project jobs, their dialogs and the agreement view.
ARABIC.update(
    {
        "New project…": "مشروع جديد…",
        "Import…": "استيراد…",
        "Export…": "تصدير…",
        "Merge a colleague's project…": "دمج مشروع زميل…",
        "Back up…": "نسخة احتياطية…",
        "Agreement…": "الاتفاق…",
        "New project": "مشروع جديد",
        "Name": "الاسم",
        "Folder": "المجلد",
        "Labels": "الوسوم",
        "Choose…": "اختيار…",
        "Default labels": "الوسوم الافتراضية",
        "Labels from a JSON or TOML file": "وسوم من ملف JSON أو TOML",
        "Labels copied from another project": "وسوم منسوخة من مشروع آخر",
        "a project needs a name": "المشروع يحتاج إلى اسم",
        "Import files": "استيراد ملفات",
        "Import a folder": "استيراد مجلد",
        "Add files…": "إضافة ملفات…",
        "Add a folder…": "إضافة مجلد…",
        "Format": "الصيغة",
        "detect": "اكتشاف تلقائي",
        "Annotator for spans that name none": "المُعلِّم للوسوم التي لا تذكر مُعلِّماً",
        "Export": "تصدير",
        "Write to": "الكتابة إلى",
        "Spans of": "وسوم",
        "everyone": "الجميع",
        "gold": "المرجع",
        "Layer": "الطبقة",
        "all layers": "كل الطبقات",
        "Only documents marked": "المستندات ذات الحالة فقط",
        "Also write suggested spans": "كتابة الوسوم المقترحة أيضاً",
        "Also write rejected suggestions (JSONL)": "كتابة الاقتراحات المرفوضة أيضاً (JSONL)",
        "Split": "التقسيم",
        "Seed": "البذرة",
        "Worker processes": "العمليات العاملة",
        "automatic": "تلقائي",
        "Importing": "جارٍ الاستيراد",
        "Exporting": "جارٍ التصدير",
        "Merging": "جارٍ الدمج",
        "Backing up": "جارٍ النسخ الاحتياطي",
        "Back up": "نسخة احتياطية",
        "Working…": "جارٍ العمل…",
        "Cancelling…": "جارٍ الإلغاء…",
        "Done": "تم",
        "Failed: the project is unchanged": "فشل: المشروع لم يتغير",
        "documents read": "المستندات المقروءة",
        "Agreement": "الاتفاق",
        "Agreement per pair": "الاتفاق لكل زوج",
        "Overall": "الإجمالي",
        "label": "الوسم",
        "(all)": "(الكل)",
        "per label": "لكل وسم",
        "documents with two or more of": "مستندات فيها اثنان أو أكثر من",
        "No document has spans of two annotators yet.": "لا يوجد بعد مستند فيه وسوم مُعلِّمَين اثنين.",
        "annotator hit a bug": "واجه البرنامج خطأً",
        "Everything up to your last action is saved.": "كل ما فعلته حتى آخر إجراء محفوظ.",
        "The details are in": "التفاصيل في",
    }
)


# Where a span came from (annotator.vocabulary.SPAN_SOURCES), shown in the side panel's status line
# beside its status; "model" and "gold" are above.
ARABIC.update(
    {
        "manual": "يدوي",
        "prelabel": "وسم مسبق",
        "import": "مستورد",
        "gazetteer": "قائمة الأسماء",
        "cue": "القرائن",
        "numbers": "كاشف الأعداد",
        "llm": "النموذج اللغوي",
    }
)

# The session's status-bar lines (annotator/editing.py): English shape, Arabic shape. In a
# shape, {s…} is a quoted document surface («…»), {l…} a label or a name, {n…} a number,
# {r…} a range [a:b], {k…} a word the table above translates (a layer, a status), {w}
# what an undo or redo replayed (parts of the shapes in _STEPS), {x…} any text.
MESSAGES: list[tuple[str, str]] = [
    ("{s} is already {l}", "{s} موسوم أصلاً بالوسم {l}"),
    ("relabelled {s}: {l} → {l2}", "غُيِّر وسم {s}: {l} ← {l2}"),
    ("accepted the {l} suggestion on {s} ({x}) as {l2}", "قُبِل اقتراح {l} على {s} ({x}) بوسم {l2}"),
    ("accepted the {l} suggestion on {s} ({x})", "قُبِل اقتراح {l} على {s} ({x})"),
    ("accepted the {l} suggestion on {s} as {l2}", "قُبِل اقتراح {l} على {s} بوسم {l2}"),
    ("accepted the {l} suggestion on {s}", "قُبِل اقتراح {l} على {s}"),
    ("labelled {l} on {s}", "وُسِم {s} بالوسم {l}"),
    ("accepted {s} as {l}", "قُبِل {s} بوسم {l}"),
    ("saved the attributes of {l} {s}", "حُفِظت سمات {l} {s}"),
    ("{l} {s} is not a suggestion", "{l} {s} ليس اقتراحاً"),
    ("accepted {l} on {s}", "قُبِل {l} على {s}"),
    ("rejected {l} on {s}", "رُفِض {l} على {s}"),
    ("deleted {l} on {s}", "حُذِف {l} على {s}"),
    ("no {l} suggestions to accept", "لا اقتراحات {l} لقبولها"),
    ("accepted 1 {l} suggestion", "قُبِل اقتراح {l} واحد"),
    ("accepted {n} {l} suggestions", "قُبِل {n} من اقتراحات {l}"),
    (
        "nothing accepted: {l} {s} and {l2} {s2} are on the same range {r}; reject or delete one first",
        "لم يُقبَل شيء: {l} {s} و{l2} {s2} على المدى نفسه {r}؛ ارفض أحدهما أو احذفه أولاً",
    ),
    (
        "nothing accepted: {l} {s} {r} would cross {l2} {s2} {r2}; reject or fix one first",
        "لم يُقبَل شيء: {l} {s} {r} يتقاطع مع {l2} {s2} {r2}؛ ارفض أحدهما أو صحّحه أولاً",
    ),
    (
        "nothing accepted: {n} of the suggestions are no longer there (first {x}); press F5 to see the document as stored",
        "لم يُقبَل شيء: {n} من الاقتراحات لم تعد موجودة (أولها {x})؛ اضغط F5 لعرض المستند كما هو محفوظ",
    ),
    (
        "{l} {s} {r} would cross {l2} {s2} {r2}: spans of one layer may nest, not cross",
        "{l} {s} {r} يتقاطع مع {l2} {s2} {r2}: وسوم الطبقة الواحدة تتداخل ولا تتقاطع",
    ),
    (
        "labelled {n} {l} in {n2} documents ({n3} were suggestions)",
        "وُسِم {n} بالوسم {l} في {n2} مستندات ({n3} منها اقتراحات)",
    ),
    ("labelled {n} {l} in {n2} documents", "وُسِم {n} بالوسم {l} في {n2} مستندات"),
    ("labelled {n} {l} in 1 document ({n3} were suggestions)", "وُسِم {n} بالوسم {l} في مستند واحد ({n3} منها اقتراحات)"),
    ("labelled {n} {l} in 1 document", "وُسِم {n} بالوسم {l} في مستند واحد"),
    ("labelled {n} {l} ({n3} were suggestions)", "وُسِم {n} بالوسم {l} ({n3} منها اقتراحات)"),
    ("labelled {n} {l}", "وُسِم {n} بالوسم {l}"),
    ("1 match left out: would cross a span", "تُركت نتيجة واحدة: كانت ستتقاطع مع وسم"),
    ("{n} matches left out: would cross a span", "تُركت {n} من النتائج: كانت ستتقاطع مع وسوم"),
    ("suggested 1 number", "اقتُرِح عدد واحد"),
    ("suggested {n} numbers", "اقتُرِح {n} من الأعداد"),
    ("{l}: 1 suggestion", "{l}: اقتراح واحد"),
    ("{l}: {n} suggestions", "{l}: {n} من الاقتراحات"),
    ("{l} links start at a claim; {l2} {s} is not one", "روابط {l} تبدأ من ادعاء؛ و{l2} {s} ليس ادعاءً"),
    ("a claim cannot be linked to itself", "لا يُربَط الادعاء بنفسه"),
    ("linked {s} → {l} → {s2}", "رُبِط {s} ← {l} ← {s2}"),
    ("removed the {l} link", "أُزيل رابط {l}"),
    ("took {l} off the {k}", "أُزيل {l} عن {k}"),
    ("{k} {s}: {l} → {l2}", "{k} {s}: {l} ← {l2}"),
    ("accepted the {l} suggestion for the {k}", "قُبِل اقتراح {l} لـ{k}"),
    ("labelled the {k} {l}", "وُسِم {k} بالوسم {l}"),
    ("already {k}", "الحالة أصلاً: {k}"),
    ("marked {k}", "عُلِّم المستند: {k}"),
    ("nothing to undo", "لا شيء للتراجع عنه"),
    ("nothing to redo", "لا شيء لإعادته"),
    ("undid: {w}", "تراجع عن: {w}"),
    ("redid: {w}", "أعاد: {w}"),
    ("not saved: {x}", "لم يُحفَظ: {x}"),
]
# The parts of an undo or redo line ("label GPE on «ليبيا», accept 6 NUMBER").
_STEPS: list[tuple[str, str]] = [
    ("relabel {l} → {l2} on {s}", "تغيير وسم {s}: {l} ← {l2}"),
    ("relabel {n} {l} → {l2}", "تغيير وسم {n}: {l} ← {l2}"),
    ("{v} {l} on {s}", "{v} {l} على {s}"),
    ("{v} {n} {l}", "{v} {n} من {l}"),
    ("mark {k}", "تعليم المستند: {k}"),
    ("{v} {l}", "{v} {l}"),
    ("a change", "تغيير"),
]
_VERBS = {
    "label": "وسم",
    "delete": "حذف",
    "accept": "قبول",
    "reject": "رفض",
    "edit": "تعديل",
    "link": "ربط",
    "unlink": "فك ربط",
}
_PART = {
    "s": "«.*?»",
    "l": r"[^\s«»]+?",
    "n": r"\d+",
    "r": r"\[\d+:\d+\]",
    "k": r"\w+?",
    "v": "|".join(_VERBS),
    "w": ".+",
    "x": ".*?",
}


def _shape(english: str) -> re.Pattern[str]:
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", english):
        out.append(re.escape(english[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>{_PART[m.group(1)[0]]})")
        pos = m.end()
    out.append(re.escape(english[pos:]))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


_MESSAGES = [(_shape(en), ar) for en, ar in MESSAGES]
_STEP_SHAPES = [(_shape(en), ar) for en, ar in _STEPS]


def _fill(arabic: str, m: re.Match[str]) -> str:
    def part(name: str) -> str:
        value = m.group(name)
        if name[0] == "k":
            return ARABIC.get(value, value)
        if name[0] == "v":
            return _VERBS[value]
        if name == "w":
            return "، ".join(_translate(step, _STEP_SHAPES) for step in value.split(", "))
        return value

    return re.sub(r"\{(\w+)\}", lambda n: part(n.group(1)), arabic)


def _translate(line: str, shapes: list[tuple[re.Pattern[str], str]]) -> str:
    for shape, arabic in shapes:
        m = shape.match(line)
        if m:
            return _fill(arabic, m)
    return line


class Translator:
    def __init__(self, lang: str = "en"):
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, text: str) -> str:
        if self.lang == "ar":
            return ARABIC.get(text, text)
        return text

    def message(self, line: str) -> str:
        """A status-bar line of the edit session, in the interface's language
        (see the module doc); with several sentences joined by "; ", each is
        translated on its own."""
        if self.lang != "ar" or not line:
            return line
        parts = line.split("; ")
        if len(parts) > 1:
            each = [_translate(part, _MESSAGES) for part in parts]
            if all(a != e for a, e in zip(each, parts, strict=True)):
                return "؛ ".join(each)
        return _translate(line, _MESSAGES)

    @property
    def right_to_left(self) -> bool:
        return self.lang == "ar"
