"""File formats: one module per format, each with ``read(path, annotator)``
yielding :class:`~annotator.model.Document` and/or
``write(documents, path, options)`` returning how many documents it wrote.

Offsets are converted to and from code points in the format's own module and
nowhere else. Modules are imported only when used, so that ``annotator
--help`` stays fast and heavy consumers (spaCy, datasets) load on demand.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import AnnotatorError

READERS: dict[str, str] = {
    "txt": "annotator.formats.txt",
    "jsonl": "annotator.formats.jsonl",
    "csv": "annotator.formats.csv",
    "brat": "annotator.formats.brat",
    "doccano": "annotator.formats.doccano",
    "label-studio": "annotator.formats.label_studio",
    "conll": "annotator.formats.conll",
    "xmi": "annotator.formats.xmi",
    "checkthat": "annotator.formats.checkthat",
}

WRITERS: dict[str, str] = {
    "jsonl": "annotator.formats.jsonl",
    "brat": "annotator.formats.brat",
    "doccano": "annotator.formats.doccano",
    "label-studio": "annotator.formats.label_studio",
    "xmi": "annotator.formats.xmi",
    "claims": "annotator.formats.claims",
    "parquet": "annotator.formats.parquet",
    "conll": "annotator.formats.conll",
    "hf": "annotator.formats.hf",
    "spacy": "annotator.formats.spacy_docbin",
    "checkthat": "annotator.formats.checkthat",
}


@dataclass
class ExportOptions:
    """What a writer may need besides the documents."""

    scheme: Any = None  # annotator.model.Scheme
    layer: str | None = None  # only this layer (token formats default to entity)
    split: str | None = None  # name of the split being written, if any
    extra: dict[str, Any] = field(default_factory=dict)


def reader(fmt: str) -> Callable[..., Iterator]:
    if fmt not in READERS:
        raise AnnotatorError(f"unknown import format {fmt!r} (known: {', '.join(sorted(READERS))})")
    return importlib.import_module(READERS[fmt]).read


def writer(fmt: str) -> Callable[..., int]:
    if fmt not in WRITERS:
        raise AnnotatorError(f"unknown export format {fmt!r} (known: {', '.join(sorted(WRITERS))})")
    return importlib.import_module(WRITERS[fmt]).write


def write(fmt: str, documents: Iterable, path, options: ExportOptions | None = None) -> int:
    return writer(fmt)(documents, path, options or ExportOptions())
