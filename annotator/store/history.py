"""The history: the row every change writes, reading the rows back, and
undo and redo, which replay them.

Each change to a project writes one ``history`` row (who, when, what,
the target's state before and after) in the transaction of the change
itself, so the file never holds a change without its row or a row without
its change. Undoable rows (``undoable = 1``) are grouped in batches, one
per edit; :func:`undo` replays ``who``'s latest batch on a document
backwards (restoring each target's ``before``) and :func:`redo` forwards.
``undone`` is 0 for a row in force, 1 for one undone (redo can bring it
back) and 2 for one undone and then cut off by a new edit. Undo and redo
themselves are logged too, as ``undo``/``redo`` rows that are never
replayed.

:class:`~annotator.store.project.Project` offers these as its methods
(``project.undo(doc_id, who)``, ``project.history()``); the store's other
writers, merges and review decisions call :func:`log` directly.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from annotator.model import Relation, Span, new_id
from annotator.store import rows

if TYPE_CHECKING:
    from annotator.store.project import Project


def log(
    project: Project,
    who: str,
    action: str,
    kind: str,
    doc_id: str | None,
    target: str | None,
    before: Any = None,
    after: Any = None,
    undoable: bool = False,
    batch: str | None = None,
) -> None:
    """Write the history row of a change, in the caller's transaction (the
    change's own). ``undoable`` rows are what :func:`undo` replays, grouped
    by ``batch`` (a new one if not given); writing one ends ``who``'s redo
    chain on the document. The others (merge reports, review decisions)
    undo never replays."""
    if undoable:
        # a new edit ends the redo chain of this person on this document
        project.execute(
            "update history set undone = 2 where doc_id = ? and who = ? and undoable = 1 and undone = 1",
            [doc_id, who],
        )
    project.execute(
        "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone) "
        "values (?,?,?,?,?,?,?,?,?,?,0)",
        [
            rows.now(),
            who,
            action,
            kind,
            doc_id,
            target,
            None if before is None else rows.dumps(before),
            None if after is None else rows.dumps(after),
            batch or new_id("b"),
            1 if undoable else 0,
        ],
    )


def accepted_since(project: Project, after_pk: int = 0, layer: str | None = None) -> tuple[int, int]:
    """``(n, last_pk)``: how many spans (of ``layer``) became accepted in
    the history rows after ``after_pk`` (created accepted, or a suggestion
    accepted), and the newest history pk to pass next time. The editor's
    background retraining counts new labels with it; only the history's
    primary key is scanned, so it stays cheap on big projects."""
    last = project.execute("select coalesce(max(pk), 0) from history").fetchone()[0]
    sql = (
        "select count(*) from history where pk > ? and pk <= ? and kind = 'span' "
        "and json_extract(after, '$.status') = 'accepted' "
        "and (before is null or json_extract(before, '$.status') != 'accepted')"
    )
    params: list[Any] = [after_pk, last]
    if layer is not None:
        sql += " and json_extract(after, '$.layer') = ?"
        params.append(layer)
    return project.execute(sql, params).fetchone()[0], last


def entries(project: Project, doc_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """History rows (of one document, if given), newest first, with
    ``before`` and ``after`` decoded."""
    where, params = ("where doc_id = ?", [doc_id]) if doc_id else ("", [])
    found = project.execute(
        f"select pk, ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone "
        f"from history {where} order by pk desc limit ?",
        [*params, -1 if limit is None else limit],
    ).fetchall()
    keys = (
        "pk",
        "ts",
        "who",
        "action",
        "kind",
        "doc_id",
        "target",
        "before",
        "after",
        "batch",
        "undoable",
        "undone",
    )
    out = []
    for r in found:
        d = dict(zip(keys, r, strict=True))
        for k in ("before", "after"):
            d[k] = json.loads(d[k]) if d[k] else None
        out.append(d)
    return out


def can_undo(project: Project, doc_id: str, who: str) -> bool:
    return _batch_rows(project, doc_id, who, 0) != []


def can_redo(project: Project, doc_id: str, who: str) -> bool:
    return _batch_rows(project, doc_id, who, 1) != []


def _batch_rows(project: Project, doc_id: str, who: str, undone: int) -> list[tuple[Any, ...]]:
    order = "desc" if undone == 0 else "asc"
    row = project.execute(
        f"select batch from history where doc_id = ? and who = ? and undoable = 1 and undone = ? order by pk {order} limit 1",
        [doc_id, who, undone],
    ).fetchone()
    if row is None:
        return []
    return project.execute(
        "select pk, action, kind, target, before, after from history where batch = ? and undone = ? order by pk",
        [row[0], undone],
    ).fetchall()


def next_replay(project: Project, doc_id: str, who: str, undo: bool = True) -> list[dict[str, Any]]:
    """The history rows the next :func:`undo` (or :func:`redo`) would
    replay, oldest first, as ``action``/``kind``/``target``/``before``/
    ``after`` dicts: to say what it will do before doing it."""
    return [
        {
            "action": r[1],
            "kind": r[2],
            "target": r[3],
            "before": json.loads(r[4]) if r[4] else None,
            "after": json.loads(r[5]) if r[5] else None,
        }
        for r in _batch_rows(project, doc_id, who, 0 if undo else 1)
    ]


def undo(project: Project, doc_id: str, who: str) -> list[str]:
    """Reverse ``who``'s latest edit on the document (also after a restart).
    Returns the ids of the spans/relations touched."""
    return _replay(project, doc_id, who, undo=True)


def redo(project: Project, doc_id: str, who: str) -> list[str]:
    return _replay(project, doc_id, who, undo=False)


def _replay(project: Project, doc_id: str, who: str, undo: bool) -> list[str]:
    found = _batch_rows(project, doc_id, who, 0 if undo else 1)
    if not found:
        return []
    touched = []
    spans: dict[str, dict[str, Any] | None] = {}  # what each span of the batch must become, the last word kept
    with project.transaction():
        for _pk, _action, kind, target, before, after in reversed(found) if undo else found:
            state = before if undo else after  # what the target must become
            state = json.loads(state) if state else None
            if kind == "span":
                spans.pop(target, None)
                spans[target] = state
            else:
                _restore(project, doc_id, kind, target, state)
            touched.append(target)
        project.conn.executemany(
            "update history set undone = ? where pk = ?", [(1 if undo else 0, r[0]) for r in found]
        )
        if spans:
            # the batch's spans leave together and their states come back together (the
            # states were all in the store at one time, so they fit together): one check of
            # the text's length for a thousand spans of an accept-all, not one each
            ids = list(spans)
            for k in range(0, len(ids), 500):
                chunk = ids[k : k + 500]
                project.execute(
                    f"delete from spans where doc_id = ? and id in ({','.join('?' * len(chunk))})",
                    [doc_id, *chunk],
                )
            back = [Span.model_validate(state) for state in spans.values() if state is not None]
            rows.check_spans(project, doc_id, back)
            rows.insert_spans(project, doc_id, back, rows.now())
        log(project, who, "undo" if undo else "redo", "batch", doc_id, None, None, {"history": [r[0] for r in found]})
        rows.touch(project, doc_id)
    return touched


def _restore(project: Project, doc_id: str, kind: str, target: str, state: dict[str, Any] | None) -> None:
    if kind == "relation":  # spans are restored together by _replay
        project.execute("delete from relations where doc_id = ? and id = ?", [doc_id, target])
        if state is not None:
            rows.insert_relations(project, doc_id, [Relation.model_validate(state)], rows.now())
    elif kind == "document" and state is not None:
        project.execute("update documents set status = ? where id = ?", [state["status"], doc_id])
