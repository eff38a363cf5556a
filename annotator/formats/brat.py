"""brat standoff: a folder with ``<id>.txt`` + ``<id>.ann`` per document and
an ``annotation.conf`` (plus ``visual.conf`` with the scheme's colours).

brat counts offsets in characters (code points) of the ``.txt`` file as its
Python server reads it, without newline translation; so the ``.txt`` is
written byte for byte (CRLF stays CRLF) and offsets need no conversion.

Every kind of line of the brat standoff format is kept, in both directions:

* ``T`` (text-bound) -> spans. Fragments separated only by white space
  (what brat makes of a selection across a line break) are one span.
  A discontinuous span (``T2 Label 5 7;9 10``) becomes one span per
  fragment, the first keeping the id, the others linked to it by
  ``FRAGMENT`` relations, and is written back as ``5 7;9 10``; with
  ``import --no-fragments`` it is refused and reported instead;
* ``E`` (events) -> the trigger span plus one relation per argument,
  labelled with the role (``Org1``), marked ``attrs.brat_event``; the
  trigger span's ``attrs.brat_events`` holds each event id with its own
  attributes and notes, so events come back out as ``E`` lines;
* ``*`` (equivalences) -> ``EQUIV`` relations from the first member to the
  others (``attrs.brat_type`` keeps brat's type, ``Equiv``);
* ``A``/``M`` (attributes) -> ``attrs`` of the span, relation or event
  they name, written back as ``A`` lines; ``N`` (normalizations) ->
  ``attrs.normalizations`` (``[{"type", "ref", "text"}]``), written back
  as ``N`` lines; ``#`` (notes) -> ``attrs.note`` as written (a list when
  there are several), written back as plain ``#`` lines;
* our own attributes: ``attrs.kind`` and ``attrs.certainty`` -> ``A`` lines
  declared in ``annotation.conf``; the others that a brat attribute cannot
  hold (a number's ``value``, a claim's ``claimant``, anything with
  spaces) -> an ``AnnotatorNotes`` line holding them as JSON, read back
  into ``attrs``;
* layers -> a type hierarchy in ``annotation.conf`` (``!entity`` above
  ``PERSON`` ...), read back to put each label on its layer.

Document ids become file names through :func:`safe_filename`; an id that
had to be changed comes back as the file name. brat has no annotator or
status: imported spans get the ``--annotator`` name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from annotator.errors import FormatError
from annotator.formats import ExportedDocument, jsontext, notices
from annotator.formats.encoding import read_text
from annotator.formats.paths import safe_filename
from annotator.formats.reading import build_document, check_surface, layer_for
from annotator.model import CERTAINTIES, LAYERS, NUMBER_KINDS, Document, Scheme

SPLIT_SUFFIX = ""  # a folder per split
READS_LINKS = True
ENUM_ATTRS = {"kind": ("number", NUMBER_KINDS), "certainty": ("claim", CERTAINTIES)}
FRAGMENT = "FRAGMENT"
EQUIV = "EQUIV"
# attrs with a brat line of their own (or bookkeeping of events), never an A line or the JSON note
STRUCTURAL = {"note", "normalizations", "brat_events", "brat_event", "brat_type", "brat_arg"}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_BRAT_VALUE = re.compile(r"^\S+$")


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


def annotation_conf(scheme: Scheme, seen: _Seen | None = None) -> str:
    lines = ["[entities]"]
    for layer in LAYERS:
        labels = [lab for lab in scheme.labels_for(layer) if not seen or lab.name not in seen.events]
        if not labels:
            continue
        lines.append(f"!{layer}")
        lines += [f"\t{lab.name}" for lab in labels]
    lines.append("")
    lines.append("[relations]")
    for rel in scheme.relations:
        lines.append(f"{rel.name}\tArg1:<ANY>, Arg2:<ANY>")
    lines.append("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>")
    lines += ["", "[events]"]
    for etype, roles in sorted(seen.events.items()) if seen else ():
        lines.append(f"{etype}\t" + ", ".join(f"{r}*:<ENTITY>" for r in sorted(roles)) if roles else etype)
    lines += ["", "[attributes]"]
    for attr, (layer, values) in ENUM_ATTRS.items():
        args = "|".join(lab.name for lab in scheme.labels_for(layer))
        if args:
            lines.append(f"{attr}\tArg:{args}, Value:{'|'.join(values)}")
    for attr, seen_values in sorted(seen.attributes.items()) if seen else ():
        named = sorted(v for v in seen_values if isinstance(v, str))
        lines.append(f"{attr}\tArg:<ANY>" + (f", Value:{'|'.join(named)}" if named else ""))
    return "\n".join(lines) + "\n"


def visual_conf(scheme: Scheme) -> str:
    lines = ["[labels]"] + [f"{lab.name} | {lab.name}" for lab in scheme.labels]
    lines += ["", "[drawing]"] + [f"{lab.name}\tbgColor:{lab.color}" for lab in scheme.labels]
    return "\n".join(lines) + "\n"


class _Seen:
    """What the documents written used, for ``annotation.conf``: attribute
    names with their values, and event types with their roles."""

    def __init__(self) -> None:
        self.attributes: dict[str, set[Any]] = {}  # values: names, or True for a flag
        self.events: dict[str, set[str]] = {}


def _attr_lines(
    target: str, attrs: dict[str, Any], layer: str | None, out: list[str], count: dict[str, int], seen: _Seen
) -> None:
    """``A``, ``N`` and ``#`` lines for the attributes of one annotation."""
    rest: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in STRUCTURAL or value is None:
            continue
        if key in ENUM_ATTRS and ENUM_ATTRS[key][0] == layer and isinstance(value, str):
            count["A"] += 1
            out.append(f"A{count['A']}\t{key} {target} {value}")
        elif key not in ("value", "claimant") and (
            value is True or (isinstance(value, str) and _BRAT_VALUE.match(value))
        ):
            count["A"] += 1
            out.append(f"A{count['A']}\t{key} {target}" + ("" if value is True else f" {value}"))
            seen.attributes.setdefault(key, set()).add(value)
        else:
            rest[key] = value
    for norm in attrs.get("normalizations") or []:
        if isinstance(norm, dict):
            count["N"] += 1
            out.append(
                f"N{count['N']}\t{norm.get('type', 'Reference')} {target} {norm.get('ref', '')}\t"
                f"{_one_line(str(norm.get('text', '')))}"
            )
    notes = attrs.get("note")
    for note in notes if isinstance(notes, list) else [notes] if notes is not None else []:
        count["#"] += 1
        out.append(f"#{count['#']}\tAnnotatorNotes {target}\t{_one_line(str(note))}")
    if rest:
        count["#"] += 1
        out.append(f"#{count['#']}\tAnnotatorNotes {target}\t{json.dumps(rest, ensure_ascii=False)}")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def document_ann(doc: ExportedDocument, seen: _Seen | None = None) -> str:
    seen = seen if seen is not None else _Seen()
    out: list[str] = []
    count = {"A": 0, "N": 0, "#": 0}
    spans = {sp.id: sp for sp in doc.spans}
    parts: dict[str, list[str]] = {}  # span id -> ids of the spans holding its other fragments
    part_of: dict[str, str] = {}
    for rel in doc.relations:
        if (
            rel.label == FRAGMENT
            and rel.head in spans
            and rel.tail in spans
            and rel.tail not in part_of
            and rel.head not in part_of
            and rel.tail not in parts
        ):
            parts.setdefault(rel.head, []).append(rel.tail)
            part_of[rel.tail] = rel.head
    tid: dict[str, str] = {}
    n = 0
    for sp in doc.spans:
        if sp.id in part_of:
            continue
        n += 1
        tid[sp.id] = t = f"T{n}"
        frags = sorted(
            f
            for member in [sp] + [spans[x] for x in parts.get(sp.id, [])]
            for f in (_fragments(doc.text, member.start, member.end) or [(member.start, member.end)])
        )
        where = ";".join(f"{s} {e}" for s, e in frags)
        surface = " ".join(doc.text[s:e] for s, e in frags)
        out.append(f"{t}\t{sp.label} {where}\t{surface}")
        _attr_lines(t, sp.attrs, sp.layer, out, count, seen)
    for tail, head in part_of.items():
        tid[tail] = tid[head]
    # events: ids first, since an argument may be another event
    eid: dict[object, str] = {}  # looked up with whatever an attribute holds: a miss gives the default
    events: list[tuple[str, Any, dict[str, Any]]] = []
    for sp in doc.spans:
        for old, ev in (sp.attrs.get("brat_events") or {}).items():
            if sp.id in tid and isinstance(ev, dict):
                eid[old] = f"E{len(eid) + 1}"
                events.append((old, sp, ev))
    args: dict[str, list[Any]] = {}
    equiv: dict[tuple[str, str], list[str]] = {}
    rels = []
    for rel in doc.relations:
        if rel.head not in tid or rel.tail not in tid or rel.tail in part_of and rel.label == FRAGMENT:
            continue
        if rel.attrs.get("brat_event") in eid:
            args.setdefault(rel.attrs["brat_event"], []).append(rel)
        elif rel.label == EQUIV:
            equiv.setdefault((rel.head, str(rel.attrs.get("brat_type", "Equiv"))), []).append(tid[rel.tail])
        else:
            rels.append(rel)
    for old, sp, ev in events:
        etype = ev.get("type", sp.label)
        line = f"{eid[old]}\t{etype}:{tid[sp.id]}"
        roles = seen.events.setdefault(etype, set())
        for rel in args.get(old, []):
            arg = rel.attrs.get("brat_arg")
            line += f" {rel.label}:{eid.get(arg, tid[rel.tail])}"
            roles.add(rel.label.rstrip("0123456789") or rel.label)
        out.append(line)
        _attr_lines(eid[old], {k: v for k, v in ev.items() if k != "type"}, None, out, count, seen)
    for i, rel in enumerate(rels, start=1):
        raw = rel.attrs.get("brat_arg")
        refs: dict[str, Any] = raw if isinstance(raw, dict) else {}
        a1 = eid.get(refs.get("Arg1"), tid[rel.head])
        a2 = eid.get(refs.get("Arg2"), tid[rel.tail])
        out.append(f"R{i}\t{rel.label} Arg1:{a1} Arg2:{a2}\t")
        _attr_lines(f"R{i}", rel.attrs, None, out, count, seen)
    for (head, etype), tails in equiv.items():
        out.append(f"*\t{etype} {tid[head]} {' '.join(dict.fromkeys(tails))}")
    return "".join(line + "\n" for line in out)


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    """Write a brat collection into the folder ``path``."""
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    scheme = getattr(options, "scheme", None) or Scheme.default()
    seen = _Seen()
    n = 0
    for doc in documents:
        name = safe_filename(doc.id)
        (out / f"{name}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (out / f"{name}.ann").write_text(document_ann(doc, seen), encoding="utf-8", newline="")
        n += 1
    (out / "annotation.conf").write_text(annotation_conf(scheme, seen), encoding="utf-8", newline="")
    (out / "visual.conf").write_text(visual_conf(scheme), encoding="utf-8", newline="")
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
    fragments = notices.current().fragments
    spans: dict[str, dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    refused: set[str] = set()  # discontinuous spans refused with --no-fragments
    events: dict[str, tuple[int, str, str, list[tuple[str, str]]]] = {}
    raw_rels: list[tuple[int, str, str, str, str]] = []
    equivs: list[tuple[int, str, list[str]]] = []
    targeted: list[tuple[int, str, str, str, Any]] = []  # (line, kind, target, name, value)
    first_seen: dict[str, int] = {}
    for lineno, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind != "*":  # equivalences all share the id '*'
            if ident in first_seen:
                raise FormatError(
                    ann, f"annotation id {ident} appears twice (first on line {first_seen[ident]})", line=lineno
                )
            first_seen[ident] = lineno
        if kind == "T":
            spec, sep, surface = rest.partition("\t")
            if not sep:
                raise FormatError(ann, f"text-bound annotation {ident} has no surface text", line=lineno)
            label, _, where = spec.partition(" ")
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
                raise FormatError(
                    ann,
                    f"document {doc_id!r}, span {ident!r}: offsets {where} cover {stored!r} but "
                    f"the file says {surface!r} (offsets counted differently?)",
                    line=lineno,
                )
            if ident in spans or ident in refused:
                raise FormatError(ann, f"annotation id {ident} appears twice", line=lineno)
            # fragments separated by white space only (a line break) are one span
            groups = [[frags[0]]]
            for (_, e1), (s2, e2) in zip(frags, frags[1:], strict=False):
                if text[e1:s2].strip() or s2 < e1:
                    groups.append([])
                groups[-1].append((s2, e2))
            layer = layer_for(label, known=known)
            if len(groups) > 1 and not fragments:
                refused.add(ident)
                notices.note(
                    "brat",
                    "discontinuous spans",
                    "not imported: --no-fragments was given (without it, one span per "
                    "fragment linked by FRAGMENT relations)",
                )
                continue
            for k, group in enumerate(groups):
                sid = ident if k == 0 else f"{ident}-f{k + 1}"
                spans[sid] = {
                    "id": sid,
                    "start": group[0][0],
                    "end": group[-1][1],
                    "label": label,
                    "layer": layer,
                    "annotator": annotator,
                    "source": "import",
                    "attrs": {},
                }
                if k:
                    relations.append(
                        {
                            "id": f"{ident}-fragment{k + 1}",
                            "label": FRAGMENT,
                            "head": ident,
                            "tail": sid,
                            "annotator": annotator,
                        }
                    )
        elif kind == "E":
            parts = rest.split("\t")[0].split()
            try:
                pairs = [tuple(p.split(":", 1)) for p in parts]
                if not pairs or any(len(p) != 2 or not all(p) for p in pairs):
                    raise ValueError
            except ValueError:
                raise FormatError(ann, f"event {ident} is not 'TYPE:T1 ROLE:T2 ...'", line=lineno) from None
            # every pair was checked to be (role, id) above
            events[ident] = (lineno, pairs[0][0], pairs[0][1], cast(list[tuple[str, str]], pairs[1:]))
        elif kind == "R":
            parts = rest.split("\t")[0].split()
            try:
                label = parts[0]
                args = dict(p.split(":", 1) for p in parts[1:])
                raw_rels.append((lineno, ident, label, args["Arg1"], args["Arg2"]))
            except (IndexError, KeyError, ValueError):
                raise FormatError(ann, f"relation {ident} is not 'LABEL Arg1:T1 Arg2:T2'", line=lineno) from None
        elif kind == "*":
            parts = rest.split("\t")[0].split()
            if len(parts) < 3:
                raise FormatError(ann, "equivalence is not 'TYPE T1 T2 ...'", line=lineno)
            equivs.append((lineno, parts[0], parts[1:]))
        elif kind in ("A", "M"):
            parts = rest.split()
            if len(parts) < 2:
                raise FormatError(ann, f"attribute {ident} is not 'NAME T1 [VALUE]'", line=lineno)
            targeted.append((lineno, "A", parts[1], parts[0], parts[2] if len(parts) > 2 else True))
        elif kind == "N":
            spec, _, norm_text = rest.partition("\t")
            parts = spec.split()
            if len(parts) < 3:
                raise FormatError(ann, f"normalization {ident} is not 'TYPE T1 DB:ID<TAB>text'", line=lineno)
            targeted.append(
                (lineno, "N", parts[1], parts[0], {"type": parts[0], "ref": " ".join(parts[2:]), "text": norm_text})
            )
        elif kind == "#":
            spec, _, note = rest.partition("\t")
            parts = spec.split()
            if len(parts) < 2:
                raise FormatError(ann, f"note {ident} is not 'AnnotatorNotes T1<TAB>text'", line=lineno)
            targeted.append((lineno, "#", parts[1], parts[0], note))
        else:
            raise FormatError(ann, f"unknown annotation line {ident!r}", line=lineno)

    def resolve(ref: str, lineno: int, what: str) -> str | None:
        """The span id an annotation id stands for (an event: its trigger);
        None for a span refused with --no-fragments."""
        if ref in spans:
            return ref
        if ref in events and events[ref][2] in spans:
            return events[ref][2]
        if ref in refused or ref in events and events[ref][2] in refused:
            notices.note("brat", "annotations on refused discontinuous spans", "not imported: their span was refused")
            return None
        raise FormatError(ann, f"{what} points to unknown annotation {ref!r}", line=lineno)

    event_attrs: dict[str, dict[str, Any]] = {}
    for ident, (lineno, etype, trigger, ev_args) in events.items():
        head = resolve(trigger, lineno, f"event {ident}")
        if head is None:
            continue
        ev: dict[str, Any] = {} if etype == spans[head]["label"] else {"type": etype}
        spans[head]["attrs"].setdefault("brat_events", {})[ident] = ev
        event_attrs[ident] = ev
        for k, (role, ref) in enumerate(ev_args, start=1):
            tail = resolve(ref, lineno, f"event {ident}")
            if tail is None:
                continue
            attrs: dict[str, Any] = {"brat_event": ident}
            if ref in events:
                attrs["brat_arg"] = ref
            relations.append(
                {
                    "id": f"{ident}-{k}",
                    "label": role,
                    "head": head,
                    "tail": tail,
                    "annotator": annotator,
                    "attrs": attrs,
                }
            )
    rel_by_id: dict[str, dict[str, Any]] = {}
    for lineno, ident, label, a1, a2 in raw_rels:
        head, tail = resolve(a1, lineno, f"relation {ident}"), resolve(a2, lineno, f"relation {ident}")
        if head is None or tail is None:
            continue
        attrs = {}
        event_refs = {k: v for k, v in (("Arg1", a1), ("Arg2", a2)) if v in events}
        if event_refs:
            attrs["brat_arg"] = event_refs
        rel = {"id": ident, "label": label, "head": head, "tail": tail, "annotator": annotator, "attrs": attrs}
        relations.append(rel)
        rel_by_id[ident] = rel
    for k, (lineno, etype, members) in enumerate(equivs, start=1):
        ids = [resolve(m, lineno, "equivalence") for m in members]
        ids = [i for i in ids if i is not None]
        for j, tail in enumerate(ids[1:], start=1):
            relations.append(
                {
                    "id": f"equiv{k}-{j}",
                    "label": EQUIV,
                    "head": ids[0],
                    "tail": tail,
                    "annotator": annotator,
                    "attrs": {} if etype == "Equiv" else {"brat_type": etype},
                }
            )
    for lineno, kind, target, name, value in targeted:
        if target in spans:
            attrs = spans[target]["attrs"]
        elif target in event_attrs:
            attrs = event_attrs[target]
        elif target in rel_by_id:
            attrs = rel_by_id[target]["attrs"]
        elif resolve(target, lineno, "attribute" if kind == "A" else "note") is None:
            continue
        else:  # an event whose trigger was refused is not in event_attrs
            continue
        if kind == "A":
            attrs[name] = value
        elif kind == "N":
            attrs.setdefault("normalizations", []).append(value)
        else:
            data = None
            if value.startswith("{"):
                try:  # a lone surrogate, a huge integer or deep nesting: one line naming the file
                    data = jsontext.loads(value, ann, line=lineno)
                except ValueError:
                    data = None
            if isinstance(data, dict):  # the attributes our writer keeps in a note
                attrs.update(data)
            elif "note" in attrs:
                attrs["note"] = (attrs["note"] if isinstance(attrs["note"], list) else [attrs["note"]]) + [value]
            else:
                attrs["note"] = value
    return {
        "id": doc_id,
        "text": text,
        "spans": list(spans.values()),
        "relations": relations,
        "meta": {"source": ann.with_suffix(".txt").name},
    }


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
