"""The document and sentence layers: stored as spans over the document or a
sentence, so the store, undo, merge, gold and agreement take them as they
take any layer; old project files migrate to the schema that has them."""

from __future__ import annotations

import sqlite3

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.arabic.tokens import sentences
from annotator.errors import ModelError, ProjectError
from annotator.model import LAYERS, SPAN_LAYERS, UNIT_LAYERS, Document, Label, Scheme, Span, parse_document
from annotator.review.agreement import agreement
from annotator.review.gold import build_gold
from annotator.review.merge import merge
from annotator.store import SCHEMA_VERSION, Project
from annotator.units import sentence_at, sentence_units

TEXTS = [
    "قال الوزير إن البطالة انخفضت إلى ٣٪ هذا العام. وأضاف أن الحكومة ستبني مئة مدرسة!",
    "هل زار الرئيس القاهرة؟ لم يؤكد أحد ذلك.\nالخبر نقلته صحيفة محلية.",
    "طقس جميل اليوم",
    "أعلنت الوزارة أن 40% من السكان تلقوا اللقاح. ونفى المتحدث ذلك.",
    "رأي: الموسيقى أجمل من الرياضة.",
]


def doc_label(text: str, label: str, who: str) -> Span:
    return Span(start=0, end=len(text), label=label, layer="document", annotator=who)


def sent_label(text: str, k: int, label: str, who: str) -> Span:
    s, e = sentences(text)[k]
    return Span(start=s, end=e, label=label, layer="sentence", annotator=who)


def scheme_with_sentences() -> Scheme:
    base = Scheme.default()
    return Scheme(
        labels=[
            *base.labels,
            Label(name="CHECKWORTHY", layer="sentence", hotkey="w"),
            Label(name="NOT_CHECKWORTHY", layer="sentence", hotkey="n"),
        ],
        relations=base.relations,
    )


def test_the_vocabulary_has_both_unit_layers_and_the_default_scheme_checkworthiness():
    assert LAYERS == SPAN_LAYERS + UNIT_LAYERS
    assert UNIT_LAYERS == ("document", "sentence")
    names = [lab.name for lab in Scheme.default().labels_for("document")]
    assert names == ["CHECKWORTHY", "NOT_CHECKWORTHY"]
    assert all(lab.hotkey and lab.description for lab in Scheme.default().labels_for("document"))


def test_a_document_label_covers_the_whole_text_or_is_refused(tmp_path):
    text = TEXTS[0]
    with pytest.raises(ModelError, match=rf"covers the whole text \[0:{len(text)}\]"):
        parse_document(
            {
                "id": "d",
                "text": text,
                "spans": [
                    {"id": "x", "start": 0, "end": 5, "label": "CHECKWORTHY", "layer": "document", "annotator": "a"}
                ],
            }
        )
    project = Project.create(tmp_path / "p.db")
    project.add_document(Document(id="d", text=text), who="t")
    with pytest.raises(ModelError, match="whole text"):
        project.add_span("d", Span(start=1, end=len(text), label="CHECKWORTHY", layer="document", annotator="a"), "a")
    assert project.spans("d") == []
    span = project.add_span("d", doc_label(text, "CHECKWORTHY", "a"), "a")
    assert project.spans("d") == [span]
    # one document label per annotator and layer: a second one is a duplicate
    with pytest.raises(ModelError, match="already has a document span"):
        project.add_span("d", doc_label(text, "NOT_CHECKWORTHY", "a"), "a")


def test_unit_labels_are_undone_and_redone_like_spans(tmp_path):
    project = Project.create(tmp_path / "p.db")
    text = TEXTS[0]
    project.add_document(Document(id="d", text=text), who="t")
    span = project.add_span("d", doc_label(text, "CHECKWORTHY", "a"), "a")
    project.update_span("d", span.id, "a", label="NOT_CHECKWORTHY")
    project.undo("d", "a")
    assert [s.label for s in project.spans("d")] == ["CHECKWORTHY"]
    project.undo("d", "a")
    assert project.spans("d") == []
    project.redo("d", "a")
    assert [s.label for s in project.spans("d")] == ["CHECKWORTHY"]


def test_sentence_units_come_from_the_splitter_and_a_corrected_range_counts_too():
    text = TEXTS[1]
    split = sentences(text)
    assert sentence_units(text) == split
    corrected = Span(start=split[0][0], end=split[1][1], label="CHECKWORTHY", layer="sentence", annotator="a")
    assert sentence_units(text, [corrected]) == sorted({*split, (corrected.start, corrected.end)})
    inside = split[1][0] + 2
    assert sentence_at(text, inside) == split[1]
    assert sentence_at(text, inside, [corrected]) == (corrected.start, corrected.end)
    assert sentence_at("", 0) is None


