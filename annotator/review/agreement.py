"""Inter-annotator agreement: span F1, Cohen's kappa, Krippendorff's alpha.

Only ``accepted`` spans count (suggestions are nobody's decision yet) and the
gold layer is left out unless asked for. A pair of annotators is compared on
the documents where both have at least one accepted span (in any layer);
alpha uses, for each document, every annotator with a span on it.

Definitions, per layer, for a pair (a, b), over all labels of the layer
(``label = null``) and for each label on its own:

* **exact-match span F1**: a span of b matches when a has a span with the
  same start, end and label. With ``m`` matches, precision ``m/|b|``,
  recall ``m/|a|``, so F1 = ``2m / (|a| + |b|)``; symmetric in a and b.
* **overlap F1** (partial match): precision = share of b's spans that
  overlap (share at least one character with) a span of a with the same
  label, recall = share of a's spans that overlap such a span of b, F1 =
  their harmonic mean.
* **token Cohen's kappa**: each document is cut into tokens by
  :func:`annotator.arabic.tokens.tokenize` (``clitics=True``, so ``وليبيا``
  is ``و`` + ``ليبيا``). A token takes the label of the annotator's span of
  the layer that overlaps it (the longest one if several), or ``O``.
  kappa = ``(p_o - p_e) / (1 - p_e)`` over all tokens of the shared
  documents, ``p_o`` the share of tokens with equal labels, ``p_e`` the
  agreement expected from each annotator's label frequencies. Per label,
  tokens are ``label`` or not. When both annotators use one single value
  everywhere (``p_e = 1``), kappa is 1.0.
* **Krippendorff's alpha** (nominal) per layer, all annotators together:
  the tokens are the units, each annotator of a document gives each token a
  value as for kappa; alpha = ``1 - D_o / D_e`` from the coincidence matrix
  (units with one value are not pairable and left out). 1.0 when there is
  no variation at all. Per label (``alpha_by_label``) the values are
  ``label`` or not.

The ``document`` and ``sentence`` layers are compared unit by unit instead
of token by token (:mod:`annotator.units`): the unit of the document layer
is the document, those of the sentence layer are its sentences (the
splitter's, plus any sentence range an annotator corrected). An
annotator's value for a unit is the label of their span over exactly that
range, else ``O``; kappa and alpha are taken over these values.

Overall figures per layer and label (``overall``) pool the pairs: span
counts are summed before the F1 is taken, kappa is the mean over pairs.

Documents are streamed (:meth:`Project.iter_documents`), so only one
document's spans and tokens are in memory; kappa and alpha are therefore
computed by hand from accumulated confusion and coincidence matrices, and
cross-checked in the tests against scikit-learn's ``cohen_kappa_score`` and
the ``krippendorff`` package, which both need every token in memory at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from annotator.model import GOLD, LAYERS, UNIT_LAYERS, Span
from annotator.review.diff import AGREED, diff
from annotator.store import Project

OUTSIDE = "O"


@dataclass
class PairAgreement:
    a: str
    b: str
    layer: str
    label: str | None
    exact_f1: float
    overlap_f1: float
    kappa: float
    a_spans: int
    b_spans: int
    exact_matches: int
    documents: int
    tokens: int


@dataclass
class Agreement:
    pairs: list[PairAgreement] = field(default_factory=list)
    overall: list[dict[str, Any]] = field(default_factory=list)
    alpha: dict[str, float] = field(default_factory=dict)
    alpha_by_label: dict[str, dict[str, float]] = field(default_factory=dict)
    annotators: list[str] = field(default_factory=list)
    documents: int = 0  # documents with at least two annotators

    def as_json(self) -> dict[str, Any]:
        return {
            "pairs": [asdict(p) for p in self.pairs],
            "alpha": self.alpha,
            "overall": self.overall,
            "alpha_by_label": self.alpha_by_label,
            "annotators": self.annotators,
            "documents": self.documents,
        }

    def pair(self, a: str, b: str, layer: str, label: str | None = None) -> PairAgreement:
        a, b = sorted((a, b))
        for p in self.pairs:
            if (p.a, p.b, p.layer, p.label) == (a, b, layer, label):
                return p
        raise KeyError((a, b, layer, label))


# ------------------------------------------------------------------ pieces
def token_labels(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """The label of each token: the longest overlapping span's, else ``O``."""
    labels = [OUTSIDE] * len(tokens)
    ends = [t[1] for t in tokens]
    # shorter spans first, so that the longest one is written last and wins
    for s in sorted(spans, key=lambda s: (s.end - s.start, -s.start, s.label)):
        i = bisect_right(ends, s.start)
        while i < len(tokens) and tokens[i][0] < s.end:
            labels[i] = s.label
            i += 1
    return labels


