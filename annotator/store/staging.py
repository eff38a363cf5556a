"""Imports that hold the project's write lock for moments, not minutes.

An import runs in two passes, and the project is locked only in short
stretches of the second:

1. **Check and prepare** (no lock, nothing written to the project): every
   document is read, checked against the data model, the scheme, the
   project's documents and the earlier ones of the same import, and turned
   into the rows it will become (documents, spans, relations, comments, its
   history row; its search text is made at the copy, a batch at a time).
   The rows are spooled, a batch at a time,
   to a file in a private folder beside the project (``.annotator-import-*``,
   removed afterwards, or by a later import a day after a kill left it), so
   memory stays flat on a large corpus. One bad line anywhere and the
   project has not been touched: not a byte of it.
2. **Copy** in batches of a few hundred documents, each its own short
   transaction (well under 250 ms of write lock), so that the editor can
   save between any two. Each batch's documents are marked *pending* under
   the import's id (table ``import_pending``) and stay invisible to
   :class:`Project`'s listings, counts, exports and search until one last
   short transaction deletes the marks and so makes all of them visible at
   once.

A kill at any moment leaves either nothing visible or everything: the next
:meth:`Project.open` for writing (:func:`~annotator.store.runs.recover`)
finds pending documents whose import no longer holds its lock file and
removes them with their spans, history and index entries. A failure during the copy (a full disk,
another process adding the same id with another text) removes the import's
pending rows the same way before the error is reported.

Documents that another process added while this import was checking are
skipped at the copy (same id and text, or same text) or refused (same id,
other text), exactly as :meth:`Project.add_document` would.
"""

from __future__ import annotations

import contextlib
import marshal
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from annotator import collector
from annotator.errors import ModelError, ProjectError
from annotator.model import CheckedDocument, Document, new_id
from annotator.store import fulltext, runs
from annotator.store.project import ImportResult, Project
from annotator.store.rows import (
    COMMENT_INSERT,
    DOCUMENT_INSERT,
    RELATION_INSERT,
    SPAN_INSERT,
    comment_rows,
    dumps,
    relation_rows,
    span_rows,
    text_hash,
)
from annotator.store.runs import PENDING, RUNS, UNDO, Lock, clear_marks, discard
from annotator.store.slices import checkpoint

# a batch is copied in one transaction: small enough that the lock is held
# for a few tens of milliseconds, large enough that executemany pays off
BATCH_DOCS = 100
BATCH_CHARS = 250_000
# prepared rows are kept in memory up to this many characters of text, a
# span counted as SPAN_CHARS (about 130 MB of Python objects, measured on
# generated news: 10 bytes a character with 20 spans a document), and
# spooled to a file beyond: a 10,000-document import stays in memory
MEMORY_CHARS = 20_000_000
SPAN_CHARS = 20
STALE_SECONDS = 24 * 3600

_HISTORY_SQL = (
    "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone) "
    "values (?,?,'import','document',?,?,NULL,?,?,0,0)"
)


_ATTRS: dict[tuple[Any, ...], str] = {}


def _attrs_json(attrs: dict[str, Any]) -> str:
    """``dumps(attrs)``, remembered for attributes of plain values (a
    number's value and kind, a claim's certainty), which repeat."""
    if not attrs:
        return "{}"
    try:
        # the type too (1, 1.0 and True are equal keys), and a float's exact form (0.0 == -0.0)
        key = tuple((k, type(v), v.hex() if type(v) is float else v) for k, v in attrs.items())
        found = _ATTRS.get(key)
    except TypeError:  # a list or dict inside: not hashable, not cached
        return dumps(attrs)
    if found is None:
        if len(_ATTRS) > 100_000:
            _ATTRS.clear()
        found = _ATTRS[key] = dumps(attrs)
    return found


