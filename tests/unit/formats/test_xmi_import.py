"""UIMA CAS XMI import, proven by dkpro-cassis both ways: an XMI that
INCEpTION wrote (dkpro-cassis' own test file, with emoji, so UTF-16 offsets)
is imported with its NamedEntity values, exported, and loaded again by
cassis with the same entities plus our Sentence and Token annotations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cassis import load_cas_from_xmi, load_typesystem

from annotator.errors import FormatError
from annotator.formats import ExportOptions, xmi
from annotator.formats.detect import format_of
from annotator.formats.notices import ImportOptions, importing
from annotator.model import Document, Relation, Span

PEERS = Path(__file__).resolve().parents[2] / "data" / "peers" / "xmi"
NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"


def entities(xmi_path: Path, ts_path: Path) -> list[tuple[str, str]]:
    with open(ts_path, "rb") as fh:
        ts = load_typesystem(fh)
    with open(xmi_path, "rb") as fh:
        cas = load_cas_from_xmi(fh, typesystem=ts)
    return sorted((ne.get_covered_text(), ne.value) for ne in cas.select(NE))


def test_inception_xmi_goes_back_out_as_cassis_reads_it(tmp_path: Path):
    assert format_of(PEERS / "cas_with_smileys.xmi") == "xmi"
    with importing(ImportOptions()) as opts:
        docs = list(xmi.read(PEERS / "cas_with_smileys.xmi"))
    doc = docs[0]
    assert doc.id == "huggingface.txt" and doc.text.startswith("\U0001f917 Transformers") and "\r\n" in doc.text
    assert [s.surface(doc.text) for s in doc.spans] == [
        "Transformers",
        "Transformers",
        "Transformers",
        "PyTorch",
        "TensorFlow",
    ]
    assert {s.label for s in doc.spans} == {"OTH"}
    assert "xmi: 148 Token annotations not imported: segmentation" in "\n".join(opts.notices.lines())
    out = tmp_path / "out"
    xmi.write(docs, out, ExportOptions())
    written = out / "huggingface.txt.xmi"
    assert entities(written, out / "TypeSystem.xml") == entities(
        PEERS / "cas_with_smileys.xmi", PEERS / "TypeSystem.xml"
    )
    with open(out / "TypeSystem.xml", "rb") as fh:
        cas = load_cas_from_xmi(written.read_bytes().decode("utf-8"), typesystem=load_typesystem(fh))
    assert len(cas.select(xmi.SENTENCE)) >= 3 and len(cas.select(xmi.TOKEN)) > 100  # our sentence splitter
    assert cas.sofa_string == doc.text


def test_our_layers_relations_and_custom_layers_round_trip(tmp_path: Path):
    text = "قال 👨‍👩‍👧 وزير الصحة إن 43 مصابا وصلوا"
    w, n, c = text.index("وزير"), text.index("43"), text.index("إن")
    doc = Document(
        id="d1",
        text=text,
        spans=[
            Span(id="e", start=w, end=w + 10, label="PERSON", layer="entity", annotator="a"),
            Span(
                id="n",
                start=n,
                end=n + 2,
                label="NUMBER",
                layer="number",
                annotator="a",
                attrs={"value": 43, "kind": "cardinal"},
            ),
            Span(
                id="c",
                start=c + 3,
                end=len(text),
                label="CLAIM",
                layer="claim",
                annotator="a",
                attrs={"certainty": "reported", "claimant": "وزير الصحة"},
            ),
        ],
        relations=[Relation(id="r", head="c", tail="e", label="SOURCE", annotator="a")],
    )
    out = tmp_path / "out"
    xmi.write([doc], out, ExportOptions())
    back = next(xmi.read(out / "d1.xmi", annotator="a"))
    assert back.text == text
    got = {(s.surface(text), s.label, s.layer, tuple(sorted(s.attrs.items()))) for s in back.spans}
    assert got == {(s.surface(text), s.label, s.layer, tuple(sorted(s.attrs.items()))) for s in doc.spans}
    by_id = {s.id: s for s in back.spans}
    assert [(r.label, by_id[r.head].label, by_id[r.tail].label) for r in back.relations] == [
        ("SOURCE", "CLAIM", "PERSON")
    ]


def test_typesystem_option_and_missing_typesystem(tmp_path: Path):
    shutil.copy(PEERS / "cas_with_smileys.xmi", tmp_path / "a.xmi")
    with pytest.raises(FormatError, match="no TypeSystem.xml.*--typesystem"):
        list(xmi.read(tmp_path / "a.xmi"))
    with importing(ImportOptions(typesystem=str(PEERS / "TypeSystem.xml"))):
        assert len(next(xmi.read(tmp_path / "a.xmi")).spans) == 5


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda s: s[: len(s) // 2], "cannot be read with the type system"),  # truncated
        (lambda s: s.replace('begin="700" end="710"', 'begin="700" end="99999"'), "outside the text"),
        (
            lambda s: s.replace("type3:NamedEntity", "type3:Weapon"),
            "cannot be read with the type system",
        ),  # type not declared
    ],
)
def test_bad_xmi_names_the_file(tmp_path: Path, mangle, message):
    shutil.copy(PEERS / "TypeSystem.xml", tmp_path / "TypeSystem.xml")
    (tmp_path / "bad.xmi").write_text(
        mangle((PEERS / "cas_with_smileys.xmi").read_text(encoding="utf-8")), encoding="utf-8"
    )
    with pytest.raises(FormatError, match=message) as err:
        list(xmi.read(tmp_path / "bad.xmi"))
    assert "bad.xmi" in str(err.value) and "\n" not in str(err.value)


def test_cli_import_of_a_bad_xmi_changes_nothing(tmp_path: Path, cli, db):
    from tests.cli_helpers import one_error_line, snapshot

    shutil.copy(PEERS / "TypeSystem.xml", tmp_path / "TypeSystem.xml")
    (tmp_path / "bad.xmi").write_text(
        (PEERS / "cas_with_smileys.xmi").read_text(encoding="utf-8")[:5000], encoding="utf-8"
    )
    before = snapshot(db)
    res = cli("import", db, tmp_path / "bad.xmi")
    assert res.code == 2 and "bad.xmi" in one_error_line(res.err)
    assert snapshot(db) == before


def test_custom_span_and_relation_layers_of_an_inception_project(tmp_path: Path):
    """A project's own layers, as INCEpTION names them (webanno.custom.*): a
    span layer with a user-named feature and a relation layer."""
    from cassis import Cas, TypeSystem

    ts = TypeSystem()
    ev = ts.create_type("webanno.custom.Event", supertypeName="uima.tcas.Annotation")
    ts.create_feature(ev, "category", "uima.cas.String")
    ts.create_feature(ev, "confidence", "uima.cas.Integer")
    link = ts.create_type("webanno.custom.Participant", supertypeName="uima.tcas.Annotation")
    ts.create_feature(link, "Governor", "uima.tcas.Annotation")
    ts.create_feature(link, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(link, "role", "uima.cas.String")
    ne_t = ts.create_type(NE, supertypeName="uima.tcas.Annotation")
    ts.create_feature(ne_t, "value", "uima.cas.String")
    text = "هاجم 🚀 الجيش مدينة طرابلس"
    cas = Cas(typesystem=ts)
    cas.sofa_string = text
    a, b = text.index("هاجم"), text.index("الجيش")
    event = ev(begin=a, end=a + 4, category="attack", confidence=3)
    army = ne_t(begin=b, end=b + 5, value="ORG")
    cas.add_all([event, army])
    cas.add(link(begin=b, end=b + 5, Governor=event, Dependent=army, role="agent"))
    ts.to_xml(str(tmp_path / "TypeSystem.xml"))
    cas.to_xmi(str(tmp_path / "doc.xmi"))
    doc = next(xmi.read(tmp_path / "doc.xmi"))
    spans = {s.label: s for s in doc.spans}
    assert spans["Event"].surface(text) == "هاجم" and spans["Event"].attrs == {"category": "attack", "confidence": 3}
    assert spans["ORG"].surface(text) == "الجيش"
    rel = doc.relations[0]
    assert (rel.label, rel.head, rel.tail) == ("Participant", spans["Event"].id, spans["ORG"].id)
