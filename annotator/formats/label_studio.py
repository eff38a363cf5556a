"""Label Studio: export tasks JSON plus the labeling config (XML) that shows
them; import Label Studio's JSON and JSON-MIN exports.

Offsets: Label Studio's text editor counts code points (its DOM manager
builds each text node's content with ``[...text]``, one entry per code
point; HumanSignal/label-studio#6135), the same unit as the store, so
exported offsets are written as they are, with the surface in
``value.text``. Older frontends counted UTF-16 code units
(label-studio#1347), so on import a span whose ``value.text`` does not
match the code-point reading is tried as UTF-16 through
:class:`~annotator.arabic.offsets.OffsetMap`; if neither reading gives the
stored text, the span is refused with its document and id.

The export: one task per document, ``data.text`` and ``data.doc_id``; one
annotation per annotator (``annotator`` kept beside Label Studio's own
fields, ``ground_truth`` for gold) holding accepted spans; suggested spans
as one prediction. Each layer is a ``<Labels>`` control named after it;
number values, kinds and claim attributes are per-region ``TextArea`` and
``Choices`` results sharing the span's region id; relations are
``relation`` results. The XML is built with ElementTree, so label names
and descriptions are escaped, never pasted.

Beyond text spans, nothing of a task is dropped: task-level results (no
``start``/``end``) become document-layer spans when the scheme has a
``document`` layer and the result is ``choices``; ``textarea`` becomes a
document comment by its annotator; every other task-level result
(``rating``, ``choices`` without a document layer, ``taxonomy``...) is kept
as it is in ``meta.label_studio.results``. Per-region results of controls
we do not know (a custom ``Choices`` or ``Rating`` per region) become
``attrs`` of their span, named after the control, with their type in
``meta.label_studio.region_types``. ``data`` fields other than the text
go to ``meta.label_studio.data``, Label Studio's own fields of a task and of
each annotation (``reviews``, ``lead_time``, dates, ``file_upload``...) to
``meta.label_studio.task`` and ``.annotations``; cancelled annotations are
reported. The export writes all of them back where they came from.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.arabic.offsets import OffsetMap
from annotator.errors import FormatError
from annotator.formats import ExportedDocument, jsontext, shapes
from annotator.formats.reading import build_document, dedupe_spans, layer_for
from annotator.model import (
    CERTAINTIES,
    DOC_STATUSES,
    GOLD,
    NUMBER_KINDS,
    SPAN_LAYERS,
    UNIT_LAYERS,
    Document,
    Relation,
    Scheme,
)

SPLIT_SUFFIX = ".json"
READS_LINKS = True
# layers labelling a whole document or sentence (the unit layers of
# annotator.model); a task-level Choices result becomes a span of the first
TASK_LAYERS = UNIT_LAYERS
TEXT_TAG = "text"
# per-region attribute controls: name -> (layer, kind, choices)
ATTR_CONTROLS = {
    "value": ("number", "textarea", ()),
    "kind": ("number", "choices", NUMBER_KINDS),
    "claimant": ("claim", "textarea", ()),
    "certainty": ("claim", "choices", CERTAINTIES),
}


# ------------------------------------------------------------------ writing
def labeling_config(scheme: Scheme) -> str:
    """The ``<View>`` Label Studio needs to show and edit the exported tasks."""
    view = ET.Element("View")
    for layer in SPAN_LAYERS:
        labels = scheme.labels_for(layer)
        if not labels:
            continue
        ctl = ET.SubElement(view, "Labels", name=layer, toName=TEXT_TAG)
        for lab in labels:
            attrs = {"value": lab.name, "background": lab.color}
            if lab.hotkey:
                attrs["hotkey"] = lab.hotkey
            if lab.description:
                attrs["hint"] = lab.description
            ET.SubElement(ctl, "Label", attrs)
    ET.SubElement(view, "Text", name=TEXT_TAG, value="$text", granularity="symbol")
    rels = ET.SubElement(view, "Relations")
    for rel in scheme.relations:
        ET.SubElement(rels, "Relation", value=rel.name)
    for layer in ("number", "claim"):
        if not scheme.labels_for(layer):
            continue
        sub = ET.SubElement(view, "View", visibleWhen="region-selected", whenTagName=layer)
        for name, (lay, kind, choices) in ATTR_CONTROLS.items():
            if lay != layer:
                continue
            if kind == "textarea":
                ET.SubElement(
                    sub, "TextArea", name=name, toName=TEXT_TAG, perRegion="true", maxSubmissions="1", placeholder=name
                )
            else:
                ch = ET.SubElement(sub, "Choices", name=name, toName=TEXT_TAG, perRegion="true", choice="single")
                for c in choices:
                    ET.SubElement(ch, "Choice", value=c)
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


_PAYLOAD = {"textarea": "text"}  # the value key of a result type, when it is not the type's name


def _results(
    relations: Iterable[Relation], spans: list[Any], omap_text: str, region_types: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ids = {s.id for s in spans}
    region_types = region_types or {}
    for s in spans:
        if s.layer in TASK_LAYERS:
            continue
        value = {"start": s.start, "end": s.end, "text": omap_text[s.start : s.end]}
        out.append(
            {
                "id": s.id,
                "from_name": s.layer,
                "to_name": TEXT_TAG,
                "type": "labels",
                "value": {**value, "labels": [s.label]},
            }
        )
        for name, kind in region_types.items():
            if name in s.attrs and name not in ATTR_CONTROLS:
                out.append(
                    {
                        "id": s.id,
                        "from_name": name,
                        "to_name": TEXT_TAG,
                        "type": kind,
                        "value": {**value, _PAYLOAD.get(kind, kind): s.attrs[name]},
                    }
                )
        for name, (layer, kind, _) in ATTR_CONTROLS.items():
            if layer != s.layer or s.attrs.get(name) is None:
                continue
            v = s.attrs[name]
            if kind == "textarea":
                payload = {"text": [json.dumps(v) if name == "value" else str(v)]}
            else:
                payload = {"choices": [str(v)]}
            out.append(
                {"id": s.id, "from_name": name, "to_name": TEXT_TAG, "type": kind, "value": {**value, **payload}}
            )
    for r in relations:
        if r.head in ids and r.tail in ids:
            out.append(
                {"type": "relation", "from_id": r.head, "to_id": r.tail, "direction": "right", "labels": [r.label]}
            )
    return out


def task(doc: ExportedDocument, number: int = 1) -> dict[str, Any]:
    """One task; ``number`` is its position in the file (Label Studio's tools
    want an integer ``id``; ours travels in ``data.doc_id``)."""
    by_annotator: dict[str, list[Any]] = defaultdict(list)
    suggested: list[Any] = []
    for s in doc.spans:
        (suggested if s.status == "suggested" else by_annotator[s.annotator]).append(s)
    raw = doc.meta.get("label_studio")
    ls: dict[str, Any] = raw if isinstance(raw, dict) else {}
    raw = ls.get("region_types")
    region_types: dict[str, Any] = raw if isinstance(raw, dict) else {}
    task_results: dict[str, list[dict[str, Any]]] = defaultdict(list)  # annotator -> task-level results
    for s in doc.spans:
        if s.layer in TASK_LAYERS and s.status != "suggested":
            task_results[s.annotator].append(
                {
                    "from_name": ls.get("choices_control", {}).get(s.label, s.layer)
                    if isinstance(ls.get("choices_control"), dict)
                    else s.layer,
                    "to_name": TEXT_TAG,
                    "type": "choices",
                    "value": {"choices": [s.label]},
                }
            )
    for c in getattr(doc, "comments", None) or []:
        if c.span is None:
            task_results[c.author].append(
                {
                    "from_name": ls.get("textarea", "comment"),
                    "to_name": TEXT_TAG,
                    "type": "textarea",
                    "value": {"text": [c.text]},
                }
            )
    predicted = []
    for res in ls.get("results") or []:
        if isinstance(res, dict):
            kept = {k: v for k, v in res.items() if k not in ("annotator", "prediction")}
            if res.get("prediction"):
                predicted.append(kept)
            else:
                task_results[str(res.get("annotator") or "")].append(kept)
    annotations = []
    for who in list(by_annotator) + [w for w in task_results if w not in by_annotator and w]:
        spans = by_annotator.get(who, [])
        rels = [r for r in doc.relations if r.annotator == who]
        kept_annotation = ls.get("annotations", {}).get(who) if isinstance(ls.get("annotations"), dict) else None
        annotations.append(
            {
                **(kept_annotation if isinstance(kept_annotation, dict) else {}),
                "annotator": who,
                "ground_truth": who == GOLD,
                "was_cancelled": False,
                "result": _results(rels, spans, doc.text, region_types) + task_results.get(who, []),
            }
        )
    data = (
        {k: v for k, v in (ls.get("data") or {}).items() if k not in ("text", "doc_id", "status")}
        if isinstance(ls.get("data"), dict)
        else {}
    )
    raw = ls.get("task")
    fields: dict[str, Any] = raw if isinstance(raw, dict) else {}
    out: dict[str, Any] = {
        "id": number,
        **{k: v for k, v in fields.items() if k not in ("data", "annotations", "predictions")},
        "data": {"text": doc.text, "doc_id": doc.id, "status": doc.status, **data},
        "annotations": annotations,
    }
    if suggested or predicted:
        out["predictions"] = [
            {
                "model_version": "annotator-suggestions",
                "result": _results(doc.relations, suggested, doc.text, region_types) + predicted,
            }
        ]
    return out


def config_path(path: Path) -> Path:
    return path.with_name(path.stem + ".label_config.xml")


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """A JSON array of tasks, streamed one task at a time, and the labeling
    config next to it (``<name>.label_config.xml``)."""
    p = Path(path)
    scheme = getattr(options, "scheme", None) or Scheme.default()
    config_path(p).write_text(labeling_config(scheme), encoding="utf-8")
    n = 0
    with open(p, "w", encoding="utf-8", newline="") as fh:
        fh.write("[")
        for doc in documents:
            fh.write(",\n" if n else "\n")
            fh.write(json.dumps(task(doc, n + 1), ensure_ascii=False))
            n += 1
        fh.write("\n]\n")
    return n


# ------------------------------------------------------------------ reading
class _Locator:
    """Turns Label Studio offsets into code points, checked against the
    stored surface: code points first, then UTF-16 (older frontends)."""

    def __init__(self, path: Path, doc_id: str, text: str):
        self.path, self.doc_id, self.text = path, doc_id, text
        self._omap: OffsetMap | None = None

    def locate(self, rid: str, value: dict[str, Any]) -> tuple[int, int]:
        start, end, surface = value.get("start"), value.get("end"), value.get("text")
        if not (
            isinstance(start, int)
            and not isinstance(start, bool)
            and isinstance(end, int)
            and not isinstance(end, bool)
        ):
            raise FormatError(
                self.path,
                f"document {self.doc_id!r}, region {rid!r}: start/end must be integers "
                f"(got {start!r}, {end!r}; XPath ranges of HTML tasks are not supported)",
            )
        text = self.text
        if isinstance(surface, str):
            surface_n = surface.replace("\\n", "\n")
            if 0 <= start < end <= len(text) and text[start:end] in (surface, surface_n):
                return start, end
            if self._omap is None:
                self._omap = OffsetMap(text)
            om = self._omap
            if 0 <= start < end <= om.view_length:
                cs, ce = om.to_cp(start), om.to_cp(end)
                if om.to_view(cs) == start and om.to_view(ce) == end and text[cs:ce] in (surface, surface_n):
                    return cs, ce
            shown = text[start:end] if 0 <= start < end <= len(text) else "(outside the text)"
            raise FormatError(
                self.path,
                f"document {self.doc_id!r}, region {rid!r}: offsets [{start}:{end}] cover "
                f"{shown!r} but the region's text is {surface!r}, counting code points or "
                f"UTF-16 units",
            )
        if not 0 <= start < end <= len(text):
            raise FormatError(
                self.path,
                f"document {self.doc_id!r}, region {rid!r}: offsets [{start}:{end}] are "
                f"outside the text ({len(text)} characters)",
            )
        return start, end


def _text_of(data: dict[str, Any]) -> str | None:
    text = data.get("text")
    if isinstance(text, str):
        return text
    strings = [v for v in data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


class _TaskLevel:
    """What a task holds besides text regions, gathered while reading it."""

    def __init__(self) -> None:
        self.results: list[dict[str, Any]] = []  # kept as they are, in meta
        self.comments: list[dict[str, Any]] = []  # textarea -> document comments
        self.choices: list[tuple[str, str, str, str]] = []  # (annotator, status, control, choice)
        self.region_types: dict[str, str] = {}
        self.textarea: str | None = None


def _from_results(
    loc: _Locator,
    results: list[Any],
    annotator: str,
    status: str,
    spans: dict[str, dict[str, Any]],
    relations: list[dict[str, Any]],
    task: _TaskLevel | None = None,
) -> None:
    """Adds the regions of one annotation (or prediction) to ``spans``."""
    task = task if task is not None else _TaskLevel()
    attrs: list[tuple[str, str, Any]] = []
    for res in results:
        if not isinstance(res, dict):
            raise FormatError(loc.path, f"document {loc.doc_id!r}: a result must be an object")
        kind = res.get("type")
        if kind == "relation":
            relations.append(
                {
                    "head": str(res.get("from_id")),
                    "tail": str(res.get("to_id")),
                    "label": (res.get("labels") or ["MENTIONS"])[0],
                    "annotator": annotator,
                }
            )
            continue
        value = res.get("value") or {}
        rid = str(res.get("id") or f"r{len(spans) + 1}")
        if kind in ("labels", "hypertextlabels") or "labels" in value:
            start, end = loc.locate(rid, value)
            for label in value.get("labels") or []:
                key = rid if len(value["labels"]) == 1 else f"{rid}-{label}"
                spans[f"{annotator}\x00{key}"] = {
                    "id": key,
                    "start": start,
                    "end": end,
                    "label": label,
                    "layer": layer_for(label, hint=res.get("from_name")),
                    "annotator": annotator,
                    "status": status,
                    "source": "import",
                    "attrs": {},
                }
        elif kind in ("textarea", "choices") and res.get("from_name") in ATTR_CONTROLS and "start" in value:
            payload = value.get("text") if kind == "textarea" else value.get("choices")
            if payload:
                attrs.append((rid, res["from_name"], payload[0]))
        elif "start" in value or "end" in value:  # a per-region control of the user's own
            name = str(res.get("from_name") or kind)
            key = _PAYLOAD.get(str(kind), str(kind))
            task.region_types[name] = str(kind)
            attrs.append((rid, "\x00" + name, value.get(key)))
        elif kind == "textarea" and status == "accepted":
            task.textarea = str(res.get("from_name") or "comment")
            for line in value.get("text") or []:
                task.comments.append({"author": annotator, "text": str(line)})
        elif kind == "choices" and status == "accepted" and _task_layer() and value.get("choices"):
            for choice in value["choices"]:
                task.choices.append((annotator, status, str(res.get("from_name") or ""), str(choice)))
        else:  # rating, taxonomy, choices without a document layer, predictions' task-level results
            task.results.append(
                {
                    "annotator": annotator,
                    **({"prediction": True} if status == "suggested" else {}),
                    **{k: v for k, v in res.items() if k != "id"},
                }
            )
    for rid, name, raw in attrs:
        span = spans.get(f"{annotator}\x00{rid}")
        if span is None:
            from annotator.formats import notices

            notices.note(
                "label-studio",
                "per-region results without their region",
                "not imported: their region id names no labelled region of the same annotation",
            )
            continue
        if name.startswith("\x00"):
            span["attrs"][name[1:]] = raw
            continue
        if name == "value":
            try:
                raw = json.loads(raw)
            except ValueError:
                raise FormatError(
                    loc.path, f"document {loc.doc_id!r}, region {rid!r}: value {raw!r} is not a number"
                ) from None
        span["attrs"][name] = raw


def _document(path: Path, item: dict[str, Any], index: int, annotator: str) -> Document:
    data = item.get("data") if isinstance(item.get("data"), dict) else None
    if data is None:
        return _min_document(path, item, index, annotator)
    text = _text_of(data)
    if text is None:
        raise FormatError(path, f'task #{index}: data has no "text" string')
    doc_id = str(data.get("doc_id") or item.get("id") or f"{path.stem}-{index}")
    loc = _Locator(path, doc_id, text)
    spans: dict[str, dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    task = _TaskLevel()
    annotations = item.get("annotations") or item.get("completions") or []
    kept_annotations: dict[str, dict[str, Any]] = {}
    for i, ann in enumerate(annotations, start=1):
        if not isinstance(ann, dict):
            continue
        if ann.get("was_cancelled"):
            from annotator.formats import notices

            notices.note(
                "label-studio",
                "cancelled (skipped) annotations",
                "not imported: Label Studio does not count them either",
            )
            continue
        who = ann.get("annotator")
        cb = ann.get("completed_by")
        if not who and isinstance(cb, dict) and cb.get("email"):
            who = cb["email"]
        if not who:
            who = annotator if len(annotations) == 1 else f"{annotator}-{cb if cb is not None else i}"
        _from_results(loc, ann.get("result") or [], str(who), "accepted", spans, relations, task)
        extras = {k: v for k, v in ann.items() if k not in ("result", "annotator", "was_cancelled", "ground_truth")}
        if extras:  # Label Studio's own fields of the annotation (reviews, lead_time, dates...): back out on export
            kept_annotations[str(who)] = extras
    for pred in item.get("predictions") or []:
        if isinstance(pred, dict):
            _from_results(loc, pred.get("result") or [], annotator, "suggested", spans, relations, task)
    layer = _task_layer()
    choices_control = {}
    for who, status, control, choice in task.choices:
        key = f"{who}\x00task-{choice}"
        spans[key] = {
            "id": f"task-{len(spans) + 1}",
            "start": 0,
            "end": len(text),
            "label": choice,
            "layer": layer,
            "annotator": who,
            "status": status,
            "source": "import",
            "attrs": {},
        }
        choices_control[choice] = control
    ls: dict[str, Any] = {}
    extra_data = {k: v for k, v in data.items() if k not in ("text", "doc_id", "status") and v is not data.get("text")}
    if extra_data:
        ls["data"] = extra_data
    if task.results:
        ls["results"] = task.results
    if task.region_types:
        ls["region_types"] = task.region_types
    if task.textarea:
        ls["textarea"] = task.textarea
    if choices_control:
        ls["choices_control"] = choices_control
    if kept_annotations:
        ls["annotations"] = kept_annotations
    task_fields = {
        k: v for k, v in item.items() if k not in ("id", "data", "annotations", "completions", "predictions")
    }
    if task_fields:
        ls["task"] = task_fields
    return _finish(
        path,
        doc_id,
        text,
        spans,
        relations,
        {"status": data.get("status"), "meta": {"label_studio": ls} if ls else {}, "comments": task.comments},
    )


def _task_layer() -> str | None:
    """The layer a task-level choice goes to, if the model has one."""
    from annotator.model import LAYERS as layers

    return next((layer for layer in TASK_LAYERS if layer in layers), None)


def _min_document(path: Path, item: dict[str, Any], index: int, annotator: str) -> Document:
    """JSON-MIN: a flat object per task, each control's regions under its name."""
    text = item.get("text")
    if not isinstance(text, str):
        raise FormatError(path, f'task #{index}: no "data" object and no "text" string (not a Label Studio export)')
    doc_id = str(item.get("doc_id") or item.get("id") or f"{path.stem}-{index}")
    loc = _Locator(path, doc_id, text)
    who = item.get("annotator") if isinstance(item.get("annotator"), str) and item["annotator"] else annotator
    spans: dict[str, dict[str, Any]] = {}
    for key, regions in item.items():
        if not isinstance(regions, list):
            continue
        for j, region in enumerate(regions, start=1):
            if not isinstance(region, dict) or "labels" not in region:
                continue
            start, end = loc.locate(f"{key}#{j}", region)
            for label in region["labels"]:
                sid = f"{key}-{j}" + (f"-{label}" if len(region["labels"]) > 1 else "")
                spans[sid] = {
                    "id": sid,
                    "start": start,
                    "end": end,
                    "label": label,
                    "layer": layer_for(label, hint=key),
                    "annotator": who,
                    "source": "import",
                    "attrs": {},
                }
    return _finish(path, doc_id, text, spans, [], {})


