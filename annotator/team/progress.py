"""``annotator stats --by-annotator``: per annotator, what was handed out,
how far they are, what they marked, how long it took, how often they took
the suggestions, and how close they are to gold.

Active time (the rule, also in docs/CONTEXT.md)
    From the history, never from the wall clock between opening and closing
    the editor: for each annotator and document, the gaps between that
    annotator's successive edits in that document are summed, leaving out
    every gap of ``idle`` seconds or more (default 120: the annotator was
    away, as INCEpTION does it). Edits are the history rows the annotator
    made (spans, relations, comments, document status); imports, merges and
    assignments are not. A document touched once counts no time. Computed
    in one pass over history in (annotator, document, time) order with a
    window function over the schema-2 index; no per-document query.

Progress against the assignment
    ``assigned``: documents handed to the annotator (``annotator assign``;
    in a pack, all of its documents). ``done``: assigned documents the
    annotator last marked done or reviewed. ``in_progress``: the other
    assigned documents they edited or marked in progress. ``not_started``:
    the rest. ``worked`` counts every document they edited, assigned or not.

The rest
    ``spans``: their accepted spans per layer. ``spans_per_hour``: accepted
    spans per active hour. ``accept_rate``: per suggestion source, the
    suggestions they accepted out of those they accepted or rejected.
    ``gold``: exact-span precision, recall and F1 of their accepted spans
    against gold on the documents that have gold and that they annotated.

The table's cells (:func:`table_cells`) are written here once, for the
command line and the Team dock alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.model import GOLD
from annotator.store import Project
from annotator.store import team as store

IDLE_SECONDS = 120.0
DONE = ("done", "reviewed")

# The table's columns as the Team dock heads them (``stats --by-annotator``
# shortens two), in the order of :func:`table_cells`.
COLUMNS = (
    "annotator",
    "assigned",
    "not started",
    "in progress",
    "done",
    "spans",
    "active hours",
    "spans per hour",
    "accept rate",
    "F1 vs gold",
)


@dataclass
class AnnotatorProgress:
    annotator: str
    assigned: int = 0
    not_started: int = 0
    in_progress: int = 0
    done: int = 0
    worked: int = 0
    spans: dict[str, int] = field(default_factory=dict)
    active_hours: float = 0.0
    edits: int = 0
    spans_per_hour: float | None = None
    seconds_per_document: float | None = None
    accept_rate: dict[str, dict[str, Any]] = field(default_factory=dict)
    gold: dict[str, Any] | None = None


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def by_annotator(project: Project, idle: float = IDLE_SECONDS) -> dict[str, Any]:
    """The table, as ``{"idle_seconds": ..., "annotators": [row, ...]}``."""
    assigned: dict[str, set[str]] = defaultdict(set)
    for name, doc_id in store.assignment_rows(project):
        assigned[name].add(doc_id)
    pack = store.pack_info(project)
    if pack and pack.get("annotator") and not assigned:
        assigned[str(pack["annotator"])] = set(project.document_ids())

    seconds: dict[str, float] = defaultdict(float)
    edits: dict[str, int] = defaultdict(int)
    touched: dict[str, set[str]] = defaultdict(set)
    timed: dict[str, int] = defaultdict(int)
    for who, doc_id, secs, n in store.activity(project, idle):
        seconds[who] += secs
        edits[who] += n
        touched[who].add(doc_id)
        if secs > 0:
            timed[who] += 1
    statuses = store.status_changes(project)
    layers: dict[str, dict[str, int]] = defaultdict(dict)
    for name, layer, n in store.spans_by_annotator_layer(project):
        layers[name][layer] = n
    decisions: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"accepted": 0, "rejected": 0})
    )
    for who, source, status, n in store.suggestion_decisions(project):
        decisions[who][source or "?"][status] += n
    gold = {name: (mine, golds, m) for name, mine, golds, m in store.gold_matches(project)}

    # annotators: those handed work, those with accepted spans or suggestion
    # decisions, and those who set a status and own spans (not "merge" and the like)
    known = set(project.annotators())
    names = set(assigned) | set(layers) | set(decisions) | ({w for (w, _d) in statuses} & known)
    names.discard(GOLD)
    rows = []
    for name in sorted(names):
        row = AnnotatorProgress(annotator=name)
        mine = assigned.get(name, set())
        row.assigned = len(mine)
        for doc_id in mine:
            doc_status = statuses.get((name, doc_id))
            if doc_status in DONE:
                row.done += 1
            elif doc_status == "in_progress" or doc_id in touched[name]:
                row.in_progress += 1
            else:
                row.not_started += 1
        row.worked = len(touched[name])
        row.spans = dict(sorted(layers.get(name, {}).items()))
        row.edits = edits[name]
        row.active_hours = round(seconds[name] / 3600.0, 4)
        accepted = sum(row.spans.values())
        if seconds[name] > 0:
            row.spans_per_hour = round(accepted / (seconds[name] / 3600.0), 2)
        if timed[name]:
            row.seconds_per_document = round(seconds[name] / timed[name], 1)
        for source, counts in sorted(decisions.get(name, {}).items()):
            total = counts["accepted"] + counts["rejected"]
            row.accept_rate[source] = {**counts, "rate": round(counts["accepted"] / total, 4) if total else None}
        if name in gold:
            n_mine, n_gold, m = gold[name]
            p = m / n_mine if n_mine else 0.0
            r = m / n_gold if n_gold else 0.0
            row.gold = {
                "spans": n_mine,
                "gold_spans": n_gold,
                "matches": m,
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(_f1(p, r), 4),
            }
        rows.append(row)
    return {"idle_seconds": idle, "annotators": [asdict(r) for r in rows]}


def table_cells(
    row: dict[str, Any], *, join: str = ", ", count: str = "{} {}", no_spans: str = "0", missing: str = "–"
) -> list[str]:
    """One row of :func:`by_annotator` as the table's cells, in
    :data:`COLUMNS` order. ``join`` separates the layers of ``spans`` and the
    sources of ``accept rate``; ``count`` writes one layer and its spans;
    ``no_spans`` stands for no accepted span, ``missing`` for a rate or a
    score there is nothing to compute from. The defaults are the Team dock's."""
    spans = join.join(count.format(k, v) for k, v in row["spans"].items()) or no_spans
    rates = join.join(f"{k} {v['rate']:.0%}" for k, v in row["accept_rate"].items() if v["rate"] is not None)
    return [
        row["annotator"],
        str(row["assigned"]),
        str(row["not_started"]),
        str(row["in_progress"]),
        str(row["done"]),
        spans,
        f"{row['active_hours']:.2f}",
        f"{row['spans_per_hour']:.1f}" if row["spans_per_hour"] is not None else missing,
        rates or missing,
        f"{row['gold']['f1']:.3f}" if row["gold"] else missing,
    ]
