"""The command line: a thin layer over the store, formats and engines.

Every command exits 0 on success; bad input gives one ``error: ...`` line
on stderr, exit code 2 and an unchanged project (each command runs in one
transaction). Heavy modules are imported inside the commands so that
``annotator --help`` stays fast and never imports Qt.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

import click

from annotator import __version__
from annotator.errors import AnnotatorError
from annotator.vocabulary import DOC_STATUSES, LAYERS, SPAN_LAYERS, SUGGEST_SOURCES, UNIT_LAYERS

F = TypeVar("F", bound=Callable[..., Any])  # a click command function


def _offsets_option(help: str) -> Callable[[F], F]:
    """``--offsets default|graphemes`` (how doccano counts), on import and export."""
    return click.option(
        "--offsets", type=click.Choice(["default", "graphemes"]), default="default", show_default=True, help=help
    )


# The project most commands take first (a file, not a folder), and their --json.
_db_argument = click.argument("db", type=click.Path(dir_okay=False))
_json_option = click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.suggest.llm import LLMSettings, Summary


class _Group(click.Group):
    """Lists commands in the order they are defined, like the contract's table."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="annotator")
def cli() -> None:
    """Annotate Arabic text: entities, numbers with values, claims.

    A project is one SQLite file (DB). Offsets everywhere are Unicode code
    points into the text exactly as imported.
    """


def fail(message: str) -> NoReturn:
    raise AnnotatorError(message)


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr, only for a terminal; yields advance()."""
    if not sys.stderr.isatty():
        yield lambda *_: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda *_: bar.advance(task)


@contextmanager
def stop_cleanly_on_sigterm() -> Iterator[None]:
    """SIGTERM (a session ending, ``kill``) ends the command as Ctrl+C
    does, so its clean-up runs: an export stops its workers and removes
    its temporary files instead of vanishing and leaving them."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> NoReturn:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def open_project(path: str, readonly: bool = False) -> Project:
    from annotator.store import Project

    return Project.open(path, readonly=readonly)


def _writable(path: str) -> bool:
    """Whether this user may write the project file and its folder (where
    SQLite keeps the -wal and -shm files)."""
    import os

    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------
@cli.command()
@_db_argument
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(dir_okay=False),
    help="A label scheme in JSON or TOML (name, layer, color, hotkey, description).",
)
def init(db: str, labels_file: str | None) -> None:
    """Create a project with the default scheme (or FILE's); a DB without
    a suffix gets the project extension .annot."""
    from pathlib import Path

    from annotator.model import Scheme
    from annotator.store import Project

    if not Path(db).suffix:
        db += ".annot"

    scheme = Scheme.from_file(labels_file) if labels_file else Scheme.default()
    with Project.create(db, scheme) as project:
        labels = ", ".join(f"{lab.name}({lab.layer})" for lab in project.scheme().labels)
    click.echo(f"created {db} with labels {labels}")


@cli.command("import")
@_db_argument
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    help="auto, txt, jsonl, csv, conll, brat, label-studio, doccano, xmi.",
)
@click.option("--annotator", default="import", show_default=True, help="Annotator for imported spans that name none.")
@click.option(
    "--add-labels",
    is_flag=True,
    help="Add labels the files use and the scheme lacks (else they are all named in the error).",
)
@_offsets_option("doccano: 'graphemes' for a project with 'count grapheme clusters as one character'.")
@click.option(
    "--no-fragments", is_flag=True, help="brat: refuse discontinuous spans (reported) instead of one span per fragment."
)
@click.option(
    "--typesystem",
    type=click.Path(dir_okay=False, exists=True),
    help="XMI: the TypeSystem.xml (default: the one in the XMI's folder).",
)
@click.option("--columns", help="CoNLL: the token and tag columns (0-based), e.g. 'token=1,tags=2-3'.")
@click.option("--label-map", help="checkthat: LABEL=CLASS pairs (default CHECKWORTHY=Yes,NOT_CHECKWORTHY=No).")
def import_(
    db: str,
    paths: tuple[str, ...],
    fmt: str,
    annotator: str,
    add_labels: bool,
    offsets: str,
    no_fragments: bool,
    typesystem: str | None,
    columns: str | None,
    label_map: str | None,
) -> None:
    """Import files or folders; re-importing a document adds nothing.

    Everything is read and checked before the project is changed: one bad
    file or line and nothing is imported. What a format holds that the
    project cannot represent is reported, one warning line per kind.
    """
    from annotator import formats
    from annotator.errors import FormatError, ModelError
    from annotator.formats.detect import expand
    from annotator.formats.new_labels import describe
    from annotator.formats.notices import ImportOptions, importing
    from annotator.store.staging import staged_import

    for given, name, owner in (
        (offsets != "default", "--offsets", "doccano"),
        (no_fragments, "--no-fragments", "brat"),
        (typesystem, "--typesystem", "xmi"),
        (columns, "--columns", "conll"),
        (label_map, "--label-map", "checkthat"),
    ):
        if given and fmt not in ("auto", owner):
            fail(f"{name} goes with --format {owner} (or auto), not {fmt}")
    options = ImportOptions(
        offsets=offsets, fragments=not no_fragments, typesystem=typesystem, columns=columns, label_map=label_map
    )
    with open_project(db) as project, importing(options):
        on_layers: dict[str, set[str]] = {}
        for lab in project.scheme().labels:
            on_layers.setdefault(lab.name, set()).add(lab.layer)
        options.layers = {name: layers.pop() for name, layers in on_layers.items() if len(layers) == 1}
        inputs = expand(list(paths), fmt)
        # staged: read and checked apart, then copied in one short transaction,
        # so the editor can keep saving while a big corpus imports.
        # The bar counts documents, not files: one big JSONL file is most of an import.
        with (
            progress("importing documents") as advance,
            staged_import(project, who=annotator, add_labels=add_labels) as staging,
        ):
            for path, f in inputs:
                try:
                    staging.add(formats.import_reader(f)(path, annotator=annotator), progress=advance, source=str(path))
                except ModelError as exc:  # raised by the store (scheme, duplicates): name the file
                    raise FormatError(path, str(exc)) from None
        added, skipped, spans = staging.result.added, staging.result.skipped, staging.result.spans
        # counted after the copy: another import may have added documents meanwhile
        msg = f"imported {len(added)} documents ({spans} spans) into {db}; {project.count_documents()} in the project"
        if skipped:
            shown = ", ".join(skipped[:5]) + (" ..." if len(skipped) > 5 else "")
            msg += f"\nskipped {len(skipped)} already present: {shown}"
        if staging.new_labels:
            msg += f"\nadded {len(staging.new_labels)} labels to the scheme: {describe(staging.new_labels)}"
        if options.notices.counts:
            msg += f"\nreported: {options.notices.summary()}"
    for line in options.notices.lines():
        click.echo(f"warning: {line}", err=True)
    click.echo(msg)


