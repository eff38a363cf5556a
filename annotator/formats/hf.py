"""Hugging Face datasets: a folder ``datasets.load_dataset(folder)`` opens
(or ``load_dataset("parquet", data_files=...)``): each split as one Parquet
file ``data/<split>.parquet`` (zstd, a row group per 1,000 documents) and
a ``README.md`` dataset card whose ``configs`` name the files. This module
is what the folder holds (the schema, the card); it is written by
:mod:`annotator.export.hf_writer`.

Columns: ``id``, ``text``, ``tokens``, ``ner_tags`` (a ``ClassLabel``
sequence named ``O``, ``B-X``, ``I-X`` for every label X of the layer, the
entity layer unless ``--layer`` says otherwise), ``token_start`` /
``token_end`` (code points of each token in ``text``) and ``spans``
(every span of the document, all layers, as ``start``, ``end``, ``label``,
``layer``, ``text``, ``annotator``). Tokens and tags follow
:mod:`annotator.formats.tokenized`: where spans nest, the outermost wins in
``ner_tags`` (and the others are reported) while ``spans`` keeps them all.

The features travel in the Parquet schema metadata (``huggingface`` key),
so ``ner_tags`` load as a ``ClassLabel``. The card holds the label counts,
annotators, tokens per split, the exact-match span F1 between annotators
where the export holds several on one document (plus any agreement the
caller passes in ``options.extra["agreement"]``) and a licence placeholder
to fill in.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.formats import ExportedDocument
from annotator.formats.tokenized import label_names
from annotator.model import GOLD, Scheme


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
    from annotator.arrow import pa

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


class Stats:
    """What the card counts, added up row group by row group (and part by part)."""

    def __init__(self) -> None:
        self.docs: Counter[str] = Counter()
        self.tokens: Counter[str] = Counter()
        self.labels: dict[str, Counter[str]] = {}
        self.annotators: set[str] = set()
        # (a, b, layer) -> [spans of a, spans of b, exact matches, documents]
        self.pairs: dict[tuple[str, str, str], list[int]] = {}

    def count(
        self,
        split: str,
        docs: Sequence[ExportedDocument],
        tokens: int,
        layers: Iterable[str],
        labels: Iterable[str],
        annotators: list[str],
    ) -> None:
        """Add one row group: its documents, how many tokens, and the layer,
        label and annotator of each of its spans."""
        self.tokens[split] += tokens
        self.labels[split].update(map("/".join, zip(layers, labels, strict=True)))
        self.annotators.update(annotators)
        if len(set(annotators) - {GOLD}) >= 2:  # else no document has two annotators
            for doc in docs:
                self.add_agreement(doc)

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

    def merge(self, other: Stats) -> None:
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


def tagged_layer(options: Any) -> tuple[str, list[str]]:
    """The layer ``ner_tags`` holds (entity unless ``--layer``) and its tag names."""
    scheme = getattr(options, "scheme", None) or Scheme.default()
    layer = getattr(options, "layer", None) or "entity"
    return layer, label_names(scheme, layer)


def write_card(folder: Path, splits: list[str], layer: str, names: list[str], stats: Stats, options: Any) -> None:
    """The dataset card, ``README.md`` in ``folder``."""
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


def card(
    splits: list[str],
    layer: str,
    names: list[str],
    stats: Stats,
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
