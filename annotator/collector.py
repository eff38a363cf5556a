"""Pausing Python's cycle collector around bounded work that allocates a lot.

With a large project or document in memory, each full collection walks every
object held (the rows of an import, the spans of the view's index), and it
lands in whichever piece of work crosses the allocation threshold. Work that
makes no cycles of its own runs with the collector paused; reference counting
still frees what it leaves.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused(collect_after: bool = False) -> Iterator[None]:
    """The collector off for the block and back as it was after it;
    ``collect_after``: one collection at the end frees whatever cycle did form
    (for long work; an edit leaves that to the next automatic collection)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect_after:
                gc.collect()