@cli.command()
@_db_argument
@click.option(
    "--format", "fmt", required=True, help="jsonl, conll, hf, spacy, brat, label-studio, doccano, xmi, claims, parquet."
)
@click.option("--out", required=True, type=click.Path(), help="File or folder to write.")
@click.option("--annotator", help="Only this annotator's spans.")
@click.option("--gold", is_flag=True, help="Only the gold (adjudicated) spans.")
@click.option("--layer", type=click.Choice(LAYERS), help="Only this layer.")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(DOC_STATUSES),
    help="Only documents with this status (repeatable).",
)
@click.option("--include-suggested", is_flag=True, help="Also write suggested (not yet accepted) spans.")
@click.option(
    "--include-rejected",
    is_flag=True,
    help="jsonl only: also write rejected suggestions, so a project moved through JSONL keeps what not to propose again.",
)
@click.option("--split", help="e.g. train=0.8,dev=0.1,test=0.1: one file or folder per split.")
@click.option("--seed", default=0, show_default=True, help="Seed of the deterministic split.")
@click.option(
    "--unit",
    type=click.Choice(UNIT_LAYERS),
    help="checkthat: one row per document (default) or per labelled sentence.",
)
@click.option("--label-map", help="checkthat: LABEL=CLASS pairs (default CHECKWORTHY=Yes,NOT_CHECKWORTHY=No).")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for conll and hf (default: the cores, at most 4; 1 below 500 documents). "
    "The output is the same whatever the number.",
)
@click.option(
    "--per-annotator",
    is_flag=True,
    help="One file or folder per annotator inside OUT (brat, doccano, conll, spacy hold one annotator).",
)
@click.option("--nested", is_flag=True, help="conll: one tag column per nesting depth, outer to inner (Wojood).")
@click.option(
    "--tokens",
    type=click.Choice(["clitics", "whitespace"]),
    default="clitics",
    show_default=True,
    help="conll: split proclitics (default) or keep white-space tokens whole (as Wojood's files do).",
)
@_offsets_option("doccano: 'graphemes' counts grapheme clusters (doccano's 'count grapheme clusters' option).")
def export(
    db: str,
    fmt: str,
    out: str,
    annotator: str | None,
    gold: bool,
    layer: str | None,
    status: tuple[str, ...],
    include_suggested: bool,
    include_rejected: bool,
    split: str | None,
    seed: int,
    jobs: int | None,
    per_annotator: bool,
    nested: bool,
    tokens: str,
    offsets: str,
    unit: str | None,
    label_map: str | None,
) -> None:
    """Write the project (or a selection of it) in a format."""
    from annotator.export.run import export as run_export
    from annotator.export.selection import Selection

    if annotator and gold:
        fail("--annotator and --gold exclude each other")
    if (nested or tokens != "clitics") and fmt != "conll":
        fail(f"--nested and --tokens go with --format conll, not {fmt}")
    if offsets != "default" and fmt != "doccano":
        fail(f"--offsets graphemes goes with --format doccano, not {fmt}")
    checkthat = {}
    if unit or label_map:
        if fmt != "checkthat":
            fail(f"--unit and --label-map go with --format checkthat, not {fmt}")
        from annotator.formats.checkthat import parse_label_map

        checkthat = {"unit": unit or "document", "label_map": parse_label_map(label_map)}
    sel = Selection(
        annotator=annotator,
        gold=gold,
        layer=layer,
        status=status,
        include_suggested=include_suggested,
        include_rejected=include_rejected,
    )
    with stop_cleanly_on_sigterm(), open_project(db, readonly=True) as project:
        total = project.count_documents()
        with progress(f"exporting {fmt}", total=total) as advance:
            counts = run_export(
                project,
                fmt,
                out,
                sel,
                split=split,
                seed=seed,
                on_document=advance,
                jobs=jobs,
                per_annotator=per_annotator,
                extra={"nested": nested, "tokens": tokens, "offsets": offsets, **checkthat},
            )
    parts = ", ".join(f"{k}: {v}" for k, v in counts.items()) if split or per_annotator else str(counts.get("all", 0))
    click.echo(f"wrote {parts} documents as {fmt} to {out}")


