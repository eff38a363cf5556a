"""A status change made together with an edit is undone together with it."""

from annotator.model import Document, Span, new_id


def test_status_change_in_the_same_batch_is_undone_with_the_span(project):
    project.add_document(Document(id="d1", text="قال مسؤول في طرابلس"))
    batch = new_id("b")
    project.set_status("d1", "in_progress", "amira", batch=batch)
    project.add_span("d1", Span(start=13, end=19, label="GPE", layer="entity", annotator="amira"), "amira", batch=batch)

    project.undo("d1", "amira")

    assert project.document_status("d1") == "new"
    assert project.spans("d1") == []
    assert not project.can_undo("d1", "amira")
    project.redo("d1", "amira")
    assert project.document_status("d1") == "in_progress"
    assert [s.label for s in project.spans("d1")] == ["GPE"]
