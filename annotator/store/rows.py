"""Rows: how the store turns model objects into rows and rows back into
model objects, and the row writers the store's modules share.

An internal interface of ``annotator.store``, public by name so that its
users are not reaching into :class:`~annotator.store.project.Project`'s
privates: :class:`Project`'s editing methods, undo and redo
(:mod:`~annotator.store.history`), the rows a merge brings in
(:mod:`~annotator.store.merge_rows`), the staged import
(:mod:`~annotator.store.staging`) and the export rows
(:mod:`~annotator.store.export_rows`) all use it. Nothing outside the
store should.

The writers (:func:`insert_spans`, :func:`insert_relations`,
:func:`insert_comments`, :func:`touch`) write no history. The rule that
every change writes its history row in the same transaction is the
caller's: call them inside :meth:`Project.transaction` and write the
history row (:func:`annotator.store.history.log`) in that same
transaction. Run the checks (:func:`check_spans`,
:func:`check_relation_ends`) first: the writers trust their input.

:func:`now` is the store's one clock: the store's modules call it as
``rows.now()``, so that a test can set the time of every row it writes by
replacing this one function.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from annotator.errors import ModelError, ProjectError
from annotator.model import Comment, Relation, Span, SpanRow, unit_span_problem

if TYPE_CHECKING:
    from annotator.store.project import Project

__all__ = [
    "COMMENT_INSERT",
    "DOCUMENT_INSERT",
    "RELATION_INSERT",
    "SPAN_COLUMNS",
    "SPAN_INSERT",
    "check_relation_ends",
    "check_spans",
    "comment_rows",
    "dumps",
    "insert_comments",
    "insert_relations",
    "insert_spans",
    "loads",
    "now",
    "relation_rows",
    "span_conditions",
    "span_from_row",
    "span_rows",
    "status_filter",
    "text_hash",
    "touch",
]

SPAN_COLUMNS = 'id, start, "end", label, layer, annotator, status, source, attrs'


def now() -> str:
    """The time every row is stamped with: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def text_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8, lone surrogates kept (``documents.sha256``: how a text is known)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# one encoder, made once: json.dumps with options builds a new one per call
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def span_json(span: Span) -> str:
    """``dumps(span.model_dump())`` without model_dump's copy: a span's
    fields are all JSON values already (a test checks the two agree)."""
    return _ENCODE(span.__dict__)


def dumps(value: Any) -> str:
    """JSON as the store writes it: keys sorted, no spaces, non-ASCII kept."""
    return _ENCODE(value)


def loads(value: str | None) -> dict[str, Any]:
    """An ``attrs``/``meta`` column back as a dict (empty for NULL or ``{}``)."""
    return json.loads(value) if value and value != "{}" else {}


def span_from_row(row: Sequence[Any]) -> Span:
    """A :class:`Span` of a row of :data:`SPAN_COLUMNS`."""
    return Span.from_trusted(
        {
            "id": row[0],
            "start": row[1],
            "end": row[2],
            "label": row[3],
            "layer": row[4],
            "annotator": row[5],
            "status": row[6],
            "source": row[7],
            "attrs": loads(row[8]),
        },
    )


def span_conditions(
    annotator: str | Sequence[str] | None = None,
    layer: str | None = None,
    statuses: Sequence[str] | None = ("accepted", "suggested"),
    doc_ids: Sequence[str] | None = None,
    prefix: str = "",
) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) on the spans table for the
    filter of :meth:`Project.spans`; ``prefix`` (e.g. ``"s."``) qualifies
    the columns in a join."""
    conds: list[str] = []
    params: list[Any] = []

    def one_of(column: str, values: Sequence[str]) -> None:
        conds.append(f"{prefix}{column} in ({','.join('?' * len(values))})")
        params.extend(values)

    if annotator is not None:
        one_of("annotator", [annotator] if isinstance(annotator, str) else list(annotator))
    if layer is not None:
        conds.append(f"{prefix}layer = ?")
        params.append(layer)
    if statuses is not None:
        one_of("status", list(statuses))
    if doc_ids is not None:
        one_of("doc_id", list(doc_ids))
    return conds, params


def status_filter(status: Sequence[str] | str | None) -> tuple[str, list[str]]:
    """A ``where`` clause (and its parameters) on ``documents.status``; empty for no filter."""
    if not status:
        return "", []
    statuses = [status] if isinstance(status, str) else list(status)
    return f"where status in ({','.join('?' * len(statuses))})", statuses


def text_length_of(project: Project, doc_id: str) -> tuple[int] | None:
    """``(length of the text in code points,)``, or None without the
    document. SQLite's ``length()`` walks the whole text (5 ms on a 1 MB
    document, every edit): a document's text never changes, so the length
    is kept per document row (id and rowid, so a document deleted and
    imported again under its id is measured again)."""
    row = project.execute("select rowid from documents where id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    key = (doc_id, row[0])
    lengths = project._lengths
    if key not in lengths:
        if len(lengths) > 64:
            lengths.clear()
        lengths[key] = project.execute("select length(text) from documents where rowid = ?", [row[0]]).fetchone()
    return lengths[key]


def check_spans(project: Project, doc_id: str, spans: Sequence[Span], text_length: int | None = None) -> None:
    """Each span, in order, fits the document's text and the scheme (the
    text's length is read once, unless the caller knows it)."""
    if not spans:
        return
    length = (text_length,) if text_length is not None else text_length_of(project, doc_id)
    if length is None:
        raise ProjectError(f"{project.path}: no document {doc_id!r}")
    scheme = project.scheme()
    known: dict[tuple[str, str], bool] = {}  # (layer, label) -> in the scheme: looked up once each
    for span in spans:
        if span.end > length[0]:
            raise ModelError(
                f"document {doc_id!r}, span {span.id!r}: [{span.start}:{span.end}] is outside the "
                f"text ({length[0]} characters)"
            )
        problem = unit_span_problem(span, length[0])
        if problem:
            raise ModelError(f"document {doc_id!r}, span {span.id!r}: {problem}")
        key = (span.layer, span.label)
        found = known.get(key)
        if found is None:
            found = known[key] = scheme.get(span.layer, span.label) is not None
        if not found:
            raise ModelError(
                f"document {doc_id!r}, span {span.id!r}: label {span.label!r} is not in the scheme's {span.layer} layer"
            )


