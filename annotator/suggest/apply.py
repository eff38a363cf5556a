"""Turning engine suggestions into ``suggested`` spans and relations in a
project, with the rules every source shares:

* a suggestion carries its source (``gazetteer``, ``model``, ``cue``) as both
  ``source`` and ``annotator``, so exports and statistics tell them apart;
  accepting one (``Project.update_span(status="accepted", annotator=NAME)``)
  is logged in the history under the person who accepted it;
* nothing is proposed where a span of the same layer already is (any
  annotator, accepted or suggested): an exact match is reused as the end of
  a proposed relation, an overlap drops the suggestion;
* a place someone rejected (a ``rejected`` span of the layer at the same
  range) is never proposed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from annotator.model import CLAIMANT, LOCAL_ENGINES, SPAN_STATUSES, Relation, Span, new_id
from annotator.store.slices import write_in_slices
from annotator.suggest.numbers import BATCH_DOCS
from annotator.suggest.suggestions import Suggestions

if TYPE_CHECKING:
    from pathlib import Path

    from annotator.store import Project
    from annotator.suggest.gazetteer import Gazetteer

SOURCES = LOCAL_ENGINES
# cues first: their claimant spans are whole noun phrases that a gazetteer
# or model suggestion inside them would otherwise block
ENGINE_ORDER = ("cue", "gazetteer", "model")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def store(project: Project, doc_id: str, suggestions: Suggestions) -> tuple[int, int]:
    """Write the suggestions of one document; returns (spans, relations) added.
    Runs inside the caller's transaction if there is one."""
    existing = project.spans(doc_id, statuses=SPAN_STATUSES)
    live: dict[str, list[Span]] = {}
    rejected: set[tuple[str, int, int]] = set()
    for sp in existing:
        if sp.status == "rejected":
            rejected.add((sp.layer, sp.start, sp.end))
        else:
            live.setdefault(sp.layer, []).append(sp)
    added_spans = added_rels = 0
    with project.transaction():
        for sug in suggestions.spans:
            if (sug.layer, sug.start, sug.end) in rejected:
                continue
            same_layer = live.setdefault(sug.layer, [])
            exact = next((s for s in same_layer if (s.start, s.end) == (sug.start, sug.end)), None)
            if exact is not None:
                sug.span_id = exact.id
                continue
            if any(_overlaps((s.start, s.end), (sug.start, sug.end)) for s in same_layer):
                continue
            attrs = dict(sug.attrs)
            if sug.confidence is not None:
                attrs["confidence"] = round(float(sug.confidence), 4)
            span = Span(
                id=new_id(),
                start=sug.start,
                end=sug.end,
                label=sug.label,
                layer=sug.layer,
                annotator=sug.source,
                status="suggested",
                source=sug.source,
                attrs=attrs,
            )
            project.add_span(doc_id, span, who=sug.source)
            sug.span_id = span.id
            same_layer.append(span)
            added_spans += 1
        if suggestions.relations:
            have = {(r.head, r.tail, r.label) for r in project.relations(doc_id)}
            for rel in suggestions.relations:
                if rel.head.span_id is None or rel.tail.span_id is None:
                    continue
                k = (rel.head.span_id, rel.tail.span_id, rel.label)
                if k in have:
                    continue
                project.add_relation(
                    doc_id,
                    Relation(head=k[0], tail=k[1], label=rel.label, annotator=rel.head.source),
                    who=rel.head.source,
                )
                have.add(k)
                added_rels += 1
    return added_spans, added_rels


def suggest(
    project: Project,
    doc_ids: Sequence[str] | None = None,
    sources: Iterable[str] = SOURCES,
    model_dir: str | Path | None = None,
) -> dict[str, int]:
    """Run the chosen engines over documents and store what they propose.
    Returns how many spans each source added (and ``relations``)."""
    sources = list(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        from annotator.errors import AnnotatorError

        raise AnnotatorError(
            f"unknown suggestion source {', '.join(sorted(unknown))} (expected {', '.join(SOURCES)} or all)"
        )
    ids = list(doc_ids) if doc_ids is not None else project.document_ids()
    engines = []
    gaz = None
    if "gazetteer" in sources or "cue" in sources:
        from annotator.suggest.gazetteer import Gazetteer

        gaz = Gazetteer.from_project(project)
    for name in ENGINE_ORDER:
        if name not in sources:
            continue
        if name == "gazetteer":
            assert gaz is not None  # made above for the gazetteer
            engines.append((name, gaz.propose))
        elif name == "model":
            from annotator.suggest.crf import load_for_project

            engines.append((name, load_for_project(project, model_dir=model_dir).propose))
        else:
            from annotator.suggest.cues import propose as cue_propose

            has_claimant = project.scheme().get("claim", CLAIMANT) is not None

            assert gaz is not None  # made above for the cues

            def cues(text: str, gaz: Gazetteer = gaz, has_claimant: bool = has_claimant) -> Suggestions:
                # a claimant the project already knows keeps the label given to it
                props = cue_propose(text)
                for sp in props.spans:
                    known = gaz.lookup(text[sp.start : sp.end]) if sp.layer == "entity" else None
                    if known:
                        sp.label = known[0]
                if not has_claimant:
                    # a project made before the CLAIMANT label: the claim keeps
                    # attrs.claimant, the mention and its relation are left out
                    drop = {id(sp) for sp in props.spans if sp.label == CLAIMANT}
                    props.spans = [sp for sp in props.spans if id(sp) not in drop]
                    props.relations = [r for r in props.relations if id(r.tail) not in drop]
                return props

            engines.append((name, cues))
    counts = {name: 0 for name, _ in engines}
    counts["relations"] = 0

    # Batches of documents: the engines run with no lock held, then the
    # suggestions are stored in transactions of at most a moment each
    # (store.slices), so a long run never keeps an editor waiting, and
    # re-running after an interruption adds only what is missing (nothing is
    # ever proposed twice).
    def write(item: tuple[str, list[tuple[str, Suggestions]]]) -> None:
        doc_id, proposed = item
        for name, props in proposed:
            spans, rels = store(project, doc_id, props)
            counts[name] += spans
            counts["relations"] += rels

    for first in range(0, len(ids), BATCH_DOCS):
        chunk = ids[first : first + BATCH_DOCS]
        texts = dict(zip(chunk, project.document_texts(chunk), strict=True))
        write_in_slices(project, [(d, [(name, engine(texts[d])) for name, engine in engines]) for d in chunk], write)
    return counts
