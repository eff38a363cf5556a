"""The gold layer: what the lead annotator settled as right.

Gold spans belong to the annotator ``gold`` (:data:`annotator.model.GOLD`)
with source ``gold``; who chose each one is in the history (the span's
``create`` row is written by the reviewer, and a ``decide`` row records the
strategy and the annotators' spans it came from).

* :func:`build_gold` pre-fills gold for documents that have none yet:
  ``majority`` takes a span (layer, range, label and attributes) when more
  than half of the document's annotators marked it (so with two annotators,
  only what both marked; documents with fewer than two annotators are left
  alone); an annotator's name takes that annotator's spans. Relations
  between spans that enter gold come along by the same rule.
* :func:`accept` copies chosen annotators' spans into gold, replacing an
  earlier decision on the same disagreement (accept left, right, or both);
  :func:`put` stores an edited span instead; :func:`reject` records that
  none of the disagreeing spans belongs in gold (a ``rejected`` gold span,
  which no export writes).
* An annotator's relation follows into gold once gold holds both its
  spans (accept a claim and its source, and the SOURCE link comes along).
* A document whose every item (see :mod:`annotator.review.diff`) has a
  decision in gold becomes ``reviewed``. :func:`review_state` is the review
  window's "settled" rule; :func:`accept_agreed` takes every agreed item
  into gold at once; :func:`mark_reviewed` (Ctrl+Enter) does that and marks
  the document reviewed, refused while a disagreement is unsettled.

Each decision is one undoable batch of the reviewer's edits.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import ModelError
from annotator.model import GOLD, Relation, Span, new_id
from annotator.review.diff import DiffItem, diff
from annotator.store import Project
from annotator.store.history import log

MAJORITY = "majority"


@dataclass
class GoldReport:
    strategy: str
    documents: list[str] = field(default_factory=list)  # pre-filled
    skipped: list[str] = field(default_factory=list)  # gold already there
    unannotated: list[str] = field(default_factory=list)  # too few annotators / none by NAME
    spans: int = 0
    relations: int = 0

    def summary(self) -> str:
        msg = (
            f"gold ({self.strategy}): {self.spans} spans and {self.relations} relations in "
            f"{len(self.documents)} documents"
        )
        if self.skipped:
            msg += f"; {len(self.skipped)} already had gold and were left as they are"
        if self.unannotated:
            why = "fewer than two annotators" if self.strategy == MAJORITY else f"no spans by {self.strategy}"
            msg += f"; {len(self.unannotated)} with {why}"
        return msg


def annotator_spans(project: Project, doc_id: str, annotators: Sequence[str] | None = None) -> list[Span]:
    """The accepted spans of the annotators (not gold) on a document."""
    spans = project.spans(doc_id, statuses=("accepted",))
    return [s for s in spans if s.annotator != GOLD and (annotators is None or s.annotator in annotators)]


def gold_spans(project: Project, doc_id: str, include_rejected: bool = False) -> list[Span]:
    statuses = None if include_rejected else ("accepted",)
    return project.spans(doc_id, annotator=GOLD, statuses=statuses)


def _vote_key(s: Span) -> tuple[str, int, int, str, str]:
    return (s.layer, s.start, s.end, s.label, json.dumps(s.attrs, sort_keys=True, ensure_ascii=False))


def _gold_copy(s: Span) -> Span:
    return Span(
        start=s.start,
        end=s.end,
        label=s.label,
        layer=s.layer,
        annotator=GOLD,
        status="accepted",
        source="gold",
        attrs=dict(s.attrs),
    )


def build_gold(
    project: Project,
    strategy: str = MAJORITY,
    who: str = "lead",
    doc_ids: Iterable[str] | None = None,
    annotators: Sequence[str] | None = None,
) -> GoldReport:
    """Pre-fill gold from a majority vote or one trusted annotator (see the
    module docstring); documents with gold already are left alone."""
    if strategy != MAJORITY and strategy not in project.annotators():
        known = ", ".join(a for a in project.annotators() if a != GOLD) or "none"
        raise ModelError(f"--strategy: no annotator {strategy!r} in {project.path} (majority or one of: {known})")
    if strategy == GOLD:
        raise ModelError("--strategy: gold cannot be built from itself")
    report = GoldReport(strategy)
    with project.transaction():
        for doc_id in project.document_ids() if doc_ids is None else list(doc_ids):
            if gold_spans(project, doc_id, include_rejected=True):
                report.skipped.append(doc_id)
                continue
            spans = annotator_spans(project, doc_id, annotators)
            voters = sorted({s.annotator for s in spans})
            keyed = [(_vote_key(s), s) for s in spans]
            if strategy == MAJORITY:
                if len(voters) < 2:
                    report.unannotated.append(doc_id)
                    continue
                votes = Counter(k for k, _ in keyed)
                chosen_keys = {k for k, n in votes.items() if n * 2 > len(voters)}
            else:
                if strategy not in voters:
                    report.unannotated.append(doc_id)
                    continue
                chosen_keys = {k for k, s in keyed if s.annotator == strategy}
            sources: dict[tuple[str, int, int, str, str], list[Span]] = {}
            for k, s in keyed:
                if k in chosen_keys:
                    sources.setdefault(k, []).append(s)
            batch = new_id("b")
            gold_of: dict[str, str] = {}  # annotator span id -> gold span id
            for key in sorted(sources):
                src = sources[key]
                g = project.add_span(doc_id, _gold_copy(src[0]), who, batch=batch)
                for s in src:
                    gold_of[s.id] = g.id
                _log_decision(project, who, doc_id, g.id, strategy, src, batch)
                report.spans += 1
            report.relations += _copy_relations(project, doc_id, gold_of, voters, strategy, who, batch)
            if sources:
                report.documents.append(doc_id)
    return report


def _log_decision(
    project: Project,
    who: str,
    doc_id: str,
    target: str | None,
    strategy: str,
    sources: Sequence[Span],
    batch: str,
    gold: Sequence[Span] | None = None,
) -> None:
    """The history row of a gold choice (stored action ``decide``): how it was
    made and the annotators' spans it came from; ``gold`` lists the gold spans
    written where one choice wrote several."""
    after: dict[str, Any] = {
        "strategy": strategy,
        "from": [s.id for s in sources],
        "annotators": sorted({s.annotator for s in sources}),
    }
    if gold is not None:
        after["gold"] = [s.id for s in gold]
    log(project, who, "decide", "span", doc_id, target, None, after, batch=batch)


def _copy_relations(
    project: Project, doc_id: str, gold_of: dict[str, str], voters: list[str], strategy: str, who: str, batch: str
) -> int:
    votes: Counter[tuple[str, str, str]] = Counter()
    for rel in project.relations(doc_id):
        if rel.annotator == GOLD or rel.head not in gold_of or rel.tail not in gold_of:
            continue
        if strategy != MAJORITY and rel.annotator != strategy:
            continue
        votes[(gold_of[rel.head], gold_of[rel.tail], rel.label)] += 1

    def need(n: int) -> bool:
        return n * 2 > len(voters) if strategy == MAJORITY else n >= 1

    n = 0
    for (head, tail, label), count in sorted(votes.items()):
        if need(count):
            project.add_relation(doc_id, Relation(head=head, tail=tail, label=label, annotator=GOLD), who, batch=batch)
            n += 1
    return n


# ------------------------------------------------------------- adjudication
def items(project: Project, doc_id: str, annotators: Sequence[str] | None = None) -> list[DiffItem]:
    """The document's diff items between its annotators (gold left out)."""
    spans = annotator_spans(project, doc_id, annotators)
    return diff(spans, annotators)


