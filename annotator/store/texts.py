"""Reading one document's text a piece at a time.

A document can be a whole book (a 200 MB text is 100 million code points,
and its normalized copy with an offset map is ten times that in Python
objects). Commands that look at every character (``search``, ``prelabel``,
``suggest``) read such a text through SQLite's incremental blob I/O, a few
megabytes of UTF-8 at a time, and never hold it whole; a short document is
read in one go as before. :func:`size` is the text's length in bytes,
known without reading it.
"""

from __future__ import annotations

import codecs
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol


class Project(Protocol):
    """What reading a text needs of :class:`annotator.store.project.Project`
    (typed here by what it offers, so this module imports nothing of the store)."""

    conn: sqlite3.Connection
    path: Path

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor: ...


PIECE_BYTES = 1 << 20  # of UTF-8 read at a time
LONG_BYTES = 8 << 20  # a text longer than this is read in pieces
READS_PER_OPEN = 16  # pieces read each time the blob is opened (16 MB held as bytes at most)


def rowid(project: Project, doc_id: str) -> int:
    from annotator.errors import ProjectError

    row = project.execute("select rowid from documents where id = ?", [doc_id]).fetchone()
    if row is None:
        raise ProjectError(f"{project.path}: no document {doc_id!r}")
    rowid: int = row[0]
    return rowid


def size(project: Project, row: int) -> int:
    """The text's length in UTF-8 bytes, without reading it."""
    with project.conn.blobopen("documents", "text", row, readonly=True) as blob:
        return len(blob)


def pieces(project: Project, row: int, piece_bytes: int | None = None) -> Iterator[str]:
    """The text of the document at ``rowid`` ``row`` as consecutive strings of
    about ``piece_bytes`` bytes each (cut between characters, anywhere). The
    blob is open only while it is read, never while a piece is with the
    caller, so the caller may write (and commit, and checkpoint) between
    pieces: an open blob would hold a read transaction that stops both.
    Each opening reads :data:`READS_PER_OPEN` pieces: SQLite finds a
    position in a long text by walking its chain of overflow pages from the
    start, so a text read one piece per opening costs time in the square of
    its length (at 200 MB, most of prelabel's system time)."""
    piece_bytes = piece_bytes or PIECE_BYTES
    decoder = codecs.getincrementaldecoder("utf-8")()
    pos = 0
    ended = False
    while not ended:
        with project.conn.blobopen("documents", "text", row, readonly=True) as blob:
            blob.seek(pos)
            read = [blob.read(piece_bytes) for _ in range(READS_PER_OPEN)]
        ended = len(read[-1]) < piece_bytes
        for data in read:
            if not data:
                break
            pos += len(data)
            text = decoder.decode(data)
            if text:
                yield text
        del read
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


def length(project: Project, row: int) -> int:
    """The text's length in code points, counted a piece at a time (SQLite's
    ``length()`` would load the whole text into memory)."""
    return sum(len(p) for p in pieces(project, row))
