"""What an export writes: one annotator or the gold layer, one layer,
documents of some statuses, suggestions only when asked
(:class:`Selection`), and the documents it selects, read as writers read
them (:func:`select`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.errors import AnnotatorError
from annotator.model import GOLD, LAYERS
from annotator.store import Project, selected
from annotator.store.export_rows import ExportDocument


@dataclass
class Selection:
    annotator: str | None = None
    gold: bool = False
    layer: str | None = None
    status: tuple[str, ...] = ()
    include_suggested: bool = False
    # Rejected suggestions are the project's memory of what not to propose
    # again; only the lossless jsonl carries them (they are never training data).
    include_rejected: bool = False

    def span_filter(self) -> dict[str, Any]:
        who = GOLD if self.gold else self.annotator
        statuses: tuple[str, ...] = ("accepted", "suggested") if self.include_suggested else ("accepted",)
        if self.include_rejected:
            statuses += ("rejected",)
        return {"annotator": who, "layer": self.layer, "statuses": statuses}


def select(
    project: Project, sel: Selection, ids: list[str] | None = None, links: bool = True
) -> Iterator[ExportDocument]:
    """The selected documents, as writers read them: from
    :meth:`Project.iter_export_rows` (the fields of :class:`~annotator.model.Document` and
    :class:`~annotator.model.Span` as plain attributes, no model per span;
    a test checks every writer writes the same bytes from either).
    ``links=False`` leaves relations and comments out, for writers that
    write neither."""
    if sel.layer is not None and sel.layer not in LAYERS:
        raise AnnotatorError(f"--layer: unknown layer {sel.layer!r} (expected one of {', '.join(LAYERS)})")
    if sel.annotator and sel.annotator not in project.annotators():
        raise AnnotatorError(
            f"--annotator: no annotator {sel.annotator!r} in {project.path} (known: {', '.join(project.annotators()) or 'none'})"
        )
    if ids is not None:
        return project.iter_export_rows(ids=ids, links=links, **sel.span_filter())
    return project.iter_export_rows(status=sel.status or None, links=links, **sel.span_filter())


def annotators_selected(project: Project, sel: Selection) -> list[str]:
    """The annotators whose spans the selection holds."""
    f = sel.span_filter()
    return selected.annotators(project, f["statuses"], f["annotator"], f["layer"], sel.status)
