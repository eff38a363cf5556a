"""CLEF CheckThat! check-worthiness TSV: writer and reader.

Layouts (UTF-8, tab-separated, one header row)
    * documents (``--unit document``, the tweets layout of the lab's Arabic
      tasks): ``tweet_id``, ``tweet_url`` (only when some document has one in
      its ``meta``), ``tweet_text``, ``class_label`` when the documents came
      with a ``tweet_id``; otherwise ``id``, ``text``, ``class_label``. The id
      is ``meta.tweet_id``, else ``meta.id``, else the document id.
    * sentences (``--unit sentence``, the debates/multigenre layout):
      ``Sentence_id``, ``Text``, ``class_label``, one row per labelled
      sentence; the id is ``meta.Sentence_id`` when the sentence is the whole
      document (a file read from this layout), else ``<document id>_<n>``.

    ``class_label`` is the label mapped through ``--label-map`` (default
    ``CHECKWORTHY=Yes,NOT_CHECKWORTHY=No``). A document (or sentence) without
    a label, or whose annotators in the selection disagree, is left out and
    counted in a warning (choose ``--gold`` or ``--annotator`` to settle it).

Quoting
    A cell holding a tab, a line break or a double quote is quoted the way
    the ``csv`` module and pandas' ``read_csv(sep="\\t")`` expect (``"..."``,
    inner quotes doubled), so such texts never break a row; other cells are
    written as they are, as the lab's own files are.

Reading
    The header decides the layout: ``tweet_id``/``tweet_text``,
    ``id``/``text`` or ``Sentence_id``/``Text`` (case-insensitive), with
    ``class_label`` (or the 2021 files' ``check_worthiness``, 1/0). Each row
    becomes a document: its id the row's id, its text the cell exactly as
    written, the other cells in ``meta``, and its label as a ``document``
    span (tweets) or a ``sentence`` span over the whole text (sentences).
    A missing column, a row with the wrong number of cells, an empty text
    or a label outside the map is refused with the line number.
"""

from __future__ import annotations

import csv
import io
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, FormatError, ModelError
from annotator.formats import ExportedDocument
from annotator.formats.encoding import read_text
from annotator.formats.reading import table
from annotator.model import GOLD, UNIT_LAYERS, Document, parse_document

log = logging.getLogger("annotator.export")

DEFAULT_LABEL_MAP = {"CHECKWORTHY": "Yes", "NOT_CHECKWORTHY": "No"}
UNITS = UNIT_LAYERS
SPLIT_SUFFIX = ""
READS_LINKS = False


def parse_label_map(value: str | dict[str, Any] | None) -> dict[str, str]:
    """``CHECKWORTHY=Yes,NOT_CHECKWORTHY=No`` -> a dict (label -> class)."""
    if value is None or value == "":
        return dict(DEFAULT_LABEL_MAP)
    if isinstance(value, dict):
        return dict(value)
    out: dict[str, str] = {}
    for part in value.split(","):
        label, eq, cls = part.partition("=")
        label, cls = label.strip(), cls.strip()
        if not eq or not label or not cls:
            raise AnnotatorError(
                f"--label-map: {part.strip()!r} is not LABEL=CLASS (e.g. CHECKWORTHY=Yes,NOT_CHECKWORTHY=No)"
            )
        if label in out:
            raise AnnotatorError(f"--label-map: {label!r} is mapped twice")
        out[label] = cls
    classes = Counter(out.values())
    if any(n > 1 for n in classes.values()):
        dup = next(c for c, n in classes.items() if n > 1)
        raise AnnotatorError(f"--label-map: two labels map to {dup!r}; a file read back could not tell them apart")
    return out


def _cell(value: str) -> str:
    return value


# ------------------------------------------------------------------ writing
def _one_label(spans: list[Any], what: str, doc_id: str, problems: Counter[str]) -> str | None:
    labels: set[str] = {s.label for s in spans}
    if not labels:
        problems["unlabelled"] += 1
        return None
    if len(labels) > 1:
        gold: set[str] = {s.label for s in spans if s.annotator == GOLD}
        if len(gold) == 1:
            return gold.pop()
        problems["disagree"] += 1
        return None
    return labels.pop()


