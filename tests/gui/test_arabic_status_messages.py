"""The status bar says what each edit did in the interface's language: with
the interface in Arabic, the edit session's lines ("labelled GPE on
«ليبيا»", "accepted 2 NUMBER suggestions", "undid: …") are shown in Arabic,
with the document's words, labels and counts in them."""

import re
from functools import partial

from PySide6.QtCore import Qt

from annotator.editing import EditSession
from annotator.model import Document, Span
from annotator.ui.i18n import Translator
from tests.gui.conftest import drag_select, press, suggest

TEXT = "قال مسؤول في ليبيا إن 43 شخصا قتلوا عام 2016 في ليبيا وتونس."


def _shown(window) -> str:
    return window.statusBar().currentMessage().replace("\u2068", "").replace("\u2069", "")


_suggest = partial(suggest, doc="d", text=TEXT)


def test_the_status_bar_speaks_arabic_in_the_arabic_interface(qtbot, project, open_editor):
    project.add_document(Document(id="d", text=TEXT))
    _suggest(project, "43")
    _suggest(project, "2016")
    window = open_editor(project, "d", lang="ar")
    start = TEXT.index("ليبيا")
    drag_select(qtbot, window, start, start + len("ليبيا"))
    press(qtbot, window, "3")  # LOC
    assert _shown(window) == "وُسِم «ليبيا» بالوسم LOC"
    window.set_layer_visible("number", True)
    assert window.accept_all("number", "NUMBER") == 2
    assert _shown(window) == "قُبِل 2 من اقتراحات NUMBER"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _shown(window) == "تراجع عن: قبول 2 من NUMBER"
    window.actions_["lang-en"].trigger()  # and back in English, the session's own words
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _shown(window) == "undid: label LOC on «ليبيا»"


def test_every_line_the_session_says_has_its_arabic(project):
    """Each kind of line, made by real session calls: none stays English."""
    project.add_document(Document(id="d", text=TEXT))
    project.add_document(Document(id="e", text="زار وفد ليبيا ثم عاد."))
    session = EditSession(project, "amira")
    at = TEXT.index
    lines = []

    def say(edit):
        lines.append(edit.message)
        return edit

    say(session.label("d", "entity", "GPE", at("ليبيا"), at("ليبيا") + 5))
    gpe = project.spans("d", layer="entity")[0]
    say(session.label("d", "entity", "GPE", at("ليبيا"), at("ليبيا") + 5))  # already GPE
    say(session.label("d", "entity", "LOC", at("ليبيا"), at("ليبيا") + 5))  # relabelled
    say(session.relabel("d", gpe.id, "GPE"))
    say(session.label("d", "entity", "PERSON", at("مسؤول") + 2, at("في") + 2))  # crosses nothing yet
    say(session.label("d", "entity", "ORG", at("مسؤول"), at("مسؤول") + 5))  # would cross
    _suggest(project, "43")
    _suggest(project, "2016")
    say(session.label("d", "number", "NUMBER", at("43"), at("43") + 2))  # takes the suggestion
    say(session.accept_all("d", "number", "NUMBER"))
    say(session.accept_all("d", "number", "NUMBER"))  # none left
    say(session.undo("d"))
    say(session.undo("d"))
    say(session.redo("d"))
    say(session.suggest_numbers("d"))
    number = project.spans("d", layer="number", statuses=("suggested",))[0]
    say(session.reject("d", number.id))
    say(session.accept("d", number.id))  # not a suggestion any more
    say(session.set_attrs("d", gpe.id, {}))
    say(session.delete("d", gpe.id))
    say(session.label_all("ليبيا", "entity", "GPE", ["d", "e"], current="d"))
    say(session.label_all("ليبيا", "entity", "GPE", ["d"], current="d"))
    say(session.set_status("d", "done"))
    say(session.set_status("d", "done"))
    say(session.label_unit("d", "document", "CHECKWORTHY", 0, len(TEXT)))
    say(session.label_unit("d", "document", "NOT_CHECKWORTHY", 0, len(TEXT)))
    say(session.label_unit("d", "document", "NOT_CHECKWORTHY", 0, len(TEXT)))
    while (step := session.undo("d")).ok:
        say(step)
    say(step)  # nothing to undo
    say(session.redo("d"))
    assert len(set(lines)) > 20, lines
    arabic = Translator("ar")
    labels = {lab.name for lab in project.scheme().labels}
    for line in lines:
        shown = arabic.message(line)
        assert shown != line, f"no Arabic for {line!r}"
        words = re.sub(r"«.*?»", "", shown)
        left = {w for w in re.findall(r"[A-Za-z_]{2,}", words) if w not in labels and w != "F5"}
        assert not left, f"{line!r} -> {shown!r} keeps English {left}"


def test_the_side_panel_says_status_and_source_in_arabic(qtbot, project, open_editor):
    """The side panel's line under the surface (annotator · status · source ·
    offsets) shows the status and source words in the interface's language,
    and follows a switch of language while the span stays selected."""
    project.add_document(Document(id="d", text=TEXT))
    start = TEXT.index("ليبيا")
    project.add_span("d", Span(start=start, end=start + 5, label="GPE", layer="entity", annotator="amira"), "amira")
    _suggest(project, "43")
    window = open_editor(project, "d", lang="ar")
    window.set_layer_visible("number", True)
    gpe = project.spans("d", layer="entity")[0]
    number = project.spans("d", layer="number")[0]

    window.select_span(gpe.id)
    line = window.side.meta.text()
    assert line == f"amira · مقبولة · يدوي · [{start}:{start + 5}]"
    window.select_span(number.id)
    assert window.side.meta.text().split(" · ")[1:3] == ["مقترحة", "وسم مسبق"]
    assert window.side.title.text() == "الوسم: NUMBER (الأعداد)"

    window.actions_["lang-en"].trigger()
    assert window.side.meta.text().split(" · ")[1:3] == ["suggested", "prelabel"]
    assert window.side.title.text() == "Span: NUMBER (number)"


def test_every_span_status_and_source_has_its_arabic():
    from annotator.vocabulary import LAYERS, SPAN_SOURCES, SPAN_STATUSES

    arabic = Translator("ar")
    for word in SPAN_STATUSES + SPAN_SOURCES + LAYERS:
        assert arabic(word) != word, f"no Arabic for {word!r}"
        assert not re.search(r"[A-Za-z]", arabic(word)), (word, arabic(word))
