"""Bringing a colleague's project into this one.

Documents are matched by the SHA-256 of their text (``documents.sha256``),
never by id: two laptops may have imported the same article under different
ids. A document whose text differs by even one character is a different
document; it is added as a new one, and when its id is already taken here by
the other text it gets the id ``<id>-<first 8 hex digits of its hash>`` and
is listed in :attr:`MergeReport.different_text`.

For a matched document, each annotator's spans are compared with what this
project already holds for that annotator (a span is compared by layer,
range, label, status, source and attributes, never by id):

* nothing new (the incoming spans are all here already): nothing happens,
  which makes merging twice a no-op;
* the annotator has no spans here, or only a subset of the incoming ones
  (the other laptop carried on from a copy of this file): the missing spans
  are added;
* both sides hold spans the other lacks (the same name annotated the
  document on two laptops): a **conflict**. A lead annotator wants to see
  both versions and decide, not have one silently win or have the two
  versions mixed into one annotator (that would double-count spans and
  corrupt agreement). So this project's spans stay as they are, and the
  incoming ones are kept under the annotator ``<name>@<other file's
  stem>`` (``amira@laptop2``), where review mode and ``agree`` show them as
  one more annotator. The conflict is logged in the history (action
  ``conflict``, with both sides' spans) and reported.

An incoming span that is an earlier state of a span this project has since
changed or deleted (same id, content found in this project's history) is
an old copy, not a colleague's decision: it is left out and counted in
:attr:`MergeReport.superseded`, so a stale laptop copy never brings a
deleted span back or turns an edit into a conflict.

Spans of this project are never changed or deleted by a merge. Relations
and comments follow their spans (ids are renamed only if they clash);
document status takes the further of the two (``new`` < ``in_progress`` <
``done`` < ``reviewed``); labels the other scheme has and this one lacks are
added to the scheme. The other project's history rows for each document are
copied (author and time kept, never replayed by undo). Before it starts,
every row of the other file is checked (:func:`annotator.store.validate.check_rows`):
a damaged file is refused whole, naming its table and row.

A merge is all or nothing, yet never holds the write lock for more than a
moment, so an editor keeps saving while a large project merges in: it is
written a document at a time in transactions of about 100 ms
(:func:`annotator.store.slices.write_in_slices`) as a
:class:`annotator.store.staging.Run`. The documents it adds stay invisible
until the last short transaction; what it adds to documents already here is
recorded, and a failure, a cancel or a kill (at the next open) undoes all of
it. Inside a caller's transaction it is simply part of that transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotator.errors import ProjectError
from annotator.model import DOC_STATUSES, Comment, Document, Relation, Scheme, Span
from annotator.store import Project, merge_rows, staging, text_hash
from annotator.store.history import log
from annotator.store.slices import write_in_slices
from annotator.store.validate import check_rows

SpanSig = tuple[str, int, int, str, str, str, str]


@dataclass
class Conflict:
    """One annotator's two diverging versions of one document."""

    doc_id: str
    annotator: str
    kept_as: str  # the incoming version's annotator name here
    here_only: int  # spans only this project had
    incoming_only: int  # spans only the other project had

    def describe(self) -> str:
        return (
            f"{self.doc_id}: {self.annotator!r} differs ({self.here_only} spans only here, "
            f"{self.incoming_only} only in the other project); theirs kept as {self.kept_as!r}"
        )


@dataclass
class MergeReport:
    other: str
    documents_added: list[tuple[str, str]] = field(default_factory=list)  # (their id, id here)
    documents_matched: list[tuple[str, str]] = field(default_factory=list)  # (their id, id here)
    different_text: list[tuple[str, str]] = field(default_factory=list)  # (their id, new id here)
    spans_added: int = 0
    superseded: int = 0  # older versions of spans changed or deleted here since
    relations_added: int = 0
    comments_added: int = 0
    history_copied: int = 0
    statuses_changed: int = 0
    labels_added: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.documents_added
            or self.spans_added
            or self.relations_added
            or self.comments_added
            or self.history_copied
            or self.statuses_changed
            or self.labels_added
            or self.conflicts
        )

    def summary(self) -> str:
        lines = [
            f"merged {self.other}: {len(self.documents_added)} documents added, "
            f"{len(self.documents_matched)} matched by text, {self.spans_added} spans, "
            f"{self.relations_added} relations, {self.comments_added} comments, "
            f"{self.history_copied} history rows brought in"
        ]
        if self.superseded:
            lines.append(f"{self.superseded} spans left out: older versions of spans since changed or deleted here")
        if self.labels_added:
            lines.append(f"labels added to the scheme: {', '.join(self.labels_added)}")
        for theirs, here in self.different_text:
            lines.append(f"{theirs}: same id as a document here but a different text; added as {here!r}")
        for c in self.conflicts:
            lines.append("conflict: " + c.describe())
        if not self.changed:
            lines.append("nothing new: the project already holds everything in it")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "other": self.other,
            "documents_added": [list(p) for p in self.documents_added],
            "documents_matched": [list(p) for p in self.documents_matched],
            "different_text": [list(p) for p in self.different_text],
            "spans_added": self.spans_added,
            "superseded": self.superseded,
            "relations_added": self.relations_added,
            "comments_added": self.comments_added,
            "history_copied": self.history_copied,
            "statuses_changed": self.statuses_changed,
            "labels_added": self.labels_added,
            "conflicts": [c.__dict__ for c in self.conflicts],
        }