DOCUMENT_INSERT = "insert into documents (id, text, sha256, meta, status, created, updated) values (?,?,?,?,?,?,?)"
SPAN_INSERT = (
    'insert into spans (doc_id, id, start, "end", label, layer, annotator, status, source, attrs, created, updated) '
    "values (?,?,?,?,?,?,?,?,?,?,?,?)"
)
RELATION_INSERT = (
    "insert into relations (doc_id, id, head, tail, label, annotator, attrs, created) values (?,?,?,?,?,?,?,?)"
)
COMMENT_INSERT = "insert into comments (doc_id, id, span, author, text, created) values (?,?,?,?,?,?)"


def span_rows(
    doc_id: str, spans: Iterable[Span | SpanRow], ts: str, attrs_json: Callable[[dict[str, Any]], str] = dumps
) -> list[tuple[Any, ...]]:
    """The rows of :data:`SPAN_INSERT` for a document's spans, stamped
    ``ts``; ``attrs_json`` is :func:`dumps` or one that remembers it."""
    return [
        (doc_id, s.id, s.start, s.end, s.label, s.layer, s.annotator, s.status, s.source, attrs_json(s.attrs), ts, ts)
        for s in spans
    ]


def relation_rows(doc_id: str, relations: Iterable[Relation], ts: str) -> list[tuple[Any, ...]]:
    """The rows of :data:`RELATION_INSERT` (most relations have no attributes: ``{}`` without encoding)."""
    return [
        (doc_id, r.id, r.head, r.tail, r.label, r.annotator, dumps(r.attrs) if r.attrs else "{}", ts) for r in relations
    ]


def comment_rows(doc_id: str, comments: Iterable[Comment], ts: str) -> list[tuple[Any, ...]]:
    """The rows of :data:`COMMENT_INSERT`: comments keep their own ``created``; ``ts`` stands in where it is empty."""
    return [(doc_id, c.id, c.span, c.author, c.text, c.created or ts) for c in comments]


def insert_spans(project: Project, doc_id: str, spans: Iterable[Span], ts: str) -> None:
    """Write spans checked by :func:`check_spans`, stamped ``ts``; a span whose
    annotator already has one of that layer and range is a :class:`ModelError`."""
    try:
        project.conn.executemany(SPAN_INSERT, span_rows(doc_id, spans, ts))
    except sqlite3.IntegrityError as exc:
        raise ModelError(f"document {doc_id!r}: a span is already there ({exc})") from None


def insert_relations(project: Project, doc_id: str, relations: Iterable[Relation], ts: str) -> None:
    """Write relations whose ends :func:`check_relation_ends` found."""
    project.conn.executemany(RELATION_INSERT, relation_rows(doc_id, relations, ts))


def insert_comments(project: Project, doc_id: str, comments: Iterable[Comment], ts: str) -> None:
    """Comments keep their own ``created``; ``ts`` stands in where it is empty."""
    project.conn.executemany(COMMENT_INSERT, comment_rows(doc_id, comments, ts))


def check_relation_ends(project: Project, doc_id: str, rel: Relation) -> None:
    """Both ends of ``rel`` are spans of the document."""
    for end in (rel.head, rel.tail):
        if project.get_span(doc_id, end) is None:
            raise ModelError(f"document {doc_id!r}, relation {rel.id!r}: no span {end!r}")


def touch(project: Project, doc_id: str) -> None:
    """Mark the document changed now (``documents.updated``)."""
    project.execute("update documents set updated = ? where id = ?", [now(), doc_id])
