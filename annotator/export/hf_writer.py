"""The writer of ``--format hf`` (:mod:`annotator.formats.hf` says what the
dataset folder holds).

A split is written as files of ``SHARD`` row groups of ``BATCH`` documents
(1,000), which :mod:`annotator.export.parquet_concat` then joins into the
split's file by copying their row groups, without encoding anything again:
so a parallel export (``--jobs``) writes its parts as finished Parquet in
the workers, and the parent only copies bytes. A single process writes and
joins the same files, so its output is byte for byte the same. Tokens and
tags come a batch at a time from
:func:`annotator.export.token_columns.tokenize_batch`, and every column is
built by Arrow and numpy; never the whole split is in memory. An export
replaces the files of an earlier export of the same split.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from annotator.export.parquet_concat import Joiner
from annotator.formats import ExportedDocument
from annotator.formats.hf import Stats, arrow_schema, tagged_layer, write_card

_ANNOTATOR = attrgetter("annotator")
BATCH = 1000  # documents per row group
SHARD = 1  # row groups per Parquet file
# token offsets compress best as deltas; statistics on text columns are never used to skip row groups
PARQUET_OPTIONS = {
    "compression": "zstd",
    "use_dictionary": [
        "tokens.list.element",
        "ner_tags.list.element",
        "spans.list.element.label",
        "spans.list.element.layer",
        "spans.list.element.annotator",
    ],
    "column_encoding": {
        c: "DELTA_BINARY_PACKED"
        for c in (
            "token_start.list.element",
            "token_end.list.element",
            "spans.list.element.start",
            "spans.list.element.end",
        )
    },
    "write_statistics": ["id"],
}


SPLIT_SUFFIX = ""  # every split is in the one dataset folder
SINGLE_SPLIT = "train"
WRITES_FOLDER = True
READS_LINKS = False  # writes no relations or comments: the export does not read them
PART_QUANTUM = BATCH * SHARD  # a part holds whole files, so the files match a single writer's
PART_MODULES: tuple[str, ...] = ("annotator.export.token_columns", "pyarrow.parquet")


@contextlib.contextmanager
def _removed_on_failure(paths: list[Path]) -> Iterator[None]:
    """If the block fails, remove ``paths`` (as the list stands then)."""
    try:
        yield
    except BaseException:
        for path in paths:
            path.unlink(missing_ok=True)
        raise


def _write_shards(
    docs: Iterator[ExportedDocument],
    folder: Path,
    split: str,
    layer: str,
    names: list[str],
    options: Any,
    stats: Stats,
    batch: int,
) -> list[Path]:
    """The split's documents as Parquet files of ``SHARD`` row groups of
    ``batch`` documents, named ``.<split>-00000.parquet.partial``... in
    ``folder`` (:func:`_join` joins them into the split's file); a
    failure removes the files begun."""
    import pyarrow.parquet as pq

    schema = arrow_schema(names)
    paths: list[Path] = []
    with _removed_on_failure(paths):
        dest = None
        groups = 0
        try:
            for table in _tables(docs, schema, layer, names, options, stats, split, batch):
                if dest is None:
                    paths.append(folder / f".{split}-{len(paths):05d}.parquet.partial")
                    dest = pq.ParquetWriter(str(paths[-1]), schema, **PARQUET_OPTIONS)
                if not table.num_rows:  # an empty split: a file with no row group (datasets refuses an empty one)
                    continue
                dest.write_table(table)
                groups += 1
                if groups % SHARD == 0:
                    dest.close()
                    dest = None
        finally:
            if dest is not None:
                dest.close()
    return paths


def _join(data: Path, files: Mapping[str, Iterable[Path]]) -> None:
    """Each split's files, in order as they come, joined into
    ``data/<split>.parquet`` (:class:`annotator.export.parquet_concat.Joiner`:
    row groups copied, nothing encoded again), each file removed once
    joined; a failure removes the split files joined so far."""
    done: list[Path] = []
    with _removed_on_failure(done):
        for split, paths in files.items():
            with _joining(data, split) as joiner:
                for path in paths:
                    joiner.add(path)
                    path.unlink()
            done.append(data / f"{split}.parquet")


@contextlib.contextmanager
def _joining(data: Path, split: str) -> Iterator[Joiner]:
    """A split's file being joined: ``data/.<split>.parquet.partial`` until
    the block ends, then ``data/<split>.parquet``; removed if the block
    fails."""
    partial = data / f".{split}.parquet.partial"
    with _removed_on_failure([partial]), open(partial, "wb") as fh:
        joiner = Joiner(fh)
        yield joiner
        joiner.finish()
        fh.close()
        partial.replace(data / f"{split}.parquet")


def _tables(
    docs: Iterator[ExportedDocument],
    schema: Any,
    layer: str,
    names: list[str],
    options: Any,
    stats: Stats,
    split: str,
    batch: int,
) -> Iterator[Any]:
    """The split's rows as Arrow tables of ``batch`` documents (one row
    group each); counts what the card needs into ``stats``."""
    stats.labels.setdefault(split, Counter())
    pending: list[ExportedDocument] = []
    n = 0
    for doc in docs:
        pending.append(doc)
        n += 1
        if len(pending) >= batch:
            yield _table(pending, schema, layer, names, options, stats, split)
            pending = []
    if pending or n == 0:
        yield _table(pending, schema, layer, names, options, stats, split)
    stats.docs[split] = n


def _table(
    docs: list[ExportedDocument], schema: Any, layer: str, names: list[str], options: Any, stats: Stats, split: str
) -> Any:
    """One row group: the documents' columns, tokens and tags built by Arrow and numpy."""
    import numpy as np

    from annotator.arrow import pa
    from annotator.export.token_columns import tokenize_batch

    texts = pa.array([d.text for d in docs], pa.string())
    tokens = tokenize_batch(docs, [layer], {layer: names}, options, text_array=texts)
    table = tokens.spans
    annotators = list(map(_ANNOTATOR, table.spans))
    stats.count(split, docs, len(tokens.starts), table.layers, table.labels, annotators)
    per_doc = pa.array(tokens.offsets.astype("int32"))
    span_type = schema.field("spans").type
    span_offsets = np.zeros(len(docs) + 1, np.int32)
    np.cumsum(table.counts, out=span_offsets[1:])
    spans = pa.ListArray.from_arrays(
        pa.array(span_offsets),
        pa.StructArray.from_arrays(
            [
                pa.array(table.start),
                pa.array(table.end),
                pa.array(table.labels, pa.string()),
                pa.array(table.layers, pa.string()),
                pa.array(table.surfaces([d.text for d in docs]), pa.string()),
                pa.array(annotators, pa.string()),
            ],
            fields=list(span_type.value_type),
        ),
        type=span_type,
    )
    return pa.Table.from_arrays(
        [
            pa.array([d.id for d in docs], pa.string()),
            texts,
            pa.ListArray.from_arrays(per_doc, tokens.texts),
            pa.ListArray.from_arrays(per_doc, pa.array(tokens.tags[layer])),
            pa.ListArray.from_arrays(per_doc, pa.array(tokens.starts)),
            pa.ListArray.from_arrays(per_doc, pa.array(tokens.ends)),
            spans,
        ],
        schema=schema,
    )


