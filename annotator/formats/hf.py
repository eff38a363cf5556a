"""Hugging Face datasets: a folder ``datasets.load_dataset(folder)`` opens
(or ``load_dataset("parquet", data_files=...)``): each split as one Parquet
file ``data/<split>.parquet`` and a ``README.md`` dataset card whose
``configs`` name the files.

A split is written as files of ``SHARD`` row groups of ``BATCH`` documents
(1,000), which :mod:`annotator.formats.parquet_concat` then joins into the
split's file by copying their row groups, without encoding anything again:
so a parallel export (``--jobs``) writes its parts as finished Parquet in
the workers, and the parent only copies bytes. A single process writes and
joins the same files, so its output is byte for byte the same.

Columns: ``id``, ``text``, ``tokens``, ``ner_tags`` (a ``ClassLabel``
sequence named ``O``, ``B-X``, ``I-X`` for every label X of the layer, the
entity layer unless ``--layer`` says otherwise), ``token_start`` /
``token_end`` (code points of each token in ``text``) and ``spans``
(every span of the document, all layers, as ``start``, ``end``, ``label``,
``layer``, ``text``, ``annotator``). Tokens and tags follow
:mod:`annotator.formats.tokenized`: where spans nest, the outermost wins in
``ner_tags`` (and the others are reported) while ``spans`` keeps them all.

The features travel in the Parquet schema metadata (``huggingface`` key),
so ``ner_tags`` load as a ``ClassLabel``. Rows are written in row groups of
``BATCH`` documents with pyarrow, never the whole split in memory; an
export replaces the files of an earlier export of the same split. The card
holds the label counts, annotators, tokens per split, the exact-match span
F1 between annotators where the export holds several on one document (plus
any agreement the caller passes in ``options.extra["agreement"]``) and a
licence placeholder to fill in.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

from annotator.formats import ExportedDocument
from annotator.formats.tokenized import label_names
from annotator.model import GOLD, Scheme

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


def features(names: list[str]) -> Any:  # a datasets.Features (datasets ships no types)
    """The ``datasets.Features`` of the export (used by tests; the writer
    builds the same schema without importing ``datasets``)."""
    from datasets import ClassLabel, Features, List, Value

    return Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "tokens": List(Value("string")),
            "ner_tags": List(ClassLabel(names=names)),
            "token_start": List(Value("int64")),
            "token_end": List(Value("int64")),
            "spans": List(
                {
                    "start": Value("int64"),
                    "end": Value("int64"),
                    "label": Value("string"),
                    "layer": Value("string"),
                    "text": Value("string"),
                    "annotator": Value("string"),
                }
            ),
        }
    )


def arrow_schema(names: list[str]) -> Any:  # a pyarrow Schema (pyarrow ships no types)
    """``features(names).arrow_schema`` built directly: importing
    ``datasets`` takes most of a second, longer than writing a small
    export. The ``huggingface`` metadata is what ``datasets`` reads back to
    restore the ClassLabel; a test checks both schemas are equal."""
    import pyarrow as pa

    def value(dtype: str) -> dict[str, str]:
        return {"dtype": dtype, "_type": "Value"}

    span_fields = ("start", "end", "label", "layer", "text", "annotator")
    span_types = {"start": "int64", "end": "int64"}
    feats = {
        "id": value("string"),
        "text": value("string"),
        "tokens": {"feature": value("string"), "_type": "List"},
        "ner_tags": {"feature": {"names": list(names), "_type": "ClassLabel"}, "_type": "List"},
        "token_start": {"feature": value("int64"), "_type": "List"},
        "token_end": {"feature": value("int64"), "_type": "List"},
        "spans": {"feature": {f: value(span_types.get(f, "string")) for f in span_fields}, "_type": "List"},
    }
    span = pa.struct([(f, pa.int64() if f in span_types else pa.string()) for f in span_fields])
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("text", pa.string()),
            ("tokens", pa.list_(pa.string())),
            ("ner_tags", pa.list_(pa.int64())),
            ("token_start", pa.list_(pa.int64())),
            ("token_end", pa.list_(pa.int64())),
            ("spans", pa.list_(span)),
        ]
    )
    return schema.with_metadata({"huggingface": json.dumps({"info": {"features": feats}})})


class _Stats:
    def __init__(self) -> None:
        self.docs: Counter[str] = Counter()
        self.tokens: Counter[str] = Counter()
        self.labels: dict[str, Counter[str]] = {}
        self.annotators: set[str] = set()
        # (a, b, layer) -> [spans of a, spans of b, exact matches, documents]
        self.pairs: dict[tuple[str, str, str], list[int]] = {}

    def add_agreement(self, doc: ExportedDocument) -> None:
        """Exact-match span F1 between annotators of one document, counted
        as ``annotator agree`` does (accepted spans, gold left out)."""
        spans = [s for s in doc.spans if s.status == "accepted" and s.annotator != GOLD]
        names = sorted({s.annotator for s in spans})
        if len(names) < 2:
            return
        for layer in {s.layer for s in spans}:
            keys = {
                n: {(s.start, s.end, s.label) for s in spans if s.annotator == n and s.layer == layer} for n in names
            }
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    c = self.pairs.setdefault((a, b, layer), [0, 0, 0, 0])
                    c[0] += len(keys[a])
                    c[1] += len(keys[b])
                    c[2] += len(keys[a] & keys[b])
                    c[3] += 1

    def merge(self, other: _Stats) -> None:
        """Add the counts of another part of the export."""
        self.docs.update(other.docs)
        self.tokens.update(other.tokens)
        for split, counts in other.labels.items():
            self.labels.setdefault(split, Counter()).update(counts)
        self.annotators |= other.annotators
        for key, c in other.pairs.items():
            mine = self.pairs.setdefault(key, [0, 0, 0, 0])
            for i, v in enumerate(c):
                mine[i] += v


def _write_shards(
    docs: Iterator[ExportedDocument],
    folder: Path,
    split: str,
    layer: str,
    names: list[str],
    options: Any,
    stats: _Stats,
    batch: int,
) -> list[Path]:
    """The split's documents as Parquet files of ``SHARD`` row groups of
    ``batch`` documents, named ``.<split>-00000.parquet.partial``... in
    ``folder`` (:func:`_join` joins them into the split's file); a
    failure removes the files begun."""
    import pyarrow.parquet as pq

    schema = arrow_schema(names)
    paths: list[Path] = []
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
        if dest is not None:
            dest.close()
    except BaseException:
        if dest is not None:
            dest.close()
        for path in paths:
            path.unlink(missing_ok=True)
        raise
    return paths


def _join(data: Path, files: Mapping[str, Iterable[Path]]) -> None:
    """Each split's files, in order as they come, joined into
    ``data/<split>.parquet`` (:class:`annotator.formats.parquet_concat.Joiner`:
    row groups copied, nothing encoded again), each file removed once
    joined; a failure removes the split files joined so far."""
    done: list[Path] = []
    joining: _Joining | None = None
    try:
        for split, paths in files.items():
            joining = _Joining(data, split)
            for path in paths:
                joining.add(path)
                path.unlink()
            joining.finish()
            done.append(joining.dest)
            joining = None
    except BaseException:
        if joining is not None:
            joining.abandon()
        for path in done:
            path.unlink(missing_ok=True)
        raise


class _Joining:
    """A split's file being joined: ``data/.<split>.parquet.partial`` until
    :meth:`finish` names it ``data/<split>.parquet``."""

    def __init__(self, data: Path, split: str) -> None:
        from annotator.formats.parquet_concat import Joiner

        self.dest = data / f"{split}.parquet"
        self.path = data / f".{split}.parquet.partial"
        self.fh = open(self.path, "wb")  # noqa: SIM115  (open until finish() or abandon() closes it)
        self.joiner = Joiner(self.fh)

    def add(self, path: Path) -> None:
        self.joiner.add(path)

    def finish(self) -> None:
        self.joiner.finish()
        self.fh.close()
        self.path.replace(self.dest)

    def abandon(self) -> None:
        self.fh.close()
        self.path.unlink(missing_ok=True)


def _tables(
    docs: Iterator[ExportedDocument],
    schema: Any,
    layer: str,
    names: list[str],
    options: Any,
    stats: _Stats,
    split: str,
    batch: int,
) -> Iterator[Any]:
    """The split's rows as Arrow tables of ``batch`` documents (one row
    group each); counts what the card needs into ``stats``. Tokens and tags
    come a batch at a time from :func:`annotator.formats.token_columns.tokenize_batch`."""
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
    docs: list[ExportedDocument], schema: Any, layer: str, names: list[str], options: Any, stats: _Stats, split: str
) -> Any:
    """One row group: the documents' columns, tokens and tags built by Arrow and numpy."""
    import numpy as np
    import pyarrow as pa

    from annotator.formats.token_columns import tokenize_batch

    texts = pa.array([d.text for d in docs], pa.string())
    tokens = tokenize_batch(docs, [layer], {layer: names}, options, text_array=texts)
    table = tokens.spans
    annotators = list(map(_ANNOTATOR, table.spans))
    stats.tokens[split] += len(tokens.starts)
    stats.labels[split].update(map("/".join, zip(table.layers, table.labels, strict=True)))
    stats.annotators.update(annotators)
    if len(set(annotators) - {GOLD}) >= 2:  # else no document has two annotators
        for doc in docs:
            stats.add_agreement(doc)
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
    layer, names = _layer_names(options)
    stats = _Stats()
    files: dict[str, list[Path]] = {}
    try:
        for split, docs in streams.items():
            files[split] = _write_shards(docs, data, split, layer, names, options, stats, batch)
        _join(data, files)
    except BaseException:
        for path in chain.from_iterable(files.values()):
            path.unlink(missing_ok=True)
        raise
    _write_card(folder, list(files), layer, names, stats, options)
    return {split: stats.docs[split] for split in streams}