class Staging:
    """Documents on their way into a project; see :func:`staged_import`."""

    def __init__(self, project: Project, who: str, folder: Path, add_labels: bool = False):
        self.project = project
        self.who = who
        self.folder = folder
        self.result: ImportResult = ImportResult()
        self.scheme = project.scheme()
        self.add_labels = add_labels
        # (layer, name) of labels the documents use and the scheme lacks: added
        # to the scheme with add_labels (in the copy's last transaction), else
        # collected with the first file naming each, for one error listing all
        self.new_labels: list[tuple[str, str]] = []
        self.missing: dict[tuple[str, str], str] = {}
        self._ids: dict[str, str] = {}  # id -> sha256 of the documents of this import so far
        self._shas: set[str] = set()
        self._waiting: list[tuple[Document | CheckedDocument, str]] = []  # checked alone, not yet against the project
        self._chars = 0
        self._batches: list[list[tuple[Any, ...]]] = []  # prepared rows, in memory while they are small
        self._held = 0  # characters of text prepared
        self._weight = 0  # the same, a span counted as SPAN_CHARS: when to spool
        self._spool: IO[bytes] | None = None

    def add(
        self,
        docs: Iterable[Document | CheckedDocument],
        progress: Callable[[Document | CheckedDocument], None] | None = None,
        source: str = "",
    ) -> None:
        """Check and prepare documents; raises (ModelError, FormatError...)
        on the first bad one, before anything is written to the project. A
        document with labels the scheme lacks extends the scheme
        (``add_labels``) or is set aside, its labels noted in ``missing``
        for :meth:`refuse_missing_labels`."""
        for doc in docs:
            sha = text_hash(doc.text)
            seen = self._ids.get(doc.id)
            if seen is not None:
                if seen != sha:
                    raise ModelError(f"document {doc.id!r} is already in the project with a different text")
                self.result.skipped.append(doc.id)
            elif sha in self._shas:
                self.result.skipped.append(doc.id)
            elif self._lacks_labels(doc, source):
                pass
            else:  # every label it uses is in self.scheme now (Document.check_scheme could not fail)
                self._ids[doc.id] = sha
                self._shas.add(sha)
                self._waiting.append((doc, sha))
                self._chars += len(doc.text)
                if len(self._waiting) >= BATCH_DOCS or self._chars >= BATCH_CHARS:
                    self._flush()
            if progress:
                progress(doc)

    def _lacks_labels(self, doc: Document | CheckedDocument, source: str) -> bool:
        """True (and noted) when ``doc`` uses labels the scheme lacks and
        they may not be added; with ``add_labels`` (or for a format's
        structural relations) they are added to the scheme."""
        from annotator.formats import new_labels

        lacking = new_labels.missing(doc, self.scheme)
        if not lacking:
            return False
        if not self.add_labels and not all(new_labels.structural(key) for key in lacking):
            for key in lacking:
                self.missing.setdefault(key, source)
            return True
        self.scheme = new_labels.extended(self.scheme, lacking)
        self.new_labels += lacking
        return False

    def refuse_missing_labels(self) -> None:
        """One error naming every label the files use and the scheme lacks
        (and the first file using one), suggesting ``--add-labels``."""
        if not self.missing:
            return
        from annotator.errors import FormatError
        from annotator.formats.new_labels import describe

        if len(self.missing) == 1:
            ((layer, name),) = self.missing
            what = f"label {name!r} is not in the scheme ({layer})"
        else:
            what = f"{len(self.missing)} labels are not in the scheme: {describe(self.missing)}"
        msg = f"{what}; pass --add-labels to add them (or 'annotator labels DB --add NAME --layer L')"
        first = next(iter(self.missing.values()))
        raise FormatError(first, msg) if first else ModelError(msg)

    def _flush(self) -> None:
        """Check the waiting documents against the project (one query for
        the batch: same id and text, or same text, is skipped; same id with
        another text is an error, as in :meth:`Project.has_copy`), then
        turn the rest into rows and put them aside."""
        waiting, self._waiting, self._chars = self._waiting, [], 0
        if not waiting:
            return
        there = _present(self.project, [d.id for d, _ in waiting], [sha for _, sha in waiting])
        if there:
            by_id = dict(there)
            shas = set(by_id.values())
            keep = []
            for doc, sha in waiting:
                if doc.id in by_id and by_id[doc.id] != sha:
                    raise ModelError(f"document {doc.id!r} is already in the project with a different text")
                if doc.id in by_id or sha in shas:
                    self.result.skipped.append(doc.id)
                else:
                    keep.append((doc, sha))
            waiting = keep
        if not waiting:
            return
        batch = [self._rows(doc, sha) for doc, sha in waiting]
        self.result.added += [doc.id for doc, _ in waiting]
        self.result.spans += sum(len(doc.spans) for doc, _ in waiting)
        self._held += sum(len(doc.text) for doc, _ in waiting)
        self._weight += sum(len(doc.text) + SPAN_CHARS * len(doc.spans) for doc, _ in waiting)
        if self._spool is None and self._weight > MEMORY_CHARS:
            self._spool = open(self.folder / "rows.bin", "w+b")  # noqa: SIM115  (the spool lives until the import ends)
            for held in self._batches:
                self._write(held)
            self._batches = []
        if self._spool is not None:
            self._write(batch)
        else:
            self._batches.append(batch)

    def _write(self, batch: list[tuple[Any, ...]]) -> None:
        assert self._spool is not None
        blob = marshal.dumps(batch)
        self._spool.write(len(blob).to_bytes(8, "little"))
        self._spool.write(blob)

    def _rows(self, doc: Document | CheckedDocument, sha: str) -> tuple[Any, ...]:
        from annotator.store.rows import now  # looked up at each call: a test may set the clock

        ts = now()
        d = doc.id
        return (
            (d, doc.text, sha, dumps(doc.meta), doc.status, ts, ts),
            span_rows(d, doc.spans, ts, _attrs_json),
            relation_rows(d, doc.relations, ts),
            comment_rows(d, doc.comments, ts),
            # dumps({"sha256": sha, "spans": ..., "relations": ...}), written out: the same bytes, faster
            (
                ts,
                self.who,
                d,
                d,
                f'{{"relations":{len(doc.relations)},"sha256":"{sha}","spans":{len(doc.spans)}}}',
                new_id("b"),
            ),
            sorted({s.annotator for s in doc.spans} | {r.annotator for r in doc.relations}),
        )

    def _batches_back(self) -> Iterator[list[tuple[Any, ...]]]:
        if self._spool is None:
            yield from self._batches
            return
        fh = self._spool
        fh.flush()
        fh.seek(0)
        while head := fh.read(8):
            yield marshal.loads(fh.read(int.from_bytes(head, "little")))

    def close(self) -> None:
        self._batches = []  # the rows, freed before the collection that ends the import
        if self._spool is not None:
            self._spool.close()

    def _copy(self) -> None:
        """Copy the prepared rows in, a short transaction per batch, all
        invisible until the last one; see the module docstring."""
        from annotator.store.rows import now

        project = self.project
        self._flush()
        self.refuse_missing_labels()
        if not self.result.added:
            return
        self._check_room()
        lock = Lock(self.folder / "lock")
        if not lock.acquire():  # our own fresh file: cannot be held by anyone else
            raise ModelError(f"{self.folder}: cannot lock the import's own lock file")
        run_id = new_id("imp")
        try:
            runs.register(project, run_id, lock)
            late: list[str] = []
            names: set[str] = set()
            try:
                for batch in self._batches_back():
                    late += self._copy_batch(run_id, batch, names)
                    checkpoint(project)
                with project.transaction():
                    ts = now()
                    if self.new_labels:  # with the documents that use them, or not at all
                        from annotator.formats.new_labels import extended

                        project.set_scheme(extended(project.scheme(), self.new_labels), self.who)
                    project.conn.executemany(
                        "insert or ignore into annotators (name, created) values (?, ?)",
                        [(n, ts) for n in sorted(names)],
                    )
                    # the run row gone, its marks hide nothing: they are cleared after, in batches
                    project.execute(f"delete from {RUNS} where id = ?", [run_id])
            except BaseException:
                with contextlib.suppress(Exception):
                    discard(project, run_id)
                raise
        finally:
            lock.release()
        clear_marks(project, run_id)
        late_set = set(late)
        if late_set:
            spans_late = sum(len(rows[1]) for batch in self._batches_back() for rows in batch if rows[0][0] in late_set)
            self.result.added = [d for d in self.result.added if d not in late_set]
            self.result.skipped.extend(late)
            self.result.spans -= spans_late

    def _check_room(self) -> None:
        """Refuse, before anything is written, an import the disk has no room
        for: a full disk half-way would leave nothing written (the batches
        are pending) but could not always clear them away at once. The
        estimate is generous: about twice the text's UTF-8 bytes and 250
        bytes a span, as measured on news text (the file grows by about 1.4
        times less)."""
        need = 4 * self._held + 250 * self.result.spans + 8 * 2**20
        try:
            free = shutil.disk_usage(self.project.path.resolve().parent).free
        except OSError:
            return
        if free < need:
            raise ProjectError(
                f"{self.project.path}: not enough disk space for this import: it needs about "
                f"{need / 2**20:.0f} MB and the disk has {free / 2**20:.0f} MB free"
            )

    def _copy_batch(self, run_id: str, batch: list[tuple[Any, ...]], names: set[str]) -> list[str]:
        """One batch in one transaction; returns the ids skipped because
        another process added them meanwhile."""
        project = self.project
        # the search index's text of each document, made here rather than held
        # with the rows (as large as the text), and before the lock is taken
        bodies = [fulltext.body(rows[0][1]) for rows in batch]
        with project.transaction():
            ids = [rows[0][0] for rows in batch]
            shas = [rows[0][2] for rows in batch]
            there = _present(project, ids, shas)
            late: list[str] = []
            if there:
                by_id = {i: s for i, s in there}
                present = {s for _, s in there}
                for doc_id, sha in zip(ids, shas, strict=True):
                    if doc_id in by_id and by_id[doc_id] != sha:
                        raise ModelError(
                            f"document {doc_id!r} is already in the project with a different text "
                            "(added by someone else during this import)"
                        )
                late = [doc_id for doc_id, sha in zip(ids, shas, strict=True) if doc_id in by_id or sha in present]
                skip = set(late)
                kept = [k for k, rows in enumerate(batch) if rows[0][0] not in skip]
                batch, bodies = [batch[k] for k in kept], [bodies[k] for k in kept]
                if not batch:
                    return late
            conn = project.conn
            conn.executemany(DOCUMENT_INSERT, [rows[0] for rows in batch])
            conn.executemany(SPAN_INSERT, [span for rows in batch for span in rows[1]])
            conn.executemany(RELATION_INSERT, [rel for rows in batch for rel in rows[2]])
            conn.executemany(COMMENT_INSERT, [c for rows in batch for c in rows[3]])
            conn.executemany(_HISTORY_SQL, [rows[4] for rows in batch])
            first = project.execute(f"select coalesce(max(n), 0) + 1 from {fulltext.DOCS}").fetchone()[0]
            conn.executemany(
                f"insert into {fulltext.DOCS} (n, doc_id) values (?, ?)",
                [(first + k, rows[0][0]) for k, rows in enumerate(batch)],
            )
            conn.executemany(
                f"insert into {fulltext.FTS} (rowid, body) values (?, ?)",
                [(first + k, body) for k, body in enumerate(bodies)],
            )
            conn.executemany(
                f"insert into {PENDING} (import_id, doc_id) values (?, ?)", [(run_id, rows[0][0]) for rows in batch]
            )
            for rows in batch:
                names.update(rows[5])
        return late