@cli.command()
@_db_argument
@_json_option
@click.option(
    "--by-annotator",
    is_flag=True,
    help="Per annotator: assigned / in progress / done, spans, active time from the history, "
    "accept rate, F1 against gold.",
)
def stats(db: str, as_json: bool, by_annotator: bool) -> None:
    """Documents, spans by layer/label/annotator, progress by status."""
    if by_annotator:
        return _stats_by_annotator(db, as_json)
    with open_project(db, readonly=True) as project:
        data = project.stats()
    if as_json:
        echo_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{db}[/bold]: {data['documents']} documents, {data['spans']} spans, {data['relations']} relations"
    )
    done = data["by_status"].get("done", 0) + data["by_status"].get("reviewed", 0)
    console.print(
        f"progress: {done}/{data['documents']} done or reviewed  "
        + "  ".join(f"{k}={v}" for k, v in data["by_status"].items())
    )
    for key, title in (
        ("by_layer", "layer"),
        ("by_label", "label"),
        ("by_annotator", "annotator"),
        ("by_source", "source"),
    ):
        table = Table(title=f"spans by {title}", title_justify="left")
        table.add_column(title)
        table.add_column("spans", justify="right")
        for k, v in data[key].items():
            table.add_row(k, str(v))
        console.print(table)


@cli.command()
@_db_argument
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="At most this many documents.")
@_json_option
def search(db: str, query: str, limit: int, as_json: bool) -> None:
    """Full-text search ignoring tashkeel, tatweel and hamza forms; prints
    each document with the code-point offsets of its hits."""
    # the search index is built on first use, which a project that cannot
    # be written does without (it is scanned instead)
    with open_project(db, readonly=not _writable(db)) as project:
        hits = project.search(query, limit=limit)
    if as_json:
        echo_json(
            {
                "query": query,
                "hits": [{"doc": h.doc_id, "ranges": [list(r) for r in h.ranges], "snippet": h.snippet} for h in hits],
            }
        )
        return
    for h in hits:
        where = " ".join(f"{a}:{b}" for a, b in h.ranges[:5]) + (" ..." if len(h.ranges) > 5 else "")
        click.echo(f"{h.doc_id}\t{where}\t{h.snippet}")
    if not hits:
        click.echo(f"no document matches {query!r}", err=True)


@cli.command()
@_db_argument
@click.argument("out", type=click.Path(dir_okay=False))
def backup(db: str, out: str) -> None:
    """Copy the project safely (SQLite online backup), even while it is in use."""
    with open_project(db, readonly=True) as project:
        project.backup(out)
    click.echo(f"backed up {db} to {out}")


@cli.command()
@_db_argument
@click.option("--add", "names", multiple=True, help="Add this label (repeatable).")
@click.option(
    "--layer",
    default="entity",
    show_default=True,
    help="Layer of the labels given by --add ('relation' for a relation label).",
)
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False, exists=True),
    help="Add every label of this scheme file (JSON or TOML) the project lacks.",
)
def labels(db: str, names: tuple[str, ...], layer: str, from_file: str | None) -> None:
    """Print the project's labels, or extend its scheme (--add, --from);
    labels it has are left as they are."""
    from annotator.formats.new_labels import RELATION, describe, with_labels
    from annotator.model import LAYERS, Scheme

    if layer not in LAYERS + (RELATION,):
        fail(f"--layer: unknown layer {layer!r} (expected one of {', '.join(LAYERS + (RELATION,))})")
    with open_project(db, readonly=not (names or from_file)) as project:
        scheme = project.scheme()
        if names or from_file:
            other = Scheme.from_file(from_file) if from_file else None
            scheme, new = with_labels(
                scheme,
                [(layer, n) for n in names],
                other,
                why=f"added from {from_file}" if from_file else "added with 'annotator labels'",
            )
            project.set_scheme(scheme, who="labels")
            click.echo(f"added {len(new)} labels to {db}" + (f": {describe(new)}" if new else ""))
            return
        for lab in scheme.labels:
            click.echo(f"{lab.layer}\t{lab.name}\t{lab.color}\t{lab.hotkey or ''}")
        for rel in scheme.relations:
            click.echo(f"{RELATION}\t{rel.name}")


