"""What a suggestion engine returns: spans and relations it suggests for
one document, not yet stored. The engines (``gazetteer``, ``crf``, ``cues``,
``llm``) build them; ``apply.store`` writes them into a project. A module of
its own so that the engines and their dispatcher (``apply``) both import it
and neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Suggestion:
    start: int
    end: int
    label: str
    layer: str
    source: str
    confidence: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    # set when stored (or matched to an existing span): the span id in the project
    span_id: str | None = None


@dataclass(eq=False)
class RelationSuggestion:
    head: Suggestion
    tail: Suggestion
    label: str = "SOURCE"


@dataclass
class Suggestions:
    """Everything one engine suggests for one document."""

    spans: list[Suggestion] = field(default_factory=list)
    relations: list[RelationSuggestion] = field(default_factory=list)
