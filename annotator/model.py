"""The data model every layer speaks: documents, spans, relations, labels, schemes.

Offsets are Unicode code points (Python ``str`` indices) into the document
text exactly as imported, ``end`` exclusive, so ``text[start:end]`` is always
a span's surface. Formats that count otherwise convert at their own edge.

Validation here is what the contract promises: a span outside its text,
``start >= end``, an unknown layer or a label missing from the scheme is
refused with a message naming the document and the span.
"""

from __future__ import annotations

import json
import re
import secrets
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Protocol, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from annotator.errors import ModelError
from annotator.shapes import PlacedSpan as PlacedSpan
from annotator.vocabulary import CERTAINTIES as CERTAINTIES
from annotator.vocabulary import DOC_STATUSES as DOC_STATUSES
from annotator.vocabulary import LAYERS as LAYERS
from annotator.vocabulary import LOCAL_ENGINES as LOCAL_ENGINES
from annotator.vocabulary import NUMBER_KINDS as NUMBER_KINDS
from annotator.vocabulary import SPAN_LAYERS as SPAN_LAYERS
from annotator.vocabulary import SPAN_SOURCES as SPAN_SOURCES
from annotator.vocabulary import SPAN_STATUSES as SPAN_STATUSES
from annotator.vocabulary import UNIT_LAYERS as UNIT_LAYERS
from annotator.vocabulary import DocStatus as DocStatus
from annotator.vocabulary import SpanStatus as SpanStatus

# Layers, statuses, sources, number kinds and certainties are written once in
# annotator.vocabulary (which the command line reads without pydantic) and
# re-exported here, where the rest of the code imports them from.

# The claim-layer label of a claimant that is not an entity (a report, an
# estimate, an unnamed collective): SOURCE may point at it as at an entity.
CLAIMANT = "CLAIMANT"
GOLD = "gold"


# 64 random bits: a book's prelabel makes over a million ids in one document,
# where 40 bits gave even odds of two alike (and the run refused)
_ID_BYTES = 8


def new_id(prefix: str = "s") -> str:
    """A short random id; random rather than sequential so that projects
    annotated on two laptops can be merged without id clashes."""
    return prefix + secrets.token_hex(_ID_BYTES)


def new_ids(n: int, prefix: str = "s") -> list[str]:
    """``n`` ids of :func:`new_id`'s form for one command's many new spans
    (a book's prelabel makes a million): consecutive numbers from a random
    start. As unlikely to meet another laptop's ids as random ones, and
    inserted side by side in the ``(doc_id, id)`` index, where a million
    random ids rewrote most of its pages in every transaction (the WAL
    writes of a 20 MB document's prelabel were 30 s of system time)."""
    width = 2 * _ID_BYTES
    first = secrets.randbits(8 * _ID_BYTES) % ((1 << 8 * _ID_BYTES) - n) if n else 0
    return [f"{prefix}{k:0{width}x}" for k in range(first, first + n)]


def _known_layer(v: str) -> str:
    if v not in LAYERS:
        raise ValueError(f"unknown layer {v!r} (expected one of {', '.join(LAYERS)})")
    return v