# -------------------------------------------------------------------------- review
@cli.command()
@_db_argument
@click.option("--layer", type=click.Choice(LAYERS), help="Only this layer.")
@click.option("--annotator", "annotators", multiple=True, help="Only these annotators (repeatable).")
@click.option("--include-gold", is_flag=True, help="Count the gold layer as one more annotator.")
@click.option("--overlap-only", is_flag=True, help="Only the documents 'assign' handed to more than one annotator.")
@_json_option
def agree(
    db: str, layer: str | None, annotators: tuple[str, ...], include_gold: bool, as_json: bool, overlap_only: bool
) -> None:
    """Agreement between annotators, per pair and overall, per layer and label.

    \b
    Accepted spans only; a pair is compared on the documents both annotated.
    exact-match span F1  2m/(|a|+|b|), m = spans with the same start, end, label
    overlap F1           harmonic mean of the shares of each side's spans that
                         overlap a span of the other with the same label
    Cohen's kappa        per token (Arabic tokenizer, clitics split); a token
                         takes the label of the longest span over it, else O
    Krippendorff's alpha nominal, over tokens, all annotators together
    document, sentence   kappa and alpha with the document or sentence as the unit
    """
    from annotator.review.agreement import agreement

    with open_project(db, readonly=True) as project:
        unknown = [a for a in annotators if a not in project.annotators()]
        if unknown:
            fail(
                f"--annotator: no annotator {unknown[0]!r} in {db} (known: {', '.join(project.annotators()) or 'none'})"
            )
        doc_ids = None
        if overlap_only:
            from annotator.store.team import overlap_ids

            doc_ids = overlap_ids(project)
            if not doc_ids:
                fail(
                    f"--overlap-only: {db} has no document assigned to more than one annotator (see 'annotator assign')"
                )
        result = agreement(
            project, layer=layer, annotators=annotators or None, include_gold=include_gold, doc_ids=doc_ids
        )
    if as_json:
        echo_json(result.as_json())
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not result.pairs:
        console.print(f"{db}: no document has spans of two annotators yet")
        return
    console.print(f"[bold]{db}[/bold]: {result.documents} documents with two or more of {', '.join(result.annotators)}")
    table = Table(title="agreement per pair", title_justify="left")
    for col in ("a", "b", "layer", "label", "exact F1", "overlap F1", "kappa", "spans a/b"):
        table.add_column(col, justify="right" if col[0] in "eok" or col.startswith("spans") else "left")
    for p in result.pairs:
        table.add_row(
            p.a,
            p.b,
            p.layer,
            p.label or "(all)",
            f"{p.exact_f1:.3f}",
            f"{p.overlap_f1:.3f}",
            f"{p.kappa:.3f}",
            f"{p.a_spans}/{p.b_spans}",
        )
    console.print(table)
    if len({(p.a, p.b) for p in result.pairs}) > 1:
        table = Table(title="overall (span counts pooled over pairs, mean kappa)", title_justify="left")
        for col in ("layer", "label", "exact F1", "overlap F1", "kappa"):
            table.add_column(col, justify="left" if col in ("layer", "label") else "right")
        for row in result.overall:
            table.add_row(
                row["layer"],
                row["label"] or "(all)",
                f"{row['exact_f1']:.3f}",
                f"{row['overlap_f1']:.3f}",
                f"{row['kappa']:.3f}",
            )
        console.print(table)
    table = Table(title="Krippendorff's alpha, all annotators", title_justify="left", min_width=40)
    table.add_column("layer")
    table.add_column("alpha", justify="right")
    table.add_column("per label")
    for ly, value in result.alpha.items():
        per_label = "  ".join(f"{k} {v:.3f}" for k, v in result.alpha_by_label.get(ly, {}).items())
        table.add_row(ly, f"{value:.3f}", per_label)
    console.print(table)


@cli.command()
@_db_argument
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--who", default="merge", show_default=True, help="Name written in the history.")
def merge(db: str, others: tuple[str, ...], who: str) -> None:
    """Bring colleagues' projects (OTHERS) into DB; merging twice changes nothing.

    Documents are matched by the hash of their text (ids may differ); a text
    differing by one character is another document. When the same annotator
    name holds different spans on both sides, this project's stay and the
    incoming ones are kept as NAME@OTHER-STEM; the conflict is reported and
    logged. All of OTHERS are merged or none: written in short transactions
    (an editor can keep saving), invisible or undone until the last.
    """
    from annotator.review.merge import merge_many
    from annotator.team.collect import origin_note

    with open_project(db) as project:
        notes = [origin_note(project, other) for other in others]
        reports = merge_many(project, others, who=who)
    for report, note in zip(reports, notes, strict=True):
        click.echo(report.summary())
        if note:
            click.echo(f"note: {note}", err=True)