def _two_coders(tmp_path, a_labels, b_labels, layer="document"):
    project = Project.create(tmp_path / "p.db", scheme_with_sentences())
    for i, text in enumerate(TEXTS):
        spans = []
        for who, labs in (("a", a_labels), ("b", b_labels)):
            if labs[i] is None:
                # still on the document (an entity), but no unit label
                spans.append(Span(start=0, end=3, label="PERSON", layer="entity", annotator=who))
            elif layer == "document":
                spans.append(doc_label(text, labs[i], who))
            else:
                spans.append(sent_label(text, 0, labs[i], who))
        project.add_document(Document(id=f"d{i}", text=text, spans=spans), who="t")
    return project


def test_document_agreement_takes_the_document_as_the_unit(tmp_path):
    a = ["CHECKWORTHY", "CHECKWORTHY", "NOT_CHECKWORTHY", "CHECKWORTHY", "NOT_CHECKWORTHY"]
    b = ["CHECKWORTHY", "NOT_CHECKWORTHY", "NOT_CHECKWORTHY", "CHECKWORTHY", None]
    project = _two_coders(tmp_path, a, b)
    result = agreement(project, layer="document")
    pair = result.pair("a", "b", "document")
    xs = a
    ys = [y or "O" for y in b]
    assert pair.tokens == 5  # five units: the five documents
    assert pair.kappa == pytest.approx(cohen_kappa_score(xs, ys), abs=1e-6)
    assert pair.exact_matches == 3
    codes = {"O": 0, "CHECKWORTHY": 1, "NOT_CHECKWORTHY": 2}
    data = np.array([[codes[x] for x in xs], [codes[y] for y in ys]], dtype=float)
    assert result.alpha["document"] == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-6
    )


def test_sentence_agreement_takes_each_sentence_as_the_unit(tmp_path):
    a = ["CHECKWORTHY", "NOT_CHECKWORTHY", "CHECKWORTHY", "CHECKWORTHY", "NOT_CHECKWORTHY"]
    b = ["CHECKWORTHY", "CHECKWORTHY", "CHECKWORTHY", "NOT_CHECKWORTHY", "NOT_CHECKWORTHY"]
    project = _two_coders(tmp_path, a, b, layer="sentence")
    pair = agreement(project, layer="sentence").pair("a", "b", "sentence")
    xs, ys = [], []
    for i, text in enumerate(TEXTS):
        for k in range(len(sentences(text))):
            xs.append(a[i] if k == 0 else "O")
            ys.append(b[i] if k == 0 else "O")
    assert pair.tokens == len(xs) == sum(len(sentences(t)) for t in TEXTS)
    assert pair.kappa == pytest.approx(cohen_kappa_score(xs, ys), abs=1e-6)


def test_agreement_can_be_limited_to_some_documents(tmp_path):
    a = ["CHECKWORTHY"] * 5
    b = ["CHECKWORTHY", "NOT_CHECKWORTHY", "NOT_CHECKWORTHY", "NOT_CHECKWORTHY", "NOT_CHECKWORTHY"]
    project = _two_coders(tmp_path, a, b)
    assert agreement(project, layer="document", doc_ids=["d0"]).pair("a", "b", "document").exact_f1 == 1.0
    assert agreement(project, layer="document").pair("a", "b", "document").exact_f1 == pytest.approx(0.2)


def test_gold_and_merge_carry_document_labels(tmp_path):
    text = TEXTS[0]
    mine = Project.create(tmp_path / "mine.db")
    mine.add_document(Document(id="d", text=text, spans=[doc_label(text, "CHECKWORTHY", "a")]), who="t")
    theirs = Project.create(tmp_path / "theirs.db")
    theirs.add_document(Document(id="d", text=text, spans=[doc_label(text, "CHECKWORTHY", "b")]), who="t")
    theirs.close()
    merge(mine, tmp_path / "theirs.db")
    merge(mine, tmp_path / "theirs.db")  # idempotent
    assert sorted((s.annotator, s.label) for s in mine.spans("d", layer="document")) == [
        ("a", "CHECKWORTHY"),
        ("b", "CHECKWORTHY"),
    ]
    build_gold(mine, "majority")
    gold = [s for s in mine.spans("d", layer="document") if s.annotator == "gold"]
    assert [(s.start, s.end, s.label) for s in gold] == [(0, len(text), "CHECKWORTHY")]


def _as_version_1(path, keep_labels=False):
    """Turn a fresh project file into what schema 1 wrote."""
    conn = sqlite3.connect(path)
    conn.execute("drop table assignments")
    conn.execute("drop index if exists idx_history_who_doc_id_ts_action")
    conn.execute("drop index if exists idx_history_kind_action")
    if not keep_labels:
        conn.execute("delete from labels where layer = 'document'")
    conn.execute("update meta set value = '1' where key = 'schema_version'")
    conn.commit()
    conn.close()


