"""stats --by-annotator: active time from the history under the idle rule,
progress against the assignment, accept rate by source, F1 against gold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from annotator.model import Document, Span
from annotator.review.gold import build_gold
from annotator.store import Project
from annotator.store import rows as store_rows
from annotator.store import team as store
from annotator.team.assign import assign
from annotator.team.progress import by_annotator
from tests.conftest import suggestion


class Clock:
    """Stands in for the store's clock: each edit happens when we say."""

    def __init__(self):
        self.t = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> str:
        return self.t.isoformat(timespec="milliseconds")

    def wait(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(store_rows, "now", c)
    return c


def _rows(project):
    return {r["annotator"]: r for r in by_annotator(project)["annotators"]}


def test_time_is_the_sum_of_gaps_under_the_idle_limit(tmp_path, clock):
    p = Project.create(tmp_path / "p.db")
    text = "قال الوزير إن البطالة انخفضت."
    p.import_documents([Document(id="a", text=text), Document(id="b", text=text + " ثم")], who="t")
    for gap in (0, 30, 50):  # 80 s of work in a
        clock.wait(gap)
        p.add_span(
            "a", Span(start=gap // 10, end=gap // 10 + 3, label="PERSON", layer="entity", annotator="amira"), "amira"
        )
    clock.wait(600)  # a coffee: 10 minutes idle, not counted
    p.add_span("b", Span(start=0, end=3, label="PERSON", layer="entity", annotator="amira"), "amira")
    clock.wait(20)  # 20 s more in b
    p.set_status("b", "done", "amira")
    clock.wait(119)  # just under the limit: counted
    p.add_span("b", Span(start=4, end=9, label="PERSON", layer="entity", annotator="amira"), "amira")
    clock.wait(120)  # at the limit: not counted
    p.add_span("b", Span(start=10, end=12, label="ORG", layer="entity", annotator="amira"), "amira")
    row = _rows(p)["amira"]
    assert row["active_hours"] == pytest.approx((80 + 20 + 119) / 3600, abs=1e-4)
    assert row["edits"] == 7
    assert row["spans"] == {"entity": 6}
    assert row["spans_per_hour"] == pytest.approx(6 / ((80 + 20 + 119) / 3600), rel=1e-3)
    assert row["worked"] == 2
    # a shorter idle limit counts less
    short = {r["annotator"]: r for r in by_annotator(p, idle=60)["annotators"]}["amira"]
    assert short["active_hours"] == pytest.approx((30 + 50 + 20) / 3600, abs=1e-4)


def test_time_is_per_document_not_across_documents(tmp_path, clock):
    p = Project.create(tmp_path / "p.db")
    p.import_documents([Document(id="a", text="نص أول"), Document(id="b", text="نص ثان")], who="t")
    for doc in ("a", "b", "a", "b"):  # switching documents every 10 s: each document's own gaps are 20 s
        clock.wait(10)
        p.add_span(
            doc,
            Span(
                start=0 if clock.t.second < 30 else 3,
                end=2 if clock.t.second < 30 else 5,
                label="PERSON",
                layer="entity",
                annotator="amira",
            ),
            "amira",
        )
    assert _rows(p)["amira"]["active_hours"] == pytest.approx(40 / 3600, abs=1e-4)


def test_progress_accept_rate_and_gold_after_collecting_packs(tmp_path, clock):
    from annotator.review.merge import merge

    lead = Project.create(tmp_path / "lead.db")
    text = "قال الوزير إن البطالة انخفضت إلى ثلاثة في المئة."
    docs = [
        Document(
            id=f"d{i}",
            text=text + " " + "و" * (i + 1),
            spans=[
                suggestion(0, 3, "PERSON", "entity", "gazetteer", id="g"),
                suggestion(33, 38, "NUMBER", "number", "numbers", id="n"),
            ],
        )
        for i in range(6)
    ]
    lead.import_documents(docs, who="t")
    assign(lead, "amira,badr", 1.0, 1, tmp_path / "packs")  # everything to both
    for name, accept_numbers in (("amira", True), ("badr", False)):
        with Project.open(tmp_path / "packs" / f"{name}.db") as pack:
            for i, doc_id in enumerate(pack.document_ids()):
                if i >= 4:
                    continue  # two not started
                clock.wait(15)
                t = pack.document_text(doc_id)
                pack.add_span(
                    doc_id, Span(start=0, end=len(t), label="CHECKWORTHY", layer="document", annotator=name), name
                )
                clock.wait(15)
                pack.update_span(doc_id, "g", name, status="accepted", annotator=name)
                clock.wait(15)
                pack.update_span(
                    doc_id,
                    "n",
                    name,
                    status="accepted" if accept_numbers else "rejected",
                    **({"annotator": name} if accept_numbers else {}),
                )
                clock.wait(15)
                pack.set_status(doc_id, "done" if i < 3 else "in_progress", name)
    for name in ("amira", "badr"):
        merge(lead, tmp_path / "packs" / f"{name}.db")
    build_gold(lead, "amira")
    rows = _rows(lead)
    for name in ("amira", "badr"):
        r = rows[name]
        assert (r["assigned"], r["done"], r["in_progress"], r["not_started"]) == (6, 3, 1, 2)
        assert r["active_hours"] == pytest.approx(4 * 45 / 3600, abs=1e-4)
        assert r["accept_rate"]["gazetteer"] == {"accepted": 4, "rejected": 0, "rate": 1.0}
    assert rows["amira"]["accept_rate"]["numbers"] == {"accepted": 4, "rejected": 0, "rate": 1.0}
    assert rows["badr"]["accept_rate"]["numbers"] == {"accepted": 0, "rejected": 4, "rate": 0.0}
    assert rows["amira"]["gold"]["f1"] == 1.0
    # badr: the document label and the entity match gold; the number gold has, badr rejected
    assert rows["badr"]["gold"] == {
        "spans": 8,
        "gold_spans": 12,
        "matches": 8,
        "precision": 1.0,
        "recall": pytest.approx(8 / 12, abs=1e-4),
        "f1": pytest.approx(0.8, abs=1e-4),
    }
    assert "gold" not in rows and "merge" not in rows and "numbers" not in rows


def test_a_pack_counts_all_its_documents_as_assigned(tmp_path):
    lead = Project.create(tmp_path / "lead.db")
    lead.import_documents([Document(id=f"d{i}", text=f"نص {i}") for i in range(5)], who="t")
    assign(lead, "amira,badr", 0.0, 1, tmp_path / "packs")
    with Project.open(tmp_path / "packs" / "amira.db") as pack:
        rows = _rows(pack)
        assert rows["amira"]["assigned"] == len(pack.document_ids())
    assert store.pack_info(lead) is None


def test_the_cells_the_team_dock_and_the_command_line_show():
    from annotator.team.progress import COLUMNS, table_cells

    row = {
        "annotator": "amira",
        "assigned": 6,
        "not_started": 2,
        "in_progress": 1,
        "done": 3,
        "spans": {"document": 4, "entity": 4},
        "active_hours": 0.05,
        "spans_per_hour": 160.0,
        "accept_rate": {"gazetteer": {"rate": 1.0}, "numbers": {"rate": 0.25}, "cue": {"rate": None}},
        "gold": {"f1": 0.8},
    }
    idle = {**row, "spans": {}, "spans_per_hour": None, "accept_rate": {"cue": {"rate": None}}, "gold": None}
    plain = {"join": " ", "count": "{}={}", "no_spans": "-", "missing": "-"}
    assert len(table_cells(row)) == len(COLUMNS)
    assert table_cells(row) == [
        "amira",
        "6",
        "2",
        "1",
        "3",
        "document 4, entity 4",
        "0.05",
        "160.0",
        "gazetteer 100%, numbers 25%",
        "0.800",
    ]
    assert table_cells(row, **plain)[5:] == [
        "document=4 entity=4",
        "0.05",
        "160.0",
        "gazetteer 100% numbers 25%",
        "0.800",
    ]
    assert table_cells(idle)[5:] == ["0", "0.05", "–", "–", "–"]
    assert table_cells(idle, **plain)[5:] == ["-", "0.05", "-", "-", "-"]


def test_stats_by_annotator_prints_the_table(tmp_path, cli, clock):
    p = Project.create(tmp_path / "p.db")  # the clock stands still: no active time, no spans per hour
    p.import_documents([Document(id="a", text="قال الوزير إن البطالة انخفضت.")], who="t")
    for start in (0, 4):
        p.add_span("a", Span(start=start, end=start + 3, label="PERSON", layer="entity", annotator="amira"), "amira")
    p.close()
    r = cli("stats", tmp_path / "p.db", "--by-annotator")
    assert r.code == 0, r.err
    assert "active h" in r.out and "spans/h" in r.out and "F1 vs gold" in r.out
    amira = next(line for line in r.out.splitlines() if "amira" in line)
    cells = [c.strip() for c in amira.split("│")[1:-1]]
    assert cells == ["amira", "0", "0", "0", "0", "entity=2", "0.00", "-", "-", "-"]
