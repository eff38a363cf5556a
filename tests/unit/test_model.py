"""The data model refuses what breaks its rules, naming document and span."""

from __future__ import annotations

import pytest

from annotator.errors import ModelError
from annotator.model import Document, Scheme, Span, parse_document

TEXT = "في طرابلس قتل ٤٣ شخصاً"


def doc(*spans: dict, **kw) -> dict:
    return {"id": "doc-7", "text": TEXT, "spans": list(spans), **kw}


def span(start=3, end=9, label="GPE", layer="entity", sid="s1", **kw) -> dict:
    return {"id": sid, "start": start, "end": end, "label": label, "layer": layer, "annotator": "amira", **kw}


@pytest.mark.parametrize(
    "bad, message",
    [
        (span(3, 99), "outside the text"),
        (span(5, 5), "start 5 is not before end 5"),
        (span(7, 4), "not before end"),
        (span(-1, 4), "negative"),
        (span(layer="sentiment"), "unknown layer 'sentiment'"),
        (span(layer="number", label="NUMBER", attrs={"value": "many"}), "not a number"),
        (span(layer="number", label="NUMBER", attrs={"kind": "roman"}), "number kind 'roman'"),
        (span(layer="claim", label="CLAIM", attrs={"certainty": "sure"}), "certainty 'sure'"),
        (span(status="maybe"), "status"),
        (span(source="magic"), "unknown source"),
    ],
)
def test_bad_span_names_document_and_span(bad, message):
    with pytest.raises(ModelError) as err:
        parse_document(doc(bad))
    assert "document 'doc-7'" in str(err.value) and "span 's1'" in str(err.value)
    assert message in str(err.value)


def test_unknown_label_is_checked_against_the_scheme():
    parsed = parse_document(doc(span(label="WEAPON")))  # the model alone cannot know
    with pytest.raises(
        ModelError, match="document 'doc-7', span 's1': label 'WEAPON' is not in the scheme's entity layer"
    ):
        parsed.check_scheme(Scheme.default())
    with pytest.raises(ModelError, match="'WEAPON'"):
        parse_document(doc(span(label="WEAPON")), scheme=Scheme.default())


def test_duplicates_and_dangling_references():
    with pytest.raises(ModelError, match="span id 's1' appears twice"):
        parse_document(doc(span(), span(start=0, end=2)))
    with pytest.raises(ModelError, match="duplicates another entity span"):
        parse_document(doc(span(), span(sid="s2")))
    with pytest.raises(ModelError, match="relation 'r1' points to unknown span 'nope'"):
        parse_document(
            doc(span(), relations=[{"id": "r1", "head": "s1", "tail": "nope", "label": "SOURCE", "annotator": "a"}])
        )
    with pytest.raises(ModelError, match="comment 'c1' is on unknown span"):
        parse_document(doc(comments=[{"id": "c1", "span": "zz", "author": "a", "text": "?"}]))


def test_overlaps_across_layers_and_annotators_are_fine():
    d = parse_document(
        doc(
            span(),
            span(sid="s2", layer="claim", label="CLAIM"),
            {**span(sid="s3"), "annotator": "omar"},
            span(sid="s4", start=0, end=9),
        )
    )
    assert len(d.spans) == 4


def test_nul_in_text_is_refused():
    with pytest.raises(ModelError, match="NUL character at offset 2"):
        parse_document({"id": "n", "text": "ab\x00c"})


def test_not_an_object_and_unknown_fields():
    with pytest.raises(ModelError, match="JSON object"):
        parse_document(["id", "text"])
    with pytest.raises(ModelError, match="document 'doc-7'.*colour"):
        parse_document(doc(colour="red"))


def test_surface_is_the_code_point_slice():
    s = Span(start=3, end=9, label="GPE", layer="entity", annotator="a")
    assert s.surface(TEXT) == "طرابلس"
    assert Document(id="x", text=TEXT, spans=[s]).spans[0].key == ("a", "entity", 3, 9)


def test_scheme_from_files(tmp_path):
    (tmp_path / "s.json").write_text('[{"name": "WEAPON", "layer": "entity", "hotkey": "w"}]', encoding="utf-8")
    assert [lab.name for lab in Scheme.from_file(tmp_path / "s.json").labels] == ["WEAPON"]
    (tmp_path / "s.toml").write_text('[[labels]]\nname = "X"\nlayer = "claim"\n', encoding="utf-8")
    assert Scheme.from_file(tmp_path / "s.toml").labels[0].layer == "claim"
    (tmp_path / "bad.json").write_text(
        '[{"name": "A", "layer": "entity", "hotkey": "a"}, {"name": "B", "layer": "entity", "hotkey": "a"}]'
    )
    with pytest.raises(ModelError, match="hotkey 'a' is used by both"):
        Scheme.from_file(tmp_path / "bad.json")
    with pytest.raises(ModelError, match="cannot read"):
        Scheme.from_file(tmp_path / "none.json")
