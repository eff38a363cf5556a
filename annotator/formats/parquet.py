"""Parquet: one row per document, its spans and relations as list-of-struct
columns, for pyarrow, pandas, DuckDB and Spark.

Columns: ``id``, ``text``, ``status``, ``meta`` (JSON string), ``spans``
(``list<struct<id, start, end, label, layer, annotator, status, source,
text, attrs>>``, offsets in code points, ``text`` the surface, ``attrs`` a
JSON string because attribute values mix types) and ``relations``
(``list<struct<id, head, tail, label, annotator>>``).

Written with :class:`pyarrow.parquet.ParquetWriter` one row group per
``BATCH`` documents, so a large project never sits in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.formats import ExportedDocument

SPLIT_SUFFIX = ".parquet"
READS_LINKS = True
BATCH = 1000
_SPAN_FIELDS = ("id", "start", "end", "label", "layer", "annotator", "status", "source", "text", "attrs")
_RELATION_FIELDS = ("id", "head", "tail", "label", "annotator")
_INTEGERS = ("start", "end")  # every other field is a string


def schema() -> Any:  # a pyarrow Schema (pyarrow ships no types)
    from annotator.arrow import pa

    def struct(names: tuple[str, ...]) -> Any:
        return pa.struct([(n, pa.int64() if n in _INTEGERS else pa.string()) for n in names])

    return pa.schema(
        [
            ("id", pa.string()),
            ("text", pa.string()),
            ("status", pa.string()),
            ("meta", pa.string()),
            ("spans", pa.list_(struct(_SPAN_FIELDS))),
            ("relations", pa.list_(struct(_RELATION_FIELDS))),
        ]
    )


def _row(doc: ExportedDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "text": doc.text,
        "status": doc.status,
        "meta": json.dumps(doc.meta, ensure_ascii=False),
        "spans": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "layer": s.layer,
                "annotator": s.annotator,
                "status": s.status,
                "source": s.source,
                "text": doc.text[s.start : s.end],
                "attrs": json.dumps(s.attrs, ensure_ascii=False),
            }
            for s in doc.spans
        ],
        "relations": [
            {"id": r.id, "head": r.head, "tail": r.tail, "label": r.label, "annotator": r.annotator}
            for r in doc.relations
        ],
    }


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None, batch: int = BATCH) -> int:
    import pyarrow.parquet as pq

    from annotator.arrow import pa

    sch = schema()
    n = 0
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), sch, compression="zstd") as out:
        for doc in documents:
            rows.append(_row(doc))
            n += 1
            if len(rows) >= batch:
                out.write_table(pa.Table.from_pylist(rows, schema=sch))
                rows = []
        if rows or n == 0:
            out.write_table(pa.Table.from_pylist(rows, schema=sch))
    return n
