"""The data model's vocabularies are written once: the status tuples are
read from their ``Literal`` types, the model re-exports what
:mod:`annotator.vocabulary` defines, and the command line's choices are
those tuples, so a new layer or status reaches ``--layer``/``--status``
without anyone retyping it."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import click

from annotator import model, vocabulary
from annotator.cli import cli


def test_statuses_are_the_literals():
    assert model.SPAN_STATUSES == get_args(model.SpanStatus) == ("accepted", "suggested", "rejected")
    assert model.DOC_STATUSES == get_args(model.DocStatus) == ("new", "in_progress", "done", "reviewed")


def test_the_model_re_exports_the_one_definition():
    for name in ("LAYERS", "SPAN_LAYERS", "UNIT_LAYERS", "SPAN_STATUSES", "DOC_STATUSES", "SPAN_SOURCES"):
        assert getattr(model, name) is getattr(vocabulary, name), name
    assert set(vocabulary.LOCAL_ENGINES) <= set(model.SPAN_SOURCES)
    assert set(vocabulary.SUGGEST_SOURCES) <= set(model.SPAN_SOURCES)


def _choices(command: str, option: str) -> tuple[str, ...]:
    params = {p.name: p for p in cli.commands[command].params}
    kind = params[option].type
    assert isinstance(kind, click.Choice)
    return tuple(kind.choices)


def test_cli_choices_come_from_the_model():
    assert _choices("export", "layer") == model.LAYERS
    assert _choices("export", "status") == model.DOC_STATUSES
    assert _choices("export", "unit") == model.UNIT_LAYERS
    assert _choices("train", "layer") == model.SPAN_LAYERS
    assert _choices("suggest", "sources") == (*vocabulary.SUGGEST_SOURCES, "all")


def test_the_cli_reads_them_without_pydantic():
    code = "import sys, annotator.cli; print('pydantic' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
