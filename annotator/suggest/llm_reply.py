"""Reading a language model's reply: the JSON of the reply contract

* span layers: ``{"spans": [{"text": str, "label": str, "occurrence": int
  (1-based, optional), "attrs": {...} (optional)}]}``;
* document and sentence layers: ``{"labels": [str]}``;

bare, inside a fenced code block, or with prose around it (local servers do
not all honour a JSON schema), after a reasoning model's ``<think>`` block.
A reply with no such JSON is reported, never raised; an item that breaks
the contract (no text, a label that is not a string) is counted and left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_FENCE = re.compile(r"```[ \t]*(?:json|JSON|javascript)?[ \t]*\r?\n?(.*?)```", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


@dataclass
class SpanItem:
    text: str
    label: str
    occurrence: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    # where the item's text and label sit in the raw reply (for log-probabilities)
    where: tuple[int, int] | None = None


@dataclass
class ParsedReply:
    spans: list[SpanItem] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    error: str | None = None  # the reply as a whole is unusable
    bad_items: int = 0  # items left out for breaking the contract


def span_schema() -> dict[str, Any]:
    """The JSON schema sent as ``response_format`` for span layers."""
    item = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "label": {"type": "string"},
            "occurrence": {"type": "integer", "minimum": 1},
            "attrs": {"type": "object"},
        },
        "required": ["text", "label"],
    }
    return {"type": "object", "properties": {"spans": {"type": "array", "items": item}}, "required": ["spans"]}


def labels_schema(names: list[str] | None = None) -> dict[str, Any]:
    """The schema for document and sentence layers."""
    items: dict[str, Any] = {"type": "string"}
    if names:
        items["enum"] = list(names)
    return {"type": "object", "properties": {"labels": {"type": "array", "items": items}}, "required": ["labels"]}


def find_json(content: str, key: str) -> tuple[Any, int] | None:
    """The first JSON value in ``content`` that is an object with ``key``
    (or, for ``spans``, a bare list), and its offset in ``content``."""
    text = _THINK.sub(lambda m: " " * len(m.group()), content)
    candidates: list[tuple[str, int]] = [(text, 0)]
    candidates += [(m.group(1), m.start(1)) for m in _FENCE.finditer(text)]
    for chunk, base in candidates:
        stripped = chunk.strip()
        try:
            value = json.loads(stripped)
        except ValueError:
            pass
        else:
            if _wanted(value, key):
                return value, base + chunk.find(stripped[:1])
    decoder = json.JSONDecoder()
    for m in re.finditer(r"[{\[]", text):
        try:
            value, _end = decoder.raw_decode(text, m.start())
        except ValueError:
            continue
        if _wanted(value, key):
            return value, m.start()
    return None


def _wanted(value: Any, key: str) -> bool:
    if isinstance(value, dict):
        return key in value
    return key == "spans" and isinstance(value, list) and all(isinstance(v, dict) for v in value) and bool(value)


def parse_spans(content: str) -> ParsedReply:
    found = find_json(content, "spans")
    if found is None:
        return ParsedReply(error="reply is not JSON with a spans list")
    value, base = found
    items = value if isinstance(value, list) else value.get("spans")
    if not isinstance(items, list):
        return ParsedReply(error="spans is not a list")
    out = ParsedReply()
    cursor = base
    for raw in items:
        item = _span_item(raw)
        if item is None:
            out.bad_items += 1
            continue
        item.where, cursor = _locate(content, item, cursor)
        out.spans.append(item)
    return out


def parse_labels(content: str) -> ParsedReply:
    found = find_json(content, "labels")
    if found is None:
        return ParsedReply(error="reply is not JSON with a labels list")
    labels = found[0].get("labels")
    if isinstance(labels, str):
        labels = [labels]
    if not isinstance(labels, list):
        return ParsedReply(error="labels is not a list")
    out = ParsedReply()
    for lab in labels:
        if isinstance(lab, str) and lab.strip():
            out.labels.append(lab.strip())
        else:
            out.bad_items += 1
    return out


def _span_item(raw: Any) -> SpanItem | None:
    if not isinstance(raw, dict):
        return None
    text, label = raw.get("text"), raw.get("label")
    if not isinstance(text, str) or not text.strip() or not isinstance(label, str) or not label.strip():
        return None
    occ = raw.get("occurrence")
    if isinstance(occ, str) and occ.strip().isdigit():
        occ = int(occ)
    if isinstance(occ, bool) or not isinstance(occ, int) or occ < 1:
        occ = None
    attrs = raw.get("attrs")
    return SpanItem(text=text, label=label.strip(), occurrence=occ, attrs=attrs if isinstance(attrs, dict) else {})


def _locate(content: str, item: SpanItem, cursor: int) -> tuple[tuple[int, int] | None, int]:
    """Where the item's text value and its label sit in the raw reply, in
    order after ``cursor`` (the tokens there carry its log-probabilities)."""
    for encoded in (json.dumps(item.text, ensure_ascii=False), json.dumps(item.text)):
        pos = content.find(encoded, cursor)
        if pos >= 0:
            end = pos + len(encoded)
            lab = content.find(json.dumps(item.label, ensure_ascii=False), end)
            if 0 <= lab < end + 200:
                end = lab + len(json.dumps(item.label, ensure_ascii=False))
            return (pos, end), end
    return None, cursor
