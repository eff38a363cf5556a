"""doccano JSONL: sequence labeling (``{"id", "text", "label": [[start, end,
label], ...]}``) and relation extraction (``{"id", "text", "entities":
[{"id", "label", "start_offset", "end_offset"}], "relations": [{"id",
"from_id", "to_id", "type"}]}``), both ways.

Offsets: doccano's annotation screen is JavaScript and counts UTF-16 code
units (doccano/doccano#2290: in ``👨🏻‍🚒 firemen drive firetrucks`` doccano
stores 22 where Python counts 19), so they are converted through
:class:`~annotator.arabic.offsets.OffsetMap` both ways. A project with
doccano's option "count grapheme clusters as one character" counts
extended grapheme clusters instead (a letter with its tashkeel is one):
``--offsets graphemes`` reads and writes those, through
:class:`~annotator.formats.graphemes.GraphemeMap`. Read the default way, a
span edge falling inside a grapheme cluster (between a letter and its
tashkeel) is the sign of a grapheme-mode file: such spans are kept and
reported, with the advice to import again with ``--offsets graphemes``.

Reading accepts ``label`` or ``labels`` holding ``[start, end, label]``
triples or ``{"start_offset", "end_offset", "label"}`` objects, and the
relation layout (``entities`` + ``relations``); other fields go to the
document's ``meta`` and come back out as fields of the line. doccano stores
no surface text, so a span outside the text or cutting an emoji in half is
the sign of offsets counted another way: it is refused, naming line,
document and span. doccano has no layers or attributes: a label goes to its
layer in the default scheme (entity otherwise); number values and claim
attributes are not exported.

Writing uses the relation layout when the selection has relations
(``options.extra["relations"]``; when nobody said, per document), else
the sequence-labeling one. A default doccano project does not allow
overlapping spans and drops them on import: the export reports how many it
wrote and suggests ``--layer``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.arabic.offsets import OffsetMap
from annotator.errors import AnnotatorError, FormatError
from annotator.formats import ExportedDocument, ExportedSpan, jsontext, notices, shapes
from annotator.formats.encoding import read_text
from annotator.formats.graphemes import GraphemeMap, is_boundary
from annotator.formats.reading import build_document, check_surface, dedupe_spans, layer_for
from annotator.model import Document

SPLIT_SUFFIX = ".jsonl"
READS_LINKS = True


log = logging.getLogger("annotator.export")
OWN_FIELDS = ("id", "text", "label", "labels", "entities", "relations")


def _offsets(doc: ExportedDocument, graphemes: bool) -> list[tuple[int, int]]:
    """start, end of each span in doccano's units."""
    if not graphemes:
        omap = OffsetMap(doc.text)
        return [(omap.to_view(s.start), omap.to_view(s.end)) for s in doc.spans]
    gmap = GraphemeMap(doc.text)
    out: list[tuple[int, int]] = []
    for s in doc.spans:
        a, b = gmap.to_view(s.start), gmap.to_view(s.end)
        if a is None or b is None:
            raise AnnotatorError(
                f"document {doc.id!r}, span {s.id!r} [{s.start}:{s.end}] "
                f"{doc.text[s.start : s.end]!r} cuts a grapheme cluster: doccano's grapheme mode "
                "cannot hold it (export without --offsets graphemes)"
            )
        out.append((a, b))
    return out


def _overlaps(spans: Iterable[ExportedSpan]) -> int:
    """Spans overlapping an earlier one (what a default doccano project drops)."""
    n, reach = 0, -1
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if s.start < reach:
            n += 1
        reach = max(reach, s.end)
    return n


def line_of(doc: ExportedDocument, graphemes: bool = False, relations: bool | None = None) -> dict[str, Any]:
    offs = _offsets(doc, graphemes)
    line: dict[str, Any] = {"id": doc.id, "text": doc.text}
    line.update({k: v for k, v in doc.meta.items() if k not in OWN_FIELDS})
    if relations or (relations is None and doc.relations):
        index = {s.id: i for i, s in enumerate(doc.spans)}
        line["entities"] = [
            {"id": i, "label": s.label, "start_offset": a, "end_offset": b}
            for i, (s, (a, b)) in enumerate(zip(doc.spans, offs, strict=True))
        ]
        line["relations"] = [
            {"id": i, "from_id": index[r.head], "to_id": index[r.tail], "type": r.label}
            for i, r in enumerate(doc.relations)
            if r.head in index and r.tail in index
        ]
    else:
        line["label"] = [[a, b, s.label] for s, (a, b) in zip(doc.spans, offs, strict=True)]
    return line


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    extra = getattr(options, "extra", None) or {}
    graphemes = extra.get("offsets") == "graphemes"
    relations = extra.get("relations")
    n = overlapping = docs_overlapping = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for doc in documents:
            fh.write(json.dumps(line_of(doc, graphemes, relations), ensure_ascii=False))
            fh.write("\n")
            k = _overlaps(doc.spans)
            overlapping += k
            docs_overlapping += bool(k)
            n += 1
    if overlapping:
        log.warning(
            f"doccano: {overlapping} overlapping spans in {docs_overlapping} documents written to {path}; "
            "a doccano project without 'allow overlapping spans' drops them on import: export one layer "
            "at a time with --layer (or allow overlapping spans in the doccano project)"
        )
    return n


