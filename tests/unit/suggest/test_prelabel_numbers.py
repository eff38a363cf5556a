"""Number pre-labelling: suggestions with values, idempotent, respectful of
people's work and of rejections."""

from annotator.model import Document, Span
from annotator.suggest.numbers import prelabel


def add_seed(project, seed_text, doc_id="seed"):
    with project.transaction():
        project.add_document(Document(id=doc_id, text=seed_text))


def numbers(project, doc_id="seed", statuses=("accepted", "suggested")):
    return project.spans(doc_id, layer="number", statuses=statuses)


def test_prelabel_stores_suggestions_with_value_and_kind(project, seed_text):
    add_seed(project, seed_text)
    added = prelabel(project)
    spans = numbers(project)
    assert added == len(spans) >= 14
    for s in spans:
        assert (s.status, s.source, s.annotator, s.label, s.layer) == (
            "suggested",
            "prelabel",
            "prelabel",
            "NUMBER",
            "number",
        )
        assert set(s.attrs) == {"value", "kind"}
    by_surface = {(seed_text[s.start : s.end], s.attrs["value"], s.attrs["kind"]) for s in spans}
    assert {("43", 43, "cardinal"), ("2016", 2016, "year"), ("سبعة", 7, "cardinal")} <= by_surface
    assert ("ثلث", 1 / 3, "fraction") in by_surface


def test_prelabel_twice_adds_nothing(project, seed_text):
    add_seed(project, seed_text)
    first = prelabel(project)
    assert first > 0
    assert prelabel(project) == 0
    assert len(numbers(project)) == first


def test_a_rejected_suggestion_is_not_proposed_again(project, seed_text):
    add_seed(project, seed_text)
    prelabel(project)
    start = seed_text.index("43")
    s43 = next(s for s in numbers(project) if s.start == start)
    project.update_span("seed", s43.id, who="amira", status="rejected")
    assert prelabel(project) == 0
    live = numbers(project)
    assert all(s.start != start for s in live)
    assert len(numbers(project, statuses=("rejected",))) == 1


def test_a_manual_span_is_untouched_and_not_shadowed(project, seed_text):
    add_seed(project, seed_text)
    start = seed_text.index("43")
    wide = Span(
        start=start,
        end=start + len("43 إرهابيا"),
        label="NUMBER",
        layer="number",
        annotator="amira",
        attrs={"value": 43, "kind": "cardinal"},
    )
    exact = seed_text.index("2016")
    mine = Span(
        start=exact,
        end=exact + 4,
        label="NUMBER",
        layer="number",
        annotator="amira",
        attrs={"value": 2016, "kind": "cardinal"},
    )
    project.add_span("seed", wide, who="amira")
    project.add_span("seed", mine, who="amira")
    prelabel(project)
    people = [s for s in numbers(project) if s.annotator == "amira"]
    assert [(s.start, s.end, s.status, s.attrs) for s in people] == [
        (wide.start, wide.end, "accepted", {"value": 43, "kind": "cardinal"}),
        (exact, exact + 4, "accepted", {"value": 2016, "kind": "cardinal"}),
    ]
    suggested = [s for s in numbers(project) if s.source == "prelabel"]
    assert all(not (s.start < wide.end and wide.start < s.end) for s in suggested)
    assert all((s.start, s.end) != (exact, exact + 4) for s in suggested)


def test_only_the_documents_asked_for(project, seed_text):
    add_seed(project, seed_text)
    with project.transaction():
        project.add_document(Document(id="other", text="قتل 12 شخصا عام 2019"))
    assert prelabel(project, doc_ids=["other"]) == 2
    assert numbers(project, "seed") == []


def test_prelabel_is_one_undo_step_per_document(project):
    with project.transaction():
        project.add_document(Document(id="d", text="قتل 12 شخصا عام 2019"))
    prelabel(project)
    assert len(numbers(project, "d")) == 2
    project.undo("d", "prelabel")
    assert numbers(project, "d") == []
