"""CoNLL: token per line, IOB2 tags, a blank line between sentences.

Writing (the lines laid out here, the file written by
:mod:`annotator.export.conll_writer`). Tokens and tags follow
:mod:`annotator.formats.tokenized` (proclitics split, span edges forced
onto token edges, outermost span wins in a column, everything else
reported). Columns are separated by one space:

* with ``--layer L``: ``token TAG`` (the classic two-column layout);
* otherwise one column per layer: ``token ENTITY NUMBER CLAIM``.

Each document starts with a ``-DOCSTART- <id>`` line (the CoNLL-2003
convention that spaCy's ``convert``, flair and Hugging Face loaders skip),
with white space in the id replaced by ``_``. Tokens never contain white
space, so a line always splits into the same number of columns.

Reading accepts IOB1, IOB2 and BIOES/BILOU and says which it found in each
document's ``meta.tagging``: BIOES if an ``E-``/``S-``/``L-``/``U-`` tag
occurs, IOB1 if an ``I-`` tag starts a chunk, IOB2 otherwise. If every
column after the token holds tags, each is read (layers from the labels);
if not (``EU NNP B-NP B-ORG``), only the last column is. A document's text
is rebuilt from its tokens, joined by one space, sentences by ``\\n``;
without ``-DOCSTART-`` lines each sentence is a document. Broken tags
(``E-`` without ``B-``, a bad tag) are errors naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from annotator.errors import FormatError
from annotator.formats import ExportedDocument
from annotator.formats.encoding import read_text
from annotator.formats.reading import build_document, layer_for
from annotator.formats.tokenized import tag
from annotator.model import SPAN_LAYERS, Document

DOCSTART = "-DOCSTART-"
_WS = re.compile(r"\s+")
_TAG = re.compile(r"^(O|[BIESLU]-\S+)$")


def tagged_lines(doc: Any, tagged: Any, columns: list[str]) -> str:
    """``-DOCSTART-``, then a token line per token with one tag per column
    name, a blank line before each sentence."""
    rows = list(map(" ".join, zip(*(tagged.tags[name] for name in columns), strict=True)))
    texts = tagged.texts()
    out = [head(doc)]
    for a, b in tagged.sentences:
        out.append("\n")
        out.extend(f"{t} {row}\n" for t, row in zip(texts[a:b], rows[a:b], strict=True))
    out.append("\n")
    return "".join(out)


def nesting(spans: Iterable[Any], options: Any = None, doc: Any = None) -> list[tuple[Any, int]]:
    """``(span, depth)`` for spans of one layer, depth 1 the outermost: a
    span inside another is one deeper. A span crossing another (neither
    holds the other) has no depth: it is reported and left out; the same
    range with the same label twice is one span."""
    from annotator.formats.tokenized import report

    out: list[tuple[Any, int]] = []
    stack: list[Any] = []
    for sp in sorted(spans, key=lambda s: (s.start, -s.end, s.label, s.id)):
        while stack and stack[-1].end <= sp.start:
            stack.pop()
        if stack and sp.end > stack[-1].end:
            if doc is not None:
                report(options, doc, sp, "crosses another span (neither holds the other): no nesting depth; left out")
            continue
        if stack and (stack[-1].start, stack[-1].end, stack[-1].label) == (sp.start, sp.end, sp.label):
            continue
        stack.append(sp)
        out.append((sp, len(stack)))
    return out


def nested_lines(doc: Any, layer: str, options: Any = None) -> str:
    """One document as nested CoNLL (Wojood's layout): the token, then one
    IOB2 column per nesting depth of ``layer``'s spans, outer to inner, as
    many as the document's deepest nesting (at least one)."""
    from types import SimpleNamespace

    depths = nesting([s for s in doc.spans if s.layer == layer], options, doc)
    n = max((d for _, d in depths), default=1)
    names = [f"depth{d}" for d in range(1, n + 1)]
    pseudo = SimpleNamespace(
        id=doc.id,
        text=doc.text,
        spans=[SimpleNamespace(id=s.id, start=s.start, end=s.end, label=s.label, layer=f"depth{d}") for s, d in depths],
    )
    return tagged_lines(doc, tag(pseudo, names, options), names)


def head(doc: ExportedDocument) -> str:
    """A document's first line: ``-DOCSTART-`` and its id, white space made ``_``."""
    return f"{DOCSTART} {_WS.sub('_', doc.id)}\n"


# ------------------------------------------------------------------ reading
def detect_scheme(tags: Iterable[list[str]]) -> str:
    """``BIOES``, ``IOB1`` or ``IOB2`` for sentences of tags (one column)."""
    iob1 = False
    for sent in tags:
        prev = "O"
        for t in sent:
            if t[:2] in ("E-", "S-", "L-", "U-"):
                return "BIOES"
            if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
                iob1 = True
            prev = t
    return "IOB1" if iob1 else "IOB2"


def decode(tags: list[str], path: Path, lines: list[int]) -> list[tuple[int, int, str]]:
    """Chunks ``(first, last + 1, label)`` of one sentence in any of the
    schemes (B/I/E/S with L/U as E/S); I- after O or another label starts a
    chunk (IOB1)."""
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    label: str | None = None

    def close(end: int) -> None:
        nonlocal start, label
        if start is not None:
            assert label is not None  # set together with start
            out.append((start, end, label))
        start, label = None, None

    for k, t in enumerate(tags):
        if t == "O":
            close(k)
            continue
        p, lab = t[0], t[2:]
        if p in ("B",):
            close(k)
            start, label = k, lab
        elif p == "I":
            if start is None or label != lab:
                close(k)
                start, label = k, lab
        elif p in ("E", "L"):
            if start is None or label != lab:
                raise FormatError(path, f"tag {t} ends a chunk that was never begun", line=lines[k])
            close(k + 1)
        elif p in ("S", "U"):
            close(k)
            out.append((k, k + 1, lab))
    close(len(tags))
    return out


# A row of a sentence: (line number, columns), or after a ragged file's padding
# (line number, columns, how many columns the line had).
Row = tuple[Any, ...]


def _blocks(path: Path, text: str) -> Iterator[tuple[str | None, list[list[Row]]]]:
    """(doc id or None, sentences of (line number, columns))."""
    doc_id: str | None = None
    sents: list[list[Row]] = []
    cur: list[Row] = []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split()
        if cols[0] == DOCSTART:
            if cur:
                sents.append(cur)
                cur = []
            if sents or doc_id is not None:
                yield doc_id, sents
            sents = []
            doc_id = cols[1] if len(cols) > 1 and not _TAG.match(cols[1]) and cols[1] != "-X-" else ""
            continue
        if line.startswith("#") and not cur and not _TAG.match(cols[-1]):
            continue  # a comment line (CoNLL-U style); "# O" is the token "#"
        if len(cols) < 2:
            raise FormatError(path, f"expected a token and a tag, got {line.strip()!r}", line=lineno)
        cur.append((lineno, cols))
    if cur:
        sents.append(cur)
    if sents:
        yield doc_id, sents


def parse_columns(spec: str) -> tuple[int, list[int]]:
    """``--columns``: ``token=1,tags=2-3`` (or ``1,2-3``, ``1,2,3``), 0-based,
    -> (token column, tag columns)."""
    token, tags = None, []
    for k, item in enumerate(x.strip() for x in spec.split(",")):
        name, sep, value = item.rpartition("=")
        try:
            lo, dash, hi = value.partition("-")
            nums = list(range(int(lo), int(hi) + 1)) if dash else [int(lo)]
        except ValueError:
            raise FormatError("--columns", f"expected e.g. token=1,tags=2-3 (0-based), got {item!r}") from None
        if (name or ("token" if k == 0 else "tags")) == "token" and token is None and len(nums) == 1:
            token = nums[0]
        else:
            tags += nums
    if token is None or not tags:
        raise FormatError(
            "--columns", f"name a token column and at least one tag column, e.g. token=0,tags=1 (got {spec!r})"
        )
    return token, tags


def _index_column(sents: list[list[Row]]) -> bool:
    """A leading column numbering the tokens of each sentence from 1 (or 0),
    as GermEval 2014's files have."""
    first: int | None = None
    for sent in sents:
        for k, (_, cols) in enumerate(sent):
            if len(cols) < 3 or not cols[0].isdigit():
                return False
            if k == 0:
                first = int(cols[0])
                if first not in (0, 1):
                    return False
            elif int(cols[0]) != cast(int, first) + k:  # set at k == 0 of this sentence
                return False
    return first is not None


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    from annotator.formats import notices

    p = Path(path)
    text, _ = read_text(p)
    blocks = list(_blocks(p, text))
    if not blocks:
        raise FormatError(p, "no tokens: not a CoNLL file")
    all_sents = [sent for _, sents in blocks for sent in sents]
    spec = notices.current().columns
    if spec:
        token, wanted = parse_columns(spec)
        for sent in all_sents:
            for k, (lineno, cols) in enumerate(sent):
                if token >= len(cols) or wanted[0] >= len(cols):
                    raise FormatError(p, f"--columns {spec}: the line has {len(cols)} columns", line=lineno)
                sent[k] = (lineno, [cols[token]] + [cols[c] if c < len(cols) else "O" for c in wanted])
    elif _index_column(all_sents):
        for sent in all_sents:
            sent[:] = [(lineno, cols[1:]) for lineno, cols in sent]
    all_rows = [row for sent in all_sents for row in sent]
    if not all_rows:
        raise FormatError(p, "no tokens, only -DOCSTART- lines: nothing to import")
    width = max(len(cols) for _, cols in all_rows)
    ragged = any(len(cols) != width for _, cols in all_rows)
    if ragged and not all(_TAG.match(c) for _, cols in all_rows for c in cols[1:]):
        for lineno, cols in all_rows:
            if len(cols) != len(all_rows[0][1]):
                raise FormatError(p, f"{len(cols)} columns where the file has {len(all_rows[0][1])}", line=lineno)
    if ragged:  # Wojood: only tags after the token; a line stops after its deepest tag (the rest is O)
        for sent in all_sents:
            sent[:] = [(lineno, cols + ["O"] * (width - len(cols)), len(cols)) for lineno, cols in sent]
    tag_cols = [c for c in range(1, width) if all(_TAG.match(cols[c]) for _, cols, *_ in all_rows_of(all_sents))]
    if tag_cols != list(range(1, width)):
        if width - 1 not in tag_cols:
            bad = next((ln, cols[-1]) for ln, cols, *_ in all_rows_of(all_sents) if not _TAG.match(cols[-1]))
            raise FormatError(p, f"{bad[1]!r} is not an IOB/BIOES tag", line=bad[0])
        tag_cols = [width - 1]
    # several tag columns whose labels are all of one layer: nesting depths, outer to inner
    by_col = [{layer_for(cols[c][2:]) for _, cols, *_ in all_rows_of(all_sents) if cols[c] != "O"} for c in tag_cols]
    # our own layout: one column per layer (entity, number, claim), each holding its layer's labels only
    layered = len(tag_cols) == len(SPAN_LAYERS) and all(
        col <= {layer} for col, layer in zip(by_col, SPAN_LAYERS, strict=True)
    )
    nested = len(tag_cols) > 1 and not layered and len(set().union(*by_col)) <= 1
    if nested:
        for sent in all_sents:
            _check_nesting(p, sent, tag_cols)
    docs: list[tuple[str | None, list[list[Row]]]] = []
    for doc_id, sents in blocks:
        if not sents:
            continue  # a document without tokens has no text to import
        if doc_id is None:  # no -DOCSTART-: one document per sentence
            docs += [(None, [s]) for s in sents]
        else:
            docs.append((doc_id, sents))
    for n, (doc_id, sents) in enumerate(docs, start=1):
        yield _document(p, doc_id or f"{p.stem}-{n}", sents, tag_cols, annotator, nested)


def all_rows_of(sents: Iterable[Iterable[Row]]) -> Iterator[Row]:
    return (row for sent in sents for row in sent)


def _check_nesting(path: Path, sent: list[Row], tag_cols: list[int]) -> None:
    """Every chunk at depth k > 1 lies inside one chunk at depth k - 1, and a
    line that stopped early (fewer columns) is not continued by an ``I-``
    tag at a depth it did not have."""
    lines = [row[0] for row in sent]
    for k, (_, cols, *_) in enumerate(sent[1:], start=1):
        prev = sent[k - 1]
        if len(prev) > 2:
            for d, c in enumerate(tag_cols, start=1):
                if c >= prev[2] and cols[c].startswith("I-"):
                    raise FormatError(
                        path,
                        f"{prev[2]} columns where its sentence needs {c + 1}: the next line "
                        f"continues depth {d} with {cols[c]}",
                        line=prev[0],
                    )
    for outer, inner in zip(tag_cols, tag_cols[1:], strict=False):
        parents = decode([row[1][outer] for row in sent], path, lines)
        for a, b, _ in decode([row[1][inner] for row in sent], path, lines):
            if not any(pa <= a and b <= pb for pa, pb, _ in parents):
                depth = tag_cols.index(inner) + 1
                raise FormatError(
                    path,
                    f"{sent[a][1][inner]} at depth {depth} has no enclosing depth-{depth - 1} "
                    f"span (nested columns go outer to inner)",
                    line=lines[a],
                )


def _document(
    path: Path, doc_id: str, sents: list[list[Row]], tag_cols: list[int], annotator: str, nested: bool = False
) -> Document:
    parts: list[str] = []
    pos = 0
    spans: list[dict[str, Any]] = []
    schemes = set()
    for si, sent in enumerate(sents):
        if si:
            parts.append("\n")
            pos += 1
        offs = []
        for k, (_, cols, *_) in enumerate(sent):
            if k:
                parts.append(" ")
                pos += 1
            offs.append((pos, pos + len(cols[0])))
            parts.append(cols[0])
            pos += len(cols[0])
        lines = [row[0] for row in sent]
        for c in tag_cols:
            tags = [row[1][c] for row in sent]
            schemes.add(detect_scheme([tags]))
            for a, b, label in decode(tags, path, lines):
                layer = layer_for(label)
                spans.append(
                    {
                        "id": f"s{len(spans) + 1}",
                        "start": offs[a][0],
                        "end": offs[b - 1][1],
                        "label": label,
                        "layer": layer,
                        "annotator": annotator,
                        "source": "import",
                    }
                )
    scheme = "BIOES" if "BIOES" in schemes else "IOB1" if "IOB1" in schemes else "IOB2"
    # two columns giving one range the same label are one span; different
    # labels on one range and layer are refused by the model
    seen, unique = set(), []
    for sp in spans:
        key = (sp["layer"], sp["start"], sp["end"], sp["label"])
        if key not in seen:
            seen.add(key)
            unique.append(sp)
    return build_document(
        path,
        {
            "id": doc_id,
            "text": "".join(parts),
            "spans": unique,
            "meta": {"source": path.name, "tagging": scheme, **({"nested": len(tag_cols)} if nested else {})},
        },
        line=sents[0][0][0],
    )
