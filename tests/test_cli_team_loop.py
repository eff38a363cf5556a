"""The whole team loop from the command line: a lead imports tweets, sets
guidelines, assigns them to three annotators with an overlap, each edits
their pack through the edit session, the lead collects the packs, measures
agreement on the overlap only, builds gold, reads per-annotator progress
and time, and exports CheckThat! for the lab's tools (pandas)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pandas as pd

from annotator.editing import EditSession
from annotator.store import Project
from annotator.store import rows as store_rows

TWEETS = [
    "وزير الصحة: انخفاض الإصابات بنسبة ٣٠٪ خلال أسبوع",
    "صباح الخير يا أصدقاء 🌞",
    "الحكومة تعلن بناء ١٠٠ مدرسة جديدة في طرابلس هذا العام",
    "هل تصدقون أن الشاي أفضل من القهوة؟",
    "البنك المركزي: التضخم بلغ ١٢٫٥٪ في مارس",
    "مباراة رائعة الليلة!\nتهانينا للفريق",
    "مسؤول: ٤٠ ألف لاجئ عبروا الحدود منذ يناير",
    "أحب المطر في الخريف",
    "الرئيس قال في خطابه إن البطالة انخفضت إلى ٥٪",
    "رأيي الشخصي: الفيلم ممل",
    "منظمة الصحة العالمية: لا دليل على انتقال الفيروس عبر الماء",
    '\tأسعار الخبز ارتفعت "٣ مرات" منذ ٢٠٢٠',
]


def test_the_team_loop_from_the_command_line(tmp_path, cli, monkeypatch):
    # the lead's project: tweets with their ids, guidelines
    src = tmp_path / "tweets.jsonl"
    src.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"tw{i}",
                    "text": t,
                    "meta": {"tweet_id": str(9000 + i), "tweet_url": f"https://x.com/s/{9000 + i}"},
                },
                ensure_ascii=False,
            )
            + "\n"
            for i, t in enumerate(TWEETS)
        ),
        encoding="utf-8",
    )
    lead = tmp_path / "lead.annot"
    assert cli("init", lead).code == 0
    assert cli("import", lead, src).code == 0
    guide = tmp_path / "guide.md"
    guide.write_text("# إرشادات\n\nالتغريدة التي فيها رقم أو ادعاء قابل للتحقق: **CHECKWORTHY**.\n", encoding="utf-8")
    assert cli("guidelines", lead, guide).code == 0

    r = cli(
        "assign",
        lead,
        "--annotators",
        "amira,badr,chadi",
        "--overlap",
        "0.5",
        "--seed",
        "21",
        "--out",
        tmp_path / "packs",
    )
    assert r.code == 0, r.err
    packs = {p.stem: p for p in (tmp_path / "packs").iterdir()}
    assert sorted(packs) == ["amira", "badr", "chadi"]

    # each annotator works on their pack through the edit session, one edit every 20 s
    clock = [datetime(2026, 3, 1, 9, 0, tzinfo=UTC)]

    def now() -> str:
        return clock[0].isoformat(timespec="milliseconds")

    monkeypatch.setattr(store_rows, "now", now)
    checkworthy = {i for i, t in enumerate(TWEETS) if any(c.isdigit() for c in t) or "منظمة" in t}
    for name, path in packs.items():
        with Project.open(path) as pack:
            assert cli("guidelines", path).out.startswith("# إرشادات")
            session = EditSession(pack, name)
            for doc_id in pack.document_ids():
                text = pack.document_text(doc_id)
                i = int(doc_id.removeprefix("tw"))
                label = "CHECKWORTHY" if i in checkworthy else "NOT_CHECKWORTHY"
                if name == "chadi" and i == 1:
                    label = "CHECKWORTHY"  # one disagreement
                clock[0] += timedelta(seconds=35)
                assert session.label_unit(doc_id, "document", label, 0, len(text)).ok
                clock[0] += timedelta(seconds=20)
                assert session.set_status(doc_id, "done").ok
        clock[0] += timedelta(hours=1)  # the next annotator starts later; the gap is idle, not work

    # collect: twice, the second changes nothing
    first = cli("merge", lead, *packs.values())
    assert first.code == 0 and "note:" not in first.err
    again = cli("merge", lead, *packs.values())
    assert again.out.count("nothing new") == 3

    stats = json.loads(cli("stats", lead, "--by-annotator", "--json").out)
    rows = {r["annotator"]: r for r in stats["annotators"]}
    with Project.open(lead, readonly=True) as p:
        from annotator.store.team import assignments, overlap_ids

        given = {n: [a.doc_id for a in assignments(p) if a.annotator == n] for n in packs}
        overlap = overlap_ids(p)
    assert sum(len(v) for v in given.values()) == len(TWEETS) + len(overlap)
    for name in packs:
        n = len(given[name])
        assert (rows[name]["assigned"], rows[name]["done"], rows[name]["not_started"]) == (n, n, 0)
        assert rows[name]["spans"] == {"document": n}
        # each document: label, then status 20 s later -> 20 s of work per document
        assert abs(rows[name]["active_hours"] - n * 20 / 3600) < 1e-3

    agree = json.loads(cli("agree", lead, "--overlap-only", "--layer", "document", "--json").out)
    assert agree["documents"] == len(overlap)
    everything = json.loads(cli("agree", lead, "--layer", "document", "--json").out)
    assert everything["documents"] == len(overlap)  # only overlapping documents have two annotators anyway
    assert "document" in agree["alpha"]

    assert cli("gold", lead, "--strategy", "majority").code == 0
    stats = json.loads(cli("stats", lead, "--by-annotator", "--json").out)
    assert all(r["gold"]["f1"] > 0 for r in stats["annotators"] if r["annotator"] in packs)

    out = tmp_path / "checkthat.tsv"
    r = cli("export", lead, "--format", "checkthat", "--out", out, "--gold")
    assert r.code == 0, r.err
    df = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(df.columns) == ["tweet_id", "tweet_url", "tweet_text", "class_label"]
    with Project.open(lead, readonly=True) as p:
        gold = {
            p.get_document(d).meta["tweet_id"]: s.label
            for d in p.document_ids()
            for s in p.spans(d, layer="document")
            if s.annotator == "gold"
        }
        texts = {p.get_document(d).meta["tweet_id"]: p.document_text(d) for d in p.document_ids()}
    assert dict(zip(df["tweet_id"], df["class_label"], strict=True)) == {
        k: "Yes" if v == "CHECKWORTHY" else "No" for k, v in gold.items()
    }
    # tabs, quotes, newlines intact
    assert all(texts[k] == t for k, t in zip(df["tweet_id"], df["tweet_text"], strict=True))

    # the lab's file comes back as a project of its own
    relabel = tmp_path / "relabel.annot"
    assert cli("init", relabel).code == 0
    assert cli("import", relabel, out).code == 0
    with Project.open(relabel, readonly=True) as p:
        assert sorted(p.document_ids()) == sorted(gold)