def span_sig(span: Span) -> SpanSig:
    """A span's content without its id and annotator."""
    return (
        span.layer,
        span.start,
        span.end,
        span.label,
        span.status,
        span.source,
        json.dumps(span.attrs, sort_keys=True, ensure_ascii=False),
    )


READ_DOCS = 200  # documents of the other project read (and their history) between writes


def merge(project: Project, other_path: str | Path, who: str = "merge") -> MergeReport:
    """Bring the project at ``other_path`` into ``project`` (see the module
    docstring for the rules). Returns what was done."""
    return merge_many(project, [other_path], who)[0]


def merge_many(
    project: Project,
    others: Sequence[str | Path],
    who: str = "merge",
    after_each: Callable[[int, Path], None] | None = None,
    before_end: Callable[[], None] | None = None,
) -> list[MergeReport]:
    """Merge several projects, all of them or none; ``after_each(i, path)``
    after the i-th (from 1) and ``before_end()`` just before the merge is
    made final may raise to cancel it."""
    paths = [Path(p) for p in others]
    for path in paths:
        if path.resolve() == project.path.resolve():
            raise ProjectError(f"{path}: cannot merge a project into itself")
    for (
        path
    ) in paths:  # every row of every other file checked before anything is written: a damaged one is refused whole
        with Project.open(path, readonly=True) as other:
            check_rows(other)
    if project.conn.in_transaction:  # the caller's transaction holds it all
        reports = []
        for i, path in enumerate(paths, 1):
            reports.append(_merge_one(project, path, who, None))
            _log_report(project, reports[-1], who)
            if after_each:
                after_each(i, path)
        if before_end:
            before_end()
        return reports
    run = staging.Run(project)
    run.start()
    try:
        reports = []
        for i, path in enumerate(paths, 1):
            reports.append(_merge_one(project, path, who, run))
            if after_each:
                after_each(i, path)
        if before_end:
            before_end()
    except BaseException:
        run.abort()
        raise

    def last() -> None:
        for report in reports:
            _log_report(project, report, who)

    run.finish(last)
    return reports


def _log_report(project: Project, report: MergeReport, who: str) -> None:
    if report.changed:
        log(project, who, "merge", "project", None, report.other, None, report.as_dict())


def _merge_one(project: Project, other_path: Path, who: str, run: staging.Run | None) -> MergeReport:
    origin = other_path.stem
    report = MergeReport(other=str(other_path))
    with Project.open(other_path, readonly=True) as other:
        with project.transaction():
            _merge_scheme(project, other.scheme(), who, report, run)
            for name in other.annotators():
                project.ensure_annotator(name)

        def write(group: list[tuple[Document, list[dict[str, Any]]]]) -> None:
            _merge_group(project, group, origin, who, report, run)

        docs = other.iter_documents(statuses=None)
        while chunk := list(islice(docs, READ_DOCS)):
            # read with no lock held, then written a few documents per step, ~100 ms per transaction
            history = merge_rows.histories(other, [doc.id for doc in chunk])
            write_in_slices(project, list(_groups([(doc, history[doc.id]) for doc in chunk])), write)
    return report


GROUP_DOCS = 20  # documents written together (one statement per table for those new here)
GROUP_CHARS = 50_000


def _groups(
    items: list[tuple[Document, list[dict[str, Any]]]],
) -> Iterator[list[tuple[Document, list[dict[str, Any]]]]]:
    group: list[tuple[Document, list[dict[str, Any]]]] = []
    chars = 0
    for item in items:
        group.append(item)
        chars += len(item[0].text)
        if len(group) >= GROUP_DOCS or chars >= GROUP_CHARS:
            yield group
            group, chars = [], 0
    if group:
        yield group


