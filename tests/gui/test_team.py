"""The team loop in the editor: Team > Assign, each annotator labelling their
pack with one key press per document (and per sentence), Team > Collect
with a progress bar, the Team dock, the Guidelines dock (Markdown, right to
left, no raw HTML), and label descriptions on hover."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from annotator.arabic.tokens import sentences
from annotator.model import Document, Label, Scheme, Span
from annotator.review.agreement import agreement
from annotator.review.gold import build_gold
from annotator.store import Project
from annotator.store import team as store
from tests.gui.conftest import click_cp, drag_select, press

TEXTS = [
    "قال الوزير إن البطالة انخفضت إلى ٣٪ هذا العام. وأضاف أن الحكومة ستبني مئة مدرسة.",
    "هل زار الرئيس القاهرة؟ لم يؤكد أحد ذلك.",
    "طقس جميل اليوم في المدينة.",
    "أعلنت الوزارة أن ٤٠٪ من السكان تلقوا اللقاح. ونفى المتحدث ذلك.",
    "رأي: الموسيقى أجمل من الرياضة.",
    "ارتفع سعر الخبز ثلاثين في المئة خلال شهر.",
]
GUIDE = (
    "# إرشادات التوسيم\n\nضع علامة **CHECKWORTHY** على الخبر الذي فيه ادعاء يمكن التحقق منه.\n\n"
    "<script>alert('x')</script>\n\n![remote](http://127.0.0.1:9/tracker.png)\n"
)


def scheme() -> Scheme:
    base = Scheme.default()
    return Scheme(
        labels=[
            *base.labels,
            Label(
                name="CLAIM_SENT", layer="sentence", hotkey="s", description="A sentence that states a checkable fact."
            ),
        ],
        relations=base.relations,
    )


@pytest.fixture
def lead(tmp_path):
    p = Project.create(tmp_path / "lead.annot", scheme())
    p.import_documents(
        [Document(id=f"t{i}", text=t, meta={"tweet_id": str(500 + i)}) for i, t in enumerate(TEXTS)], who="t"
    )
    store.set_guidelines(p, GUIDE)
    yield p
    p.close()


def test_a_document_label_is_one_key_press_and_one_undo_step(qtbot, lead, open_editor):
    window = open_editor(lead, "t0")
    bar = window.unit_bar.bar
    assert bar.isVisible() and ("document", "CHECKWORTHY") in bar.buttons
    press(qtbot, window, "8")
    spans = lead.spans("t0", layer="document")
    assert [(s.start, s.end, s.label, s.annotator) for s in spans] == [(0, len(TEXTS[0]), "CHECKWORTHY", "amira")]
    assert bar.checked("document") == "CHECKWORTHY"
    assert lead.document_status("t0") == "in_progress"
    press(qtbot, window, "9")  # replaces the label, never adds a second one
    assert [s.label for s in lead.spans("t0", layer="document")] == ["NOT_CHECKWORTHY"]
    assert bar.checked("document") == "NOT_CHECKWORTHY"
    press(qtbot, window, "9")  # the same key again takes it off
    assert lead.spans("t0", layer="document") == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.label for s in lead.spans("t0", layer="document")] == ["NOT_CHECKWORTHY"]
    assert bar.checked("document") == "NOT_CHECKWORTHY"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lead.spans("t0", layer="document") == []
    assert lead.document_status("t0") == "new"  # the first press's status change was in its undo step
    # the document label is never drawn over the text, so a click still selects an entity
    drag_select(qtbot, window, 4, 10)
    press(qtbot, window, "1")
    press(qtbot, window, "8")
    click_cp(qtbot, window, 6)
    assert window.selected_span().layer == "entity"
    assert bar.buttons[("document", "CHECKWORTHY")].isChecked()


def test_a_sentence_label_goes_on_the_sentence_under_the_caret(qtbot, lead, open_editor):
    window = open_editor(lead, "t0")
    second = sentences(TEXTS[0])[1]
    click_cp(qtbot, window, second[0] + 3)
    assert window.unit_bar.sentence() == second
    assert window.unit_bar.bar.sentence_preview.text().startswith(TEXTS[0][second[0] : second[0] + 10])
    press(qtbot, window, "s")
    assert [(s.start, s.end, s.label) for s in lead.spans("t0", layer="sentence")] == [(*second, "CLAIM_SENT")]
    assert window.unit_bar.bar.checked("sentence") == "CLAIM_SENT"
    click_cp(qtbot, window, 2)  # the first sentence has no label
    assert window.unit_bar.bar.checked("sentence") is None
    # the splitter's sentences are wrong here: select the two as one sentence and label it
    whole = (sentences(TEXTS[0])[0][0], second[1])
    window.view.set_selection_cp(*whole)
    press(qtbot, window, "s")
    assert sorted((s.start, s.end) for s in lead.spans("t0", layer="sentence")) == sorted([second, whole])
    window.view.clear_selection()
    click_cp(qtbot, window, 2)
    assert window.unit_bar.sentence() == whole  # the labelled (corrected) sentence wins under the caret


def test_descriptions_show_on_hover_and_are_escaped(qtbot, lead, open_editor):
    lead.set_scheme(
        Scheme(
            labels=[
                lab.model_copy(update={"description": "<img src='http://x/y.png'> people"})
                if lab.name == "PERSON"
                else lab
                for lab in lead.scheme().labels
            ],
            relations=lead.scheme().relations,
        )
    )
    window = open_editor(lead, "t0")
    tip = window.palette_bar.buttons[("entity", "PERSON")].toolTip()
    assert "&lt;img" in tip and "<img" not in tip
    assert "worth fact-checking" in window.unit_bar.bar.buttons[("document", "CHECKWORTHY")].toolTip()
    span = lead.add_span("t0", Span(start=4, end=10, label="PERSON", layer="entity", annotator="amira"), "amira")
    window.refresh()
    html_tip = window.view.tooltip_html([span])
    assert "&lt;img src=" in html_tip and "people" in html_tip


def test_the_guidelines_dock_renders_markdown_right_to_left_and_no_html(qtbot, lead, open_editor):
    window = open_editor(lead, "t0")
    window.actions_["guidelines"].trigger()
    dock = window.team.guidelines
    assert dock.isVisible()
    doc = dock.browser.document()
    assert doc.firstBlock().text() == "إرشادات التوسيم"
    assert doc.firstBlock().blockFormat().headingLevel() == 1
    assert dock.browser.layoutDirection() == Qt.LayoutDirection.RightToLeft
    plain = dock.browser.toPlainText()
    assert "<script>alert('x')</script>" in plain  # shown as text, never run or rendered
    assert "<script" not in dock.browser.toHtml().replace("&lt;script", "")
    assert dock.browser.loadResource(2, "http://127.0.0.1:9/tracker.png") is None
    editor = dock.edit()
    editor.edit.setPlainText("# New\n\nText")
    editor.accept()
    assert store.guidelines(lead) == "# New\n\nText"
    assert dock.browser.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_whole_team_loop_in_the_editor(qtbot, lead, open_editor, tmp_path):
    window = open_editor(lead, "t0", annotator="lead")
    dialog = window.team.ask_assign()
    dialog.annotators.setText("amira,badr,chadi")
    dialog.overlap.setValue(0.5)
    dialog.seed.setText("4")
    dialog.out.setText(str(tmp_path / "packs"))
    dialog.accept()
    report = window.team.last_report
    assert report is not None and sorted(report.packs) == ["amira", "badr", "chadi"]
    overlap = set(store.overlap_ids(lead))
    assert overlap and window.team.dock.isVisible()
    assert window.team.dock.cell("amira", "assigned") == str(len(report.shares["amira"]))

    # each annotator opens their pack (the name comes from the pack) and labels every document
    from annotator.ui.app import pack_annotator

    for name, key in (("amira", "8"), ("badr", "8"), ("chadi", "9")):
        path = tmp_path / "packs" / f"{name}.annot"
        assert pack_annotator(str(path)) == name
        pack = Project.open(path)
        editor = open_editor(pack, pack.document_ids()[0], annotator=name)
        for doc_id in pack.document_ids():
            editor.open_document(doc_id)
            press(qtbot, editor, key)
            press(qtbot, editor, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        editor.close()
        pack.close()

    collected = window.team.collect_folder(tmp_path / "packs")
    assert len(collected) == 3 and all(c.note is None for c in collected)
    assert window.team.progress_steps == [1, 2, 3] and window.team.progress.maximum() == 3
    table = window.team.dock
    for name in ("amira", "badr", "chadi"):
        assert table.cell(name, "done") == str(len(report.shares[name]))
        assert table.cell(name, "not started") == "0"
    # collecting again brings nothing new
    assert not any(c.report.changed for c in window.team.collect_folder(tmp_path / "packs"))

    result = agreement(lead, layer="document", doc_ids=sorted(overlap))
    assert result.documents == len(overlap)
    build_gold(lead, "majority")
    window.refresh()  # F5
    from annotator.export.run import export
    from annotator.export.selection import Selection

    export(lead, "checkthat", tmp_path / "gold.tsv", Selection(gold=True))
    df = pd.read_csv(tmp_path / "gold.tsv", sep="\t", dtype=str, keep_default_na=False)
    gold_docs = {s for s in overlap if any(sp.annotator == "gold" for sp in lead.spans(s, layer="document"))}
    assert set(df["tweet_id"]) == {lead.get_document(d).meta["tweet_id"] for d in gold_docs}
    assert set(df["class_label"]) <= {"Yes", "No"}


def test_the_team_shortcuts_are_taken_by_nothing_else(qtbot, lead, open_editor):
    window = open_editor(lead, "t0")
    seen: dict[str, str] = {}
    for name, action in window.actions_.items():
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is both {seen[text]!r} and {name!r}"
            seen[text] = name
    window.actions_["team-dock"].trigger()
    assert window.team.dock.isVisible()


def test_the_team_table_is_read_when_the_dock_is_shown_not_when_the_editor_opens(qtbot, lead, open_editor):
    """The table walks the whole history and every span: an editor that
    opens with the dock hidden (as it always does) reads none of it, and F5
    leaves a hidden dock alone; showing the dock reads it, F5 then reads it again."""
    window = open_editor(lead, "t0", annotator="lead")
    assert window.team.dock.data == {} and not window.team.dock.isVisible()
    window.refresh()
    assert window.team.dock.data == {}

    window.actions_["team-dock"].trigger()
    assert window.team.dock.isVisible()
    assert window.team.dock.data["annotators"] == []  # nobody has worked yet
    press(qtbot, window, "8")  # the lead labels the document
    window.refresh()
    assert [row["annotator"] for row in window.team.dock.data["annotators"]] == ["lead"]
