"""The project store: history for every change, undo/redo that survive a
restart, all-or-nothing transactions, schema versions, SQLite settings."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.errors import ModelError, ProjectError
from annotator.model import Comment, Document, Relation, Scheme, Span
from annotator.store import SCHEMA_VERSION, Project
from tests.conftest import TRICKY

TEXT = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا"


def entity(start: int, end: int, label: str = "GPE", who: str = "amira", sid: str | None = None) -> Span:
    kw = {"id": sid} if sid else {}
    return Span(start=start, end=end, label=label, layer="entity", annotator=who, **kw)


@pytest.fixture
def doc(project):
    project.add_document(Document(id="d1", text=TEXT))
    return project


def where(surface: str) -> tuple[int, int]:
    i = TEXT.index(surface)
    return i, i + len(surface)


def test_settings_wal_foreign_keys_and_version(project):
    assert project.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert project.execute("select value from meta where key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    plans = " ".join(
        r[-1] for r in project.execute("explain query plan select * from spans where doc_id = 'd' and annotator = 'a'")
    )
    assert "USING INDEX" in plans  # spans of document D by annotator A


def test_every_change_leaves_a_history_row(doc):
    s = doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    doc.update_span("d1", s.id, who="amira", label="LOC")
    c = doc.add_span("d1", Span(start=0, end=len(TEXT), label="CLAIM", layer="claim", annotator="amira"), who="amira")
    r = doc.add_relation("d1", Relation(head=c.id, tail=s.id, label="SOURCE", annotator="amira"), who="amira")
    doc.add_comment("d1", Comment(span=s.id, author="omar", text="متأكد؟"), who="omar")
    doc.set_status("d1", "done", who="amira")
    doc.delete_span("d1", s.id, who="amira")  # takes the relation with it
    rows = list(reversed(doc.history("d1")))
    assert [(h["action"], h["kind"], h["who"]) for h in rows] == [
        ("import", "document", "import"),
        ("create", "span", "amira"),
        ("update", "span", "amira"),
        ("create", "span", "amira"),
        ("create", "relation", "amira"),
        ("create", "comment", "omar"),
        ("update", "document", "amira"),
        ("delete", "relation", "amira"),
        ("delete", "span", "amira"),
    ]
    update = rows[2]
    assert update["before"]["label"] == "GPE" and update["after"]["label"] == "LOC"
    assert rows[-1]["after"] is None and rows[-1]["before"]["id"] == s.id
    assert rows[-2]["batch"] == rows[-1]["batch"]  # one user action, one batch
    assert all(h["ts"] for h in rows)
    assert r.id == rows[4]["target"]


def test_undo_and_redo_survive_a_restart(doc, tmp_path):
    s = doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    doc.update_span("d1", s.id, who="amira", label="LOC")
    path = doc.path
    doc.close()

    with Project.open(path) as again:
        assert again.can_undo("d1", "amira")
        again.undo("d1", "amira")
        assert again.get_span("d1", s.id).label == "GPE"
    with Project.open(path) as again:
        again.undo("d1", "amira")
        assert again.get_span("d1", s.id) is None
        assert again.can_redo("d1", "amira")
    with Project.open(path) as again:
        again.redo("d1", "amira")
        again.redo("d1", "amira")
        assert again.get_span("d1", s.id).label == "LOC"
        assert not again.can_redo("d1", "amira")
        # undo is per annotator: omar has nothing to undo here
        assert not again.can_undo("d1", "omar")


def test_a_new_edit_ends_the_redo_chain(doc):
    s = doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    doc.undo("d1", "amira")
    doc.add_span("d1", entity(*where("الليبي"), label="MISC"), who="amira")
    assert not doc.can_redo("d1", "amira")
    assert doc.get_span("d1", s.id) is None


def test_undo_of_a_delete_brings_back_its_relations(doc):
    s = doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    c = doc.add_span("d1", Span(start=0, end=10, label="CLAIM", layer="claim", annotator="amira"), who="amira")
    doc.add_relation("d1", Relation(head=c.id, tail=s.id, label="SOURCE", annotator="amira"), who="amira")
    doc.delete_span("d1", s.id, who="amira")
    assert doc.relations("d1") == []
    doc.undo("d1", "amira")
    assert doc.get_span("d1", s.id) is not None
    assert [(r.head, r.tail) for r in doc.relations("d1")] == [(c.id, s.id)]


def test_nested_transactions_roll_back_together(doc):
    before = doc.execute("select count(*) from spans").fetchone()[0]
    with pytest.raises(ValueError), doc.transaction():
        doc.add_span("d1", entity(*where("طرابلس")), who="amira")
        with doc.transaction():
            doc.add_span("d1", entity(*where("الليبي"), label="MISC"), who="amira")
        raise ValueError("the command failed after both")
    assert doc.execute("select count(*) from spans").fetchone()[0] == before
    assert [h["action"] for h in doc.history("d1")] == ["import"]


def test_inner_failure_can_be_caught_without_losing_the_outer_work(doc):
    with doc.transaction():
        kept = doc.add_span("d1", entity(*where("طرابلس")), who="amira")
        with pytest.raises(ModelError), doc.transaction():
            doc.add_span("d1", entity(*where("الليبي"), label="MISC"), who="amira")
            doc.add_span("d1", entity(0, 999), who="amira")  # outside the text
    assert [s.id for s in doc.spans("d1")] == [kept.id]


def test_import_is_all_or_nothing(project):
    docs = [Document(id="ok", text="نص سليم"), Document(id="bad", text="قصير", spans=[entity(0, 3, label="WEAPON")])]
    with pytest.raises(ModelError, match="'bad'.*WEAPON"):
        project.import_documents(docs)
    assert project.count_documents() == 0


def test_duplicate_span_is_refused(doc):
    doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    with pytest.raises(ModelError, match="already has"):
        doc.add_span("d1", entity(*where("طرابلس"), label="LOC"), who="amira")
    doc.add_span("d1", entity(*where("طرابلس"), who="omar"), who="omar")  # another annotator may


def test_same_id_with_another_text_is_refused(doc):
    with pytest.raises(ModelError, match="'d1'.*different text"):
        doc.add_document(Document(id="d1", text="نص آخر"))
    assert doc.add_document(Document(id="d1", text=TEXT)) is False


def test_newer_schema_is_refused_clearly(project):
    project.execute("update meta set value = '99' where key = 'schema_version'")
    path = project.path
    project.close()
    before = path.read_bytes()
    for readonly in (False, True):
        with pytest.raises(ProjectError, match=r"newer annotator \(schema 99.*upgrade"):
            Project.open(path, readonly=readonly)
    assert path.read_bytes() == before


def test_open_refuses_what_is_not_a_project(tmp_path):
    (tmp_path / "x.db").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ProjectError, match="not an SQLite project file"):
        Project.open(tmp_path / "x.db")
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.db")
    with pytest.raises(ProjectError, match="is a folder"):
        Project.open(tmp_path)
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(tmp_path / "x.db")


def test_tricky_text_stored_exactly(project):
    project.add_document(Document(id="t", text=TRICKY))
    assert project.document_text("t") == TRICKY
    assert project.list_documents()[0].length == len(TRICKY)


def test_scheme_labels_in_use_cannot_be_removed(doc):
    doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    smaller = Scheme(labels=[lab for lab in doc.scheme().labels if lab.name != "GPE"])
    with pytest.raises(ModelError, match="'GPE'.*used by 1 spans"):
        doc.set_scheme(smaller)
    assert doc.scheme().get("entity", "GPE") is not None


def test_backup_is_a_consistent_copy(doc, tmp_path):
    doc.add_span("d1", entity(*where("طرابلس")), who="amira")
    out = doc.backup(tmp_path / "copy.db")
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from spans").fetchone()[0] == 1
    with pytest.raises(ProjectError):
        doc.backup(doc.path)
