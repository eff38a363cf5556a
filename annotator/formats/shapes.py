"""The shapes of the peer formats' JSON, as pydantic models.

A reader checks each record against its model before it reads it, so a
value of the wrong type (a Label Studio ``value`` that is a string,
``labels`` that is a number, doccano ``"relations": 5``) is refused with one
line naming the file, the line or task, and the field, instead of a
``TypeError`` deep in the reader. The models say only what each field must
be *if present*: what the formats leave optional stays optional, and keys
they do not name are allowed (peers add their own). What the values mean
(offsets against the text, labels against the scheme) is the reader's job.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, ValidationError

from annotator.errors import FormatError

Id = StrictStr | StrictInt | None


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# ------------------------------------------------------------ Label Studio
class LSValue(_Open):
    start: Any = None  # an int for text; XPath strings for HTML tasks (the reader says which it takes)
    end: Any = None
    text: StrictStr | list[StrictStr] | None = None
    labels: list[StrictStr] | None = None
    hypertextlabels: list[StrictStr] | None = None
    choices: list[StrictStr | list[StrictStr]] | None = None


class LSResult(_Open):
    id: Id = None
    type: StrictStr | None = None
    from_name: StrictStr | None = None
    to_name: StrictStr | None = None
    value: LSValue | None = None
    # relations
    from_id: Id = None
    to_id: Id = None
    labels: list[StrictStr] | None = None


class LSAnnotation(_Open):
    result: list[LSResult] | None = None
    was_cancelled: StrictBool | None = None


class LSTask(_Open):
    data: dict[str, Any] | None = None
    annotations: list[LSAnnotation] | None = None
    completions: list[LSAnnotation] | None = None
    predictions: list[LSAnnotation] | None = None


class LSMinRegion(_Open):
    """A region of a JSON-MIN task (a flat list under each control's name)."""

    labels: list[StrictStr]


# ------------------------------------------------------------ doccano
class DoccanoRelation(_Open):
    id: Id = None
    from_id: Id = None
    to_id: Id = None
    type: StrictStr | None = None


class DoccanoLine(_Open):
    id: Id = None
    text: StrictStr
    label: list[Any] | None = None
    labels: list[Any] | None = None
    entities: list[Any] | None = None
    relations: list[DoccanoRelation] | None = None


def _field(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check(model: type[BaseModel], data: Any, path: Any, where: str = "", line: int | None = None) -> None:
    """Refuse ``data`` unless it has ``model``'s shape; the message names
    ``path``, ``line``, ``where`` (``task #3``) and the field."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = _field(tuple(p for p in err.get("loc", ()) if not (isinstance(p, str) and p.startswith("function-"))))
        got = err.get("input")
        shown = (
            type(got).__name__ if not isinstance(got, (str, int, float)) or isinstance(got, bool) else ascii(got)[:40]
        )
        prefix = f"{where}, " if where else ""
        raise FormatError(
            path, f"{prefix}{field or 'the record'}: {err.get('msg', 'invalid')} (got {shown})", line=line
        ) from None


def check_min_task(item: dict[str, Any], path: Any, where: str) -> None:
    """JSON-MIN: every region that names ``labels`` has them as strings."""
    for key, regions in item.items():
        if isinstance(regions, list):
            for j, region in enumerate(regions):
                if isinstance(region, dict) and "labels" in region:
                    check(LSMinRegion, region, path, f"{where}, {key}[{j}]")
