"""brat standoff: a folder with ``<id>.txt`` + ``<id>.ann`` per document and
an ``annotation.conf`` (plus ``visual.conf`` with the scheme's colours).

brat counts offsets in characters (code points) of the ``.txt`` file as its
Python server reads it, without newline translation; so the ``.txt`` is
written byte for byte (CRLF stays CRLF) and offsets need no conversion.

What goes where:

* spans -> ``T`` lines (``T3<TAB>GPE 10 15<TAB>ليبيا``). A span crossing a
  line break is written as fragments split at the break
  (``0 10;12 20``), as brat requires; on reading, fragments separated only
  by white space become one span again, other discontinuous spans are
  refused rather than silently widened;
* ``attrs.kind`` and ``attrs.certainty`` -> ``A`` lines (brat
  multi-valued attributes declared in ``annotation.conf``); the other
  attributes (a number's ``value``, a claim's ``claimant``) -> an
  ``AnnotatorNotes`` ``#`` line holding them as JSON;
* relations -> ``R`` lines;
* layers -> a type hierarchy in ``annotation.conf`` (``!entity`` above
  ``PERSON`` ...), read back to put each label on its layer.

Document ids become file names through :func:`safe_filename`; an id that
had to be changed comes back as the file name. brat has no annotator or
status: imported spans get the ``--annotator`` name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.errors import FormatError
from annotator.formats.encoding import read_text
from annotator.formats.paths import safe_filename
from annotator.formats.peer import build_document, check_surface, layer_for
from annotator.model import CERTAINTIES, LAYERS, NUMBER_KINDS, Document, Scheme

ENUM_ATTRS = {"kind": ("number", NUMBER_KINDS), "certainty": ("claim", CERTAINTIES)}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


# ------------------------------------------------------------------ writing
def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks (brat's .ann keeps a surface on one line)."""
    frags: list[tuple[int, int]] = []
    pos = start
    for m in _LINE_BREAKS.finditer(text, start, end):
        if m.start() > pos:
            frags.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        frags.append((pos, end))
    return frags


def annotation_conf(scheme: Scheme) -> str:
    lines = ["[entities]"]
    for layer in LAYERS:
        labels = scheme.labels_for(layer)
        if not labels:
            continue
        lines.append(f"!{layer}")
        lines += [f"\t{lab.name}" for lab in labels]
    lines.append("")
    lines.append("[relations]")
    for rel in scheme.relations:
        lines.append(f"{rel.name}\tArg1:<ANY>, Arg2:<ANY>")
    lines.append("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>")
    lines += ["", "[events]", "", "[attributes]"]
    for attr, (layer, values) in ENUM_ATTRS.items():
        args = "|".join(lab.name for lab in scheme.labels_for(layer))
        if args:
            lines.append(f"{attr}\tArg:{args}, Value:{'|'.join(values)}")
    return "\n".join(lines) + "\n"


def visual_conf(scheme: Scheme) -> str:
    lines = ["[labels]"] + [f"{lab.name} | {lab.name}" for lab in scheme.labels]
    lines += ["", "[drawing]"] + [f"{lab.name}\tbgColor:{lab.color}" for lab in scheme.labels]
    return "\n".join(lines) + "\n"


def document_ann(doc: Document) -> str:
    out: list[str] = []
    tid: dict[str, str] = {}
    n_attr = n_note = 0
    for i, sp in enumerate(doc.spans, start=1):
        t = f"T{i}"
        tid[sp.id] = t
        frags = _fragments(doc.text, sp.start, sp.end) or [(sp.start, sp.end)]
        where = ";".join(f"{s} {e}" for s, e in frags)
        surface = " ".join(doc.text[s:e] for s, e in frags)
        out.append(f"{t}\t{sp.label} {where}\t{surface}")
        notes = {}
        for key, value in sp.attrs.items():
            if key in ENUM_ATTRS and ENUM_ATTRS[key][0] == sp.layer and isinstance(value, str):
                n_attr += 1
                out.append(f"A{n_attr}\t{key} {t} {value}")
            elif value is not None:
                notes[key] = value
        if notes:
            n_note += 1
            out.append(f"#{n_note}\tAnnotatorNotes {t}\t{json.dumps(notes, ensure_ascii=False)}")
    for i, rel in enumerate(doc.relations, start=1):
        if rel.head in tid and rel.tail in tid:
            out.append(f"R{i}\t{rel.label} Arg1:{tid[rel.head]} Arg2:{tid[rel.tail]}\t")
    return "".join(line + "\n" for line in out)


