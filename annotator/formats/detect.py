"""Which files an import takes and in which format (``--format auto``).

Folders are walked in sorted order; hidden files are skipped. A folder that
holds ``.ann`` files is one brat collection. Other files are recognised by
extension, then by a look at their first bytes: ``.json``/``.jsonl``
(doccano or canonical), ``.txt``/``.tsv``/``.conll``/``.iob`` (token lines
with a tag-like last column: CoNLL, as flair's ``train.txt`` and Wojood's
``test.txt`` are), ``.xmi``/``.xml`` (a UIMA CAS).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotator.errors import FormatError
from annotator.formats import READERS

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".conll": "conll",
    ".conllu": "conll",
    ".iob": "conll",
    ".bio": "conll",
    ".json": "label-studio",
    ".ann": "brat",
    ".xmi": "xmi",
}
_TOKEN_LINES = {".txt", ".text", ".tsv", ".conll", ".iob", ".bio"}
_TAG = re.compile(r"^(O|[BIESLU]-\S+)$")


def looks_like_conll(path: Path, sample: int = 1 << 16) -> bool:
    """Token lines (2 to 12 columns, the last a tag: ``O``, ``B-PER``...) and
    blank lines between sentences, in the first 64 KiB."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(sample).decode("utf-8-sig", "replace")
    except OSError:
        return False
    lines = head.split("\n")
    if len(head) == sample:
        lines = lines[:-1]  # the last may be cut
    tokens = blanks = 0
    for raw in lines:
        cols = raw.split()
        if not cols:
            blanks += tokens > 0
            continue
        if cols[0] == "-DOCSTART-" or (cols[0].startswith("#") and tokens == 0) or raw.startswith("#\t"):
            continue
        if not (2 <= len(cols) <= 12 and _TAG.match(cols[-1])):
            return False
        tokens += 1
    return tokens >= 2 and (blanks > 0 or tokens < 200)


def _sniff_jsonl(path: Path) -> str:
    """Canonical JSONL has ``spans``; doccano has ``label``/``labels`` (or
    ``entities`` in its relation layout)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 20).decode("utf-8-sig", "replace").strip()
        data = json.loads(first) if first else {}
    except (OSError, ValueError, RecursionError):
        return "jsonl"
    if isinstance(data, dict) and "spans" not in data and ("label" in data or "labels" in data or "entities" in data):
        return "doccano"
    return "jsonl"


def format_of(path: Path) -> str:
    if path.is_dir():
        return "brat"
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise FormatError(path, f"cannot tell the format from the extension {path.suffix or '(none)'!r}; pass --format")
    if fmt == "jsonl":
        fmt = _sniff_jsonl(path)
    elif path.suffix.lower() == ".tsv" and _sniff_checkthat(path):
        fmt = "checkthat"
    elif path.suffix.lower() in _TOKEN_LINES and fmt != "conll" and looks_like_conll(path):
        fmt = "conll"
    return fmt


def _sniff_checkthat(path: Path) -> bool:
    """A CheckThat! TSV: its header has ``class_label`` (or ``check_worthiness``)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 16).decode("utf-8-sig", "replace").strip().lower().split("\t")
    except OSError:
        return False
    return "class_label" in first or "check_worthiness" in first


def expand(paths: list[str | Path], fmt: str = "auto") -> list[tuple[Path, str]]:
    """``(file or brat folder, format)`` pairs for everything under ``paths``."""
    out: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise FormatError(p, "no such file or folder")
        if p.is_dir():
            if fmt == "brat" or (fmt == "auto" and any(p.glob("*.ann"))):
                out.append((p, "brat"))
                continue
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            found = len(out)
            for f in files:
                if fmt != "auto":
                    out.append((f, fmt))
                elif f.suffix.lower() in EXTENSIONS:
                    out.append((f, format_of(f)))
            if len(out) == found:
                raise FormatError(
                    p,
                    "the folder holds no files to import"
                    + (f" (none with a known extension: {', '.join(sorted(EXTENSIONS))})" if files else ""),
                )
        else:
            out.append((p, format_of(p) if fmt == "auto" else fmt))
    for path, kind in out:
        if kind not in READERS:
            raise FormatError(path, f"no reader for format {kind!r} (known: {', '.join(sorted(READERS))})")
    return out
