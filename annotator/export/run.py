"""``annotator export``: the selection, split or not, handed to a format's
writer, in one process or in several (:mod:`annotator.export.parallel`),
and renamed into place when complete (:mod:`annotator.export.staged`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotator import formats
from annotator.errors import AnnotatorError
from annotator.export import parallel
from annotator.export.selection import Selection, annotators_selected, select
from annotator.export.splits import assign_splits, parse_split
from annotator.export.staged import staged_output
from annotator.export.tuning import fewer_collections
from annotator.formats.paths import safe_filename
from annotator.store import Project, selected
from annotator.store.export_rows import ExportDocument
from annotator.store.team import guidelines

# called once per document written: the document, or None when a worker wrote it
OnDocument = Callable[[ExportDocument | None], object]

# formats that have no annotator field: spans of several annotators in one file
# collide (two labels on one range) and cannot be told apart on re-import
SINGLE_ANNOTATOR = ("brat", "doccano", "conll", "spacy")


def export(
    project: Project,
    fmt: str,
    out: str | Path,
    sel: Selection,
    split: str | None = None,
    seed: int = 0,
    on_document: OnDocument | None = None,
    jobs: int | None = None,
    per_annotator: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, int]:
    """Write the selection to ``out``; returns documents written per split
    (the key ``all`` when there is no split). ``jobs``: worker processes
    for the formats that can use them (see :mod:`annotator.export.parallel`;
    default :func:`~annotator.export.parallel.default_jobs`); the output is
    the same whatever the number.

    A format without an annotator field (:data:`SINGLE_ANNOTATOR`) refuses
    a selection holding several annotators' spans, unless ``per_annotator``:
    then ``out`` is a folder with one file or folder per annotator
    (``out/<name>.conll``, ``out/<name>/``), and the counts are keyed
    ``<name>`` (``<name>/<split>`` with a split).

    The output is written under a temporary name and renamed into place
    when complete (:mod:`annotator.export.staged`): a failed or killed
    export leaves the previous output, or nothing, under ``out``."""
    with staged_output(out, project.path) as staged, fewer_collections():
        if per_annotator:
            return _per_annotator(project, fmt, staged, sel, split, seed, on_document, jobs, extra)
        if fmt in SINGLE_ANNOTATOR and not sel.annotator and not sel.gold:
            names = annotators_selected(project, sel)
            if len(names) > 1:
                raise AnnotatorError(
                    f"{fmt} holds one annotator's spans and the selection has {len(names)}: {', '.join(names)}; "
                    "pass --annotator NAME, --gold, or --per-annotator (one file or folder per annotator)"
                )
        return _export(project, fmt, staged, sel, split, seed, on_document, jobs, extra)


def _per_annotator(
    project: Project,
    fmt: str,
    out: Path,
    sel: Selection,
    split: str | None,
    seed: int,
    on_document: OnDocument | None,
    jobs: int | None,
    extra: dict[str, Any] | None,
) -> dict[str, int]:
    if sel.annotator or sel.gold:
        raise AnnotatorError("--per-annotator writes every annotator: it excludes --annotator and --gold")
    suffix = formats.writer(fmt).SPLIT_SUFFIX
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name in annotators_selected(project, sel):
        one = dataclasses.replace(sel, annotator=name, gold=False)
        target = out / (safe_filename(name) + ("" if split else suffix))
        got = _export(project, fmt, target, one, split, seed, on_document, jobs, extra)
        counts.update({name if k == "all" else f"{name}/{k}": v for k, v in got.items()})
    return counts


def _export(
    project: Project,
    fmt: str,
    out: str | Path,
    sel: Selection,
    split: str | None,
    seed: int,
    on_document: OnDocument | None,
    jobs: int | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, int]:
    module = formats.writer(fmt)  # an unknown format raises naming the known ones
    if sel.include_rejected and fmt != "jsonl":
        raise AnnotatorError(
            f"--include-rejected goes with --format jsonl only: rejected suggestions are not {fmt} training data"
        )
    # the hf card writes the guidelines
    options = formats.ExportOptions(
        scheme=project.scheme(), layer=sel.layer, extra={"guidelines": guidelines(project), **(extra or {})}
    )
    if fmt == "doccano":  # one layout for the whole file: relations if the selection has any
        who = sel.span_filter()["annotator"]
        options.extra["relations"] = selected.has_relations(project, who)
    out = Path(out)
    in_parts = formats.part_writer(fmt)
    if in_parts is not None and jobs != 1:
        if jobs is None:
            jobs = parallel.default_jobs(project.count_documents())
        if jobs > 1:
            select(project, sel, ids=[])  # checks the selection before any worker starts
            ids = project.document_ids(status=sel.status or None)
            if split:
                groups = assign_splits(ids, parse_split(split), seed)
                return parallel.export(project, fmt, out, sel, options, groups, False, jobs, on_document)
            counts = parallel.export(
                project, fmt, out, sel, options, {in_parts.SINGLE_SPLIT: ids}, True, jobs, on_document
            )
            return {"all": sum(counts.values())}

    def tapped(docs: Iterator[ExportDocument]) -> Iterator[ExportDocument]:
        for d in docs:
            if on_document:
                on_document(d)
            yield d

    links = module.READS_LINKS
    if not split:
        return {"all": module.write(tapped(select(project, sel, links=links)), out, options)}
    ratios = parse_split(split)
    ids = project.document_ids(status=sel.status or None)
    groups = assign_splits(ids, ratios, seed)
    all_splits = formats.split_writer(fmt)
    if all_splits is not None:
        streams = {name: tapped(select(project, sel, ids=group, links=links)) for name, group in groups.items()}
        return all_splits.write_splits(streams, out, options)
    out.mkdir(parents=True, exist_ok=True)
    suffix = module.SPLIT_SUFFIX
    counts = {}
    for name, group in groups.items():
        options.split = name
        counts[name] = module.write(
            tapped(select(project, sel, ids=group, links=links)), out / f"{name}{suffix}", options
        )
    return counts
