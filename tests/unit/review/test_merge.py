"""Merging colleagues' project files: documents matched by text, spans of
each annotator brought in, conflicts kept on both sides, merging twice a no-op."""

from __future__ import annotations

import pytest

from annotator.errors import ProjectError
from annotator.model import Comment, Document, Label, Relation, Scheme, Span
from annotator.review.merge import merge
from annotator.store import Project
from tests.unit.review.conftest import at, make_project


def snapshot(project: Project) -> dict:
    """Everything a merge could change, ids included."""
    docs = {}
    for doc in project.iter_documents(statuses=None):
        docs[doc.id] = (
            doc.status,
            sorted(s.model_dump_json() for s in doc.spans),
            sorted(r.model_dump_json() for r in doc.relations),
            sorted(c.model_dump_json() for c in doc.comments),
        )
    history = project.execute("select count(*) from history").fetchone()[0]
    return {
        "docs": docs,
        "history": history,
        "annotators": project.annotators(),
        "scheme": project.scheme().model_dump(),
    }


def test_a_colleagues_spans_join_the_same_document_under_another_id(tmp_path, seed):
    mine = make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")])
    theirs = make_project(
        tmp_path / "badr.db", "article-1", [at(seed, "ليبيا", "LOC", "badr"), at(seed, "داعش", "ORG", "badr")]
    )
    theirs.close()

    report = merge(mine, tmp_path / "badr.db")

    assert report.documents_matched == [("article-1", "libya")]
    assert report.documents_added == []
    assert mine.document_ids() == ["libya"]
    assert report.spans_added == 2
    got = {(s.annotator, s.label, s.surface(seed)) for s in mine.spans("libya")}
    assert got == {("amira", "GPE", "ليبيا"), ("badr", "LOC", "ليبيا"), ("badr", "ORG", "داعش")}
    assert "badr" in mine.annotators()
    assert not report.conflicts


def test_merging_twice_changes_nothing(tmp_path, seed):
    mine = make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")])
    sp = [at(seed, "ليبيا", "GPE", "amira"), at(seed, "داعش", "ORG", "amira", nth=1)]
    theirs = make_project(tmp_path / "laptop2.db", "libya", sp)
    theirs.add_relation("libya", Relation(head=sp[1].id, tail=sp[0].id, label="MENTIONS", annotator="amira"), "amira")
    theirs.add_comment("libya", Comment(span=sp[1].id, author="amira", text="داعش أم تنظيم الدولة؟"), "amira")
    theirs.add_document(Document(id="other", text="نص آخر عن طرابلس"), who="amira")
    theirs.close()

    first = merge(mine, tmp_path / "laptop2.db")
    assert first.changed
    before = snapshot(mine)
    second = merge(mine, tmp_path / "laptop2.db")

    assert not second.changed
    assert "nothing new" in second.summary()
    assert snapshot(mine) == before


def test_same_annotator_on_two_laptops_keeps_both_versions(tmp_path, seed):
    # amira annotated the article twice: on her laptop ليبيا is a GPE, on
    # the other one a LOC, and only the other one has داعش.
    mine = make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")])
    theirs = make_project(
        tmp_path / "laptop2.db", "libya", [at(seed, "ليبيا", "LOC", "amira"), at(seed, "داعش", "ORG", "amira")]
    )
    theirs.close()
    mine_before = mine.spans("libya", annotator="amira")

    report = merge(mine, tmp_path / "laptop2.db")

    # this project's spans are untouched; theirs are kept under a second name
    assert mine.spans("libya", annotator="amira") == mine_before
    kept = {(s.label, s.surface(seed)) for s in mine.spans("libya", annotator="amira@laptop2")}
    assert kept == {("LOC", "ليبيا"), ("ORG", "داعش")}
    assert [c.describe() for c in report.conflicts] == [
        "libya: 'amira' differs (1 spans only here, 2 only in the other project); theirs kept as 'amira@laptop2'"
    ]
    logged = [h for h in mine.history("libya") if h["action"] == "conflict"]
    assert len(logged) == 1
    assert [s["label"] for s in logged[0]["before"]["spans"]] == ["GPE"]
    assert sorted(s["label"] for s in logged[0]["after"]["spans"]) == ["LOC", "ORG"]
    # and a second merge neither adds spans nor reports the conflict again
    again = merge(mine, tmp_path / "laptop2.db")
    assert not again.conflicts and not again.changed


