"""The registered writers, checked by mypy against their protocols
(:class:`~annotator.formats.Writer`, :class:`~annotator.formats.SplitWriter`,
:class:`~annotator.formats.PartWriter`): a writer whose ``write`` takes
less than any :class:`~annotator.formats.ExportedDocument`, or that lacks a
constant the export reads, is a type error here. In this package, the one
that sees every writer (those of :mod:`annotator.formats` and its own).
Nothing imports this module at run time (the writers are imported when
used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.export import conll_writer, hf_writer
    from annotator.formats import (
        PartWriter,
        SplitWriter,
        Writer,
        brat,
        checkthat,
        claims,
        doccano,
        jsonl,
        label_studio,
        parquet,
        spacy_docbin,
        xmi,
    )

    _writers: list[Writer] = [
        jsonl,
        brat,
        doccano,
        label_studio,
        xmi,
        claims,
        parquet,
        conll_writer,
        hf_writer,
        spacy_docbin,
        checkthat,
    ]
    _split_writers: list[SplitWriter] = [hf_writer]
    _part_writers: list[PartWriter] = [conll_writer, hf_writer]
