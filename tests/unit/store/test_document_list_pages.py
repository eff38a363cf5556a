"""The document list's queries: pages read by key give the same rows as
pages read by offset, and the label filter gives the same documents
whichever way it reads them (a common label walks the documents, a rare one
reads the label's spans)."""

import pytest

from annotator.model import Document, Span
from annotator.store import project as project_module


@pytest.fixture
def many(project):
    with project.transaction():
        for i in range(25):
            spans = [Span(start=0, end=3, label="GPE", layer="entity", annotator="amira")] if i % 4 == 0 else []
            if i == 7:
                spans.append(Span(start=0, end=3, label="ORG", layer="entity", annotator="omar", status="rejected"))
            project.add_document(
                Document(id=f"d{i:02d}", text=f"نص رقم {i}", spans=spans, status="done" if i % 3 == 0 else "new")
            )
    return project


def pages(project, size, **filters):
    rows, after = [], None
    while True:
        page = project.list_documents(limit=size, after=after, **filters)
        rows += [r.id for r in page]
        if len(page) < size:
            return rows
        after = page[-1].id


@pytest.mark.parametrize("filters", [{}, {"status": "done"}, {"label": "GPE"}, {"text": "نص"}])
def test_pages_by_key_match_pages_by_offset(many, filters):
    by_offset = [r.id for k in range(0, 30, 4) for r in many.list_documents(limit=4, offset=k, **filters)]
    assert pages(many, 4, **filters) == by_offset == [r.id for r in many.list_documents(**filters)]


@pytest.mark.parametrize("common_from", [1, 20_000], ids=["walk the documents", "read the label's spans"])
def test_label_filter_either_way(many, monkeypatch, common_from):
    monkeypatch.setattr(project_module, "COMMON_LABEL", common_from)
    assert [r.id for r in many.list_documents(label="GPE")] == [f"d{i:02d}" for i in range(0, 25, 4)]
    assert many.list_documents(label="ORG") == []  # only a rejected one
    assert many.list_documents(label="PERSON") == []
    assert [r.id for r in many.list_documents(label="GPE", status="done")] == ["d00", "d12", "d24"]
