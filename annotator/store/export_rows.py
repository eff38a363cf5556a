"""Documents read a batch at a time, for exports above all.

:func:`iterate` reads documents with their spans, relations and comments
in one query per table for each batch of documents rather than several
per document. With ``lean=True`` it gives :class:`ExportDocument` and
:class:`~annotator.model.SpanRow`, plain objects with the models' fields, which
is what the export writers (``annotator.formats``, ``annotator.export``)
read through :meth:`Project.iter_export_rows`; with ``lean=False`` it
gives the models, for :meth:`Project.iter_documents` and
:meth:`Project.get_document`. One reader makes both, so the two can never
disagree about which spans, relations and comments a document has or
their order (``tests/unit/formats/test_export_rows.py`` checks it).

These are store queries rather than code of the export package because
the store is the only package that writes SQL; the export package uses
them and knows nothing of the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from annotator.errors import ProjectError
from annotator.model import CheckedDocument, Comment, Document, Relation, SpanRow
from annotator.store.rows import SPAN_COLUMNS, loads, span_conditions, span_from_row, status_filter

if TYPE_CHECKING:
    from annotator.store.project import Project

T = TypeVar("T")


ExportDocument: TypeAlias = CheckedDocument
"""A document read for an export: :class:`~annotator.model.Document`'s
fields as plain slots, its spans :class:`~annotator.model.SpanRow` (relations
and comments stay models: they are few). The store checked its rows when
they were written, so it is the plain document an import checks
(:class:`~annotator.model.CheckedDocument`), under the name its readers use."""


def iterate(
    project: Project,
    ids: Sequence[str] | None,
    status: Sequence[str] | str | None,
    batch: int,
    span_filter: dict[str, Any],
    lean: bool,
    links: bool = True,
) -> Iterator[Any]:
    if ids is not None:
        for k in range(0, len(ids), batch):
            chunk = list(ids[k : k + batch])
            marks = ",".join("?" * len(chunk))
            found = {
                r[0]: r
                for r in project.execute(f"select id, text, meta, status from documents where id in ({marks})", chunk)
            }
            docs = {
                d.id: d
                for d in documents(
                    project, [found[i] for i in dict.fromkeys(chunk) if i in found], span_filter, lean, links
                )
            }
            for doc_id in chunk:
                if doc_id not in docs:
                    raise ProjectError(f"{project.path}: no document {doc_id!r}")
                yield docs[doc_id]
        return
    where, params = status_filter(status)
    where = f"{where} and {project.visible()}" if where else f"where {project.visible()}"
    last = 0
    while True:
        cond = f"{where} and rowid > ?"
        rows = project.execute(
            f"select rowid, id, text, meta, status from documents {cond} order by rowid limit ?",
            [*params, last, batch],
        ).fetchall()
        if not rows:
            return
        yield from documents(project, [r[1:] for r in rows], span_filter, lean, links)
        last = rows[-1][0]


def documents(
    project: Project, rows: Sequence[Sequence[Any]], span_filter: dict[str, Any], lean: bool = False, links: bool = True
) -> list[Any]:
    """Documents of ``(id, text, meta, status)`` rows (distinct ids), with
    the spans :meth:`Project.spans` gives for ``span_filter``, the relations
    between those spans (of the filtered annotator, if any) and the
    comments on the document or on those spans, each in the order the
    per-document methods give. ``lean``: :class:`ExportDocument` and
    :class:`~annotator.model.SpanRow` instead of models; ``links=False``: no relations
    or comments."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    conds, params = span_conditions(**span_filter)
    spans: dict[str, list[Any]] = {i: [] for i in ids}
    span_rows = project.execute(
        f"select doc_id, {SPAN_COLUMNS} from spans where doc_id in ({marks}) {''.join(' and ' + c for c in conds)}"
        ' order by doc_id, start, "end" desc, pk',
        [*ids, *params],
    )
    if lean:
        for d, i, a, b, label, layer, who_, st, src, attrs in span_rows:
            spans[d].append(
                SpanRow(i, a, b, label, layer, who_, st, src, json.loads(attrs) if attrs and attrs != "{}" else {})
            )
    else:
        for r in span_rows:
            spans[r[0]].append(span_from_row(r[1:]))
    rels = _per_document(project, ids, "relations", "id, head, tail, label, annotator, attrs", _relation, links)
    comments = _per_document(project, ids, "comments", "id, span, author, text, created", _comment, links)
    who = span_filter.get("annotator")
    out: list[ExportDocument | Document] = []
    for doc_id, text, meta, status in rows:
        mine = spans[doc_id]
        doc_rels, doc_comments = rels[doc_id], comments[doc_id]
        if doc_rels or doc_comments:
            keep = {s.id for s in mine}
            doc_rels = [r for r in doc_rels if r.head in keep and r.tail in keep]
            if who is not None:
                doc_rels = [r for r in doc_rels if r.annotator == who]
            doc_comments = [c for c in doc_comments if c.span is None or c.span in keep]
        if lean:
            out.append(
                ExportDocument(doc_id, text, json.loads(meta) if meta else {}, status, mine, doc_rels, doc_comments)
            )
            continue
        out.append(
            Document.from_trusted(
                {
                    "id": doc_id,
                    "text": text,
                    "meta": json.loads(meta) if meta else {},
                    "status": status,
                    "spans": mine,
                    "relations": doc_rels,
                    "comments": doc_comments,
                },
            )
        )
    return out


def _per_document(
    project: Project, ids: list[str], table: str, columns: str, make: Callable[[Sequence[Any]], T], read: bool
) -> dict[str, list[T]]:
    """``make(row)`` of each row of ``table`` (``doc_id``, then ``columns``)
    of the documents ``ids``, a list per document in ``pk`` order;
    ``read=False``: every list empty."""
    found: dict[str, list[T]] = {i: [] for i in ids}
    if read:
        marks = ",".join("?" * len(ids))
        for r in project.execute(f"select doc_id, {columns} from {table} where doc_id in ({marks}) order by pk", ids):
            found[r[0]].append(make(r))
    return found


def _relation(r: Sequence[Any]) -> Relation:
    return Relation.from_trusted(
        {"id": r[1], "head": r[2], "tail": r[3], "label": r[4], "annotator": r[5], "attrs": loads(r[6])},
    )


def _comment(r: Sequence[Any]) -> Comment:
    return Comment.from_trusted({"id": r[1], "span": r[2], "author": r[3], "text": r[4], "created": r[5] or ""})
