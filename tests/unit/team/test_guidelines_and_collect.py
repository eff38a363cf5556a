"""Guidelines in the project (set, printed, refused when not UTF-8, written
into the hf card with the label descriptions) and collecting packs (a pack
not made from this project still merges, but the report says so)."""

from __future__ import annotations

from pathlib import Path

from annotator.model import Document
from annotator.store import Project
from annotator.team.assign import assign
from annotator.team.collect import collect, origin_note, pack_files
from tests.cli_helpers import one_error_line, snapshot

GUIDE = "# إرشادات التوسيم\n\nضع علامة **CHECKWORTHY** على الخبر الذي فيه ادعاء.\n\n## Numbers\n\n- digits `٣٪`\n"


def test_guidelines_are_set_printed_and_logged(tmp_path, cli, db):
    f = tmp_path / "g.md"
    f.write_text(GUIDE, encoding="utf-8")
    r = cli("guidelines", db, f)
    assert r.code == 0, r.err
    r = cli("guidelines", db)
    assert r.out == GUIDE
    with Project.open(db, readonly=True) as p:
        rows = [h for h in p.history() if h["kind"] == "guidelines"]
        assert rows and rows[0]["after"] == {"text": GUIDE}
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf# BOM\n")
    assert cli("guidelines", db, bom).code == 0
    assert cli("guidelines", db).out == "# BOM\n"


def test_no_guidelines_yet_says_so(db, cli):
    r = cli("guidelines", db)
    assert r.code == 0 and r.out == "" and "no guidelines yet" in r.err


def test_guidelines_that_are_not_utf8_are_refused_with_the_byte_offset(tmp_path, cli, db):
    before = snapshot(db)
    f = tmp_path / "cp1256.md"
    f.write_bytes("# عنوان\n".encode() + "إرشادات".encode("cp1256"))
    r = cli("guidelines", db, f)
    assert r.code == 2
    line = one_error_line(r.err)
    assert f"not UTF-8 at byte offset {len('# عنوان'.encode()) + 1}" in line
    assert snapshot(db) == before
    bom = tmp_path / "bom-bad.md"
    bom.write_bytes(b"\xef\xbb\xbfab\xff")
    assert "byte offset 5" in one_error_line(cli("guidelines", db, bom).err)
    assert "is a directory" in one_error_line(cli("guidelines", db, tmp_path).err)
    assert cli("guidelines", db, tmp_path / "missing.md").code == 2
    assert snapshot(db) == before


def test_the_hf_card_has_the_guidelines_and_label_descriptions(tmp_path, cli, db):
    f = tmp_path / "g.md"
    f.write_text(GUIDE + "\n<script>alert(1)</script>\n", encoding="utf-8")
    cli("guidelines", db, f)
    assert cli("export", db, "--format", "hf", "--out", tmp_path / "hf").code == 0
    card = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert "## Annotation guidelines" in card
    assert "### إرشادات التوسيم" in card and "#### Numbers" in card  # headings pushed below the card's
    assert "| document | CHECKWORTHY | The document makes a factual claim" in card
    assert "| entity | PERSON | A person, named or described (مسؤول عسكري أمريكي). |" in card
    assert "<script>" not in card and "&lt;script>" in card


def _lead(tmp_path: Path) -> Project:
    lead = Project.create(tmp_path / "lead.db")
    lead.import_documents([Document(id=f"d{i}", text=f"خبر رقم {i} عن الاقتصاد") for i in range(6)], who="t")
    return lead


def test_a_pack_of_this_project_merges_quietly_and_twice_changes_nothing(tmp_path):
    lead = _lead(tmp_path)
    assign(lead, "amira,badr", 0.5, 2, tmp_path / "packs")
    paths = pack_files(tmp_path / "packs")
    assert [origin_note(lead, p) for p in paths] == [None, None]
    first = collect(lead, paths)
    again = collect(lead, paths)
    assert all(c.note is None for c in first)
    assert all(not c.report.changed for c in again)


def test_a_file_not_made_from_this_project_still_merges_but_says_so(tmp_path, cli):
    lead = _lead(tmp_path)
    assign(lead, "amira,badr", 0.0, 2, tmp_path / "packs")
    lead.close()
    # a plain colleague's project, and a pack of another lead's project
    other = Project.create(tmp_path / "colleague.db")
    other.add_document(Document(id="x", text="خبر من زميل"), who="t")
    other.close()
    (tmp_path / "elsewhere").mkdir()
    stranger = Project.create(tmp_path / "elsewhere" / "lead2.db")
    stranger.add_document(Document(id="y", text="خبر من مشروع آخر"), who="t")
    assign(stranger, "amira", 0.0, 2, tmp_path / "elsewhere" / "packs")
    stranger.close()
    r = cli(
        "merge",
        tmp_path / "lead.db",
        tmp_path / "colleague.db",
        tmp_path / "elsewhere" / "packs" / "amira.db",
        tmp_path / "packs" / "amira.db",
    )
    assert r.code == 0, r.err
    notes = [line for line in r.err.splitlines() if line.startswith("note:")]
    assert len(notes) == 2
    assert "colleague.db: not a work pack of this project (no assignment record); merged anyway" in notes[0]
    assert "a work pack made from another project (lead2.db)" in notes[1]
    with Project.open(tmp_path / "lead.db", readonly=True) as lead:
        assert {"x", "y"} <= set(lead.document_ids())


def test_collect_needs_a_folder_with_projects(tmp_path):
    import pytest

    from annotator.errors import AnnotatorError

    with pytest.raises(AnnotatorError, match="not a folder"):
        pack_files(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(AnnotatorError, match="no project files"):
        pack_files(tmp_path / "empty")


def test_agree_overlap_only_needs_an_overlap(tmp_path, cli):
    lead = _lead(tmp_path)
    assign(lead, "amira,badr", 0.0, 2, tmp_path / "packs")
    lead.close()
    r = cli("agree", tmp_path / "lead.db", "--overlap-only")
    assert r.code == 2
    assert "no document assigned to more than one annotator" in one_error_line(r.err)
