"""Full-text search over the project: SQLite FTS5 on a diacritic- and
tatweel-insensitive copy of every document, with hits mapped back to
code-point offsets in the original text.

Two tables, both rebuildable from ``documents`` at any time:

* ``search_docs(n INTEGER PRIMARY KEY, doc_id)``: a stable number per
  document (the ``documents`` table has a text key, and SQLite may renumber
  its implicit rowids on VACUUM);
* ``documents_fts``: a *contentless* FTS5 table (``content=''``) keyed by
  ``n``. It holds only the index, not a second copy of 200 MB of text. What
  it indexes is the text as :func:`annotator.arabic.search.normalize` sees
  it (no tashkeel, tatweel or bidi marks; hamza, ta marbuta and alef
  maqsura folded).

A query is normalized the same way and each of its words becomes a prefix
term, also behind each proclitic and the article (``مسؤول`` finds
``مسؤولِ``, ``المسؤولين``, ``والمسؤول``). FTS5 narrows the documents;
:func:`annotator.arabic.search.find` then finds the exact ranges in the
original text, so a hit opens at the right offset. Written here rather than
with sqlite-utils' ``enable_fts`` because that indexes the raw column (and
keeps a content copy); sqlite-utils still carries the connection.

Documents are indexed as they are added (:meth:`Project.add_document`
calls :func:`add`); :func:`ensure` fills in anything missing (a project from
before the index existed) and :func:`rebuild` starts over.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, cast

import sqlite_utils

from annotator.arabic.search import SEARCH_PREFIXES, StreamFinder, find, normalize, safe_pieces
from annotator.store import texts


class Connected(Protocol):
    """What the index needs of :class:`annotator.store.project.Project`
    (which imports this module, so it is typed here by what it offers)."""

    db: sqlite_utils.Database
    conn: sqlite3.Connection
    path: Path
    readonly: bool

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor: ...
    def transaction(self) -> contextlib.AbstractContextManager[Any]: ...
    def visible(self, column: str = "id") -> str: ...


FTS = "documents_fts"
DOCS = "search_docs"
# bump when what is indexed changes, so old indexes are rebuilt
INDEX_VERSION = "2"  # 2: no clitic variants in the index (the query expands instead)
_WORD = re.compile(r"\w+")
# what a query word is also looked for behind, longest first; what remains
# must keep 2 letters
_PREFIXES = SEARCH_PREFIXES
_BY_FIRST: dict[str, tuple[str, ...]] = {c: tuple(p for p in _PREFIXES if p[0] == c) for c in {p[0] for p in _PREFIXES}}
# characters that need the slow, exact normalizer (composition, ligatures)
_SLOW = re.compile("[\u0653-\u0655\ufb50-\ufdff\ufe70-\ufefe]")


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    """``str.translate`` table doing what ``normalize`` does to single
    characters, derived from ``normalize`` itself so the two never differ."""
    table: dict[int, str | None] = {}
    ranges = [
        (0x00A0, 0x00B0),
        (0x0300, 0x0370),
        (0x0600, 0x0900),
        (0x2000, 0x2070),
        (0xFE00, 0xFE30),
        (0xFEFF, 0xFF00),
    ]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            n = normalize(ch)
            if n != ch:
                table[cp] = n or None
    return table


@lru_cache(maxsize=1)
def _fast() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """``_table()`` split in two for speed: one regex class of the characters
    it deletes (removed by ``re.sub`` in C) and the few letters it folds
    (each a ``str.replace``), rather than ``str.translate`` with a dict,
    which looks every character up in Python's dict. The
    folds never produce a character the table changes, so their order does
    not matter (checked here)."""
    table = _table()
    deleted = sorted(cp for cp, to in table.items() if to is None)
    folds = tuple((chr(cp), to) for cp, to in sorted(table.items()) if to is not None)
    assert not any(ord(c) in table for _, to in folds for c in to)
    runs: list[tuple[int, int]] = []
    for cp in deleted:
        if runs and runs[-1][1] == cp - 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return re.compile(f"[{cls}]+"), folds


def index_form(text: str) -> str:
    """The normalized text (as ``normalize``), fast for ordinary text."""
    if _SLOW.search(text):
        return normalize(text)
    deleted, folds = _fast()
    text = deleted.sub("", text)
    for letter, to in folds:
        if letter in text:
            text = text.replace(letter, to)
    return text


def body(text: str) -> str:
    """What the index holds for a document: its normalized text (the
    clitics are dealt with by the query, see :func:`match_expression`)."""
    return index_form(text)


def exists(project: Connected) -> bool:
    tables: int = project.execute(
        "select count(*) from sqlite_master where type = 'table' and name in (?, ?)", [FTS, DOCS]
    ).fetchone()[0]
    return tables == 2


def create(project: Connected) -> None:
    """Create the (empty) index tables if they are missing."""
    db = project.db
    if not db[DOCS].exists():
        docs = cast(sqlite_utils.db.Table, db[DOCS])  # a table of ours, never a view
        docs.create({"n": int, "doc_id": str}, pk="n", not_null={"doc_id"})
        docs.create_index(["doc_id"], unique=True)
    if not db[FTS].exists():
        db.execute(f"create virtual table {FTS} using fts5(body, content='', tokenize='unicode61 remove_diacritics 0')")
    db.execute("insert or replace into meta (key, value) values ('fulltext_version', ?)", [INDEX_VERSION])


def add(project: Connected, doc_id: str, text: str) -> None:
    """Index one document (inside the caller's transaction)."""
    # checked each time (cheap): a rolled-back first import also drops the tables
    if not exists(project):
        create(project)
    cur = project.execute(f"insert into {DOCS} (doc_id) values (?)", [doc_id])
    project.execute(f"insert into {FTS} (rowid, body) values (?, ?)", [cur.lastrowid, body(text)])


def add_many(project: Connected, docs: Sequence[tuple[str, str]]) -> None:
    """:func:`add` for many ``(doc_id, text)`` pairs, a statement per table
    for all of them (inside the caller's transaction)."""
    if not docs:
        return
    if not exists(project):
        create(project)
    first: int = project.execute(f"select coalesce(max(n), 0) + 1 from {DOCS}").fetchone()[0]
    project.conn.executemany(
        f"insert into {DOCS} (n, doc_id) values (?, ?)", [(first + k, d) for k, (d, _) in enumerate(docs)]
    )
    project.conn.executemany(
        f"insert into {FTS} (rowid, body) values (?, ?)", [(first + k, body(t)) for k, (_, t) in enumerate(docs)]
    )


def _missing(project: Connected) -> int:
    # fast path: equal counts (documents are never deleted, so none is missing)
    docs = project.execute("select count(*) from documents").fetchone()[0]
    if docs == project.execute(f"select count(*) from {DOCS}").fetchone()[0]:
        return 0
    missing: int = project.execute(
        f"select count(*) from documents d where not exists (select 1 from {DOCS} s where s.doc_id = d.id)"
    ).fetchone()[0]
    return missing


def ensure(project: Connected) -> bool:
    """Make the index complete; returns False when it cannot (a read-only
    project without one), in which case search scans the documents."""
    if exists(project) and _version(project) == INDEX_VERSION and _missing(project) == 0:
        return True  # the usual case: no lock taken, so readers never wait on writers
    if project.readonly:
        return False
    if exists(project) and _version(project) != INDEX_VERSION:
        rebuild(project)
        return True
    with project.transaction():
        if not exists(project):
            create(project)
        if _missing(project):
            for rows in document_batches(project, f"not exists (select 1 from {DOCS} s where s.doc_id = d.id)"):
                for doc_id, text in rows:
                    add(project, doc_id, text)
    return True


def document_batches(project: Connected, where: str = "1") -> Iterator[list[tuple[str, str]]]:
    """``(id, text)`` of the documents (``d``) matching ``where``, 500 at a
    time in rowid order, so memory stays flat on a big project; each batch
    is queried once the one before it has been used."""
    last = 0
    while True:
        rows = project.execute(
            f"select rowid, id, text from documents d where rowid > ? and ({where}) order by rowid limit 500", [last]
        ).fetchall()
        if not rows:
            return
        yield [(doc_id, text) for _, doc_id, text in rows]
        last = rows[-1][0]


def _version(project: Connected) -> str | None:
    row = project.execute("select value from meta where key = 'fulltext_version'").fetchone()
    return row[0] if row else None


def rebuild(project: Connected) -> int:
    """Drop and rebuild the index from the documents; returns how many."""
    with project.transaction():
        project.execute(f"drop table if exists {FTS}")
        project.execute(f"drop table if exists {DOCS}")
        create(project)
        n = 0
        for rows in document_batches(project):
            for doc_id, text in rows:
                add(project, doc_id, text)
                n += 1
    return n


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH string for a user's query: every word, normalized, as
    quoted prefix terms (so no FTS syntax in the query is ever obeyed), each
    also behind every proclitic and the article: ``مسؤول`` becomes
    ``("مسؤول"* OR "والمسؤول"* OR "المسؤول"* ...)`` and so finds
    ``والمسؤولين``. Expanding the query rather than indexing each word again
    without its clitics keeps the index the size of the text and the import
    fast. An index written the earlier way (version 1, with those extra
    words) would find a little more (a word behind two proclitics), so it is
    rebuilt once, the first time the project is searched."""
    words = _WORD.findall(index_form(query))
    if not words:
        return None
    return " AND ".join(
        "(" + " OR ".join('"' + (p + w).replace('"', '""') + '"*' for p in ("", *_PREFIXES)) + ")" for w in words
    )


def candidates_sql(query: str) -> tuple[str, list[str]] | None:
    """A SQL condition on ``d.id`` (documents aliased ``d``) selecting the
    documents the index says may contain ``query``; None for an empty query."""
    expr = match_expression(query)
    if expr is None:
        return None
    return (f"d.id in (select s.doc_id from {DOCS} s join {FTS} f on f.rowid = s.n where {FTS} match ?)", [expr])


def _lower_same_length(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text) if not text.isascii() else text.lower()


def ranges(text: str, query: str) -> list[tuple[int, int]]:
    """Code-point ranges of ``query`` in the original ``text``: the whole
    query where it occurs, else each of its words; case-insensitive."""
    hits = find(text, query)
    if hits:
        return hits
    low, q = _lower_same_length(text), _lower_same_length(query)
    hits = find(low, q)
    if not hits:
        hits = sorted({r for w in _WORD.findall(q) for r in find(low, w)})
    return hits


def ranges_in_pieces(read: Callable[[], Iterable[str]], query: str) -> tuple[list[tuple[int, int]], str]:
    """:func:`ranges` and the first hit's snippet for a text too long to hold
    normalized: ``read()`` gives the text as consecutive strings, and is
    called again for each fallback :func:`ranges` needs (lower case, then
    each word). Memory is a few pieces; the result is the same."""

    def scan(queries: list[str], lower: bool) -> tuple[list[list[tuple[int, int]]], str]:
        finders = [StreamFinder(q) for q in queries]
        snippet = _SnippetTaker()
        for offset, piece in safe_pieces(read()):
            look = _lower_same_length(piece) if lower else piece
            for f in finders:
                f.feed(offset, look)
            first = next((f.ranges[0] for f in finders if f.ranges), None)
            snippet.feed(offset, piece, first, min(f.earliest for f in finders))
        return [f.ranges for f in finders], snippet.done()

    (hits,), snip = scan([query], lower=False)
    if hits:
        return hits, snip
    q = _lower_same_length(query)
    words = _WORD.findall(q)
    found, _ = scan([q, *words], lower=True)
    hits = found[0] if found[0] else sorted({r for w in found[1:] for r in w})
    if not hits:
        return [], ""
    return hits, _snippet_at(read, *hits[0])


class _SnippetTaker:
    """The snippet of the first hit, taken from the pieces as they pass,
    keeping only the text from 40 characters before where a hit may still
    start (``keep_from``) until 40 characters after the hit."""

    def __init__(self) -> None:
        self.hit: tuple[int, int] | None = None
        self.buf = ""  # text from buf_at on
        self.buf_at = 0
        self.complete = False
        self.length = 0  # of the text seen so far

    def feed(self, offset: int, piece: str, first: tuple[int, int] | None, keep_from: int) -> None:
        self.length = offset + len(piece)
        if self.complete:
            return
        self.buf += piece
        if self.hit is None and first is not None:
            self.hit = first
        if self.hit is not None:
            self.complete = self.hit[1] + 40 <= self.length
        else:
            drop = max(0, keep_from - 40 - self.buf_at)
            if drop:
                self.buf, self.buf_at = self.buf[drop:], self.buf_at + drop

    def done(self) -> str:
        if self.hit is None:
            return ""
        start, end = self.hit
        a, b = max(0, start - 40), min(self.buf_at + len(self.buf), end + 40)
        text = self.buf[a - self.buf_at : b - self.buf_at]
        return ("…" if a else "") + text.replace("\r", "").replace("\n", " ") + ("…" if b < self.length else "")


def _snippet_at(read: Callable[[], Iterable[str]], start: int, end: int) -> str:
    taker = _SnippetTaker()
    for offset, piece in safe_pieces(read()):
        taker.feed(offset, piece, (start, end) if start < offset + len(piece) else None, start)
    return taker.done()


@dataclass
class Hit:
    doc_id: str
    ranges: list[tuple[int, int]] = field(default_factory=list)
    snippet: str = ""

    @property
    def start(self) -> int:
        return self.ranges[0][0] if self.ranges else 0


def _snippet(text: str, start: int, end: int, width: int = 40) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b].replace("\r", "").replace("\n", " ") + ("…" if b < len(text) else "")


# up to this many matching documents are ranked (BM25); a query matching more
# (a word in nearly every document) takes them in the order they were added,
# since ranking them all would cost more than the rest of the search
RANKED = 10_000


def search(project: Connected, query: str, limit: int = 50, offset: int = 0) -> list[Hit]:
    """Documents matching ``query``, each with the ranges to highlight
    (original code points) and a one-line snippet: best first (BM25, ties in
    the order the documents were added) when at most :data:`RANKED`
    documents match, else in the order they were added."""
    expr = match_expression(query)
    if expr is None:
        return []
    if ensure(project):
        many = project.execute(
            f"select count(*) from (select rowid from {FTS} where {FTS} match ? limit {RANKED + 1})", [expr]
        ).fetchone()[0]
        order = "f.rowid" if many > RANKED else "f.rank, f.rowid"
        rows = project.execute(
            f"select s.doc_id, d.rowid from {FTS} f join {DOCS} s on s.n = f.rowid "
            f"join documents d on d.id = s.doc_id where {FTS} match ? and {project.visible('d.id')} order by {order}",
            [expr],
        )
    else:  # read-only project without an index: scan (slow but right)
        rows = project.execute("select id, rowid from documents order by rowid")
    try:
        # read lazily: only the documents up to the last one shown are joined and read
        return _collect(project, rows, query, limit, offset)
    finally:
        rows.close()


def _collect(project: Connected, rows: sqlite3.Cursor, query: str, limit: int, offset: int) -> list[Hit]:
    """The hits of the candidate documents ``rows`` (``doc_id, rowid``) in
    their order, after skipping ``offset`` of them, until ``limit``."""
    out: list[Hit] = []
    skipped = 0
    for doc_id, row in rows:
        if texts.size(project, row) <= texts.LONG_BYTES:
            text = project.execute("select text from documents where rowid = ?", [row]).fetchone()[0]
            found = ranges(text, query)
            snippet = _snippet(text, *found[0]) if found else ""
        else:  # a book-length document, read piece by piece

            def read(row: int = row) -> Iterator[str]:
                return texts.pieces(project, row)

            found, snippet = ranges_in_pieces(read, query)
        if not found:
            continue
        if skipped < offset:
            skipped += 1
            continue
        out.append(Hit(doc_id, found, snippet))
        if len(out) >= limit:
            break
    return out
