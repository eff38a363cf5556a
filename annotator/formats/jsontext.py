"""Parsing JSON that came from outside, with one-line errors for what the
standard parser lets through or turns into a traceback.

* A lone surrogate (``"\\ud800"``: half of a UTF-16 pair) is valid JSON
  but not text: it cannot be stored, printed or written as UTF-8. It is
  refused, naming the field that holds it.
* An integer of more than 4,300 digits makes :func:`json.loads` raise a
  ``ValueError`` that suggests raising the interpreter's limit; no field of
  any format takes such a number, so it is refused as what it is.
* Nesting too deep for the parser is refused naming the file and line.

The checks cost nothing on ordinary input: the walk for surrogates runs
only when the raw text holds a ``\\ud8..``-``\\udf..`` escape.
"""

from __future__ import annotations

import json
import re
from typing import Any

from annotator.errors import FormatError

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_INT = re.compile(r"\d{4301,}")


def lone_surrogate_at(data: Any, where: str = "") -> str | None:
    """The field (``meta.k``, ``spans[0].label``) of the first string or key
    in ``data`` holding a lone surrogate, or None."""
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path or "the value"
        elif isinstance(value, dict):
            for key, item in value.items():
                sub = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and _SURROGATE.search(key):
                    return f"a key of {path or 'the object'} ({ascii(key)})"
                stack.append((sub, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
    return None


def refuse_surrogates(text: str, path: Any, what: str, line: int | None = None) -> None:
    """Refuse plain text (a brat note, a file's text) holding a lone surrogate."""
    m = _SURROGATE.search(text)
    if m:
        raise FormatError(
            path,
            f"{what} holds a lone surrogate ({ascii(m.group())}) at offset {m.start()}; "
            f"it is not text (half of a UTF-16 pair)",
            line=line,
        )


def loads(raw: str, path: Any, line: int | None = None) -> Any:
    """``json.loads(raw)``; raises :class:`FormatError` naming ``path`` and
    ``line`` for the cases above. A plain syntax error stays a
    :class:`json.JSONDecodeError`, which each reader words itself."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise FormatError(path, "JSON nested too deeply to read", line=line) from None
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise
        m = _LONG_INT.search(raw)
        where = f" at column {m.start() + 1}" if m else ""
        digits = len(m.group()) if m else "over 4,300"
        raise FormatError(
            path, f"a number of {digits} digits{where}; no field takes a number that long", line=line
        ) from None
    if _SURROGATE_ESCAPE.search(raw):
        field = lone_surrogate_at(data)
        if field is not None:
            raise FormatError(
                path,
                f"{field} holds a lone surrogate (a \\ud800-\\udfff escape without its pair); it is not text",
                line=line,
            )
    return data
