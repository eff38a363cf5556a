"""The rows a merge writes: bringing rows over from another project.

:mod:`annotator.review.merge` decides *what* to bring in (matching documents
by text hash, spotting conflicts); the SQL that writes it lives here, so the
store stays the only package that writes SQL. Rows brought in from another
project are logged as ``merge`` actions that cannot be undone with the
editor's undo (a merge is reversed by restoring a backup), and history rows
copied from the other project keep their author and time but are never
replayed by undo here (``undoable = 0``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.model import Comment, Document, Relation, Span, new_id
from annotator.store import fulltext, history, rows
from annotator.store.project import Project
from annotator.store.rows import dumps, now


def history_signature(row: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two history rows the same event, whatever file holds them."""
    return (row["ts"], row["who"], row["action"], row["kind"], row["target"], row["batch"])


def history_signatures(project: Project, doc_id: str) -> set[tuple[Any, ...]]:
    return {
        tuple(r)
        for r in project.execute("select ts, who, action, kind, target, batch from history where doc_id = ?", [doc_id])
    }


def copy_history(project: Project, doc_id: str, entries: Iterable[dict[str, Any]]) -> int:
    """Append another project's history rows to ``doc_id``'s history, keeping
    their author, time and batch. Returns how many rows were written."""
    values = [
        (
            r["ts"],
            r["who"],
            r["action"],
            r["kind"],
            doc_id,
            r["target"],
            None if r["before"] is None else dumps(r["before"]),
            None if r["after"] is None else dumps(r["after"]),
            r["batch"],
            int(r.get("undone") or 0),
        )
        for r in entries
    ]
    project.conn.executemany(
        "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone) "
        "values (?,?,?,?,?,?,?,?,?,0,?)",
        values,
    )
    return len(values)


def used_ids(project: Project, doc_id: str) -> dict[str, set[str]]:
    """Span, relation and comment ids already taken in a document."""
    return {
        table: {r[0] for r in project.execute(f"select id from {table} where doc_id = ?", [doc_id])}
        for table in ("spans", "relations", "comments")
    }


