"""The editor's rules, without Qt, read as the README's editor section
tells them: select a range and press a label key; suggestions are accepted
(A), rejected (X) or all accepted at once (Shift+A); spans may nest but not
cross; "label all" labels every match; every action is one undo step, and a
refused one changes nothing."""

import sqlite3

import pytest

from annotator.editing import EditSession, number_attrs
from annotator.model import Document, Span
from annotator.suggest.numbers import prelabel
from tests.conftest import TRICKY

TEXT = "قال مسؤول في ليبيا إن 43 شخصا قتلوا عام 2016 في ليبيا وتونس."


@pytest.fixture
def session(project):
    project.add_document(Document(id="d", text=TEXT))
    project.add_document(Document(id="e", text="زار وفد ليبيا ثم عاد."))
    return EditSession(project, "amira")


def at(word, nth=0, text=TEXT):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def suggest(project, word, label="NUMBER", layer="number", attrs=None, nth=0, doc="d"):
    s, e = at(word, nth)
    return project.add_span(
        doc,
        Span(
            start=s,
            end=e,
            label=label,
            layer=layer,
            annotator="prelabel",
            status="suggested",
            source="prelabel",
            attrs=attrs or {},
        ),
        "prelabel",
    )


def stored(project, doc="d"):
    return sorted((s.start, s.end, s.label, s.annotator, s.status) for s in project.spans(doc, statuses=None))


# ------------------------------------------------------------- labelling
def test_labelling_a_range_stores_one_span_and_starts_the_document(session, project):
    edit = session.label("d", "entity", "GPE", *at("ليبيا"))
    assert edit.ok and not edit.error
    assert [s.label for s in edit.added] == ["GPE"]
    assert edit.message == "labelled GPE on «ليبيا»"
    assert edit.status == "in_progress" and project.document_status("d") == "in_progress"
    assert edit.documents == ["d"]
    assert stored(project) == [(*at("ليبيا"), "GPE", "amira", "accepted")]


def test_a_number_span_gets_its_value_and_kind(session, project):
    edit = session.label("d", "number", "NUMBER", *at("43"))
    assert edit.added[0].attrs == {"value": 43, "kind": "cardinal"}
    assert number_attrs(TEXT, *at("43")) == {"value": 43, "kind": "cardinal"}


def test_labelling_the_range_of_a_suggestion_accepts_it_with_its_attributes(session, project):
    year = suggest(project, "2016", attrs={"value": 2016, "kind": "year"})  # 'year' because of عام
    edit = session.label("d", "number", "NUMBER", *at("2016"))
    assert not edit.added and [s.id for s in edit.changed] == [year.id]
    spans = project.spans("d", statuses=None)
    assert len(spans) == 1, "no second span under the suggestion"
    assert (spans[0].id, spans[0].status, spans[0].annotator, spans[0].attrs) == (
        year.id,
        "accepted",
        "amira",
        {"value": 2016, "kind": "year"},
    )
    assert "accepted the NUMBER suggestion" in edit.message and "year" in edit.message


def test_labelling_my_own_range_again_relabels_it(session, project):
    first = session.label("d", "entity", "GPE", *at("ليبيا")).span
    edit = session.label("d", "entity", "LOC", *at("ليبيا"))
    assert [s.id for s in edit.changed] == [first.id] and edit.changed[0].label == "LOC"
    assert len(project.spans("d")) == 1
    assert not session.label("d", "entity", "LOC", *at("ليبيا")).ok  # already LOC: nothing to do


def test_crossing_spans_of_one_layer_are_refused_nesting_is_allowed(session, project):
    s, e = at("مسؤول في ليبيا")
    session.label("d", "entity", "PERSON", *at("مسؤول في"))
    before = stored(project)
    crossing = session.label("d", "entity", "GPE", s + len("مسؤول "), e)  # "في ليبيا" crosses "مسؤول في"
    assert not crossing.ok and crossing.error
    assert "«في ليبيا»" in crossing.message and "«مسؤول في»" in crossing.message and "cross" in crossing.message
    assert stored(project) == before
    assert session.label("d", "entity", "ORG", s, e).ok  # holds "مسؤول في": nests
    assert session.label("d", "entity", "GPE", *at("ليبيا")).ok  # inside: nests
    assert session.label("d", "claim", "CLAIM", s + 2, e).ok  # another layer: free


def test_other_annotators_spans_do_not_count_as_crossing(session, project):
    EditSession(project, "badr").label("d", "entity", "PERSON", *at("مسؤول في"))
    s, e = at("في ليبيا")
    assert session.label("d", "entity", "GPE", s, e).ok


# ------------------------------------------------------------- suggestions
def test_accept_and_reject_a_suggestion(session, project):
    a, b = suggest(project, "43"), suggest(project, "2016")
    accepted = session.accept("d", a.id)
    assert accepted.changed[0].status == "accepted" and accepted.changed[0].annotator == "amira"
    rejected = session.reject("d", b.id)
    assert rejected.changed[0].status == "rejected"
    assert not session.accept("d", a.id).ok  # not a suggestion any more


