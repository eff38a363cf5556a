"""relations(doc, span=ID) gives only the relations a span takes part in;
deleting a span still removes exactly those."""

from annotator.model import Document, Relation, Span


def test_relations_of_one_span(project):
    project.add_document(Document(id="d", text="قال الوزير إن القوات في طرابلس"))

    def add(s, e, label, layer):
        return project.add_span("d", Span(start=s, end=e, label=label, layer=layer, annotator="amira"), "amira")

    claim, minister, city = add(11, 30, "CLAIM", "claim"), add(4, 10, "PERSON", "entity"), add(24, 30, "GPE", "entity")
    source = project.add_relation(
        "d", Relation(head=claim.id, tail=minister.id, label="SOURCE", annotator="amira"), "amira"
    )
    mention = project.add_relation(
        "d", Relation(head=claim.id, tail=city.id, label="MENTIONS", annotator="amira"), "amira"
    )

    assert [r.id for r in project.relations("d", span=minister.id)] == [source.id]
    assert [r.id for r in project.relations("d", span=claim.id)] == [source.id, mention.id]
    assert [r.id for r in project.relations("d")] == [source.id, mention.id]

    project.delete_span("d", city.id, "amira")
    assert [r.id for r in project.relations("d")] == [source.id]
    project.undo("d", "amira")
    assert [r.id for r in project.relations("d")] == [source.id, mention.id]
