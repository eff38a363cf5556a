"""Store support for teams: guidelines, assignments, work packs and the
history pass behind per-annotator statistics.

The SQL of :mod:`annotator.team` lives here so the store stays the only
package that writes SQL.

* The guidelines are Markdown text in the ``meta`` table (key
  ``guidelines``); setting them is logged in the history (not undoable).
* ``assignments`` holds one row per document and annotator it was handed
  to, with the ``round`` (one ``assign`` run) and the pack file's name.
* A project has a random ``project_id`` (in ``meta``, made on first need);
  a work pack records, under ``meta.pack``, the lead project's id, the
  round and the annotator, so collecting it can tell a pack of this project
  from any other file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import sub
from typing import Any

from annotator.store import history
from annotator.store.project import Project
from annotator.store.rows import now
from annotator.store.schema import has_table

GUIDELINES = "guidelines"
PACK = "pack"
PROJECT_ID = "project_id"


# ---------------------------------------------------------------- meta values
def meta_value(project: Project, key: str) -> str | None:
    row = project.execute("select value from meta where key = ?", [key]).fetchone()
    return row[0] if row else None


def _set_meta(project: Project, key: str, value: str | None) -> None:
    if value is None:
        project.execute("delete from meta where key = ?", [key])
    else:
        project.execute("insert or replace into meta (key, value) values (?, ?)", [key, value])


def guidelines(project: Project) -> str:
    return meta_value(project, GUIDELINES) or ""


def set_guidelines(project: Project, text: str, who: str = "lead") -> None:
    with project.transaction():
        before = guidelines(project)
        if before == text:
            return
        _set_meta(project, GUIDELINES, text)
        history.log(project, who, "update", "guidelines", None, GUIDELINES, {"text": before}, {"text": text})


def keep_project_id(project: Project, pid: str) -> None:
    """Store ``pid`` as this project's id unless it has one already."""
    if not meta_value(project, PROJECT_ID):
        _set_meta(project, PROJECT_ID, pid)


def pack_info(project: Project) -> dict[str, Any] | None:
    """What a work pack says about where it came from (None: not a pack)."""
    raw = meta_value(project, PACK)
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return None
    return info if isinstance(info, dict) else None


def set_pack_info(project: Project, info: dict[str, Any]) -> None:
    with project.transaction():
        _set_meta(project, PACK, json.dumps(info, ensure_ascii=False, sort_keys=True))


# ---------------------------------------------------------------- assignments
@dataclass(frozen=True)
class Assignment:
    doc_id: str
    annotator: str
    round: str
    pack: str
    copies: int
    assigned: str


def assignments(project: Project) -> list[Assignment]:
    if not has_table(project.db, "assignments"):
        return []
    return [
        Assignment(*r)
        for r in project.execute(
            "select doc_id, annotator, round, pack, copies, assigned from assignments order by assigned, round, doc_id, annotator"
        )
    ]


def assigned_ids(project: Project) -> set[str]:
    if not has_table(project.db, "assignments"):
        return set()
    return {r[0] for r in project.execute("select distinct doc_id from assignments")}


def assigned_load(project: Project) -> dict[str, int]:
    if not has_table(project.db, "assignments"):
        return {}
    return {r[0]: r[1] for r in project.execute("select annotator, count(*) from assignments group by annotator")}


def overlap_ids(project: Project) -> list[str]:
    """Documents handed to more than one annotator, in import order."""
    if not has_table(project.db, "assignments"):
        return []
    return [
        r[0]
        for r in project.execute(
            "select d.id from documents d join (select doc_id from assignments group by doc_id having count(*) > 1) a "
            "on a.doc_id = d.id order by d.rowid"
        )
    ]


def has_round(project: Project, round_id: str) -> bool:
    if not has_table(project.db, "assignments"):
        return False
    return project.execute("select 1 from assignments where round = ? limit 1", [round_id]).fetchone() is not None


