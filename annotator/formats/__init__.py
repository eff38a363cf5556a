"""File formats: one module per format, saying how to read it and what its
files hold.

Reading: a module listed in :data:`READERS` has ``read(path, annotator)``
yielding :class:`~annotator.model.Document`; it may also have
``read_checked(path, annotator)`` yielding the same documents as
:class:`~annotator.model.CheckedDocument` (spans as rows), which an import
uses (:func:`import_reader`).

Writing: a module listed in :data:`WRITERS` is a :class:`Writer`: it has
``write(documents, path, options)`` returning how many documents it wrote,
``SPLIT_SUFFIX`` (what a split's file name ends with under ``--split``;
``""`` for a folder) and ``READS_LINKS`` (whether it writes relations or
comments, so that the export reads them). The documents are
:class:`ExportedDocument`: the model's :class:`~annotator.model.Document`
and the store's lean export rows both are one. Two formats do more:

* a :class:`SplitWriter` (listed in :data:`SPLIT_WRITERS`) writes every
  split of ``--split`` itself (``write_splits``: hf puts them in one
  dataset folder);
* a :class:`PartWriter` (listed in :data:`PART_WRITERS`) can be written in
  parts by worker processes and merged (``write_part``, ``merge_splits``;
  :mod:`annotator.export.parallel` cuts the parts on its ``PART_QUANTUM``).

Those two, the token formats ``conll`` and ``hf``, are written a batch of
documents at a time by writers in :mod:`annotator.export`
(``conll_writer``, ``hf_writer``: the batch tokenizer, the Parquet joining),
which :data:`WRITERS` names; their modules here hold what the files look
like (the lines, the schema, the card) and ``conll``'s reading. The
registry holds module names, imported when a writer is asked for: nothing
in this package imports :mod:`annotator.export`.

:mod:`annotator.export` chooses what to write and hands it to these; a
test checks that every registered module has what its protocol names, and
mypy checks their signatures (:mod:`annotator.export.conformance`).
Offsets are converted to and from code points in the format's own module
and nowhere else. Modules are imported only when used, so that ``annotator
--help`` stays fast and heavy consumers (spaCy, datasets) load on demand.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from annotator.errors import AnnotatorError
from annotator.shapes import PlacedSpan

if TYPE_CHECKING:  # annotations only: importing the model (pydantic) here would slow every command's start
    from annotator.model import CheckedDocument, Comment, Document, Relation

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
    "conll": "annotator.export.conll_writer",
    "hf": "annotator.export.hf_writer",
    "spacy": "annotator.formats.spacy_docbin",
    "checkthat": "annotator.formats.checkthat",
}
SPLIT_WRITERS = frozenset({"hf"})
PART_WRITERS = frozenset({"conll", "hf"})


@dataclass
class ExportOptions:
    """What a writer may need besides the documents."""

    scheme: Any = None  # annotator.model.Scheme
    layer: str | None = None  # only this layer (token formats default to entity)
    split: str | None = None  # name of the split being written, if any
    extra: dict[str, Any] = field(default_factory=dict)


class ExportedSpan(PlacedSpan, Protocol):
    """What a writer reads of a span (:class:`~annotator.model.Span` or an export row's span)."""

    id: str
    attrs: dict[str, Any]

    # read-only where the model narrows the type (a Literal), as PlacedSpan's layer
    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str: ...
    def surface(self, text: str) -> str: ...


class ExportedDocument(Protocol):
    """What a writer reads of a document (:class:`~annotator.model.Document` or an export row)."""

    id: str
    text: str
    meta: dict[str, Any]
    relations: list[Relation]
    comments: list[Comment]

    # read-only: the model's status is a Literal, and its spans are models where a row's are rows
    @property
    def status(self) -> str: ...
    @property
    def spans(self) -> Sequence[ExportedSpan]: ...


@runtime_checkable
class Writer(Protocol):
    """A format's writing side (a module of :data:`WRITERS`)."""

    SPLIT_SUFFIX: str
    READS_LINKS: bool

    def write(self, documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int: ...


@runtime_checkable
class SplitWriter(Writer, Protocol):
    """A writer that writes all the splits of an export itself."""

    def write_splits(
        self, streams: Mapping[str, Iterator[ExportedDocument]], out: str | Path, options: Any = None
    ) -> dict[str, int]: ...


@runtime_checkable
class PartWriter(Writer, Protocol):
    """A writer whose output can be written in contiguous parts by worker
    processes and merged in order into the same bytes.

    ``write_part`` writes one part to ``path`` (a file or folder made for
    it) and returns what ``merge_splits`` needs of it; ``merge_splits``
    gets each split's ``(part path, result)`` in order and writes ``out``
    (one output if ``single``, else one per split), returning the
    documents per split. Parts hold a multiple of ``PART_QUANTUM``
    documents (but the last); ``SINGLE_SPLIT`` names the one split
    without ``--split``; ``WRITES_FOLDER``: ``out`` is a folder even then;
    ``PART_MODULES``: the modules writing a part imports (numpy, pyarrow),
    which the parent imports before the workers fork, so that they inherit
    them instead of each importing them again."""

    PART_QUANTUM: int
    WRITES_FOLDER: bool
    SINGLE_SPLIT: str
    PART_MODULES: tuple[str, ...]

    def write_part(self, documents: Iterable[ExportedDocument], path: Path, options: Any, split: str) -> Any: ...

    def merge_splits(
        self, parts: dict[str, Iterator[tuple[Path, Any]]], out: Path, options: Any, single: bool
    ) -> dict[str, int]: ...


def reader(fmt: str) -> Callable[..., Iterator[Document]]:
    if fmt not in READERS:
        raise AnnotatorError(f"unknown import format {fmt!r} (known: {', '.join(sorted(READERS))})")
    return cast("Callable[..., Iterator[Document]]", importlib.import_module(READERS[fmt]).read)


def import_reader(fmt: str) -> Callable[..., Iterator[Document | CheckedDocument]]:
    """What an import reads ``fmt`` with: the module's ``read_checked``
    where it has one (the same documents, checked the same way, with their
    spans as rows: a fraction of the memory for a document with many
    spans), else its ``read``."""
    module = importlib.import_module(READERS[fmt]) if fmt in READERS else None
    if module is None or not hasattr(module, "read_checked"):
        return reader(fmt)
    return cast("Callable[..., Iterator[Document | CheckedDocument]]", module.read_checked)


def writer(fmt: str) -> Writer:
    """The writer of ``fmt`` (its module, imported now)."""
    if fmt not in WRITERS:
        raise AnnotatorError(f"unknown export format {fmt!r} (known: {', '.join(sorted(WRITERS))})")
    return cast(Writer, importlib.import_module(WRITERS[fmt]))


def split_writer(fmt: str) -> SplitWriter | None:
    """The writer of ``fmt`` if it writes all splits itself."""
    return cast(SplitWriter, writer(fmt)) if fmt in SPLIT_WRITERS else None


def part_writer(fmt: str) -> PartWriter | None:
    """The writer of ``fmt`` if it can be written in parts."""
    return cast(PartWriter, writer(fmt)) if fmt in PART_WRITERS else None


def write(
    fmt: str, documents: Iterable[ExportedDocument], path: str | Path, options: ExportOptions | None = None
) -> int:
    return writer(fmt).write(documents, path, options or ExportOptions())
