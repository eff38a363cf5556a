"""doccano: its own example files (sequence labeling, relation extraction)
go back out whole; grapheme-cluster offsets both ways, checked against
``regex``'s ``\\X`` count; overlapping spans are reported on export."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import regex

from annotator.errors import AnnotatorError, FormatError
from annotator.formats import ExportOptions, doccano
from annotator.formats.notices import ImportOptions, importing
from annotator.model import Document, Span

PEERS = Path(__file__).resolve().parents[2] / "data" / "peers" / "doccano"


def as_doccano_reads(path: Path) -> list[tuple]:
    """What doccano keeps of a line: text, spans (offsets, label) and relations by span."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if "entities" in d:
            ents = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in d["entities"]}
            rels = {(ents[r["from_id"]], ents[r["to_id"]], r["type"]) for r in d["relations"]}
            out.append((d["text"], set(ents.values()), rels))
        else:
            items = d.get("label", d.get("labels", []))
            out.append(
                (
                    d["text"],
                    {
                        tuple(x) if isinstance(x, list) else (x["start_offset"], x["end_offset"], x["label"])
                        for x in items
                    },
                    set(),
                )
            )
    return out


@pytest.mark.parametrize("name", ["sequence_labeling.jsonl", "relation_extraction.jsonl"])
def test_doccano_example_files_go_back_out_whole(name, tmp_path: Path):
    docs = list(doccano.read(PEERS / name, annotator="amira"))
    out = tmp_path / "out.jsonl"
    doccano.write(docs, out, ExportOptions())
    assert as_doccano_reads(out) == as_doccano_reads(PEERS / name)


def test_relations_come_back_in_the_relation_layout(tmp_path: Path):
    docs = list(doccano.read(PEERS / "relation_extraction.jsonl"))
    assert {r.label for r in docs[0].relations} == {"foundedAt", "foundedBy"}
    out = tmp_path / "out.jsonl"
    doccano.write(docs, out, ExportOptions())
    line = json.loads(out.read_text(encoding="utf-8"))
    assert set(line) >= {"entities", "relations"} and "label" not in line
    assert line["relations"][0] == {"id": 0, "from_id": 0, "to_id": 1, "type": "foundedAt"}


TEXT = "قالَ محمّدٌ إنّ 👨🏻‍🚒 وصلوا إلى طرابلسَ"


def clusters_before(text: str, cp: int) -> int:
    """The grapheme offset of a code point, by regex's \\X (what Intl.Segmenter counts)."""
    return len(regex.findall(r"\X", text[:cp]))


def test_grapheme_offsets_read_and_written(tmp_path: Path):
    words = ["محمّدٌ", "👨🏻‍🚒", "طرابلسَ"]
    spans = [(TEXT.index(w), TEXT.index(w) + len(w)) for w in words]
    line = {
        "id": 1,
        "text": TEXT,
        "label": [[clusters_before(TEXT, a), clusters_before(TEXT, b), "X"] for a, b in spans],
    }
    src = tmp_path / "g.jsonl"
    src.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with importing(ImportOptions(offsets="graphemes")):
        doc = next(doccano.read(src))
    assert [s.surface(doc.text) for s in doc.spans] == words
    out = tmp_path / "out.jsonl"
    doccano.write([doc], out, ExportOptions(extra={"offsets": "graphemes"}))
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == line["label"]


def test_grapheme_file_read_the_default_way_is_reported(tmp_path: Path):
    text = "قالَ محمّدٌ"
    a, b = clusters_before(text, 5), clusters_before(text, len(text))
    assert (a, b) == (4, 8)  # read as UTF-16 units, 8 falls between a mim and its shadda
    src = tmp_path / "g.jsonl"
    src.write_text(json.dumps({"text": text, "label": [[a, b, "PERSON"]]}, ensure_ascii=False) + "\n", encoding="utf-8")
    with importing(ImportOptions()) as opts:
        list(doccano.read(src))
    assert any("inside a grapheme cluster" in n and "--offsets graphemes" in n for n in opts.notices.lines())


