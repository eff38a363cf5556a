"""Canonical JSONL: read line by line, errors name file and line, write is atomic."""

from __future__ import annotations

import json

import pytest

from annotator.errors import FormatError
from annotator.formats import jsonl
from annotator.model import Document, Span
from tests.conftest import TRICKY


def write_lines(path, *lines: str) -> None:
    path.write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))


def test_defaults_for_missing_fields(tmp_path):
    write_lines(
        tmp_path / "a.jsonl",
        json.dumps({"text": "في طرابلس", "spans": [{"start": 3, "end": 9, "label": "GPE", "layer": "entity"}]}),
        "",
        json.dumps({"id": 7, "text": "ب"}),
    )
    a, b = jsonl.read(tmp_path / "a.jsonl", annotator="amira")
    assert a.id == "a-1" and a.spans[0].annotator == "amira" and a.spans[0].source == "import"
    assert b.id == "7"


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "x", "text": "ab', "not valid JSON ("),
        ('{"id": "x", "text": "ab"', "not valid JSON (Expecting ',' delimiter"),
        ('["a", "b"]', "must be a JSON object"),
        ('{"id": "x"}', 'no "text" string'),
        ('{"id": "x", "text": 5}', 'no "text" string'),
        ('{"id": ["x"], "text": "a"}', '"id" must be a string'),
        ('{"id": "x", "text": "a", "spans": {}}', '"spans" must be a list'),
        (
            '{"id": "x", "text": "ab", "spans": [{"start": 0, "end": 9, "label": "GPE", "layer": "entity"}]}',
            "outside the text",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path, line, message):
    write_lines(tmp_path / "b.jsonl", '{"id": "ok", "text": "نص"}', line)
    with pytest.raises(FormatError) as err:
        list(jsonl.read(tmp_path / "b.jsonl"))
    assert "b.jsonl, line 2" in str(err.value) and message in str(err.value)


def test_invalid_utf8_names_line_and_byte(tmp_path):
    good = '{"id": "ok", "text": "نص"}\n'.encode()
    (tmp_path / "c.jsonl").write_bytes(good + b'{"id": "x", "text": "\xff"}\n')
    with pytest.raises(FormatError, match=f"c.jsonl, line 2, byte {len(good) + 21}: invalid UTF-8"):
        list(jsonl.read(tmp_path / "c.jsonl"))


def test_bom_and_utf16(tmp_path):
    line = json.dumps({"id": "t", "text": TRICKY}, ensure_ascii=False)
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + line.encode() + b"\r\n")
    (tmp_path / "u16.jsonl").write_bytes("\ufeff".encode("utf-16-le") + (line + "\n").encode("utf-16-le"))
    for enc in ("utf-16-be", "utf-32-le", "utf-32-be"):
        (tmp_path / f"{enc}.jsonl").write_bytes(("\ufeff" + line + "\n").encode(enc))
    for name in ("bom.jsonl", "u16.jsonl", "utf-16-be.jsonl", "utf-32-le.jsonl", "utf-32-be.jsonl"):
        [doc] = jsonl.read(tmp_path / name)
        assert doc.text == TRICKY


def test_lines_are_split_on_newline_only(tmp_path):
    # U+2028 and U+0085 are line breaks for str.splitlines but not for JSONL
    write_lines(tmp_path / "d.jsonl", json.dumps({"id": "x", "text": "a\u2028b\u0085c"}, ensure_ascii=False))
    [doc] = jsonl.read(tmp_path / "d.jsonl")
    assert doc.text == "a\u2028b\u0085c"


def test_write_then_read_is_identity(tmp_path):
    start = TRICKY.index("طرابلس")
    doc = Document(
        id="t",
        text=TRICKY,
        status="done",
        meta={"k": [1, "٢"]},
        spans=[Span(id="s", start=start, end=start + 6, label="GPE", layer="entity", annotator="a")],
    )
    assert jsonl.write([doc], tmp_path / "o.jsonl") == 1
    [back] = jsonl.read(tmp_path / "o.jsonl")
    assert back == doc


def test_write_is_atomic(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text("previous export\n")

    def docs():
        yield Document(id="a", text="نص")
        raise RuntimeError("the export broke half-way")

    with pytest.raises(RuntimeError):
        jsonl.write(docs(), out)
    assert out.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["o.jsonl"]
