"""The interface's English and Arabic text.

English strings are the keys; :data:`ARABIC` gives their Arabic. A plain
table rather than Qt Linguist: the interface has a few dozen strings and a
table needs no ``lrelease`` build step. Choosing Arabic also turns the
whole interface right-to-left (the application's layout direction).
"""

from __future__ import annotations

LANGUAGES = ("en", "ar")
# Arabic-Indic digits typed as hotkeys or values count as 0-9.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def isolated(text: str) -> str:
    """Document text inside an interface line, isolated (FSI ... PDI) so that
    Arabic in it does not reorder the line's Latin parts around it."""
    return "\u2068" + text.replace("\n", " ") + "\u2069"

ARABIC: dict[str, str] = {
    # menus
    "&File": "&ملف", "&Edit": "&تحرير", "&View": "&عرض", "&Document": "&المستند", "&Help": "&مساعدة",
    "Open project…": "فتح مشروع…", "Recent projects": "المشاريع الأخيرة", "Quit": "خروج",
    "Undo": "تراجع", "Redo": "إعادة", "Delete span": "حذف الوسم", "Accept suggestion": "قبول الاقتراح",
    "Reject suggestion": "رفض الاقتراح", "Accept all suggestions of this label": "قبول كل اقتراحات هذا الوسم",
    "Next suggestion": "الاقتراح التالي", "Suggest numbers": "اقتراح الأعداد", "Next span": "الوسم التالي", "Previous span": "الوسم السابق",
    "Refresh": "تحديث", "Find…": "بحث…", "Label all matches": "وسم كل النتائج",
    "Link claim to source (then click the entity)": "ربط الادعاء بمصدره (ثم انقر الكيان)",
    "Link claim to a mention (then click it)": "ربط الادعاء بما يذكره (ثم انقر عليه)",
    "Zoom in": "تكبير", "Zoom out": "تصغير", "Reset zoom": "الحجم الأصلي", "Wrap lines": "التفاف الأسطر",
    "Snap selection to words": "التحديد بكلمات كاملة",
    "Span list": "قائمة الوسوم", "Spans": "الوسوم", "text": "النص",
    "position": "الموضع", "all layers": "كل الطبقات", "all labels": "كل الوسوم", "label": "الوسم",
    "accepted": "مقبولة", "rejected": "مرفوضة",
    "High-contrast colours": "ألوان عالية التباين", "no suggestions": "لا اقتراحات",
    "Show layer": "إظهار الطبقة", "entity": "الكيانات", "number": "الأعداد", "claim": "الادعاءات",
    "Annotator view": "عرض المُعلِّم", "My spans (editable)": "وسومي (قابلة للتحرير)",
    "Language": "اللغة", "English": "English", "العربية": "العربية",
    "Next document": "المستند التالي", "Previous document": "المستند السابق",
    "Mark in progress": "قيد العمل", "Mark done": "تم", "Mark new": "جديد",
    "Labels…": "الوسوم…", "Add label": "إضافة وسم", "Remove label": "حذف وسم", "name": "الاسم",
    "layer": "الطبقة", "colour": "اللون", "hotkey": "المفتاح", "description": "الوصف",
    "Keys": "المفاتيح", "Switch between list and document": "التنقل بين القائمة والمستند", "Change annotator name…": "تغيير اسم المُعلِّم…",
    # panels
    "Documents": "المستندات", "Filter text or id": "تصفية بالنص أو المعرّف", "any status": "كل الحالات",
    "any label": "كل الوسوم", "id": "المعرّف", "status": "الحالة", "spans": "الوسوم", "suggested": "مقترحة",
    "done": "تم", "new": "جديد", "in_progress": "قيد العمل", "reviewed": "رُوجع",
    "Span": "الوسم", "Label": "الوسم", "Value": "القيمة", "Kind": "النوع", "Claimant": "القائل",
    "Certainty": "درجة اليقين", "Relations": "العلاقات", "Remove relation": "حذف العلاقة",
    "No span selected": "لم يُحدَّد وسم", "Find": "بحث", "in this document": "في هذا المستند",
    "in the project": "في المشروع", "Label all": "وسم الكل", "matches": "نتائج",
    "Layers": "الطبقات", "annotator": "المُعلِّم",
    # status bar and dialogs
    "saved": "حُفظ", "read-only view": "عرض للقراءة فقط", "Select text first": "حدِّد نصاً أولاً",
    "Nothing to undo": "لا شيء للتراجع", "Nothing to redo": "لا شيء للإعادة",
    "Your name": "اسمك", "Who is annotating? (remembered)": "من يقوم بالتوسيم؟ (سيُحفظ)",
    "Click the span to link": "انقر الوسم المراد ربطه", "progress": "التقدم",
    "Select a claim first": "حدِّد ادعاءً أولاً", "Open an annotator project": "افتح مشروع توسيم",
    "Press ? or F1 again to close": "اضغط ؟ أو F1 مرة أخرى للإغلاق",
    # suggestions (annotator/ui/suggest_retrain.py)
    "Suggest for this document": "اقتراحات لهذا المستند", "Retrain suggestion model": "إعادة تدريب نموذج الاقتراحات",
    "training the suggestion model…": "جارٍ تدريب نموذج الاقتراحات…", "model": "النموذج",
    "baseline": "خط الأساس", "trained": "مُدرَّب",
    # teams, guidelines, document and sentence labels (annotator/ui/teamdock.py, guidelines.py, unitbar.py)
    "&Team": "&الفريق", "Assign…": "توزيع…", "Collect…": "جمع…", "Team dock": "لوحة الفريق",
    "Guidelines": "الإرشادات", "Edit guidelines": "تحرير الإرشادات", "Team": "الفريق",
    "document": "المستند", "sentence": "الجملة",
    "Document label": "وسم المستند", "Sentence label": "وسم الجملة", "Nothing to label here": "لا شيء لوسمه هنا",
    "assigned": "مُسنَدة", "not started": "لم تبدأ", "in progress": "قيد العمل", "active hours": "ساعات العمل",
    "spans per hour": "وسوم في الساعة", "accept rate": "نسبة القبول", "F1 vs gold": "F1 مقابل المرجع",
    "annotators": "مُعلِّمين", "active time: gaps under": "وقت العمل: فجوات أقل من",
    "Assign documents": "توزيع المستندات", "Annotators (comma-separated)": "المُعلِّمون (مفصولين بفواصل)",
    "Overlap share": "نسبة التداخل", "Annotators per overlapping document": "مُعلِّمون لكل مستند متداخل",
    "Seed": "البذرة", "Only documents with status": "المستندات ذات الحالة فقط", "At most per annotator": "الحد لكل مُعلِّم",
    "no limit": "بلا حد", "Folder for the packs": "مجلد الحزم", "Choose…": "اختيار…",
    "Collect the packs in a folder": "جمع الحزم من مجلد", "Collecting packs…": "جارٍ جمع الحزم…", "Cancel": "إلغاء",
    "collected": "جُمعت", "with new work": "فيها عمل جديد", "not packs of this project": "ليست حزماً من هذا المشروع",
    "Collect": "جمع",
}

