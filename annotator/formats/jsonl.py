"""Canonical JSONL: the lossless interchange format (one document a line).

``write`` then ``read`` gives back the same documents, spans, relations,
comments and attributes, byte for byte. Offsets are code points, as in the
store, so nothing is converted here.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from annotator.errors import FormatError, ModelError
from annotator.formats import ExportedDocument, jsontext
from annotator.formats.encoding import decode, open_input
from annotator.model import CheckedDocument, Document, parse_checked, parse_document

D = TypeVar("D", Document, CheckedDocument)

SPLIT_SUFFIX = ".jsonl"
READS_LINKS = True
SPAN_KEYS = ("id", "start", "end", "label", "layer", "annotator", "status", "source", "attrs")


def document_to_dict(doc: ExportedDocument) -> dict[str, Any]:
    out: dict[str, Any] = {"id": doc.id, "text": doc.text, "meta": doc.meta, "status": doc.status}
    out["spans"] = [{k: getattr(s, k) for k in SPAN_KEYS} for s in doc.spans]
    out["relations"] = [
        {"id": r.id, "head": r.head, "tail": r.tail, "label": r.label, "annotator": r.annotator, "attrs": r.attrs}
        for r in doc.relations
    ]
    if doc.comments:
        out["comments"] = [
            {"id": c.id, "span": c.span, "author": c.author, "text": c.text, "created": c.created} for c in doc.comments
        ]
    return out


def dumps(doc: ExportedDocument) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, separators=(", ", ": "))


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """Write documents to ``path``; returns how many were written.

    The file appears whole or not at all: it is written next to ``path``
    and renamed into place, so an export killed half-way leaves no
    truncated file that could later be imported as if complete."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    n = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            for doc in documents:
                fh.write(dumps(doc))
                fh.write("\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line number, [line])`` pairs, read one line at a time so that a
    file of any size imports in constant memory. JSON is UTF-8 (RFC 8259);
    a UTF-16/32 file (recognised by its BOM) is decoded whole instead. The
    line comes in a list for the caller to empty (``.pop()``): a local of
    this generator would keep it alive while the caller works on it (a
    document of 30 MB of JSON is 120 MB as str when it holds an emoji)."""
    with open_input(path) as fh:
        head = fh.read(4)
        if not head:
            raise FormatError(path, "the file is empty")
        # UTF-16 and UTF-32 (whose little-endian BOM begins with UTF-16's)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
            text, _ = decode(head + fh.read(), Path(path))
            for lineno, line in enumerate(text.split("\n"), start=1):
                yield lineno, [line]
            return
        fh.seek(0)
        offset = 0
        for lineno, raw in enumerate(fh, start=1):
            start = 3 if lineno == 1 and raw.startswith(codecs.BOM_UTF8) else 0
            try:
                line = raw[start:].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(
                    path,
                    f"invalid UTF-8 ({exc.reason}); JSONL must be UTF-8",
                    line=lineno,
                    offset=offset + start + exc.start,
                ) from None
            offset += len(raw)
            # the generator's frame keeps no copy of a line while the caller works on it
            del raw
            held = [line]
            del line
            yield lineno, held


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    """Documents from a JSONL file, one line at a time. Spans without an
    annotator get ``annotator``; spans without a source are marked
    ``import``. A bad line raises FormatError naming the file and line."""
    return _documents(Path(path), annotator, parse_document)


def read_checked(path: str | Path, annotator: str = "import") -> Iterator[CheckedDocument]:
    """:func:`read` for an import: the same documents, checked the same way
    (the same error for a bad one), with their spans as rows
    (:func:`~annotator.model.parse_checked`), so that a document with
    200,000 spans is read in a fraction of the memory."""
    return _documents(Path(path), annotator, parse_checked)


def _documents(path: Path, annotator: str, parse: Callable[[dict[str, Any]], D]) -> Iterator[D]:
    """Each non-blank line's document, made by ``parse`` (its ModelError
    becomes a FormatError naming the file and line)."""
    for lineno, held in _lines(path):
        line = held.pop()
        if not line.strip():
            continue
        data = _data(line, path, lineno, annotator)
        del line  # held only by the JSON now, not while the document is used
        try:
            doc = parse(data)
        except ModelError as exc:
            raise FormatError(path, str(exc), line=lineno) from None
        # neither the parsed JSON nor the document stays in this frame while
        # the caller holds it: a document with 200,000 spans is 130 MB of dicts
        del data
        yield doc
        del doc


def _data(line: str, path: Path, lineno: int, annotator: str) -> dict[str, Any]:
    """One line's document as JSON data, checked for what the model cannot
    say (syntax, shape, the id), with its spans' and relations' missing
    annotator and source filled in."""
    try:
        data = jsontext.loads(line, path, lineno)
    except json.JSONDecodeError as exc:
        where = f"{'' if exc.msg.endswith(' at') else ','} column {exc.colno}"
        raise FormatError(path, f"not valid JSON ({exc.msg}{where})", line=lineno) from None
    except RecursionError:
        raise FormatError(path, "JSON nested too deeply to be a document", line=lineno) from None
    if not isinstance(data, dict):
        raise FormatError(path, "a line must be a JSON object (one document)", line=lineno)
    if "text" not in data or not isinstance(data["text"], str):
        raise FormatError(path, 'the document has no "text" string', line=lineno)
    if "id" not in data:
        data["id"] = f"{path.stem}-{lineno}"
    elif isinstance(data["id"], int) and not isinstance(data["id"], bool):
        data["id"] = str(data["id"])
    elif not isinstance(data["id"], str):
        raise FormatError(path, 'the document "id" must be a string', line=lineno)
    for key in ("spans", "relations", "comments"):
        if key in data and not isinstance(data[key], list):
            raise FormatError(path, f'"{key}" must be a list', line=lineno)
    for sp in data.get("spans", []):
        if isinstance(sp, dict):
            sp.setdefault("annotator", annotator)
            sp.setdefault("source", "import")
    for rel in data.get("relations", []):
        if isinstance(rel, dict):
            rel.setdefault("annotator", annotator)
    return data
