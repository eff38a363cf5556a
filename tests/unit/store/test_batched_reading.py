"""Reading documents in batches (``iter_documents``) gives exactly what the
per-document methods give: the same spans, relations and comments in the
same order, under every filter, whatever the batch size."""

from __future__ import annotations

import pytest

from annotator.errors import ProjectError
from annotator.model import Comment, Document, Relation, Span
from annotator.store import Project

TEXT = "قال وزير الخارجية الليبي في طرابلس إن ٤٣ شخصاً قتلوا أمس"


def span(
    sid: str,
    start: int,
    end: int,
    layer: str = "entity",
    who: str = "amira",
    status: str = "accepted",
    label: str | None = None,
    **attrs,
) -> Span:
    label = label or {"entity": "GPE", "number": "NUMBER", "claim": "CLAIM"}[layer]
    return Span(id=sid, start=start, end=end, label=label, layer=layer, annotator=who, status=status, attrs=attrs)


def fill(project: Project, n: int = 7) -> list[str]:
    """Documents whose spans are added out of position order, by two
    annotators in three layers and three statuses, with relations and
    comments; every third document has none of them."""
    ids = []
    for k in range(n):
        doc_id = f"doc-{k}"
        ids.append(doc_id)
        project.add_document(Document(id=doc_id, text=f"{TEXT} {k}", status=("new", "done", "reviewed")[k % 3]))
        if k % 3 == 2:
            continue
        spans = [
            span("late", 28, 34, who="omar"),
            span("claim", 0, 24, layer="claim", certainty="reported"),
            span("n", 38, 40, layer="number", value=43, kind="cardinal"),
            span("e1", 4, 24),
            span("e2", 4, 8, label="PERSON", status="suggested"),
            span("e3", 28, 34, status="rejected"),
            span("e4", 4, 24, who="omar"),
        ]
        for sp in spans:
            project.add_span(doc_id, sp, who="t")
        project.add_relation(
            doc_id, Relation(id="r2", head="claim", tail="e1", label="SOURCE", annotator="amira"), who="t"
        )
        project.add_relation(
            doc_id, Relation(id="r1", head="claim", tail="late", label="SOURCE", annotator="omar"), who="t"
        )
        project.add_comment(doc_id, Comment(id="c-doc", author="amira", text="كله"), who="t")
        project.add_comment(doc_id, Comment(id="c-e2", span="e2", author="omar", text="متأكد؟"), who="t")
        project.add_comment(doc_id, Comment(id="c-late", span="late", author="amira", text="ok"), who="t")
    return ids


def one_by_one(project: Project, doc_id: str, span_filter: dict) -> Document:
    """The document as the per-document methods give it."""
    spans = project.spans(doc_id, **span_filter)
    keep = {s.id for s in spans}
    rels = [r for r in project.relations(doc_id) if r.head in keep and r.tail in keep]
    if span_filter.get("annotator") is not None:
        rels = [r for r in rels if r.annotator == span_filter["annotator"]]
    comments = [c for c in project.comments(doc_id) if c.span is None or c.span in keep]
    row = project.execute("select text, meta, status from documents where id = ?", [doc_id]).fetchone()
    return Document.model_construct(
        id=doc_id, text=row[0], meta={}, status=row[2], spans=spans, relations=rels, comments=comments
    )


FILTERS = [
    {},
    {"statuses": None},
    {"statuses": ("accepted",)},
    {"annotator": "amira", "statuses": ("accepted",)},
    {"annotator": "omar"},
    {"annotator": ["amira", "omar"], "layer": "entity", "statuses": ("accepted", "suggested", "rejected")},
    {"layer": "claim"},
    {"annotator": "nobody"},
]


@pytest.mark.parametrize("span_filter", FILTERS)
@pytest.mark.parametrize("batch", [1, 2, 200])
def test_batches_give_what_each_document_gives(project, span_filter, batch):
    ids = fill(project)
    got = list(project.iter_documents(batch=batch, **span_filter))
    assert [d.id for d in got] == ids
    assert got == [one_by_one(project, i, span_filter) for i in ids]
    # the spans really came in position order, not insertion order
    assert [s.id for s in got[0].spans if s.layer == "entity" and s.annotator == "amira"] in (
        [],
        ["e1"],
        ["e1", "e2"],
        ["e1", "e2", "e3"],
    )


def test_status_filter_and_ids_keep_their_order(project):
    ids = fill(project)
    done = [d.id for d in project.iter_documents(status=("done", "reviewed"), batch=2)]
    assert done == [i for k, i in enumerate(ids) if k % 3 != 0]
    wanted = [ids[5], ids[0], ids[3], ids[0]]
    got = list(project.iter_documents(ids=wanted, batch=2, layer="entity", statuses=("accepted",)))
    assert [d.id for d in got] == wanted
    assert got == [one_by_one(project, i, {"layer": "entity", "statuses": ("accepted",)}) for i in wanted]


def test_a_missing_id_fails_when_its_turn_comes(project):
    ids = fill(project, 3)
    it = project.iter_documents(ids=[ids[0], "no-such", ids[1]], batch=10)
    assert next(it).id == ids[0]
    with pytest.raises(ProjectError, match="no-such"):
        next(it)


def test_documents_read_back_equal_what_model_construct_builds():
    values = {
        "id": "s1",
        "start": 0,
        "end": 3,
        "label": "GPE",
        "layer": "entity",
        "annotator": "amira",
        "status": "accepted",
        "source": "manual",
        "attrs": {"k": 1},
    }
    fast, slow = Span.from_trusted(dict(values)), Span.model_construct(**values)
    assert fast == slow and fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert (fast.__pydantic_extra__, fast.__pydantic_private__) == (slow.__pydantic_extra__, slow.__pydantic_private__)
    assert fast.model_copy(update={"label": "LOC"}).label == "LOC" and fast.label == "GPE"
    doc = Document.from_trusted(
        {"id": "d", "text": "abc", "meta": {}, "status": "new", "spans": [fast], "relations": [], "comments": []},
    )
    assert Document.model_validate(doc.model_dump()) == doc


@pytest.mark.parametrize(
    "attrs", [{}, {"value": 2016, "kind": "year"}, {"certainty": "hedged", "note": "«x»", "n": [1, 2.5]}]
)
def test_history_json_of_a_span_is_its_model_dump(attrs):
    from annotator.store.rows import dumps as _dumps
    from annotator.store.rows import span_from_row as _span_from_row
    from annotator.store.rows import span_json as _span_json

    made = Span(id="s1", start=0, end=3, label="NUMBER", layer="number", annotator="amira", attrs=attrs)
    read = _span_from_row(("s1", 0, 3, "NUMBER", "number", "amira", "accepted", "manual", _dumps(attrs)))
    assert read == made
    for span in (made, read):
        assert _span_json(span) == _dumps(span.model_dump())
