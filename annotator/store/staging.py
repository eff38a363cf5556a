"""Imports that hold the project's write lock for moments, not minutes.

A plain :meth:`Project.import_documents` runs in one transaction, so while
100,000 documents are read, validated and indexed (a minute or more) every
other writer, such as the editor saving a span, waits and then gives up.
Here the work happens in a private *staging* project in a temporary folder
beside the project (``.annotator-import-*``, removed afterwards, or by a
later import a day after a kill left it):
every document is read, checked against the data model, the scheme and the
project's existing documents, stored with its history rows, and its search
text prepared, all without touching the project. Only then is the project
locked, once, for a bulk ``INSERT ... SELECT`` of the staged rows through an
attached database. One bad line anywhere and the project never sees
anything, as before; a kill at any moment leaves it as it was (the staging
file is thrown away).

Documents that another process added while this import was staging are
skipped at the copy (same id and text, or same text) or refused (same id,
other text), exactly as :meth:`Project.add_document` would.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from annotator.errors import ModelError
from annotator.model import Document
from annotator.store import fulltext

if TYPE_CHECKING:
    from annotator.store.project import ImportResult, Project

_DOC_COLS = "id, text, sha256, meta, status, created, updated"
_SPAN_COLS = 'doc_id, id, start, "end", label, layer, annotator, status, source, attrs, created, updated'
_REL_COLS = "doc_id, id, head, tail, label, annotator, attrs, created"
_COMMENT_COLS = "doc_id, id, span, author, text, created"
_HISTORY_COLS = "ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone"


class Staging:
    """Documents waiting to go into a project; see :func:`staged_import`."""

    def __init__(self, project: "Project", stage: "Project", who: str):
        from annotator.store.project import ImportResult

        self.project = project
        self.stage = stage
        self.who = who
        self.result: ImportResult = ImportResult()
        self.spans: dict[str, int] = {}

    def add(self, docs: Iterable[Document], progress: Callable[[Document], None] | None = None) -> None:
        """Stage documents; raises (ModelError, FormatError...) on the first bad one."""
        stage = self.stage
        for doc in docs:
            if self._in_project(doc) or not stage.add_document(doc, self.who):
                self.result.skipped.append(doc.id)
            else:
                self.result.added.append(doc.id)
                self.spans[doc.id] = len(doc.spans)
            if progress:
                progress(doc)

    def _in_project(self, doc: Document) -> bool:
        """True when the project already has this document (same id and text,
        or the same text under another id); an id with another text is an
        error, as in :meth:`Project.add_document`."""
        from annotator.store.project import text_hash

        return self.project.has_copy(doc.id, text_hash(doc.text))

    def _prepare_search(self) -> None:
        """The search text of every staged document, computed before the lock."""
        stage = self.stage
        with stage.transaction():
            stage.execute("create table bodies (doc_id text primary key, body text)")
            for rows in fulltext.document_batches(stage):
                stage.conn.executemany("insert into bodies values (?, ?)",
                                       [(doc_id, fulltext.body(text)) for doc_id, text in rows])

    def _copy(self) -> None:
        """Copy the staged rows into the project in one short transaction."""
        project = self.project
        project.execute("ATTACH DATABASE ? AS stage", [str(self.stage.path)])
        try:
            with project.transaction():
                clash = project.execute(
                    "select s.id from stage.documents s join main.documents m on m.id = s.id "
                    "where m.sha256 != s.sha256 limit 1"
                ).fetchone()
                if clash:
                    raise ModelError(f"document {clash[0]!r} is already in the project with a different text "
                                     "(added by someone else during this import)")
                # added meanwhile by another process: skip, as add_document would
                late = [r[0] for r in project.execute(
                    "select s.id from stage.documents s where exists (select 1 from main.documents m "
                    "where m.id = s.id or m.sha256 = s.sha256)")]
                project.execute("create temp table late_ids (id text primary key)")
                project.conn.executemany("insert into temp.late_ids values (?)", [(i,) for i in late])
                keep = "not in (select id from temp.late_ids)"
                project.execute("insert or ignore into main.annotators (name, created) "
                                "select name, created from stage.annotators")
                for table, cols, order in (("documents", _DOC_COLS, "rowid"), ("spans", _SPAN_COLS, "pk"),
                                           ("relations", _REL_COLS, "pk"), ("comments", _COMMENT_COLS, "pk")):
                    key = "id" if table == "documents" else "doc_id"
                    project.execute(f"insert into main.{table} ({cols}) select {cols} from stage.{table} "
                                    f"where {key} {keep} order by {order}")
                project.execute(f"insert into main.history ({_HISTORY_COLS}) select {_HISTORY_COLS} "
                                f"from stage.history where kind != 'scheme' and doc_id {keep} order by pk")
                if not fulltext.exists(project):
                    fulltext.create(project)
                project.execute(f"insert into main.{fulltext.DOCS} (doc_id) select d.id from stage.documents d "
                                f"where d.id {keep} order by d.rowid")
                project.execute(
                    f"insert into main.{fulltext.FTS} (rowid, body) select s.n, b.body from stage.bodies b "
                    f"join main.{fulltext.DOCS} s on s.doc_id = b.doc_id where b.doc_id {keep}"
                )
                project.execute("drop table temp.late_ids")
        finally:
            project.execute("DETACH DATABASE stage")
        late_set = set(late)
        self.result.added = [d for d in self.result.added if d not in late_set]  # ids are added once each
        self.result.skipped.extend(late)
        self.result.spans = sum(n for doc_id, n in self.spans.items() if doc_id not in late_set)


STALE_SECONDS = 24 * 3600


def _remove_stale(folder: Path) -> None:
    """Staging folders left by a killed import (untouched for a day)."""
    for old in folder.glob(".annotator-import-*"):
        files = [f for f in old.iterdir()] if old.is_dir() else []
        newest = max((f.stat().st_mtime for f in files), default=old.stat().st_mtime)
        if time.time() - newest > STALE_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged_import(project: "Project", who: str = "import") -> Iterator[Staging]:
    """``with staged_import(project, who) as staging: staging.add(docs)``;
    the staged documents go into the project when the block ends without
    an error, and ``staging.result`` says what was added and skipped."""
    from annotator.store.project import Project

    # beside the project: that disk has room for the data (a small /tmp may not)
    with contextlib.suppress(OSError):
        _remove_stale(project.path.resolve().parent)
    with tempfile.TemporaryDirectory(prefix=".annotator-import-", dir=project.path.resolve().parent) as tmp:
        stage = Project.create(Path(tmp) / "stage.db", project.scheme())
        stage.index_fulltext = False  # prepared in bulk by _prepare_search instead
        try:
            stage.execute("PRAGMA journal_mode = MEMORY")  # a throwaway file: no WAL, no fsync
            stage.execute("PRAGMA synchronous = OFF")
            staging = Staging(project, stage, who)
            with stage.transaction():
                yield staging
            staging._prepare_search()
        finally:
            stage.close()
        staging._copy()
