"""Canonical JSONL: the lossless interchange format (one document a line).

``write`` then ``read`` gives back the same documents, spans, relations,
comments and attributes, byte for byte. Offsets are code points, as in the
store, so nothing is converted here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import FormatError, ModelError
from annotator.formats.encoding import read_text
from annotator.model import Document, parse_document

SPLIT_SUFFIX = ".jsonl"
SPAN_KEYS = ("id", "start", "end", "label", "layer", "annotator", "status", "source", "attrs")


def document_to_dict(doc: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"id": doc.id, "text": doc.text, "meta": doc.meta, "status": doc.status}
    out["spans"] = [{k: getattr(s, k) for k in SPAN_KEYS} for s in doc.spans]
    out["relations"] = [
        {"id": r.id, "head": r.head, "tail": r.tail, "label": r.label, "annotator": r.annotator, "attrs": r.attrs}
        for r in doc.relations
    ]
    if doc.comments:
        out["comments"] = [
            {"id": c.id, "span": c.span, "author": c.author, "text": c.text, "created": c.created}
            for c in doc.comments
        ]
    return out


def dumps(doc: Document) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(", ", ": "))


def write(documents: Iterable[Document], path: str | Path, options: Any = None) -> int:
    """Write documents to ``path``; returns how many were written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for doc in documents:
            fh.write(dumps(doc))
            fh.write("\n")
            n += 1
    return n


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    """Documents from a JSONL file. Spans without an annotator get
    ``annotator``; spans without a source are marked ``import``. A bad
    line raises FormatError naming the file and line."""
    text, _ = read_text(path)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(path, f"not valid JSON ({exc.msg} at column {exc.colno})", line=lineno) from None
        if not isinstance(data, dict):
            raise FormatError(path, "a line must be a JSON object (one document)", line=lineno)
        if "text" not in data or not isinstance(data["text"], str):
            raise FormatError(path, "the document has no \"text\" string", line=lineno)
        if "id" not in data:
            data["id"] = f"{Path(path).stem}-{lineno}"
        elif not isinstance(data["id"], str):
            data["id"] = str(data["id"])
        for key in ("spans", "relations", "comments"):
            if key in data and not isinstance(data[key], list):
                raise FormatError(path, f"\"{key}\" must be a list", line=lineno)
        for sp in data.get("spans", []):
            if isinstance(sp, dict):
                sp.setdefault("annotator", annotator)
                sp.setdefault("source", "import")
        for rel in data.get("relations", []):
            if isinstance(rel, dict):
                rel.setdefault("annotator", annotator)
        try:
            yield parse_document(data)
        except ModelError as exc:
            raise FormatError(path, str(exc), line=lineno) from None