LayerName = Annotated[str, AfterValidator(_known_layer)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    @classmethod
    def from_trusted(cls, values: dict[str, Any]) -> Self:
        """``cls.model_construct(**values)`` for values that hold every
        field and are already valid (rows the store wrote after validating
        them): the same object, without model_construct's walk over the
        fields for defaults and aliases. ``values`` becomes the model's
        ``__dict__``; a test checks the result equals model_construct's."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", set(values))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


class Label(_Model):
    name: str = Field(min_length=1)
    layer: LayerName
    color: str = "#cccccc"
    hotkey: str | None = None
    description: str = ""


class RelationLabel(_Model):
    name: str = Field(min_length=1)
    description: str = ""


class Scheme(_Model):
    """The labels of a project: which names exist on which layer, their
    colours and hotkeys. It is data, kept in the project and editable."""

    labels: list[Label]
    relations: list[RelationLabel] = Field(
        default_factory=lambda: [
            RelationLabel(name="SOURCE", description="claim -> the entity who made it"),
            RelationLabel(name="MENTIONS", description="claim -> a number or entity inside it"),
        ]
    )

    @model_validator(mode="after")
    def _unique(self) -> Scheme:
        seen: set[tuple[str, str]] = set()
        keys: dict[str, str] = {}
        for lab in self.labels:
            if (lab.layer, lab.name) in seen:
                raise ValueError(f"label {lab.name!r} appears twice on layer {lab.layer!r}")
            seen.add((lab.layer, lab.name))
            if lab.hotkey:
                if lab.hotkey in keys:
                    raise ValueError(f"hotkey {lab.hotkey!r} is used by both {keys[lab.hotkey]!r} and {lab.name!r}")
                keys[lab.hotkey] = lab.name
        relations: set[str] = set()
        for rel in self.relations:
            if rel.name in relations:
                raise ValueError(f"relation label {rel.name!r} appears twice")
            relations.add(rel.name)
        return self

    @classmethod
    def default(cls) -> Scheme:
        from annotator.resources import resource_path

        return cls.model_validate_json(resource_path("default_scheme.json").read_text(encoding="utf-8"))

    @classmethod
    def from_file(cls, path: str | Path) -> Scheme:
        """Read a scheme from JSON (``{"labels": [...]}`` or a bare list) or TOML
        (``[[labels]]`` tables)."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise ModelError(f"{p}: cannot read label file ({exc.strerror})") from None
        try:
            if p.suffix.lower() == ".toml":
                data: Any = tomllib.loads(raw.decode("utf-8-sig"))
            else:
                data = json.loads(raw.decode("utf-8-sig"))
        except RecursionError:
            raise ModelError(f"{p}: the label file is nested too deeply to read") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ModelError(f"{p}: not a valid label file ({exc})") from None
        if isinstance(data, list):
            data = {"labels": data}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ModelError(f"{p}: {_first_error(exc)}") from None

    def labels_for(self, layer: str) -> list[Label]:
        return [lab for lab in self.labels if lab.layer == layer]

    def get(self, layer: str, name: str) -> Label | None:
        for lab in self.labels:
            if lab.layer == layer and lab.name == name:
                return lab
        return None

    def relation_names(self) -> list[str]:
        return [r.name for r in self.relations]


class Span(_Model):
    id: str = Field(default_factory=new_id, min_length=1)
    start: int
    end: int
    label: str = Field(min_length=1)
    layer: LayerName
    annotator: str = Field(min_length=1)
    status: SpanStatus = "accepted"
    source: str = "manual"
    attrs: dict[str, Any] = Field(default_factory=dict)

    @field_validator("source")
    @classmethod
    def _known_source(cls, v: str) -> str:
        if v not in SPAN_SOURCES:
            raise ValueError(f"unknown source {v!r} (expected one of {', '.join(SPAN_SOURCES)})")
        return v

    @model_validator(mode="after")
    def _check(self) -> Span:
        if self.start < 0:
            raise ValueError(f"start {self.start} is negative")
        if self.start >= self.end:
            raise ValueError(f"start {self.start} is not before end {self.end}")
        if self.layer == "number":
            value = self.attrs.get("value")
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise ValueError(f"number value {value!r} is not a number")
            kind = self.attrs.get("kind")
            if kind is not None and kind not in NUMBER_KINDS:
                raise ValueError(f"number kind {kind!r} is not one of {', '.join(NUMBER_KINDS)}")
        if self.layer == "claim":
            cert = self.attrs.get("certainty")
            if cert is not None and cert not in CERTAINTIES:
                raise ValueError(f"certainty {cert!r} is not one of {', '.join(CERTAINTIES)}")
        return self

    def surface(self, text: str) -> str:
        return text[self.start : self.end]

    @property
    def key(self) -> tuple[str, str, int, int]:
        """What makes a span a duplicate of another: one annotator, one layer,
        one range (a range carries one label per layer and annotator)."""
        return (self.annotator, self.layer, self.start, self.end)


class Relation(_Model):
    id: str = Field(default_factory=lambda: new_id("r"), min_length=1)
    head: str = Field(min_length=1)
    tail: str = Field(min_length=1)
    label: str = Field(min_length=1)
    annotator: str = Field(min_length=1)
    attrs: dict[str, Any] = Field(default_factory=dict)


class Comment(_Model):
    id: str = Field(default_factory=lambda: new_id("c"), min_length=1)
    span: str | None = None  # None: a comment on the whole document
    author: str = Field(min_length=1)
    text: str
    created: str = ""


class Document(_Model):
    id: str = Field(min_length=1)
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    status: DocStatus = "new"
    spans: list[Span] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Document:
        _check_parts(self.text, self.spans, self.relations, self.comments)
        return self

    def check_scheme(self, scheme: Scheme) -> None:
        """Refuse labels the scheme does not have, naming document and span."""
        for sp in self.spans:
            if scheme.get(sp.layer, sp.label) is None:
                raise ModelError(
                    f"document {self.id!r}, span {sp.id!r}: label {sp.label!r} is not in the "
                    f"scheme's {sp.layer} layer ({', '.join(lab.name for lab in scheme.labels_for(sp.layer))})"
                )
        names = set(scheme.relation_names())
        for rel in self.relations:
            if rel.label not in names:
                raise ModelError(
                    f"document {self.id!r}, relation {rel.id!r}: label {rel.label!r} is not a relation "
                    f"label of the scheme ({', '.join(sorted(names))})"
                )


def _check_parts(
    text: str, spans: Sequence[_SpanLike], relations: Sequence[Relation], comments: Sequence[Comment]
) -> None:
    """What makes a document whole beyond its fields' types, in the order the
    problems are reported: no NUL in the text, each span inside it and
    unique (id, and annotator, layer and range), each relation's ends and
    each comment's span among the spans. Raises ValueError."""
    n = len(text)
    nul = text.find("\x00")
    if nul != -1:
        # never meaningful in text, and SQLite's length()/substr() stop at it
        raise ValueError(f"the text has a NUL character at offset {nul}; it is not text")
    ids: set[str] = set()
    keys: set[tuple[object, ...]] = set()
    for sp in spans:
        if sp.end > n:
            raise ValueError(f"span {sp.id!r} [{sp.start}:{sp.end}] is outside the text ({n} characters)")
        problem = unit_span_problem(sp, n)
        if problem:
            raise ValueError(f"span {sp.id!r}: {problem}")
        if sp.id in ids:
            raise ValueError(f"span id {sp.id!r} appears twice")
        ids.add(sp.id)
        key = (sp.annotator, sp.layer, sp.start, sp.end)  # Span.key
        if key in keys:
            raise ValueError(
                f"span {sp.id!r} duplicates another {sp.layer} span of {sp.annotator!r} at [{sp.start}:{sp.end}]"
            )
        keys.add(key)
    rel_ids: set[str] = set()
    for rel in relations:
        for end in (rel.head, rel.tail):
            if end not in ids:
                raise ValueError(f"relation {rel.id!r} points to unknown span {end!r}")
        if rel.id in rel_ids:
            raise ValueError(f"relation id {rel.id!r} appears twice")
        rel_ids.add(rel.id)
    for com in comments:
        if com.span is not None and com.span not in ids:
            raise ValueError(f"comment {com.id!r} is on unknown span {com.span!r}")


def unit_span_problem(span: PlacedSpan, length: int) -> str | None:
    """Why a span cannot stand where it is on its layer (None if it can): a
    document label covers the whole text, ``[0:length]``."""
    if span.layer == "document" and (span.start, span.end) != (0, length):
        return f"a document label covers the whole text [0:{length}], not [{span.start}:{span.end}]"
    return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ()))
    msg = err.get("msg", "invalid")
    msg = msg.removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def parse_document(data: Any, scheme: Scheme | None = None) -> Document:
    """Build a Document from plain data, raising :class:`ModelError` whose
    message names the document and, for a bad span, the span."""
    if not isinstance(data, dict):
        raise ModelError(f"a document must be a JSON object, not {type(data).__name__}")
    doc_id = data.get("id", "?")
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err.get("loc", ())
        where = f"document {doc_id!r}"
        if len(loc) >= 2 and loc[0] in ("spans", "relations", "comments") and isinstance(loc[1], int):
            msg = err.get("msg", "invalid").removeprefix("Value error, ")
            items = data.get(loc[0]) or []
            item = items[loc[1]] if loc[1] < len(items) else {}
            item_id = item.get("id", f"#{loc[1] + 1}") if isinstance(item, dict) else f"#{loc[1] + 1}"
            where += f", {loc[0][:-1]} {item_id!r}"
            field = ".".join(str(p) for p in loc[2:])
            if field:
                msg = f"{field}: {msg}"
        else:
            msg = _first_error(exc)
        raise ModelError(f"{where}: {msg}") from None
    if scheme is not None:
        doc.check_scheme(scheme)
    return doc


