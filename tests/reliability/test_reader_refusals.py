"""Readers refuse what they would otherwise silently mangle (bad input never loses data):
a CSV quote never closed, a brat id used twice; and the CSV reader keeps
the user's own ``source`` and ``encoding`` columns."""

from __future__ import annotations

from tests.cli_helpers import one_error_line, snapshot


def _project(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    return db


def test_csv_keeps_the_users_source_and_encoding_columns(tmp_path, cli):
    db = _project(tmp_path, cli)
    src = tmp_path / "t.csv"
    src.write_text("id,text,source,encoding\nd1,نص عربي,Al Jazeera,tv-transcript\nd2,نص آخر,,\n", encoding="utf-8")
    assert cli("import", db, src).code == 0, cli
    from annotator.store import Project

    with Project.open(db, readonly=True) as p:
        assert p.get_document("d1").meta == {"source": "Al Jazeera", "encoding": "tv-transcript"}
        assert p.get_document("d2").meta == {"source": "", "encoding": ""}  # the user's (empty) cells, kept


def test_csv_without_those_columns_gets_the_file_and_encoding(tmp_path, cli):
    db = _project(tmp_path, cli)
    src = tmp_path / "t.csv"
    src.write_text("id,text\nd1,نص عربي\n", encoding="utf-8")
    assert cli("import", db, src).code == 0
    from annotator.store import Project

    with Project.open(db, readonly=True) as p:
        assert p.get_document("d1").meta == {"source": "t.csv", "encoding": "utf-8"}


def test_csv_with_an_unclosed_quote_is_refused_naming_the_line(tmp_path, cli):
    db = _project(tmp_path, cli)
    before = snapshot(db)
    src = tmp_path / "t.csv"
    src.write_text('id,text\nd1,نص أول\nd2,"نص بلا نهاية\nd3,نص ثالث\nd4,نص رابع\n', encoding="utf-8")
    result = cli("import", db, src)
    assert result.code == 2
    line = one_error_line(result.err)
    assert f"{src}, line 3:" in line and "never closed" in line
    assert snapshot(db) == before


def test_csv_with_quoted_newlines_still_reads(tmp_path, cli):
    db = _project(tmp_path, cli)
    src = tmp_path / "t.csv"
    src.write_text('id,text\nd1,"سطر\nسطر ثان"\nd2,نص\n', encoding="utf-8")
    assert cli("import", db, src).code == 0
    from annotator.store import Project

    with Project.open(db, readonly=True) as p:
        assert p.document_text("d1") == "سطر\nسطر ثان"


def test_brat_with_a_duplicate_id_is_refused(tmp_path, cli):
    db = _project(tmp_path, cli)
    before = snapshot(db)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("زار محمد طرابلس", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPER 4 8\tمحمد\nT1\tGPE 9 15\tطرابلس\n", encoding="utf-8")
    result = cli("import", db, folder, "--format", "brat")
    assert result.code == 2
    line = one_error_line(result.err)
    assert f"{folder / 'a.ann'}, line 2:" in line and "T1 appears twice (first on line 1)" in line
    assert snapshot(db) == before
