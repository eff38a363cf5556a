"""Choosing what an export writes, splitting it, and handing it to a writer.

Selection: one annotator or the gold layer, one layer, documents of some
statuses, suggestions only when asked. Splits are deterministic by document
id: a document's split depends only on the seed and its own id (a hash), so
the same seed gives the same split on any machine and adding documents never
moves old ones between splits.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator import formats
from annotator.errors import AnnotatorError
from annotator.formats.paths import safe_filename
from annotator.model import GOLD, LAYERS, Document
from annotator.store import Project


@dataclass
class Selection:
    annotator: str | None = None
    gold: bool = False
    layer: str | None = None
    status: tuple[str, ...] = ()
    include_suggested: bool = False
    # Rejected suggestions are the project's memory of what not to propose
    # again; only the lossless jsonl carries them (they are never training data).
    include_rejected: bool = False

    def span_filter(self) -> dict:
        who = GOLD if self.gold else self.annotator
        statuses = ("accepted", "suggested") if self.include_suggested else ("accepted",)
        if self.include_rejected:
            statuses += ("rejected",)
        return {"annotator": who, "layer": self.layer, "statuses": statuses}


def parse_split(spec: str) -> dict[str, float]:
    """``train=0.8,dev=0.1,test=0.1`` -> ordered ratios summing to 1. Each
    name is made safe as a file name (:func:`~annotator.formats.paths.safe_filename`)."""
    parts: dict[str, float] = {}
    for item in spec.split(","):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise AnnotatorError(f"--split: expected name=ratio pairs like train=0.8,dev=0.1,test=0.1, got {item!r}")
        try:
            ratio = float(value)
        except ValueError:
            raise AnnotatorError(f"--split: {value!r} is not a number") from None
        if not math.isfinite(ratio):
            raise AnnotatorError(f"--split: ratio of {name!r} is {value.strip()!r}, not a fraction")
        if ratio < 0:
            raise AnnotatorError(f"--split: ratio of {name!r} is negative")
        # a split's name becomes a file name: through the helper document ids go through, so
        # '../x', '/abs/x' or 'con' cannot leave the export folder or name a device
        name = safe_filename(name)
        if name in parts:
            raise AnnotatorError(f"--split: {name!r} appears twice")
        parts[name] = ratio
    total = sum(parts.values())
    if total <= 0:
        raise AnnotatorError("--split: the ratios add up to zero")
    if abs(total - 1.0) > 1e-6:
        raise AnnotatorError(f"--split: the ratios add up to {total:g}, not 1")
    return parts


def split_of(doc_id: str, ratios: dict[str, float], seed: int = 0) -> str:
    digest = hashlib.sha256(f"{seed}\x00{doc_id}".encode("utf-8", "surrogatepass")).digest()
    x = int.from_bytes(digest[:8], "big") / 2**64
    acc = 0.0
    names = list(ratios)
    for name in names:
        acc += ratios[name]
        if x < acc:
            return name
    return names[-1]


def assign_splits(doc_ids: list[str], ratios: dict[str, float], seed: int = 0) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name in ratios}
    for doc_id in doc_ids:
        out[split_of(doc_id, ratios, seed)].append(doc_id)
    return out


def select(project: Project, sel: Selection, ids: list[str] | None = None, links: bool = True) -> Iterator[Document]:
    """The selected documents, as writers read them: from
    :meth:`Project.iter_export_rows` (the fields of :class:`Document` and
    :class:`~annotator.model.Span` as plain attributes, no model per span;
    a test checks every writer writes the same bytes from either).
    ``links=False`` leaves relations and comments out, for writers whose
    module says ``READS_LINKS = False``."""
    if sel.layer is not None and sel.layer not in LAYERS:
        raise AnnotatorError(f"--layer: unknown layer {sel.layer!r} (expected one of {', '.join(LAYERS)})")
    if sel.annotator and sel.annotator not in project.annotators():
        raise AnnotatorError(
            f"--annotator: no annotator {sel.annotator!r} in {project.path} (known: {', '.join(project.annotators()) or 'none'})"
        )
    if ids is not None:
        return project.iter_export_rows(ids=ids, links=links, **sel.span_filter())
    return project.iter_export_rows(status=sel.status or None, links=links, **sel.span_filter())


def reads_links(module) -> bool:
    """Whether a writer writes relations or comments (so they must be read)."""
    return getattr(module, "READS_LINKS", True)


@contextlib.contextmanager
def fewer_collections(threshold: int = 10_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often: an export allocates
    millions of short-lived tuples, lists and strings (none in cycles; each
    freed when its document is written) and, at Python's default of one
    young-generation pass per 700 allocations, the collector took about a
    tenth of a large export's time."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


# formats that have no annotator field: spans of several annotators in one file
# collide (two labels on one range) and cannot be told apart on re-import
SINGLE_ANNOTATOR = ("brat", "doccano", "conll", "spacy")


def annotators_selected(project: Project, sel: Selection) -> list[str]:
    """The annotators whose spans the selection holds."""
    f = sel.span_filter()
    sql = (
        f"select distinct s.annotator from spans s join documents d on d.id = s.doc_id "
        f"where s.status in ({','.join('?' * len(f['statuses']))})"
    )
    params: list = list(f["statuses"])
    if f["annotator"]:
        sql += " and s.annotator = ?"
        params.append(f["annotator"])
    if f["layer"]:
        sql += " and s.layer = ?"
        params.append(f["layer"])
    if sel.status:
        sql += f" and d.status in ({','.join('?' * len(sel.status))})"
        params += list(sel.status)
    return sorted(r[0] for r in project.execute(sql + " order by 1", params))


def export(
    project: Project,
    fmt: str,
    out: str | Path,
    sel: Selection,
    split: str | None = None,
    seed: int = 0,
    on_document=None,
    jobs: int | None = None,
    per_annotator: bool = False,
    extra: dict | None = None,
) -> dict[str, int]:
    """Write the selection to ``out``; returns documents written per split
    (the key ``all`` when there is no split). ``jobs``: worker processes
    for the formats that can use them (see :mod:`annotator.formats.parallel`;
    default :func:`~annotator.formats.parallel.default_jobs`); the output is
    the same whatever the number.

    A format without an annotator field (:data:`SINGLE_ANNOTATOR`) refuses
    a selection holding several annotators' spans, unless ``per_annotator``:
    then ``out`` is a folder with one file or folder per annotator
    (``out/<name>.conll``, ``out/<name>/``), and the counts are keyed
    ``<name>`` (``<name>/<split>`` with a split).

    The output is written under a temporary name and renamed into place
    when complete (:mod:`annotator.formats.staged`): a failed or killed
    export leaves the previous output, or nothing, under ``out``."""
    from annotator.formats.staged import staged_output

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
    on_document,
    jobs: int | None,
    extra: dict | None,
) -> dict[str, int]:
    import dataclasses
    import importlib

    from annotator.formats.paths import safe_filename

    if sel.annotator or sel.gold:
        raise AnnotatorError("--per-annotator writes every annotator: it excludes --annotator and --gold")
    if fmt not in formats.WRITERS:
        formats.writer(fmt)
    suffix = getattr(importlib.import_module(formats.WRITERS[fmt]), "SPLIT_SUFFIX", "")
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
    on_document,
    jobs: int | None = None,
    extra: dict | None = None,
) -> dict[str, int]:
    if fmt not in formats.WRITERS:
        formats.writer(fmt)  # raises naming the known formats
    if sel.include_rejected and fmt != "jsonl":
        raise AnnotatorError(
            f"--include-rejected goes with --format jsonl only: rejected suggestions are not {fmt} training data"
        )
    import importlib

    from annotator.formats import parallel

    module = importlib.import_module(formats.WRITERS[fmt])
    from annotator.store.team import guidelines

    # the hf card writes the guidelines
    options = formats.ExportOptions(
        scheme=project.scheme(), layer=sel.layer, extra={"guidelines": guidelines(project), **(extra or {})}
    )
    if fmt == "doccano":  # one layout for the whole file: relations if the selection has any
        who = sel.span_filter()["annotator"]
        options.extra["relations"] = (
            project.execute(
                "select exists(select 1 from relations" + (" where annotator = ?)" if who else ")"),
                [who] if who else [],
            ).fetchone()[0]
            == 1
        )
    out = Path(out)
    if parallel.supports(module) and jobs != 1:
        if jobs is None:
            jobs = parallel.default_jobs(project.count_documents())
        if jobs > 1:
            select(project, sel, ids=[])  # checks the selection before any worker starts
            ids = project.document_ids(status=sel.status or None)
            if split:
                groups = assign_splits(ids, parse_split(split), seed)
                return parallel.export(project, module, out, sel, options, groups, False, jobs, on_document)
            counts = parallel.export(
                project,
                module,
                out,
                sel,
                options,
                {getattr(module, "SINGLE_SPLIT", "all"): ids},
                True,
                jobs,
                on_document,
            )
            return {"all": sum(counts.values())}

    def tapped(docs: Iterator[Document]) -> Iterator[Document]:
        for d in docs:
            if on_document:
                on_document(d)
            yield d

    links = reads_links(module)
    if not split:
        return {"all": module.write(tapped(select(project, sel, links=links)), out, options)}
    ratios = parse_split(split)
    ids = project.document_ids(status=sel.status or None)
    groups = assign_splits(ids, ratios, seed)
    if hasattr(module, "write_splits"):
        streams = {name: tapped(select(project, sel, ids=group, links=links)) for name, group in groups.items()}
        return module.write_splits(streams, out, options)
    out.mkdir(parents=True, exist_ok=True)
    suffix = getattr(module, "SPLIT_SUFFIX", "")
    counts = {}
    for name, group in groups.items():
        options.split = name
        counts[name] = module.write(
            tapped(select(project, sel, ids=group, links=links)), out / f"{name}{suffix}", options
        )
    return counts
