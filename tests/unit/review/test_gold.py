"""Building the gold layer and adjudicating disagreements into it."""

from __future__ import annotations

import json

import pytest

from annotator.errors import ModelError
from annotator.model import GOLD, Document, Relation
from annotator.review import gold
from tests.unit.review.conftest import at


@pytest.fixture
def reviewed(project, seed):
    """amira and badr agree on ليبيا and a claim's source, disagree on the rest."""
    spans = {
        "a_libya": at(seed, "ليبيا", "GPE", "amira"),
        "b_libya": at(seed, "ليبيا", "GPE", "badr"),
        "a_daesh": at(seed, "داعش", "ORG", "amira"),
        "b_daesh": at(seed, "داعش", "MISC", "badr"),
        "a_forces": at(seed, "القوات الأمريكية", "ORG", "amira"),
        "b_forces": at(seed, "القوات", "ORG", "badr"),
        "a_sarraj": at(seed, "فايز السراج", "PERSON", "amira"),
    }
    for key, sp in spans.items():
        sp.id = key
    project.add_document(
        Document(
            id="libya",
            text=seed,
            spans=list(spans.values()),
            relations=[
                Relation(head="a_libya", tail="a_libya", label="MENTIONS", annotator="amira"),
                Relation(head="b_libya", tail="b_libya", label="MENTIONS", annotator="badr"),
            ],
        ),
        who="test",
    )
    return project


def gold_view(project, seed):
    return sorted(
        (s.label, seed[s.start : s.end], s.status) for s in gold.gold_spans(project, "libya", include_rejected=True)
    )


def test_majority_prefills_only_what_both_marked_and_records_who(reviewed, seed):
    report = gold.build_gold(reviewed, "majority", who="lead")

    assert (report.spans, report.relations, report.documents) == (1, 1, ["libya"])
    (g,) = gold.gold_spans(reviewed, "libya")
    assert (g.annotator, g.source, g.status, seed[g.start : g.end]) == (GOLD, "gold", "accepted", "ليبيا")
    (rel,) = [r for r in reviewed.relations("libya") if r.annotator == GOLD]
    assert (rel.head, rel.tail) == (g.id, g.id)
    choices = [h for h in reviewed.history("libya") if h["action"] == "decide"]
    assert choices[0]["who"] == "lead"
    assert choices[0]["after"] == {
        "strategy": "majority",
        "from": ["a_libya", "b_libya"],
        "annotators": ["amira", "badr"],
    }
    assert reviewed.document_status("libya") == "new"  # pre-filling is not reviewing
    # a second run leaves documents that have gold alone
    again = gold.build_gold(reviewed, "majority", who="lead")
    assert again.skipped == ["libya"] and again.spans == 0


def test_one_trusted_annotator(reviewed, seed):
    report = gold.build_gold(reviewed, "amira", who="lead")
    assert report.spans == 4
    assert [lab for lab, _, _ in gold_view(reviewed, seed)] == ["GPE", "ORG", "ORG", "PERSON"]
    with pytest.raises(ModelError, match="no annotator 'nobody'"):
        gold.build_gold(reviewed, "nobody")


def test_accepting_one_side_then_the_other_replaces_the_decision(reviewed, seed):
    gold.accept(reviewed, "libya", ["a_forces"], who="lead")
    assert gold_view(reviewed, seed) == [("ORG", "القوات الأمريكية", "accepted")]

    gold.accept(reviewed, "libya", ["b_forces"], who="lead")
    assert gold_view(reviewed, seed) == [("ORG", "القوات", "accepted")]

    gold.accept(reviewed, "libya", ["a_forces", "b_forces"], who="lead")  # both: nested in gold
    assert gold_view(reviewed, seed) == [("ORG", "القوات", "accepted"), ("ORG", "القوات الأمريكية", "accepted")]
    assert reviewed.history("libya")[0]["who"] == "lead"


def test_a_range_holds_one_gold_label(reviewed):
    with pytest.raises(ModelError, match="one label per range"):
        gold.accept(reviewed, "libya", ["a_daesh", "b_daesh"], who="lead")
    with pytest.raises(ModelError, match="no span 'zz'"):
        gold.accept(reviewed, "libya", ["zz"], who="lead")


def test_settling_every_item_marks_the_document_reviewed_and_undo_takes_a_decision_back(reviewed, seed):
    gold.build_gold(reviewed, "majority", who="lead")
    assert len(gold.unsettled(reviewed, "libya")) == 3
    gold.accept(reviewed, "libya", ["b_daesh"], who="lead")
    gold.reject(reviewed, "libya", ["a_sarraj"], who="lead")
    assert reviewed.document_status("libya") == "new"
    edited = at(seed, "القوات الأمريكية", "ORG", "lead").model_copy(
        update={"end": at(seed, "القوات الأمريكية", "ORG", "x").end - 1}
    )
    gold.put(reviewed, "libya", edited, who="lead", replaces=["a_forces", "b_forces"])

    assert gold.unsettled(reviewed, "libya") == []
    assert reviewed.document_status("libya") == "reviewed"
    assert gold_view(reviewed, seed) == [
        ("GPE", "ليبيا", "accepted"),
        ("MISC", "داعش", "accepted"),
        ("ORG", "القوات الأمريكي", "accepted"),
        ("PERSON", "فايز السراج", "rejected"),
    ]
    # undo the last decision (the edit), then the status change before it
    while reviewed.document_status("libya") == "reviewed" or len(gold_view(reviewed, seed)) == 4:
        assert reviewed.undo("libya", "lead")
    assert ("ORG", "القوات الأمريكي", "accepted") not in gold_view(reviewed, seed)


