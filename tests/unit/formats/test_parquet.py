"""Parquet: read by pyarrow, pandas and DuckDB with every span intact;
written in row groups."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from annotator.formats import ExportOptions, parquet
from tests.unit.formats.samples import documents, make_project


def test_pyarrow_reads_every_span_back(tmp_path: Path):
    out = tmp_path / "d.parquet"
    assert parquet.write(documents(), out, ExportOptions()) == 2
    table = pq.read_table(out)
    rows = {r["id"]: r for r in table.to_pylist()}
    for doc in documents():
        row = rows[doc.id]
        assert row["text"] == doc.text
        got = {
            (
                s["start"],
                s["end"],
                s["label"],
                s["layer"],
                s["text"],
                json.dumps(json.loads(s["attrs"]), sort_keys=True),
            )
            for s in row["spans"]
        }
        assert got == {
            (s.start, s.end, s.label, s.layer, s.surface(doc.text), json.dumps(s.attrs, sort_keys=True))
            for s in doc.spans
        }
        assert all(row["text"][s["start"] : s["end"]] == s["text"] for s in row["spans"])
        assert {(r["head"], r["tail"], r["label"]) for r in row["relations"]} == {
            (r.head, r.tail, r.label) for r in doc.relations
        }


def test_duckdb_unnests_the_spans(tmp_path: Path):
    import duckdb

    out = tmp_path / "d.parquet"
    parquet.write(documents(), out, ExportOptions())
    rows = duckdb.sql(
        f"select id, s.label, s.text from (select id, unnest(spans) as s from read_parquet('{out}')) "
        "where s.layer = 'number' order by id, s.start"
    ).fetchall()
    assert ("tricky", "NUMBER", "2016") in rows and ("libya-airstrikes", "NUMBER", "43") in rows
    assert len(rows) == sum(1 for d in documents() for s in d.spans if s.layer == "number")


def test_pandas_reads_it(tmp_path: Path):
    import pandas as pd

    out = tmp_path / "d.parquet"
    parquet.write(documents(), out, ExportOptions())
    frame = pd.read_parquet(out)
    assert list(frame["id"]) == ["libya-airstrikes", "tricky"]
    assert len(frame.loc[1, "spans"]) == len(documents()[1].spans)


def test_large_exports_are_written_in_row_groups(tmp_path: Path):
    docs = (d.model_copy(update={"id": f"{d.id}-{i}"}) for i in range(5) for d in documents())
    out = tmp_path / "d.parquet"
    assert parquet.write(docs, out, ExportOptions(), batch=3) == 10
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups == 4 and meta.num_rows == 10


def test_cli_export(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli("export", tmp_path / "p.db", "--format", "parquet", "--out", tmp_path / "d.parquet", "--layer", "claim")
    assert res.code == 0, res.err
    spans = [s for r in pq.read_table(tmp_path / "d.parquet").to_pylist() for s in r["spans"]]
    assert {s["layer"] for s in spans} == {"claim"} and len(spans) == 3