@cli.command()
@_db_argument
@click.option("--strategy", required=True, help="majority, or the name of one trusted annotator.")
@click.option("--who", default="lead", show_default=True, help="Who decided, for the history.")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
def gold(db: str, strategy: str, who: str, doc_ids: tuple[str, ...]) -> None:
    """Pre-fill the gold layer (annotator gold) from the annotators' spans.

    majority takes a span (range, label, attributes) marked by more than half
    of a document's annotators (with two: only what both marked); NAME takes
    that annotator's spans. Documents that already have gold are left alone;
    settle the rest in the editor's review mode.
    """
    from annotator.review.gold import build_gold

    with open_project(db) as project:
        for doc_id in doc_ids:
            project.document_status(doc_id)  # names a missing document
        report = build_gold(project, strategy, who=who, doc_ids=doc_ids or None)
    click.echo(report.summary())


@cli.command()
@_db_argument
@click.argument("doc_id")
@click.argument("text", required=False)
@click.option("--span", "span_id", help="Comment on this span instead of the whole document.")
@click.option("--author", default="lead", show_default=True)
def comment(db: str, doc_id: str, text: str | None, span_id: str | None, author: str) -> None:
    """Add TEXT to the comment thread of a document (or span); without TEXT,
    print the thread."""
    from annotator.model import Comment

    with open_project(db, readonly=text is None) as project:
        if text is not None:
            with project.transaction():
                project.add_comment(doc_id, Comment(span=span_id, author=author, text=text), author)
        project.document_status(doc_id)  # names a missing document
        for c in project.comments(doc_id):
            if span_id is None or c.span == span_id:
                where = f" on {c.span}" if c.span else ""
                click.echo(f"{c.created} {c.author}{where}: {c.text}")


# --------------------------------------------------------------------- suggestions
@cli.command()
@_db_argument
@click.option("--layer", default="entity", show_default=True, type=click.Choice(SPAN_LAYERS))
@click.option(
    "--holdout",
    default=0.2,
    show_default=True,
    type=click.FloatRange(0.0, 0.9),
    help="Share of documents held out to score the model.",
)
@_json_option
def train(db: str, layer: str, holdout: float, as_json: bool) -> None:
    """Train the suggestion model (a CRF) on the accepted spans; store it
    beside the project (DB.models/) with its held-out F1."""
    from annotator.suggest.crf import train_project

    with open_project(db, readonly=True) as project:
        report = train_project(project, layer=layer, holdout=holdout)
    if as_json:
        echo_json(report)
        return
    msg = (
        f"trained the {layer} model on {report['documents']} documents ({report['spans']} spans) "
        f"in {report['train_seconds']:.1f} s; saved to {report['model']}"
    )
    h, b = report["heldout"], report["baseline"]
    if h is not None:
        msg += (
            f"\nheld-out F1 {h['f1']:.3f} (precision {h['precision']:.3f}, recall {h['recall']:.3f}) on "
            f"{report['heldout_documents']} documents; majority baseline F1 {b['f1']:.3f}"
        )
    else:
        msg += "\nheld-out F1: not measured (too few documents to hold some out)"
    click.echo(msg)


class LLMOptions(NamedTuple):
    """The language-model options as given on the command line (None: not given)."""

    endpoint: str | None
    model_name: str | None
    api_key_env: str | None
    prompt_file: str | None
    examples: int | None
    context: int | None
    concurrency: int | None
    timeout: float | None
    retries: int | None