def _write_card(folder: Path, splits: list[str], layer: str, names: list[str], stats: _Stats, options: Any) -> None:
    extra = getattr(options, "extra", {}) or {}
    (folder / "README.md").write_text(
        card(
            splits,
            layer,
            names,
            stats,
            extra.get("agreement"),
            scheme=getattr(options, "scheme", None),
            guidelines=extra.get("guidelines", ""),
        ),
        encoding="utf-8",
    )


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


SPLIT_SUFFIX = ""  # every split is in the one dataset folder
SINGLE_SPLIT = "train"
WRITES_FOLDER = True
READS_LINKS = False  # writes no relations or comments: the export does not read them
PART_QUANTUM = BATCH * SHARD  # a part holds whole files, so the files match a single writer's


def _layer_names(options: Any) -> tuple[str, list[str]]:
    scheme = getattr(options, "scheme", None) or Scheme.default()
    layer = getattr(options, "layer", None) or "entity"
    return layer, label_names(scheme, layer)


def write_part(documents: Iterable[ExportedDocument], path: Path, options: Any, split: str) -> tuple[_Stats, list[str]]:
    """One part of a parallel export: its Parquet files (``SHARD`` row
    groups each), written in the folder ``path``; returns the part's counts
    for the card and the files."""
    layer, names = _layer_names(options)
    stats = _Stats()
    path.mkdir()
    files = _write_shards(iter(documents), path, split, layer, names, options, stats, BATCH)
    return stats, [str(f) for f in files]