# The File menu's project jobs, their dialogs and the agreement view (issue 13).
ARABIC.update({
    "New project…": "مشروع جديد…", "Import…": "استيراد…", "Export…": "تصدير…",
    "Merge a colleague's project…": "دمج مشروع زميل…", "Back up…": "نسخة احتياطية…", "Agreement…": "الاتفاق…",
    "New project": "مشروع جديد", "Name": "الاسم", "Folder": "المجلد", "Labels": "الوسوم", "Choose…": "اختيار…",
    "Default labels": "الوسوم الافتراضية", "Labels from a JSON or TOML file": "وسوم من ملف JSON أو TOML",
    "Labels copied from another project": "وسوم منسوخة من مشروع آخر", "a project needs a name": "المشروع يحتاج إلى اسم",
    "Import files": "استيراد ملفات", "Import a folder": "استيراد مجلد", "Add files…": "إضافة ملفات…",
    "Add a folder…": "إضافة مجلد…", "Format": "الصيغة", "detect": "اكتشاف تلقائي",
    "Annotator for spans that name none": "المُعلِّم للوسوم التي لا تذكر مُعلِّماً",
    "Export": "تصدير", "Write to": "الكتابة إلى", "Spans of": "وسوم", "everyone": "الجميع", "gold": "المرجع",
    "Layer": "الطبقة", "all layers": "كل الطبقات", "Only documents marked": "المستندات ذات الحالة فقط",
    "Also write suggested spans": "كتابة الوسوم المقترحة أيضاً",
    "Also write rejected suggestions (JSONL)": "كتابة الاقتراحات المرفوضة أيضاً (JSONL)",
    "Split": "التقسيم", "Seed": "البذرة", "Worker processes": "العمليات العاملة", "automatic": "تلقائي",
    "Importing": "جارٍ الاستيراد", "Exporting": "جارٍ التصدير", "Merging": "جارٍ الدمج",
    "Backing up": "جارٍ النسخ الاحتياطي", "Back up": "نسخة احتياطية",
    "Working…": "جارٍ العمل…", "Cancelling…": "جارٍ الإلغاء…", "Done": "تم",
    "Failed: the project is unchanged": "فشل: المشروع لم يتغير", "documents read": "المستندات المقروءة",
    "Agreement": "الاتفاق", "Agreement per pair": "الاتفاق لكل زوج", "Overall": "الإجمالي", "label": "الوسم",
    "(all)": "(الكل)", "per label": "لكل وسم", "documents with two or more of": "مستندات فيها اثنان أو أكثر من",
    "No document has spans of two annotators yet.": "لا يوجد بعد مستند فيه وسوم مُعلِّمَين اثنين.",
    "annotator hit a bug": "واجه البرنامج خطأً",
    "Everything up to your last action is saved.": "كل ما فعلته حتى آخر إجراء محفوظ.",
    "The details are in": "التفاصيل في",
})


class Translator:
    def __init__(self, lang: str = "en"):
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, text: str) -> str:
        if self.lang == "ar":
            return ARABIC.get(text, text)
        return text

    @property
    def right_to_left(self) -> bool:
        return self.lang == "ar"