def _llm_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options ``suggest --source llm`` and the ``llm`` command share; the
    command receives them as one :class:`LLMOptions`, ``llm_opts``."""

    @functools.wraps(f)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        kwargs["llm_opts"] = LLMOptions(*(kwargs.pop(name) for name in LLMOptions._fields))
        return f(*args, **kwargs)

    for opt in reversed(
        [
            click.option(
                "--endpoint",
                help="OpenAI-compatible API root, e.g. http://localhost:11434/v1 (Ollama) "
                "or http://localhost:8080/v1 (llama.cpp server).",
            ),
            click.option("--model", "model_name", help="Model name the server knows (e.g. qwen2.5:7b)."),
            click.option(
                "--api-key-env",
                metavar="VAR",
                help="Name of the environment variable holding the API key (the key is never stored).",
            ),
            click.option(
                "--prompt",
                "prompt_file",
                type=click.Path(dir_okay=False),
                help="Prompt template with {labels} {guidelines} {examples} {text}.",
            ),
            click.option("--examples", type=click.IntRange(0, 50), help="Annotated passages put in the prompt (K)."),
            click.option("--context", type=click.IntRange(512, 10_000_000), help="The model's context size in tokens."),
            click.option("--concurrency", type=click.IntRange(1, 64), help="Requests in flight at once."),
            click.option("--timeout", type=click.FloatRange(0.1, 3600), help="Seconds to wait for one answer."),
            click.option("--retries", type=click.IntRange(0, 20), help="Retries of a failed request (with backoff)."),
        ]
    ):
        gathered = opt(gathered)
    return gathered


def _llm_settings(
    project: Project,
    endpoint: str | None,
    model_name: str | None,
    api_key_env: str | None,
    prompt_file: str | None,
    examples: int | None,
    context: int | None,
    concurrency: int | None,
    timeout: float | None,
    retries: int | None,
) -> LLMSettings:
    from annotator.suggest.llm import LLMSettings
    from annotator.suggest.llm_prompt import read_template

    return LLMSettings.load(project).with_(
        endpoint=endpoint,
        model=model_name,
        api_key_env=api_key_env,
        prompt=read_template(prompt_file) if prompt_file else None,
        examples=examples,
        context=context,
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
    )


@cli.command()
@_db_argument
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    default=["all"],
    show_default=True,
    type=click.Choice([*SUGGEST_SOURCES, "all"]),
    help="Which engine proposes (repeatable); 'all' is the local engines and skips a model not yet "
    "trained; 'llm' asks the language model set with 'annotator llm' or --endpoint.",
)
@click.option("--layer", "layers", multiple=True, help="llm: layer to ask about (repeatable; default entity).")
@_llm_options
@click.option("--limit", type=click.IntRange(1), help="llm: only the first N documents.")
@click.option("--evaluate", is_flag=True, help="llm: score against reference spans and store nothing.")
@click.option(
    "--on",
    "on",
    type=click.Choice(["gold", "accepted"]),
    default="gold",
    show_default=True,
    help="llm --evaluate: the reference spans.",
)
@click.option("--json", "as_json", is_flag=True, help="llm: the summary as one JSON document on stdout.")
def suggest(
    db: str,
    doc_ids: tuple[str, ...],
    sources: tuple[str, ...],
    layers: tuple[str, ...],
    llm_opts: LLMOptions,
    limit: int | None,
    evaluate: bool,
    on: str,
    as_json: bool,
) -> None:
    """Add suggestions (status suggested, with their source) from the
    gazetteer, the trained model, the claim cues or a language model."""
    from annotator.suggest.apply import ENGINE_ORDER
    from annotator.suggest.apply import suggest as run_suggest
    from annotator.suggest.crf import model_dir_for

    if "llm" not in sources and (layers or limit or evaluate or as_json or any(o is not None for o in llm_opts)):
        fail(
            "--layer, --endpoint, --model, --limit, --evaluate and the other language-model options "
            "go with --source llm"
        )
    if evaluate and set(sources) != {"llm"}:
        fail("--evaluate scores the language model alone: use --source llm")
    if evaluate:
        _llm_evaluate(db, doc_ids, layers, llm_opts, limit, on, as_json)
        return
    with open_project(db) as project:
        for doc_id in doc_ids:
            project.document_status(doc_id)  # names a missing document
        local = [s for s in sources if s != "llm"]
        chosen = list(ENGINE_ORDER) if "all" in local else list(dict.fromkeys(local))
        if "model" in chosen and "all" not in local:
            from annotator.extras import need

            need("suggesting from the model", "sklearn_crfsuite")
        note = ""
        if "all" in local and not (model_dir_for(project) / "entity.crfsuite").exists():
            chosen.remove("model")
            note = " (no trained model yet: run 'annotator train DB')"
        settings = None
        if "llm" in sources:  # settings checked before the local engines write anything
            settings = _llm_settings(project, *llm_opts)
            settings.client().close()
        lines = []
        if chosen:
            counts = run_suggest(project, doc_ids=list(doc_ids) or None, sources=chosen)
            parts = ", ".join(f"{counts[s]} from {s}" for s in chosen)
            lines.append(f"added {parts}; {counts['relations']} SOURCE relations{note}")
        if settings is not None:
            from annotator.suggest.llm import suggest as llm_suggest

            with progress("asking the language model") as advance:
                summary = llm_suggest(
                    project,
                    settings,
                    doc_ids=list(doc_ids) or None,
                    layers=list(layers) or ["entity"],
                    limit=limit,
                    progress=lambda done, total: advance(),
                )
            if as_json:
                echo_json(summary.as_json())
                return
            lines.append(_llm_line(settings, summary))
    click.echo("\n".join(lines))


def _llm_line(settings: LLMSettings, summary: Summary) -> str:
    labels = ", ".join(f"{k} {v}" for k, v in summary.by_label.most_common())

    def n(k: int, word: str) -> str:
        return f"{k} {word}{'s' if k != 1 else ''}"

    line = (
        f"llm ({settings.model} at {settings.endpoint}): {n(summary.documents, 'document')}, "
        f"{n(summary.requests, 'request')} in {summary.seconds:.1f} s; added {n(summary.added, 'suggestion')}"
        + (f" ({labels})" if labels else "")
        + f" of {summary.proposed} proposed (the rest already there or rejected); skipped: {summary.skipped()}"
    )
    if summary.failed:
        line += f"; {n(summary.failed, 'request')} failed: " + "; ".join(
            f"{k}" + (f" (x{v})" if v > 1 else "") for k, v in summary.errors.most_common(3)
        )
    return line


def _llm_evaluate(
    db: str,
    doc_ids: tuple[str, ...],
    layers: tuple[str, ...],
    llm_opts: tuple[Any, ...],
    limit: int | None,
    on: str,
    as_json: bool,
) -> None:
    from annotator.suggest.llm_eval import evaluate

    with open_project(db, readonly=True) as project:
        for doc_id in doc_ids:
            project.document_status(doc_id)
        settings = _llm_settings(project, *llm_opts)
        with progress("scoring the language model") as advance:
            ev = evaluate(
                project,
                settings,
                layers=list(layers) or ["entity"],
                on=on,
                doc_ids=list(doc_ids) or None,
                limit=limit,
                progress=lambda done, total: advance(),
            )
    if as_json:
        echo_json(ev.as_json())
    else:
        click.echo(ev.table())


@cli.command("llm")
@_db_argument
@_llm_options
@click.option("--default-prompt", is_flag=True, help="Go back to the template shipped with annotator.")
@click.option("--clear", is_flag=True, help="Forget every language-model setting of the project.")
@click.option("--show-prompt", is_flag=True, help="Print the template in use.")
def llm_(
    db: str,
    llm_opts: LLMOptions,
    default_prompt: bool,
    clear: bool,
    show_prompt: bool,
) -> None:
    """Set (or, without options, show) the project's language model: the
    endpoint, model, prompt template and the NAME of the API-key variable."""
    from annotator.suggest.llm import SETTING, LLMSettings
    from annotator.suggest.llm_client import normalize_endpoint
    from annotator.suggest.llm_prompt import template_hash

    opts = llm_opts
    with open_project(db) as project:
        if clear:
            project.set_setting(SETTING, None)
            click.echo(f"forgot the language-model settings of {db}")
            return
        if any(o is not None for o in opts) or default_prompt:
            settings = _llm_settings(project, *opts)
            if opts.endpoint is not None:
                settings.endpoint = normalize_endpoint(opts.endpoint)
            if default_prompt:
                settings.prompt = None
            settings.save(project)
        settings = LLMSettings.load(project)
    if show_prompt:
        click.echo(settings.template(), nl=False)
        return
    prompt = f"{'stored template' if settings.prompt else 'default template'} {template_hash(settings.template())}"
    key = f"key from ${settings.api_key_env}" if settings.api_key_env else "no API key"
    click.echo(
        f"endpoint {settings.endpoint or '(not set)'}, model {settings.model or '(not set)'}, {key}, "
        f"{prompt}, {settings.examples} examples, context {settings.context} tokens, "
        f"{settings.concurrency} concurrent requests, timeout {settings.timeout:g} s"
    )


# ------------------------------------------------------------------------- numbers
@cli.command("numbers")
@click.argument("file", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True))
def numbers_(file: str) -> None:
    """Print every number in FILE (stdin when '-' or absent), one JSON object
    a line: start, end (code points), surface, value, kind."""
    from annotator.arabic.numbers import find_numbers
    from annotator.formats.encoding import decode, read_text

    if file == "-":
        data = sys.stdin.buffer.read()
        text = decode(data, "<stdin>")[0] if data else ""
    else:
        text = read_text(file)[0]
    import json

    for m in find_numbers(text):
        click.echo(json.dumps(m.to_dict(), ensure_ascii=False))


@cli.command("prelabel")
@_db_argument
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
def prelabel_(db: str, doc_ids: tuple[str, ...]) -> None:
    """Add number suggestions (status suggested, source prelabel) to the
    documents; never where a number span is or was rejected."""
    from annotator.suggest.numbers import prelabel as run_prelabel

    with open_project(db) as project:
        for doc_id in doc_ids:
            project.document_status(doc_id)  # names a missing document
        added = run_prelabel(project, list(doc_ids) or None)
        docs = len(doc_ids) or project.count_documents()
    click.echo(f"added {added} number suggestion{'s' * (added != 1)} to {docs} document{'s' * (docs != 1)} in {db}")


# --------------------------------------------------------------------------- teams
@cli.command()
@_db_argument
@click.option("--annotators", required=True, help="Comma-separated names: amira,badr,chadi.")
@click.option(
    "--overlap",
    default=0.0,
    show_default=True,
    type=float,
    help="Share of the documents (0..1) that go to more than one annotator.",
)
@click.option("--copies", default=2, show_default=True, type=int, help="Annotators per overlapping document.")
@click.option("--seed", default="0", show_default=True, help="Seed of the overlap choice (same on every machine).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="A new (or empty) folder for the packs.")
@click.option("--status", "statuses", multiple=True, help="Only documents with this status (repeatable).")
@click.option("--per-annotator", type=int, help="At most this many documents to each annotator in this round.")
@click.option("--who", default="lead", show_default=True, help="Name written in the history.")
def assign(
    db: str,
    annotators: str,
    overlap: float,
    copies: int,
    seed: str,
    out: str,
    statuses: tuple[str, ...],
    per_annotator: int | None,
    who: str,
) -> None:
    """Hand the documents out: one project file (work pack) per annotator in
    OUT, with its share, the scheme, the guidelines and the suggestions.

    Every document goes to one annotator, an --overlap share (chosen by a
    hash of the seed and the document id) to --copies annotators. The round
    is recorded in DB; running assign again hands out only documents no one
    has yet. Bring the packs back with 'annotator merge DB OUT/*'.
    """
    from annotator.team.assign import assign as run_assign

    with open_project(db) as project:
        report = run_assign(
            project,
            annotators,
            overlap,
            seed,
            out,
            copies=copies,
            statuses=statuses or None,
            per_annotator=per_annotator,
            who=who,
        )
    click.echo(report.summary())


@cli.command()
@_db_argument
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--who", default="lead", show_default=True, help="Name written in the history.")
def guidelines(db: str, file: str | None, who: str) -> None:
    """Set the project's guidelines from a Markdown FILE (UTF-8), or print them."""
    from annotator.team import guidelines as gl

    if file is None:
        with open_project(db, readonly=True) as project:
            text = gl.get(project)
        if text:
            click.echo(text, nl=not text.endswith("\n"))
        else:
            click.echo(f"{db} has no guidelines yet: annotator guidelines {db} FILE.md", err=True)
        return
    text = gl.read_guidelines_file(file)
    with open_project(db) as project:
        gl.put(project, text, who=who)
    click.echo(f"set the guidelines of {db} from {file} ({len(text)} characters)")