def past_span_states(project: Project, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every earlier state of each span of a document (the ``before`` of its
    updates and deletions), by span id: what an older copy of the project
    may still hold."""
    out: dict[str, list[dict[str, Any]]] = {}
    for target, before in project.execute(
        "select target, before from history where doc_id = ? and kind = 'span' and before is not null "
        "and action in ('update', 'delete')",
        [doc_id],
    ):
        out.setdefault(target, []).append(json.loads(before))
    return out


def insert_spans(project: Project, doc_id: str, spans: Sequence[Span], who: str, origin: str) -> None:
    """Add spans brought in from ``origin`` (checked against text and scheme),
    logging one ``merge`` row each."""
    ts = now()
    with project.transaction():
        rows.check_spans(project, doc_id, spans)
        for name in dict.fromkeys(span.annotator for span in spans):
            project.ensure_annotator(name)
        rows.insert_spans(project, doc_id, spans, ts)
        for span in spans:
            history.log(project, who, "merge", "span", doc_id, span.id, None, {**span.model_dump(), "origin": origin})
        if spans:
            rows.touch(project, doc_id)


def insert_relations(project: Project, doc_id: str, relations: Sequence[Relation], who: str, origin: str) -> None:
    ts = now()
    with project.transaction():
        for rel in relations:
            rows.check_relation_ends(project, doc_id, rel)
            project.ensure_annotator(rel.annotator)
        rows.insert_relations(project, doc_id, relations, ts)
        for rel in relations:
            history.log(project, who, "merge", "relation", doc_id, rel.id, None, {**rel.model_dump(), "origin": origin})


def insert_comments(project: Project, doc_id: str, comments: Sequence[Comment], who: str, origin: str) -> None:
    ts = now()
    with project.transaction():
        rows.insert_comments(project, doc_id, comments, ts)
        for c in comments:
            history.log(project, who, "merge", "comment", doc_id, c.id, None, {**c.model_dump(), "origin": origin})


def fresh_id(prefix: str, taken: set[str], wanted: str) -> str:
    """``wanted`` if free in the document, else a new random id; the result
    is added to ``taken``."""
    out = wanted
    while out in taken:
        out = new_id(prefix)
    taken.add(out)
    return out


def history_rows(project: Project, doc_id: str) -> list[dict[str, Any]]:
    """A document's history, oldest first."""
    return list(reversed(project.history(doc_id)))


_HISTORY_COLUMNS = ("ts", "who", "action", "kind", "target", "before", "after", "batch", "undone")


def histories(project: Project, doc_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """:func:`history_rows` of each of ``doc_ids``, in one query."""
    out: dict[str, list[dict[str, Any]]] = {d: [] for d in doc_ids}
    marks = ",".join("?" * len(doc_ids))
    for doc_id, *values in project.execute(
        f"select doc_id, {', '.join(_HISTORY_COLUMNS)} from history where doc_id in ({marks}) order by pk",
        list(doc_ids),
    ):
        row = dict(zip(_HISTORY_COLUMNS, values, strict=True))
        for k in ("before", "after"):
            row[k] = json.loads(row[k]) if row[k] else None
        out[doc_id].append(row)
    return out


def taken(project: Project, ids: Sequence[str], shas: Sequence[str]) -> tuple[set[str], set[str]]:
    """Which of ``ids`` and of the texts ``shas`` (SHA-256) the project
    holds (as ids, as texts): two index look-ups."""
    marks = ",".join("?" * len(ids))
    found_ids = {r[0] for r in project.execute(f"select id from documents where id in ({marks})", list(ids))}
    marks = ",".join("?" * len(shas))
    found_shas = {r[0] for r in project.execute(f"select sha256 from documents where sha256 in ({marks})", list(shas))}
    return found_ids, found_shas


def add_documents(project: Project, docs: Sequence[tuple[Document, str, Iterable[dict[str, Any]]]], who: str) -> int:
    """Add ``(document, sha256 of its text, its history in another
    project)`` whose ids and texts the project does not hold (the caller
    checked, and checked them against the scheme), with their spans,
    relations, comments and search index entries, a statement per table for
    all of them, then for each its ``import`` history row (as
    :meth:`Project.add_document` writes it) and the history brought along
    (:func:`copy_history`), in the caller's transaction. Returns how many
    history rows were brought along."""
    if not docs:
        return 0
    ts = now()
    conn = project.conn
    conn.executemany(rows.DOCUMENT_INSERT, [(d.id, d.text, sha, dumps(d.meta), d.status, ts, ts) for d, sha, _ in docs])
    fulltext.add_many(project, [(d.id, d.text) for d, _, _ in docs])
    names = {sp.annotator for d, _, _ in docs for sp in d.spans} | {
        r.annotator for d, _, _ in docs for r in d.relations
    }
    for name in sorted(names):
        project.ensure_annotator(name)
    conn.executemany(rows.SPAN_INSERT, [row for d, _, _ in docs for row in rows.span_rows(d.id, d.spans, ts, _attrs)])
    conn.executemany(
        rows.RELATION_INSERT, [row for d, _, _ in docs for row in rows.relation_rows(d.id, d.relations, ts)]
    )
    conn.executemany(rows.COMMENT_INSERT, [row for d, _, _ in docs for row in rows.comment_rows(d.id, d.comments, ts)])
    copied = 0
    for d, sha, past in docs:
        history.log(
            project,
            who,
            "import",
            "document",
            d.id,
            d.id,
            None,
            {"sha256": sha, "spans": len(d.spans), "relations": len(d.relations)},
        )
        copied += copy_history(project, d.id, past)
    return copied


def _attrs(attrs: dict[str, Any]) -> str:
    """``dumps(attrs)``; most spans have none."""
    return dumps(attrs) if attrs else "{}"