def record_assignments(
    project: Project, rows: Iterable[tuple[str, str, str]], round_id: str, copies: int, who: str = "lead"
) -> int:
    """Record ``(doc_id, annotator, pack)`` rows of one round; one history
    row for the whole round."""
    from annotator.store.slices import write_in_slices

    ts = now()
    values = [(doc_id, name, round_id, pack, copies, ts) for doc_id, name, pack in rows]
    # in slices of a moment each (a round of 100,000 documents is one long insert otherwise);
    # all or nothing when the caller runs this inside its transaction or a staging.Run
    chunks = [values[i : i + 2000] for i in range(0, len(values), 2000)]

    def write(chunk: list[tuple[Any, ...]]) -> None:
        project.conn.executemany(
            "insert into assignments (doc_id, annotator, round, pack, copies, assigned) values (?,?,?,?,?,?)", chunk
        )

    write_in_slices(project, chunks, write)
    with project.transaction():
        history.log(
            project,
            who,
            "assign",
            "project",
            None,
            round_id,
            None,
            {"round": round_id, "rows": len(values), "copies": copies},
        )
    return len(values)


def candidate_ids(project: Project, statuses: Sequence[str] | None) -> list[str]:
    """Documents not handed out yet (with one of ``statuses``), in import order."""
    where, params = [], []
    if statuses:
        where.append(f"d.status in ({','.join('?' * len(statuses))})")
        params += list(statuses)
    if has_table(project.db, "assignments"):
        where.append("not exists (select 1 from assignments a where a.doc_id = d.id)")
    sql = "select d.id from documents d" + (f" where {' and '.join(where)}" if where else "") + " order by d.rowid"
    return [r[0] for r in project.execute(sql, params)]


# ------------------------------------------------------------------ packs
def write_pack(lead: Project, pack: Project, doc_ids: Sequence[str], annotator: str) -> None:
    """Copy ``doc_ids`` (text, meta; status ``new``), their suggestions and
    ``annotator``'s own spans from ``lead`` into the fresh project ``pack``,
    in one statement per table through ATTACH (a pack of 20,000 documents
    is a bulk copy, not 20,000 inserts)."""
    pack.conn.execute("attach database ? as lead", [str(lead.path.resolve())])
    try:
        with pack.transaction():
            pack.execute("create temp table wanted (id text primary key)")
            pack.conn.executemany("insert or ignore into temp.wanted (id) values (?)", [(d,) for d in doc_ids])
            ts = now()
            pack.execute(
                "insert into documents (id, text, sha256, meta, status, created, updated) "
                "select d.id, d.text, d.sha256, d.meta, 'new', ?, ? from lead.documents d "
                "join temp.wanted w on w.id = d.id order by d.rowid",
                [ts, ts],
            )
            pack.execute(
                'insert into spans (doc_id, id, start, "end", label, layer, annotator, status, source, attrs, created, updated) '
                'select s.doc_id, s.id, s.start, s."end", s.label, s.layer, s.annotator, s.status, s.source, s.attrs, '
                "s.created, s.updated from lead.spans s join temp.wanted w on w.id = s.doc_id "
                "where s.annotator = ? or s.status = 'suggested' order by s.pk",
                [annotator],
            )
            pack.execute(
                "insert into relations (doc_id, id, head, tail, label, annotator, attrs, created) "
                "select r.doc_id, r.id, r.head, r.tail, r.label, r.annotator, r.attrs, r.created from lead.relations r "
                "join temp.wanted w on w.id = r.doc_id where "
                "exists (select 1 from main.spans h where h.doc_id = r.doc_id and h.id = r.head) and "
                "exists (select 1 from main.spans t where t.doc_id = r.doc_id and t.id = r.tail) order by r.pk"
            )
            pack.execute(
                "insert or ignore into annotators (name, created) select distinct annotator, ? from spans", [ts]
            )
            pack.execute("insert or ignore into annotators (name, created) values (?, ?)", [annotator, ts])
            pack.execute("drop table temp.wanted")
    finally:
        pack.conn.execute("detach database lead")


