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

Documents are written in transactions of ``BATCH_DOCS`` documents, so a
run over a big project never holds the write lock for more than a moment
(the editor keeps saving meanwhile). Each document's suggestions land whole
or not at all, and since nothing is ever proposed twice, re-running after an
interruption finishes the job. Inside a caller's transaction the batches are
savepoints of it, and the whole run is all-or-nothing as before.
"""

from __future__ import annotations

from typing import Sequence

from annotator.arabic.numbers import find_numbers
from annotator.model import Span, new_id

LAYER = "number"
LABEL = "NUMBER"
SOURCE = "prelabel"
BATCH_DOCS = 200  # ~0.25 s of write lock per transaction


def _proposals(project, doc_id: str) -> list[Span]:
    text = project.document_text(doc_id)
    existing = project.spans(doc_id, layer=LAYER, statuses=("accepted", "suggested", "rejected"))
    taken = {(s.start, s.end) for s in existing}
    live = sorted((s.start, s.end) for s in existing if s.status != "rejected")
    out: list[Span] = []
    for m in find_numbers(text):
        if (m.start, m.end) in taken:
            continue
        if any(s < m.end and m.start < e for s, e in live):
            continue
        out.append(Span(start=m.start, end=m.end, label=LABEL, layer=LAYER, annotator=SOURCE,
                        status="suggested", source=SOURCE, attrs={"value": m.value, "kind": m.kind}))
    return out


def prelabel(project, doc_ids: Sequence[str] | None = None, who: str = "prelabel") -> int:
    """Add number suggestions to ``doc_ids`` (default: every document);
    returns how many spans were added."""
    ids = list(doc_ids) if doc_ids is not None else project.document_ids()
    added = 0
    for first in range(0, len(ids), BATCH_DOCS):
        with project.transaction():
            for doc_id in ids[first:first + BATCH_DOCS]:
                batch = new_id("b")  # one undo step per document
                for span in _proposals(project, doc_id):
                    project.add_span(doc_id, span, who=who, batch=batch)
                    added += 1
    return added
