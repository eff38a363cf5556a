"""Claims table: one CSV row per claim span, for reading claims in a
spreadsheet.

Columns: ``doc_id``, ``claim_id``, ``annotator``, ``start``, ``end``
(code points), ``claim`` (its text), ``claimant`` (the claim's
``attrs.claimant``, else the surface of the entity its ``SOURCE``
relation points to), ``certainty``, ``numbers`` and ``entities``: the
number and entity spans inside the claim or linked to it by a
``MENTIONS`` relation, as ``surface=value`` / ``surface (LABEL)`` joined
with `` | ``, plus ``numbers_json``/``entities_json`` with the same as
JSON for scripts.

UTF-8 with a BOM so that Excel shows Arabic; fields are quoted by the
``csv`` module, so a claim with line breaks or commas stays one cell.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.formats import ExportedDocument, ExportedSpan
from annotator.model import CLAIMANT, spans_sorted

SPLIT_SUFFIX = ".csv"
READS_LINKS = True
COLUMNS = [
    "doc_id",
    "claim_id",
    "annotator",
    "start",
    "end",
    "claim",
    "claimant",
    "certainty",
    "numbers",
    "entities",
    "numbers_json",
    "entities_json",
]


def _value_text(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False) if v is not None else "?"


def rows(doc: ExportedDocument) -> Iterable[list[Any]]:
    by_id = {s.id: s for s in doc.spans}
    text = doc.text
    others = [s for s in spans_sorted(doc.spans) if s.layer != "claim"]
    # a CLAIMANT mention on the claim layer is who made a claim, not a claim
    for claim in spans_sorted(s for s in doc.spans if s.layer == "claim" and s.label != CLAIMANT):
        linked = {r.tail for r in doc.relations if r.head == claim.id and r.label == "MENTIONS"}
        inside: list[ExportedSpan] = [
            s
            for s in others
            if s.annotator == claim.annotator and ((claim.start <= s.start and s.end <= claim.end) or s.id in linked)
        ]
        numbers = [s for s in inside if s.layer == "number"]
        entities = [s for s in inside if s.layer == "entity"]
        claimant = claim.attrs.get("claimant")
        if not claimant:
            source = next(
                (
                    by_id[r.tail]
                    for r in doc.relations
                    if r.head == claim.id and r.label == "SOURCE" and r.tail in by_id
                ),
                None,
            )
            claimant = source.surface(text) if source else ""
        yield [
            doc.id,
            claim.id,
            claim.annotator,
            claim.start,
            claim.end,
            claim.surface(text),
            claimant,
            claim.attrs.get("certainty") or "",
            " | ".join(f"{s.surface(text)}={_value_text(s.attrs.get('value'))}" for s in numbers),
            " | ".join(f"{s.surface(text)} ({s.label})" for s in entities),
            json.dumps(
                [
                    {
                        "text": s.surface(text),
                        "start": s.start,
                        "end": s.end,
                        "value": s.attrs.get("value"),
                        "kind": s.attrs.get("kind"),
                    }
                    for s in numbers
                ],
                ensure_ascii=False,
            ),
            json.dumps(
                [{"text": s.surface(text), "start": s.start, "end": s.end, "label": s.label} for s in entities],
                ensure_ascii=False,
            ),
        ]


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """Returns how many documents were read (each gives 0 or more rows)."""
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for doc in documents:
            out.writerows(rows(doc))
            n += 1
    return n