def _stats_by_annotator(db: str, as_json: bool) -> None:
    from annotator.team.progress import COLUMNS, by_annotator, table_cells

    with open_project(db, readonly=True) as project:
        data = by_annotator(project)
    if as_json:
        echo_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"{db}: per annotator (active time: gaps under {data['idle_seconds']:.0f} s between edits)",
        title_justify="left",
    )
    short = {"active hours": "active h", "spans per hour": "spans/h"}
    for col in (short.get(c, c) for c in COLUMNS):
        table.add_column(col, justify="left" if col in ("annotator", "spans", "accept rate") else "right")
    for row in data["annotators"]:
        table.add_row(*table_cells(row, join=" ", count="{}={}", no_spans="-", missing="-"))
    Console(width=None if sys.stdout.isatty() else 160).print(table)  # a log file gets whole rows


@cli.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False))
@click.option("--doc", "doc_id", help="Open this document.")
@click.option("--annotator", help="Annotate as NAME (asked once and remembered otherwise).")
@click.option("--screenshot", type=click.Path(dir_okay=False), help="Render the window to PNG and exit.")
@click.option("--lang", type=click.Choice(["en", "ar"]), help="Interface language.")
@click.option("--review", is_flag=True, help="Open review mode (agreement and adjudication into gold).")
def gui(
    db: str | None, doc_id: str | None, annotator: str | None, screenshot: str | None, lang: str | None, review: bool
) -> None:
    """Open the editor; with --screenshot, render the window (offscreen if
    there is no display), save it and exit."""
    from annotator.ui.app import run

    sys.exit(run(db=db, doc_id=doc_id, annotator=annotator, screenshot=screenshot, lang=lang, review=review))