def _triples(data: dict[str, Any], path: Path, lineno: int) -> list[tuple[str, Any, Any, Any]]:
    """(id, start, end, label) in doccano's units, from any of its layouts."""
    items = data.get("label", data.get("labels", data.get("entities", [])))
    if not isinstance(items, list):
        raise FormatError(path, '"label" must be a list of [start, end, label]', line=lineno)
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, (list, tuple)) and len(item) == 3:
            out.append((f"#{i}", *item))
        elif isinstance(item, dict) and {"start_offset", "end_offset", "label"} <= item.keys():
            out.append((str(item.get("id", f"#{i}")), item["start_offset"], item["end_offset"], item["label"]))
        else:
            raise FormatError(
                path, f"label #{i} is not [start, end, label]: {json.dumps(item, ensure_ascii=False)[:60]}", line=lineno
            )
    return out


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    p = Path(path)
    text_all, _ = read_text(p)
    for lineno, line in enumerate(text_all.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = jsontext.loads(line, p, lineno)
        except json.JSONDecodeError as exc:
            raise FormatError(p, f"not valid JSON ({exc.msg} at column {exc.colno})", line=lineno) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise FormatError(p, 'a line must be a JSON object with a "text" string', line=lineno)
        shapes.check(shapes.DoccanoLine, data, p, line=lineno)
        text = data["text"]
        doc_id = str(data["id"]) if data.get("id") is not None else f"{p.stem}-{lineno}"
        graphemes = notices.current().offsets == "graphemes"
        omap = OffsetMap(text)
        gmap = GraphemeMap(text) if graphemes else None
        spans: list[dict[str, Any]] = []
        ids: dict[str, str] = {}
        for sid, start, end, label in _triples(data, p, lineno):
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)) or not isinstance(
                label, str
            ):
                raise FormatError(
                    p,
                    f"document {doc_id!r}, span {sid!r}: offsets must be integers and the label a string",
                    line=lineno,
                )
            view: OffsetMap | GraphemeMap = gmap if gmap is not None else omap
            unit = "grapheme clusters" if gmap is not None else "UTF-16 units"
            if not (0 <= start < end <= view.view_length):
                raise FormatError(
                    p,
                    f"document {doc_id!r}, span {sid!r}: offsets [{start}:{end}] are outside the "
                    f"text ({view.view_length} {unit})",
                    line=lineno,
                )
            cs, ce = view.to_cp(start), view.to_cp(end)
            if not graphemes:
                if omap.to_view(cs) != start or omap.to_view(ce) != end:
                    raise FormatError(
                        p,
                        f"document {doc_id!r}, span {sid!r}: offsets [{start}:{end}] cut a character "
                        f"in half (offsets counted in code points, not UTF-16?)",
                        line=lineno,
                    )
                if not text.isascii() and not (is_boundary(text, cs) and is_boundary(text, ce)):
                    notices.note(
                        "doccano",
                        "spans with an edge inside a grapheme cluster",
                        "kept as the offsets say: an edge falls between a letter and its tashkeel (or inside "
                        "an emoji); if the doccano project counts grapheme clusters as one character, import "
                        "again with --offsets graphemes",
                    )
            check_surface(p, doc_id, sid, text, cs, ce, None, line=lineno)
            span_id = f"s{len(spans) + 1}"
            ids[sid] = span_id
            spans.append(
                {
                    "id": span_id,
                    "start": cs,
                    "end": ce,
                    "label": label,
                    "layer": layer_for(label),
                    "annotator": annotator,
                    "source": "import",
                }
            )
        relations = []
        for i, rel in enumerate(data.get("relations") or [], start=1):
            try:
                head, tail = ids[str(rel["from_id"])], ids[str(rel["to_id"])]
                relations.append(
                    {"id": f"r{i}", "head": head, "tail": tail, "label": rel["type"], "annotator": annotator}
                )
            except (KeyError, TypeError):
                raise FormatError(
                    p, f"document {doc_id!r}: relation #{i} does not link two entities of the line", line=lineno
                ) from None
        meta = {k: v for k, v in data.items() if k not in ("id", "text", "label", "labels", "entities", "relations")}
        yield build_document(
            p,
            {"id": doc_id, "text": text, "spans": dedupe_spans(spans), "relations": relations, "meta": meta},
            line=lineno,
        )
