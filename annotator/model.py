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
import secrets
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Protocol, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from annotator.errors import ModelError
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


def new_id(prefix: str = "s") -> str:
    """A short random id; random rather than sequential so that projects
    annotated on two laptops can be merged without id clashes."""
    return prefix + secrets.token_hex(5)


def new_ids(n: int, prefix: str = "s") -> list[str]:
    """``n`` ids of :func:`new_id`'s form from one read of the random
    source (a command making a million suggestions makes a million ids)."""
    hexes = secrets.token_hex(5 * n)
    return [prefix + hexes[i : i + 10] for i in range(0, 10 * n, 10)]


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
        n = len(self.text)
        nul = self.text.find("\x00")
        if nul != -1:
            # never meaningful in text, and SQLite's length()/substr() stop at it
            raise ValueError(f"the text has a NUL character at offset {nul}; it is not text")
        ids: set[str] = set()
        keys: set[tuple[object, ...]] = set()
        for sp in self.spans:
            if sp.end > n:
                raise ValueError(f"span {sp.id!r} [{sp.start}:{sp.end}] is outside the text ({n} characters)")
            problem = unit_span_problem(sp, n)
            if problem:
                raise ValueError(f"span {sp.id!r}: {problem}")
            if sp.id in ids:
                raise ValueError(f"span id {sp.id!r} appears twice")
            ids.add(sp.id)
            if sp.key in keys:
                raise ValueError(
                    f"span {sp.id!r} duplicates another {sp.layer} span of {sp.annotator!r} at [{sp.start}:{sp.end}]"
                )
            keys.add(sp.key)
        rel_ids: set[str] = set()
        for rel in self.relations:
            for end in (rel.head, rel.tail):
                if end not in ids:
                    raise ValueError(f"relation {rel.id!r} points to unknown span {end!r}")
            if rel.id in rel_ids:
                raise ValueError(f"relation id {rel.id!r} appears twice")
            rel_ids.add(rel.id)
        for com in self.comments:
            if com.span is not None and com.span not in ids:
                raise ValueError(f"comment {com.id!r} is on unknown span {com.span!r}")
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


def unit_span_problem(span: Span, length: int) -> str | None:
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


class _Placed(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def annotator(self) -> str: ...


_P = TypeVar("_P", bound=_Placed)


def spans_sorted(spans: Iterable[_P]) -> list[_P]:
    """Spans (models or export rows) in document order: start, longest first, then layer, label, annotator."""
    return sorted(spans, key=lambda s: (s.start, -s.end, s.layer, s.label, s.annotator))