@dataclass(slots=True)
class SpanRow:
    """A span the model or the store has checked, as a plain slotted row with a
    span's fields and its ``surface``/``key``: what a large import holds
    instead of a :class:`Span` (an eighth of its memory), and what an
    export reads (no pydantic model per span). An import's rows of one
    document share equal strings and attributes, so ``attrs`` is read,
    never changed."""

    id: str
    start: int
    end: int
    label: str
    layer: str
    annotator: str
    status: str
    source: str
    attrs: dict[str, Any]

    def surface(self, text: str) -> str:
        return text[self.start : self.end]

    @property
    def key(self) -> tuple[str, str, int, int]:
        """As :attr:`Span.key`."""
        return (self.annotator, self.layer, self.start, self.end)


@dataclass(slots=True)
class CheckedDocument:
    """A document checked as :class:`Document` checks one, with its spans as
    :class:`SpanRow` rows (:func:`parse_checked`)."""

    id: str
    text: str
    meta: dict[str, Any]
    status: str
    spans: list[SpanRow]
    relations: list[Relation]
    comments: list[Comment]


_PARTS = ("spans", "relations", "comments")


def parse_checked(data: Any) -> CheckedDocument:
    """:func:`parse_document` for a document with many spans: the same
    documents are accepted, with the same values, and the same message
    refuses the others, but the spans are checked one at a time and kept as
    rows, so that a document with 200,000 spans never has 200,000 models
    alive at once. Anything refused is parsed again by
    :func:`parse_document`, which words the error (and ``data`` is left
    as it came)."""
    if isinstance(data, dict):
        checked = _checked(data)
        if checked is not None:
            return checked
    doc = parse_document(data)  # raises: the reference finds and words what is wrong
    return CheckedDocument(
        doc.id,
        doc.text,
        doc.meta,
        doc.status,
        [SpanRow(**s.__dict__) for s in doc.spans],
        doc.relations,
        doc.comments,
    )