def settled(item: DiffItem, gold: Iterable[Span], annotated: AbstractSet[tuple[str, int, int]] = frozenset()) -> bool:
    """An item is settled once gold holds a span (accepted or rejected) on
    one of its ranges, in its layer, or an edited span overlapping it whose
    range no annotator marked (``annotated``: layer, start, end)."""
    ranges = {(s.start, s.end) for s in item.spans}
    for g in gold:
        if g.layer != item.layer:
            continue
        if (g.start, g.end) in ranges:
            return True
        if g.start < item.end and item.start < g.end and (g.layer, g.start, g.end) not in annotated:
            return True
    return False


def settled_items(
    project: Project, doc_id: str, annotators: Sequence[str] | None = None
) -> tuple[list[DiffItem], list[bool]]:
    """The document's items and, for each, whether gold has settled it."""
    gold = gold_spans(project, doc_id, include_rejected=True)
    its = items(project, doc_id, annotators)
    annotated = {(s.layer, s.start, s.end) for it in its for s in it.spans}
    return its, [settled(it, gold, annotated) for it in its]


def review_state(
    project: Project, doc_id: str, annotators: Sequence[str] | None = None
) -> tuple[list[DiffItem], list[bool]]:
    """What the review window lists: the items and whether each is settled,
    where an item counts as settled only when no open item shares its layer
    and range (two items on one range are settled together)."""
    its, done = settled_items(project, doc_id, annotators)
    open_keys = {(it.layer, it.start, it.end) for it, d in zip(its, done, strict=True) if not d}
    return its, [(it.layer, it.start, it.end) not in open_keys for it in its]


