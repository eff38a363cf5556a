"""What an import was asked to do beyond reading (the ``import`` options a
reader may honour) and what a reader could not represent.

The reader rule: whatever a reader cannot store as spans, relations,
``attrs`` or document ``meta`` it *reports* here, counted per kind, and the
command prints one warning line per kind on stderr and the counts in its
summary. Nothing is dropped without a word.

The options and the report live in a context variable, so readers keep
their ``read(path, annotator)`` signature and a reader called outside an
import (a test, the GUI) gets the defaults and a report nobody prints.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class ImportOptions:
    """``import`` options that change how a reader reads."""

    offsets: str = "default"  # "graphemes": doccano's grapheme-cluster mode
    fragments: bool = True  # False: --no-fragments (brat discontinuous spans refused)
    typesystem: str | None = None  # --typesystem for XMI
    columns: str | None = None  # --columns for CoNLL, e.g. "token=0,tags=3" or "0,3-5"
    layers: dict[str, str] = field(default_factory=dict)  # label -> layer in the project's scheme (one layer only)
    label_map: str | None = None  # --label-map for CheckThat!, e.g. "CHECKWORTHY=Yes,NOT_CHECKWORTHY=No"
    notices: Notices = field(default_factory=lambda: Notices())


@dataclass
class Notices:
    """Counts of what was not imported (or imported with a doubt), per (format, kind), with the reason."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, fmt: str, kind: str, reason: str, n: int = 1) -> None:
        key = (fmt, kind)
        self.counts[key] = self.counts.get(key, 0) + n
        self.reasons[key] = reason

    def lines(self) -> list[str]:
        """One line per kind: ``brat: 4 discontinuous spans not imported: ...``
        (the reason says what happened: "not imported: ...", "kept: ...")."""
        return [f"{fmt}: {n} {kind} {self.reasons[(fmt, kind)]}" for (fmt, kind), n in self.counts.items()]

    def summary(self) -> str:
        return ", ".join(f"{n} {kind} ({fmt})" for (fmt, kind), n in self.counts.items())


_CURRENT: contextvars.ContextVar[ImportOptions | None] = contextvars.ContextVar("import_options", default=None)


def current() -> ImportOptions:
    opts = _CURRENT.get()
    return opts if opts is not None else ImportOptions()


def note(fmt: str, kind: str, reason: str, n: int = 1) -> None:
    """Report ``n`` things of ``kind`` a ``fmt`` reader did not import (or
    imported with a doubt); ``reason`` starts with what happened to them,
    ``not imported: ...``."""
    opts = _CURRENT.get()
    if opts is not None:
        opts.notices.add(fmt, kind, reason, n)


@contextlib.contextmanager
def importing(options: ImportOptions) -> Iterator[ImportOptions]:
    token = _CURRENT.set(options)
    try:
        yield options
    finally:
        _CURRENT.reset(token)
