"""Runs: long writes (an import, a merge) that are not finished yet, and
recovering from one that died.

A run is registered in ``import_runs`` with the path of a lock file it
holds for as long as it writes. The documents it adds are marked in
``import_pending`` and stay invisible (:func:`hidden_ids_sql`) until the
run's row is deleted; what it changed in documents that were already there
is recorded in ``import_undo``. A run whose lock file is free has died:
:func:`recover` (called by :meth:`Project.open` for writing) undoes what it
changed and removes what it added.

The staged import and the merge's :class:`~annotator.store.staging.Run`
write these tables (:mod:`~annotator.store.staging`);
:class:`~annotator.store.project.Project` only reads them, to hide pending
documents and to recover. Both import this module, which imports neither:
it is typed by what it needs of a project (:class:`Store`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from annotator.store import fulltext
from annotator.store.slices import checkpoint

if TYPE_CHECKING:
    from annotator.model import Scheme

RUNS = "import_runs"
PENDING = "import_pending"
# what a run (a merge) changed in documents already there, to undo it after a kill
UNDO = "import_undo"
# documents removed per transaction when a run is discarded
DISCARD_DOCS = 100


class Store(fulltext.Connected, Protocol):
    """What a run's tables need of :class:`annotator.store.project.Project`
    (which imports this module, so it is typed here by what it offers):
    what the search index needs, and ``_scheme``, the project's cached
    scheme, dropped when an undo puts back an older one."""

    _scheme: Scheme | None


def has_pending(project: Store) -> bool:
    """Whether documents of an unfinished import are in the file (cheap).
    The marks of a finished one (its run row gone) no longer hide anything;
    they are cleared after it, a batch at a time (:func:`clear_marks`)."""
    return (
        _table_exists(project, PENDING)
        and project.execute(
            f"select exists (select 1 from {PENDING} where import_id in (select id from {RUNS}))"
        ).fetchone()[0]
        == 1
    )


def _table_exists(project: Store, name: str) -> bool:
    return (
        project.execute("select 1 from sqlite_master where type = 'table' and name = ?", [name]).fetchone() is not None
    )


def hidden_ids_sql() -> str:
    """A subquery of the ids of pending documents, for ``id not in (...)``."""
    return f"select doc_id from {PENDING} where import_id in (select id from {RUNS})"


class Lock:
    """A lock file held for as long as a run writes: a crashed or killed
    run's lock is free, which is how :func:`recover` tells a dead run from
    one still running in another process. ``fcntl.flock`` on POSIX,
    ``msvcrt.locking`` on Windows; the operating system releases either
    when the process dies."""

    def __init__(self, path: Path):
        self.path = path
        self.fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        fh = open(self.path, "a+b")  # noqa: SIM115  (held open while the lock is: release() closes it)
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows-only names; mypy checks as Linux
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self.fh = fh
        return True

    def release(self) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases either kind of lock
            self.fh = None


def _alive(lock_path: str) -> bool:
    """Whether the run owning ``lock_path`` is still running."""
    path = Path(lock_path)
    if not path.exists():
        return False
    probe = Lock(path)
    if probe.acquire():
        probe.release()
        return False
    return True


def _ensure_tables(project: Store) -> None:
    project.execute(f"create table if not exists {RUNS} (id text primary key, lock text not null, started text)")
    project.execute(
        f"create table if not exists {PENDING} (import_id text not null, doc_id text not null, "
        "primary key (import_id, doc_id)) without rowid"
    )
    project.execute(f"create index if not exists {PENDING}_doc on {PENDING} (doc_id)")
    project.execute(
        f"create table if not exists {UNDO} (n integer primary key, import_id text not null, tbl text not null, "
        "rid integer, status text, updated text)"
    )
    project.execute(f"create index if not exists {UNDO}_run on {UNDO} (import_id, n)")


def register(project: Store, run_id: str, lock: Lock) -> None:
    """Register a run holding ``lock``, in a transaction of its own (the
    tables and the search index made first if the project has none yet)."""
    with project.transaction():
        _ensure_tables(project)
        if not fulltext.exists(project):
            fulltext.create(project)
        project.execute(
            f"insert into {RUNS} (id, lock, started) values (?, ?, ?)",
            [run_id, str(lock.path), time.strftime("%Y-%m-%dT%H:%M:%S")],
        )


def recover(project: Store) -> int:
    """Remove the documents of imports that died before they finished (their
    lock file is free); returns how many documents were removed. Called by
    :meth:`Project.open` for writing; costs one query when there is nothing
    to do."""
    if not _table_exists(project, RUNS):
        return 0
    removed = 0
    dead = [
        (run_id, lock)
        for run_id, lock in project.execute(f"select id, lock from {RUNS}").fetchall()
        if not _alive(lock)
    ]
    for run_id, lock in dead:
        undo(project, run_id)
        removed += discard(project, run_id)
        folder = Path(lock).parent
        if folder.name.startswith(".annotator-import-"):  # the dead import's own folder
            shutil.rmtree(folder, ignore_errors=True)
    clear_marks(project)  # of runs that finished but were killed while clearing them
    return removed


def clear_marks(project: Store, run_id: str | None = None) -> None:
    """Delete the pending marks and undo records of finished runs (their run
    row gone: they hide nothing and will not be undone), a batch per
    transaction; ``run_id``: only that run's."""
    if not _table_exists(project, PENDING):
        return
    only = "import_id = ?" if run_id else f"import_id not in (select id from {RUNS})"
    args = [run_id] if run_id else []
    for table, key in ((PENDING, "(import_id, doc_id)"), (UNDO, "n")):
        if not _table_exists(project, table):
            continue
        if not project.execute(f"select exists (select 1 from {table} where {only})", args).fetchone()[0]:
            continue
        while True:
            with project.transaction():
                gone = project.execute(
                    f"delete from {table} where {key} in (select {key.strip('()')} from {table} where {only} limit 5000)",
                    args,
                ).rowcount
            if not gone:
                break
            checkpoint(project)


