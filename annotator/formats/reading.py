"""What the readers of other tools' formats (brat, doccano, Label Studio, CoNLL, XMI) share when
reading: which layer a bare label belongs to, checking that an imported
span's stored surface matches the text at its offsets, and turning model
errors into a FormatError that names the file, line, document and span;
and what the readers of delimited tables (csv, checkthat) share: the
header row (:func:`table`).

An imported span whose offsets do not match its text is refused, never
stored shifted: the offsets of a peer tool are only trusted when they agree
with the surface text it stored alongside them.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import FormatError, ModelError
from annotator.model import LAYERS, Document, parse_document

if TYPE_CHECKING:
    from _csv import Reader


@lru_cache(maxsize=1)
def _default_layers() -> dict[str, str]:
    from annotator.model import Scheme

    return {lab.name: lab.layer for lab in Scheme.default().labels}


def layer_for(label: str, hint: str | None = None, known: dict[str, str] | None = None) -> str:
    """The layer of a label read from a peer format: an explicit hint (a
    Label Studio control named after the layer, a brat type hierarchy),
    else the label's layer in ``known``, in the scheme of the project being
    imported into, or in the default scheme, else ``entity`` (peer tools
    are mostly used for entities)."""
    if hint in LAYERS:
        return hint
    if known and label in known:
        return known[label]
    from annotator.formats.notices import current

    project = current().layers
    if label in project:
        return project[label]
    return _default_layers().get(label, "entity")


def check_surface(
    path: str | Path,
    doc_id: str,
    span_id: str,
    text: str,
    start: int,
    end: int,
    expected: str | None,
    line: int | None = None,
) -> None:
    """Refuse a span outside its text or whose stored surface differs from
    ``text[start:end]``."""
    if not (0 <= start < end <= len(text)):
        raise FormatError(
            path,
            f"document {doc_id!r}, span {span_id!r}: offsets [{start}:{end}] are outside "
            f"the text ({len(text)} characters)",
            line=line,
        )
    if expected is not None and text[start:end] != expected:
        raise FormatError(
            path,
            f"document {doc_id!r}, span {span_id!r}: offsets [{start}:{end}] cover "
            f"{text[start:end]!r} but the file says {expected!r} (offsets counted differently?)",
            line=line,
        )


def build_document(path: str | Path, data: dict[str, Any], line: int | None = None) -> Document:
    """A validated Document, or a FormatError naming file, line, document and span."""
    try:
        return parse_document(data)
    except ModelError as exc:
        raise FormatError(path, str(exc), line=line) from None


def dedupe_spans(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Peer tools sometimes store the same labelled range twice (two
    overlapping selections); identical copies are one span. Two labels on
    one range, layer and annotator stay, and the model refuses them."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for sp in spans:
        key = (sp["annotator"], sp["layer"], sp["start"], sp["end"], sp["label"])
        if key in seen:
            continue
        seen.add(key)
        out.append(sp)
    return out


def table(
    path: Path, text: str, empty: str, invalid: str, dialect: Any = "excel", **options: Any
) -> tuple[Reader, list[str], list[str]]:
    """A csv reader of ``text`` (``dialect`` and ``options`` as
    :func:`csv.reader` takes them), its header row and the header's names
    stripped and lower-cased. No header row is the FormatError ``empty``; a
    malformed one is ``invalid`` with the csv module's reason; both on line
    1. Cells may be as long as the text: the csv module refuses cells over
    128 K characters, and a whole article can be longer."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), dialect, **options)
    try:
        header = next(reader)
    except StopIteration:
        raise FormatError(path, empty, line=1) from None
    except csv.Error as exc:
        raise FormatError(path, f"{invalid} ({exc})", line=1) from None
    return reader, header, [h.strip().lower() for h in header]
