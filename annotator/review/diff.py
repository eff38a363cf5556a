"""Where annotators agree and disagree on one document.

Spans of two or more annotators are grouped, per layer, by range (start,
end). Each range becomes one :class:`DiffItem` of one of four kinds:

* ``agreed``: every annotator marked exactly this range, with one label;
* ``label_conflict``: the same range carries different labels;
* ``boundary_conflict``: an annotator who did not mark this range marked an
  overlapping, different range that the others did not mark in turn (``ليبيا``
  against ``ليبيا الغنية``); overlapping ranges in conflict are one item;
* ``one_sided``: only some annotators marked it and the others marked
  nothing overlapping it in that layer.

A nested span both sides agree on does not make its outer span a boundary
conflict: an overlapping span counts only if the annotators of this range
did not mark it too. Items are listed in text order; the review view walks
them and the gold helpers settle them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.model import Span

AGREED = "agreed"
ONE_SIDED = "one_sided"
LABEL_CONFLICT = "label_conflict"
BOUNDARY_CONFLICT = "boundary_conflict"
KINDS = (AGREED, ONE_SIDED, LABEL_CONFLICT, BOUNDARY_CONFLICT)


@dataclass
class DiffItem:
    kind: str
    layer: str
    start: int  # the union of the item's ranges
    end: int
    spans: list[Span]

    @property
    def annotators(self) -> list[str]:
        return sorted({s.annotator for s in self.spans})

    @property
    def labels(self) -> list[str]:
        return sorted({s.label for s in self.spans})

    @property
    def is_disagreement(self) -> bool:
        return self.kind != AGREED

    def spans_of(self, annotator: str) -> list[Span]:
        return [s for s in self.spans if s.annotator == annotator]


def diff(spans: Iterable[Span], annotators: Sequence[str] | None = None) -> list[DiffItem]:
    """Classify the spans of ``annotators`` (default: every annotator among
    ``spans``) into items, in text order."""
    spans = list(spans)
    names = set(annotators) if annotators is not None else {s.annotator for s in spans}
    spans = [s for s in spans if s.annotator in names]
    items: list[DiffItem] = []
    for layer in sorted({s.layer for s in spans}):
        items += _diff_layer([s for s in spans if s.layer == layer], names, layer)
    items.sort(key=lambda it: (it.start, -it.end, it.layer))
    return items


def _diff_layer(spans: list[Span], names: set[str], layer: str) -> list[DiffItem]:
    groups: dict[tuple[int, int], list[Span]] = {}
    for s in spans:
        groups.setdefault((s.start, s.end), []).append(s)
    holders = {r: {s.annotator for s in g} for r, g in groups.items()}
    ranges = sorted(groups)
    parent = {r: r for r in ranges}

    def find(r: tuple[int, int]) -> tuple[int, int]:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    kind: dict[tuple[int, int], str] = {}
    for r in ranges:
        labels = {s.label for s in groups[r]}
        partnered = False
        if holders[r] != names:
            for other in ranges:
                if other[0] >= r[1]:
                    break
                if other == r or other[1] <= r[0]:
                    continue
                # an overlapping range of someone who lacks r, which r's
                # annotators did not mark themselves
                if (holders[other] - holders[r]) and not holders[r] <= holders[other]:
                    partnered = True
                    parent[find(other)] = find(r)
        if partnered:
            kind[r] = BOUNDARY_CONFLICT
        elif len(labels) > 1:
            kind[r] = LABEL_CONFLICT
        elif holders[r] == names:
            kind[r] = AGREED
        else:
            kind[r] = ONE_SIDED
    components: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in ranges:
        components.setdefault(find(r), []).append(r)
    items = []
    for members in components.values():
        kinds = {kind[r] for r in members}
        k = BOUNDARY_CONFLICT if len(members) > 1 or BOUNDARY_CONFLICT in kinds else kinds.pop()
        member_spans = sorted((s for r in members for s in groups[r]), key=lambda s: (s.start, -s.end, s.annotator))
        items.append(DiffItem(k, layer, min(r[0] for r in members), max(r[1] for r in members), member_spans))
    return items


def span_kinds(items: Iterable[DiffItem]) -> dict[str, str]:
    """Span id -> the kind of the item it belongs to (for highlighting)."""
    return {s.id: it.kind for it in items for s in it.spans}
