"""Scoring a prompt and model before a bulk run (``annotator suggest DB
--source llm --evaluate``): the engine runs on documents that already have
reference spans (the gold annotator's, or people's accepted spans), stores
nothing, and its suggestions are counted against the reference per layer and
label with the agreement code's span counting
(:class:`annotator.review.agreement.SpanCounts`): exact match (same start,
end and label) and overlap (at least one character, same label) precision,
recall and F1, and the time the requests of a document took.

The examples put in a document's prompt never come from that document, so
the score is not flattered by the answer being in the prompt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.review.agreement import SpanCounts
from annotator.suggest.llm import Engine, LLMSettings, Summary
from annotator.suggest.llm_prompt import reference_spans

if TYPE_CHECKING:
    from annotator.store import Project


@dataclass
class _Ref:
    start: int
    end: int
    label: str


@dataclass
class Evaluation:
    model: str
    endpoint: str
    prompt: str
    on: str
    counts: dict[str, SpanCounts] = field(default_factory=dict)  # per layer
    documents: dict[str, int] = field(default_factory=dict)  # per layer
    doc_seconds: list[float] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    wall: float = 0.0

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for layer, c in self.counts.items():
            for label in [None, *sorted(set(c.a) | set(c.b))]:
                out.append(
                    {
                        "layer": layer,
                        "label": label,
                        **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in c.scores(label).items()},
                    }
                )
        return out

    def as_json(self) -> dict[str, Any]:
        n = len(self.doc_seconds)
        return {
            "model": self.model,
            "endpoint": self.endpoint,
            "prompt": self.prompt,
            "on": self.on,
            "documents": self.documents,
            "scores": self.rows(),
            "seconds_per_document": round(sum(self.doc_seconds) / n, 4) if n else None,
            "wall_seconds": round(self.wall, 3),
            "summary": self.summary.as_json(),
        }

    def table(self) -> str:
        docs = ", ".join(f"{n} {layer}" for layer, n in self.documents.items()) or "0"
        head = f"model {self.model} at {self.endpoint}, prompt {self.prompt}; documents with {self.on} spans: {docs}"
        cols = (
            "layer",
            "label",
            "ref",
            "pred",
            "exact P",
            "exact R",
            "exact F1",
            "overlap P",
            "overlap R",
            "overlap F1",
        )
        body = []
        for r in self.rows():
            body.append(
                (
                    r["layer"],
                    r["label"] or "(all)",
                    str(r["reference"]),
                    str(r["predicted"]),
                    *(
                        f"{r[k]:.3f}"
                        for k in (
                            "exact_precision",
                            "exact_recall",
                            "exact_f1",
                            "overlap_precision",
                            "overlap_recall",
                            "overlap_f1",
                        )
                    ),
                )
            )
        widths = [max(len(c), *(len(row[i]) for row in body)) if body else len(c) for i, c in enumerate(cols)]
        lines = [head, "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in body]
        n = len(self.doc_seconds)
        if n:
            lines.append(
                f"time per document: {sum(self.doc_seconds) / n:.2f} s of requests "
                f"(slowest {max(self.doc_seconds):.2f} s); {self.wall:.2f} s in all for {_n(n, 'document')}, "
                f"{_n(self.summary.requests, 'request')}"
            )
        s = self.summary
        lines.append(
            f"skipped: {s.skipped()}; {_n(s.failed, 'request')} failed"
            + (f" ({'; '.join(f'{k} x{v}' for k, v in s.errors.most_common(3))})" if s.errors else "")
        )
        lines.append("nothing was stored")
        return "\n".join(lines)


def evaluate(
    project: Project,
    settings: LLMSettings,
    layers: Sequence[str] = ("entity",),
    on: str = "gold",
    doc_ids: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Evaluation:
    """Run the engine on the documents with ``on`` spans of each layer and
    score it; writes nothing to the project."""
    t0 = time.perf_counter()
    with Engine(project, settings, layers, on=on) as engine:
        ev = Evaluation(settings.model or "", engine.client.endpoint, engine.prompt_hash, on)
        per_doc: dict[str, float] = {}
        for layer in engine.layers:
            refs = list(reference_spans(project, layer, on, doc_ids=doc_ids, limit=limit))
            ev.documents[layer] = len(refs)
            counts = ev.counts.setdefault(layer, SpanCounts())
            found = engine.propose([(d, t) for d, t, _ in refs], ev.summary, progress, layers=[layer])
            suggestions = {doc_id: (sugs, secs) for doc_id, sugs, secs in found}
            for doc_id, _text, spans in refs:
                sugs, secs = suggestions[doc_id]
                counts.documents += 1
                counts.add_spans([_Ref(*s) for s in spans], sugs)
                per_doc[doc_id] = per_doc.get(doc_id, 0.0) + secs
        ev.doc_seconds = list(per_doc.values())
    ev.wall = time.perf_counter() - t0
    return ev


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
