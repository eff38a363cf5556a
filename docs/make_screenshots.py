"""``make screenshots``: render the editor on the seed article, annotated
with all three layers, to ``docs/editor.png`` (English interface, a claim
selected with its source), ``docs/editor-ar.png`` (Arabic interface) and
``docs/editor-find.png`` (find bar with the label-all preview and number
suggestions shown faded) and ``docs/editor-spans.png`` (the span list,
accepted spans sorted by label, a claim chosen in it and its arc to its
source in the text). Offscreen, from a fresh project in a temporary
folder, so the pictures are the same on every machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# (surface, occurrence or None for all, layer, label, attrs)
ENTITIES = [
    ("ليبيا", None, "GPE"),
    ("لبيبا", None, "GPE"),
    ("داعش", None, "ORG"),
    ("Armytimes", None, "ORG"),
    ("مسؤول عسكري أمريكي", 0, "PERSON"),
    ("القوات الأمريكية", 0, "ORG"),
    ("الولايات المتحدة", 0, "GPE"),
    ("المسؤول العسكري", 0, "PERSON"),
    ("حكومة الوفاق الليبية", 0, "ORG"),
    ("فايز السراج", 0, "PERSON"),
    ("تركيا", 0, "GPE"),
    ("واشنطن", 0, "GPE"),
    ("سرت", 0, "GPE"),
    ("الصحراء", 0, "LOC"),
]
NUMBERS = [
    ("4", {"value": 4, "kind": "cardinal"}),
    ("26", {"value": 26, "kind": "cardinal"}),
    ("43", {"value": 43, "kind": "cardinal"}),
    ("100", {"value": 100, "kind": "cardinal"}),
    ("ثلث", {"value": 0.3333, "kind": "fraction"}),
    ("عام 2016", {"value": 2016, "kind": "year"}),
]
CLAIMS = [
    (
        "القوات الأمريكية شنت 4 غارات جوية خلال الأسابيع الأخيرة ضد تنظيم داعش في لبيبا",
        "مسؤول عسكري أمريكي",
        {"claimant": "مسؤول عسكري أمريكي", "certainty": "reported"},
    ),
    (
        "الغارات تسببت في مقتل نحو 43 إرهابيا من داعش، ويتبقى نحو 100 إرهابي آخرين",
        "المسؤول العسكري",
        {"claimant": "المسؤول العسكري", "certainty": "reported"},
    ),
    ("واشنطن تركز على حل سياسي في ليبيا", "المسؤول العسكري", {"certainty": "asserted"}),
]


def build_demo(path: Path, who: str = "amira") -> tuple[object, str, str]:
    """A project with the seed article annotated on all three layers and
    prelabel's number suggestions; returns (project, doc id, a claim id)."""
    from annotator.model import Document, Relation, Span
    from annotator.store import Project
    from annotator.suggest.numbers import prelabel

    text = (ROOT / "seeds" / "libya-airstrikes.txt").read_text(encoding="utf-8")
    project = Project.create(path)
    project.add_document(Document(id="libya-airstrikes", text=text))
    doc = "libya-airstrikes"

    def occurrences(surface: str) -> list[int]:
        out, i = [], text.find(surface)
        while i >= 0:
            out.append(i)
            i = text.find(surface, i + len(surface))
        return out

    def add(start: int, end: int, layer: str, label: str, attrs: dict | None = None) -> Span:
        found = project.find_span(doc, who, layer, start, end)
        return found or project.add_span(
            doc, Span(start=start, end=end, label=label, layer=layer, annotator=who, attrs=attrs or {}), who
        )

    people: dict[str, Span] = {}
    for surface, nth, label in ENTITIES:
        starts = occurrences(surface)
        for s in starts if nth is None else starts[nth : nth + 1]:
            span = add(s, s + len(surface), "entity", label)
            people.setdefault(surface, span)
    for surface, attrs in NUMBERS:
        s = occurrences(surface)[0]
        add(s, s + len(surface), "number", "NUMBER", attrs)
    first_claim = ""
    for surface, source, attrs in CLAIMS:
        s = occurrences(surface)[0]
        claim = add(s, s + len(surface), "claim", "CLAIM", attrs)
        first_claim = first_claim or claim.id
        project.add_relation(doc, Relation(head=claim.id, tail=people[source].id, label="SOURCE", annotator=who), who)
    prelabel(project, [doc])
    project.set_status(doc, "in_progress", who)
    return project, doc, first_claim


def main() -> int:
    from PySide6.QtCore import Qt

    from annotator.ui.app import application, screenshot_window
    from annotator.ui.window import EditorWindow

    application()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS"] = str(Path(tmp) / "settings.ini")
        project, doc, claim = build_demo(Path(tmp) / "demo.db")
        for lang, name in (("en", "editor.png"), ("ar", "editor-ar.png")):
            window = EditorWindow(project, "amira", lang=lang)
            window.open_document(doc)
            window.select_span(claim)
            window.view.verticalScrollBar().setValue(0)
            print("saved", screenshot_window(window, DOCS / name))
            window.close()
        window = EditorWindow(project, "amira", lang="en")
        window.open_document(doc)
        panel = window.span_list
        panel.status_filter.setCurrentIndex(panel.status_filter.findData("accepted"))
        panel._filters_changed()
        panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by label
        window.resizeDocks([window.span_dock], [300], Qt.Orientation.Vertical)
        row = next(
            r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == claim
        )
        panel.table.setCurrentIndex(panel.proxy.index(row, 0))  # as a click on the row does
        window.view.verticalScrollBar().setValue(0)
        print("saved", screenshot_window(window, DOCS / "editor-spans.png"))
        window.close()
        window = EditorWindow(project, "amira", lang="en")
        window.open_document(doc)
        window.open_find()
        window.find_bar.query.setText("الغارات")
        window.find_bar.flush()
        window.find_bar.set_label("entity", "MISC")
        window._update_find_count()
        window.view.verticalScrollBar().setValue(0)
        print("saved", screenshot_window(window, DOCS / "editor-find.png"))
        window.close()
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
