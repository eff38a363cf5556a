"""Every registered writer has what its protocol names (the export reads
those attributes directly, with no defaults), and both kinds of document
a writer gets, the model's and the store's export rows, are
:class:`~annotator.formats.ExportedDocument`."""

from __future__ import annotations

import importlib
import inspect

import pytest

from annotator import formats
from annotator.formats import ExportedDocument, ExportedSpan, PartWriter, SplitWriter, Writer


@pytest.mark.parametrize("fmt", sorted(formats.WRITERS))
def test_every_writer_has_what_its_protocol_names(fmt):
    module = importlib.import_module(formats.WRITERS[fmt])
    assert isinstance(module, Writer)
    assert isinstance(module.SPLIT_SUFFIX, str) and isinstance(module.READS_LINKS, bool)
    assert list(inspect.signature(module.write).parameters)[:3] == ["documents", "path", "options"]
    assert isinstance(module, SplitWriter) == (fmt in formats.SPLIT_WRITERS)
    assert isinstance(module, PartWriter) == (fmt in formats.PART_WRITERS)
    if fmt in formats.PART_WRITERS:
        assert isinstance(module.PART_QUANTUM, int) and module.PART_QUANTUM >= 1
        assert isinstance(module.WRITES_FOLDER, bool) and isinstance(module.SINGLE_SPLIT, str)
    assert formats.writer(fmt) is module


def test_writers_of_one_kind_only_are_not_found_as_the_other():
    assert formats.part_writer("jsonl") is None and formats.split_writer("conll") is None
    assert (
        formats.part_writer("hf") is formats.split_writer("hf") is importlib.import_module("annotator.export.hf_writer")
    )


def _members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def test_model_documents_and_export_rows_are_both_exported_documents(tmp_path):
    from annotator.store import Project
    from tests.unit.formats.samples import seed_document

    with Project.create(tmp_path / "p.db") as project:
        project.import_documents([seed_document()], who="amira")
        model = next(project.iter_documents())
        row = next(project.iter_export_rows())
    for doc in (model, row):
        assert all(hasattr(doc, name) for name in _members(ExportedDocument)), type(doc)
        assert doc.spans and all(hasattr(s, name) for s in doc.spans for name in _members(ExportedSpan))
