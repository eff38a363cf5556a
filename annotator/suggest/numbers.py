"""Number pre-labelling: every number :func:`annotator.arabic.numbers.find_numbers`
finds becomes a ``suggested`` span on the ``number`` layer, with its value
and kind in ``attrs``, for a person to accept, correct or reject.

Rules:

* a suggestion is ``status="suggested"``, ``source="prelabel"``,
  ``annotator="prelabel"``, label ``NUMBER``;
* nothing is proposed at a range that already has a number span, whoever
  made it and whatever its status: in particular a place someone
  *rejected* is never proposed again, and running prelabel twice adds
  nothing the second time;
* nothing is proposed that overlaps a live (accepted or suggested) number
  span, so a person's ``43 إرهابيا`` is not shadowed by a ``43``;
* existing spans are never changed or removed.

Numbers are found for ``BATCH_DOCS`` documents at a time with no lock held,
then stored in transactions of a moment each, so a run over a big project
never keeps the editor waiting. Each document's suggestions land whole or
not at all, and since nothing is ever proposed twice, re-running after an
interruption finishes the job. Inside a caller's transaction the slices are
savepoints of it, and the whole run is all-or-nothing as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.arabic.numbers import find_numbers
from annotator.model import SPAN_STATUSES, Span, new_id

LAYER = "number"
LABEL = "NUMBER"
SOURCE = "prelabel"
BATCH_DOCS = 200  # documents whose numbers are found before storing them


def _proposals(project, doc_id: str, found: Sequence) -> list[Span]:
    """Spans for the numbers ``found`` in the document that nothing already
    stands in the way of (read inside the writing transaction)."""
    existing = project.spans(doc_id, layer=LAYER, statuses=SPAN_STATUSES)
    taken = {(s.start, s.end) for s in existing}
    live = sorted((s.start, s.end) for s in existing if s.status != "rejected")
    out: list[Span] = []
    for m in found:
        if (m.start, m.end) in taken:
            continue
        if any(s < m.end and m.start < e for s, e in live):
            continue
        out.append(
            Span(
                start=m.start,
                end=m.end,
                label=LABEL,
                layer=LAYER,
                annotator=SOURCE,
                status="suggested",
                source=SOURCE,
                attrs={"value": m.value, "kind": m.kind},
            )
        )
    return out


def prelabel(project, doc_ids: Sequence[str] | None = None, who: str = "prelabel") -> int:
    """Add number suggestions to ``doc_ids`` (default: every document);
    returns how many spans were added. The numbers are found with no lock
    held; storing them takes the write lock a moment at a time
    (:func:`annotator.store.slices.write_in_slices`)."""
    from annotator.store.slices import write_in_slices

    ids = list(doc_ids) if doc_ids is not None else project.document_ids()
    added = 0

    def write(item: tuple[str, list]) -> None:
        nonlocal added
        doc_id, found = item
        batch = new_id("b")  # one undo step per document
        for span in _proposals(project, doc_id, found):
            project.add_span(doc_id, span, who=who, batch=batch)
            added += 1

    for first in range(0, len(ids), BATCH_DOCS):
        chunk = ids[first : first + BATCH_DOCS]
        found = [
            (doc_id, find_numbers(text)) for doc_id, text in zip(chunk, project.document_texts(chunk), strict=True)
        ]
        write_in_slices(project, found, write)
    return added
