"""Hugging Face: the folder opens with datasets.load_dataset; ner_tags are a
ClassLabel whose entities (read by seqeval) equal the spans, and the
spans column keeps every span exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.export import hf_writer
from annotator.formats import ExportOptions, hf
from annotator.model import Scheme
from tests.unit.formats.samples import documents, make_project, outermost

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _load(folder: Path, cache: Path, **kw):
    import datasets

    datasets.disable_progress_bars()
    return datasets.load_dataset(str(folder), cache_dir=str(cache), **kw)


def test_load_dataset_opens_the_folder_with_classlabel_tags_equal_to_the_spans(tmp_path: Path):
    from datasets import ClassLabel
    from seqeval.scheme import IOB2, Entities

    out = tmp_path / "hf"
    counts = hf_writer.write_splits(
        {"train": iter(documents()[:1]), "test": iter(documents()[1:])}, out, ExportOptions(scheme=Scheme.default())
    )
    assert counts == {"train": 1, "test": 1}
    ds = _load(out, tmp_path / "cache")
    assert set(ds) == {"train", "test"}
    feature = ds["train"].features["ner_tags"].feature
    assert isinstance(feature, ClassLabel) and feature.names[:3] == ["O", "B-PERSON", "I-PERSON"]
    by_id = {d.id: d for d in documents()}
    for split in ("train", "test"):
        for row in ds[split]:
            doc = by_id[row["id"]]
            assert row["text"] == doc.text
            tags = [feature.int2str(t) for t in row["ner_tags"]]
            ents = Entities([tags], IOB2).entities[0]
            assert {(row["token_start"][e.start], row["token_end"][e.end - 1], e.tag) for e in ents} == outermost(
                doc, "entity"
            )
            assert all(
                doc.text[s:e] == t for s, e, t in zip(row["token_start"], row["token_end"], row["tokens"], strict=True)
            )
            assert {(s["start"], s["end"], s["label"], s["layer"], s["text"]) for s in row["spans"]} == {
                (s.start, s.end, s.label, s.layer, s.surface(doc.text)) for s in doc.spans
            }


def test_parquet_files_load_directly_and_card_has_counts(tmp_path: Path):
    out = tmp_path / "hf"
    hf_writer.write(documents(), out, ExportOptions(scheme=Scheme.default(), layer="number"))
    import datasets

    ds = datasets.load_dataset(
        "parquet", data_files={"train": str(out / "data" / "train.parquet")}, cache_dir=str(tmp_path / "cache")
    )
    assert ds["train"].features["ner_tags"].feature.names == ["O", "B-NUMBER", "I-NUMBER"]
    assert len(ds["train"]) == 2
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "path: data/train.parquet" in card and "| number/NUMBER | 8 |" in card and "amira" in card
    assert "license: other" in card


def test_row_groups_bound_memory_and_a_split_is_one_file(tmp_path: Path, monkeypatch):
    """Files of SHARD row groups are written, then joined into one file per split."""
    import pyarrow.parquet as pq

    monkeypatch.setattr(hf_writer, "SHARD", 2)
    docs = (d.model_copy(update={"id": f"{d.id}-{i}"}) for i in range(5) for d in documents())
    hf_writer.write_splits({"train": docs}, tmp_path / "hf", ExportOptions(scheme=Scheme.default()), batch=2)
    assert [f.name for f in (tmp_path / "hf" / "data").iterdir()] == ["train.parquet"]
    meta = pq.ParquetFile(tmp_path / "hf" / "data" / "train.parquet").metadata
    assert (meta.num_row_groups, meta.num_rows) == (5, 10)
    ds = _load(tmp_path / "hf", tmp_path / "cache")
    assert len(ds["train"]) == 10 and len({row["id"] for row in ds["train"]}) == 10


def test_a_new_export_replaces_the_file_of_an_earlier_one(tmp_path: Path, monkeypatch):
    out = tmp_path / "hf"
    many = [d.model_copy(update={"id": f"{d.id}-{i}"}) for i in range(3) for d in documents()]
    monkeypatch.setattr(hf_writer, "BATCH", 2)
    hf_writer.write(many, out, ExportOptions(scheme=Scheme.default()))
    (out / "data" / "notes.parquet").write_bytes(b"mine")
    hf_writer.write(documents(), out, ExportOptions(scheme=Scheme.default()))
    assert sorted(p.name for p in (out / "data").iterdir()) == ["notes.parquet", "train.parquet"]
    ds = _load(out, tmp_path / "cache")
    assert len(ds["train"]) == 2


def test_an_empty_split_loads_as_an_empty_split(tmp_path: Path):
    hf_writer.write_splits(
        {"train": iter(documents()), "test": iter([])}, tmp_path / "hf", ExportOptions(scheme=Scheme.default())
    )
    ds = _load(tmp_path / "hf", tmp_path / "cache")  # datasets cannot load an empty split: it is left out
    assert list(ds) == ["train"] and len(ds["train"]) == 2
    assert "| test | 0 | 0 |" in (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    import pyarrow.parquet as pq

    empty = pq.read_table(tmp_path / "hf" / "data" / "test.parquet")
    assert empty.num_rows == 0 and "ner_tags" in empty.schema.names


def test_cli_export_with_split(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli("export", tmp_path / "p.db", "--format", "hf", "--out", tmp_path / "hf", "--split", "train=0.5,test=0.5")
    assert res.code == 0, res.err
    ds = _load(tmp_path / "hf", tmp_path / "cache")
    assert sum(len(ds[s]) for s in ds) == 2


def test_hand_built_schema_equals_the_datasets_features_schema():
    import json

    names = ["O", "B-GPE", "I-GPE"]
    ours, theirs = hf.arrow_schema(names), hf.features(names).arrow_schema
    assert ours.remove_metadata() == theirs.remove_metadata()
    assert json.loads(ours.metadata[b"huggingface"]) == json.loads(theirs.metadata[b"huggingface"])


def test_card_gives_agreement_when_two_annotators_marked_a_document(tmp_path: Path):
    doc = documents()[1]
    twins = [s.model_copy(update={"id": s.id + "-o", "annotator": "omar"}) for s in doc.spans if s.layer == "number"]
    twins[0] = twins[0].model_copy(update={"end": twins[0].end - 1})  # one of three differs
    doc.spans.extend(twins)
    hf_writer.write([doc], tmp_path / "hf", ExportOptions(scheme=Scheme.default()))
    card = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    assert "| amira / omar | number | 0.667 | 1 |" in card
