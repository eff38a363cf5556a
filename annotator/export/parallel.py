"""Parallel export of the token formats (``conll``, ``hf``) on machines with
more than one core.

The documents of each split, in their export order, are cut into
contiguous parts; worker processes (``fork`` on Linux, ``spawn`` elsewhere)
each open the project read-only themselves and write one part at a time to
a temporary file or folder in the output folder (the
:class:`~annotator.formats.PartWriter`'s ``write_part``); the parent takes
the parts back in order as they finish and merges them into the real
output (its ``merge_splits``), deleting each part once merged. The result is byte-identical to the single-process export: the
parts are cut on the writer's ``PART_QUANTUM`` (``hf`` writes a row group
per ``BATCH`` documents, so its parts hold whole row groups), problems the
tokenizer reports are collected in the workers and reported by the parent
in document order, and no part holds more than its own documents.

A bad input found by a worker (e.g. a label missing from the scheme) ends
the export with the same one-line :class:`AnnotatorError` as a
single-process export, and neither the parts nor a half-merged output are
left behind. A worker that dies outright (killed, out of memory) ends the
export the same way instead of hanging it; the workers end with the parent
(:func:`_die_with_parent`), whether it fails, is terminated or killed. Hand-written:
``ProcessPoolExecutor.map`` gives the ordered results and notices a dead
worker; what is written here is the cutting and the clean-up.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from annotator import formats
from annotator.errors import AnnotatorError
from annotator.export.selection import Selection, select
from annotator.export.tuning import fewer_collections, keep_freed_memory
from annotator.formats import ExportOptions, PartWriter
from annotator.store import Project
from annotator.store.export_rows import ExportDocument

MAX_JOBS = 4
MIN_DOCUMENTS = 500  # below this, starting the workers costs more than they save
PARTS_PER_JOB = 3  # more parts than workers: the parent merges early parts while later ones are written


def default_jobs(documents: int) -> int:
    """Worker processes for an export of ``documents``: the cores (at most
    :data:`MAX_JOBS`), or 1 for a small export."""
    if documents < MIN_DOCUMENTS:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))


def cut(ids: list[str], jobs: int, quantum: int = 1) -> list[list[str]]:
    """Contiguous parts of ``ids``, at least ``PARTS_PER_JOB`` per job
    where there are enough quanta, every part but the last a multiple of
    ``quantum`` documents (rounded down, so the jobs get even shares)."""
    if not ids:
        return [[]]
    size = -(-len(ids) // (jobs * PARTS_PER_JOB))
    size = max(quantum, size // quantum * quantum)
    return [ids[k : k + size] for k in range(0, len(ids), size)]


def _context() -> multiprocessing.context.BaseContext:
    # ANNOTATOR_MP_START=spawn makes Linux start workers as Windows and macOS
    # do (the bundle's test checks its freeze_support() that way).
    default = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(os.environ.get("ANNOTATOR_MP_START") or default)


PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the parent process ends, however it ends
    (kill -9 included), instead of waiting forever for tasks. On Linux
    the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a
    thread also watches the pipe multiprocessing keeps to the parent (its
    ``sentinel`` becomes readable when the parent is gone)."""
    import ctypes
    import signal
    import threading
    from multiprocessing.connection import wait

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above ran
        os._exit(1)
    watched = multiprocessing.parent_process()
    if watched is not None and getattr(watched, "sentinel", None) is not None:

        def watch() -> None:
            wait([watched.sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="annotator-parent-watch", daemon=True).start()


def _start_worker(parent: int) -> None:
    _die_with_parent(parent)
    keep_freed_memory()


def _writer(fmt: str) -> PartWriter:
    module = formats.part_writer(fmt)
    if module is None:
        raise AnnotatorError(f"{fmt} is not written in parts")
    return module


# (project path, format, selection, document ids, part path, options, split)
_Task = tuple[str, str, Selection, list[str], str, ExportOptions, str]


def _work(task: _Task) -> tuple[Any, ...]:
    """In a worker: write one part; returns ``(result, documents, problems)``
    or ``("error", message)`` for a bad input."""
    db, fmt, sel, ids, part, options, split = task
    # the parent reports the problems, in document order, once the part is merged
    logging.getLogger("annotator.export").disabled = True
    problems: list[str] = []
    options = dataclasses.replace(options, split=split, extra={**(options.extra or {}), "problems": problems})
    try:
        module = _writer(fmt)
        with fewer_collections(), Project.open(db, readonly=True) as project:
            result = module.write_part(
                select(project, sel, ids=ids, links=module.READS_LINKS), Path(part), options, split
            )
    except AnnotatorError as exc:
        return ("error", str(exc))
    return ("ok", result, len(ids), problems)


def export(
    project: Project,
    fmt: str,
    out: Path,
    sel: Selection,
    options: ExportOptions,
    groups: dict[str, list[str]],
    single: bool,
    jobs: int,
    on_document: Callable[[ExportDocument | None], object] | None = None,
) -> dict[str, int]:
    """Write ``groups`` (split name -> document ids in export order) with
    ``jobs`` workers; ``single``: no ``--split`` (``out`` is the writer's
    one output). Returns documents written per split, as the writer's
    ``merge_splits`` counts them."""
    log = logging.getLogger("annotator.export")
    module = _writer(fmt)
    quantum = module.PART_QUANTUM
    folder = out if (not single or module.WRITES_FOLDER) else out.parent
    folder_existed = folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".annotator-export-{os.getpid()}-", dir=folder))
    tasks = []
    for split, ids in groups.items():
        for k, part in enumerate(cut(ids, jobs, quantum)):
            tasks.append((str(project.path), fmt, sel, part, str(tmp / f"{split}-{k:05d}.part"), options, split))
    context = _context()
    if context.get_start_method() == "fork":
        for name in module.PART_MODULES:
            importlib.import_module(name)
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
    failed = True
    try:
        results = pool.map(_work, tasks)
        problems = (options.extra or {}).get("problems")

        def parts(split: str) -> Iterator[tuple[Path, Any]]:
            for task in tasks:
                if task[6] != split:
                    continue
                try:
                    got = next(results)
                except BrokenProcessPool:
                    raise AnnotatorError(
                        f"{out}: an export worker died (killed, or out of memory); nothing was written"
                    ) from None
                if got[0] == "error":
                    raise AnnotatorError(got[1])
                _, result, n, found = got
                for text in found:
                    if isinstance(problems, list):
                        problems.append(text)
                    log.warning(text)
                part = Path(task[4])
                try:
                    yield part, result
                finally:
                    if part.is_dir():
                        shutil.rmtree(part, ignore_errors=True)
                    else:
                        part.unlink(missing_ok=True)
                if on_document:
                    for _ in range(n):
                        on_document(None)

        counts = module.merge_splits({split: parts(split) for split in groups}, out, options, single)
        failed = False
        return counts
    finally:
        if failed:  # workers still writing parts nobody will read: stop them now
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(tmp, ignore_errors=True)
        if not folder_existed and not any(folder.iterdir()):
            folder.rmdir()  # made for this export, which failed before writing anything