def _present(project: Project, ids: list[str], shas: list[str]) -> list[tuple[str, str]]:
    """``(id, sha256)`` of the documents already in the project with one of
    these ids or texts: two index look-ups (an ``or`` of the two would make
    SQLite read every document)."""
    marks = ",".join("?" * len(ids))
    return project.execute(
        f"select id, sha256 from documents where id in ({marks}) union "
        f"select id, sha256 from documents where sha256 in ({marks})",
        [*ids, *shas],
    ).fetchall()


def _remove_stale(folder: Path) -> None:
    """Import folders left by a killed import (untouched for a day)."""
    for old in folder.glob(".annotator-import-*"):
        files = [f for f in old.iterdir()] if old.is_dir() else []
        newest = max((f.stat().st_mtime for f in files), default=old.stat().st_mtime)
        if time.time() - newest > STALE_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged_import(project: Project, who: str = "import", add_labels: bool = False) -> Iterator[Staging]:
    """``with staged_import(project, who) as staging: staging.add(docs)``;
    the checked documents go into the project when the block ends without
    an error, and ``staging.result`` says what was added and skipped."""
    # beside the project: that disk has room for the data (a small /tmp may not)
    with contextlib.suppress(OSError):
        _remove_stale(project.path.resolve().parent)
    with (
        collector.paused(collect_after=True),
        tempfile.TemporaryDirectory(prefix=".annotator-import-", dir=project.path.resolve().parent) as tmp,
    ):
        staging = Staging(project, who, Path(tmp), add_labels)
        try:
            yield staging
            staging._copy()
        finally:
            staging.close()