def save_scheme(project: Store, run_id: str) -> None:
    """Record the scheme as it is, for :func:`undo` to put back (inside the
    transaction that first changes it)."""
    labels = project.execute(
        "select layer, name, color, hotkey, description, position from labels order by rowid"
    ).fetchall()
    relations = project.execute("select name, description, position from relation_labels order by rowid").fetchall()
    project.execute(
        f"insert into {UNDO} (import_id, tbl, status) values (?, 'scheme', ?)",
        [run_id, json.dumps([labels, relations])],
    )


def undo(project: Store, run_id: str) -> None:
    """Reverse what an unfinished run changed in documents that were already
    there (the rows it added, the statuses and times it changed, the scheme
    it extended), newest first, a batch per transaction; its own documents
    are removed by :func:`discard`."""
    if not _table_exists(project, UNDO):
        return
    while True:
        with project.transaction():
            rows = project.execute(
                f"select n, tbl, rid, status, updated from {UNDO} where import_id = ? order by n desc limit 500",
                [run_id],
            ).fetchall()
            if not rows:
                return
            for _, tbl, rid, status, updated in rows:
                if tbl == "documents":
                    project.execute(
                        "update documents set status = ?, updated = ? where rowid = ?", [status, updated, rid]
                    )
                elif tbl == "scheme":
                    _restore_scheme(project, status)
                else:
                    project.execute(f"delete from {tbl} where rowid = ?", [rid])
            project.execute(f"delete from {UNDO} where import_id = ? and n >= ?", [run_id, rows[-1][0]])
        project._scheme = None


def _restore_scheme(project: Store, saved: str) -> None:
    labels, relations = json.loads(saved)
    project.execute("delete from labels")
    project.execute("delete from relation_labels")
    project.conn.executemany(
        "insert into labels (layer, name, color, hotkey, description, position) values (?,?,?,?,?,?)", labels
    )
    project.conn.executemany("insert into relation_labels (name, description, position) values (?,?,?)", relations)


def discard(project: Store, run_id: str) -> int:
    """Delete an unfinished run's pending documents (and everything
    written with them), a batch per transaction so that the editor is never
    kept waiting; the marks go with their documents, so a kill half-way
    leaves the rest for the next try."""
    removed = 0
    while True:
        with project.transaction():
            ids = [
                r[0]
                for r in project.execute(
                    f"select doc_id from {PENDING} where import_id = ? limit {DISCARD_DOCS}", [run_id]
                )
            ]
            if not ids:
                project.execute(f"delete from {RUNS} where id = ?", [run_id])
                return removed
            marks = ",".join("?" * len(ids))
            if fulltext.exists(project):
                # a contentless FTS5 row is deleted by giving it back what was indexed
                indexed = project.execute(
                    f"select s.n, d.text from {fulltext.DOCS} s join documents d on d.id = s.doc_id "
                    f"where s.doc_id in ({marks})",
                    ids,
                ).fetchall()
                project.conn.executemany(
                    f"insert into {fulltext.FTS} ({fulltext.FTS}, rowid, body) values ('delete', ?, ?)",
                    [(n, fulltext.body(text)) for n, text in indexed],
                )
                project.execute(f"delete from {fulltext.DOCS} where doc_id in ({marks})", ids)
            for table in ("spans", "relations", "comments", "history"):
                project.execute(f"delete from {table} where doc_id in ({marks})", ids)
            project.execute(f"delete from documents where id in ({marks})", ids)
            project.execute(f"delete from {PENDING} where import_id = ? and doc_id in ({marks})", [run_id, *ids])
            removed += len(ids)
