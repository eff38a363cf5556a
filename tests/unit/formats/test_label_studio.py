"""Label Studio: tasks JSON + labeling config out, JSON and JSON-MIN in, with
offsets checked against the region text Label Studio stores."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.arabic.offsets import OffsetMap
from annotator.errors import FormatError
from annotator.formats import ExportOptions, label_studio
from annotator.model import SPAN_LAYERS, Scheme
from tests.conftest import TRICKY, suggestion
from tests.unit.formats.samples import documents, import_into_new_project, make_project, seed_document, surfaces


def _export(tmp_path: Path, docs) -> Path:
    out = tmp_path / "tasks.json"
    assert label_studio.write(docs, out, ExportOptions(scheme=Scheme.default())) == len(docs)
    return out


def test_round_trip_keeps_spans_attributes_relations_and_annotators(tmp_path: Path):
    out = _export(tmp_path, documents())
    back = {d.id: d for d in label_studio.read(out)}
    for doc in documents():
        got = back[doc.id]
        assert got.text == doc.text and got.status == doc.status
        assert {(s.start, s.end, s.label, s.layer, s.annotator, tuple(sorted(s.attrs.items()))) for s in got.spans} == {
            (s.start, s.end, s.label, s.layer, s.annotator, tuple(sorted(s.attrs.items()))) for s in doc.spans
        }
        assert {(r.head, r.tail, r.label) for r in got.relations} == {(r.head, r.tail, r.label) for r in doc.relations}


def test_suggestions_become_predictions(tmp_path: Path):
    doc = seed_document()
    doc.spans.append(suggestion(0, 5, "PERSON", "entity", "prelabel", id="sg", annotator="numbers-bot"))
    task = json.loads(_export(tmp_path, [doc]).read_text(encoding="utf-8"))[0]
    assert [r["id"] for r in task["predictions"][0]["result"]] == ["sg"]
    got = next(label_studio.read(tmp_path / "tasks.json"))
    assert [s.status for s in got.spans if s.id == "sg"] == ["suggested"]


def test_labeling_config_names_every_label_and_control(tmp_path: Path):
    _export(tmp_path, documents())
    view = ET.fromstring((tmp_path / "tasks.label_config.xml").read_text(encoding="utf-8"))
    labels = {(c.get("name"), lab.get("value")) for c in view.iter("Labels") for lab in c.iter("Label")}
    assert labels == {(lab.layer, lab.name) for lab in Scheme.default().labels if lab.layer in SPAN_LAYERS}
    assert {c.get("name") for c in view.iter("Choices")} == {"kind", "certainty"}
    assert view.find("Text").get("value") == "$text"


def test_label_studio_converter_reads_config_and_tasks_and_its_json_min_comes_back(tmp_path: Path):
    from label_studio_converter import Converter

    out = _export(tmp_path, documents())
    conv = Converter(
        config=(tmp_path / "tasks.label_config.xml").read_text(encoding="utf-8"), project_dir=str(tmp_path)
    )
    conv.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    back = {d.id: d for d in label_studio.read(tmp_path / "min" / "result.json", annotator="amira")}
    for doc in documents():
        assert surfaces(back[doc.id]) == surfaces(doc)
        assert {(s.start, s.layer) for s in back[doc.id].spans} == {(s.start, s.layer) for s in doc.spans}


def test_offsets_are_code_points_with_the_surface_beside_them(tmp_path: Path):
    task = json.loads(_export(tmp_path, documents()).read_text(encoding="utf-8"))[1]
    region = next(r for a in task["annotations"] for r in a["result"] if r.get("value", {}).get("text") == "2016")
    assert region["value"]["start"] == TRICKY.index("2016")


def test_older_utf16_offsets_are_recognised_by_their_region_text(tmp_path: Path):
    om = OffsetMap(TRICKY)
    start = TRICKY.index("ليبيا", TRICKY.index("وليبيا"))
    task = {
        "id": 9,
        "data": {"text": TRICKY},
        "annotations": [
            {
                "completed_by": 3,
                "result": [
                    {
                        "id": "a",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": om.to_view(start),
                            "end": om.to_view(start + 5),
                            "text": "ليبيا",
                            "labels": ["GPE"],
                        },
                    }
                ],
            }
        ],
    }
    (tmp_path / "old.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    doc = next(label_studio.read(tmp_path / "old.json", annotator="sara"))
    assert (doc.id, doc.spans[0].start, doc.spans[0].surface(doc.text), doc.spans[0].annotator) == (
        "9",
        start,
        "ليبيا",
        "sara",
    )


def test_json_min_export_is_read(tmp_path: Path):
    rows = [
        {
            "id": 4,
            "text": TRICKY,
            "annotator": "lina",
            "label": [
                {
                    "start": TRICKY.index("طرابلس"),
                    "end": TRICKY.index("طرابلس") + 6,
                    "text": "طرابلس",
                    "labels": ["GPE"],
                }
            ],
            "number": [
                {"start": TRICKY.index("٥٠٪"), "end": TRICKY.index("٥٠٪") + 3, "text": "٥٠٪", "labels": ["NUMBER"]}
            ],
        }
    ]
    (tmp_path / "min.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    doc = next(label_studio.read(tmp_path / "min.json"))
    assert {(s.surface(doc.text), s.layer, s.annotator) for s in doc.spans} == {
        ("طرابلس", "entity", "lina"),
        ("٥٠٪", "number", "lina"),
    }


def test_region_whose_text_matches_no_counting_is_refused(tmp_path: Path):
    task = {
        "data": {"text": "في وليبيا"},
        "annotations": [
            {
                "result": [
                    {
                        "id": "x1",
                        "from_name": "entity",
                        "type": "labels",
                        "value": {"start": 3, "end": 8, "text": "ليبيا", "labels": ["GPE"]},
                    }
                ]
            }
        ],
    }
    (tmp_path / "bad.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad.json: document 'bad-1', region 'x1': offsets \[3:8\] cover 'وليبي'"):
        list(label_studio.read(tmp_path / "bad.json"))


@pytest.mark.parametrize(
    "content, message",
    [
        ('[{"data": ', "not valid JSON"),
        ("42", "list of tasks"),
        ('[{"data": {"n": 1}}]', 'no "text" string'),
        (
            '[{"data": {"text": "ليبيا"}, "annotations": [{"result": [{"type": "labels", "value": {"start": "0", "end": 5, "labels": ["GPE"]}}]}]}]',
            "must be integers",
        ),
    ],
)
def test_malformed_exports_are_one_line_errors(tmp_path: Path, content: str, message: str):
    (tmp_path / "x.json").write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as err:
        list(label_studio.read(tmp_path / "x.json"))
    assert "x.json" in str(err.value) and "\n" not in str(err.value)


def test_cli_export_then_import(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    out = tmp_path / "ls.json"
    assert cli("export", tmp_path / "p.db", "--format", "label-studio", "--out", out).code == 0
    assert (tmp_path / "ls.label_config.xml").is_file()
    got = import_into_new_project(cli, tmp_path / "q.db", out)
    for doc in documents():
        assert surfaces(got[doc.id]) == surfaces(doc)


def test_cli_import_of_a_bad_export_changes_nothing(tmp_path: Path, cli):
    assert cli("init", tmp_path / "q.db").code == 0
    (tmp_path / "bad.json").write_text(
        '[{"data": {"text": "ليبيا"}}, {"data": {"text": "في وليبيا"}, "annotations": '
        '[{"result": [{"id": "x", "type": "labels", "value": {"start": 3, "end": 8, '
        '"text": "ليبيا", "labels": ["GPE"]}}]}]}]',
        encoding="utf-8",
    )
    res = cli("import", tmp_path / "q.db", tmp_path / "bad.json", "--format", "label-studio")
    assert res.code == 2 and res.err.count("\n") == 1 and "region 'x'" in res.err
    assert '"documents": 0' in cli("stats", tmp_path / "q.db", "--json").out


def test_each_label_studio_annotation_becomes_an_annotator(tmp_path: Path):
    text = "قال مسؤول في طرابلس"
    region = {
        "id": "a1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 13, "end": 19, "text": "طرابلس", "labels": ["GPE"]},
    }
    task = {
        "id": 5,
        "data": {"text": text},
        "annotations": [
            {"completed_by": 1, "result": [region]},
            {
                "completed_by": {"email": "lina@example.org"},
                "result": [dict(region, id="b1", value=dict(region["value"], labels=["LOC"]))],
            },
            {"completed_by": 2, "was_cancelled": True, "result": [dict(region, id="c1")]},
        ],
    }
    (tmp_path / "t.json").write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    doc = next(label_studio.read(tmp_path / "t.json", annotator="ls"))
    assert sorted((s.annotator, s.label) for s in doc.spans) == [("lina@example.org", "LOC"), ("ls-1", "GPE")]