# The tables a run's temporary triggers record inserts into (the rows are
# deleted on undo); ``documents`` records the status and time it changes.
_RECORDED = ("spans", "relations", "comments", "history", "annotators")


class Run:
    """A long write over documents already in the project (a merge), done in
    short transactions and undone whole if the process dies before
    :meth:`finish`: documents it adds are marked pending (invisible, as an
    import's), and every row it adds to other documents, every status it
    changes and the scheme it replaces are recorded in ``import_undo`` by
    temporary triggers of this connection only (an editor saving meanwhile
    is not recorded, and not undone). :func:`~annotator.store.runs.recover`
    undoes a dead run when the project is next opened; :meth:`abort` undoes
    it at once.

    Spans, relations and comments it added to a document that was already
    there are visible before the end, and undone after a kill."""

    def __init__(self, project: Project, also: tuple[str, ...] = ()):
        self.project = project
        self.id = new_id("mrg")
        self.recorded = (*_RECORDED, *also)  # also: more tables (with a doc_id) whose inserts are undone
        self._tmp = tempfile.TemporaryDirectory(prefix=".annotator-import-", dir=project.path.resolve().parent)
        self._lock = Lock(Path(self._tmp.name) / "lock")
        self._scheme_saved = False
        # inside a caller's transaction, which makes it all or nothing already: nothing to record
        self.nested = project.conn.in_transaction

    def start(self) -> None:
        project = self.project
        if self.nested:
            return
        if not self._lock.acquire():
            raise ModelError(f"{self._tmp.name}: cannot lock the merge's own lock file")
        runs.register(project, self.id, self._lock)
        run = self.id

        # rows of the run's own documents are not recorded: discard() removes those documents whole
        # (a correlated look-up: `not in (select ...)` would rebuild the list for every row)
        def theirs(column: str) -> str:
            return f"not exists (select 1 from main.{PENDING} where import_id = '{run}' and doc_id = new.{column})"

        for table in self.recorded:
            when = "" if table == "annotators" else f"when new.doc_id is null or {theirs('doc_id')} "
            project.execute(
                f"create temp trigger if not exists undo_{table} after insert on main.{table} {when}begin "
                f"insert into {UNDO} (import_id, tbl, rid) values ('{run}', '{table}', new.rowid); end"
            )
        project.execute(
            "create temp trigger if not exists undo_documents after update of status, updated on main.documents "
            f"when {theirs('id')} begin "
            f"insert into {UNDO} (import_id, tbl, rid, status, updated) "
            f"values ('{run}', 'documents', old.rowid, old.status, old.updated); end"
        )

    def hide(self, doc_id: str) -> None:
        """Mark a document this run is about to add (in the transaction that
        adds it, before it), so that its rows are not recorded one by one."""
        if self.nested:
            return
        self.project.execute(f"insert into {PENDING} (import_id, doc_id) values (?, ?)", [self.id, doc_id])

    def save_scheme(self) -> None:
        """Record the scheme as it is, before the run first changes it (inside
        that transaction)."""
        if self._scheme_saved or self.nested:
            return
        runs.save_scheme(self.project, self.id)
        self._scheme_saved = True

    def _drop_triggers(self) -> None:
        for table in (*self.recorded, "documents"):
            with contextlib.suppress(Exception):
                self.project.execute(f"drop trigger if exists temp.undo_{table}")

    def finish(self, last: Callable[[], None] | None = None) -> None:
        """Make everything visible and final in one short transaction (with
        ``last()`` inside it), then clear the marks and records."""
        project = self.project
        if self.nested:
            if last is not None:
                last()
            self._tmp.cleanup()
            return
        try:
            with project.transaction():
                if last is not None:
                    last()
                project.execute(f"delete from {RUNS} where id = ?", [self.id])
        except BaseException:
            self.abort()
            raise
        self._drop_triggers()
        self._lock.release()
        clear_marks(project, self.id)
        self._tmp.cleanup()

    def abort(self) -> None:
        project = self.project
        if self.nested:  # the caller's transaction rolls back
            self._tmp.cleanup()
            return
        self._drop_triggers()
        with contextlib.suppress(Exception):
            runs.undo(project, self.id)
            discard(project, self.id)
        self._lock.release()
        self._tmp.cleanup()