def rows(
    documents: Iterable[ExportedDocument], unit: str, label_map: dict[str, str], problems: Counter[str]
) -> Iterator[list[str]]:
    for doc in documents:
        if unit == "document":
            label = _one_label(
                [s for s in doc.spans if s.layer == "document" and s.status == "accepted"], "document", doc.id, problems
            )
            if label is None:
                continue
            if label not in label_map:
                problems["unmapped"] += 1
                continue
            ident = str(doc.meta.get("tweet_id") or doc.meta.get("id") or doc.id)
            yield [ident, str(doc.meta.get("tweet_url") or ""), doc.text, label_map[label]]
        else:
            by_range: dict[tuple[int, int], list[Any]] = {}
            for s in doc.spans:
                if s.layer == "sentence" and s.status == "accepted":
                    by_range.setdefault((s.start, s.end), []).append(s)
            if not by_range:
                problems["unlabelled"] += 1
                continue
            for n, (rng, spans) in enumerate(sorted(by_range.items()), 1):
                label = _one_label(spans, "sentence", doc.id, problems)
                if label is None:
                    continue
                if label not in label_map:
                    problems["unmapped"] += 1
                    continue
                whole = rng == (0, len(doc.text))
                ident = str(doc.meta["Sentence_id"]) if whole and doc.meta.get("Sentence_id") else f"{doc.id}_{n}"
                yield [ident, doc.text[rng[0] : rng[1]], label_map[label]]


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    extra = getattr(options, "extra", None) or {}
    unit = extra.get("unit") or "document"
    if unit not in UNITS:
        raise AnnotatorError(f"--unit: {unit!r} is not one of {', '.join(UNITS)}")
    label_map = parse_label_map(extra.get("label_map"))
    problems: Counter[str] = Counter()
    docs = list(documents) if unit == "document" else documents
    n = 0
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter="\t", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    if unit == "document":
        tweets = any(d.meta.get("tweet_id") for d in docs)
        urls = any(d.meta.get("tweet_url") for d in docs)
        header = (
            ["tweet_id", *(["tweet_url"] if urls else []), "tweet_text", "class_label"]
            if tweets
            else ["id", *(["tweet_url"] if urls else []), "text", "class_label"]
        )
        writer.writerow(header)
        for ident, url, text, cls in rows(docs, unit, label_map, problems):
            writer.writerow([ident, *([url] if urls else []), text, cls])
            n += 1
    else:
        writer.writerow(["Sentence_id", "Text", "class_label"])
        for row in rows(docs, unit, label_map, problems):
            writer.writerow(row)
            n += 1
    Path(path).write_text(buf.getvalue(), encoding="utf-8", newline="")

    def many(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    if problems["unlabelled"]:
        log.warning(f"checkthat: left out {many(problems['unlabelled'], 'document')} without a {unit} label")
    if problems["disagree"]:
        log.warning(
            f"checkthat: left out {many(problems['disagree'], unit)} whose annotators disagree "
            "(export --gold or --annotator NAME to choose)"
        )
    if problems["unmapped"]:
        log.warning(
            f"checkthat: left out {many(problems['unmapped'], unit)} with a label outside --label-map "
            f"({', '.join(f'{k}={v}' for k, v in label_map.items())})"
        )
    return n


# ------------------------------------------------------------------ reading
ID_COLUMNS = {"tweet_id": "tweet", "id": "plain", "sentence_id": "sentence"}
TEXT_COLUMNS = {"tweet": ("tweet_text",), "plain": ("text", "tweet_text"), "sentence": ("text",)}
LABEL_COLUMNS = ("class_label", "check_worthiness")


def read(
    path: str | Path, annotator: str = "import", label_map: str | dict[str, Any] | None = None
) -> Iterator[Document]:
    p = Path(path)
    if label_map is None:  # 'import --label-map' reaches the reader through the import options
        from annotator.formats.notices import current

        label_map = current().label_map
    reverse = {cls: label for label, cls in parse_label_map(label_map).items()}
    text, _encoding = read_text(p)
    empty = "the file is empty; a CheckThat! TSV starts with a header row"
    reader, header, lowered = table(p, text, empty, "not a valid TSV header", delimiter="\t", quotechar='"')
    layout = next((ID_COLUMNS[c] for c in ("tweet_id", "sentence_id", "id") if c in lowered), None)
    if layout is None:
        raise FormatError(
            p, f"missing column: an id column (tweet_id, id or Sentence_id); found {', '.join(header)}", line=1
        )
    id_col = lowered.index({"tweet": "tweet_id", "plain": "id", "sentence": "sentence_id"}[layout])
    text_col = next((lowered.index(c) for c in TEXT_COLUMNS[layout] if c in lowered), None)
    if text_col is None:
        raise FormatError(p, f"missing column: {' or '.join(TEXT_COLUMNS[layout])}; found {', '.join(header)}", line=1)
    label_col = next((lowered.index(c) for c in LABEL_COLUMNS if c in lowered), None)
    if label_col is None:
        raise FormatError(p, f"missing column: class_label; found {', '.join(header)}", line=1)
    old_style = lowered[label_col] == "check_worthiness"
    layer = "sentence" if layout == "sentence" else "document"
    seen: set[str] = set()
    line = 1
    try:
        for row in reader:
            line_start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise FormatError(p, f"expected {len(header)} tab-separated cells, found {len(row)}", line=line_start)
            doc_id = row[id_col].strip()
            if not doc_id:
                raise FormatError(p, f"the {header[id_col]} cell is empty", line=line_start)
            if doc_id in seen:
                raise FormatError(p, f"id {doc_id!r} appears twice", line=line_start)
            seen.add(doc_id)
            body = row[text_col]
            if not body:
                raise FormatError(p, f"the {header[text_col]} cell is empty", line=line_start)
            cls = row[label_col].strip()
            if old_style and cls in ("0", "1"):
                cls = "Yes" if cls == "1" else "No"
            if cls not in reverse:
                raise FormatError(
                    p, f"label {cls!r} is not in the label map ({', '.join(sorted(reverse))})", line=line_start
                )
            meta = {header[i]: row[i] for i in range(len(header)) if i not in (text_col, label_col)}
            meta["source"] = p.name
            span = {
                "id": "s1",
                "start": 0,
                "end": len(body),
                "label": reverse[cls],
                "layer": layer,
                "annotator": annotator,
                "source": "import",
            }
            try:
                yield parse_document({"id": doc_id, "text": body, "meta": meta, "spans": [span]})
            except ModelError as exc:
                raise FormatError(p, str(exc), line=line_start) from None
    except csv.Error as exc:
        raise FormatError(p, f"not valid TSV ({exc})", line=reader.line_num) from None
