"""Which files an import takes, in which format."""

from __future__ import annotations

import pytest

from annotator.errors import FormatError
from annotator.formats.detect import expand


def test_folder_sorted_hidden_skipped(tmp_path):
    for name in ("b.txt", "a.jsonl", ".hidden.txt", "sub/c.csv", ".git/x.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('{"text": "x", "spans": []}' if name.endswith("jsonl") else "text\nx\n")
    got = [(p.relative_to(tmp_path).as_posix(), f) for p, f in expand([tmp_path])]
    assert got == [("a.jsonl", "jsonl"), ("b.txt", "txt"), ("sub/c.csv", "csv")]


def test_doccano_is_sniffed(tmp_path):
    (tmp_path / "d.jsonl").write_text('{"text": "x", "label": [[0, 1, "GPE"]]}\n')
    [(_, fmt)] = expand([tmp_path / "d.jsonl"])
    assert fmt == "doccano"


def test_brat_folder(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.ann").write_text("")
    assert expand([tmp_path]) == [(tmp_path, "brat")]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "nope.txt", "no such file or folder"),
        (lambda d: (d / "x.docx").write_text("x") and d / "x.docx", "cannot tell the format"),
        (lambda d: (d / "e").mkdir() or d / "e", "holds no files"),
        (lambda d: (d / "f").mkdir() or (d / "f" / "n.md").write_text("x") and d / "f", "none with a known extension"),
    ],
)
def test_refused(tmp_path, make, message):
    with pytest.raises(FormatError, match=message):
        expand([make(tmp_path)])


def test_forced_format_unknown(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(FormatError, match="no reader for format 'docx'"):
        expand([tmp_path / "a.txt"], "docx")