def write_splits(
    streams: Mapping[str, Iterator[ExportedDocument]], out: str | Path, options: Any = None, batch: int | None = None
) -> dict[str, int]:
    batch = batch or BATCH
    folder = Path(out)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    layer, names = tagged_layer(options)
    stats = Stats()
    files: dict[str, list[Path]] = {}
    shards: list[Path] = []
    with _removed_on_failure(shards):
        for split, docs in streams.items():
            files[split] = _write_shards(docs, data, split, layer, names, options, stats, batch)
            shards += files[split]
        _join(data, files)
    write_card(folder, list(files), layer, names, stats, options)
    return {split: stats.docs[split] for split in streams}


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """Without ``--split`` everything is the ``train`` split.

    ``annotator export`` runs this in worker processes on machines with more
    than one core (``--jobs``, :mod:`annotator.export.parallel`): each
    worker writes the Parquet files of a contiguous part of the documents
    (whole files of ``SHARD`` row groups) with :func:`write_part`, and
    :func:`merge_splits` joins them in order and writes the card from the
    parts' counts, so the folder is byte for byte the one a single process
    writes."""
    return write_splits({SINGLE_SPLIT: iter(documents)}, path, options)[SINGLE_SPLIT]


def write_part(documents: Iterable[ExportedDocument], path: Path, options: Any, split: str) -> tuple[Stats, list[str]]:
    """One part of a parallel export: its Parquet files (``SHARD`` row
    groups each), written in the folder ``path``; returns the part's counts
    for the card and the files."""
    layer, names = tagged_layer(options)
    stats = Stats()
    path.mkdir()
    files = _write_shards(iter(documents), path, split, layer, names, options, stats, BATCH)
    return stats, [str(f) for f in files]


def merge_splits(
    parts: dict[str, Iterator[tuple[Path, tuple[Stats, list[str]]]]], out: Path, options: Any, single: bool
) -> dict[str, int]:
    """The parts' files of each split, in order, joined into the split's
    file as a single writer joins them (each part's files as soon as the
    part is done), then the card; a failure removes the split files joined
    so far, and ``data/`` if this export made it."""
    folder = Path(out)
    data = folder / "data"
    data_existed = data.is_dir()
    data.mkdir(parents=True, exist_ok=True)
    layer, names = tagged_layer(options)
    stats = Stats()

    def ready(stream: Iterator[tuple[Path, tuple[Stats, list[str]]]]) -> Iterator[Path]:
        # each part's files are joined as soon as the part is done, while later parts are written
        for _part, (part_stats, part_files) in stream:
            yield from map(Path, part_files)
            stats.merge(part_stats)

    try:
        _join(data, {split: ready(stream) for split, stream in parts.items()})
    except BaseException:
        if not data_existed and not any(data.iterdir()):
            data.rmdir()
        raise
    write_card(folder, list(parts), layer, names, stats, options)
    return {split: stats.docs[split] for split in parts}
