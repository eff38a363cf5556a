"""Bringing work packs back: ``merge`` of every pack in a folder (Team >
Collect), and the check that a pack was made from this project.

The merge itself is :func:`annotator.review.merge.merge` (documents matched
by text hash, idempotent). A file that is not a pack of this project (no
``meta.pack`` naming this project and a round recorded here) is still
merged, since it may be a colleague's work worth having, but the report
says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.review.merge import MergeReport, merge_many
from annotator.store import Project
from annotator.store import team as store

PACK_SUFFIXES = (".annot", ".db", ".sqlite")


@dataclass
class Collected:
    path: Path
    report: MergeReport
    note: str | None

    def summary(self) -> str:
        return self.report.summary() + (f"\nnote: {self.note}" if self.note else "")


def origin_note(project: Project, other_path: str | Path) -> str | None:
    """Why ``other_path`` is not a pack of this project, or None if it is one
    (or is a plain project and this one hands out no packs)."""
    with Project.open(other_path, readonly=True) as other:
        info = store.pack_info(other)
    if info is None:
        if store.assigned_ids(project):
            return f"{other_path}: not a work pack of this project (no assignment record); merged anyway"
        return None
    mine = store.meta_value(project, store.PROJECT_ID)
    if info.get("project_id") == mine and store.has_round(project, str(info.get("round"))):
        return None
    return (
        f"{other_path}: a work pack made from another project ({info.get('project', '?')}), not from this "
        "one (no assignment record); merged anyway"
    )


def pack_files(folder: str | Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise AnnotatorError(f"{folder}: not a folder")
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PACK_SUFFIXES)
    if not found:
        raise AnnotatorError(f"{folder}: no project files ({', '.join(PACK_SUFFIXES)}) to collect")
    return found


def collect(
    project: Project, paths: list[Path], who: str = "merge", on_pack: Callable[[int, Path], None] | None = None
) -> list[Collected]:
    """Merge every pack in ``paths``, all or none (a bad one leaves the
    project as it was); ``on_pack(i, path)`` after each."""
    notes = [origin_note(project, p) for p in paths]
    reports = merge_many(project, paths, who=who, after_each=on_pack)
    return [Collected(path, report, note) for path, report, note in zip(paths, reports, notes, strict=True)]