def _checked(data: dict[str, Any]) -> CheckedDocument | None:
    """The document, checked field by field and span by span in the order
    :class:`Document` checks them, or None at the first problem."""
    parts = [data.get(key, []) for key in _PARTS]
    if any(type(part) is not list for part in parts):
        return None
    spans_in, relations_in, comments_in = parts
    try:
        # the document's own fields (its NUL check runs with no spans yet)
        head = Document.model_validate({k: v for k, v in data.items() if k not in _PARTS})
        shared: dict[Any, Any] = {}  # equal strings and attributes, one object each
        spans: list[SpanRow] = []
        for item in spans_in:
            row = _plain_span(item, shared)
            if row is None:  # anything out of the ordinary: the model decides
                sp = Span.model_validate(item).__dict__
                row = SpanRow(
                    sp["id"],
                    sp["start"],
                    sp["end"],
                    shared.setdefault(sp["label"], sp["label"]),
                    shared.setdefault(sp["layer"], sp["layer"]),
                    shared.setdefault(sp["annotator"], sp["annotator"]),
                    shared.setdefault(sp["status"], sp["status"]),
                    shared.setdefault(sp["source"], sp["source"]),
                    _shared_attrs(shared, sp["attrs"]),
                )
            spans.append(row)
        relations = [Relation.model_validate(r) for r in relations_in]
        comments = [Comment.model_validate(c) for c in comments_in]
        _check_parts(head.text, spans, relations, comments)
    except (ValidationError, ValueError):
        return None
    return CheckedDocument(head.id, head.text, head.meta, head.status, spans, relations, comments)


