"""Label Studio: what a task holds besides text regions (task-level
choices, textarea and rating, per-region controls of the user's own, extra
data fields) is kept on import and written back on export; the export is
read by label-studio-converter."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.formats import ExportOptions, label_studio
from annotator.formats.notices import ImportOptions, importing
from annotator.model import LAYERS

TEXT = "قالت وزارة الصحة في طرابلس إن الوضع مستقر."
W = TEXT.index("طرابلس")

CONFIG = """<View>
  <Labels name="entity" toName="text"><Label value="GPE"/></Labels>
  <Text name="text" value="$text"/>
  <Choices name="checkworthy" toName="text"><Choice value="Yes"/><Choice value="No"/></Choices>
  <TextArea name="notes" toName="text"/>
  <Rating name="quality" toName="text"/>
  <Choices name="confidence" toName="text" perRegion="true"><Choice value="high"/><Choice value="low"/></Choices>
</View>
"""

TASK = {
    "id": 7,
    "data": {"text": TEXT, "source_url": "https://example.org/a/1", "published": "2024-05-01"},
    "annotations": [
        {
            "id": 1,
            "completed_by": {"email": "amira@example.org"},
            "was_cancelled": False,
            "result": [
                {
                    "id": "r1",
                    "from_name": "entity",
                    "to_name": "text",
                    "type": "labels",
                    "value": {"start": W, "end": W + 6, "text": "طرابلس", "labels": ["GPE"]},
                },
                {
                    "id": "r1",
                    "from_name": "confidence",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"start": W, "end": W + 6, "text": "طرابلس", "choices": ["high"]},
                },
                {
                    "id": "t1",
                    "from_name": "checkworthy",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": ["Yes"]},
                },
                {
                    "id": "t2",
                    "from_name": "notes",
                    "to_name": "text",
                    "type": "textarea",
                    "value": {"text": ["يحتاج إلى تحقق من المصدر"]},
                },
                {"id": "t3", "from_name": "quality", "to_name": "text", "type": "rating", "value": {"rating": 4}},
            ],
        }
    ],
}


def _read(tmp_path: Path):
    src = tmp_path / "export.json"
    src.write_text(json.dumps([TASK], ensure_ascii=False), encoding="utf-8")
    with importing(ImportOptions()) as opts:
        docs = list(label_studio.read(src))
    return docs[0], opts


def test_task_level_results_and_data_fields_are_kept(tmp_path: Path):
    doc, opts = _read(tmp_path)
    assert not opts.notices.counts
    ls = doc.meta["label_studio"]
    assert ls["data"] == {"source_url": "https://example.org/a/1", "published": "2024-05-01"}
    assert [c.text for c in doc.comments] == ["يحتاج إلى تحقق من المصدر"]
    assert doc.comments[0].author == "amira@example.org" and doc.comments[0].span is None
    span = next(s for s in doc.spans if s.layer == "entity")
    assert span.attrs == {"confidence": ["high"]}
    kept = {r["from_name"]: r for r in ls["results"]}
    assert kept["quality"]["value"] == {"rating": 4}
    if "document" in LAYERS:  # the document layer that came with teams
        assert any(s.layer == "document" and s.label == "Yes" for s in doc.spans)
    else:
        assert kept["checkworthy"]["value"] == {"choices": ["Yes"]}


def _results_without_ids(task: dict) -> list:
    out = []
    for ann in task["annotations"]:
        for r in ann["result"]:
            out.append(json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def test_everything_goes_back_out_where_it_came_from(tmp_path: Path):
    doc, _ = _read(tmp_path)
    out = tmp_path / "again.json"
    label_studio.write([doc], out, ExportOptions())
    task = json.loads(out.read_text(encoding="utf-8"))[0]
    assert task["data"]["source_url"] == "https://example.org/a/1" and task["data"]["published"] == "2024-05-01"
    assert _results_without_ids(task) == _results_without_ids(TASK)


def test_label_studio_converter_reads_our_export_of_the_task(tmp_path: Path):
    from label_studio_converter import Converter

    doc, _ = _read(tmp_path)
    out = tmp_path / "again.json"
    label_studio.write([doc], out, ExportOptions())
    conv = Converter(config=CONFIG, project_dir=str(tmp_path))
    conv.convert_to_json_min(str(out), str(tmp_path / "min"), is_dir=False)
    conv.convert_to_json_min(str(tmp_path / "export.json"), str(tmp_path / "min0"), is_dir=False)
    ours = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))[0]
    theirs = json.loads((tmp_path / "min0" / "result.json").read_text(encoding="utf-8"))[0]
    assert ours["checkworthy"] == "Yes" and ours["notes"] == "يحتاج إلى تحقق من المصدر"
    assert [(e["start"], e["end"], e["labels"]) for e in ours["entity"]] == [(W, W + 6, ["GPE"])]
    drop = ("id", "annotation_id", "annotator", "created_at", "updated_at", "lead_time", "doc_id", "status")
    assert {k: v for k, v in ours.items() if k not in drop} == {k: v for k, v in theirs.items() if k not in drop}


def test_a_label_studio_export_with_image_regions_and_reviews_goes_back_out_whole(tmp_path: Path):
    """label-studio-converter's own test export: a task with text, audio and
    image data, rectangle results, reviews, a prediction."""
    src = Path(__file__).resolve().parents[2] / "data" / "peers" / "label-studio" / "csv_test.json"
    with importing(ImportOptions()) as opts:
        docs = list(label_studio.read(src))
    assert not opts.notices.counts
    out = tmp_path / "again.json"
    label_studio.write(docs, out, ExportOptions())
    original = json.loads(src.read_text(encoding="utf-8"))
    again = json.loads(out.read_text(encoding="utf-8"))

    def no_ids(results):
        return [{k: v for k, v in r.items() if k != "id"} for r in results]

    for a, b in zip(original, again, strict=True):
        assert {k: v for k, v in b["data"].items() if k not in ("doc_id", "status")} == a["data"]
        assert [no_ids(x["result"]) for x in b["annotations"]] == [no_ids(x["result"]) for x in a["annotations"]]
        assert [x["reviews"] for x in b["annotations"]] == [x["reviews"] for x in a["annotations"]]
        assert [no_ids(p["result"]) for p in b["predictions"]] == [no_ids(p["result"]) for p in a["predictions"]]
        assert b["file_upload"] == a["file_upload"] and b["agreement"] == a["agreement"]