@cli.command("install-desktop")
def install_desktop() -> None:
    """Linux: add annotator to the applications menu, with its icon, and open
    *.annot project files with it (for the current user)."""
    from annotator.desktop import install

    for path in install():
        click.echo(f"installed {path}")


# ---------------------------------------------------------------------------
def _multiprocessing_child(argv: list[str]) -> bool:
    """Whether the PyInstaller bundle was started as one of multiprocessing's
    processes (a spawned worker, the resource tracker, the fork server):
    their arguments are ``--multiprocessing-fork ...`` or ``... -c CODE``.
    Any other start leaves multiprocessing unimported."""
    return argv[1:2] == ["--multiprocessing-fork"] or "-c" in argv[1:]


def main(argv: list[str] | None = None) -> int:
    """Entry point: maps bad input to one ``error:`` line and exit code 2.
    sqlite3 is not imported for it (``--help`` never loads it): a database
    error can only come from a command that did."""
    if getattr(sys, "frozen", False) and _multiprocessing_child(sys.argv):
        import multiprocessing

        multiprocessing.freeze_support()  # runs the child's work and exits

    try:
        cli.main(args=argv, prog_name="annotator", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 130
    except click.ClickException as exc:
        ctx = getattr(exc, "ctx", None)  # a usage error knows its command
        where = f" ({ctx.command_path})" if ctx else ""
        click.echo(f"error: {exc.format_message()}{where}", err=True)
        return 2
    except AnnotatorError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    except MemoryError:
        click.echo("error: out of memory reading the input", err=True)
        return 2
    except RecursionError:
        click.echo("error: the input is nested too deeply to read", err=True)
        return 2
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {name}{exc.strerror or exc}", err=True)
        return 2
    except Exception as exc:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(exc, sqlite3.Error):
            raise
        click.echo(f"error: database: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("error: interrupted; nothing was changed", err=True)
        return 130
    return 0


def gui_main() -> int:
    """``annotator-gui [PROJECT]`` (the desktop entry, no console on Windows):
    ``annotator gui`` with the same options."""
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