def _merge_group(
    project: Project,
    group: list[tuple[Document, list[dict[str, Any]]]],
    origin: str,
    who: str,
    report: MergeReport,
    run: staging.Run | None,
) -> None:
    """A few documents of the other project, in order: those whose id and
    text are new here (and not repeated in the group) are added together;
    any other is merged on its own (:func:`_merge_item`), once the new ones
    before it are written."""
    shas = [text_hash(doc.text) for doc, _ in group]
    ids_here, shas_here = merge_rows.taken(project, [doc.id for doc, _ in group], shas)
    fresh: list[tuple[Document, str, list[dict[str, Any]]]] = []
    for (doc, history), sha in zip(group, shas, strict=True):
        if doc.id in ids_here or sha in shas_here:
            _add_fresh(project, fresh, who, report, run)
            fresh = []
            ids_here.add(_merge_item(project, doc, sha, history, origin, who, report, run))
        else:
            fresh.append((doc, sha, history))
        ids_here.add(doc.id)
        shas_here.add(sha)
    _add_fresh(project, fresh, who, report, run)


def _add_fresh(
    project: Project,
    fresh: list[tuple[Document, str, list[dict[str, Any]]]],
    who: str,
    report: MergeReport,
    run: staging.Run | None,
) -> None:
    """Add documents whose ids and texts are not here (as
    :meth:`Project.add_document` would, for all of them at once)."""
    if not fresh:
        return
    scheme = project.scheme()
    for doc, _, _ in fresh:
        doc.check_scheme(scheme)
        if run is not None:
            run.hide(doc.id)  # invisible until the merge is final, and removed whole if it is not
    report.history_copied += merge_rows.add_documents(project, fresh, who)
    for doc, _, _ in fresh:
        report.documents_added.append((doc.id, doc.id))
        report.spans_added += len(doc.spans)
        report.relations_added += len(doc.relations)
        report.comments_added += len(doc.comments)


def _merge_item(
    project: Project,
    doc: Document,
    sha: str,
    history: list[dict[str, Any]],
    origin: str,
    who: str,
    report: MergeReport,
    run: staging.Run | None,
) -> str:
    """One document of the other project whose id or text is here already;
    returns its id here."""
    here = project.document_by_hash(sha)
    if here is None:
        new_id = doc.id
        if project.has_document(doc.id):
            new_id = f"{doc.id}-{sha[:8]}"
            report.different_text.append((doc.id, new_id))
        if run is not None:
            run.hide(new_id)  # invisible until the merge is final, and removed whole if it is not
        project.add_document(doc.model_copy(update={"id": new_id}), who=who)
        report.documents_added.append((doc.id, new_id))
        report.spans_added += len(doc.spans)
        report.relations_added += len(doc.relations)
        report.comments_added += len(doc.comments)
        report.history_copied += merge_rows.copy_history(project, new_id, history)
        return new_id
    report.documents_matched.append((doc.id, here))
    _merge_document(project, here, doc, origin, who, report)
    seen = merge_rows.history_signatures(project, here)
    fresh = [r for r in history if merge_rows.history_signature(r) not in seen]
    report.history_copied += merge_rows.copy_history(project, here, fresh)
    return here


def _merge_scheme(project: Project, theirs: Scheme, who: str, report: MergeReport, run: staging.Run | None) -> None:
    mine = project.scheme()
    missing = [lab for lab in theirs.labels if mine.get(lab.layer, lab.name) is None]
    names = set(mine.relation_names())
    missing_rel = [r for r in theirs.relations if r.name not in names]
    if not missing and not missing_rel:
        return
    hotkeys = {lab.hotkey for lab in mine.labels if lab.hotkey}
    added = [lab.model_copy(update={"hotkey": None}) if lab.hotkey in hotkeys else lab for lab in missing]
    if run is not None:
        run.save_scheme()
    project.set_scheme(Scheme(labels=[*mine.labels, *added], relations=[*mine.relations, *missing_rel]), who=who)
    report.labels_added = [f"{lab.name}({lab.layer})" for lab in missing] + [f"{r.name}(relation)" for r in missing_rel]


