"""Plain text: one document per file, stored exactly as decoded.

The document id is the file name without its extension; the original name
is kept in ``meta.source``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.errors import FormatError, ModelError
from annotator.formats.encoding import read_text
from annotator.model import Document, parse_document


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    p = Path(path)
    text, encoding = read_text(p)
    try:
        yield parse_document({"id": p.stem, "text": text, "meta": {"source": p.name, "encoding": encoding}})
    except ModelError as exc:
        raise FormatError(p, str(exc)) from None


def write(documents: Iterable[Document], path: str | Path, options: object = None) -> int:
    """One ``<id>.txt`` per document in the folder ``path``, no newline translation."""
    from annotator.formats.paths import safe_filename

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for doc in documents:
        (out / f"{safe_filename(doc.id)}.txt").write_text(doc.text, encoding="utf-8", newline="")
        n += 1
    return n