def accept_agreed(project: Project, doc_id: str, who: str, annotators: Sequence[str] | None = None) -> list[Span]:
    """Take every agreed item gold has not settled into gold at once (one
    undoable batch): what all the annotators marked alike needs no decision."""
    its, done = review_state(project, doc_id, annotators)
    todo = [it for it, d in zip(its, done, strict=True) if not d and not it.is_disagreement]
    if not todo:
        return []
    new = [_gold_copy(it.spans[0]) for it in todo]
    return _replace(project, doc_id, todo, new, who, "agreed", [s for it in todo for s in it.spans])


def mark_reviewed(project: Project, doc_id: str, who: str, annotators: Sequence[str] | None = None) -> list[Span]:
    """Mark the document reviewed: its agreed items go into gold with it (one
    batch); refused while a disagreement is unsettled, since gold would
    silently lack it. Returns the agreed spans put into gold."""
    its, done = review_state(project, doc_id, annotators)
    left = [it for it, d in zip(its, done, strict=True) if not d and it.is_disagreement]
    if left:
        first = left[0]
        raise ModelError(
            f"document {doc_id!r}: {len(left)} disagreement{'s are' if len(left) != 1 else ' is'} "
            f"not settled yet (the first at [{first.start}:{first.end}], {first.layer}); "
            "settle each (1-9, B, X or E) before marking the document reviewed"
        )
    with project.transaction():
        added = accept_agreed(project, doc_id, who, annotators)
        project.set_status(doc_id, "reviewed", who)
    return added


def unsettled(project: Project, doc_id: str, annotators: Sequence[str] | None = None) -> list[DiffItem]:
    """The document's items gold has not settled."""
    its, done = settled_items(project, doc_id, annotators)
    return [it for it, d in zip(its, done, strict=True) if not d]


def _items_of(project: Project, doc_id: str, span_ids: Sequence[str]) -> tuple[list[Span], list[DiffItem]]:
    chosen = []
    for sid in span_ids:
        span = project.get_span(doc_id, sid)
        if span is None:
            raise ModelError(f"document {doc_id!r}: no span {sid!r}")
        if span.annotator == GOLD:
            raise ModelError(f"document {doc_id!r}: span {sid!r} is already gold")
        chosen.append(span)
    ids = set(span_ids)
    its = [it for it in items(project, doc_id) if any(s.id in ids for s in it.spans)]
    return chosen, its


