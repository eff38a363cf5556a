"""Review mode's interface text in Arabic.

The editor's table (:mod:`annotator.ui.i18n`) holds the shared words
(layers, document statuses); review mode's own strings are here, so the two
windows can grow apart without touching each other's file. English strings
are the keys, as there.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.ui.i18n import ARABIC

REVIEW_ARABIC: dict[str, str] = {
    "Items in this document": "عناصر هذا المستند",
    "Agreement per label (all documents)": "الاتفاق حسب الوسم (كل المستندات)",
    "Documents, most disagreement first": "المستندات، الأكثر خلافاً أولاً",
    "layer": "الطبقة",
    "label": "الوسم",
    "exact F1": "F1 التطابق التام",
    "overlap F1": "F1 التداخل",
    "kappa": "كابا",
    "alpha": "ألفا",
    "document": "المستند",
    "disagreements": "الخلافات",
    "items": "العناصر",
    "annotators": "المُعلِّمون",
    "(all)": "(الكل)",
    "Put selection in gold (E)": "التحديد إلى المرجع (E)",
    "Accept every side (B)": "قبول كل الجوانب (B)",
    "Reject: none is gold (X)": "رفض: لا شيء منها مرجعي (X)",
    "Comments on this item and document": "التعليقات على هذا العنصر والمستند",
    "Comment on this item… (Enter)": "علّق على هذا العنصر… (Enter)",
    "agreed": "متفق عليه",
    "one-sided": "من طرف واحد",
    "label conflict": "خلاف في الوسم",
    "boundary conflict": "خلاف في الحدود",
    "gold": "المرجع",
    "settled": "حُسم",
    "N/P next/previous disagreement · 1-9 accept a side · B both · Shift+B every agreed item · X reject · "
    "E selection into gold · Ctrl+Z undo · Ctrl+Enter reviewed (agreed items go into gold)": "N/P الخلاف التالي/السابق · 1-9 قبول جانب · B الكل · Shift+B كل المتفق عليه · X رفض · "
    "E التحديد إلى المرجع · Ctrl+Z تراجع · Ctrl+Enter رُوجع (المتفق عليه إلى المرجع)",
    "Put every agreed item in gold": "كل المتفق عليه إلى المرجع",
    "agreed items put in gold": "عناصر متفق عليها أُضيفت إلى المرجع",
    "Compare: ": "المقارنة: ",
    "&Review": "&المراجعة",
    "Next disagreement": "الخلاف التالي",
    "Previous disagreement": "الخلاف السابق",
    "Accept side": "قبول الجانب",
    "Accept every side": "قبول كل الجوانب",
    "Reject": "رفض",
    "Put selection in gold": "التحديد إلى المرجع",
    "Undo decision": "التراجع عن القرار",
    "Mark reviewed": "تعليم كمُراجَع",
    "Recompute agreement": "إعادة حساب الاتفاق",
    "Close review": "إغلاق المراجعة",
    "no annotators": "لا مُعلِّمين",
    "disagreements to settle": "خلافات للحسم",
    "reviewer": "المراجِع",
    "no disagreement in this document": "لا خلاف في هذا المستند",
    "settled in gold": "محسوم في المرجع",
    "not settled": "غير محسوم",
    "nothing": "لا شيء",
    "Accept this version into gold": "قبول هذه النسخة في المرجع",
    "on": "على",
    "comment saved": "حُفظ التعليق",
    "saved": "حُفظ",
    "undone": "تم التراجع",
    "nothing to undo": "لا شيء للتراجع",
    "marked reviewed": "عُلِّم كمُراجَع",
    "items not in gold": "عناصر ليست في المرجع",
    "marked nothing here; use X to reject or E to edit": "لم يعلّم شيئاً هنا؛ استخدم X للرفض أو E للتحرير",
    "annotator review": "مراجعة التوسيم",
    "documents": "مستندات",
}


def review_translator(lang: str) -> Callable[[str], str]:
    if lang != "ar":
        return lambda text: text
    return lambda text: REVIEW_ARABIC.get(text, ARABIC.get(text, text))