def test_a_schema_1_project_opens_read_only_and_migrates_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.db"
    p = Project.create(path)
    p.add_document(
        Document(id="d", text=TEXTS[0], spans=[Span(start=4, end=10, label="PERSON", layer="entity", annotator="a")]),
        who="t",
    )
    p.close()
    _as_version_1(path)
    with Project.open(path, readonly=True) as ro:
        assert [s.label for s in ro.spans("d")] == ["PERSON"]
        assert ro.scheme().labels_for("document") == []
    with Project.open(path) as rw:
        assert rw.execute("select value from meta where key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert [lab.name for lab in rw.scheme().labels_for("document")] == ["CHECKWORTHY", "NOT_CHECKWORTHY"]
        assert rw.execute("select count(*) from assignments").fetchone()[0] == 0
        assert [s.label for s in rw.spans("d")] == ["PERSON"]


def test_migration_keeps_a_projects_own_document_labels_and_hotkeys(tmp_path):
    path = tmp_path / "old.db"
    base = Scheme.default()
    labels = [
        lab.model_copy(update={"hotkey": "8"}) if lab.name == "PERSON" else lab
        for lab in base.labels
        if lab.layer != "document"
    ]
    Project.create(path, Scheme(labels=labels, relations=base.relations)).close()
    _as_version_1(path)
    with Project.open(path) as rw:
        doc = {lab.name: lab.hotkey for lab in rw.scheme().labels_for("document")}
        assert doc == {"CHECKWORTHY": None, "NOT_CHECKWORTHY": "9"}  # "8" is PERSON's here
    path2 = tmp_path / "own.db"
    own = [*labels, Label(name="SUBJ", layer="document"), Label(name="OBJ", layer="document")]
    Project.create(path2, Scheme(labels=own, relations=base.relations)).close()
    _as_version_1(path2, keep_labels=True)
    with Project.open(path2) as rw:
        assert [lab.name for lab in rw.scheme().labels_for("document")] == ["SUBJ", "OBJ"]


def test_a_file_from_a_newer_schema_is_still_refused(tmp_path):
    path = tmp_path / "new.db"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("update meta set value = ? where key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    conn.commit()
    conn.close()
    for readonly in (False, True):
        with pytest.raises(ProjectError, match="newer annotator"):
            Project.open(path, readonly=readonly)


def test_a_unit_label_press_replaces_toggles_and_is_one_undo_step(tmp_path):
    from annotator.editing import EditSession

    project = Project.create(tmp_path / "p.db")
    text = TEXTS[0]
    project.add_document(Document(id="d", text=text), who="t")
    session = EditSession(project, "amira")
    first = session.label_unit("d", "document", "CHECKWORTHY", 0, len(text))
    assert first.ok and first.status == "in_progress" and [s.label for s in first.added] == ["CHECKWORTHY"]
    second = session.label_unit("d", "document", "NOT_CHECKWORTHY", 0, len(text))
    assert [s.label for s in second.changed] == ["NOT_CHECKWORTHY"]
    assert [s.label for s in project.spans("d", layer="document")] == ["NOT_CHECKWORTHY"]
    off = session.label_unit("d", "document", "NOT_CHECKWORTHY", 0, len(text))
    assert off.removed and project.spans("d", layer="document") == []
    session.undo("d")
    assert [s.label for s in project.spans("d", layer="document")] == ["NOT_CHECKWORTHY"]
    session.undo("d")
    session.undo("d")
    assert project.spans("d", layer="document") == [] and project.document_status("d") == "new"
    refused = session.label_unit("d", "document", "CHECKWORTHY", 0, 5)
    assert not refused.ok and refused.error and "whole text" in refused.message
    assert project.spans("d") == []


def test_a_unit_label_press_accepts_a_matching_suggestion(tmp_path):
    from annotator.editing import EditSession

    project = Project.create(tmp_path / "p.db", scheme_with_sentences())
    text = TEXTS[1]
    s, e = sentences(text)[0]
    project.add_document(
        Document(
            id="d",
            text=text,
            spans=[
                Span(
                    id="llm1",
                    start=s,
                    end=e,
                    label="CHECKWORTHY",
                    layer="sentence",
                    annotator="llm",
                    status="suggested",
                    source="model",
                )
            ],
        ),
        who="t",
    )
    edit = EditSession(project, "amira").label_unit("d", "sentence", "CHECKWORTHY", s, e)
    assert [(x.id, x.annotator, x.status) for x in edit.changed] == [("llm1", "amira", "accepted")]
    assert len(project.spans("d")) == 1
