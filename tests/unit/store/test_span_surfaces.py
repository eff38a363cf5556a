"""Project.span_surfaces: what the suggestion engines learn from, read
straight from SQLite with code-point offsets."""

from annotator.model import Document, Span
from tests.conftest import TRICKY


def test_surfaces_of_accepted_spans_count_code_points_like_python(project):
    # TRICKY has an astral emoji sequence and tashkeel before وليبيا
    start = TRICKY.index("وليبيا") + 1
    doc = Document(
        id="d1",
        text=TRICKY,
        spans=[
            Span(id="a", start=start, end=start + 5, label="GPE", layer="entity", annotator="amira"),
            Span(id="b", start=0, end=5, label="PERSON", layer="entity", annotator="amira", status="rejected"),
            Span(
                id="c",
                start=TRICKY.index("٥٠٪"),
                end=TRICKY.index("٥٠٪") + 3,
                label="NUMBER",
                layer="number",
                annotator="amira",
            ),
        ],
    )
    project.add_document(doc)

    assert project.span_surfaces(layer="entity") == [("d1", "entity", "GPE", "ليبيا")]
    assert project.span_surfaces(layer="entity", statuses=("rejected",)) == [("d1", "entity", "PERSON", "أكّدَ")]
    assert sorted(project.span_surfaces()) == [("d1", "entity", "GPE", "ليبيا"), ("d1", "number", "NUMBER", "٥٠٪")]
    assert project.span_surfaces(doc_ids=["other"]) == []


def test_accepted_since_counts_new_labels_and_accepted_suggestions(project):
    text = "زار الوفد ليبيا وتونس."
    project.add_document(Document(id="d", text=text))
    n, mark = project.accepted_since(0)
    assert n == 0
    lib = Span(start=10, end=15, label="GPE", layer="entity", annotator="amira")
    project.add_span("d", lib, who="amira")
    sug = project.add_span(
        "d",
        Span(
            start=17, end=21, label="GPE", layer="entity", annotator="gazetteer", status="suggested", source="gazetteer"
        ),
        who="gazetteer",
    )
    assert project.accepted_since(mark) == (1, mark + 2)
    _, mark = project.accepted_since(mark)
    project.update_span("d", sug.id, who="amira", status="accepted", annotator="amira")
    project.update_span("d", lib.id, who="amira", label="LOC")  # still accepted: not new
    assert project.accepted_since(mark)[0] == 1
    assert project.accepted_since(mark, layer="claim")[0] == 0
