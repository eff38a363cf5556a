"""Projects annotated by colleagues, built from the seed article with spans
placed by their surface text so that the tests read like the article."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Document, Span
from annotator.store import Project
from tests.conftest import read_seed


def at(
    text: str, surface: str, label: str, annotator: str, nth: int = 0, layer: str = "entity", grow: int = 0, **attrs
) -> Span:
    """The span over the ``nth`` occurrence of ``surface`` (``grow`` extends
    its end by that many characters, for boundary disagreements)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(
        start=start, end=start + len(surface) + grow, label=label, layer=layer, annotator=annotator, attrs=attrs
    )


def three_kinds(text: str, a: str, b: str) -> list[Span]:
    """``a`` and ``b`` agree on ليبيا, give داعش two labels, and mark القوات
    الأمريكية with two bounds (an agreement, a label and a boundary conflict)."""
    return [
        at(text, "ليبيا", "GPE", a),
        at(text, "ليبيا", "GPE", b),
        at(text, "داعش", "ORG", a),
        at(text, "داعش", "MISC", b),
        at(text, "القوات الأمريكية", "ORG", a),
        at(text, "القوات", "ORG", b),
    ]


def make_project(path: Path, doc_id: str, spans: list[Span], text: str | None = None) -> Project:
    project = Project.create(path)
    text = read_seed() if text is None else text
    project.add_document(Document(id=doc_id, text=text, spans=spans), who="test")
    return project


@pytest.fixture
def seed() -> str:
    return read_seed()
