"""CoNLL: token per line, IOB2 tags, a blank line between sentences.

Writing. Tokens and tags follow :mod:`annotator.formats.tokenized`
(proclitics split, span edges forced onto token edges, outermost span wins
in a column, everything else reported). Columns are separated by one space:

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
import shutil
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import FormatError
from annotator.formats.encoding import read_text
from annotator.formats.peer import build_document, layer_for
from annotator.arabic.tokens import sentences
from annotator.formats.tokenized import _CHUNK_TOKENS, _PLUS_ONE, _chunks, _cut_entry, report, tag
from annotator.model import LAYERS, Document

SPLIT_SUFFIX = ".conll"
READS_LINKS = False  # writes no relations or comments: the export does not read them
DOCSTART = "-DOCSTART-"
_WS = re.compile(r"\s+")
_TAG = re.compile(r"^(O|[BIESLU]-\S+)$")


def document_lines(doc: Document, layers: list[str], options: Any = None) -> str:
    if len(layers) == 1:
        return _one_column_lines(doc, layers[0], options)
    return _lines_by_token(doc, layers, options)


def _lines_by_token(doc: Document, layers: list[str], options: Any = None) -> str:
    """The document's lines from :func:`annotator.formats.tokenized.tag`."""
    tagged = tag(doc, layers, options)
    cols = [tagged.tags[layer] for layer in layers]
    rows = cols[0] if len(cols) == 1 else list(map(" ".join, zip(*cols)))
    # token + " TAGS\n" per line, joined by C-level iterators (no Python step per token)
    texts, ends = tagged.texts(), list(map(_LINE_END.__getitem__, rows))
    out = [f"{DOCSTART} {_WS.sub('_', doc.id)}\n"]
    for a, b in tagged.sentences:
        out.append("\n")
        out.append("".join(map(add, texts[a:b], ends[a:b])))
    out.append("\n")
    return "".join(out)