# ------------------------------------------------------------ history pass
def activity(project: Project, idle_seconds: float) -> list[tuple[str, str, float, int]]:
    """``(who, doc_id, active seconds, edits)`` for every annotator and
    document with edits in the history: the sum of the gaps between one
    annotator's successive edits in one document that are shorter than
    ``idle_seconds``. One pass over history in (who, doc_id, ts) order, read
    from the schema-2 index (who, doc_id, ts, action) alone: no sort, no
    table row, no query per document. SQLite hands over each (who, doc_id)
    group's times as one string, and the gaps are summed here, rather than
    with a window function (whose GROUP BY sorts every row again) or by
    fetching one row per edit. Imports, merges and assignments are not
    edits."""
    index = (
        "indexed by idx_history_who_doc_id_ts_action" if _has_index(project, "idx_history_who_doc_id_ts_action") else ""
    )
    cur = project.execute(
        f"select who, doc_id, group_concat(julianday(ts) * 86400.0) from history {index} "
        "where doc_id is not null and action not in ('import', 'merge', 'assign') group by who, doc_id"
    )
    out: list[tuple[str, str, float, int]] = []
    for who, doc_id, joined in cur:
        times = sorted(map(float, joined.split(",")))  # already in order: sorting a sorted list is one pass
        secs = sum(g for g in map(sub, times[1:], times[:-1]) if g < idle_seconds)
        out.append((who, doc_id, secs, len(times)))
    return out


def _has_index(project: Project, name: str) -> bool:
    return (
        project.execute("select 1 from sqlite_master where type = 'index' and name = ?", [name]).fetchone() is not None
    )


def status_changes(project: Project) -> dict[tuple[str, str], str]:
    """The last document status each annotator set on each document."""
    out: dict[tuple[str, str], str] = {}
    for who, doc_id, after in project.execute(
        "select who, doc_id, json_extract(after, '$.status') from history "
        "where kind = 'document' and action = 'update' order by ts, pk"
    ):
        if after:
            out[(who, doc_id)] = after
    return out


def suggestion_decisions(project: Project) -> list[tuple[str, str, str, int]]:
    """``(who, source, accepted|rejected, count)``: every change of a
    suggested span to accepted or rejected, by the one who made it.

    The store writes a span's state as JSON with sorted keys, so ``status``
    is its last key and a state "ends with" ``"status":"suggested"}``: that
    test is a string scan, where ``json_extract`` would parse each state."""
    sql = """
        select who, json_extract(after, '$.source'),
               case when after like '%"status":"accepted"}' then 'accepted' else 'rejected' end, count(*)
        from history
        where kind = 'span' and action = 'update' and before like '%"status":"suggested"}'
          and (after like '%"status":"accepted"}' or after like '%"status":"rejected"}')
        group by 1, 2, 3"""
    return [tuple(r) for r in project.execute(sql)]


def spans_by_annotator_layer(project: Project) -> list[tuple[str, str, int]]:
    return [
        tuple(r)
        for r in project.execute(
            "select annotator, layer, count(*) from spans where status = 'accepted' group by annotator, layer"
        )
    ]


def gold_matches(project: Project) -> list[tuple[str, int, int, int]]:
    """Per annotator, on the documents that have gold and where the
    annotator has accepted spans: ``(annotator, their spans, gold spans,
    exact matches)`` (same layer, start, end and label)."""
    sql = """
        with gold_docs as (select distinct doc_id from spans where annotator = 'gold' and status = 'accepted'),
        theirs as (select s.annotator, s.doc_id, s.layer, s.start, s."end", s.label from spans s
                   join gold_docs g on g.doc_id = s.doc_id
                   where s.status = 'accepted' and s.annotator != 'gold'),
        worked as (select distinct annotator, doc_id from theirs),
        gold_counts as (select w.annotator, count(*) as n from worked w
                        join spans g on g.doc_id = w.doc_id and g.annotator = 'gold' and g.status = 'accepted'
                        group by w.annotator),
        matched as (select t.annotator, count(*) as n from theirs t join spans g
                    on g.doc_id = t.doc_id and g.annotator = 'gold' and g.layer = t.layer and g.start = t.start
                    and g."end" = t."end" and g.label = t.label and g.status = 'accepted'
                    group by t.annotator)
        select t.annotator, count(*), coalesce(gc.n, 0), coalesce(m.n, 0) from theirs t
        left join gold_counts gc on gc.annotator = t.annotator left join matched m on m.annotator = t.annotator
        group by t.annotator"""
    return [tuple(r) for r in project.execute(sql)]


def assignment_rows(project: Project) -> list[tuple[str, str]]:
    if not has_table(project.db, "assignments"):
        return []
    return [tuple(r) for r in project.execute("select annotator, doc_id from assignments")]
