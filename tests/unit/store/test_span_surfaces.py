"""Project.span_surfaces: what the suggestion engines learn from, read
straight from SQLite with code-point offsets."""

from annotator.model import Document, Span
from tests.conftest import TRICKY


def test_surfaces_of_accepted_spans_count_code_points_like_python(project):
    # TRICKY has an astral emoji sequence and tashkeel before وليبيا
    start = TRICKY.index("وليبيا") + 1
    doc = Document(id="d1", text=TRICKY, spans=[
        Span(id="a", start=start, end=start + 5, label="GPE", layer="entity", annotator="amira"),
        Span(id="b", start=0, end=5, label="PERSON", layer="entity", annotator="amira", status="rejected"),
        Span(id="c", start=TRICKY.index("٥٠٪"), end=TRICKY.index("٥٠٪") + 3, label="NUMBER",
             layer="number", annotator="amira"),
    ])
    project.add_document(doc)

    assert project.span_surfaces(layer="entity") == [("d1", "entity", "GPE", "ليبيا")]
    assert project.span_surfaces(layer="entity", statuses=("rejected",)) == [("d1", "entity", "PERSON", "أكّدَ")]
    assert sorted(project.span_surfaces()) == [("d1", "entity", "GPE", "ليبيا"), ("d1", "number", "NUMBER", "٥٠٪")]
    assert project.span_surfaces(doc_ids=["other"]) == []