def _one_column_lines(doc: Document, layer: str, options: Any = None) -> str:
    """:func:`_lines_by_token` for one layer, written chunk by chunk.

    The same decisions as :func:`annotator.formats.tokenized.tag` (tokens cut
    at every span edge, a span written over the tokens it covers, the
    outermost of overlapping spans, sentences joined where a span crosses
    them, the same reports in the same order), taken in character offsets
    around the spans and sentence starts only. Every other space-delimited
    chunk of the text is written from its cached ``token O`` lines, so
    nothing is done per token outside the spans (a test checks both
    functions give the same lines and reports)."""
    text = doc.text
    chunks = _chunks(text)
    bases = list(accumulate(map(_PLUS_ONE, map(len, chunks)), initial=0))
    last_chunk = len(chunks) - 1
    cut: dict[int, tuple] = {}
    for p in {p for sp in doc.spans for p in (sp.start, sp.end)}:
        k = bisect_right(bases, p) - 1
        if 0 <= k <= last_chunk:
            rel = p - bases[k]
            starts, ends, _ = entry = cut.get(k) or _CHUNK_TOKENS[chunks[k]]
            i = bisect_right(starts, rel) - 1
            if i >= 0 and starts[i] < rel < ends[i]:
                cut[k] = _cut_entry(chunks[k], entry, [rel])

    def tokens(k: int) -> tuple:
        return cut.get(k) or _CHUNK_TOKENS[chunks[k]]

    def next_start(p: int) -> int | None:
        """Start of the first token starting at or after ``p``."""
        k = bisect_right(bases, p) - 1
        starts = tokens(k)[0]
        i = bisect_left(starts, p - bases[k])
        if i < len(starts):
            return bases[k] + starts[i]
        for k in range(k + 1, last_chunk + 1):
            starts = tokens(k)[0]
            if starts:
                return bases[k] + starts[0]
        return None

    def prev_end(p: int) -> int | None:
        """End of the last token ending at or before ``p``."""
        k = bisect_right(bases, p) - 1
        ends = tokens(k)[1]
        i = bisect_right(ends, p - bases[k]) - 1
        if i >= 0:
            return bases[k] + ends[i]
        for k in range(k - 1, -1, -1):
            ends = tokens(k)[1]
            if ends:
                return bases[k] + ends[-1]
        return None

    taken: list[tuple[int, int]] = []  # character ranges of the spans written, in tag() order
    labels: dict[int, str] = {}  # first character of a written range -> its label
    same: set[tuple[int, int, str]] = set()
    for sp in sorted((s for s in doc.spans if s.layer == layer), key=lambda s: (s.start, -s.end, s.label, s.id)):
        first, last = next_start(sp.start), prev_end(sp.end)
        if first is None or last is None or first >= last:
            report(options, doc, sp, "covers no token (only white space or invisible marks); left out")
            continue
        if (first, last) != (sp.start, sp.end):
            report(options, doc, sp, f"an edge lies in white space or an invisible mark; written as [{first}:{last}]")
        if (first, last, sp.label) in same:
            continue
        # spans come by start, so ``first`` never decreases and ``taken`` stays
        # sorted and disjoint: only the last range taken can overlap this one
        if taken and first < taken[-1][1]:
            report(options, doc, sp, f"overlaps a longer or earlier {layer} span; the outermost wins in the tags")
            continue
        taken.append((first, last))
        same.add((first, last, sp.label))
        labels[first] = sp.label

    head = f"{DOCSTART} {_WS.sub('_', doc.id)}\n"
    begin = next_start(0)
    if begin is None:
        return head + "\n"
    breaks = {begin}
    ranges = taken  # sorted and disjoint (see above)
    firsts = [a for a, _ in ranges]
    for s, _ in sentences(text)[1:]:
        b = next_start(s)
        if b is not None and b > begin:
            r = bisect_left(firsts, b) - 1  # the last range starting before b: the only one b can be inside
            if r < 0 or b >= ranges[r][1]:
                breaks.add(b)

    special = set(cut)
    for p in breaks:
        special.add(bisect_right(bases, p) - 1)
    for a, e in taken:
        special.update(range(bisect_right(bases, a) - 1, bisect_right(bases, e - 1)))
    plain = _PLAIN_LINES.__getitem__
    out = [head]
    prev = 0
    for k in sorted(special):
        out.append("".join(map(plain, chunks[prev:k])))
        base = bases[k]
        for s, e, t in zip(*tokens(k)):
            pos = base + s
            if pos in breaks:
                out.append("\n")
            r = bisect_right(firsts, pos) - 1
            if r >= 0 and pos < ranges[r][1]:
                label = labels[ranges[r][0]]
                out.append(f"{t} B-{label}\n" if pos == ranges[r][0] else f"{t} I-{label}\n")
            else:
                out.append(f"{t} O\n")
        prev = k + 1
    out.append("".join(map(plain, chunks[prev:])))
    out.append("\n")
    return "".join(out)


class _PlainLines(dict):
    """chunk -> ``token O`` lines of its tokens, made once per distinct chunk."""

    def __missing__(self, chunk: str) -> str:
        lines = "".join(f"{t} O\n" for t in _CHUNK_TOKENS[chunk][2])
        if len(self) < 200_000:
            self[chunk] = lines
        return lines


_PLAIN_LINES = _PlainLines()


class _LineEnds(dict):
    """tags -> ``" " + tags + "\n"``, made once per distinct row of tags."""

    def __missing__(self, row: str) -> str:
        end = f" {row}\n"
        if len(self) < 10_000:
            self[row] = end
        return end


_LINE_END = _LineEnds()


def write(documents: Iterable[Document], path: str | Path, options: Any = None) -> int:
    """Write ``documents`` to ``path``; returns how many were written.

    ``annotator export`` runs this in worker processes on machines with more
    than one core (``--jobs``, :mod:`annotator.formats.parallel`): each
    writes a contiguous part of the documents with :func:`write_part`, and
    :func:`merge_splits` concatenates the parts in order, so the file is
    byte for byte the one a single process writes."""
    layer = getattr(options, "layer", None)
    layers = [layer] if layer else list(LAYERS)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for doc in documents:
            fh.write(document_lines(doc, layers, options))
            n += 1
    return n