def _merge_document(project: Project, doc_id: str, doc: Document, origin: str, who: str, report: MergeReport) -> None:
    here_spans = project.spans(doc_id, statuses=None)
    by_name: dict[str, list[Span]] = {}
    for sp in here_spans:
        by_name.setdefault(sp.annotator, []).append(sp)
    live = {(sp.id, span_sig(sp)) for sp in here_spans}
    past = {
        sid: {sig for state in states if (sig := _state_sig(state)) is not None}
        for sid, states in merge_rows.past_span_states(project, doc_id).items()
    }
    incoming: dict[str, list[Span]] = {}
    for sp in doc.spans:
        sig = span_sig(sp)
        if (sp.id, sig) not in live and sig in past.get(sp.id, ()):
            report.superseded += 1  # a copy made before this project changed or deleted the span
            continue
        incoming.setdefault(sp.annotator, []).append(sp)

    ids = merge_rows.used_ids(project, doc_id)
    span_map: dict[str, str] = {}  # their span id -> span id here
    name_map: dict[str, str] = {}  # their annotator -> annotator here, for this document
    new_spans: list[Span] = []
    for name, theirs in incoming.items():
        target = _place(name, theirs, by_name, origin, doc_id, report, project, who)
        name_map[name] = target
        have = {span_sig(s): s.id for s in by_name.get(target, [])}
        for sp in theirs:
            sig = span_sig(sp)
            if sig in have:
                span_map[sp.id] = have[sig]
                continue
            sid = merge_rows.fresh_id("s", ids["spans"], sp.id)
            added = sp.model_copy(update={"id": sid, "annotator": target})
            new_spans.append(added)
            by_name.setdefault(target, []).append(added)
            have[sig] = sid
            span_map[sp.id] = sid
    merge_rows.insert_spans(project, doc_id, new_spans, who, origin)
    report.spans_added += len(new_spans)

    here_rels = {(r.head, r.tail, r.label, r.annotator) for r in project.relations(doc_id)}
    new_rels: list[Relation] = []
    for rel in doc.relations:
        head, tail = span_map.get(rel.head), span_map.get(rel.tail)
        if head is None or tail is None:
            continue
        key = (head, tail, rel.label, name_map.get(rel.annotator, rel.annotator))
        if key in here_rels:
            continue
        here_rels.add(key)
        rid = merge_rows.fresh_id("r", ids["relations"], rel.id)
        new_rels.append(rel.model_copy(update={"id": rid, "head": head, "tail": tail, "annotator": key[3]}))
    merge_rows.insert_relations(project, doc_id, new_rels, who, origin)
    report.relations_added += len(new_rels)

    here_comments: set[tuple[str | None, str, str, str]] = {
        (c.span, c.author, c.text, c.created) for c in project.comments(doc_id)
    }
    new_comments: list[Comment] = []
    for com in doc.comments:
        span = None if com.span is None else span_map.get(com.span)
        if com.span is not None and span is None:
            continue
        comment_key = (span, com.author, com.text, com.created)
        if comment_key in here_comments:
            continue
        here_comments.add(comment_key)
        cid = merge_rows.fresh_id("c", ids["comments"], com.id)
        new_comments.append(com.model_copy(update={"id": cid, "span": span}))
    merge_rows.insert_comments(project, doc_id, new_comments, who, origin)
    report.comments_added += len(new_comments)

    mine = project.document_status(doc_id)
    if DOC_STATUSES.index(doc.status) > DOC_STATUSES.index(mine):
        project.set_status(doc_id, doc.status, who)
        report.statuses_changed += 1


def _state_sig(state: dict[str, Any]) -> SpanSig | None:
    """The signature of a span state from the history (None if the row is
    not a span as this version knows one)."""
    try:
        return span_sig(Span.model_validate(state))
    except ValidationError:
        return None


def _place(
    name: str,
    theirs: list[Span],
    by_name: dict[str, list[Span]],
    origin: str,
    doc_id: str,
    report: MergeReport,
    project: Project,
    who: str,
) -> str:
    """The annotator name under which ``name``'s incoming spans go here:
    ``name`` itself unless both sides diverged, else ``name@origin`` (or
    ``name@origin-2``... if that one diverged too)."""
    incoming = {span_sig(s) for s in theirs}
    candidates = [name, f"{name}@{origin}"] + [f"{name}@{origin}-{i}" for i in range(2, 100)]
    for i, cand in enumerate(candidates):
        here = {span_sig(s) for s in by_name.get(cand, [])}
        if incoming <= here or here <= incoming:
            if i > 0 and not incoming <= here:
                mine = {span_sig(s) for s in by_name.get(name, [])}
                report.conflicts.append(Conflict(doc_id, name, cand, len(mine - incoming), len(incoming - mine)))
                log(
                    project,
                    who,
                    "conflict",
                    "annotator",
                    doc_id,
                    name,
                    {"annotator": name, "spans": [s.model_dump() for s in by_name.get(name, [])]},
                    {"annotator": cand, "origin": origin, "spans": [s.model_dump() for s in theirs]},
                )
            return cand
    raise ProjectError(f"document {doc_id!r}: {name!r} has diverged in too many merges from {origin!r}")
