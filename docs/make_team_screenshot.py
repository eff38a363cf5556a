"""Render ``docs/team.png``: a lead's project after a round of team work,
with the Team dock (per-annotator progress and time) and the Guidelines
dock open and a document label set. Offscreen, from a fresh project in a
temporary folder: tweets assigned to three annotators with an overlap, each
pack labelled through the edit session at a steady pace (a fixed clock, so
the active times are the same on every machine), the packs collected, gold
built by majority.

    python docs/make_team_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TWEETS = [
    "وزير الصحة: انخفاض الإصابات بنسبة ٣٠٪ خلال أسبوع",
    "صباح الخير يا أصدقاء",
    "الحكومة تعلن بناء ١٠٠ مدرسة جديدة في طرابلس هذا العام",
    "هل تصدقون أن الشاي أفضل من القهوة؟",
    "البنك المركزي: التضخم بلغ ١٢٫٥٪ في مارس",
    "مباراة رائعة الليلة! تهانينا للفريق",
    "مسؤول: ٤٠ ألف لاجئ عبروا الحدود منذ يناير",
    "أحب المطر في الخريف",
    "الرئيس قال في خطابه إن البطالة انخفضت إلى ٥٪",
    "رأيي الشخصي: الفيلم ممل",
    "منظمة الصحة العالمية: لا دليل على انتقال الفيروس عبر الماء",
    "أسعار الخبز ارتفعت ٣ مرات منذ ٢٠٢٠",
]
GUIDE = """# إرشادات التوسيم

التغريدة **جديرة بالتحقق** (`CHECKWORTHY`) إذا كان فيها ادعاء واقعي يمكن التحقق منه
ويهم الجمهور: رقم، إحصاء، تصريح مسؤول.

- الآراء والتحيات: `NOT_CHECKWORTHY`.
- الأسئلة بلا ادعاء: `NOT_CHECKWORTHY`.

## الكيانات

ضع `PERSON` على الأشخاص و`ORG` على المنظمات.
"""


def main(out: Path = ROOT / "docs" / "team.png") -> Path:
    from annotator.editing import EditSession
    from annotator.model import Document
    from annotator.review.gold import build_gold
    from annotator.review.merge import merge
    from annotator.store import Project
    from annotator.store import rows as store_rows
    from annotator.store import team as store
    from annotator.team.assign import assign
    from annotator.ui.app import application
    from annotator.ui.window import EditorWindow

    clock = [datetime(2026, 3, 1, 9, 0, tzinfo=UTC)]
    store_rows.now = lambda: clock[0].isoformat(timespec="milliseconds")
    pace = {"amira": 40, "badr": 75, "chadi": 55}  # seconds per document
    with tempfile.TemporaryDirectory() as tmp:
        lead = Project.create(Path(tmp) / "factcheck.annot")
        lead.import_documents(
            [Document(id=f"tw{i}", text=t, meta={"tweet_id": str(9000 + i)}) for i, t in enumerate(TWEETS)], who="lead"
        )
        store.set_guidelines(lead, GUIDE)
        report = assign(lead, "amira,badr,chadi", 0.4, 7, Path(tmp) / "packs")
        for name, path in report.packs.items():
            with Project.open(path) as pack:
                session = EditSession(pack, name)
                for k, doc_id in enumerate(pack.document_ids()):
                    if name == "chadi" and k >= 3:
                        break  # chadi is not finished yet
                    text = pack.document_text(doc_id)
                    i = int(doc_id.removeprefix("tw"))
                    worthy = any(c.isdigit() for c in text) or "منظمة" in text
                    if name == "badr" and i == 3:
                        worthy = True
                    clock[0] += timedelta(seconds=5)
                    session.label_unit(doc_id, "document", "CHECKWORTHY" if worthy else "NOT_CHECKWORTHY", 0, len(text))
                    clock[0] += timedelta(seconds=pace[name])
                    session.set_status(doc_id, "done")
            clock[0] += timedelta(hours=1)
            merge(lead, path)
        build_gold(lead, "majority")

        application()
        window = EditorWindow(lead, "lead")
        window.open_document("tw2")
        if hasattr(window, "span_dock"):
            window.span_dock.hide()  # the bottom area is the Team dock's in this picture
        window.team.dock.show()
        window.team.guidelines.show()
        window.refresh()
        window.team.guidelines.setMinimumWidth(400)
        window.team.dock.setMinimumHeight(200)
        window.resize(1500, 900)
        window.show()
        from PySide6.QtWidgets import QApplication

        for _ in range(5):
            QApplication.processEvents()
        window.grab().save(str(out))
        window.close()
        lead.close()
    return out


if __name__ == "__main__":
    print(main())