def unit_labels(units: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """The label of each unit: that of the span over exactly its range, else ``O``."""
    by_range = {(s.start, s.end): s.label for s in spans}
    return [by_range.get(u, OUTSIDE) for u in units]


def kappa_from_confusion(confusion: Counter[Any]) -> float:
    """Cohen's kappa from counts of (label of a, label of b) pairs."""
    n = sum(confusion.values())
    if n == 0:
        return 1.0
    observed = sum(v for (x, y), v in confusion.items() if x == y) / n
    rows: Counter[Any] = Counter()
    cols: Counter[Any] = Counter()
    for (x, y), v in confusion.items():
        rows[x] += v
        cols[y] += v
    expected = sum(rows[c] * cols[c] for c in rows) / (n * n)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def binary_confusion(confusion: Counter[tuple[str, str]], label: str) -> Counter[tuple[bool, bool]]:
    out: Counter[tuple[bool, bool]] = Counter()
    for (x, y), v in confusion.items():
        out[(x == label, y == label)] += v
    return out


def alpha_from_coincidence(o: dict[tuple[str, str], float]) -> float:
    """Nominal Krippendorff's alpha from a coincidence matrix."""
    marg: dict[str, float] = defaultdict(float)
    for (c, _k), v in o.items():
        marg[c] += v
    n = sum(marg.values())
    if n <= 1:
        return 1.0
    d_o = sum(v for (c, k), v in o.items() if c != k)
    d_e = sum(marg[c] * marg[k] for c in marg for k in marg if c != k)
    if d_e == 0:
        return 1.0
    return 1.0 - (n - 1) * d_o / d_e


def add_coincidences(o: dict[tuple[str, str], float], values: Sequence[str], times: int = 1) -> None:
    """Add a unit (the values its coders gave), ``times`` over, to the
    coincidence matrix."""
    m = len(values)
    if m < 2:
        return
    counts = Counter(values)
    for c, nc in counts.items():
        for k, nk in counts.items():
            pairs = nc * (nc - 1) if c == k else nc * nk
            if pairs:
                o[(c, k)] += times * pairs / (m - 1)


def binary_coincidence(o: dict[tuple[str, str], float], label: str) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = defaultdict(float)
    for (c, k), v in o.items():
        out[(str(c == label), str(k == label))] += v
    return out


def _overlaps(s: Span, others: Sequence[Span]) -> bool:
    return any(o.label == s.label and o.start < s.end and s.start < o.end for o in others)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


# ------------------------------------------------------------------- whole
@dataclass
class _PairCounts:
    documents: int = 0
    a: Counter[str] = field(default_factory=Counter)  # spans per label
    b: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    b_overlapping: Counter[str] = field(default_factory=Counter)
    a_overlapping: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add_spans(self, sa: Sequence[Any], sb: Sequence[Any]) -> None:
        """Count one document's spans of a and of b (anything with ``start``,
        ``end`` and ``label``): per label, how many, exact and overlap matches."""
        self.a.update(s.label for s in sa)
        self.b.update(s.label for s in sb)
        keys_a = {(s.start, s.end, s.label) for s in sa}
        self.exact.update(s.label for s in sb if (s.start, s.end, s.label) in keys_a)
        self.b_overlapping.update(s.label for s in sb if _overlaps(s, sa))
        self.a_overlapping.update(s.label for s in sa if _overlaps(s, sb))

    def scores(self, label: str | None = None) -> dict[str, float | int]:
        """Precision, recall and F1 of b against a as reference (exact and
        overlap), over all labels (``None``) or one."""

        def pick(cnt: Counter[str]) -> int:
            return sum(cnt.values()) if label is None else cnt[label]

        na, nb, m = pick(self.a), pick(self.b), pick(self.exact)
        ova, ovb = pick(self.a_overlapping), pick(self.b_overlapping)
        ep, er = (m / nb if nb else 0.0), (m / na if na else 0.0)
        op, orr = (ovb / nb if nb else 0.0), (ova / na if na else 0.0)
        return {
            "reference": na,
            "predicted": nb,
            "exact_matches": m,
            "exact_precision": ep,
            "exact_recall": er,
            "exact_f1": _f1(ep, er),
            "overlap_precision": op,
            "overlap_recall": orr,
            "overlap_f1": _f1(op, orr),
        }


SpanCounts = _PairCounts  # the public name, for scoring suggestions against a reference


def doc_annotators(spans: Iterable[Span], annotators: Sequence[str] | None, include_gold: bool) -> list[str]:
    names = {s.annotator for s in spans}
    if not include_gold:
        names.discard(GOLD)
    if annotators is not None:
        names &= set(annotators)
    return sorted(names)


def agreement(
    project: Project,
    layer: str | None = None,
    annotators: Sequence[str] | None = None,
    include_gold: bool = False,
    doc_ids: Sequence[str] | None = None,
) -> Agreement:
    """Agreement between every pair of annotators, and alpha per layer
    (over the documents ``doc_ids`` only, when given)."""
    from annotator.arabic.tokens import tokenize
    from annotator.units import units_of

    layers = [layer] if layer else list(LAYERS)
    counts: dict[tuple[str, str, str], _PairCounts] = {}
    coincidence: dict[str, dict[tuple[str, str], float]] = {ly: defaultdict(float) for ly in layers}
    layer_used: set[str] = set()
    seen: set[str] = set()
    result = Agreement()
    for doc in project.iter_documents(ids=doc_ids, statuses=("accepted",)):
        names = doc_annotators(doc.spans, annotators, include_gold)
        if len(names) < 2:
            continue
        seen.update(names)
        result.documents += 1
        tokens = tokenize(doc.text, clitics=True)
        for ly in layers:
            by_name = {n: [s for s in doc.spans if s.annotator == n and s.layer == ly] for n in names}
            if any(by_name.values()):
                layer_used.add(ly)
            if ly in UNIT_LAYERS:
                units = units_of(ly, doc.text, [s for s in doc.spans if s.annotator in names])
                labels = {n: unit_labels(units, by_name[n]) for n in names}
            else:
                labels = {n: token_labels(tokens, by_name[n]) for n in names}
            # identical units add identical coincidences: count them once
            for values, times in Counter(zip(*(labels[n] for n in names), strict=True)).items():
                add_coincidences(coincidence[ly], values, times)
            for a, b in combinations(names, 2):
                c = counts.setdefault((a, b, ly), _PairCounts())
                c.documents += 1
                c.add_spans(by_name[a], by_name[b])
                c.confusion.update(zip(labels[a], labels[b], strict=True))
    result.annotators = sorted(seen)

    pooled: dict[tuple[str, str | None], list[Any]] = {}  # reference, predicted, exact, overlaps a and b, kappas
    for (a, b, ly), c in sorted(counts.items()):
        used = sorted(set(c.a) | set(c.b))
        if not used:
            continue
        for label in [None, *used]:

            def pick(cnt: Counter[str], label: str | None = label) -> int:
                return sum(cnt.values()) if label is None else cnt[label]

            na, nb, m = pick(c.a), pick(c.b), pick(c.exact)
            ova, ovb = pick(c.a_overlapping), pick(c.b_overlapping)
            conf = c.confusion if label is None else binary_confusion(c.confusion, label)
            kappa = kappa_from_confusion(conf)
            exact = 2 * m / (na + nb) if na + nb else 1.0
            overlap = _f1(ovb / nb if nb else 0.0, ova / na if na else 0.0)
            result.pairs.append(
                PairAgreement(
                    a,
                    b,
                    ly,
                    label,
                    round(exact, 6),
                    round(overlap, 6),
                    round(kappa, 6),
                    na,
                    nb,
                    m,
                    c.documents,
                    sum(c.confusion.values()),
                )
            )
            acc = pooled.setdefault((ly, label), [0, 0, 0, 0, 0, []])
            acc[0] += na
            acc[1] += nb
            acc[2] += m
            acc[3] += ova
            acc[4] += ovb
            acc[5].append(kappa)
    for (ly, label), (na, nb, m, ova, ovb, kappas) in pooled.items():
        result.overall.append(
            {
                "layer": ly,
                "label": label,
                "exact_f1": round(2 * m / (na + nb), 6) if na + nb else 1.0,
                "overlap_f1": round(_f1(ovb / nb if nb else 0.0, ova / na if na else 0.0), 6),
                "kappa": round(sum(kappas) / len(kappas), 6),
                "pairs": len(kappas),
                "spans": na + nb,
            }
        )
    for ly in layers:
        if ly not in layer_used:
            continue
        o = coincidence[ly]
        result.alpha[ly] = round(alpha_from_coincidence(o), 6)
        labels_here = sorted({c for (c, _k) in o if c != OUTSIDE})
        result.alpha_by_label[ly] = {
            lab: round(alpha_from_coincidence(binary_coincidence(o, lab)), 6) for lab in labels_here
        }
    return result


# ------------------------------------------------------ documents to review
@dataclass
class DocDisagreement:
    doc_id: str
    disagreements: int
    items: int
    annotators: list[str]
    by_kind: dict[str, int]

    @property
    def share(self) -> float:
        return self.disagreements / self.items if self.items else 0.0


def documents_by_disagreement(
    project: Project, layer: str | None = None, label: str | None = None, annotators: Sequence[str] | None = None
) -> list[DocDisagreement]:
    """Documents with two or more annotators, those with the most
    disagreements (one-sided, label or boundary conflicts) first."""
    out = []
    for order, doc in enumerate(project.iter_documents(statuses=("accepted",), layer=layer)):
        found = _disagreement(doc.id, doc.spans, label, annotators)
        if found is not None:
            out.append((order, found))
    out.sort(key=lambda p: (-p[1].disagreements, -p[1].share, p[0]))
    return [d for _, d in out]


def document_disagreement(
    project: Project,
    doc_id: str,
    layer: str | None = None,
    label: str | None = None,
    annotators: Sequence[str] | None = None,
) -> DocDisagreement | None:
    """One document's line of :func:`documents_by_disagreement` (None with
    fewer than two annotators)."""
    return _disagreement(doc_id, project.spans(doc_id, layer=layer, statuses=("accepted",)), label, annotators)


def _disagreement(
    doc_id: str, spans: list[Span], label: str | None, annotators: Sequence[str] | None
) -> DocDisagreement | None:
    names = doc_annotators(spans, annotators, include_gold=False)
    if len(names) < 2:
        return None
    items = diff([s for s in spans if s.annotator in names], names)
    if label is not None:
        items = [it for it in items if label in it.labels]
    kinds = Counter(it.kind for it in items)
    bad = sum(v for k, v in kinds.items() if k != AGREED)
    return DocDisagreement(doc_id, bad, len(items), names, dict(kinds))
