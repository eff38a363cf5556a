"""annotator assign: who gets which document, the packs, the record in the
lead's project, re-runs, and every bad input refused before anything is
written."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.model import Document, Span
from annotator.store import Project
from annotator.store import team as store
from annotator.team.assign import assign, overlap_score, parse_annotators, plan
from tests.cli_helpers import one_error_line, snapshot
from tests.conftest import suggestion

TEXT = "قال الوزير إن البطالة انخفضت إلى {} في المئة. وأضاف أن الحكومة ستبني مدارس."


def lead_project(path: Path, n: int = 40) -> Project:
    project = Project.create(path)
    docs = []
    for i in range(n):
        text = TEXT.format(i)
        spans = []
        if i % 4 == 0:  # a suggestion the annotators should see, and someone else's span they should not
            spans = [
                suggestion(0, 3, "PERSON", "entity", "gazetteer", id="sg"),
                Span(id="other", start=4, end=10, label="PERSON", layer="entity", annotator="zaid"),
            ]
        docs.append(Document(id=f"d{i:03}", text=text, meta={"tweet_id": str(1000 + i)}, spans=spans))
    project.import_documents(docs, who="test")
    return project


def test_the_overlap_depends_on_the_seed_and_the_id_only():
    assert overlap_score(7, "d1") == overlap_score("7", "d1")
    assert overlap_score(7, "d1") != overlap_score(8, "d1")
    ids = [f"doc{i}" for i in range(2000)]
    share = sum(overlap_score(3, d) < 0.2 for d in ids) / len(ids)
    assert 0.17 < share < 0.23
    a, over_a, _ = plan(ids[:1000], ["x", "y", "z"], 0.2, 3)
    b, over_b, _ = plan(ids, ["x", "y", "z"], 0.2, 3)
    # adding documents never moves an old one in or out of the overlap
    assert set(over_a) == set(over_b) & set(ids[:1000])


def test_shares_are_even_and_overlap_goes_to_n_copies():
    ids = [f"doc{i}" for i in range(300)]
    shares, overlapping, waiting = plan(ids, ["a", "b", "c", "d"], 0.25, 11, copies=3)
    assert waiting == 0
    sizes = [len(v) for v in shares.values()]
    assert max(sizes) - min(sizes) <= 1
    holders = Counter(d for v in shares.values() for d in v)
    assert set(holders) == set(ids)
    assert {d for d, n in holders.items() if n == 3} == set(overlapping)
    assert all(n in (1, 3) for n in holders.values())
    for v in shares.values():
        assert len(v) == len(set(v))


def test_assign_writes_one_pack_per_annotator_and_records_the_round(tmp_path):
    lead = lead_project(tmp_path / "lead.annot")
    store.set_guidelines(lead, "# الإرشادات\n\nضع علامة.")
    report = assign(lead, "amira,badr,chadi", 0.2, 5, tmp_path / "packs")
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == ["amira.annot", "badr.annot", "chadi.annot"]
    rows = store.assignments(lead)
    assert {r.round for r in rows} == {report.round}
    per_doc = Counter(r.doc_id for r in rows)
    assert set(per_doc) == set(lead.document_ids())
    assert {d for d, n in per_doc.items() if n == 2} == set(report.overlap) == set(store.overlap_ids(lead))
    for name in ("amira", "badr", "chadi"):
        with Project.open(tmp_path / "packs" / f"{name}.annot", readonly=True) as pack:
            mine = sorted(r.doc_id for r in rows if r.annotator == name)
            assert sorted(pack.document_ids()) == mine
            info = store.pack_info(pack)
            assert info["annotator"] == name and info["round"] == report.round
            assert info["project_id"] == store.meta_value(lead, store.PROJECT_ID)
            assert store.guidelines(pack) == "# الإرشادات\n\nضع علامة."
            assert pack.scheme() == lead.scheme()
            for doc_id in mine:
                doc = pack.get_document(doc_id)
                assert doc.text == lead.document_text(doc_id) and doc.meta == lead.get_document(doc_id).meta
                # suggestions come along; another annotator's spans do not
                assert {s.annotator for s in doc.spans} <= {"gazetteer"}
                assert doc.status == "new"


def test_re_running_hands_out_only_new_documents_and_keeps_shares_even(tmp_path):
    lead = lead_project(tmp_path / "lead.db", 30)
    first = assign(lead, ["amira", "badr", "chadi"], 0.0, 1, tmp_path / "r1")
    assert sum(len(v) for v in first.shares.values()) == 30
    lead.import_documents([Document(id=f"new{i}", text=f"خبر جديد رقم {i}") for i in range(6)], who="t")
    second = assign(lead, ["amira", "badr", "chadi", "dina"], 0.0, 1, tmp_path / "r2")
    given = {n: v for n, v in second.shares.items()}
    assert sorted(d for v in given.values() for d in v) == sorted(f"new{i}" for i in range(6))
    assert len(given["dina"]) == 6  # the newcomer catches up first
    with pytest.raises(AnnotatorError, match="no documents left to hand out"):
        assign(lead, ["amira"], 0.0, 1, tmp_path / "r3")
    assert not (tmp_path / "r3").exists()


def test_per_annotator_caps_a_round_and_the_rest_waits(tmp_path):
    lead = lead_project(tmp_path / "lead.db", 20)
    report = assign(lead, "amira,badr", 0.0, 1, tmp_path / "r1", per_annotator=4)
    assert [len(v) for v in report.shares.values()] == [4, 4]
    assert report.waiting == 12
    later = assign(lead, "amira,badr", 0.0, 1, tmp_path / "r2")
    assert sum(len(v) for v in later.shares.values()) == 12


def test_status_picks_documents(tmp_path):
    lead = lead_project(tmp_path / "lead.db", 10)
    lead.set_status("d000", "done", "lead")
    report = assign(lead, "amira,badr", 0.0, 1, tmp_path / "r1", statuses=["new"])
    assert "d000" not in {d for v in report.shares.values() for d in v}


def test_the_pack_extension_follows_the_project(tmp_path):
    lead = lead_project(tmp_path / "lead.sqlite", 4)
    assign(lead, "amira,badr", 0.0, 1, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["amira.sqlite", "badr.sqlite"]


@pytest.mark.parametrize(
    "names, message",
    [
        ("amira,amira", "appears twice"),
        ("amira,,badr", "name 2 is empty"),
        ("", "at least one name"),
        (" , ", "empty"),
        ("amira,../x", "cannot name a pack file"),
        ("amira,gold", "gold"),
    ],
)
def test_bad_annotator_lists_are_refused(names, message):
    with pytest.raises(AnnotatorError, match=message):
        parse_annotators(names)


def _bad_cli_input(tmp_path, cli, *extra, prepare=None):
    db = tmp_path / "lead.db"
    lead_project(db, 12).close()
    out = tmp_path / "packs"
    if prepare:
        prepare(out)
    before = snapshot(db)
    listing = sorted(p.name for p in tmp_path.iterdir())
    result = cli("assign", db, "--out", out, *extra)
    assert result.code == 2
    line = one_error_line(result.err)
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # nothing written, no hidden folder left
    if out.exists():
        assert [p.name for p in out.iterdir()] == (["old.annot"] if prepare else [])
    return line


@pytest.mark.parametrize(
    "args, message",
    [
        (("--annotators", "a,b", "--status", "bogus"), "unknown status 'bogus'"),
        (("--annotators", "a,b", "--overlap", "1.5"), "not a share between 0 and 1"),
        (("--annotators", "a,b", "--overlap", "-0.1"), "not a share between 0 and 1"),
        (("--annotators", "a,b", "--overlap", "abc"), "--overlap"),
        (("--annotators", "a,b,a"), "appears twice"),
        (("--annotators", "a,,b"), "is empty"),
        (("--annotators", "a,b,c", "--overlap", "0.2", "--copies", "4"), "--copies"),
        (("--annotators", "a", "--overlap", "0.2"), "at least two annotators"),
        (("--annotators", "a,b", "--status", "done"), "no documents with status done"),
        (("--annotators", "a,b", "--per-annotator", "0"), "--per-annotator"),
    ],
)
def test_assign_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, cli, args, message):
    assert message in _bad_cli_input(tmp_path, cli, *args)


def test_assign_refuses_an_output_folder_that_holds_files(tmp_path, cli):
    def prepare(out):
        out.mkdir()
        (out / "old.annot").write_bytes(b"work from last week")

    line = _bad_cli_input(tmp_path, cli, "--annotators", "a,b", prepare=prepare)
    assert "exists and holds files" in line
    assert (tmp_path / "packs" / "old.annot").read_bytes() == b"work from last week"


def test_assign_into_an_empty_existing_folder_works(tmp_path, cli):
    db = tmp_path / "lead.db"
    lead_project(db, 6).close()
    (tmp_path / "packs").mkdir()
    result = cli("assign", db, "--annotators", "amira,badr", "--out", tmp_path / "packs", "--seed", "3")
    assert result.code == 0, result.err
    assert "amira: 3 documents" in result.out
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == ["amira.db", "badr.db"]


def test_a_failure_while_writing_packs_leaves_nothing(tmp_path, monkeypatch):
    lead = lead_project(tmp_path / "lead.db", 8)
    calls = []

    def fail_second(lead_, pack, ids, name):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        return original(lead_, pack, ids, name)

    original = store.write_pack
    monkeypatch.setattr(store, "write_pack", fail_second)
    with pytest.raises(OSError):
        assign(lead, "amira,badr", 0.0, 1, tmp_path / "packs")
    assert not (tmp_path / "packs").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert store.assignments(lead) == []


def test_stats_json_of_the_round(tmp_path, cli):
    db = tmp_path / "lead.db"
    lead_project(db, 9).close()
    assert cli("assign", db, "--annotators", "amira,badr,chadi", "--out", tmp_path / "p").code == 0
    data = json.loads(cli("stats", db, "--by-annotator", "--json").out)
    rows = {r["annotator"]: r for r in data["annotators"]}
    assert {n: rows[n]["assigned"] for n in ("amira", "badr", "chadi")} == {"amira": 3, "badr": 3, "chadi": 3}
    assert all(rows[n]["not_started"] == 3 for n in ("amira", "badr", "chadi"))