def test_a_laptop_that_carried_on_from_a_copy_only_adds(tmp_path, seed):
    libya = at(seed, "ليبيا", "GPE", "amira")
    mine = make_project(tmp_path / "mine.db", "libya", [libya])
    theirs = make_project(tmp_path / "copy.db", "libya", [libya, at(seed, "داعش", "ORG", "amira")])
    theirs.close()

    report = merge(mine, tmp_path / "copy.db")

    assert not report.conflicts
    assert report.spans_added == 1
    assert sorted(s.label for s in mine.spans("libya", annotator="amira")) == ["GPE", "ORG"]


def test_a_text_differing_by_one_character_is_another_document(tmp_path, seed):
    mine = make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")])
    edited = seed.replace("لبيبا", "ليبيا", 1)  # the seed's typo, corrected on the other laptop
    assert len(edited) == len(seed) and edited != seed
    theirs = make_project(tmp_path / "fixed.db", "libya", [at(edited, "ليبيا", "GPE", "badr")], text=edited)
    theirs.close()

    report = merge(mine, tmp_path / "fixed.db")

    assert report.documents_matched == []
    ((theirs_id, new_id),) = report.different_text
    assert theirs_id == "libya" and new_id.startswith("libya-") and len(new_id) == len("libya-") + 8
    assert mine.document_text(new_id) == edited
    assert mine.document_text("libya") == seed
    assert "same id as a document here but a different text" in report.summary()


def test_relations_comments_and_history_come_along_with_clashing_ids_renamed(tmp_path, seed):
    mine = make_project(
        tmp_path / "mine.db", "libya", [Span(id="s1", **at(seed, "ليبيا", "GPE", "amira").model_dump(exclude={"id"}))]
    )
    claim = Span(
        id="s1",
        **at(seed, "الغارات تسببت في مقتل نحو 43 إرهابيا من داعش", "CLAIM", "badr", layer="claim").model_dump(
            exclude={"id"}
        ),
    )
    number = at(seed, "43", "NUMBER", "badr", layer="number", value=43, kind="cardinal")
    theirs = make_project(tmp_path / "badr.db", "libya", [claim, number])
    theirs.add_relation(
        "libya", Relation(id="r1", head="s1", tail=number.id, label="MENTIONS", annotator="badr"), "badr"
    )
    theirs.add_comment("libya", Comment(span="s1", author="badr", text="ادعاء منقول"), "badr")
    theirs.close()

    merge(mine, tmp_path / "badr.db")

    spans = {s.id: s for s in mine.spans("libya")}
    assert spans["s1"].annotator == "amira"  # the id clash did not replace amira's span
    new_claim = next(s for s in spans.values() if s.layer == "claim")
    (rel,) = mine.relations("libya")
    assert (rel.head, rel.tail, rel.label) == (new_claim.id, number.id, "MENTIONS")
    (com,) = mine.comments("libya")
    assert (com.span, com.text) == (new_claim.id, "ادعاء منقول")
    whos = {h["who"] for h in mine.history("libya")}
    assert "badr" in whos  # badr's own edits, copied with their author