def test_relabelling_a_suggestion_accepts_it_deleting_one_rejects_it(session, project):
    a, b = suggest(project, "ليبيا", "GPE", "entity"), suggest(project, "تونس", "GPE", "entity")
    edit = session.relabel("d", a.id, "LOC")
    assert (edit.changed[0].label, edit.changed[0].status, edit.changed[0].annotator) == ("LOC", "accepted", "amira")
    gone = session.delete("d", b.id)
    assert gone.changed[0].status == "rejected" and project.get_span("d", b.id).status == "rejected"


def test_accept_all_accepts_every_suggestion_of_the_label_in_one_undo_step(session, project):
    numbers = [suggest(project, "43"), suggest(project, "2016")]
    other = suggest(project, "ليبيا", "GPE", "entity")
    edit = session.accept_all("d", "number", "NUMBER")
    assert edit.message == "accepted 2 NUMBER suggestions"
    assert {s.id for s in edit.changed} == {n.id for n in numbers}
    assert project.get_span("d", other.id).status == "suggested"
    undone = session.undo("d")
    assert {project.get_span("d", n.id).status for n in numbers} == {"suggested"}
    assert undone.message == "undid: accept 2 NUMBER"
    assert project.document_status("d") == "new" and undone.status == "new"


def test_no_cyclic_collection_runs_inside_an_edit_and_the_collector_is_back_after_it(session, project):
    import gc

    collections: list[str] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(phase)

    suggest(project, "43")
    gc.callbacks.append(seen)
    try:
        original = project.update_spans

        def collecting(*args, **kwargs):
            gc.collect()  # an explicit collection still runs; the automatic ones do not
            assert not gc.isenabled()
            return original(*args, **kwargs)

        project.update_spans = collecting
        assert session.accept_all("d", "number", "NUMBER").ok
        assert gc.isenabled()
        refused = session.relabel("d", "no-such-span", "NUMBER")  # a refusal gives the collector back too
        assert not refused.ok and gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
        del project.update_spans
    assert collections


def test_accept_all_with_one_conflict_accepts_none_and_names_it(session, project):
    s, e = at("قتلوا عام")
    numbers = [suggest(project, "43"), suggest(project, "2016")]
    project.add_span(
        "d",
        Span(
            start=s,
            end=e + 3,
            label="NUMBER",
            layer="number",
            annotator="prelabel",
            status="suggested",
            source="prelabel",
        ),
        "prelabel",
    )  # "قتلوا عام 20" crosses 2016
    session.label("d", "number", "NUMBER", *at("عام 2016"))
    before = stored(project)
    edit = session.accept_all(
        "d",
        "number",
        "NUMBER",
        [n.id for n in numbers] + [x.id for x in project.spans("d", statuses=("suggested",)) if x.start == s],
    )
    assert not edit.ok and edit.error and edit.message.startswith("nothing accepted")
    assert "cross" in edit.message
    assert stored(project) == before


def test_accept_all_refuses_a_suggestion_on_a_range_i_already_labelled(session, project):
    suggest(project, "43")
    suggest(project, "2016")
    s, e = at("43")  # an earlier import gave amira a span where the suggestion also sits
    project.add_span("d", Span(start=s, end=e, label="NUMBER", layer="number", annotator="amira"), "import")
    before = stored(project)
    edit = session.accept_all("d", "number", "NUMBER")
    assert not edit.ok and "«43»" in edit.message and stored(project) == before


def test_accept_all_of_many_suggestions_is_one_batch(project):
    text = " ".join(f"رقم {i}" for i in range(300))
    project.add_document(Document(id="big", text=text))
    prelabel(project, ["big"])
    session = EditSession(project, "amira")
    edit = session.accept_all("big", "number", "NUMBER")
    assert edit.ok and len(edit.changed) == 300
    assert len(project.spans("big", statuses=("suggested",))) == 0
    session.undo("big")
    assert len(project.spans("big", statuses=("suggested",))) == 300


# ------------------------------------------------------------- label all
def test_label_all_in_the_document_and_in_the_project(session, project):
    assert session.label_all_count("ليبيا", "entity", ["d"]) == 2
    edit = session.label_all("ليبيا", "entity", "GPE", ["d"], current="d")
    assert edit.message == "labelled 2 GPE" and len(edit.added) == 2
    assert session.label_all_count("ليبيا", "entity", ["d", "e"]) == 1
    everywhere = session.label_all("ليبيا", "entity", "GPE", ["d", "e"], current="d")
    assert everywhere.message == "labelled 1 GPE in 1 document" and everywhere.added == []
    assert everywhere.documents == ["e"] and project.document_status("e") == "in_progress"


