"""brat standoff: written per document, read back by our reader with every
span, attribute and relation where it was; the .txt keeps its CRLFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.formats import ExportOptions, brat
from annotator.model import Scheme
from tests.unit.formats.samples import documents, import_into_new_project, make_project, surfaces, tricky_document


def _key(doc):
    return {(s.start, s.end, s.label, s.layer, tuple(sorted(s.attrs.items()))) for s in doc.spans}


def test_round_trip_keeps_spans_attributes_and_relations(tmp_path: Path):
    docs = documents()
    assert brat.write(docs, tmp_path, ExportOptions(scheme=Scheme.default())) == 2
    back = {d.id: d for d in brat.read(tmp_path, annotator="amira")}
    for doc in docs:
        got = back[doc.id]
        assert got.text == doc.text
        assert _key(got) == _key(doc)
        assert surfaces(got) == surfaces(doc)
        by_id = {s.id: s for s in got.spans}
        orig = {s.id: s for s in doc.spans}
        rels = {(r.label, by_id[r.head].start, by_id[r.tail].start) for r in got.relations}
        assert rels == {(r.label, orig[r.head].start, orig[r.tail].start) for r in doc.relations}


def test_text_is_written_without_newline_translation(tmp_path: Path):
    brat.write([tricky_document()], tmp_path, ExportOptions(scheme=Scheme.default()))
    assert (tmp_path / "tricky.txt").read_bytes() == tricky_document().text.encode("utf-8")


def test_span_crossing_a_line_break_is_written_as_fragments(tmp_path: Path):
    doc = tricky_document()
    claim = next(s for s in doc.spans if s.id == "c1")
    brat.write([doc], tmp_path, ExportOptions(scheme=Scheme.default()))
    line = next(
        ann
        for ann in (tmp_path / "tricky.ann").read_text(encoding="utf-8").splitlines()
        if ann.startswith("T") and "CLAIM" in ann and ";" in ann
    )
    cut = doc.text.index("\r\n", claim.start)
    assert f"CLAIM {claim.start} {cut};{cut + 2} {claim.end}" in line


def test_number_value_and_claim_attributes_use_attribute_and_note_lines(tmp_path: Path):
    brat.write(documents(), tmp_path, ExportOptions(scheme=Scheme.default()))
    ann = (tmp_path / "libya-airstrikes.ann").read_text(encoding="utf-8")
    assert "\tkind T" in ann and "\tcertainty T" in ann
    assert '"value": 43' in ann and '"claimant": "المسؤول العسكري"' in ann
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "!number\n\tNUMBER" in conf
    assert "certainty\tArg:CLAIM|CLAIMANT, Value:asserted|reported|hedged|denied" in conf


def test_unsafe_document_id_stays_inside_the_folder(tmp_path: Path):
    doc = tricky_document().model_copy(update={"id": "../../escape"})
    out = tmp_path / "out"
    brat.write([doc], out, ExportOptions(scheme=Scheme.default()))
    assert not list(tmp_path.glob("escape*"))
    assert len(list(out.glob("*.ann"))) == 1


def _collection(tmp_path: Path, text: str, ann: str) -> Path:
    (tmp_path / "d.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "d.ann").write_bytes(ann.encode("utf-8"))
    return tmp_path


def test_surface_that_disagrees_with_the_offsets_is_refused(tmp_path: Path):
    folder = _collection(tmp_path, "في وليبيا 😀", "T1\tGPE 4 9\tوليبي\n")
    with pytest.raises(
        FormatError,
        match=r"d.ann, line 1: document 'd', span 'T1': offsets 4 9 cover 'ليبيا' but the file says 'وليبي'",
    ):
        list(brat.read(folder))


@pytest.mark.parametrize(
    "ann, message",
    [
        ("T1\tGPE 4\tليبيا\n", "not 'start end' pairs"),
        ("T1\tGPE 4 99\tليبيا\n", "outside the text"),
        ("T1\tGPE 4 9 ليبيا\n", "no surface text"),
        ("X1\tfoo\n", "unknown annotation line"),
        ("T1\tGPE 3 8\tليبيا\nA1\tkind T7 cardinal\n", "unknown annotation 'T7'"),
    ],
)
def test_malformed_annotations_name_file_and_line(tmp_path: Path, ann: str, message: str):
    folder = _collection(tmp_path, "في ليبيا والعراق", ann)
    with pytest.raises(FormatError, match=message) as err:
        list(brat.read(folder))
    assert "d.ann" in str(err.value) and "\n" not in str(err.value)


def test_cli_export_then_import_into_a_new_project(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    assert cli("export", tmp_path / "p.db", "--format", "brat", "--out", tmp_path / "b").code == 0
    got = import_into_new_project(cli, tmp_path / "q.db", tmp_path / "b", "--annotator", "amira")
    for doc in documents():
        assert surfaces(got[doc.id]) == surfaces(doc)


def test_cli_import_of_a_broken_collection_changes_nothing(tmp_path: Path, cli):
    assert cli("init", tmp_path / "q.db").code == 0
    folder = tmp_path / "b"
    folder.mkdir()
    _collection(folder, "في ليبيا", "T1\tGPE 3 8\tليبيا\n")
    (folder / "e.txt").write_text("نص", encoding="utf-8")
    (folder / "e.ann").write_text("T1\tGPE 0 1\tX\n", encoding="utf-8")
    res = cli("import", tmp_path / "q.db", folder, "--format", "brat")
    assert res.code == 2
    assert res.err.startswith("error: ") and res.err.count("\n") == 1 and "e.ann, line 1" in res.err
    assert cli("stats", tmp_path / "q.db", "--json").out.count('"documents": 0') == 1


def test_a_single_ann_file_is_detected_as_brat(tmp_path: Path, cli):
    _collection(tmp_path, "في ليبيا", "T1\tGPE 3 8\tليبيا\n")
    assert cli("init", tmp_path / "q.db").code == 0
    res = cli("import", tmp_path / "q.db", tmp_path / "d.ann")
    assert res.code == 0, res.err
    assert "imported 1 documents (1 spans)" in res.out