def write(documents: Iterable[Document], path: str | Path, options: Any = None) -> int:
    """Write a brat collection into the folder ``path``."""
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    scheme = getattr(options, "scheme", None) or Scheme.default()
    (out / "annotation.conf").write_text(annotation_conf(scheme), encoding="utf-8", newline="")
    (out / "visual.conf").write_text(visual_conf(scheme), encoding="utf-8", newline="")
    n = 0
    for doc in documents:
        name = safe_filename(doc.id)
        (out / f"{name}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (out / f"{name}.ann").write_text(document_ann(doc), encoding="utf-8", newline="")
        n += 1
    return n


# ------------------------------------------------------------------ reading
def read_conf_layers(folder: Path) -> dict[str, str]:
    """label -> layer from the type hierarchy of ``annotation.conf``, if any."""
    conf = folder / "annotation.conf"
    if not conf.is_file():
        return {}
    text, _ = read_text(conf)
    layers: dict[str, str] = {}
    section = None
    parent = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("["):
            section = line.strip("[] ")
            continue
        if section != "entities":
            continue
        name = line.strip().lstrip("!")
        if not raw.startswith("\t"):
            parent = name if name in LAYERS else None
        elif parent:
            layers[name] = parent
    return layers


def _parse_ann(ann: Path, text: str, doc_id: str, annotator: str, known: dict[str, str]) -> dict[str, Any]:
    content, _ = read_text(ann) if ann.stat().st_size else ("", "utf-8")
    spans: dict[str, dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    pending_attrs: list[tuple[int, str, str, str]] = []
    notes: list[tuple[int, str, str]] = []
    for lineno, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            head, sep, surface = rest.partition("\t")
            if not sep:
                raise FormatError(ann, f"text-bound annotation {ident} has no surface text", line=lineno)
            label, _, where = head.partition(" ")
            try:
                frags = [tuple(int(x) for x in frag.split()) for frag in where.split(";")]
                if any(len(f) != 2 for f in frags):
                    raise ValueError
            except ValueError:
                raise FormatError(ann, f"{ident}: offsets {where!r} are not 'start end' pairs", line=lineno) from None
            for s, e in frags:
                check_surface(ann, doc_id, ident, text, s, e, None, line=lineno)
            stored = " ".join(text[s:e] for s, e in frags)
            if stored != surface:
                raise FormatError(ann, f"document {doc_id!r}, span {ident!r}: offsets {where} cover {stored!r} but "
                                       f"the file says {surface!r} (offsets counted differently?)", line=lineno)
            for (_, e1), (s2, _) in zip(frags, frags[1:]):
                if text[e1:s2].strip():
                    raise FormatError(ann, f"document {doc_id!r}, span {ident!r}: a discontinuous span "
                                           f"(fragments {where}) cannot be stored as one range", line=lineno)
            spans[ident] = {"id": ident, "start": frags[0][0], "end": frags[-1][1], "label": label,
                            "layer": layer_for(label, known=known), "annotator": annotator,
                            "source": "import", "attrs": {}}
        elif kind == "R":
            parts = rest.split("\t")[0].split()
            try:
                label = parts[0]
                args = dict(p.split(":", 1) for p in parts[1:])
                relations.append({"id": ident, "label": label, "head": args["Arg1"], "tail": args["Arg2"],
                                  "annotator": annotator})
            except (IndexError, KeyError, ValueError):
                raise FormatError(ann, f"relation {ident} is not 'LABEL Arg1:T1 Arg2:T2'", line=lineno) from None
        elif kind in ("A", "M"):
            parts = rest.split()
            if len(parts) < 2:
                raise FormatError(ann, f"attribute {ident} is not 'NAME T1 [VALUE]'", line=lineno)
            pending_attrs.append((lineno, parts[1], parts[0], parts[2] if len(parts) > 2 else True))
        elif kind == "#":
            head, _, note = rest.partition("\t")
            target = head.split()[1] if len(head.split()) > 1 else ""
            notes.append((lineno, target, note))
        elif kind in ("E", "N", "*"):
            continue  # events, normalisations and equivalences have no place in the model
        else:
            raise FormatError(ann, f"unknown annotation line {ident!r}", line=lineno)
    for lineno, target, name, value in pending_attrs:
        if target not in spans:
            raise FormatError(ann, f"attribute {name} points to unknown annotation {target!r}", line=lineno)
        spans[target]["attrs"][name] = value
    for lineno, target, note in notes:
        if target not in spans:
            continue  # a note on a relation or event
        try:
            data = json.loads(note)
        except ValueError:
            data = None
        if isinstance(data, dict):
            spans[target]["attrs"].update(data)
        else:
            spans[target]["attrs"]["note"] = note
    return {"id": doc_id, "text": text, "spans": list(spans.values()), "relations": relations,
            "meta": {"source": ann.with_suffix(".txt").name}}


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    """Documents of a brat folder (or of one ``.ann``/``.txt`` pair)."""
    p = Path(path)
    if p.is_file():
        folder, stems = p.parent, [p.stem]
    elif p.is_dir():
        folder = p
        stems = sorted(f.stem for f in p.glob("*.ann"))
        if not stems:
            raise FormatError(p, "no .ann files: not a brat collection")
    else:
        raise FormatError(p, "no such file or folder")
    known = read_conf_layers(folder)
    for stem in stems:
        ann, txt = folder / f"{stem}.ann", folder / f"{stem}.txt"
        if not txt.is_file():
            raise FormatError(ann, f"no text file {txt.name} next to it")
        if not ann.is_file():
            raise FormatError(txt, f"no annotation file {ann.name} next to it")
        text, _ = read_text(txt)
        data = _parse_ann(ann, text, stem, annotator, known)
        yield build_document(ann, data)