def write_part(documents: Iterable[Document], path: Path, options: Any, split: str) -> int:
    """One part of a parallel export: the documents' lines, as :func:`write`."""
    return write(documents, path, options)


def merge_splits(parts: dict[str, Iterator[tuple[Path, int]]], out: Path, options: Any, single: bool) -> dict[str, int]:
    """The parts of each split concatenated in order into ``out`` (one file)
    or ``out/<split>.conll``; a failure removes the file being written."""
    counts = {}
    for split, stream in parts.items():
        path = out if single else out / f"{split}{SPLIT_SUFFIX}"
        n = 0
        try:
            with open(path, "wb") as fh:
                for part, written in stream:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, fh, 1 << 20)
                    n += written
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        counts[split] = n
    return counts


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
    start, label = None, None

    def close(end: int) -> None:
        nonlocal start, label
        if start is not None:
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


def _blocks(path: Path, text: str) -> Iterator[tuple[str | None, list[list[tuple[int, list[str]]]]]]:
    """(doc id or None, sentences of (line number, columns))."""
    doc_id: str | None = None
    sents: list[list[tuple[int, list[str]]]] = []
    cur: list[tuple[int, list[str]]] = []
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


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    p = Path(path)
    text, _ = read_text(p)
    blocks = list(_blocks(p, text))
    if not blocks:
        raise FormatError(p, "no tokens: not a CoNLL file")
    width = None
    all_rows = [row for _, sents in blocks for sent in sents for row in sent]
    for lineno, cols in all_rows:
        if width is None:
            width = len(cols)
        elif len(cols) != width:
            raise FormatError(p, f"{len(cols)} columns where the file has {width}", line=lineno)
    tag_cols = [c for c in range(1, width) if all(_TAG.match(cols[c]) for _, cols in all_rows)]
    if tag_cols != list(range(1, width)):
        if width - 1 not in tag_cols:
            bad = next((ln, cols[-1]) for ln, cols in all_rows if not _TAG.match(cols[-1]))
            raise FormatError(p, f"{bad[1]!r} is not an IOB/BIOES tag", line=bad[0])
        tag_cols = [width - 1]
    docs: list[tuple[str | None, list]] = []
    for doc_id, sents in blocks:
        if not sents:
            continue  # a document without tokens has no text to import
        if doc_id is None:  # no -DOCSTART-: one document per sentence
            docs += [(None, [s]) for s in sents]
        else:
            docs.append((doc_id, sents))
    for n, (doc_id, sents) in enumerate(docs, start=1):
        yield _document(p, doc_id or f"{p.stem}-{n}", sents, tag_cols, annotator)


def _document(path: Path, doc_id: str, sents: list, tag_cols: list[int], annotator: str) -> Document:
    parts: list[str] = []
    pos = 0
    spans: list[dict[str, Any]] = []
    schemes = set()
    for si, sent in enumerate(sents):
        if si:
            parts.append("\n")
            pos += 1
        offs = []
        for k, (_, cols) in enumerate(sent):
            if k:
                parts.append(" ")
                pos += 1
            offs.append((pos, pos + len(cols[0])))
            parts.append(cols[0])
            pos += len(cols[0])
        lines = [ln for ln, _ in sent]
        for c in tag_cols:
            tags = [cols[c] for _, cols in sent]
            schemes.add(detect_scheme([tags]))
            for a, b, label in decode(tags, path, lines):
                layer = layer_for(label)
                spans.append({"id": f"s{len(spans) + 1}", "start": offs[a][0], "end": offs[b - 1][1], "label": label,
                              "layer": layer, "annotator": annotator, "source": "import"})
    scheme = "BIOES" if "BIOES" in schemes else "IOB1" if "IOB1" in schemes else "IOB2"
    # two columns giving one range the same label are one span; different
    # labels on one range and layer are refused by the model
    seen, unique = set(), []
    for sp in spans:
        key = (sp["layer"], sp["start"], sp["end"], sp["label"])
        if key not in seen:
            seen.add(key)
            unique.append(sp)
    return build_document(path, {"id": doc_id, "text": "".join(parts), "spans": unique,
                                 "meta": {"source": path.name, "tagging": scheme}}, line=sents[0][0][0])
