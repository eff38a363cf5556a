"""A damaged colleague file is refused whole by ``merge``: bad input never loses data.

Each case damages one row of an otherwise good project the way a hand edit,
another tool or a bug would; ``merge`` must exit 2 with one line naming the
file, the table and the row, and leave the lead's project byte for byte as
it was (before, it copied the rows in, or crashed with a traceback)."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.cli_helpers import one_error_line, snapshot

TEXT = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا"


@pytest.fixture
def good(tmp_path, cli):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "d1",
                "text": TEXT,
                "meta": {"source": "x"},
                "spans": [
                    {"id": "s1", "start": 28, "end": 34, "label": "GPE", "layer": "entity", "annotator": "amira"},
                    {
                        "id": "s2",
                        "start": 38,
                        "end": 40,
                        "label": "NUMBER",
                        "layer": "number",
                        "annotator": "amira",
                        "attrs": {"value": 43},
                    },
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    path = tmp_path / "colleague.db"
    assert cli("init", path).code == 0 and cli("import", path, src).code == 0
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    lead = tmp_path / "lead.db"
    assert cli("init", lead).code == 0
    return path, lead


DAMAGE = {
    "span end beyond the text": ("update spans set \"end\" = 100000 where id = 's1'", "spans", "outside its text"),
    "non-integer start": ("update spans set start = 'abc' where id = 's1'", "spans", "start"),
    "real-number start": ("update spans set start = 28.5 where id = 's1'", "spans", "start"),
    "attrs a JSON list": ("update spans set attrs = '[1, 2]' where id = 's1'", "spans", "must be a JSON object"),
    "attrs bad JSON": ("update spans set attrs = '{bad' where id = 's1'", "spans", "not valid JSON"),
    "span status outside the vocabulary": ("update spans set status = 'maybe' where id = 's1'", "spans", "status"),
    "span layer outside the vocabulary": ("update spans set layer = 'topic' where id = 's1'", "spans", "layer"),
    "number value not a number": (
        "update spans set attrs = '{\"value\": \"many\"}' where id = 's2'",
        "spans",
        "not a number",
    ),
    "text edited after the spans": ("update documents set text = text || ' أمس'", "documents", "sha256"),
    "text a blob": ("update documents set text = cast(text as blob)", "documents", "blob"),
    "meta bad JSON": ("update documents set meta = '{'", "documents", "not valid JSON"),
    "meta a JSON list": ("update documents set meta = '[]'", "documents", "must be a JSON object"),
    "unknown document status": ("update documents set status = 'archived'", "documents", "status 'archived'"),
    "history bad JSON": (
        "update history set after = '{bad' where pk = (select min(pk) from history)",
        "history",
        "not valid JSON",
    ),
    "duplicate hotkeys": ("update labels set hotkey = '1'", "labels", "hotkey '1' is used by both"),
    "empty label name": ("update labels set name = '' where name = 'ORG'", "labels", "name"),
    "span label missing from the scheme": ("update spans set label = 'NOPE' where id = 's1'", "spans", "NOPE"),
    "relation to a missing span": (
        "insert into relations (doc_id, id, head, tail, label, annotator) "
        "values ('d1', 'r9', 's1', 'gone', 'MENTIONS', 'amira')",
        "relations",
        "gone",
    ),
    # checked a document at a time (each table in document-id order): rows of no document, before
    # and after the document's id, and what is only wrong within one document
    "span of a missing document (sorted first)": (
        "update spans set doc_id = 'a0' where id = 's1'",
        "spans",
        "document 'a0' does not exist",
    ),
    "span of a missing document (sorted last)": (
        "update spans set doc_id = 'zz' where id = 's2'",
        "spans",
        "document 'zz' does not exist",
    ),
    "relation of a missing document": (
        "insert into relations (doc_id, id, head, tail, label, annotator) "
        "values ('nope', 'r9', 's1', 's2', 'MENTIONS', 'amira')",
        "relations",
        "does not exist",
    ),
    "comment on a missing span": (
        "insert into comments (doc_id, id, span, author, text, created) values ('d1', 'c9', 'gone', 'amira', 'x', '')",
        "comments",
        "unknown span 'gone'",
    ),
    "span id twice in a document": (
        "drop index idx_spans_doc_id_id; update spans set id = 's1' where id = 's2'",
        "spans",
        "appears twice",
    ),
    "the same span twice": (
        "drop index idx_spans_doc_id_annotator_layer_start_end; "
        'insert into spans (doc_id, id, start, "end", label, layer, annotator, status, source, attrs) '
        "select doc_id, 's3', start, \"end\", label, layer, annotator, status, source, attrs from spans where id = 's1'",
        "spans",
        "duplicates another",
    ),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_colleague_file_is_refused_whole(good, cli, case):
    other, lead = good
    sql, table, words = DAMAGE[case]
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.executescript(sql)
    conn.commit()
    conn.close()
    before = snapshot(lead)
    result = cli("merge", lead, other)
    assert result.code == 2, result.out
    line = one_error_line(result.err)
    assert str(other) in line and f"table {table}, row " in line and words in line, line
    assert snapshot(lead) == before


def test_a_sound_colleague_file_still_merges(good, cli, tmp_path):
    other, lead = good
    result = cli("merge", lead, other)
    assert result.code == 0, result.err
    assert "1 documents added" in result.out and "2 spans" in result.out
    # and every export of the merged project works
    for fmt in ("parquet", "label-studio", "conll", "hf", "spacy"):
        out = tmp_path / f"out-{fmt}"
        assert cli("export", lead, "--format", fmt, "--out", out).code == 0


def test_one_bad_file_of_several_merges_none(good, cli, tmp_path):
    other, lead = good
    second = tmp_path / "second.db"
    shutil.copy(other, second)
    conn = sqlite3.connect(second)
    conn.execute("update spans set attrs = '[]'")
    conn.commit()
    conn.close()
    before = snapshot(lead)
    result = cli("merge", lead, other, second)
    assert result.code == 2 and str(second) in one_error_line(result.err)
    assert snapshot(lead) == before