def test_label_all_accepts_a_suggestion_it_lands_on_and_leaves_out_crossings(session, project):
    suggestion = suggest(project, "ليبيا", "GPE", "entity", nth=1)
    s, e = at("قال مسؤول في ليبيا")
    session.label("d", "entity", "PERSON", s, at("ليبيا")[0] + 2)  # crosses the first ليبيا
    edit = session.label_all("ليبيا", "entity", "GPE", ["d"], current="d")
    assert [x.id for x in edit.changed] == [suggestion.id] and edit.added == []
    assert "1 match left out" in edit.message


# ------------------------------------------------------------- relations, status, undo
def test_link_a_claim_to_its_source_and_unlink(session, project):
    claim = session.label("d", "claim", "CLAIM", *at("إن 43 شخصا قتلوا")).span
    source = session.label("d", "entity", "PERSON", *at("مسؤول")).span
    assert not session.link("d", source.id, claim.id, "SOURCE").ok  # the head must be a claim
    link = session.link("d", claim.id, source.id, "SOURCE")
    assert link.ok and [r.label for r in link.relations_added] == ["SOURCE"]
    assert session.undo("d").relations_removed == [link.relations_added[0].id]
    assert session.redo("d").relations_added[0].id == link.relations_added[0].id
    assert session.unlink("d", link.relations_added[0].id).ok and project.relations("d") == []
    gone = session.delete("d", source.id)
    assert gone.removed == [source.id]


def test_deleting_a_span_takes_its_links_along_in_one_step(session, project):
    claim = session.label("d", "claim", "CLAIM", *at("إن 43 شخصا قتلوا")).span
    source = session.label("d", "entity", "PERSON", *at("مسؤول")).span
    rel = session.link("d", claim.id, source.id, "SOURCE").relations_added[0]
    edit = session.delete("d", source.id)
    assert edit.relations_removed == [rel.id] and project.relations("d") == []
    session.undo("d")
    assert [r.id for r in project.relations("d")] == [rel.id]


def test_undo_and_redo_say_what_they_did(session, project):
    session.label("d", "entity", "GPE", *at("ليبيا"))
    undone = session.undo("d")
    assert undone.message == "undid: label GPE on «ليبيا»"
    assert undone.removed and project.spans("d") == [] and undone.status == "new"
    redone = session.redo("d")
    assert redone.message == "redid: label GPE on «ليبيا»" and redone.changed[0].label == "GPE"
    session.undo("d")
    nothing = session.undo("d")
    assert not nothing.ok and not nothing.error and nothing.message == "nothing to undo"


def test_mark_status_and_counts(session, project):
    suggest(project, "43")
    session.label("d", "entity", "GPE", *at("ليبيا"))
    assert session.counts("d") == (1, 1)
    edit = session.set_status("d", "done")
    assert edit.status == "done" and project.document_status("d") == "done"
    assert session.undo("d").message == "undid: mark done"


def test_attributes_and_tricky_text_survive(project):
    project.add_document(Document(id="t", text=TRICKY))
    session = EditSession(project, "amira")
    start, end = at("Armytimes", text=TRICKY)
    span = session.label("t", "entity", "ORG", start, end).span
    assert TRICKY[span.start : span.end] == "Armytimes"
    edit = session.set_attrs("t", span.id, {"note": "صحيفة"})
    assert edit.changed[0].attrs == {"note": "صحيفة"}
    number = session.label("t", "number", "NUMBER", *at("2016", text=TRICKY)).span
    assert number.attrs["value"] == 2016
    bad = session.set_attrs("t", number.id, {"value": "two"})  # not a number: refused, kept as it was
    assert not bad.ok and bad.error and project.get_span("t", number.id).attrs["value"] == 2016


# ------------------------------------------------------------- faults
def test_a_locked_database_refuses_the_edit_and_changes_nothing(session, project, tmp_path):
    suggest(project, "43")
    suggest(project, "2016")
    before = stored(project)
    other = sqlite3.connect(str(project.path), timeout=0)
    other.execute("BEGIN IMMEDIATE")
    project.execute("PRAGMA busy_timeout = 50")
    try:
        for edit in (
            session.label("d", "entity", "GPE", *at("ليبيا")),
            session.accept_all("d", "number", "NUMBER"),
            session.label_all("ليبيا", "entity", "GPE", ["d", "e"], current="d"),
        ):
            assert not edit.ok and edit.error and "locked" in edit.message
            assert not edit.added and not edit.changed
    finally:
        other.rollback()
        other.close()
    assert stored(project) == before and project.document_status("d") == "new"


def test_a_refused_label_is_not_an_undo_step(session, project):
    session.label("d", "entity", "PERSON", *at("مسؤول في"))
    s, _ = at("في ليبيا")
    assert not session.label("d", "entity", "GPE", s, s + 8).ok
    assert session.undo("d").message == "undid: label PERSON on «مسؤول في»"