def test_new_labels_and_a_further_status_come_over(tmp_path, seed):
    mine = make_project(tmp_path / "mine.db", "libya", [])
    labels = [
        lab.model_copy(update={"hotkey": "0"}) if lab.name == "PERSON" else lab for lab in Scheme.default().labels
    ]
    theirs = Project.create(
        tmp_path / "theirs.db",
        Scheme(
            labels=[
                *labels,
                Label(name="WEAPON", layer="entity", hotkey="1"),
            ]
        ),
    )
    theirs.add_document(
        Document(id="libya", text=seed, status="done", spans=[at(seed, "الطيران", "WEAPON", "badr")]), who="badr"
    )
    theirs.close()

    report = merge(mine, tmp_path / "theirs.db")

    assert report.labels_added == ["WEAPON(entity)"]
    assert mine.scheme().get("entity", "WEAPON").hotkey is None  # "1" is PERSON's here
    assert mine.document_status("libya") == "done"
    assert [s.label for s in mine.spans("libya")] == ["WEAPON"]


def test_a_failure_half_way_leaves_the_project_as_it_was(tmp_path, seed, monkeypatch):
    mine = make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")])
    theirs = make_project(tmp_path / "badr.db", "libya", [at(seed, "داعش", "ORG", "badr")])
    theirs.add_document(Document(id="second", text="نص ثان"), who="badr")
    theirs.close()
    before = snapshot(mine)
    from annotator.store import merge_rows

    calls = []

    def copy_then_fail(project, doc_id, rows):
        calls.append(doc_id)
        if len(calls) == 2:
            raise ProjectError("disk full (simulated)")
        return real(project, doc_id, rows)

    real = merge_rows.copy_history
    monkeypatch.setattr(merge_rows, "copy_history", copy_then_fail)
    with pytest.raises(ProjectError):
        merge(mine, tmp_path / "badr.db")
    assert snapshot(mine) == before


def test_a_project_cannot_be_merged_into_itself_and_a_missing_one_is_named(tmp_path, seed):
    mine = make_project(tmp_path / "mine.db", "libya", [])
    with pytest.raises(ProjectError, match="into itself"):
        merge(mine, tmp_path / "mine.db")
    with pytest.raises(ProjectError, match="nope.db: no such project file"):
        merge(mine, tmp_path / "nope.db")


def test_merge_command_reports_and_is_idempotent(tmp_path, seed, cli):
    make_project(tmp_path / "mine.db", "libya", [at(seed, "ليبيا", "GPE", "amira")]).close()
    make_project(tmp_path / "laptop2.db", "x", [at(seed, "ليبيا", "LOC", "amira")]).close()
    make_project(tmp_path / "badr.db", "y", [at(seed, "داعش", "ORG", "badr")]).close()

    r = cli("merge", tmp_path / "mine.db", tmp_path / "laptop2.db", tmp_path / "badr.db")
    assert r.code == 0, r.err
    assert "conflict: libya: 'amira' differs" in r.out
    assert "1 matched by text" in r.out
    r = cli("merge", tmp_path / "mine.db", tmp_path / "laptop2.db", tmp_path / "badr.db")
    assert r.code == 0 and r.out.count("nothing new") == 2

    r = cli("merge", tmp_path / "mine.db", tmp_path / "missing.db")
    assert r.code == 2 and r.err.startswith("error: ") and "missing.db" in r.err


def test_an_older_copy_brings_back_neither_deleted_nor_relabelled_spans(tmp_path, seed):
    spans = [at(seed, "ليبيا", "GPE", "amira"), at(seed, "داعش", "ORG", "amira"), at(seed, "تركيا", "GPE", "amira")]
    make_project(tmp_path / "mine.db", "libya", spans).close()
    import shutil

    shutil.copy(tmp_path / "mine.db", tmp_path / "old-copy.db")  # the laptop's copy, before the edits below
    with Project.open(tmp_path / "mine.db") as mine:
        mine.delete_span("libya", spans[1].id, "amira")
        mine.update_span("libya", spans[2].id, "amira", label="LOC")
        report = merge(mine, tmp_path / "old-copy.db")

        assert report.superseded == 2 and not report.conflicts and report.spans_added == 0
        assert sorted(s.label for s in mine.spans("libya")) == ["GPE", "LOC"]
        assert "2 spans left out" in report.summary()
