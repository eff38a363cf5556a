"""The project: one SQLite file holding documents, scheme, spans, relations,
comments and the history of every change.

This module (with the rest of ``annotator.store``) is the only place that
writes SQL. Every public method that changes data runs in a transaction and
writes its history rows in that same transaction, so a crash leaves either
the whole change or none of it. A command wraps all its work in
:meth:`Project.transaction` so that a failure half-way leaves the file as it
was; the editor commits each edit on its own, before the next key is handled.

:class:`Project` is what the rest of annotator uses; it is made of parts,
one module each, and offers their functions as its methods:

* here: opening, transactions, the scheme, settings, and reading and
  editing documents, spans, relations and comments;
* :mod:`~annotator.store.history`: the history rows, undo and redo;
* :mod:`~annotator.store.export_rows`: documents read a batch at a time
  (:meth:`Project.iter_documents`, :meth:`Project.iter_export_rows`);
* :mod:`~annotator.store.counts`: :meth:`Project.stats`;
* :mod:`~annotator.store.rows`: the row writers and checks the parts share
  with the merge (:mod:`~annotator.store.merge_rows`) and the staged
  import (:mod:`~annotator.store.staging`);
* :mod:`~annotator.store.runs`: the marks of an import or merge still
  writing, which hide its documents, and the recovery :meth:`Project.open`
  runs after one died (the staged import writes the marks and imports this
  module, never the other way round).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator.errors import ModelError, ProjectError
from annotator.model import (
    DOC_STATUSES,
    SPAN_STATUSES,
    Comment,
    Document,
    Label,
    Relation,
    RelationLabel,
    Scheme,
    Span,
    new_id,
)
from annotator.store import counts, export_rows, fulltext, rows, runs, schema
from annotator.store import history as hist
from annotator.store.export_rows import ExportDocument
from annotator.store.rows import (
    SPAN_COLUMNS,
    dumps,
    span_conditions,
    span_from_row,
    span_json,
    status_filter,
    text_hash,
)
from annotator.store.schema import UNITS_WHERE

DEFAULT_BUSY_TIMEOUT_MS = 5000
COMMON_LABEL = 20_000  # spans from which list_documents(label=...) walks the documents rather than the label's spans


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already present: same id or same text
    spans: int = 0


@dataclass
class DocumentRow:
    """One line of the document list: no text, only what the list shows."""

    id: str
    status: str
    length: int
    spans: int
    suggested: int
    preview: str


# the columns of a span an update may change, in the spans table's order
_SPAN_WRITABLE = ("start", "end", "label", "layer", "annotator", "status", "source", "attrs")


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`."""

    def __init__(self, path: str | Path, db: sqlite_utils.Database, readonly: bool = False):
        self.path = Path(path)
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.readonly = readonly
        self.closed = False
        self._scheme: Scheme | None = None
        self._lengths: dict[tuple[str, int], tuple[int]] = {}  # rows.text_length_of's cache
        self.busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(cls, path: str | Path, scheme: Scheme | None = None, *, exist_ok: bool = False) -> Project:
        from annotator.store import outputs

        p = Path(path)
        outputs.check(p, None, what="the project", refuse_databases=False)  # never a device, fifo or socket
        if p.exists() and p.stat().st_size > 0 and not exist_ok:
            raise ProjectError(f"{p}: already exists; choose another name or remove it")
        if not p.parent.exists():
            raise ProjectError(f"{p}: folder {p.parent} does not exist")
        existed = p.exists()
        project = cls.open(p, create=True)
        if not project.scheme_is_set():
            try:
                with project.transaction():
                    project.set_scheme(scheme or Scheme.default())
            except BaseException:
                project.close()
                if not existed:  # no label-less project left behind to make the next init say "exists"
                    for suffix in ("", "-wal", "-shm", "-journal"):
                        Path(f"{p}{suffix}").unlink(missing_ok=True)
                raise
        return project

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, readonly: bool = False, busy_timeout_ms: int | None = None
    ) -> Project:
        p = Path(path)
        if not create and not p.exists():
            raise ProjectError(f"{p}: no such project file (create one with 'annotator init {p}')")
        if p.exists() and p.is_dir():
            raise ProjectError(f"{p}: is a folder, not a project file")
        if not create and p.stat().st_size == 0:
            raise ProjectError(f"{p}: an empty file, not a project (create one with 'annotator init')")
        if busy_timeout_ms is None:
            busy_timeout_ms = int(os.environ.get("ANNOTATOR_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
        conn: sqlite3.Connection | None = None
        try:
            if readonly:
                conn = _connect_readonly(p, busy_timeout_ms)
            else:
                # a URI here too: SQLite would read a name like 'file:x.db' as a URI and open x.db
                conn = sqlite3.connect(
                    p.resolve().as_uri(),
                    uri=True,
                    isolation_level=None,
                    timeout=busy_timeout_ms / 1000,
                    check_same_thread=False,
                )
            conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
            conn.execute("PRAGMA foreign_keys = ON")
            # Fails here, not later, if the file is not SQLite at all.
            conn.execute("select count(*) from sqlite_master").fetchone()
            db = sqlite_utils.Database(conn)
            # refuse a newer or foreign file before anything (even the journal mode) touches it
            schema.refuse_foreign(db, str(p))
            if not readonly:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode.lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            if readonly:
                schema.check_readable(db, str(p))
            else:
                schema.migrate(db, str(p))
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise ProjectError(_describe_sqlite_error(p, exc)) from None
        except ProjectError:
            if conn is not None:
                conn.close()
            raise
        project = cls(p, db, readonly=readonly)
        project.busy_timeout_ms = busy_timeout_ms
        if not readonly:
            try:  # the documents of an import that was killed half-way
                runs.recover(project)
            except BaseException:
                project.close()
                raise
        return project

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Project]:
        """All-or-nothing: the outermost call holds the write lock from the
        start (BEGIN IMMEDIATE, so a busy project waits instead of failing
        half-way); nested calls become savepoints."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        self._begin_immediate()
        try:
            yield self
        except BaseException:
            # type-ignores: mypy keeps in_transaction narrowed to False from the early return above,
            # but the caller's code (the yield) or COMMIT changes it
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # type: ignore[unreachable]
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")  # type: ignore[unreachable]
                raise ProjectError(_describe_sqlite_error(self.path, exc)) from None

    def _begin_immediate(self) -> None:
        """BEGIN IMMEDIATE, waiting up to the busy timeout for another
        writer, trying again every 2 ms. SQLite's own busy handler backs off
        to 100 ms between tries, so a writer that commits and soon begins
        again (an import copying batch after batch) could keep an editor's
        save waiting through several of its transactions; polling this often
        takes the lock in the first gap."""
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise ProjectError(_describe_sqlite_error(self.path, exc)) from None
                time.sleep(0.002)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    # ------------------------------------------------------------------ scheme
    def scheme_is_set(self) -> bool:
        labels: int = self.execute("select count(*) from labels").fetchone()[0]
        return labels > 0

    def scheme(self) -> Scheme:
        if self._scheme is None:
            labels = [
                Label(layer=r[0], name=r[1], color=r[2] or "#cccccc", hotkey=r[3] or None, description=r[4] or "")
                for r in self.execute(
                    "select layer, name, color, hotkey, description from labels order by position, layer, name"
                )
            ]
            rels = [
                RelationLabel(name=r[0], description=r[1] or "")
                for r in self.execute("select name, description from relation_labels order by position, name")
            ]
            self._scheme = Scheme(labels=labels, relations=rels) if rels else Scheme(labels=labels)
        return self._scheme

    def set_scheme(self, scheme: Scheme, who: str = "system") -> None:
        """Replace the scheme. Labels still used by spans cannot be removed."""
        with self.transaction():
            wanted = {(lab.layer, lab.name) for lab in scheme.labels}
            for layer, name, n in self.execute(
                "select layer, label, count(*) from spans group by layer, label"
            ).fetchall():
                if (layer, name) not in wanted:
                    raise ModelError(f"label {name!r} ({layer}) is used by {n} spans and cannot be removed")
            before = self.scheme().model_dump() if self.scheme_is_set() else None
            self.execute("delete from labels")
            self.execute("delete from relation_labels")
            self.conn.executemany(
                "insert into labels (layer, name, color, hotkey, description, position) values (?,?,?,?,?,?)",
                [
                    (lab.layer, lab.name, lab.color, lab.hotkey, lab.description, i)
                    for i, lab in enumerate(scheme.labels)
                ],
            )
            self.conn.executemany(
                "insert into relation_labels (name, description, position) values (?,?,?)",
                [(r.name, r.description, i) for i, r in enumerate(scheme.relations)],
            )
            hist.log(self, who, "update", "scheme", None, "scheme", before, scheme.model_dump())
        self._scheme = None

    # ---------------------------------------------------------------- settings
    def setting(self, key: str, default: Any = None) -> Any:
        """A per-project setting (any JSON value) kept in the ``meta`` table,
        such as the language-model endpoint (``llm``); ``default`` if unset."""
        row = self.execute("select value from meta where key = ?", [f"setting:{key}"]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any, who: str = "system") -> None:
        """Store (``None``: forget) a per-project setting, logged in the history."""
        with self.transaction():
            before = self.setting(key)
            if value is None:
                self.execute("delete from meta where key = ?", [f"setting:{key}"])
            else:
                self.execute("insert or replace into meta (key, value) values (?, ?)", [f"setting:{key}", dumps(value)])
            hist.log(self, who, "update", "setting", None, key, before, value)

    # -------------------------------------------------------------- annotators
    def annotators(self) -> list[str]:
        return [r[0] for r in self.execute("select name from annotators order by name")]

    def ensure_annotator(self, name: str) -> None:
        try:
            self.execute("insert or ignore into annotators (name, created) values (?, ?)", [name, rows.now()])
        except sqlite3.OperationalError as exc:  # outside a transaction: another writer held the lock too long
            raise ProjectError(_describe_sqlite_error(self.path, exc)) from None

    # --------------------------------------------------------------- documents
    def has_document(self, doc_id: str) -> bool:
        return self.execute("select 1 from documents where id = ?", [doc_id]).fetchone() is not None

    def document_by_hash(self, sha: str) -> str | None:
        row = self.execute("select id from documents where sha256 = ? limit 1", [sha]).fetchone()
        return row[0] if row else None

    def visible(self, column: str = "id") -> str:
        """A SQL condition on a document-id ``column`` that leaves out the
        documents of an import still copying in (``store/runs.py``), or
        ``"1"`` when none is, which is nearly always."""
        if runs.has_pending(self):
            return f"{column} not in ({runs.hidden_ids_sql()})"
        return "1"

    def count_documents(self, status: str | None = None) -> int:
        n: int
        if status:
            n = self.execute(
                f"select count(*) from documents where status = ? and {self.visible()}", [status]
            ).fetchone()[0]
            return n
        n = self.execute(f"select count(*) from documents where {self.visible()}").fetchone()[0]
        return n

    def document_ids(self, status: Sequence[str] | str | None = None, limit: int | None = None) -> list[str]:
        where, params = status_filter(status)
        where = f"{where} and {self.visible()}" if where else f"where {self.visible()}"
        return [
            r[0]
            for r in self.execute(
                f"select id from documents {where} order by rowid limit ?", [*params, -1 if limit is None else limit]
            )
        ]

    def _document_column(self, doc_id: str, column: str) -> str:
        """A text column of the document's row (an error if there is none)."""
        row = self.execute(f"select {column} from documents where id = ?", [doc_id]).fetchone()
        if row is None:
            raise ProjectError(f"{self.path}: no document {doc_id!r}")
        value: str = row[0]
        return value

    def document_text(self, doc_id: str) -> str:
        return self._document_column(doc_id, "text")

    def document_texts(self, doc_ids: Sequence[str]) -> list[str]:
        """The texts of ``doc_ids``, in that order, read in one query."""
        marks = ",".join("?" * len(doc_ids))
        found = dict(self.execute(f"select id, text from documents where id in ({marks})", list(doc_ids)).fetchall())
        missing = [d for d in doc_ids if d not in found]
        if missing:
            raise ProjectError(f"{self.path}: no document {missing[0]!r}")
        return [found[d] for d in doc_ids]

    def document_status(self, doc_id: str) -> str:
        return self._document_column(doc_id, "status")

    def has_copy(self, doc_id: str, sha: str) -> bool:
        """Whether the project holds this document already: the same id with
        the same text (hash ``sha``), or the same text under another id. The
        same id with another text is an error: adding it would replace work."""
        row = self.execute("select sha256 from documents where id = ?", [doc_id]).fetchone()
        if row is not None:
            if row[0] == sha:
                return True
            raise ModelError(f"document {doc_id!r} is already in the project with a different text")
        return self.document_by_hash(sha) is not None

    def add_document(self, doc: Document, who: str = "import", *, check_scheme: bool = True) -> bool:
        """Add a document with its spans, relations and comments. Returns False
        (adding nothing) when a document with the same id and text, or the
        same text under another id, is already present; a known id with a
        different text is an error, since it would silently replace work."""
        sha = text_hash(doc.text)
        if self.has_copy(doc.id, sha):
            return False
        if check_scheme:
            doc.check_scheme(self.scheme())
        ts = rows.now()
        with self.transaction():
            self.execute(rows.DOCUMENT_INSERT, [doc.id, doc.text, sha, dumps(doc.meta), doc.status, ts, ts])
            fulltext.add(self, doc.id, doc.text)
            for name in {sp.annotator for sp in doc.spans} | {r.annotator for r in doc.relations}:
                self.ensure_annotator(name)
            rows.insert_spans(self, doc.id, doc.spans, ts)
            rows.insert_relations(self, doc.id, doc.relations, ts)
            rows.insert_comments(self, doc.id, doc.comments, ts)
            hist.log(
                self,
                who,
                "import",
                "document",
                doc.id,
                doc.id,
                None,
                {"sha256": sha, "spans": len(doc.spans), "relations": len(doc.relations)},
            )
        return True

    def import_documents(
        self, docs: Iterable[Document], who: str = "import", progress: Callable[[Document], None] | None = None
    ) -> ImportResult:
        """Add many documents in one transaction: a bad one rolls back all."""
        result = ImportResult()
        with self.transaction():
            for doc in docs:
                if self.add_document(doc, who):
                    result.added.append(doc.id)
                    result.spans += len(doc.spans)
                else:
                    result.skipped.append(doc.id)
                if progress:
                    progress(doc)
        return result

    def set_status(self, doc_id: str, status: str, who: str, batch: str | None = None) -> None:
        """Change a document's status (undoable; ``batch`` joins it to the
        edit that caused it, so one undo reverses both)."""
        if status not in DOC_STATUSES:
            raise ModelError(f"unknown document status {status!r} (expected one of {', '.join(DOC_STATUSES)})")
        with self.transaction():
            before = self.document_status(doc_id)
            if before == status:
                return
            self.execute("update documents set status = ?, updated = ? where id = ?", [status, rows.now(), doc_id])
            hist.log(
                self,
                who,
                "update",
                "document",
                doc_id,
                doc_id,
                {"status": before},
                {"status": status},
                undoable=True,
                batch=batch,
            )

    def get_document(self, doc_id: str, **span_filter: Any) -> Document:
        row = self.execute("select id, text, meta, status from documents where id = ?", [doc_id]).fetchone()
        if row is None:
            raise ProjectError(f"{self.path}: no document {doc_id!r}")
        doc: Document = export_rows.documents(self, [row], span_filter)[0]  # lean=False: a model Document
        return doc

    def iter_documents(
        self,
        ids: Sequence[str] | None = None,
        status: Sequence[str] | str | None = None,
        batch: int = 200,
        **span_filter: Any,
    ) -> Iterator[Document]:
        """Documents one at a time, in import order (or the order of
        ``ids``), without holding the project in memory. ``span_filter`` as
        for :meth:`spans`. Reads ``batch`` documents at a time, with their
        spans, relations and comments in one query each rather than a few
        queries per document."""
        return export_rows.iterate(self, ids, status, batch, span_filter, lean=False)

    def iter_export_rows(
        self,
        ids: Sequence[str] | None = None,
        status: Sequence[str] | str | None = None,
        batch: int = 200,
        links: bool = True,
        **span_filter: Any,
    ) -> Iterator[ExportDocument]:
        """:meth:`iter_documents` for exports: the same documents, spans,
        relations and comments in the same order, as :class:`ExportDocument`
        and :class:`~annotator.model.SpanRow` (plain attributes, no pydantic models per
        span). For writers that only read those attributes. ``links=False``:
        relations and comments are not read (left empty), for writers that
        do not write them."""
        return export_rows.iterate(self, ids, status, batch, span_filter, lean=True, links=links)

    def list_documents(
        self,
        text: str | None = None,
        status: str | None = None,
        label: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        doc_id: str | None = None,
        after: str | None = None,
    ) -> list[DocumentRow]:
        """Rows for the document list, filtered; only a preview of the text is read.
        ``text`` searches ids and (through the full-text index) the texts;
        ``doc_id`` is the one row of that document (cheap, for a refresh);
        ``after`` starts after that document's row (the next page, as cheap
        deep in the list as at its top, where ``offset`` counts rows off)."""
        conds: list[str] = []
        params: list[Any] = []
        if (hidden := self.visible("d.id")) != "1":
            conds.append(hidden)
        if after is not None:
            conds.append("d.rowid > (select rowid from documents where id = ?)")
            params.append(after)
        if doc_id is not None:
            conds.append("d.id = ?")
            params.append(doc_id)
        if status:
            conds.append("d.status = ?")
            params.append(status)
        if text:
            # the full-text index (diacritic-insensitive) when there is one; else a scan
            fts = fulltext.candidates_sql(text) if fulltext.ensure(self) else None
            if fts is not None:
                # one id set (index matches, plus ids containing the text, read from the id index
                # alone): an "or" here made SQLite read every document row for a rare word
                inner = fts[0].removeprefix("d.id in (").removesuffix(")")
                conds.append(f"d.id in ({inner} union all select id from documents where instr(id, ?) > 0)")
                params += [*fts[1], text]
            else:
                conds.append("(instr(d.text, ?) > 0 or instr(d.id, ?) > 0)")
                params += [text, text]
        if label:
            # A common label: walk the documents in order, each checked through its own spans
            # (the label index would be scanned once per document). A rare one: collect its
            # documents from the label index. An unused one: nothing to read.
            used = self.execute(
                "select count(*) from (select 1 from spans where label = ? limit ?)", [label, COMMON_LABEL]
            ).fetchone()[0]
            if used >= COMMON_LABEL:
                conds.append(
                    "exists (select 1 from spans s2 where s2.doc_id = d.id and +s2.label = ? "
                    "and s2.status != 'rejected')"
                )
            else:
                conds.append("d.id in (select doc_id from spans where label = ? and status != 'rejected')")
            params.append(label)
        where = ("where " + " and ".join(conds)) if conds else ""
        sql = f"""
            select d.id, d.status, length(d.text), substr(d.text, 1, 80),
              (select count(*) from spans s where s.doc_id = d.id and s.status = 'accepted'),
              (select count(*) from spans s where s.doc_id = d.id and s.status = 'suggested')
            from documents d {where} order by d.rowid limit ? offset ?"""
        params += [-1 if limit is None else limit, offset]
        return [
            DocumentRow(id=r[0], status=r[1], length=r[2], preview=r[3], spans=r[4], suggested=r[5])
            for r in self.execute(sql, params)
        ]

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[fulltext.Hit]:
        """Documents containing ``query`` ignoring tashkeel, tatweel and hamza
        forms, best first, with the code-point ranges to highlight."""
        return fulltext.search(self, query, limit=limit, offset=offset)

    # ------------------------------------------------------------------- spans
    def spans(
        self,
        doc_id: str,
        annotator: str | Sequence[str] | None = None,
        layer: str | None = None,
        statuses: Sequence[str] | None = ("accepted", "suggested"),
    ) -> list[Span]:
        """Spans of a document sorted by position; rejected ones are left out
        unless asked for (they remember what not to suggest again)."""
        conds, params = span_conditions(annotator, layer, statuses)
        sql = (
            f"select {SPAN_COLUMNS} from spans where {' and '.join(['doc_id = ?', *conds])}"
            ' order by start, "end" desc, pk'
        )
        return [span_from_row(r) for r in self.execute(sql, [doc_id, *params])]

    def unit_spans(self, doc_id: str, annotator: str | Sequence[str] | None = None) -> list[Span]:
        """The document- and sentence-layer spans of a document (accepted and
        suggested), as :meth:`spans` orders them. The layer test is written
        out as the partial index ``spans_units`` has it, so SQLite reads that
        small index instead of every span of a large document (the editor's
        label bar asks on every caret move)."""
        conds, params = span_conditions(annotator, None)
        # no ORDER BY: with one, SQLite walks the (doc_id, start) index over every span instead
        sql = (
            f"select {SPAN_COLUMNS}, pk from spans where doc_id = ? and {UNITS_WHERE} "
            f"{''.join(' and ' + c for c in conds)}"
        )
        found = sorted(self.execute(sql, [doc_id, *params]), key=lambda r: (r[1], -r[2], r[-1]))
        return [span_from_row(r[:-1]) for r in found]

    def documents_with_spans(
        self,
        annotator: str | Sequence[str] | None = None,
        layer: str | None = None,
        statuses: Sequence[str] | None = ("accepted",),
        limit: int | None = None,
    ) -> list[str]:
        """Ids of the documents (import order) holding a span that passes the
        filter of :meth:`spans`, read from the spans table alone."""
        conds, params = span_conditions(annotator, layer, statuses)
        where = f"where {' and '.join(conds)}" if conds else ""
        sql = f"select d.id from documents d where d.id in (select doc_id from spans {where}) order by d.rowid" + (
            " limit ?" if limit is not None else ""
        )
        return [r[0] for r in self.execute(sql, [*params, *([limit] if limit is not None else [])])]

    def get_span(self, doc_id: str, span_id: str) -> Span | None:
        row = self.execute(
            f"select {SPAN_COLUMNS} from spans where doc_id = ? and id = ?", [doc_id, span_id]
        ).fetchone()
        return span_from_row(row) if row else None

    def get_spans(self, doc_id: str, span_ids: Sequence[str]) -> list[Span]:
        """The spans of the document with these ids (those that are there),
        read by id rather than by walking the document's spans."""
        out: list[Span] = []
        ids = list(dict.fromkeys(span_ids))
        for k in range(0, len(ids), 500):
            chunk = ids[k : k + 500]
            out.extend(
                span_from_row(r)
                for r in self.execute(
                    f"select {SPAN_COLUMNS} from spans where doc_id = ? and id in ({','.join('?' * len(chunk))})",
                    [doc_id, *chunk],
                )
            )
        return out

    def find_span(self, doc_id: str, annotator: str, layer: str, start: int, end: int) -> Span | None:
        row = self.execute(
            f'select {SPAN_COLUMNS} from spans where doc_id = ? and annotator = ? and layer = ? and start = ? and "end" = ?',
            [doc_id, annotator, layer, start, end],
        ).fetchone()
        return span_from_row(row) if row else None

    def spans_at(
        self,
        doc_id: str,
        start: int,
        end: int,
        layer: str | None = None,
        statuses: Sequence[str] | None = ("accepted", "suggested"),
    ) -> list[Span]:
        """Every annotator's spans on exactly ``[start:end]`` (of ``layer``)."""
        conds, params = span_conditions(layer=layer, statuses=statuses)
        sql = (
            f'select {SPAN_COLUMNS} from spans where doc_id = ? and start = ? and "end" = ? '
            f"{''.join(' and ' + c for c in conds)} order by pk"
        )
        return [span_from_row(r) for r in self.execute(sql, [doc_id, start, end, *params])]

    def crossing_spans(self, doc_id: str, annotator: str, layer: str, start: int, end: int) -> list[Span]:
        """The annotator's live spans of ``layer`` that cross ``[start:end]``:
        they overlap it without one holding the other (nesting is fine)."""
        sql = (
            f"select {SPAN_COLUMNS} from spans where doc_id = ? and annotator = ? and layer = ? "
            "and start < ? and \"end\" > ? and status != 'rejected' "
            'and not (start <= ? and "end" >= ?) and not (start >= ? and "end" <= ?) order by start'
        )
        return [
            span_from_row(r) for r in self.execute(sql, [doc_id, annotator, layer, end, start, start, end, start, end])
        ]

    def span_extents(self, doc_id: str, annotator: str, layer: str) -> list[tuple[str, int, int, str]]:
        """``(id, start, end, label)`` of the annotator's live spans of
        ``layer`` in the document: what a crossing check needs, without
        reading every span's attributes (accept-all checks a thousand
        suggestions against thousands of spans)."""
        sql = (
            'select id, start, "end", label from spans where doc_id = ? and annotator = ? and layer = ? '
            "and status in ('accepted', 'suggested')"
        )
        return [(r[0], r[1], r[2], r[3]) for r in self.execute(sql, [doc_id, annotator, layer])]

    def span_surfaces(
        self, layer: str | None = None, statuses: Sequence[str] = ("accepted",), doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, str, str, str]]:
        """``(doc_id, layer, label, surface)`` of every span with one of
        ``statuses`` across the project, without loading whole documents
        (SQLite's substr counts code points, as the offsets do). The
        gazetteer and the trained recommender learn from these."""
        conds, params = span_conditions(layer=layer, statuses=statuses, doc_ids=doc_ids, prefix="s.")
        sql = (
            'select s.doc_id, s.layer, s.label, substr(d.text, s.start + 1, s."end" - s.start) '
            f"from spans s join documents d on d.id = s.doc_id where {' and '.join(conds)} order by s.pk"
        )
        return [tuple(r) for r in self.execute(sql, params)]

    def add_span(self, doc_id: str, span: Span, who: str, batch: str | None = None) -> Span:
        """Store a new span (validated against text and scheme) and log it."""
        span = Span.model_validate(span.model_dump())
        rows.check_spans(self, doc_id, [span])
        existing = self.find_span(doc_id, span.annotator, span.layer, span.start, span.end)
        if existing is not None:
            raise ModelError(
                f"document {doc_id!r}: {span.annotator!r} already has a {span.layer} span at "
                f"[{span.start}:{span.end}] ({existing.label}, id {existing.id!r})"
            )
        with self.transaction():
            self.ensure_annotator(span.annotator)
            rows.insert_spans(self, doc_id, [span], rows.now())
            rows.touch(self, doc_id)
            hist.log(self, who, "create", "span", doc_id, span.id, None, span.model_dump(), undoable=True, batch=batch)
        return span

    def add_spans(
        self,
        doc_id: str,
        spans: Sequence[Span],
        who: str,
        batch: str | None = None,
        text_length: int | None = None,
        touch: bool = True,
        trusted: bool = False,
    ) -> None:
        """:meth:`add_span` for many spans of one document at once (one undo
        step ``batch``): validated the same way, stored and logged in bulk.
        ``text_length``, when the caller knows it, saves reading the length
        of a long text again (SQLite counts its characters each time);
        ``touch=False`` leaves the document's ``updated`` as it was
        (writing it rewrites the row, text and all); ``trusted``: the spans
        were made valid by the caller (:meth:`Span.from_trusted` of values
        the model accepts) and are not validated again, only checked
        against the text and the scheme."""
        if not spans:
            return
        if not trusted:
            spans = [Span.model_validate(s.model_dump()) for s in spans]
        rows.check_spans(self, doc_id, spans, text_length)
        batch = batch or new_id("b")
        with self.transaction():
            for name in {s.annotator for s in spans}:
                self.ensure_annotator(name)
            rows.insert_spans(self, doc_id, spans, rows.now())
            if touch:
                rows.touch(self, doc_id)
            self.execute(
                "update history set undone = 2 where doc_id = ? and who = ? and undoable = 1 and undone = 1",
                [doc_id, who],
            )
            ts = rows.now()
            self.conn.executemany(
                "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone) "
                "values (?,?,'create','span',?,?,NULL,?,?,1,0)",
                [(ts, who, doc_id, s.id, span_json(s), batch) for s in spans],
            )

    def update_span(self, doc_id: str, span_id: str, who: str, batch: str | None = None, **changes: Any) -> Span:
        """Change a span's label, layer, range, status, source, annotator or attrs."""
        before = self.get_span(doc_id, span_id)
        if before is None:
            raise ModelError(f"document {doc_id!r}: no span {span_id!r}")
        unknown = set(changes) - {"label", "layer", "start", "end", "status", "source", "attrs", "annotator"}
        if unknown:
            raise ModelError(f"cannot change {', '.join(sorted(unknown))} of a span")
        after = Span.model_validate({**before.model_dump(), **changes})
        rows.check_spans(self, doc_id, [after])
        if after == before:
            return before
        with self.transaction():
            try:
                self.execute(
                    'update spans set start=?, "end"=?, label=?, layer=?, annotator=?, status=?, source=?, attrs=?, updated=? '
                    "where doc_id = ? and id = ?",
                    [
                        after.start,
                        after.end,
                        after.label,
                        after.layer,
                        after.annotator,
                        after.status,
                        after.source,
                        dumps(after.attrs),
                        rows.now(),
                        doc_id,
                        span_id,
                    ],
                )
            except sqlite3.IntegrityError:
                raise ModelError(
                    f"document {doc_id!r}: {after.annotator!r} already has a {after.layer} span at [{after.start}:{after.end}]"
                ) from None
            self.ensure_annotator(after.annotator)
            rows.touch(self, doc_id)
            hist.log(
                self,
                who,
                "update",
                "span",
                doc_id,
                span_id,
                before.model_dump(),
                after.model_dump(),
                undoable=True,
                batch=batch,
            )
        return after

    def update_spans(
        self,
        doc_id: str,
        changes: Sequence[tuple[str, dict[str, Any]]],
        who: str,
        batch: str | None = None,
        current: Sequence[Span] = (),
    ) -> list[Span]:
        """:meth:`update_span` for many spans of one document in one
        transaction and one batch (accept-all of a thousand suggestions):
        the spans are read, checked and written with one statement each.
        ``current``: the spans as the caller read them inside the
        transaction it holds open, so they are not read again (ignored
        outside a transaction, where they could be stale)."""
        if not changes:
            return []
        ids = [sid for sid, _ in changes]
        befores: dict[str, Span] = {s.id: s for s in current} if self.conn.in_transaction else {}
        missing = [sid for sid in ids if sid not in befores]
        befores.update((s.id, s) for s in self.get_spans(doc_id, missing))
        allowed = {"label", "layer", "start", "end", "status", "source", "attrs", "annotator"}
        pairs: list[tuple[Span, Span]] = []
        for sid, change in changes:
            if sid not in befores:
                raise ModelError(f"document {doc_id!r}: no span {sid!r}")
            unknown = set(change) - allowed
            if unknown:
                raise ModelError(f"cannot change {', '.join(sorted(unknown))} of a span")
            before = befores[sid]
            if (
                set(change) <= {"status", "annotator"}
                and change.get("status", "accepted") in SPAN_STATUSES
                and isinstance(change.get("annotator", "x"), str)
                and change.get("annotator", "x")
            ):
                # nothing else changes, so nothing else to check (and no copy of attrs to make)
                after = Span.from_trusted({**before.__dict__, **change})
            else:
                after = Span.model_validate({**before.model_dump(), **change})
            if after != before:
                pairs.append((before, after))
        rows.check_spans(self, doc_id, [a for _, a in pairs])
        if not pairs:
            return [befores[sid] for sid in ids]
        # only the columns some span changes are written: SQLite then leaves the
        # indexes over the others alone (accept-all changes status and annotator)
        columns = [c for c in _SPAN_WRITABLE if any(getattr(b, c) != getattr(a, c) for b, a in pairs)]
        batch = batch or new_id("b")
        ts = rows.now()
        with self.transaction():
            try:
                sets = "".join(f'"{c}"=?, ' for c in columns)
                self.conn.executemany(
                    f"update spans set {sets}updated=? where doc_id = ? and id = ?",
                    [
                        (*(dumps(a.attrs) if c == "attrs" else getattr(a, c) for c in columns), ts, doc_id, a.id)
                        for _, a in pairs
                    ],
                )
            except sqlite3.IntegrityError:
                raise ModelError(
                    f"document {doc_id!r}: two spans of one annotator would share a layer and a range"
                ) from None
            for name in {a.annotator for _, a in pairs}:
                self.ensure_annotator(name)
            rows.touch(self, doc_id)
            self.execute(
                "update history set undone = 2 where doc_id = ? and who = ? and undoable = 1 and undone = 1",
                [doc_id, who],
            )
            self.conn.executemany(
                "insert into history (ts, who, action, kind, doc_id, target, before, after, batch, undoable, undone) "
                "values (?,?,?,?,?,?,?,?,?,1,0)",
                [(ts, who, "update", "span", doc_id, b.id, span_json(b), span_json(a), batch) for b, a in pairs],
            )
        done = {a.id: a for _, a in pairs}
        return [done.get(sid, befores[sid]) for sid in ids]

    def delete_span(self, doc_id: str, span_id: str, who: str, batch: str | None = None) -> None:
        """Delete a span and the relations and comments that hang on it."""
        before = self.get_span(doc_id, span_id)
        if before is None:
            raise ModelError(f"document {doc_id!r}: no span {span_id!r}")
        batch = batch or new_id("b")
        with self.transaction():
            for rel in self.relations(doc_id, span=span_id):  # not all of them: edits stay fast in big documents
                self.delete_relation(doc_id, rel.id, who, batch=batch)
            self.execute("delete from spans where doc_id = ? and id = ?", [doc_id, span_id])
            rows.touch(self, doc_id)
            hist.log(
                self, who, "delete", "span", doc_id, span_id, before.model_dump(), None, undoable=True, batch=batch
            )

    # --------------------------------------------------------------- relations
    def relations(self, doc_id: str, span: str | None = None) -> list[Relation]:
        """A document's relations; with ``span``, only those it is the head or tail of."""
        where, params = (
            ("doc_id = ? and (head = ? or tail = ?)", [doc_id, span, span]) if span else ("doc_id = ?", [doc_id])
        )
        return self._relations(where, params)

    def _relations(self, where: str, params: Sequence[Any]) -> list[Relation]:
        return [
            Relation.model_construct(
                id=r[0], head=r[1], tail=r[2], label=r[3], annotator=r[4], attrs=json.loads(r[5]) if r[5] else {}
            )
            for r in self.execute(
                f"select id, head, tail, label, annotator, attrs from relations where {where} order by pk", params
            )
        ]

    def add_relation(self, doc_id: str, rel: Relation, who: str, batch: str | None = None) -> Relation:
        rel = Relation.model_validate(rel.model_dump())
        rows.check_relation_ends(self, doc_id, rel)
        if rel.label not in self.scheme().relation_names():
            raise ModelError(f"document {doc_id!r}, relation {rel.id!r}: label {rel.label!r} is not in the scheme")
        with self.transaction():
            self.ensure_annotator(rel.annotator)
            try:
                rows.insert_relations(self, doc_id, [rel], rows.now())
            except sqlite3.IntegrityError as exc:
                raise ModelError(f"document {doc_id!r}: relation {rel.id!r} already exists ({exc})") from None
            rows.touch(self, doc_id)
            hist.log(
                self, who, "create", "relation", doc_id, rel.id, None, rel.model_dump(), undoable=True, batch=batch
            )
        return rel

    def delete_relation(self, doc_id: str, rel_id: str, who: str, batch: str | None = None) -> None:
        found = self._relations("doc_id = ? and id = ?", [doc_id, rel_id])  # one row: ids are unique per document
        before = found[0] if found else None
        if before is None:
            raise ModelError(f"document {doc_id!r}: no relation {rel_id!r}")
        with self.transaction():
            self.execute("delete from relations where doc_id = ? and id = ?", [doc_id, rel_id])
            rows.touch(self, doc_id)
            hist.log(
                self, who, "delete", "relation", doc_id, rel_id, before.model_dump(), None, undoable=True, batch=batch
            )

    # ---------------------------------------------------------------- comments
    def comments(self, doc_id: str) -> list[Comment]:
        return [
            Comment.model_construct(id=r[0], span=r[1], author=r[2], text=r[3], created=r[4] or "")
            for r in self.execute(
                "select id, span, author, text, created from comments where doc_id = ? order by pk", [doc_id]
            )
        ]

    def add_comment(self, doc_id: str, comment: Comment, who: str) -> Comment:
        if not self.has_document(doc_id):
            raise ProjectError(f"{self.path}: no document {doc_id!r}")
        if comment.span is not None and self.get_span(doc_id, comment.span) is None:
            raise ModelError(f"document {doc_id!r}: no span {comment.span!r} to comment on")
        comment = comment.model_copy(update={"created": comment.created or rows.now()})
        with self.transaction():
            rows.insert_comments(self, doc_id, [comment], comment.created)
            hist.log(self, who, "create", "comment", doc_id, comment.id, None, comment.model_dump())
        return comment

    # ------------------------------------------------- history, undo and redo
    # store/history.py holds them; its functions are these methods
    history = hist.entries
    accepted_since = hist.accepted_since
    can_undo = hist.can_undo
    can_redo = hist.can_redo
    next_replay = hist.next_replay
    undo = hist.undo
    redo = hist.redo

    # ----------------------------------------------------- counts and backup
    stats = counts.stats

    def backup(self, out: str | Path) -> Path:
        """A consistent copy through SQLite's online backup API (safe while
        others write)."""
        from annotator.store import outputs

        out = outputs.check(out, self.path, what="the backup", refuse_databases=False)
        tmp = out.with_name(out.name + ".part")
        dest = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, out)
        return out