_SPAN_FIELDS = frozenset(("id", "start", "end", "label", "layer", "annotator", "status", "source", "attrs"))
# a known value -> itself: a look-up checks a value and shares one string for it
_LAYER_OF = {v: v for v in LAYERS}
_STATUS_OF = {v: v for v in SPAN_STATUSES}
_SOURCE_OF = {v: v for v in SPAN_SOURCES}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any) -> bool:
    """A non-empty str the model takes as it is (it refuses a lone surrogate)."""
    return type(value) is str and value != "" and (value.isascii() or not _SURROGATE.search(value))


def _plain_span(item: Any, shared: dict[Any, Any]) -> SpanRow | None:
    """The row of a span whose every value in ``item`` is of exactly the
    type its field takes and passes :class:`Span`'s checks (what a
    well-formed file holds), so that the model would accept it unchanged;
    None for anything else, which the model then decides on. Tested
    against the model on generated spans."""
    if type(item) is not dict or not item.keys() <= _SPAN_FIELDS:
        return None
    get: Callable[..., Any] = item.get
    start, end, label, annotator = get("start"), get("end"), get("label"), get("annotator")
    if (
        type(start) is not int
        or type(end) is not int
        or not 0 <= start < end
        or not _text(label)
        or not _text(annotator)
    ):
        return None
    # str first: a look-up of a list would raise
    layer, status, source = get("layer"), get("status", "accepted"), get("source", "manual")
    layer = _LAYER_OF.get(layer) if type(layer) is str else None
    status = _STATUS_OF.get(status) if type(status) is str else None
    source = _SOURCE_OF.get(source) if type(source) is str else None
    attrs = get("attrs", {})
    if layer is None or status is None or source is None or type(attrs) is not dict:
        return None
    if attrs:
        if not all(map(_text, attrs)):
            return None
        if layer == "number":
            value, kind = attrs.get("value"), attrs.get("kind")
            if value is not None and type(value) is not int and type(value) is not float:
                return None
            if kind is not None and (type(kind) is not str or kind not in NUMBER_KINDS):
                return None
        elif layer == "claim":
            certainty = attrs.get("certainty")
            if certainty is not None and (type(certainty) is not str or certainty not in CERTAINTIES):
                return None
    if "id" in item:
        span_id = item["id"]
        if not _text(span_id):
            return None
    else:
        span_id = new_id()
    return SpanRow(
        span_id,
        start,
        end,
        shared.setdefault(label, label),
        layer,
        shared.setdefault(annotator, annotator),
        status,
        source,
        _shared_attrs(shared, attrs),
    )


def _shared_attrs(shared: dict[Any, Any], attrs: dict[str, Any]) -> dict[str, Any]:
    """One dict for equal attributes of plain values (a number's value and
    kind, a claim's certainty repeat); others are kept as they are."""
    if not attrs:
        found: dict[str, Any] = shared.setdefault(("attrs",), attrs)
        return found
    try:
        # the type too (1, 1.0 and True are equal keys), and a float's exact form (0.0 == -0.0)
        key = ("attrs", *[(k, type(v), v.hex() if type(v) is float else v) for k, v in attrs.items()])
        found = shared.setdefault(key, attrs)
    except TypeError:  # a list or dict inside: not hashable
        return attrs
    return found


class _SpanLike(PlacedSpan, Protocol):
    @property
    def id(self) -> str: ...


_P = TypeVar("_P", bound=PlacedSpan)


def spans_sorted(spans: Iterable[_P]) -> list[_P]:
    """Spans (models or export rows) in document order: start, longest first, then layer, label, annotator."""
    return sorted(spans, key=lambda s: (s.start, -s.end, s.layer, s.label, s.annotator))
