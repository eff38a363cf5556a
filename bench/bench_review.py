"""Reviewing at scale: agreement over a whole project and merging a
colleague's project, on generated documents (:mod:`bench.generate`, fixed
seed) annotated twice: ``amira`` keeps the generated entity and number spans,
``omar`` a perturbed copy (15% dropped, 10% relabelled, 5% one character
shorter, plus a few spans of his own).

* agreement (entity layer): :func:`annotator.review.agreement.agreement`,
  streamed, next to the in-memory way: every token label of every document
  in lists, then scikit-learn's ``cohen_kappa_score`` and the
  ``krippendorff`` package. The two must give the same kappa and alpha
  (shown as figures with the reference as baseline) and we report both
  times.
* merge: ``merge`` of omar's project into amira's (documents matched by
  hash, his spans brought in) next to the other way to combine them:
  ``export --format jsonl`` then ``import`` into a fresh project (which,
  unlike merge, cannot bring spans into documents already there). A second
  merge must change nothing.

``quick=True`` uses 30 documents; the full run 2,000.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from bench.generate import documents


def _versions(n: int) -> tuple[list, list]:
    """amira's and omar's documents (annotator.model.Document)."""
    from annotator.model import Document, Span

    rng = random.Random(11)
    mine, theirs = [], []
    for d in documents(n, seed=11):
        base = [s for s in d["spans"] if s["layer"] != "claim"]
        a_spans, b_spans, used_a, used_b = [], [], set(), set()
        for s in base:
            key = (s["layer"], s["start"], s["end"])
            if key in used_a:
                continue
            used_a.add(key)
            a = Span(**{**s, "annotator": "amira", "status": "accepted", "id": "a" + s["id"]})
            a_spans.append(a)
            r = rng.random()
            if r < 0.15:
                continue
            b = a.model_copy(update={"annotator": "omar", "id": "b" + s["id"]})
            if r < 0.25 and s["layer"] == "entity":
                b = b.model_copy(update={"label": rng.choice(["PERSON", "ORG", "LOC", "GPE", "MISC"])})
            elif r < 0.30 and b.end - b.start > 2:
                b = b.model_copy(update={"end": b.end - 1})
            if (b.layer, b.start, b.end) not in used_b:
                used_b.add((b.layer, b.start, b.end))
                b_spans.append(b)
        text = d["text"]
        for k in range(2):
            start = rng.randrange(0, max(1, len(text) - 6))
            if (("entity", start, start + 5)) not in used_b and text[start : start + 5].strip():
                used_b.add(("entity", start, start + 5))
                b_spans.append(
                    Span(id=f"x{k}", start=start, end=start + 5, label="MISC", layer="entity", annotator="omar")
                )
        mine.append(Document(id=d["id"], text=text, spans=a_spans))
        theirs.append(Document(id="omar-" + d["id"], text=text, spans=b_spans))
    return mine, theirs


def _in_memory_reference(project) -> tuple[float, float, float]:
    """(seconds, sklearn kappa, krippendorff alpha) the all-in-memory way."""
    import krippendorff
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    from annotator.arabic.tokens import tokenize
    from annotator.review.agreement import token_labels

    t0 = time.perf_counter()
    xs: list[str] = []
    ys: list[str] = []
    for doc in project.iter_documents(statuses=("accepted",)):
        tokens = tokenize(doc.text, clitics=True)
        xs += token_labels(tokens, [s for s in doc.spans if s.annotator == "amira" and s.layer == "entity"])
        ys += token_labels(tokens, [s for s in doc.spans if s.annotator == "omar" and s.layer == "entity"])
    kappa = cohen_kappa_score(xs, ys)
    codes = {lab: i for i, lab in enumerate(sorted(set(xs) | set(ys)))}
    data = np.array([[codes[x] for x in xs], [codes[y] for y in ys]], dtype=float)
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return time.perf_counter() - t0, float(kappa), float(alpha)


def run(quick: bool) -> list[dict]:
    from annotator.formats import jsonl
    from annotator.review.agreement import agreement
    from annotator.review.merge import merge
    from annotator.store import Project

    n = 30 if quick else 2000
    mine, theirs = _versions(n)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        here, there = Path(tmp) / "amira.db", Path(tmp) / "omar.db"
        with Project.create(there) as p:
            p.import_documents(theirs, who="bench")
        with Project.create(here) as p:
            p.import_documents(mine, who="bench")

        # the baseline way of combining: export jsonl, import into a new project
        t0 = time.perf_counter()
        with Project.open(there, readonly=True) as p:
            jsonl.write(p.iter_documents(statuses=None), Path(tmp) / "omar.jsonl")
        with Project.create(Path(tmp) / "fresh.db") as p:
            p.import_documents(jsonl.read(Path(tmp) / "omar.jsonl"), who="bench")
        t_import = time.perf_counter() - t0

        with Project.open(here) as project:
            t0 = time.perf_counter()
            first = merge(project, there)
            t_merge = time.perf_counter() - t0
            second = merge(project, there)
            assert len(first.documents_matched) == n
            rows.append(
                {
                    "area": "review",
                    "measure": f"merge a colleague's {n} documents",
                    "ours": round(t_merge, 2),
                    "baseline": round(t_import, 2),
                    "baseline_name": "export jsonl + import (new project)",
                    "unit": "s",
                    "goal": "< 60" if not quick else None,
                }
            )
            changed = (
                second.spans_added
                + second.relations_added
                + second.comments_added
                + second.history_copied
                + len(second.documents_added)
                + len(second.conflicts)
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "rows a second merge adds",
                    "ours": changed,
                    "baseline": None,
                    "baseline_name": None,
                    "unit": "",
                    "goal": "== 0",
                }
            )

            t0 = time.perf_counter()
            result = agreement(project, layer="entity")
            t_ours = time.perf_counter() - t0
            t_ref, kappa_ref, alpha_ref = _in_memory_reference(project)
            pair = result.pair("amira", "omar", "entity")
            rows.append(
                {
                    "area": "review",
                    "measure": f"agreement, entity layer, {n} documents",
                    "ours": round(t_ours, 2),
                    "baseline": round(t_ref, 2),
                    "baseline_name": "token lists + sklearn + krippendorff",
                    "unit": "s",
                    "goal": None,
                }
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "token Cohen's kappa (amira, omar)",
                    "ours": round(pair.kappa, 4),
                    "baseline": round(kappa_ref, 4),
                    "baseline_name": "sklearn cohen_kappa_score",
                    "unit": "",
                    "goal": None,
                }
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "|kappa - sklearn|",
                    "ours": abs(pair.kappa - kappa_ref),
                    "baseline": None,
                    "baseline_name": None,
                    "unit": "",
                    "goal": "< 0.0001",
                }
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "Krippendorff's alpha, entity",
                    "ours": round(result.alpha["entity"], 4),
                    "baseline": round(alpha_ref, 4),
                    "baseline_name": "krippendorff.alpha",
                    "unit": "",
                    "goal": None,
                }
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "|alpha - krippendorff|",
                    "ours": abs(result.alpha["entity"] - alpha_ref),
                    "baseline": None,
                    "baseline_name": None,
                    "unit": "",
                    "goal": "< 0.0001",
                }
            )
            rows.append(
                {
                    "area": "review",
                    "measure": "exact-match span F1 (amira, omar)",
                    "ours": round(pair.exact_f1, 4),
                    "baseline": None,
                    "baseline_name": None,
                    "unit": "",
                    "goal": None,
                }
            )
    return rows
