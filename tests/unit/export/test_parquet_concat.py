"""Joining Parquet files by copying their row groups: the result reads as
the files' tables end to end in pyarrow and DuckDB, keeps the schema
metadata, and files it cannot join are refused."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from annotator.export.parquet_concat import ParquetConcatError, concat, read_footer
from annotator.export.thrift import Writer


def _tables():
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("tokens", pa.list_(pa.string())),
            ("n", pa.int64()),
            ("x", pa.float64()),
            ("ok", pa.bool_()),
        ]
    ).with_metadata({"huggingface": '{"a": 1}'})
    return schema, [
        pa.table(
            {
                "id": [f"وثيقة {k}-{i}" for i in range(k + 1)],
                "tokens": [["في", "طرابلس", "😀"][: i + 1] for i in range(k + 1)],
                "n": list(range(k * 100, k * 100 + k + 1)),
                "x": [0.5 * i for i in range(k + 1)],
                "ok": [i % 2 == 0 for i in range(k + 1)],
            },
            schema=schema,
        )
        for k in range(4)
    ]


def _write(tmp_path: Path, tables, schema, **kw) -> list[Path]:
    paths = []
    for k, table in enumerate(tables):
        paths.append(tmp_path / f"p{k}.parquet")
        with pq.ParquetWriter(paths[-1], schema, compression="zstd", **kw) as w:
            w.write_table(table, row_group_size=2)
    return paths


def test_joined_file_reads_as_the_tables_end_to_end(tmp_path: Path):
    import duckdb

    schema, tables = _tables()
    parts = _write(tmp_path, tables, schema)
    with open(tmp_path / "all.parquet", "wb") as out:
        assert concat(parts, out) == 10
    joined = pq.read_table(tmp_path / "all.parquet")
    assert joined.equals(pa.concat_tables(tables))
    assert joined.schema.metadata == {b"huggingface": b'{"a": 1}'}
    meta = pq.ParquetFile(tmp_path / "all.parquet").metadata
    assert meta.num_row_groups == sum(pq.ParquetFile(p).metadata.num_row_groups for p in parts)
    assert duckdb.sql(f"select sum(n), count(*) from '{tmp_path / 'all.parquet'}'").fetchall() == [(2010, 10)]
    # each row group reads back alone, at its new offsets
    f = pq.ParquetFile(tmp_path / "all.parquet")
    assert [f.read_row_group(i).num_rows for i in range(meta.num_row_groups)] == [1, 2, 2, 1, 2, 2]


def test_the_footer_codec_writes_back_what_arrow_wrote(tmp_path: Path):
    schema, tables = _tables()
    (part,) = _write(tmp_path, tables[-1:], schema)
    footer, start = read_footer(part)
    writer = Writer()
    writer.struct(footer)
    assert bytes(writer.out) == part.read_bytes()[start:-8]
    # so one file joined alone comes out as it went in
    joined = io.BytesIO()
    concat([part], joined)
    assert joined.getvalue() == part.read_bytes()


def test_files_it_cannot_join_are_refused(tmp_path: Path):
    schema, tables = _tables()
    good = _write(tmp_path, tables[:1], schema)[0]
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["x"]}), other)
    with pytest.raises(ParquetConcatError, match="schema or metadata differ"):
        concat([good, other], io.BytesIO())
    indexed = tmp_path / "indexed.parquet"
    pq.write_table(tables[0], indexed, write_page_index=True)
    with pytest.raises(ParquetConcatError, match="page index"):
        concat([indexed], io.BytesIO())
    not_parquet = tmp_path / "x.parquet"
    not_parquet.write_bytes(b"PAR1 but not really a parquet file")
    with pytest.raises(ParquetConcatError, match="not a Parquet file"):
        concat([not_parquet], io.BytesIO())
    with pytest.raises(ParquetConcatError, match="nothing"):
        concat([], io.BytesIO())
