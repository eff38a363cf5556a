"""UIMA CAS XMI: loaded back with dkpro-cassis (INCEpTION's Python twin)
with every span at the same code points, and UTF-16 offsets in the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cassis import load_cas_from_xmi, load_typesystem

from annotator.arabic.offsets import OffsetMap
from annotator.formats import ExportOptions, xmi
from tests.unit.formats.samples import documents, make_project, tricky_document


def _load(folder: Path, name: str):
    with open(folder / "TypeSystem.xml", "rb") as fh:
        ts = load_typesystem(fh)
    with open(folder / f"{name}.xmi", "rb") as fh:
        return load_cas_from_xmi(fh, typesystem=ts)


def _spans_of(cas) -> set[tuple]:
    out = set()
    for a in cas.select(xmi.NAMED_ENTITY):
        out.add((a.begin, a.end, a.value, "entity", a.get_covered_text()))
    for a in cas.select(xmi.NUMBER):
        out.add((a.begin, a.end, a.label, "number", a.get_covered_text()))
    for a in cas.select(xmi.CLAIM):
        out.add((a.begin, a.end, a.label, "claim", a.get_covered_text()))
    return out


def test_cassis_loads_every_span_back_unchanged(tmp_path: Path):
    assert xmi.write(documents(), tmp_path, ExportOptions()) == 2
    for doc in documents():
        cas = _load(tmp_path, doc.id)
        assert cas.sofa_string == doc.text
        assert _spans_of(cas) == {(s.start, s.end, s.label, s.layer, s.surface(doc.text)) for s in doc.spans}
        meta = next(iter(cas.select(xmi.METADATA)))
        assert meta.documentId == doc.id


def test_attributes_and_relations_are_features(tmp_path: Path):
    xmi.write(documents(), tmp_path, ExportOptions())
    cas = _load(tmp_path, "libya-airstrikes")
    numbers = {a.get_covered_text(): (json.loads(a.value), a.kind) for a in cas.select(xmi.NUMBER)}
    assert numbers["43"] == (43, "cardinal") and numbers["ثلث"] == (0.3333, "fraction")
    claim = next(iter(cas.select(xmi.CLAIM)))
    assert (claim.claimant, claim.certainty) == ("المسؤول العسكري", "reported")
    rels = {
        (r.label, r.Governor.get_covered_text()[:7], r.Dependent.get_covered_text()) for r in cas.select(xmi.RELATION)
    }
    assert ("MENTIONS", "الغارات", "43") in rels and ("SOURCE", "الغارات", "مسؤول عسكري أمريكي") in rels


def test_offsets_in_the_file_are_utf16_units_as_java_counts(tmp_path: Path):
    doc = tricky_document()
    xmi.write([doc], tmp_path, ExportOptions())
    raw = (tmp_path / "tricky.xmi").read_text(encoding="utf-8")
    omap = OffsetMap(doc.text)
    year = next(s for s in doc.spans if s.id == "n2")
    begins = {int(b) for b in re.findall(r'<custom:Number [^>]*begin="(\d+)"', raw)}
    assert omap.to_view(year.start) in begins and year.start not in begins


def test_typesystem_uses_inception_names(tmp_path: Path):
    xmi.write(documents(), tmp_path, ExportOptions())
    ts = (tmp_path / "TypeSystem.xml").read_text(encoding="utf-8")
    assert "<name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>" in ts
    assert "<name>webanno.custom.Number</name>" in ts and "<name>webanno.custom.Claim</name>" in ts


def test_cli_export(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli("export", tmp_path / "p.db", "--format", "xmi", "--out", tmp_path / "x", "--layer", "entity")
    assert res.code == 0, res.err
    cas = _load(tmp_path / "x", "tricky")
    assert {a.get_covered_text() for a in cas.select(xmi.NAMED_ENTITY)} >= {"ليبيا", "Armytimes"}
    assert not list(cas.select(xmi.NUMBER))