def test_gold_export_writes_accepted_gold_only(reviewed, seed, cli, tmp_path):
    gold.accept(reviewed, "libya", ["a_daesh"], who="lead")
    gold.reject(reviewed, "libya", ["a_sarraj"], who="lead")
    reviewed.close()
    out = tmp_path / "gold.jsonl"
    assert cli("export", reviewed.path, "--gold", "--format", "jsonl", "--out", out).code == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["label"], seed[s["start"] : s["end"]], s["annotator"]) for s in doc["spans"]] == [
        ("ORG", "داعش", "gold")
    ]


def test_gold_command(reviewed, cli):
    reviewed.close()
    r = cli("gold", reviewed.path, "--strategy", "majority")
    assert r.code == 0 and r.out.startswith("gold (majority): 1 spans and 1 relations in 1 documents")
    r = cli("gold", reviewed.path, "--strategy", "nobody")
    assert r.code == 2 and "no annotator 'nobody'" in r.err
    r = cli("gold", reviewed.path, "--strategy", "amira", "--doc", "missing")
    assert r.code == 2 and "no document 'missing'" in r.err


def test_comments_survive_jsonl_export_and_import(reviewed, cli, tmp_path):
    reviewed.close()
    db = reviewed.path
    assert cli("comment", db, "libya", "داعش هنا تنظيم لا دولة", "--span", "a_daesh", "--author", "badr").code == 0
    assert cli("comment", db, "libya", "راجعت الوثيقة كاملة").code == 0
    listed = cli("comment", db, "libya").out
    assert "badr on a_daesh: داعش هنا تنظيم لا دولة" in listed and "lead: راجعت الوثيقة كاملة" in listed
    out, out2, again = tmp_path / "x.jsonl", tmp_path / "y.jsonl", tmp_path / "again.db"
    assert cli("export", db, "--format", "jsonl", "--out", out).code == 0
    assert cli("init", again).code == 0
    assert cli("import", again, out).code == 0
    assert cli("export", again, "--format", "jsonl", "--out", out2).code == 0
    assert out.read_bytes() == out2.read_bytes()
    comments = json.loads(out2.read_text(encoding="utf-8"))["comments"]
    assert [(c["author"], c["span"]) for c in comments] == [("badr", "a_daesh"), ("lead", None)]
    r = cli("comment", db, "nope", "x")
    assert r.code == 2 and "no document 'nope'" in r.err


def test_a_relation_follows_once_both_its_spans_are_gold(project, seed):
    claim = at(seed, "الغارات تسببت في مقتل نحو 43 إرهابيا من داعش", "CLAIM", "badr", layer="claim")
    source = at(seed, "المسؤول العسكري", "PERSON", "badr")
    other = at(seed, "المسؤول العسكري", "ORG", "amira")
    project.add_document(
        Document(
            id="libya",
            text=seed,
            spans=[claim, source, other],
            relations=[Relation(head=claim.id, tail=source.id, label="SOURCE", annotator="badr")],
        ),
        who="test",
    )

    gold.accept(project, "libya", [claim.id], who="lead")
    assert [r for r in project.relations("libya") if r.annotator == GOLD] == []
    gold.accept(project, "libya", [source.id], who="lead")

    (rel,) = [r for r in project.relations("libya") if r.annotator == GOLD]
    by_id = {s.id: s for s in gold.gold_spans(project, "libya")}
    assert (by_id[rel.head].label, by_id[rel.tail].label, rel.label) == ("CLAIM", "PERSON", "SOURCE")
    gold.accept(project, "libya", [other.id], who="lead")  # the other side replaces badr's PERSON
    assert [r for r in project.relations("libya") if r.annotator == GOLD] == []


def test_review_state_settles_two_items_on_one_range_together(reviewed):
    items, settled = gold.review_state(reviewed, "libya")
    assert len(items) == len(settled) and not any(settled)


def test_accept_agreed_takes_every_agreed_item_at_once_and_undo_takes_it_back(reviewed, seed):
    added = gold.accept_agreed(reviewed, "libya", "lead")
    assert [(s.label, seed[s.start : s.end]) for s in added] == [("GPE", "ليبيا")]
    items, settled = gold.review_state(reviewed, "libya")
    assert [it.kind for it, done in zip(items, settled, strict=True) if done] == ["agreed"]
    assert gold.accept_agreed(reviewed, "libya", "lead") == []  # nothing left to take
    reviewed.undo("libya", "lead")
    assert gold.gold_spans(reviewed, "libya") == []


def test_mark_reviewed_is_refused_while_a_disagreement_is_open(reviewed):
    with pytest.raises(ModelError, match="not settled"):
        gold.mark_reviewed(reviewed, "libya", "lead")
    assert reviewed.document_status("libya") == "new" and gold.gold_spans(reviewed, "libya") == []


def test_mark_reviewed_puts_the_agreed_items_in_gold(reviewed, seed):
    for it in gold.unsettled(reviewed, "libya"):
        if it.is_disagreement:
            gold.accept(reviewed, "libya", [s.id for s in it.spans if s.annotator == "amira"], "lead")
    added = gold.mark_reviewed(reviewed, "libya", "lead")
    assert [seed[s.start : s.end] for s in added] == ["ليبيا"]
    assert reviewed.document_status("libya") == "reviewed"
    assert gold.unsettled(reviewed, "libya") == []
