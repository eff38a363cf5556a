"""Bad input on every new reader path: exit 2, one ``error:`` line naming
the file and the line (or annotation), and the project as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import one_error_line, snapshot

PEERS = Path(__file__).resolve().parent / "data" / "peers"
TEXT = "قال مُحمّد إن وزارة الصحة في طرابلس"


def brat(folder: Path, ann: str) -> Path:
    folder.mkdir()
    (folder / "d.txt").write_text(TEXT, encoding="utf-8")
    (folder / "d.ann").write_text(ann, encoding="utf-8")
    return folder


CASES = {
    "brat truncated event": (
        lambda d: brat(d / "b", "T1\tGPE 29 35\tطرابلس\nE1\tGPE:"),
        [],
        ("d.ann", "line 2", "event E1"),
    ),
    "brat event to nothing": (
        lambda d: brat(d / "b", "T1\tGPE 29 35\tطرابلس\nE1\tGPE:T1 Theme:T9\n"),
        ["--add-labels"],
        ("d.ann", "line 2", "'T9'"),
    ),
    "brat note on nothing": (
        lambda d: brat(d / "b", "T1\tGPE 29 35\tطرابلس\n#1\tAnnotatorNotes R4\tx\n"),
        [],
        ("d.ann", "line 2", "'R4'"),
    ),
    "brat fragment outside": (
        lambda d: brat(d / "b", "T1\tGPE 29 35;40 44\tطرابلس x\n"),
        [],
        ("d.ann", "line 1", "outside the text"),
    ),
    "doccano graphemes past the end": (
        lambda d: _write(d / "g.jsonl", json.dumps({"text": TEXT, "label": [[4, 40, "PERSON"]]}, ensure_ascii=False)),
        ["--offsets", "graphemes"],
        ("g.jsonl", "line 1", "grapheme clusters"),
    ),
    "doccano relation to nothing": (
        lambda d: _write(
            d / "r.jsonl",
            json.dumps(
                {
                    "text": TEXT,
                    "entities": [{"id": 1, "start_offset": 29, "end_offset": 35, "label": "GPE"}],
                    "relations": [{"id": 1, "from_id": 1, "to_id": 5, "type": "SOURCE"}],
                },
                ensure_ascii=False,
            ),
        ),
        [],
        ("r.jsonl", "line 1", "relation #1"),
    ),
    "conll nested column count": (
        lambda d: _write(d / "n.conll", "جريدة B-ORG\nفلسطين I-ORG B-GPE\nاليوم I-ORG\nغزة I-ORG I-GPE\n"),
        ["--add-labels"],
        ("n.conll", "line 3", "columns"),
    ),
    "conll I- at depth 2 alone": (
        lambda d: _write(d / "m.conll", "جريدة B-ORG O\nفلسطين O I-GPE\n"),
        ["--add-labels"],
        ("m.conll", "line 2", "no enclosing depth-1 span"),
    ),
    "xmi type system mismatch": (
        lambda d: _xmi(d, lambda s: s.replace("type3:NamedEntity", "type3:Weapon")),
        [],
        ("bad.xmi", "type system", ""),
    ),
    "xmi truncated": (lambda d: _xmi(d, lambda s: s[:4000]), [], ("bad.xmi", "type system", "")),
    "xmi offsets out of range": (
        lambda d: _xmi(d, lambda s: s.replace('begin="700" end="710"', 'begin="700" end="9999"')),
        [],
        ("bad.xmi", "xmi:id", "outside the text"),
    ),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _xmi(d: Path, mangle) -> Path:
    shutil.copy(PEERS / "xmi" / "TypeSystem.xml", d / "TypeSystem.xml")
    (d / "bad.xmi").write_text(
        mangle((PEERS / "xmi" / "cas_with_smileys.xmi").read_text(encoding="utf-8")), encoding="utf-8"
    )
    return d / "bad.xmi"


@pytest.mark.parametrize("case", list(CASES))
def test_bad_peer_file_is_refused_and_changes_nothing(case, db, tmp_path, cli):
    make, args, mentions = CASES[case]
    path = make(tmp_path)
    before = snapshot(db)
    res = cli("import", db, path, *args)
    assert res.code == 2
    line = one_error_line(res.err)
    for m in mentions:
        assert m in line, line
    assert snapshot(db) == before


def test_grapheme_export_of_a_span_cutting_a_cluster_fails_and_writes_nothing(db, tmp_path, cli):
    src = tmp_path / "in.jsonl"
    start = TEXT.index("مُحمّد")
    src.write_text(
        json.dumps(
            {
                "id": "x",
                "text": TEXT,
                "spans": [
                    {
                        "id": "s1",
                        "start": start,
                        "end": start + 1,
                        "label": "PERSON",
                        "layer": "entity",
                        "annotator": "a",
                    }
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert cli("import", db, src).code == 0
    res = cli("export", db, "--format", "doccano", "--offsets", "graphemes", "--out", tmp_path / "o.jsonl")
    assert res.code == 2
    assert "'s1'" in one_error_line(res.err) and "grapheme cluster" in res.err
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "conll", "--offsets", "graphemes"),
        ("--format", "jsonl", "--columns", "0,1"),
        ("--format", "doccano", "--no-fragments"),
        ("--format", "brat", "--typesystem", __file__),
    ],
)
def test_a_reader_option_with_another_format_is_refused(args, db, tmp_path, cli):
    f = tmp_path / "a.txt"
    f.write_text("نص", encoding="utf-8")
    before = snapshot(db)
    res = cli("import", db, f, *args)
    assert res.code == 2 and "goes with --format" in one_error_line(res.err)
    assert snapshot(db) == before
