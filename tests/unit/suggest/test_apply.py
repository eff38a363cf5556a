"""Storing suggestions: source on every one, reuse of a span already
there, no duplicates, rejected places remembered, acceptance logged."""

from annotator.model import Document, Span
from annotator.suggest.apply import suggest

TEXT = "وقال مسؤول عسكري أمريكي إن الغارات مستمرة في ليبيا."


def test_cue_suggestions_are_stored_with_their_source_and_relation(project):
    project.add_document(Document(id="d", text=TEXT))
    counts = suggest(project, sources=["cue"])
    assert (counts["cue"], counts["relations"]) == (2, 1)
    (claim,) = project.spans("d", layer="claim")
    (who,) = project.spans("d", layer="entity")
    assert TEXT[claim.start : claim.end] == "الغارات مستمرة في ليبيا"
    assert TEXT[who.start : who.end] == "مسؤول عسكري أمريكي"
    assert {(s.status, s.source, s.annotator) for s in (claim, who)} == {("suggested", "cue", "cue")}
    (rel,) = project.relations("d")
    assert (rel.head, rel.tail, rel.label, rel.annotator) == (claim.id, who.id, "SOURCE", "cue")

    assert suggest(project, sources=["cue"]) == {"cue": 0, "relations": 0}


def test_a_claimant_someone_labelled_is_linked_not_duplicated(project):
    start = TEXT.index("مسؤول")
    mine = Span(start=start, end=start + len("مسؤول عسكري أمريكي"), label="PERSON", layer="entity", annotator="amira")
    project.add_document(Document(id="d", text=TEXT, spans=[mine]))
    assert suggest(project, sources=["cue"])["cue"] == 1  # the claim only
    (rel,) = project.relations("d")
    assert rel.tail == mine.id


def test_a_rejected_claim_is_not_proposed_again_and_acceptance_names_the_person(project):
    project.add_document(Document(id="d", text=TEXT))
    suggest(project, sources=["cue"])
    (claim,) = project.spans("d", layer="claim")
    (who,) = project.spans("d", layer="entity")
    project.update_span("d", claim.id, who="amira", status="rejected")
    assert suggest(project, sources=["cue"])["cue"] == 0

    accepted = project.update_span("d", who.id, who="amira", status="accepted", annotator="amira")
    assert (accepted.status, accepted.annotator, accepted.source) == ("accepted", "amira", "cue")
    last = project.history("d", limit=1)[0]
    assert (last["who"], last["before"]["annotator"], last["after"]["annotator"]) == ("amira", "cue", "amira")


def test_a_claimant_the_project_knows_keeps_its_label(project):
    project.add_document(
        Document(
            id="known", text="أفريكوم", spans=[Span(start=0, end=7, label="ORG", layer="entity", annotator="amira")]
        )
    )
    text = "وقالت أفريكوم إن الغارات مستمرة."
    project.add_document(Document(id="d", text=text))
    suggest(project, doc_ids=["d"], sources=["cue"])
    (who,) = project.spans("d", layer="entity")
    assert (text[who.start : who.end], who.label, who.source) == ("أفريكوم", "ORG", "cue")