def merge_splits(
    parts: dict[str, Iterator[tuple[Path, tuple[_Stats, list[str]]]]], out: Path, options: Any, single: bool
) -> dict[str, int]:
    """The parts' files of each split, in order, joined into the split's
    file as a single writer joins them (each part's files as soon as the
    part is done), then the card; a failure removes the split files joined
    so far, and ``data/`` if this export made it."""
    folder = Path(out)
    data = folder / "data"
    data_existed = data.is_dir()
    data.mkdir(parents=True, exist_ok=True)
    layer, names = _layer_names(options)
    stats = _Stats()

    def ready(stream: Iterator[tuple[Path, tuple[_Stats, list[str]]]]) -> Iterator[Path]:
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
    _write_card(folder, list(parts), layer, names, stats, options)
    return {split: stats.docs[split] for split in parts}


def card(
    splits: list[str],
    layer: str,
    names: list[str],
    stats: _Stats,
    agreement: Any = None,
    scheme: Scheme | None = None,
    guidelines: str = "",
) -> str:
    # datasets cannot load a split with no rows ("corresponds to no data"): an empty split's file
    # is written (the schema alone) but left out of the configs, and the table below says it is empty
    configs = "\n".join(f"  - split: {s}\n    path: data/{s}.parquet" for s in splits if stats.docs[s])
    if configs:
        configs = "configs:\n- config_name: default\n  data_files:\n" + configs
    lines = [
        "---",
        "language:",
        "- ar",
        "license: other  # placeholder: choose the licence of your texts and annotations",
        "task_categories:",
        "- token-classification",
        "task_ids:",
        "- named-entity-recognition",
        *([configs] if configs else []),
        "---",
        "",
        "# Arabic annotated dataset",
        "",
        "Exported by `annotator export --format hf`. Load it with",
        '`datasets.load_dataset("path/to/this/folder")`.',
        "",
        "## Columns",
        "",
        "- `id`, `text`: the document and its text exactly as annotated.",
        f"- `tokens`, `ner_tags`: tokens and IOB2 tags of the **{layer}** layer; `ner_tags` is a `ClassLabel` "
        f"with names {', '.join(f'`{n}`' for n in names)}.",
        "- `token_start`, `token_end`: where each token sits in `text` (Unicode code points).",
        "- `spans`: every annotated span (all layers), character offsets into `text`.",
        "",
        "Tokenization is Arabic-aware: proclitics (و ف ب ل ك) are split off words, and a span edge",
        "inside a token splits it, so every tagged span starts and ends on a token. Where spans of",
        "one layer nest, the outermost one is tagged; `spans` keeps all of them.",
        "",
        "## Splits",
        "",
        "| split | documents | tokens |",
        "|---|---:|---:|",
        *[f"| {s} | {stats.docs[s]} | {stats.tokens[s]} |" for s in splits],
        *(
            [""]
            + [
                f"Empty: {', '.join(s for s in splits if not stats.docs[s])}. Their files hold the columns "
                "alone and are left out of `configs`: `datasets` cannot load a split with no rows."
            ]
            if any(not stats.docs[s] for s in splits)
            else []
        ),
        "",
        "## Label counts",
        "",
        "| layer/label | " + " | ".join(splits) + " |",
        "|---|" + "---:|" * len(splits),
    ]
    all_labels = sorted({k for c in stats.labels.values() for k in c})
    lines += [
        f"| {k} | " + " | ".join(str(stats.labels.get(s, Counter())[k]) for s in splits) + " |" for k in all_labels
    ]
    lines += ["", "## Annotators", "", ", ".join(sorted(stats.annotators)) or "(none)", "", "## Agreement", ""]
    if stats.pairs:
        lines += [
            "Exact-match span F1 between annotators on the documents both annotated, from the "
            "exported spans (kappa and alpha: `annotator agree` on the project).",
            "",
            "| annotators | layer | exact F1 | documents |",
            "|---|---|---:|---:|",
        ]
        for (a, b, layer), (na, nb, m, docs) in sorted(stats.pairs.items()):
            f1 = 2 * m / (na + nb) if na + nb else 1.0
            lines.append(f"| {a} / {b} | {layer} | {f1:.3f} | {docs} |")
    if agreement is not None:
        lines += ["", "```json", json.dumps(agreement, ensure_ascii=False, indent=2), "```"]
    if not stats.pairs and agreement is None:
        lines.append("Not known: the export holds one annotator per document (run `annotator agree` on the project).")
    lines += _scheme_section(scheme, guidelines)
    lines += ["", "## Licence", "", "To be filled in by the dataset's owner.", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _scheme_section(scheme: Scheme | None, guidelines: str) -> list[str]:
    """The labels with their descriptions, and the project's guidelines as
    the annotators read them (their headings pushed below this card's)."""
    lines: list[str] = []
    if scheme is not None and scheme.labels:
        lines += ["", "## Labels", "", "| layer | label | description |", "|---|---|---|"]
        lines += [f"| {lab.layer} | {_cell(lab.name)} | {_cell(lab.description)} |" for lab in scheme.labels]
    if guidelines.strip():
        # never raw HTML from the project in a card the Hub renders: '<' is written as an entity
        body = [
            ("##" + line) if line.startswith("#") else line
            for line in guidelines.strip().replace("<", "&lt;").splitlines()
        ]
        lines += ["", "## Annotation guidelines", "", *body]
    return lines