def test_grapheme_offsets_outside_the_text_name_the_line(tmp_path: Path):
    src = tmp_path / "g.jsonl"
    src.write_text(
        json.dumps({"text": "مُحمد", "label": [[0, 5, "PERSON"]]}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with (
        importing(ImportOptions(offsets="graphemes")),
        pytest.raises(FormatError, match=r"line 1: .*4 grapheme clusters"),
    ):
        list(doccano.read(src))


def test_grapheme_export_refuses_a_span_that_cuts_a_cluster(tmp_path: Path):
    doc = Document(
        id="d", text="محمّد", spans=[Span(id="s1", start=0, end=3, label="PERSON", layer="entity", annotator="a")]
    )
    with pytest.raises(AnnotatorError, match="'s1'.*cuts a grapheme cluster"):
        doccano.write([doc], tmp_path / "o.jsonl", ExportOptions(extra={"offsets": "graphemes"}))


def test_overlapping_spans_are_reported_on_export(tmp_path: Path, caplog):
    doc = Document(
        id="d",
        text="وزارة الصحة الليبية",
        spans=[
            Span(id="a", start=0, end=11, label="ORG", layer="entity", annotator="x"),
            Span(id="b", start=0, end=19, label="CLAIM", layer="claim", annotator="x"),
        ],
    )
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        doccano.write([doc], tmp_path / "o.jsonl", ExportOptions())
    assert any("1 overlapping spans in 1 documents" in r.message and "--layer" in r.message for r in caplog.records)


def test_cli_doccano_relations_round_trip(tmp_path: Path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    res = cli("import", db, PEERS / "relation_extraction.jsonl", "--add-labels")
    assert res.code == 0, res.err
    assert cli("export", db, "--format", "doccano", "--out", tmp_path / "o.jsonl").code == 0
    assert as_doccano_reads(tmp_path / "o.jsonl") == as_doccano_reads(PEERS / "relation_extraction.jsonl")


def test_every_construct_of_a_doccano_line_is_kept_or_reported(tmp_path: Path):
    rows = [
        {
            "id": 10,
            "text": "قال محمد في طرابلس",
            "label": [[4, 8, "PERSON"], [12, 18, "GPE"]],
            "Comments": ["راجعها"],
            "meta": {"source": "x"},
            "annotation_approver": "lead",
        },
        {"text": "في طرابلس", "labels": [{"start_offset": 3, "end_offset": 9, "label": "GPE"}]},
        {
            "id": 12,
            "text": "قال محمد في طرابلس",
            "entities": [
                {"id": 1, "label": "PERSON", "start_offset": 4, "end_offset": 8},
                {"id": 2, "label": "GPE", "start_offset": 12, "end_offset": 18},
            ],
            "relations": [{"id": 3, "from_id": 1, "to_id": 2, "type": "LIVES_IN"}],
        },
    ]
    src = tmp_path / "all.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with importing(ImportOptions()) as opts:
        docs = list(doccano.read(src))
    assert not opts.notices.counts
    assert docs[0].meta == {"Comments": ["راجعها"], "meta": {"source": "x"}, "annotation_approver": "lead"}
    assert [s.surface(docs[1].text) for s in docs[1].spans] == ["طرابلس"]
    assert [r.label for r in docs[2].relations] == ["LIVES_IN"]
    out = tmp_path / "out.jsonl"
    doccano.write(docs, out, ExportOptions(extra={"relations": True}))
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back[0]["Comments"] == ["راجعها"] and back[0]["annotation_approver"] == "lead"
    assert as_doccano_reads(out) == as_doccano_reads(src)


def test_cluster_boundaries_found_locally_agree_with_segmenting_the_whole_text():
    from annotator.formats.graphemes import GraphemeMap, is_boundary

    for text in (TEXT, "قالَ محمّدٌ\r\nإنّ 🇱🇾🇱🇾 لا", "a\u0301 b\u200d", "ﻻ ١٢٣ 👩🏽‍💻x"):
        gmap = GraphemeMap(text)
        assert [is_boundary(text, p) for p in range(len(text) + 1)] == [
            not gmap.splits(p) for p in range(len(text) + 1)
        ]
