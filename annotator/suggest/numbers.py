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

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from annotator.arabic.numbers import NumberMatch, find_numbers
from annotator.arabic.windows import windows
from annotator.model import SPAN_STATUSES, Span, new_id, new_ids

if TYPE_CHECKING:
    from annotator.store import Project

LAYER = "number"
LABEL = "NUMBER"
SOURCE = "prelabel"
BATCH_DOCS = 200  # documents whose numbers are found before storing them
PART = 2000  # suggestions of a long document stored as one item (one slice holds several)


class _Existing:
    """The number spans a document already has, as sorted arrays (a book
    can have a million): ``taken(s, e)`` for any span at exactly that range,
    ``blocked(s, e)`` for a live (accepted or suggested) one overlapping it."""

    def __init__(self, rows: Iterable[tuple[int, int, str]]):
        taken: list[tuple[int, int]] = []
        live: list[tuple[int, int]] = []
        for s, e, status in rows:
            taken.append((s, e))
            if status != "rejected":
                live.append((s, e))
        taken.sort()
        live.sort()
        self.taken_keys = array("q", (s << 32 | e for s, e in taken))
        self.live_starts = array("q", (s for s, _ in live))
        ends = array("q")
        reach = -1
        for _, e in live:
            reach = max(reach, e)
            ends.append(reach)
        self.live_reach = ends  # the furthest end of the live spans up to each one

    def taken(self, s: int, e: int) -> bool:
        k = s << 32 | e
        i = bisect_left(self.taken_keys, k)
        return i < len(self.taken_keys) and self.taken_keys[i] == k

    def blocked(self, s: int, e: int) -> bool:
        i = bisect_left(self.live_starts, e)  # the live spans starting before e
        return i > 0 and self.live_reach[i - 1] > s


def _existing(project: Project, doc_id: str) -> _Existing:
    return _Existing(
        project.execute(
            'select start, "end", status from spans where doc_id = ? and layer = ? '
            f"and status in ({','.join('?' * len(SPAN_STATUSES))})",
            [doc_id, LAYER, *SPAN_STATUSES],
        )
    )


def _spans(found: Iterable[NumberMatch], existing: _Existing) -> list[Span]:
    """The suggestions for the numbers ``found`` that nothing stands in the
    way of. Built with :meth:`Span.from_trusted`: every field is one the
    model accepts (the range is inside the text, the value a number, the
    kind one of the kinds; a test validates them), and a book makes a
    million of them."""
    keep = [m for m in found if not existing.taken(m.start, m.end) and not existing.blocked(m.start, m.end)]
    return [
        Span.from_trusted(
            {
                "id": span_id,
                "start": m.start,
                "end": m.end,
                "label": LABEL,
                "layer": LAYER,
                "annotator": SOURCE,
                "status": "suggested",
                "source": SOURCE,
                "attrs": {"value": m.value, "kind": m.kind},
            }
        )
        for m, span_id in zip(keep, new_ids(len(keep)), strict=True)
    ]


def numbers_in_pieces(
    pieces: Iterable[str], size: int | None = None, overlap: int | None = None
) -> Iterator[list[NumberMatch]]:
    """:func:`find_numbers` over a text given as consecutive strings, a
    window at a time (:mod:`annotator.arabic.windows`): lists of the numbers,
    in text order, with whole-text offsets, the same as on the whole text."""
    from annotator.arabic import windows as w

    for win in windows(pieces, size or w.SIZE, w.OVERLAP if overlap is None else overlap):
        off = win.offset
        yield [
            m._replace(start=m.start + off, end=m.end + off) for m in find_numbers(win.text) if win.keeps(m.start + off)
        ]


def prelabel(project: Project, doc_ids: Sequence[str] | None = None, who: str = "prelabel") -> int:
    """Add number suggestions to ``doc_ids`` (default: every document);
    returns how many spans were added. The numbers are found with no lock
    held; storing them takes the write lock a moment at a time
    (:func:`annotator.store.slices.write_in_slices`). A book-length document
    is read and searched a window at a time and its suggestions stored a
    part at a time, so memory stays a few megabytes whatever its length."""
    from annotator.store import texts
    from annotator.store.slices import write_in_slices

    ids = list(doc_ids) if doc_ids is not None else project.document_ids()
    added = 0

    def write(item: tuple[str, list[NumberMatch], str, int | None, _Existing | None]) -> None:
        nonlocal added
        doc_id, found, batch, length, existing = item
        spans = _spans(found, existing or _existing(project, doc_id))
        project.add_spans(doc_id, spans, who=who, batch=batch, text_length=length, trusted=True)
        added += len(spans)

    for first in range(0, len(ids), BATCH_DOCS):
        chunk = ids[first : first + BATCH_DOCS]
        rows = {d: texts.rowid(project, d) for d in chunk}
        long = {d for d in chunk if texts.size(project, rows[d]) > texts.LONG_BYTES}
        short = [d for d in chunk if d not in long]
        # one undo step per document
        items = [
            (doc_id, find_numbers(text), new_id("b"), None, None)
            for doc_id, text in zip(short, project.document_texts(short), strict=True)
        ]
        write_in_slices(project, items, write)
        for doc_id in (d for d in chunk if d in long):
            added += _prelabel_long(project, doc_id, rows[doc_id], who)
    return added


def _prelabel_long(project: Project, doc_id: str, row: int, who: str) -> int:
    """Prelabel one book-length document a window at a time. What it already
    has is read once, before (the suggestions of this run never overlap each
    other); each part is stored whole, and a run cut short is finished by
    running it again, as for any document."""
    from annotator.store import texts
    from annotator.store.slices import write_in_slices

    existing = _existing(project, doc_id)
    length = texts.length(project, row)
    batch = new_id("b")
    added = 0

    def write(part: list[Span]) -> None:
        nonlocal added
        project.add_spans(doc_id, part, who=who, batch=batch, text_length=length, touch=False, trusted=True)
        added += len(part)

    for found in numbers_in_pieces(texts.pieces(project, row)):
        spans = _spans(found, existing)
        write_in_slices(project, [spans[i : i + PART] for i in range(0, len(spans), PART)], write)
    # The document's ``updated`` stamp is left as it was: setting it rewrites the row, text and
    # all (a 200 MB text: 2.3 s holding the write lock and 400 MB); the suggestions and their
    # history rows carry the time.
    return added