def _finish(
    path: Path,
    doc_id: str,
    text: str,
    spans: dict[str, dict[str, Any]],
    relations: list[dict[str, Any]],
    extra: dict[str, Any],
) -> Document:
    span_list = dedupe_spans(list(spans.values()))
    known = {s["id"] for s in span_list}
    rels = [dict(r, id=f"r{i}") for i, r in enumerate(relations, start=1) if r["head"] in known and r["tail"] in known]
    data: dict[str, Any] = {
        "id": doc_id,
        "text": text,
        "spans": span_list,
        "relations": rels,
        "meta": extra.get("meta") or {},
        "comments": extra.get("comments") or [],
    }
    if extra.get("status") in DOC_STATUSES:
        data["status"] = extra["status"]
    return build_document(path, data)


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    """Tasks of a Label Studio JSON or JSON-MIN export (a list of tasks, or
    one task)."""
    p = Path(path)
    from annotator.formats.encoding import read_text

    raw, _ = read_text(p)
    try:
        items = jsontext.loads(raw, p)
    except json.JSONDecodeError as exc:
        raise FormatError(p, f"not valid JSON ({exc.msg})", line=exc.lineno) from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise FormatError(p, "a Label Studio export is a JSON list of tasks")
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FormatError(p, f"task #{i} is not a JSON object")
        if isinstance(item.get("data"), dict):
            shapes.check(shapes.LSTask, item, p, f"task #{i}")
        else:
            shapes.check_min_task(item, p, f"task #{i}")
        yield _document(p, item, i, annotator)
