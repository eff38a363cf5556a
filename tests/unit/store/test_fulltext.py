"""Full-text search: diacritic- and tatweel-insensitive, hits at original
offsets, kept in step with imports and rebuildable."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.model import Document
from annotator.store import Project, fulltext
from tests.conftest import TRICKY, read_seed


@pytest.fixture
def filled(project):
    project.import_documents(
        [
            Document(id="a", text="قال المسؤولُ الليبيّ إنّ الـــقوات وصلت"),
            Document(id="b", text="كان المسؤولِين في Tripoli\r\nأمس"),
            Document(id="c", text="لا شيء هنا عن الطقس"),
            Document(id="d", text="والمسؤول قال"),
            Document(id="seed", text=read_seed()),
            Document(id="tricky", text=TRICKY),
        ]
    )
    return project


def test_search_ignores_tashkeel_and_finds_the_original_range(filled):
    hits = {h.doc_id: h for h in filled.search("مسؤول")}
    assert set(hits) >= {"a", "b", "d"} and "c" not in hits
    a_text = filled.document_text("a")
    start, end = hits["a"].ranges[0]
    assert a_text[start:end] == "مسؤولُ"  # the kasra/damma of the last letter is part of the hit
    b_text = filled.document_text("b")
    assert b_text[slice(*hits["b"].ranges[0])] == "مسؤولِ"


def test_search_ignores_tatweel_and_case(filled):
    hit = filled.search("القوات")[0]
    assert hit.doc_id == "a"
    assert filled.document_text("a")[slice(*hit.ranges[0])] == "الـــقوات"
    assert [h.doc_id for h in filled.search("tripoli")] == ["b"]


def test_search_in_the_tricky_text_maps_back_through_emoji_and_crlf(filled):
    hits = {h.doc_id: h for h in filled.search("الخارجية")}
    start, end = hits["tricky"].ranges[0]
    assert TRICKY[start:end] == "الخارجيّةِ"
    hit = {h.doc_id: h for h in filled.search("ليبيا")}["tricky"]
    assert [TRICKY[s:e] for s, e in hit.ranges] == ["ليبيا"]


def test_query_syntax_is_never_obeyed(filled):
    for q in ('x" OR "y', "*", "NEAR(a b)", "-", "a:b", "'"):
        filled.search(q)  # no sqlite3.OperationalError
    assert filled.search("   ") == []


def test_document_list_filter_uses_the_index(filled):
    assert {r.id for r in filled.list_documents(text="مسؤول")} == {"a", "b", "d", "seed"}  # the seed has مسؤول too
    assert {r.id for r in filled.list_documents(text="الطقس")} == {"c"}
    assert [r.id for r in filled.list_documents(text="seed")] == ["seed"]  # ids still match


def test_index_follows_imports_and_rollbacks(project):
    project.add_document(Document(id="x", text="خبر عن المسؤول"))
    with pytest.raises(RuntimeError), project.transaction():
        project.add_document(Document(id="y", text="خبر آخر عن المسؤولة"))
        raise RuntimeError("crash half-way")
    assert [h.doc_id for h in project.search("مسؤول")] == ["x"]
    assert project.execute("select count(*) from search_docs").fetchone()[0] == 1


def test_rebuild_and_repair(filled, tmp_path):
    n = filled.count_documents()
    filled.execute("delete from search_docs where doc_id = 'a'")  # an index that fell behind
    assert "a" in {h.doc_id for h in filled.search("مسؤول")}  # repaired on use
    assert fulltext.rebuild(filled) == n
    assert {h.doc_id for h in filled.search("مسؤول")} >= {"a", "b", "d"}


def test_project_without_index_is_indexed_on_first_search(filled, tmp_path):
    filled.execute(f"drop table {fulltext.FTS}")
    filled.execute(f"drop table {fulltext.DOCS}")
    ro = Project.open(filled.path, readonly=True)
    try:
        assert "a" in {h.doc_id for h in ro.search("مسؤول")}  # read-only: a scan, still right
    finally:
        ro.close()
    assert "a" in {h.doc_id for h in filled.search("مسؤول")}
    assert fulltext.exists(filled)


def test_fast_normalization_agrees_with_the_arabic_helper():
    from annotator.arabic.search import normalize

    for text in (TRICKY, read_seed(), "مسؤولِ الـــقوات أإآ ة ى", "ﻻ ﷲ و\u0654"):
        assert fulltext.index_form(text) == normalize(text)


def test_index_is_contentless(filled):
    # it holds no second copy of the text
    size = filled.execute("select sum(length(block)) from documents_fts_data").fetchone()[0]
    text = filled.execute("select sum(length(cast(text as blob))) from documents").fetchone()[0]
    assert size < text * 1.5
    with pytest.raises(sqlite3.OperationalError):
        filled.execute("select * from documents_fts_content").fetchall()


def test_one_row_by_id_does_not_search(filled):
    [row] = filled.list_documents(doc_id="b")
    assert (row.id, row.length) == ("b", len(filled.document_text("b")))
    assert filled.list_documents(doc_id="nope") == []


def test_missing_index_is_filled_in_batches(project):
    project.import_documents(Document(id=f"d{i}", text=f"خبر رقم {i} عن المسؤول") for i in range(1203))
    project.execute(f"drop table {fulltext.FTS}")
    project.execute(f"drop table {fulltext.DOCS}")
    assert fulltext.ensure(project)
    assert project.execute(f"select count(*) from {fulltext.DOCS}").fetchone()[0] == 1203
    assert len(project.search("مسؤول", limit=2000)) == 1203
