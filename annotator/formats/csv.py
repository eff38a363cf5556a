"""CSV import: a ``text`` column and an optional ``id`` column, one document a row.

Other columns go into the document's ``meta``, with ``source`` (the file's
name) and ``encoding`` added unless the table has columns of those names,
which are kept as they are. The delimiter is sniffed
(comma, semicolon or tab). Rows without an id get ``<file>-<row>``.
"""

from __future__ import annotations

import csv as _csv
from collections.abc import Iterator
from pathlib import Path

from annotator.errors import FormatError, ModelError
from annotator.formats.encoding import read_text
from annotator.formats.reading import table
from annotator.model import Document, parse_document

TEXT_COLUMNS = ("text", "content", "body", "نص")
ID_COLUMNS = ("id", "doc_id", "document_id")


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    p = Path(path)
    text, encoding = read_text(p)
    sample = text[:4096]
    try:
        dialect = _csv.Sniffer().sniff(sample, delimiters=",;\t")
    except _csv.Error:
        dialect = _csv.excel
    # strict: a quote opened and never closed is an error, not the rest of the file in one cell
    reader, header, lowered = table(p, text, "the file has no header row", "not valid CSV", dialect, strict=True)
    text_col = next((lowered.index(c) for c in TEXT_COLUMNS if c in lowered), None)
    if text_col is None:
        raise FormatError(
            p, f"no text column (expected one of {', '.join(TEXT_COLUMNS)}; found {', '.join(header)})", line=1
        )
    id_col = next((lowered.index(c) for c in ID_COLUMNS if c in lowered), None)
    seen: set[str] = set()
    row_start = reader.line_num + 1  # the line a row starts on (a quoted cell may span lines)
    try:
        for row in reader:
            lineno = row_start
            row_start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise FormatError(p, f"expected {len(header)} columns, found {len(row)}", line=lineno)
            doc_id = row[id_col].strip() if id_col is not None and row[id_col].strip() else f"{p.stem}-{lineno}"
            if doc_id in seen:
                raise FormatError(p, f"document id {doc_id!r} appears twice", line=lineno)
            seen.add(doc_id)
            if not row[text_col]:
                raise FormatError(p, "the text cell is empty", line=lineno)
            meta = {header[i]: row[i] for i in range(len(header)) if i not in (text_col, id_col)}
            # the file and its encoding, unless the table has columns of those names (the user's own)
            meta.setdefault("source", p.name)
            meta.setdefault("encoding", encoding)
            try:
                doc = parse_document({"id": doc_id, "text": row[text_col], "meta": meta})
            except ModelError as exc:
                raise FormatError(p, str(exc), line=lineno) from None
            yield doc
    except _csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FormatError(
                p, 'a quoted cell is never closed (a " without its closing "); nothing was imported', line=row_start
            ) from None
        raise FormatError(p, f"not valid CSV ({exc})", line=reader.line_num) from None
