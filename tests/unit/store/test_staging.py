"""Staged imports: the same result as a plain import, the project locked
only for the final copy, nothing at all on an error, and documents another
process added meanwhile treated as add_document treats them."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.errors import ModelError
from annotator.model import Comment, Document, Relation, Span
from annotator.store import Project
from annotator.store.staging import staged_import
from tests.conftest import TRICKY

TEXT = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا"


def docs() -> list[Document]:
    t = TEXT.index("طرابلس")
    spans = [
        Span(id="s1", start=t, end=t + 6, label="GPE", layer="entity", annotator="amira"),
        Span(id="c1", start=0, end=10, label="CLAIM", layer="claim", annotator="omar", status="suggested"),
    ]
    return [
        Document(
            id="a",
            text=TEXT,
            status="done",
            meta={"k": "v"},
            spans=spans,
            relations=[Relation(id="r1", head="c1", tail="s1", label="SOURCE", annotator="omar")],
            comments=[Comment(id="k1", span="s1", author="omar", text="؟", created="2026")],
        ),
        Document(id="b", text=TRICKY),
        Document(id="b-again", text=TRICKY),
    ]


def dump(project: Project) -> list:
    out = []
    for sql in (
        "select id, text, sha256, meta, status from documents order by rowid",
        'select doc_id, id, start, "end", label, layer, annotator, status, source, attrs from spans order by pk',
        "select doc_id, id, head, tail, label, annotator, attrs from relations order by pk",
        "select doc_id, id, span, author, text from comments order by pk",
        "select name from annotators order by name",
        "select who, action, kind, doc_id, target, after from history where kind != 'scheme' order by pk",
    ):
        out.append(project.execute(sql).fetchall())
    return out


def test_same_result_as_a_plain_import(tmp_path):
    plain, staged = Project.create(tmp_path / "plain.db"), Project.create(tmp_path / "staged.db")
    expected = plain.import_documents(docs())
    with staged_import(staged, "import") as staging:
        staging.add(docs())
    assert (
        (staging.result.added, staging.result.skipped, staging.result.spans)
        == (expected.added, expected.skipped, expected.spans)
        == (["a", "b"], ["b-again"], 2)
    )
    assert dump(staged) == dump(plain)
    assert [h.doc_id for h in staged.search("طرابلس")] == [h.doc_id for h in plain.search("طرابلس")] != []
    assert not list(tmp_path.glob(".annotator-import-*"))


def test_an_error_leaves_nothing(project, tmp_path):
    before = dump(project)

    def stream():
        yield from docs()
        yield Document(
            id="bad", text="قصير", spans=[Span(start=0, end=3, label="WEAPON", layer="entity", annotator="amira")]
        )

    with pytest.raises(ModelError, match="WEAPON"), staged_import(project) as staging:
        staging.add(stream())
    assert dump(project) == before
    assert not list(project.path.parent.glob(".annotator-import-*"))


def test_the_project_is_not_locked_while_staging(project):
    other = Project.open(project.path, busy_timeout_ms=100)
    try:
        with staged_import(project) as staging:
            staging.add(docs())
            other.add_document(Document(id="meanwhile", text="كتبه غيري في الأثناء"))  # no wait, no error
    finally:
        other.close()
    assert sorted(project.document_ids()) == ["a", "b", "meanwhile"]


def test_documents_added_meanwhile_are_skipped_or_refused(project):
    with staged_import(project) as staging:
        staging.add(docs())
        project.add_document(Document(id="x", text=TEXT))  # same text under another id, added meanwhile
    assert staging.result.added == ["b"] and sorted(staging.result.skipped) == ["a", "b-again"]
    assert project.document_ids() == ["x", "b"]

    with (
        pytest.raises(ModelError, match="'c' is already in the project with a different text"),
        staged_import(project) as staging,
    ):
        staging.add([Document(id="c", text="نص أول")])
        project.add_document(Document(id="c", text="نص آخر"))
    assert project.document_text("c") == "نص آخر"


def test_known_document_with_another_text_is_refused_before_anything(project):
    project.add_document(Document(id="a", text="نص مختلف"))
    with (
        pytest.raises(ModelError, match="'a' is already in the project with a different text"),
        staged_import(project) as staging,
    ):
        staging.add(docs())
    assert project.document_ids() == ["a"]
    conn = sqlite3.connect(project.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_staging_folder_left_by_a_kill_is_removed_a_day_later(project):
    import os
    import time

    old = project.path.parent / ".annotator-import-killed"
    old.mkdir()
    (old / "stage.db").write_bytes(b"x" * 10)
    recent = project.path.parent / ".annotator-import-running"
    recent.mkdir()
    (recent / "stage.db").write_bytes(b"x")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old / "stage.db", (day_ago, day_ago))
    with staged_import(project) as staging:
        staging.add(docs())
    assert not old.exists() and recent.exists()  # another import may still be using a recent one


def test_checked_documents_store_the_rows_documents_do(tmp_path):
    """The JSONL import reads documents with their spans as rows
    (``read_checked``): the project it makes is the one the models make."""
    from annotator.formats import import_reader, jsonl

    src = tmp_path / "in.jsonl"
    jsonl.write(docs(), src)
    assert import_reader("jsonl") is jsonl.read_checked
    made = {}
    for name, read in (("models", jsonl.read), ("rows", jsonl.read_checked)):
        project = Project.create(tmp_path / f"{name}.db")
        with staged_import(project, "import") as staging:
            staging.add(read(src))
        made[name] = (staging.result.added, staging.result.skipped, staging.result.spans, dump(project))
    assert made["rows"] == made["models"]
    assert made["rows"][2] == 2


def test_rows_spooled_to_a_file_are_the_rows_held(tmp_path, monkeypatch):
    """Past MEMORY_CHARS (text, a span counted as SPAN_CHARS) the prepared
    rows go to a file beside the project: the project made is the same."""
    from annotator.store import staging

    made = []
    for limit in (10**9, 1):
        monkeypatch.setattr(staging, "MEMORY_CHARS", limit)
        monkeypatch.setattr(staging, "BATCH_DOCS", 1)  # a batch per document: several written and read back
        project = Project.create(tmp_path / f"{limit}.db")
        with staged_import(project, "import") as staging_:
            staging_.add(docs())
            spooled = staging_._spool is not None
        hits = [h.doc_id for h in project.search("طرابلس")]
        made.append((spooled, staging_.result.added, staging_.result.spans, dump(project), hits))
    assert [m[0] for m in made] == [False, True]
    assert made[0][1:] == made[1][1:]
    assert made[0][-1] == ["a", "b"]
