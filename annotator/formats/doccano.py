"""doccano sequence-labeling JSONL: ``{"id", "text", "label": [[start, end, label], ...]}``.

Offsets: doccano's annotation screen is JavaScript and counts UTF-16 code
units (doccano/doccano#2290: in ``👨🏻‍🚒 firemen drive firetrucks`` doccano
stores 22 where Python counts 19), so they are converted through
:class:`~annotator.arabic.offsets.OffsetMap` both ways. Texts without
emoji or other astral characters count the same either way.

Reading accepts ``label`` or ``labels`` holding ``[start, end, label]``
triples or ``{"start_offset", "end_offset", "label"}`` objects, and the
relation flavour (``entities`` + ``relations``). doccano stores no surface
text, so a span that is outside the text or cuts an emoji in half is the
sign of offsets counted another way: it is refused, naming line, document
and span. doccano has no layers or attributes: a label goes to its layer
in the default scheme (entity otherwise); number values and claim
attributes are not exported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.arabic.offsets import OffsetMap
from annotator.errors import FormatError
from annotator.formats.encoding import read_text
from annotator.formats.peer import build_document, check_surface, dedupe_spans, layer_for
from annotator.model import Document

SPLIT_SUFFIX = ".jsonl"


def write(documents: Iterable[Document], path: str | Path, options: Any = None) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for doc in documents:
            omap = OffsetMap(doc.text)
            labels = [[omap.to_view(s.start), omap.to_view(s.end), s.label] for s in doc.spans]
            fh.write(json.dumps({"id": doc.id, "text": doc.text, "label": labels}, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def _triples(data: dict[str, Any], path: Path, lineno: int) -> list[tuple[str, Any, Any, Any]]:
    """(id, start, end, label) in doccano's units, from any of its layouts."""
    items = data.get("label", data.get("labels", data.get("entities", [])))
    if not isinstance(items, list):
        raise FormatError(path, "\"label\" must be a list of [start, end, label]", line=lineno)
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, (list, tuple)) and len(item) == 3:
            out.append((f"#{i}", *item))
        elif isinstance(item, dict) and {"start_offset", "end_offset", "label"} <= item.keys():
            out.append((str(item.get("id", f"#{i}")), item["start_offset"], item["end_offset"], item["label"]))
        else:
            raise FormatError(path, f"label #{i} is not [start, end, label]: {json.dumps(item, ensure_ascii=False)[:60]}",
                              line=lineno)
    return out


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    p = Path(path)
    text_all, _ = read_text(p)
    for lineno, line in enumerate(text_all.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(p, f"not valid JSON ({exc.msg} at column {exc.colno})", line=lineno) from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise FormatError(p, "a line must be a JSON object with a \"text\" string", line=lineno)
        text = data["text"]
        doc_id = str(data["id"]) if data.get("id") is not None else f"{p.stem}-{lineno}"
        omap = OffsetMap(text)
        spans = []
        ids: dict[str, str] = {}
        for sid, start, end, label in _triples(data, p, lineno):
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)) or not isinstance(label, str):
                raise FormatError(p, f"document {doc_id!r}, span {sid!r}: offsets must be integers and the label a string",
                                  line=lineno)
            if not (0 <= start < end <= omap.view_length):
                raise FormatError(p, f"document {doc_id!r}, span {sid!r}: offsets [{start}:{end}] are outside the text "
                                     f"({omap.view_length} UTF-16 units)", line=lineno)
            cs, ce = omap.to_cp(start), omap.to_cp(end)
            if omap.to_view(cs) != start or omap.to_view(ce) != end:
                raise FormatError(p, f"document {doc_id!r}, span {sid!r}: offsets [{start}:{end}] cut a character "
                                     f"in half (offsets counted in code points, not UTF-16?)", line=lineno)
            check_surface(p, doc_id, sid, text, cs, ce, None, line=lineno)
            span_id = f"s{len(spans) + 1}"
            ids[sid] = span_id
            spans.append({"id": span_id, "start": cs, "end": ce, "label": label, "layer": layer_for(label),
                          "annotator": annotator, "source": "import"})
        relations = []
        for i, rel in enumerate(data.get("relations") or [], start=1):
            try:
                head, tail = ids[str(rel["from_id"])], ids[str(rel["to_id"])]
                relations.append({"id": f"r{i}", "head": head, "tail": tail, "label": rel["type"], "annotator": annotator})
            except (KeyError, TypeError):
                raise FormatError(p, f"document {doc_id!r}: relation #{i} does not link two entities of the line",
                                  line=lineno) from None
        meta = {k: v for k, v in data.items() if k not in ("id", "text", "label", "labels", "entities", "relations")}
        yield build_document(p, {"id": doc_id, "text": text, "spans": dedupe_spans(spans), "relations": relations,
                                 "meta": meta}, line=lineno)
