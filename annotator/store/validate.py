"""Checking every row of a project file that came from elsewhere.

A colleague's file may have been edited by hand, by another tool or by a
bug: a span end beyond its text, a start that is not an integer, ``attrs``
that is a JSON list, a status outside the vocabulary, a text edited after
its spans were made (its ``sha256`` no longer matches), a BLOB where text
belongs, a scheme with an empty name or a hotkey used twice. ``merge``
calls :func:`check_rows` on the other file before it copies anything, so
such a file is refused whole, with one line naming the file, the table and
the row, instead of poisoning this project (and crashing later exports).

The rules are the data model's (:mod:`annotator.model`, strict types, as
``import`` applies them) plus what only a file can break: hashes, JSON
columns, references between tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Generator
from typing import Any

from pydantic import BaseModel, ValidationError

from annotator.errors import ProjectError
from annotator.model import DOC_STATUSES, Comment, Label, Relation, RelationLabel, Scheme, Span, _first_error
from annotator.store.project import Project
from annotator.store.rows import text_hash


class _Bad(Exception):
    def __init__(self, table: str, row: Any, message: str):
        self.table, self.row, self.message = table, row, message


def _text(table: str, row: Any, name: str, value: Any, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if isinstance(value, bytes):
        raise _Bad(table, row, f"{name} is a blob, not text")
    if not isinstance(value, str):
        raise _Bad(table, row, f"{name} is {type(value).__name__ if value is not None else 'NULL'}, not text")
    return value


def _json(table: str, row: Any, name: str, value: Any, shape: type | None = dict, nullable: bool = True) -> Any:
    if value == "{}":  # most spans' attributes
        return {}
    if value is None or value == "":
        if nullable:
            return None
        raise _Bad(table, row, f"{name} is empty")
    raw = _text(table, row, name, value)
    assert raw is not None  # nullable=False: _text returns a str or raises
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise _Bad(table, row, f"{name} is not valid JSON ({exc})") from None
    if shape is not None and not isinstance(data, shape):
        raise _Bad(table, row, f"{name} must be a JSON object, not {type(data).__name__}")
    return data


def _where(key: Any, name: Any) -> Any:
    """How a message names a row: its key, and its id or name where that is a string."""
    return f"{key} ({name!r})" if isinstance(name, str) else key


def _model(table: str, row: Any, cls: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return cls.model_validate(data, strict=True)
    except ValidationError as exc:
        raise _Bad(table, row, _first_error(exc)) from None


def _rows(project: Project, sql: str) -> Generator[Any]:
    try:
        yield from project.execute(sql)
    except sqlite3.Error as exc:  # e.g. text that is not UTF-8
        raise ProjectError(f"{project.path}: cannot read ({exc}); nothing was merged") from None


def check_rows(project: Project, on_row: Callable[[], None] | None = None) -> None:
    """Raise :class:`ProjectError` naming the file, table and row of the
    first row that breaks the data model; return if every row is sound."""
    try:
        _check(project)
    except _Bad as bad:
        raise ProjectError(
            f"{project.path}: table {bad.table}, row {bad.row}: {bad.message}; "
            f"the file was refused and nothing was merged"
        ) from None


def _check(project: Project) -> None:
    labels: list[Label] = []
    label_rows: list[int] = []
    for rowid, layer, name, color, hotkey, description in _rows(
        project, "select rowid, layer, name, color, hotkey, description from labels order by position"
    ):
        where = _where(rowid, name)
        data: dict[str, Any] = {  # row fields, then the attrs JSON
            "layer": _text("labels", where, "layer", layer),
            "name": _text("labels", where, "name", name),
            "color": _text("labels", where, "color", color, nullable=True) or "#cccccc",
            "hotkey": _text("labels", where, "hotkey", hotkey, nullable=True) or None,
            "description": _text("labels", where, "description", description, nullable=True) or "",
        }
        labels.append(_model("labels", where, Label, data))
        label_rows.append(rowid)
    relations: list[RelationLabel] = []
    for rowid, name, description in _rows(project, "select rowid, name, description from relation_labels"):
        data = {
            "name": _text("relation_labels", rowid, "name", name),
            "description": _text("relation_labels", rowid, "description", description, nullable=True) or "",
        }
        relations.append(_model("relation_labels", rowid, RelationLabel, data))
    try:
        scheme = Scheme(labels=labels, relations=relations) if relations else Scheme(labels=labels)
    except ValidationError as exc:
        raise _Bad("labels", "(scheme)", _first_error(exc)) from None
    known = {(lab.layer, lab.name) for lab in scheme.labels}
    relation_names = set(scheme.relation_names())

    lengths: dict[str, int] = {}
    for rowid, doc_id, text, sha, meta, status in _rows(
        project, "select rowid, id, text, sha256, meta, status from documents"
    ):
        where = _where(rowid, doc_id)
        if not _text("documents", where, "id", doc_id):
            raise _Bad("documents", where, "id is empty")
        _text("documents", where, "text", text)
        if "\x00" in text:
            raise _Bad("documents", where, "the text has a NUL character")
        if sha != text_hash(text):
            raise _Bad("documents", where, "the text does not match its sha256 (edited after its spans were made?)")
        _json("documents", where, "meta", meta)
        if status not in DOC_STATUSES:
            raise _Bad("documents", where, f"status {status!r} is not one of {', '.join(DOC_STATUSES)}")
        lengths[doc_id] = len(text)

    # spans, relations and comments a document at a time (each table read in document-id order,
    # beside the documents in that order), so what is remembered is one document's span ids, not
    # every span's of the file (2 million spans: 800 MB)
    span_rows = _ByDocument(
        "spans",
        _rows(
            project,
            'select pk, doc_id, id, start, "end", label, layer, annotator, status, source, attrs '
            "from spans order by doc_id",
        ),
        lengths,
    )
    relation_rows = _ByDocument(
        "relations",
        _rows(project, "select pk, doc_id, id, head, tail, label, annotator, attrs from relations order by doc_id"),
        lengths,
    )
    comment_rows = _ByDocument(
        "comments",
        _rows(project, "select pk, doc_id, id, span, author, text, created from comments order by doc_id"),
        lengths,
    )
    streams = (span_rows, relation_rows, comment_rows)
    try:
        for (doc_id,) in _rows(project, "select id from documents order by id"):
            span_ids = _check_spans(doc_id, span_rows.take(doc_id), lengths[doc_id], known)
            _check_relations(relation_rows.take(doc_id), span_ids, relation_names)
            _check_comments(comment_rows.take(doc_id), span_ids)
        for stream in streams:
            stream.take(None)  # what is left belongs to no document
    finally:
        for stream in streams:
            stream.rows.close()  # before the file is closed

    for pk, ts, who, action, kind, target, before, after, batch, undone in _rows(
        project, "select pk, ts, who, action, kind, target, before, after, batch, undone from history"
    ):
        for name, value in (("ts", ts), ("who", who), ("action", action), ("kind", kind)):
            _text("history", pk, name, value, nullable=name == "kind")
        for name, value in (("target", target), ("batch", batch)):
            _text("history", pk, name, value, nullable=True)
        _json("history", pk, "before", before, shape=None)
        _json("history", pk, "after", after, shape=None)
        if undone not in (None, 0, 1, 2):
            raise _Bad("history", pk, f"undone {undone!r} is not 0, 1 or 2")


class _ByDocument:
    """The rows of a table read in ``doc_id`` order, handed out a document
    at a time in the order of ``select id from documents order by id`` (the
    same collation, so the two orders agree); a row whose document does not
    exist is refused when the stream reaches it."""

    def __init__(self, table: str, rows: Generator[Any], lengths: dict[str, int]):
        self.table, self.rows, self.lengths = table, rows, lengths
        self.next: Any = next(rows, None)

    def take(self, doc_id: str | None) -> list[Any]:
        out = []
        while self.next is not None and self.next[1] == doc_id:
            out.append(self.next)
            self.next = next(self.rows, None)
        row = self.next
        if row is not None and (doc_id is None or row[1] not in self.lengths):
            where = _where(row[0], row[2])
            raise _Bad(self.table, where, f"document {row[1]!r} does not exist")
        return out


def _check_spans(doc_id: str, found: list[Any], length: int, known: set[tuple[str, str]]) -> set[str]:
    """One document's spans; returns their ids."""
    span_ids: set[str] = set()
    keys: set[tuple[Any, ...]] = set()
    for row in found:
        pk = row[0]
        where = _where(pk, row[2])
        data = dict(
            zip(("id", "start", "end", "label", "layer", "annotator", "status", "source"), row[2:10], strict=True)
        )
        data["attrs"] = _json("spans", where, "attrs", row[10]) or {}
        span = _model("spans", where, Span, data)
        if span.end > length:
            raise _Bad("spans", where, f"[{span.start}:{span.end}] is outside its text ({length} characters)")
        if (span.layer, span.label) not in known:
            raise _Bad("spans", where, f"label {span.label!r} is not in the file's {span.layer} labels")
        if span.id in span_ids:
            raise _Bad("spans", where, f"span id {span.id!r} appears twice in document {doc_id!r}")
        span_ids.add(span.id)
        if span.key in keys:
            raise _Bad("spans", where, f"duplicates another {span.layer} span of {span.annotator!r}")
        keys.add(span.key)
    return span_ids


def _check_relations(found: list[Any], span_ids: set[str], relation_names: set[str]) -> None:
    for pk, _doc_id, rid, head, tail, label, annotator, attrs in found:
        where = _where(pk, rid)
        attrs = _json("relations", where, "attrs", attrs) or {}
        data = {"id": rid, "head": head, "tail": tail, "label": label, "annotator": annotator, "attrs": attrs}
        rel = _model("relations", where, Relation, data)
        for end in (rel.head, rel.tail):
            if end not in span_ids:
                raise _Bad("relations", where, f"points to unknown span {end!r}")
        if rel.label not in relation_names:
            raise _Bad("relations", where, f"label {rel.label!r} is not a relation label of the file's scheme")


def _check_comments(found: list[Any], span_ids: set[str]) -> None:
    for pk, _doc_id, cid, span, author, text, created in found:
        where = _where(pk, cid)
        created = _text("comments", where, "created", created, nullable=True) or ""
        data = {"id": cid, "span": span, "author": author, "text": text, "created": created}
        com = _model("comments", where, Comment, data)
        if com.span is not None and com.span not in span_ids:
            raise _Bad("comments", where, f"is on unknown span {com.span!r}")
