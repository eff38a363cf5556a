"""The long jobs the editor runs for a person (import, export, merge, back
up), as plain functions over a project path, with a progress callback that
may raise to cancel. Qt-free, so the rules are tested without a window;
the GUI runs them on a worker thread (annotator.ui.jobs), each with its own
SQLite connection.

Each leaves the project as it was when it fails or is cancelled, like the
command line: an import is checked in full, then copied in short batches
that stay invisible until the last; a merge is written the same way, and undone unless it
completes and was not cancelled; an export only reads the project and
removes what it had written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.export.selection import Selection

Progress = Callable[[int, int], None]  # (done, total; 0 when unknown); raises Cancelled to stop


class Cancelled(AnnotatorError):
    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")


def _none(done: int, total: int) -> None:
    return None


def import_files(
    db: str | Path, paths: Sequence[str | Path], fmt: str = "auto", who: str = "import", progress: Progress = _none
) -> str:
    """``annotator import DB PATHS --format FMT --annotator WHO``; returns its summary line."""
    from annotator import formats
    from annotator.errors import FormatError, ModelError
    from annotator.formats.detect import expand
    from annotator.store import Project
    from annotator.store.staging import staged_import

    with Project.open(db) as project:
        inputs = expand([str(p) for p in paths], fmt)
        before = project.count_documents()
        seen = [0]

        def tick(_doc: object) -> None:
            seen[0] += 1
            progress(seen[0], 0)

        with staged_import(project, who=who) as staging:
            for path, f in inputs:
                try:
                    staging.add(formats.import_reader(f)(path, annotator=who), progress=tick)
                except ModelError as exc:
                    raise FormatError(path, str(exc)) from None
            progress(seen[0], 0)  # the last chance to cancel before the copy
        result = staging.result
        msg = (
            f"imported {len(result.added)} documents ({result.spans} spans); "
            f"{before + len(result.added)} in the project"
        )
        if result.skipped:
            msg += f"; skipped {len(result.skipped)} already present"
        return msg


@dataclass(kw_only=True)
class ExportRequest(Selection):
    """Every option of ``annotator export``: the selection of spans, and
    where and how to write them."""

    fmt: str
    out: str
    split: str | None = None
    seed: int = 0
    jobs: int | None = None


def export_project(db: str | Path, req: ExportRequest, progress: Progress = _none) -> str:
    from annotator.export.run import export
    from annotator.store import Project

    if req.annotator and req.gold:
        raise AnnotatorError("an annotator's spans and the gold spans exclude each other")
    with Project.open(db, readonly=True) as project:
        total = project.count_documents()
        seen = [0]

        def tick(*_: object) -> None:
            seen[0] += 1
            progress(seen[0], total)

        counts = export(project, req.fmt, req.out, req, split=req.split, seed=req.seed, on_document=tick, jobs=req.jobs)
    parts = ", ".join(f"{k}: {v}" for k, v in counts.items()) if req.split else str(counts.get("all", 0))
    return f"wrote {parts} documents as {req.fmt} to {req.out}"


def merge_projects(db: str | Path, others: Sequence[str | Path], who: str = "merge", progress: Progress = _none) -> str:
    from annotator.review.merge import merge_many
    from annotator.store import Project

    with Project.open(db) as project:
        progress(0, len(others))
        reports = merge_many(
            project,
            others,
            who=who,
            after_each=lambda k, _path: progress(k, len(others)),
            # cancelled here at the latest: everything merged so far is undone
            before_end=lambda: progress(len(others), len(others)),
        )
    return "\n".join(r.summary() for r in reports)


def backup_project(db: str | Path, out: str | Path, progress: Progress = _none) -> str:
    from annotator.store import Project

    progress(0, 1)
    with Project.open(db, readonly=True) as project:
        project.backup(out)
    progress(1, 1)
    return f"backed up {Path(db).name} to {out}"


def create_project(
    path: str | Path, scheme_file: str | Path | None = None, scheme_from: str | Path | None = None
) -> Path:
    """A new project at ``path`` (``.annot`` added when it has no suffix),
    with the default scheme, a JSON/TOML scheme file's, or another project's."""
    from annotator.model import Scheme
    from annotator.store import Project

    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".annot")
    if scheme_file:
        scheme = Scheme.from_file(str(scheme_file))
    elif scheme_from:
        with Project.open(scheme_from, readonly=True) as other:
            scheme = other.scheme()
    else:
        scheme = Scheme.default()
    with Project.create(path, scheme):
        pass
    return path
