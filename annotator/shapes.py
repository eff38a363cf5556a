"""The shape of a placed span: the protocol that sorting, the unit checks and
the writers read a span through, which the model's span, an import or export
row and the editor's index entry all satisfy.

Kept apart from :mod:`annotator.model` so that modules which must start fast
(the format registry) can build on it without importing pydantic.
"""

from __future__ import annotations

from typing import Protocol


class PlacedSpan(Protocol):
    """Where a span sits and what it is (read-only, so frozen rows fit too)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def annotator(self) -> str: ...