def _is_busy(exc: sqlite3.Error) -> bool:
    msg = str(exc)
    return "locked" in msg or "busy" in msg


def _connect_readonly(p: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    """A ``mode=ro`` connection: nothing is ever written through it, not even
    the journal mode. A WAL project whose folder cannot be written (a
    read-only share, a colleague's file on a read-only mount) cannot get the
    ``-shm`` file a WAL reader needs; when it has no ``-wal`` either, every
    committed change is in the file itself, so it is opened ``immutable``
    (SQLite then takes no locks and needs no ``-shm``)."""
    # as_uri() percent-encodes, so names with '?', '#' or '%' open the right file
    uri = p.resolve().as_uri()

    def connect(query: str) -> sqlite3.Connection:
        return sqlite3.connect(
            f"{uri}?{query}", uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
        )

    conn = connect("mode=ro")
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        wal = Path(f"{p}-wal")
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            raise
        if wal.exists() and wal.stat().st_size > 0:
            raise ProjectError(
                f"{p}: cannot be read here: it has unsaved changes in {wal.name} and its folder cannot be "
                "written (copy the project with its -wal file to a folder you can write, or open it once where it was)"
            ) from None
        return connect("mode=ro&immutable=1")


def _describe_sqlite_error(path: Path, exc: sqlite3.Error) -> str:
    msg = str(exc)
    if "file is not a database" in msg or "file is encrypted" in msg:
        return f"{path}: not an SQLite project file ({msg})"
    if "locked" in msg or "busy" in msg:
        return (
            f"{path}: the project is locked by another writer and stayed locked; try again when it has finished ({msg})"
        )
    if "malformed" in msg or "corrupt" in msg:
        return f"{path}: the project file is damaged ({msg}); restore a backup"
    return f"{path}: {msg}"
