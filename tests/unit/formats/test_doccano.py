"""doccano JSONL: offsets in UTF-16 code units (what doccano's JavaScript
counts), read back by our reader to the same code-point spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.arabic.offsets import OffsetMap
from annotator.errors import FormatError
from annotator.formats import ExportOptions, doccano
from tests.conftest import TRICKY
from tests.unit.formats.samples import documents, import_into_new_project, make_project, surfaces, tricky_document


def test_round_trip_gives_back_the_spans(tmp_path: Path):
    out = tmp_path / "d.jsonl"
    assert doccano.write(documents(), out, ExportOptions()) == 2
    back = {d.id: d for d in doccano.read(out, annotator="amira")}
    for doc in documents():
        assert back[doc.id].text == doc.text
        assert surfaces(back[doc.id]) == surfaces(doc)
        assert {(s.label, s.layer) for s in back[doc.id].spans} == {(s.label, s.layer) for s in doc.spans}


def test_offsets_after_an_emoji_are_utf16_units(tmp_path: Path):
    out = tmp_path / "d.jsonl"
    doccano.write([tricky_document()], out, ExportOptions())
    line = json.loads(out.read_text(encoding="utf-8"))
    triples = line.get("label") or [[e["start_offset"], e["end_offset"], e["label"]] for e in line["entities"]]
    year = TRICKY.index("2016")
    assert [year + 3, year + 7, "NUMBER"] in triples  # the ZWJ family emoji: 5 code points, 8 units
    assert OffsetMap(TRICKY).to_view(year) == year + 3


def test_labels_key_and_object_layout_are_read(tmp_path: Path):
    out = tmp_path / "d.jsonl"
    rows = [
        {"text": "في وليبيا 😀 ليبيا", "labels": [[4, 9, "GPE"]]},
        {
            "id": 7,
            "text": "😀 ليبيا",
            "entities": [{"id": 1, "start_offset": 3, "end_offset": 8, "label": "GPE"}],
            "relations": [],
        },
    ]
    out.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, second = doccano.read(out)
    assert first.spans[0].surface(first.text) == "ليبيا" and first.id == "d-1"
    assert second.id == "7" and second.spans[0].surface(second.text) == "ليبيا"


@pytest.mark.parametrize(
    "row, message",
    [
        ({"text": "😀ليبيا", "label": [[1, 6, "GPE"]]}, "cut a character in half"),
        ({"text": "ليبيا", "label": [[0, 9, "GPE"]]}, "outside the text"),
        ({"text": "ليبيا", "label": [[0, "5", "GPE"]]}, "must be integers"),
        ({"text": "ليبيا", "label": [[0, 5]]}, "is not \\[start, end, label\\]"),
        ({"label": []}, '"text" string'),
    ],
)
def test_malformed_lines_name_file_line_and_span(tmp_path: Path, row, message):
    out = tmp_path / "d.jsonl"
    out.write_text('{"text": "سطر سليم", "label": []}\n' + json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=message) as err:
        list(doccano.read(out))
    assert "d.jsonl, line 2" in str(err.value)


def test_cli_export_then_import(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    out = tmp_path / "x.jsonl"
    assert cli("export", tmp_path / "p.db", "--format", "doccano", "--out", out).code == 0
    got = import_into_new_project(cli, tmp_path / "q.db", out)  # detected as doccano by its "label" key
    for doc in documents():
        assert surfaces(got[doc.id]) == surfaces(doc)


def test_cli_import_of_a_bad_file_changes_nothing(tmp_path: Path, cli):
    assert cli("init", tmp_path / "q.db").code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "ليبيا", "label": [[0, 5, "GPE"]]}\n{"text": "😀ليبيا", "label": [[1, 6, "GPE"]]}\n', encoding="utf-8"
    )
    res = cli("import", tmp_path / "q.db", bad, "--format", "doccano")
    assert res.code == 2 and res.err.count("\n") == 1 and "bad.jsonl, line 2" in res.err
    assert '"documents": 0' in cli("stats", tmp_path / "q.db", "--json").out


def test_relation_layout_is_detected_and_read(tmp_path: Path, cli):
    row = {
        "id": 1,
        "text": "قال مسؤول في ليبيا",
        "entities": [
            {"id": 10, "label": "PERSON", "start_offset": 4, "end_offset": 9},
            {"id": 11, "label": "GPE", "start_offset": 13, "end_offset": 18},
        ],
        "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "MENTIONS"}],
    }
    (tmp_path / "r.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    doc = next(doccano.read(tmp_path / "r.jsonl"))
    assert [(s.surface(doc.text), s.label) for s in doc.spans] == [("مسؤول", "PERSON"), ("ليبيا", "GPE")]
    assert [(r.head, r.tail, r.label) for r in doc.relations] == [("s1", "s2", "MENTIONS")]
    assert cli("init", tmp_path / "q.db").code == 0
    assert cli("import", tmp_path / "q.db", tmp_path / "r.jsonl").code == 0