def _replace(
    project: Project,
    doc_id: str,
    its: Sequence[DiffItem],
    new: Sequence[Span],
    who: str,
    how: str,
    sources: Sequence[Span],
) -> list[Span]:
    """Remove gold's earlier decision on ``its`` ranges and store ``new``
    as one undoable batch; mark the document reviewed when nothing is left."""
    keys = {(s.layer, s.start, s.end) for s in new}
    if len(keys) < len(new):
        raise ModelError(f"document {doc_id!r}: gold holds one label per range; choose one of the labels")
    ranges = {(it.layer, s.start, s.end) for it in its for s in it.spans} | keys
    batch = new_id("b")
    out = []
    with project.transaction():
        for g in gold_spans(project, doc_id, include_rejected=True):
            if (g.layer, g.start, g.end) in ranges:
                project.delete_span(doc_id, g.id, who, batch=batch)
        for span in new:
            out.append(project.add_span(doc_id, span, who, batch=batch))
        _follow_relations(project, doc_id, who, batch)
        _log_decision(project, who, doc_id, ",".join(s.id for s in out) or None, how, sources, batch, out)
        if not unsettled(project, doc_id):
            project.set_status(doc_id, "reviewed", who, batch=batch)  # one undo reverses both
    return out


def _follow_relations(project: Project, doc_id: str, who: str, batch: str) -> int:
    """An annotator's relation enters gold once gold holds both its spans
    (same layer, range and label): accepting a claim and its source brings
    the SOURCE link along."""
    gold_by_key = {(s.layer, s.start, s.end, s.label): s.id for s in gold_spans(project, doc_id)}
    spans = {s.id: s for s in annotator_spans(project, doc_id)}
    rels = project.relations(doc_id)
    have = {(r.head, r.tail, r.label) for r in rels if r.annotator == GOLD}
    n = 0
    for rel in rels:
        head, tail = spans.get(rel.head), spans.get(rel.tail)
        if rel.annotator == GOLD or head is None or tail is None:
            continue
        g_head = gold_by_key.get((head.layer, head.start, head.end, head.label))
        g_tail = gold_by_key.get((tail.layer, tail.start, tail.end, tail.label))
        if g_head and g_tail and (g_head, g_tail, rel.label) not in have:
            project.add_relation(
                doc_id, Relation(head=g_head, tail=g_tail, label=rel.label, annotator=GOLD), who, batch=batch
            )
            have.add((g_head, g_tail, rel.label))
            n += 1
    return n


def accept(project: Project, doc_id: str, span_ids: Sequence[str], who: str) -> list[Span]:
    """Copy these annotators' spans into gold (one side of a disagreement,
    the other, or both), replacing an earlier decision on the same items."""
    if not span_ids:
        raise ModelError(f"document {doc_id!r}: choose at least one span to accept")
    chosen, its = _items_of(project, doc_id, span_ids)
    unique: dict[tuple[str, int, int, str, str], Span] = {}
    for s in chosen:
        unique.setdefault(_vote_key(s), s)
    return _replace(project, doc_id, its, [_gold_copy(s) for s in unique.values()], who, "accept", chosen)


def reject(project: Project, doc_id: str, span_ids: Sequence[str], who: str) -> list[Span]:
    """Decide that none of the items holding these spans belongs in gold."""
    chosen, its = _items_of(project, doc_id, span_ids)
    marks: dict[tuple[str, int, int], Span] = {}
    for it in its:
        for s in it.spans:
            marks.setdefault((s.layer, s.start, s.end), _gold_copy(s).model_copy(update={"status": "rejected"}))
    return _replace(project, doc_id, its, list(marks.values()), who, "reject", chosen)


def put(project: Project, doc_id: str, span: Span, who: str, replaces: Sequence[str] = ()) -> Span:
    """Store an edited span in gold, settling the items of ``replaces``
    (annotators' span ids) and whatever overlaps the new range exactly."""
    sources, its = _items_of(project, doc_id, replaces) if replaces else ([], [])
    return _replace(project, doc_id, its, [_gold_copy(span)], who, "edit", sources)[0]
