"""The closed vocabularies of the data model: layers, span and document
statuses, span sources, number kinds, certainties, and the suggestion
engines.

Each is written once, here, and :mod:`annotator.model` validates against it
and re-exports it (import it from there). This module imports nothing
heavy, so that the command line can build its ``--layer``, ``--status`` and
``--source`` choices from these names and ``annotator --help`` still never
imports pydantic. The statuses are written once as a ``Literal`` for the type
checker; the tuples are read from it.
"""

from __future__ import annotations

from typing import Literal, get_args

# Span layers mark a stretch of text; unit layers label a whole unit: the
# document (a span over all of its text) or one sentence (a span over the
# sentence). Both kinds are stored as spans, so history, undo, merge,
# review, gold and agreement treat them alike.
SPAN_LAYERS: tuple[str, ...] = ("entity", "number", "claim")
UNIT_LAYERS: tuple[str, ...] = ("document", "sentence")
LAYERS: tuple[str, ...] = SPAN_LAYERS + UNIT_LAYERS

SpanStatus = Literal["accepted", "suggested", "rejected"]
DocStatus = Literal["new", "in_progress", "done", "reviewed"]
SPAN_STATUSES: tuple[str, ...] = get_args(SpanStatus)
DOC_STATUSES: tuple[str, ...] = get_args(DocStatus)

# The suggestion engines that run on this machine (``suggest --source all``),
# and every source ``suggest --source`` takes: those and the language model,
# which is asked only by name.
LOCAL_ENGINES: tuple[str, ...] = ("gazetteer", "model", "cue")
SUGGEST_SOURCES: tuple[str, ...] = (*LOCAL_ENGINES, "llm")
# manual/prelabel/import/gold are the contract's; gazetteer/model/cue/numbers
# name the suggestion engines, so that statistics can tell them apart; llm is
# the language-model engine.
SPAN_SOURCES: tuple[str, ...] = ("manual", "prelabel", "import", "gold", *LOCAL_ENGINES, "numbers", "llm")

NUMBER_KINDS: tuple[str, ...] = ("cardinal", "ordinal", "fraction", "percent", "year")
# asserted: the writer's own; reported: attributed; hedged: hedged or
# distanced (رجح، زعم); denied: the content of a denial (نفى). The rule the
# cue engine follows is in annotator/suggest/cues.py and docs/CONTEXT.md.
CERTAINTIES: tuple[str, ...] = ("asserted", "reported", "hedged", "denied")
