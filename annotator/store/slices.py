"""Long writes in short transactions.

A command that writes to many documents (``prelabel``, ``suggest``) does
its thinking first, outside any transaction, then stores the results in
transactions that end as soon as a time budget is spent, so that the
write lock is never held for more than a moment and an editor saving
meanwhile waits at most that long. Each item is written whole inside one
transaction; the commands never propose the same thing twice, so a run
cut short is finished by running it again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar


class Project(Protocol):
    """What a long write needs of :class:`annotator.store.project.Project`
    (typed here by what it offers, so that this module, which the runs of
    :mod:`~annotator.store.runs` use, imports nothing of the store)."""

    conn: sqlite3.Connection

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor: ...
    def transaction(self) -> contextlib.AbstractContextManager[Any]: ...


T = TypeVar("T")
BUDGET_S = 0.1  # of write lock per transaction (the goal is under 250 ms)


def write_in_slices(
    project: Project, items: Sequence[T], write: Callable[[T], None], budget_s: float = BUDGET_S
) -> None:
    """``write(item)`` for every item, in order, a transaction at a time,
    each committed once ``budget_s`` seconds of writing have passed. Inside
    a caller's transaction the slices are savepoints of it, and the whole is
    all-or-nothing."""
    i = 0
    nested = project.conn.in_transaction
    while i < len(items):
        with project.transaction():
            t0 = time.monotonic()
            while i < len(items):
                write(items[i])
                i += 1
                if time.monotonic() - t0 >= budget_s:
                    break
        if not nested:
            checkpoint(project)


def checkpoint(project: Project) -> None:
    """Move what was just committed from the WAL into the file, without the
    write lock and without waiting for readers (passive), so that the next
    commit of an editor never finds a large WAL to checkpoint itself."""
    project.execute("PRAGMA wal_checkpoint(PASSIVE)")
