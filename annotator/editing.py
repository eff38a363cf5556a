"""The edit session: every rule about what an annotator's edit means, in one
Qt-free place the editor, the review window and tests all call.

    session = EditSession(project, "amira")
    edit = session.label("doc1", "entity", "GPE", 10, 15)
    edit.ok, edit.message          # True, 'labelled GPE on «ليبيا»'
    edit.added, edit.changed, edit.removed, edit.status

Every operation is **atomic**: one transaction and one undo batch (undo is
per document, so "label all" across the project is one transaction holding
one undo step per document), all or nothing. It returns an :class:`Edit`
saying exactly what changed, so a view redraws only that:

* ``added`` / ``changed``: spans as they are now (a rejected suggestion is
  ``changed`` with status ``rejected``: views that hide rejected spans drop
  it); ``removed``: ids of spans no longer in the store;
* ``relations_added`` / ``relations_removed`` (ids);
* ``status``: the document's new status when the edit changed it;
* ``documents``: every document whose spans or status changed (the rows a
  document list refreshes), ``counts``: how each one's span and pending
  suggestion counts moved (so a list need not count 20,000 spans again); ``reload``: the edit touched too much to list
  (e.g. "suggest numbers"), read the document again;
* ``span``: the span the edit is about (to select after it);
* ``message``: one line for the status bar ("accepted 6 NUMBER
  suggestions", "undid: label GPE on «ليبيا»");
* ``ok`` False means nothing changed; ``error`` True means it was refused
  (a rule, or a locked database) and ``message`` says why.

The rules:

* The first edit of a ``new`` document marks it ``in_progress`` (in the
  edit's own undo step).
* :meth:`label` on a range a same-layer *suggestion* covers exactly accepts
  that suggestion (its attributes kept: a ``year`` stays a year) instead of
  adding a second span; on a range the annotator already labelled, it
  relabels that span; a number span gets its value and kind read from the
  text.
* A range that *crosses* (overlaps without nesting) a same-layer span of the
  same annotator is refused, naming both; nesting is allowed. The same holds
  for accepting or relabelling a suggestion, since it becomes the
  annotator's span.
* Relabelling a suggestion accepts it; deleting a suggestion rejects it
  (kept as rejected, so it is never suggested again).
* :meth:`accept_all` accepts every listed suggestion or none: one conflict
  refuses the batch and names it.
* :meth:`label_all` labels every unlabelled match of a query in the document
  or the whole project; a match exactly on a suggestion accepts it; matches
  that would cross a span are left out and counted in the message.
* :meth:`link` joins a claim (head) to another span; the head must be a
  claim.
* :meth:`undo` / :meth:`redo` replay the annotator's last step on the
  document and say what it was.
* :meth:`label_unit` (a document or sentence label key): the annotator's
  label of that unit becomes the new one, replacing the one they had; the
  same key again takes it off; a suggestion of that label over the unit is
  accepted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from annotator import collector
from annotator.arabic import search as arabic_search
from annotator.arabic.numbers import find_numbers
from annotator.errors import AnnotatorError, ModelError
from annotator.model import DOC_STATUSES, Relation, Span, new_id
from annotator.store import Project

SURFACE_CHARS = 40


class Refused(ModelError):
    """An edit a rule does not allow; the message says which and why."""


@dataclass
class Edit:
    """What one session call did (see the module docstring)."""

    ok: bool = True
    message: str = ""
    error: bool = False
    doc_id: str | None = None
    added: list[Span] = field(default_factory=list)
    changed: list[Span] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    relations_added: list[Relation] = field(default_factory=list)
    relations_removed: list[str] = field(default_factory=list)
    status: str | None = None
    documents: list[str] = field(default_factory=list)
    reload: bool = False
    span: Span | None = None
    count: int = 0  # how many spans a bulk edit added or accepted
    # per document, how the counts a document list shows moved: (spans, pending suggestions)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok

    @property
    def spans(self) -> list[Span]:
        """Added and changed spans: what a view puts (or drops, if rejected)."""
        return [*self.added, *self.changed]

    def touch(self, doc_id: str) -> None:
        if doc_id not in self.documents:
            self.documents.append(doc_id)

    def moved(self, doc_id: str, before: str | None, after: str | None, n: int = 1) -> None:
        """``n`` spans went from status ``before`` to ``after`` (None: absent)."""
        spans, pending = self.counts.get(doc_id, (0, 0))
        for status, sign in ((before, -n), (after, n)):
            if status == "accepted":
                spans += sign
            elif status == "suggested":
                pending += sign
        self.counts[doc_id] = (spans, pending)
        self.touch(doc_id)


def number_attrs(text: str, start: int, end: int) -> dict[str, Any]:
    """Value and kind of a number span, read by the Arabic number finder
    when the selection holds exactly one number (the person corrects them
    in the side panel); empty otherwise."""
    found = list(find_numbers(text[start:end]))
    if len(found) != 1:
        return {}
    return {"value": found[0].value, "kind": found[0].kind}


def _quote(text: str) -> str:
    short = text[:SURFACE_CHARS] + ("…" if len(text) > SURFACE_CHARS else "")
    return f"«{short}»"


class EditSession:
    """One annotator's edits on a project (see the module docstring)."""

    def __init__(self, project: Project, annotator: str):
        self.project = project
        self.annotator = annotator
        self._texts: dict[str, str] = {}

    # ------------------------------------------------------------ reading
    def text(self, doc_id: str) -> str:
        """The document's text (kept: documents never change their text)."""
        if doc_id not in self._texts:
            if len(self._texts) > 8:
                self._texts.clear()
            self._texts[doc_id] = self.project.document_text(doc_id)
        return self._texts[doc_id]

    def surface(self, doc_id: str, span: Span | dict[str, Any]) -> str:
        start, end = (span["start"], span["end"]) if isinstance(span, dict) else (span.start, span.end)
        return _quote(self.text(doc_id)[start:end])

    def counts(self, doc_id: str) -> tuple[int, int]:
        """``(spans, pending suggestions)`` of the document, as its list row counts them."""
        rows = self.project.list_documents(doc_id=doc_id)
        return (rows[0].spans, rows[0].suggested) if rows else (0, 0)

    # ------------------------------------------------------------ machinery
    def _run(self, doc_id: str | None, work: Callable[[str, Edit], None]) -> Edit:
        """Run ``work(batch, edit)`` in one transaction; a refusal or a store
        error rolls everything back and comes back as a refused :class:`Edit`."""
        edit = Edit(doc_id=doc_id)
        # No cyclic collection inside an edit: with a large document open, a full
        # collection walks every span of the view's index (about 80 ms with 20,000
        # spans), most often inside an accept-all.
        try:
            with collector.paused(), self.project.transaction():
                work(new_id("b"), edit)
        except (AnnotatorError, sqlite3.Error) as exc:
            return Edit(ok=False, error=True, message=str(exc), doc_id=doc_id)
        except ValidationError as exc:  # a value the data model does not allow (a number that is not one)
            why = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            return Edit(ok=False, error=True, message=f"not saved: {why}", doc_id=doc_id)
        return edit

    def _start(self, doc_id: str, batch: str, edit: Edit) -> None:
        """The first edit of a new document marks it in progress (same batch)."""
        if self.project.document_status(doc_id) == "new":
            self.project.set_status(doc_id, "in_progress", self.annotator, batch=batch)
            if doc_id == edit.doc_id:
                edit.status = "in_progress"
        edit.touch(doc_id)

    def _get(self, doc_id: str, span_id: str) -> Span:
        span = self.project.get_span(doc_id, span_id)
        if span is None:
            raise Refused(f"document {doc_id!r}: no span {span_id!r} (removed meanwhile? press F5)")
        return span

    def _suggestion(self, doc_id: str, span_id: str) -> Span:
        span = self._get(doc_id, span_id)
        if span.status != "suggested":
            raise Refused(f"{span.label} {self.surface(doc_id, span)} is not a suggestion")
        return span

    def _change(self, doc_id: str, span: Span, batch: str, edit: Edit, **changes: Any) -> Span:
        """Store ``changes`` to ``span`` (a new document is marked in progress
        first) as the edit's span, counting the move of its status."""
        self._start(doc_id, batch, edit)
        edit.span = self.project.update_span(doc_id, span.id, self.annotator, batch=batch, **changes)
        edit.changed.append(edit.span)
        edit.moved(doc_id, span.status, edit.span.status)
        return edit.span

    def _check_crossing(
        self, doc_id: str, layer: str, label: str, start: int, end: int, ignore: str | None = None
    ) -> None:
        for other in self.project.crossing_spans(doc_id, self.annotator, layer, start, end):
            if other.id == ignore:
                continue
            raise Refused(
                f"{label} {_quote(self.text(doc_id)[start:end])} [{start}:{end}] would cross {other.label} "
                f"{self.surface(doc_id, other)} [{other.start}:{other.end}]: spans of one layer may nest, not cross"
            )

    def _accept_changes(self, doc_id: str, span: Span, label: str | None = None) -> dict[str, Any]:
        """A suggestion becoming the annotator's span: the checks, then the changes."""
        name = label or span.label
        mine = self.project.find_span(doc_id, self.annotator, span.layer, span.start, span.end)
        if mine is not None and mine.id != span.id:
            raise Refused(
                f"the {span.label} suggestion on {self.surface(doc_id, span)} is where you already have "
                f"{mine.label} {self.surface(doc_id, mine)}; delete or reject one of them"
            )
        self._check_crossing(doc_id, span.layer, name, span.start, span.end, ignore=span.id)
        changes: dict[str, Any] = {"status": "accepted", "annotator": self.annotator}
        if name != span.label:
            changes["label"] = name
        return changes

    # ------------------------------------------------------------ spans
    def label(
        self, doc_id: str, layer: str, label: str, start: int, end: int, attrs: dict[str, Any] | None = None
    ) -> Edit:
        """Label ``text[start:end]`` (see the rules in the module docstring)."""

        def work(batch: str, edit: Edit) -> None:
            surface = _quote(self.text(doc_id)[start:end])
            mine = self.project.find_span(doc_id, self.annotator, layer, start, end)
            if mine is not None:
                if mine.label == label and (attrs is None or attrs == mine.attrs):
                    edit.ok, edit.span, edit.message = False, mine, f"{surface} is already {label}"
                    return
                changes: dict[str, Any] = {"label": label}
                if attrs is not None:
                    changes["attrs"] = attrs
                self._change(doc_id, mine, batch, edit, **changes)
                edit.message = f"relabelled {surface}: {mine.label} → {label}"
                return
            suggestion = next((s for s in self.project.spans_at(doc_id, start, end, layer, ("suggested",))), None)
            if suggestion is not None:
                changes = self._accept_changes(doc_id, suggestion, label)
                if attrs is not None:
                    changes["attrs"] = attrs
                accepted = self._change(doc_id, suggestion, batch, edit, **changes)
                kind = f" ({accepted.attrs['kind']})" if accepted.attrs.get("kind") else ""
                edit.message = f"accepted the {suggestion.label} suggestion on {surface}{kind}" + (
                    f" as {label}" if label != suggestion.label else ""
                )
                return
            self._check_crossing(doc_id, layer, label, start, end)
            self._start(doc_id, batch, edit)
            values = (
                attrs
                if attrs is not None
                else (number_attrs(self.text(doc_id), start, end) if layer == "number" else {})
            )
            span = Span(start=start, end=end, label=label, layer=layer, annotator=self.annotator, attrs=values)
            edit.span = self.project.add_span(doc_id, span, self.annotator, batch=batch)
            edit.added.append(edit.span)
            edit.moved(doc_id, None, "accepted")
            edit.message = f"labelled {label} on {surface}"

        return self._run(doc_id, work)

    def relabel(self, doc_id: str, span_id: str, label: str) -> Edit:
        """Give a span another label of its layer; a suggestion so relabelled is accepted."""

        def work(batch: str, edit: Edit) -> None:
            span = self._get(doc_id, span_id)
            if span.status == "suggested":
                changes = self._accept_changes(doc_id, span, label)
                verb = f"accepted {self.surface(doc_id, span)} as {label}"
            elif span.label == label:
                edit.ok, edit.span, edit.message = False, span, f"{self.surface(doc_id, span)} is already {label}"
                return
            else:
                changes = {"label": label}
                verb = f"relabelled {self.surface(doc_id, span)}: {span.label} → {label}"
            self._change(doc_id, span, batch, edit, **changes)
            edit.message = verb

        return self._run(doc_id, work)

    def set_attrs(self, doc_id: str, span_id: str, attrs: dict[str, Any]) -> Edit:
        """Replace a span's attributes (a number's value and kind, a claim's certainty…)."""

        def work(batch: str, edit: Edit) -> None:
            span = self._get(doc_id, span_id)
            self._change(doc_id, span, batch, edit, attrs=dict(attrs))
            edit.message = f"saved the attributes of {span.label} {self.surface(doc_id, span)}"

        return self._run(doc_id, work)

    def accept(self, doc_id: str, span_id: str) -> Edit:
        """Accept a suggestion: it becomes the annotator's span, attributes kept."""

        def work(batch: str, edit: Edit) -> None:
            span = self._suggestion(doc_id, span_id)
            self._change(doc_id, span, batch, edit, **self._accept_changes(doc_id, span))
            edit.message = f"accepted {span.label} on {self.surface(doc_id, span)}"

        return self._run(doc_id, work)

    def reject(self, doc_id: str, span_id: str) -> Edit:
        """Reject a suggestion (kept as rejected: never suggested again)."""

        def work(batch: str, edit: Edit) -> None:
            span = self._suggestion(doc_id, span_id)
            self._change(doc_id, span, batch, edit, status="rejected")
            edit.message = f"rejected {span.label} on {self.surface(doc_id, span)}"

        return self._run(doc_id, work)

    def delete(self, doc_id: str, span_id: str) -> Edit:
        """Delete a span with its relations; a suggestion is rejected instead."""
        span = self.project.get_span(doc_id, span_id)
        if span is not None and span.status == "suggested":
            return self.reject(doc_id, span_id)

        def work(batch: str, edit: Edit) -> None:
            span = self._get(doc_id, span_id)
            edit.relations_removed = [r.id for r in self.project.relations(doc_id, span=span_id)]
            self.project.delete_span(doc_id, span_id, self.annotator, batch=batch)
            edit.moved(doc_id, span.status, None)
            edit.removed.append(span_id)
            edit.message = f"deleted {span.label} on {self.surface(doc_id, span)}"

        return self._run(doc_id, work)

    def accept_all(self, doc_id: str, layer: str, label: str, span_ids: Sequence[str] | None = None) -> Edit:
        """Accept every suggestion of one label in the document (or those of
        ``span_ids``), or none if any of them conflicts."""

        def work(batch: str, edit: Edit) -> None:
            if span_ids is None:
                todo = [s for s in self.project.spans(doc_id, layer=layer, statuses=("suggested",)) if s.label == label]
            else:
                wanted = set(span_ids)
                todo = [  # read by id: a thousand of them, not every span of a large document
                    s for s in self.project.get_spans(doc_id, span_ids) if s.layer == layer and s.status == "suggested"
                ]
                todo.sort(key=lambda s: (s.start, -s.end, s.id))
                if len(todo) < len(wanted):
                    gone = sorted(wanted - {s.id for s in todo})
                    raise Refused(
                        f"nothing accepted: {len(gone)} of the suggestions are no longer there "
                        f"(first {gone[0]!r}); press F5 to see the document as stored"
                    )
            if not todo:
                edit.ok, edit.message = False, f"no {label} suggestions to accept"
                return
            self._check_batch(doc_id, todo)
            self._start(doc_id, batch, edit)
            edit.changed = self.project.update_spans(
                doc_id,
                [(s.id, {"status": "accepted", "annotator": self.annotator}) for s in todo],
                self.annotator,
                batch=batch,
                current=todo,  # read above, in this transaction
            )
            edit.count = len(todo)
            edit.moved(doc_id, "suggested", "accepted", len(todo))
            edit.message = f"accepted {len(todo)} {label} suggestion{'s' if len(todo) != 1 else ''}"

        return self._run(doc_id, work)

    def _check_batch(self, doc_id: str, todo: Sequence[Span]) -> None:
        """Refuse the whole batch if one suggestion would sit on, or cross, a
        span of the annotator's (or another suggestion of the batch)."""
        for layer in {s.layer for s in todo}:
            batch = {s.id for s in todo if s.layer == layer}
            # (start, -end, order, id, label): outer before inner at one start, as the stack
            # needs; on one range the annotator's spans first, then the batch in its order
            items = [
                (start, -end, 0, sid, label)
                for sid, start, end, label in self.project.span_extents(doc_id, self.annotator, layer)
                if sid not in batch
            ]
            items.extend((s.start, -s.end, k, s.id, s.label) for k, s in enumerate(todo, 1) if s.layer == layer)
            items.sort()
            stack: list[tuple[int, int, int, str, str]] = []
            for item in items:
                start, end = item[0], -item[1]
                while stack and -stack[-1][1] <= start:
                    stack.pop()
                if stack and (stack[-1][3] in batch or item[3] in batch):
                    top = stack[-1]
                    top_start, top_end = top[0], -top[1]
                    here = f"{item[4]} {self.surface(doc_id, {'start': start, 'end': end})}"
                    there = f"{top[4]} {self.surface(doc_id, {'start': top_start, 'end': top_end})}"
                    if (top_start, top_end) == (start, end):
                        raise Refused(
                            f"nothing accepted: {there} and {here} are on the same range [{start}:{end}]; "
                            "reject or delete one first"
                        )
                    if top_end < end:
                        raise Refused(
                            f"nothing accepted: {here} [{start}:{end}] would cross {there} "
                            f"[{top_start}:{top_end}]; reject or fix one first"
                        )
                stack.append(item)

    # ------------------------------------------------------------ label all
    def _matches(self, doc_id: str, query: str, layer: str) -> list[tuple[int, int]]:
        return [
            (s, e)
            for s, e in arabic_search.find(self.text(doc_id), query)
            if self.project.find_span(doc_id, self.annotator, layer, s, e) is None
        ]

    def label_all_count(self, query: str, layer: str, doc_ids: Iterable[str]) -> int:
        """How many matches :meth:`label_all` would label: the preview count."""
        if not query.strip():
            return 0
        return sum(len(self._matches(d, query, layer)) for d in doc_ids)

    def label_all(self, query: str, layer: str, label: str, doc_ids: Sequence[str], current: str | None = None) -> Edit:
        """Label every unlabelled match of ``query`` in ``doc_ids`` (one
        transaction; one undo step per document). ``current``: the open
        document, whose spans the result lists."""

        def work(batch_: str, edit: Edit) -> None:
            added = accepted = skipped = docs = 0
            for doc_id in doc_ids:
                todo = self._matches(doc_id, query, layer)
                if not todo:
                    continue
                batch = new_id("b")
                touched = False
                for s, e in todo:
                    suggestion = next(iter(self.project.spans_at(doc_id, s, e, layer, ("suggested",))), None)
                    try:
                        if suggestion is not None:
                            changes = self._accept_changes(doc_id, suggestion, label)
                        else:
                            self._check_crossing(doc_id, layer, label, s, e)
                    except Refused:
                        skipped += 1
                        continue
                    if not touched:
                        self._start(doc_id, batch, edit)
                        touched = True
                    if suggestion is not None:
                        span = self.project.update_span(doc_id, suggestion.id, self.annotator, batch=batch, **changes)
                        accepted += 1
                        edit.moved(doc_id, "suggested", "accepted")
                        if doc_id == current:
                            edit.changed.append(span)
                    else:
                        span = self.project.add_span(
                            doc_id,
                            Span(start=s, end=e, label=label, layer=layer, annotator=self.annotator),
                            self.annotator,
                            batch=batch,
                        )
                        added += 1
                        edit.moved(doc_id, None, "accepted")
                        if doc_id == current:
                            edit.added.append(span)
                docs += touched
            n = edit.count = added + accepted
            where = f" in {docs} document{'s' if docs != 1 else ''}" if len(doc_ids) > 1 else ""
            edit.message = f"labelled {n} {label}{where}" + (f" ({accepted} were suggestions)" if accepted else "")
            if skipped:
                edit.message += f"; {skipped} match{'es' if skipped != 1 else ''} left out: would cross a span"
            edit.ok = n > 0

        return self._run(current, work)

    def suggest_numbers(self, doc_id: str) -> Edit:
        """Pre-label the document's numbers as suggestions (never re-proposing
        a rejected one)."""
        from annotator.suggest.numbers import prelabel

        def work(batch: str, edit: Edit) -> None:
            n = prelabel(self.project, [doc_id])
            edit.ok, edit.reload, edit.count = n > 0, n > 0, n
            edit.moved(doc_id, None, "suggested", n)
            edit.message = f"suggested {n} number{'s' if n != 1 else ''}"

        return self._run(doc_id, work)

    def add_suggestions(self, doc_id: str, suggestions: Any, source: str) -> Edit:
        """Store an engine's suggestions for the document
        (:class:`annotator.suggest.suggestions.Suggestions`), by the rules every
        engine shares: never over an existing span of the layer, never where
        someone rejected one."""
        from annotator.suggest.apply import store

        def work(batch: str, edit: Edit) -> None:
            n, _rels = store(self.project, doc_id, suggestions)
            edit.ok, edit.reload, edit.count = n > 0, n > 0, n
            edit.touch(doc_id)
            edit.message = f"{source}: {n} suggestion{'s' if n != 1 else ''}"

        return self._run(doc_id, work)

    # ------------------------------------------------------------ relations
    def link(self, doc_id: str, head: str, tail: str, label: str) -> Edit:
        """Join a claim (``head``) to another span, e.g. its SOURCE."""

        def work(batch: str, edit: Edit) -> None:
            h, t = self._get(doc_id, head), self._get(doc_id, tail)
            if h.layer != "claim":
                raise Refused(f"{label} links start at a claim; {h.label} {self.surface(doc_id, h)} is not one")
            if head == tail:
                raise Refused("a claim cannot be linked to itself")
            self._start(doc_id, batch, edit)
            rel = self.project.add_relation(
                doc_id,
                Relation(head=head, tail=tail, label=label, annotator=self.annotator),
                self.annotator,
                batch=batch,
            )
            edit.relations_added.append(rel)
            edit.span = h
            edit.message = f"linked {self.surface(doc_id, h)} → {label} → {self.surface(doc_id, t)}"

        return self._run(doc_id, work)

    def unlink(self, doc_id: str, rel_id: str) -> Edit:
        def work(batch: str, edit: Edit) -> None:
            found = [r for r in self.project.relations(doc_id) if r.id == rel_id]
            if not found:
                raise Refused(f"document {doc_id!r}: no relation {rel_id!r}")
            self.project.delete_relation(doc_id, rel_id, self.annotator, batch=batch)
            edit.touch(doc_id)
            edit.relations_removed.append(rel_id)
            edit.message = f"removed the {found[0].label} link"

        return self._run(doc_id, work)

    # ------------------------------------------------------------ unit labels
    def label_unit(self, doc_id: str, layer: str, label: str, start: int, end: int) -> Edit:
        """A document or sentence label on the unit ``[start:end]`` (the
        rule in the module docstring; the units are :mod:`annotator.units`')."""

        def work(batch: str, edit: Edit) -> None:
            surface = _quote(self.text(doc_id)[start:end])
            mine = self.project.find_span(doc_id, self.annotator, layer, start, end)
            if mine is not None and mine.status == "accepted" and mine.label == label:
                self._start(doc_id, batch, edit)
                self.project.delete_span(doc_id, mine.id, self.annotator, batch=batch)
                edit.removed.append(mine.id)
                edit.message = f"took {label} off the {layer}"
                return
            self._start(doc_id, batch, edit)
            if mine is not None:  # another label (or a suggestion or rejection that is the annotator's)
                edit.span = self.project.update_span(
                    doc_id, mine.id, self.annotator, batch=batch, label=label, status="accepted"
                )
                edit.changed.append(edit.span)
                edit.message = f"{layer} {surface}: {mine.label} → {label}"
                return
            suggestion = next(
                (s for s in self.project.spans_at(doc_id, start, end, layer, ("suggested",)) if s.label == label), None
            )
            if suggestion is not None:
                edit.span = self.project.update_span(
                    doc_id, suggestion.id, self.annotator, batch=batch, status="accepted", annotator=self.annotator
                )
                edit.changed.append(edit.span)
                edit.message = f"accepted the {label} suggestion for the {layer}"
                return
            span = Span(start=start, end=end, label=label, layer=layer, annotator=self.annotator)
            edit.span = self.project.add_span(doc_id, span, self.annotator, batch=batch)
            edit.added.append(edit.span)
            edit.message = f"labelled the {layer} {label}"

        return self._run(doc_id, work)

    # ------------------------------------------------------------ document
    def set_status(self, doc_id: str, status: str) -> Edit:
        def work(batch: str, edit: Edit) -> None:
            if status not in DOC_STATUSES:
                raise Refused(f"unknown document status {status!r}")
            if self.project.document_status(doc_id) == status:
                edit.ok, edit.message = False, f"already {status}"
                return
            self.project.set_status(doc_id, status, self.annotator, batch=batch)
            edit.status = status
            edit.touch(doc_id)
            edit.message = f"marked {status}"

        return self._run(doc_id, work)

    # ------------------------------------------------------------ undo
    def undo(self, doc_id: str) -> Edit:
        return self._replay(doc_id, undo=True)

    def redo(self, doc_id: str) -> Edit:
        return self._replay(doc_id, undo=False)

    def _replay(self, doc_id: str, undo: bool) -> Edit:
        def work(batch: str, edit: Edit) -> None:
            rows = self.project.next_replay(doc_id, self.annotator, undo)
            if not rows:
                edit.ok, edit.message = False, "nothing to undo" if undo else "nothing to redo"
                return
            what = self.describe(doc_id, rows)
            status_before = self.project.document_status(doc_id)
            touched = (self.project.undo if undo else self.project.redo)(doc_id, self.annotator)
            kinds = {r["target"]: r["kind"] for r in rows}
            for r in rows:
                if r["kind"] == "span":
                    old, new = (r["after"], r["before"]) if undo else (r["before"], r["after"])
                    edit.moved(doc_id, old and old["status"], new and new["status"])
            rel_ids = {r.id: r for r in self.project.relations(doc_id)} if "relation" in kinds.values() else {}
            for target in dict.fromkeys(touched):
                kind = kinds.get(target)
                if kind == "span":
                    span = self.project.get_span(doc_id, target)
                    (edit.changed.append(span) if span is not None else edit.removed.append(target))
                elif kind == "relation":
                    (
                        edit.relations_added.append(rel_ids[target])
                        if target in rel_ids
                        else edit.relations_removed.append(target)
                    )
            status = self.project.document_status(doc_id)
            if status != status_before:
                edit.status = status
            edit.touch(doc_id)
            edit.message = f"{'undid' if undo else 'redid'}: {what}"

        return self._run(doc_id, work)

    def describe(self, doc_id: str, rows: Sequence[dict[str, Any]]) -> str:
        """A step of history in words ("label GPE on «ليبيا»", "accept 6 NUMBER")."""
        verbs: list[tuple[str, str, dict[str, Any]]] = []
        status = None
        for r in rows:
            before, after = r["before"], r["after"]
            if r["kind"] == "span":
                if before is None:
                    verbs.append(("label", after["label"], after))
                elif after is None:
                    verbs.append(("delete", before["label"], before))
                elif before["status"] == "suggested" and after["status"] == "accepted":
                    verbs.append(("accept", after["label"], after))
                elif after["status"] == "rejected":
                    verbs.append(("reject", after["label"], after))
                elif before["label"] != after["label"]:
                    verbs.append(("relabel", f"{before['label']} → {after['label']}", after))
                else:
                    verbs.append(("edit", after["label"], after))
            elif r["kind"] == "relation":
                verbs.append(("unlink" if after is None else "link", (after or before)["label"], {}))
            elif r["kind"] == "document" and after:
                status = after.get("status")
        if not verbs:
            return f"mark {status}" if status else "a change"
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for verb, label, state in verbs:
            groups.setdefault((verb, label), []).append(state)
        parts = []
        for (verb, label), states in groups.items():
            if len(states) == 1 and states[0]:
                parts.append(f"{verb} {label} on {self.surface(doc_id, states[0])}")
            elif len(states) == 1:
                parts.append(f"{verb} {label}")
            else:
                parts.append(f"{verb} {len(states)} {label}")
        return ", ".join(parts)
