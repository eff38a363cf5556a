"""Process settings for a large export: the cyclic garbage collector run
less often (:func:`fewer_collections`), and in a worker process freed
memory kept for reuse (:func:`keep_freed_memory`). Neither changes what is
written; the figures that justify them are in ``bench/RESULTS.md``."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def fewer_collections(threshold: int = 10_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often: an export allocates
    millions of short-lived tuples, lists and strings (none in cycles; each
    freed when its document is written), and at Python's default of one
    young-generation pass per 700 allocations the collector takes a
    noticeable share of a large export's time."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def keep_freed_memory() -> None:
    """In a worker (glibc only): keep freed memory for reuse instead of
    handing it back to the system. A worker allocates and frees the same
    large arrays for every batch; glibc's default returns them each time,
    and touching them again costs a page fault per page. The worker ends
    with the export, which returns everything."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 64 << 20)  # M_MMAP_THRESHOLD: large blocks from the heap, not from mmap
        libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD: keep up to 256 MB free at the heap top
    except (OSError, AttributeError):
        pass  # not glibc: nothing to tune
