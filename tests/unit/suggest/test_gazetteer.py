"""Gazetteer suggestions: what was labelled once is proposed wherever it
recurs, across documents and through proclitics; rejected places stay
rejected; nothing is duplicated."""

from annotator.model import Document, Span
from annotator.suggest.apply import suggest
from annotator.suggest.gazetteer import Gazetteer


def gpe(text, surface, occurrence=0, **kw):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Span(
        start=start,
        end=start + len(surface),
        label=kw.pop("label", "GPE"),
        layer="entity",
        annotator=kw.pop("annotator", "amira"),
        **kw,
    )


def entity_suggestions(project, doc_id):
    text = project.document_text(doc_id)
    return [
        (text[s.start : s.end], s.label, s.source, s.annotator)
        for s in project.spans(doc_id, layer="entity", statuses=("suggested",))
    ]


def test_labelled_once_is_suggested_in_another_document_through_a_proclitic(project):
    a = "زار المبعوث ليبيا أمس."
    b = "وصل الوفد إلى تونس وليبيا في جولة إقليمية."
    project.add_document(Document(id="a", text=a, spans=[gpe(a, "ليبيا")]))
    project.add_document(Document(id="b", text=b))

    counts = suggest(project, sources=["gazetteer"])

    assert counts["gazetteer"] == 1
    (span,) = project.spans("b", layer="entity")
    assert b[span.start : span.end] == "ليبيا"  # the و stays outside
    assert b[span.start - 1] == "و"
    assert (span.status, span.source, span.annotator, span.label) == ("suggested", "gazetteer", "gazetteer", "GPE")
    assert span.attrs["confidence"] == 1.0
    assert entity_suggestions(project, "a") == []  # never on top of the labelled span


def test_tashkeel_tatweel_and_hamza_forms_are_ignored(project):
    a = "قال مسؤول عسكري إن الطائرات عادت."
    b = "وقال مسئولٌ عسكريّ إنّ الهدنة صامدة في لِيبْيـا."
    project.add_document(
        Document(
            id="a",
            text=a,
            spans=[
                gpe(a, "مسؤول عسكري", label="PERSON"),
            ],
        )
    )
    project.add_document(Document(id="c", text="ليبيا", spans=[gpe("ليبيا", "ليبيا")]))
    project.add_document(Document(id="b", text=b))
    suggest(project, sources=["gazetteer"], doc_ids=["b"])
    assert sorted(entity_suggestions(project, "b")) == [
        ("لِيبْيـا", "GPE", "gazetteer", "gazetteer"),
        ("مسئولٌ عسكريّ", "PERSON", "gazetteer", "gazetteer"),
    ]


def test_whole_words_only():
    gaz = Gazetteer.from_spans([("ليبيا", "GPE")])
    assert gaz.matches("الحكومة الليبية وليبيات") == []
    assert [m.start for m in gaz.matches("وبليبيا فليبيا كليبيا")] == [2, 9, 16]


def test_the_label_most_often_given_wins():
    gaz = Gazetteer.from_spans([("الوفاق", "ORG"), ("الوفاق", "ORG"), ("الوفاق", "MISC")])
    assert gaz.lookup("الوِفاق") == ("ORG", 2 / 3)
    (m,) = gaz.matches("حكومة الوفاق")
    assert (m.label, round(m.confidence, 2)) == ("ORG", 0.67)


def test_longest_known_name_wins():
    gaz = Gazetteer.from_spans([("حكومة الوفاق", "ORG"), ("الوفاق", "MISC")])
    text = "وحكومة الوفاق"
    assert [(text[m.start : m.end], m.label) for m in gaz.matches(text)] == [("حكومة الوفاق", "ORG")]


def test_a_rejected_suggestion_is_not_proposed_again_at_that_place(project):
    a = "ليبيا"
    b = "زار ليبيا ثم عاد إلى ليبيا."
    project.add_document(Document(id="a", text=a, spans=[gpe(a, "ليبيا")]))
    project.add_document(Document(id="b", text=b))
    suggest(project, sources=["gazetteer"])
    first, second = project.spans("b", layer="entity")
    project.update_span("b", first.id, who="amira", status="rejected")

    assert suggest(project, sources=["gazetteer"])["gazetteer"] == 0
    assert [(s.start, s.status) for s in project.spans("b", layer="entity", statuses=None)] == [
        (first.start, "rejected"),
        (second.start, "suggested"),
    ]


def test_running_twice_adds_nothing_and_accepting_records_who(project, seed_text):
    project.add_document(Document(id="seed", text=seed_text, spans=[gpe(seed_text, "ليبيا")]))
    n = suggest(project, sources=["gazetteer"])["gazetteer"]
    # the seven other ليبيا of the seed (داعش ليبيا, سكان ليبيا...), none inside الليبية
    assert n == 7
    assert {seed_text[s.start : s.end] for s in project.spans("seed", layer="entity")} == {"ليبيا"}
    assert suggest(project, sources=["gazetteer"])["gazetteer"] == 0

    sug = project.spans("seed", layer="entity", statuses=("suggested",))[0]
    project.update_span("seed", sug.id, who="amira", status="accepted", annotator="amira")
    row = project.history("seed", limit=1)[0]
    assert (row["who"], row["before"]["status"], row["after"]["status"]) == ("amira", "suggested", "accepted")
    assert (row["before"]["source"], row["after"]["source"]) == ("gazetteer", "gazetteer")


def test_a_suggestion_never_overlaps_a_span_someone_made(project):
    a = "ليبيا"
    b = "قال إن داعش ليبيا لن يعود."
    project.add_document(Document(id="a", text=a, spans=[gpe(a, "ليبيا")]))
    project.add_document(Document(id="b", text=b, spans=[gpe(b, "داعش ليبيا", label="ORG")]))
    assert suggest(project, sources=["gazetteer"])["gazetteer"] == 0


def test_the_article_is_inside_the_match_and_proclitics_outside():
    gaz = Gazetteer.from_spans([("الأمم المتحدة", "ORG"), ("ليبيا", "GPE")])
    text = "وبالأمم المتحدة وللأمم المتحدة لليبيا"
    assert [(text[m.start : m.end], m.label) for m in gaz.matches(text)] == [
        ("الأمم المتحدة", "ORG"),
        ("لأمم المتحدة", "ORG"),  # لل: the preposition outside, the article's lam inside
        ("ليبيا", "GPE"),
    ]
