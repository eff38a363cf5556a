"""The hostile corpus in ``tests/data/bad/``: every file is refused with
exit 2 and one ``error:`` line naming it (and what is wrong), and the
project is byte-identical afterwards. A few hostile-but-valid files
(HTML in text, ids that look like paths or devices) are accepted, stored as
plain text and never escape an export folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_helpers import one_error_line, snapshot

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file -> what the error line must contain (besides the file's name)
EXPECTED = {
    "empty.txt": "the file is empty",
    "binary-png.txt": "binary file",
    "invalid-utf8-mid.txt": "byte 30: invalid UTF-8",
    "latin1-not-arabic.txt": "byte 15: invalid UTF-8",
    "utf16-without-bom.txt": "binary file",
    "utf16-odd-bytes.txt": "invalid UTF-16-LE",
    "nul-bytes.txt": "binary file",
    "utf16-with-nul-char.txt": "a NUL character (character 3)",
    "utf16-csv-with-nul.csv": "a NUL character",
    "truncated.jsonl": "line 3: not valid JSON",
    "not-json.jsonl": "line 2: not valid JSON",
    "array-line.jsonl": "line 2: a line must be a JSON object",
    "missing-text.jsonl": 'line 2: the document has no "text"',
    "offset-past-end.jsonl": "outside the text",
    "negative-offset.jsonl": "start -5 is negative",
    "start-after-end.jsonl": "start 20 is not before end 10",
    "empty-span.jsonl": "start 10 is not before end 10",
    "unknown-layer.jsonl": "unknown layer 'sentiment'",
    "html-label.jsonl": "label '<script>alert(1)</script>' is not in the scheme",
    "deep-nesting.jsonl": "line 2: JSON nested too deeply",
    "nul-escape.jsonl": "NUL character",
    "duplicate-span-id.jsonl": "span id 's1' appears twice",
    "dangling-relation.jsonl": "unknown span 'ghost'",
    "number-value-not-number.jsonl": "not a number",
    "spans-not-a-list.jsonl": '"spans" must be a list',
    "invalid-utf8.jsonl": "line 2, byte 94: invalid UTF-8",
    "same-id-other-text.jsonl": "'twin' is already in the project with a different text",
    "id-not-string.jsonl": '"id" must be a string',
    "no-text-column.csv": "no text column",
    "ragged-row.csv": "line 3: expected 2 columns, found 3",
    "empty-text-cell.csv": "line 2: the text cell is empty",
    "unknown-extension.docx": "cannot tell the format",
    "label-studio-truncated.json": "not valid JSON",
    "label-studio-not-a-list.json": "a JSON list of tasks",
    "label-studio-offset-past-end.json": "outside the text",
    "label-studio-negative-offset.json": "outside the text",
    "doccano-offset-past-end.jsonl": "outside the text",
    "doccano-truncated.jsonl": "line 2: not valid JSON",
    "brat-offset-past-end": "outside the text",
    "brat-negative-offset": "outside the text",
    "brat-malformed-line": "line 1",
    "conll-bad-tag.conll": "line 4: 'X-GPE' is not an IOB/BIOES tag",
    "conll-end-without-begin.conll": "line 2: tag E-GPE ends a chunk that was never begun",
    "conll-ragged-columns.conll": "line 3",
    "conll-unknown-label.conll": "label 'WEAPON' is not in the scheme",
}
# project files: refused as a project, and left as they were
BAD_PROJECTS = {
    "newer-schema.db": "newer annotator (schema 99",
    "not-sqlite.db": "not an SQLite project file",
}
ACCEPTED = ("accepted-html-text.jsonl", "accepted-odd-ids.jsonl")


def test_the_corpus_is_complete():
    on_disk = {p.name for p in BAD.iterdir()}
    assert on_disk == set(EXPECTED) | set(BAD_PROJECTS) | set(ACCEPTED)
    assert len(on_disk) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused(name, db, tmp_path, cli):
    src = tmp_path / "in" / name  # a copy, so the error names a short path
    if (BAD / name).is_dir():
        shutil.copytree(BAD / name, src)
    else:
        src.parent.mkdir()
        shutil.copy(BAD / name, src)
    before = snapshot(db)
    result = cli("import", db, src)
    assert result.code == 2, result.out
    line = one_error_line(result.err)
    assert name in line
    assert EXPECTED[name] in line
    assert snapshot(db) == before


@pytest.mark.parametrize("name", sorted(BAD_PROJECTS))
def test_hostile_project_file_is_refused_and_untouched(name, tmp_path, cli):
    project = tmp_path / name
    shutil.copy(BAD / name, project)
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    before = project.read_bytes()
    for args in (
        ("import", project, tmp_path / "a.txt"),
        ("stats", project),
        ("export", project, "--format", "jsonl", "--out", tmp_path / "o.jsonl"),
        ("backup", project, tmp_path / "copy.db"),
    ):
        result = cli(*args)
        assert result.code == 2, args
        assert BAD_PROJECTS[name] in one_error_line(result.err)
    assert project.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "a.txt"])


def test_html_is_stored_as_text(db, tmp_path, cli):
    assert cli("import", db, BAD / "accepted-html-text.jsonl").code == 0
    assert cli("export", db, "--format", "jsonl", "--out", tmp_path / "o.jsonl").code == 0
    docs = {d["id"]: d for d in map(json.loads, (tmp_path / "o.jsonl").read_text("utf-8").splitlines())}
    original = json.loads((BAD / "accepted-html-text.jsonl").read_text("utf-8"))["text"]
    assert docs["html"]["text"] == original  # not escaped, not stripped, not run


def _writers() -> list[str]:
    from annotator.formats import WRITERS

    return sorted(WRITERS)


@pytest.mark.parametrize("fmt", _writers())
def test_path_like_ids_never_escape_the_export_folder(fmt, db, tmp_path, cli):
    """Every export format, given ids such as ``../../x``, ``con`` and a
    right-to-left override, writes only inside the folder it was given."""
    assert cli("import", db, BAD / "accepted-odd-ids.jsonl").code == 0
    out = tmp_path / "deep" / "export"
    out.mkdir(parents=True)
    target = (
        out / f"x.{fmt}"
        if fmt in ("jsonl", "doccano", "label-studio", "claims", "parquet", "conll", "spacy", "checkthat")
        else out
    )

    def outside() -> list[Path]:
        return sorted(
            p.relative_to(tmp_path)
            for p in tmp_path.rglob("*")
            if out not in p.parents and p != out and not p.name.startswith("p.db")
        )

    before_outside = outside()
    result = cli("export", db, "--format", fmt, "--out", target)
    assert result.code == 0, result.err
    assert all(p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*"))
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "deep" / "x.txt").exists()
    names = [p.name.lower() for p in out.rglob("*")]
    assert not any(n.split(".")[0] in {"con", "nul"} for n in names)
    assert outside() == before_outside
    assert list(out.rglob("*"))


def test_a_50_mb_line(db, tmp_path, cli):
    """One 50 MB line: broken at its very end, the error still names the
    place (byte offset or line), quickly and without a traceback."""
    chunk = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا. "
    body = chunk * (50_000_000 // len(chunk.encode()))
    (tmp_path / "huge.txt").write_bytes(body.encode() + b"\xff")
    (tmp_path / "huge.jsonl").write_text('{"id": "huge", "text": "' + body, encoding="utf-8")
    before = snapshot(db)
    result = cli("import", db, tmp_path / "huge.txt")
    assert result.code == 2
    assert f"byte {len(body.encode())}: invalid UTF-8" in one_error_line(result.err)
    result = cli("import", db, tmp_path / "huge.jsonl")
    assert result.code == 2
    assert "huge.jsonl, line 1: not valid JSON" in one_error_line(result.err)
    assert snapshot(db) == before
