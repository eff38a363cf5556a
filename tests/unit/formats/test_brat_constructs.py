"""brat: every construct of the standoff format comes in and goes back out.

The export is checked by a small parser written here from the brat
standoff specification (https://brat.nlplab.org/standoff.html), independent
of :mod:`annotator.formats.brat`: it reads ``T``, ``E``, ``R``, ``*``,
``A``/``M``, ``N`` and ``#`` lines and describes every annotation by what
it is (type, offsets, arguments), not by its id, so that an original file
and our re-export can be compared as brat would read them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.formats import ExportOptions, brat
from annotator.formats.notices import ImportOptions, importing
from annotator.model import Scheme

PEERS = Path(__file__).resolve().parents[2] / "data" / "peers" / "brat"


# ------------------------------------------------ independent standoff parser
def parse_standoff(ann: str) -> dict[str, set]:
    """An .ann as sets of id-free descriptions, following the brat spec."""
    text_bound, events, lines = {}, {}, []
    for line in ann.splitlines():
        if line.strip():
            lines.append(line.split("\t"))
    for f in lines:
        if f[0].startswith("T"):
            typ, *offs = f[1].replace(";", " ").split(" ")
            frags = tuple(zip(map(int, offs[0::2]), map(int, offs[1::2]), strict=True))
            text_bound[f[0]] = (typ, frags, f[2])
    for f in lines:
        if f[0].startswith("E"):
            trig, *args = f[1].split()
            events[f[0]] = trig.split(":")[0], trig.split(":")[1], tuple(a.split(":") for a in args)

    def what(ref: str):
        if ref in text_bound:
            return ("T",) + text_bound[ref]
        typ, trig, args = events[ref]
        return ("E", typ, text_bound[trig], tuple(sorted((role, what(arg)) for role, arg in args)))

    relations = {}
    for f in lines:
        if f[0].startswith("R"):
            typ, a1, a2 = f[1].split()
            relations[f[0]] = ("R", typ, what(a1.split(":")[1]), what(a2.split(":")[1]))
    out: dict[str, set] = {k: set() for k in "TERAN#*"}
    out["T"] = {v for v in text_bound.values()}
    out["E"] = {what(e) for e in events}
    out["R"] = set(relations.values())

    def target(ref: str):
        return relations[ref] if ref in relations else what(ref)

    for f in lines:
        kind = f[0][0]
        if kind == "*":
            typ, *members = f[1].split()
            out["*"].add((typ, frozenset(what(m) for m in members)))
        elif kind in "AM":
            name, ref, *value = f[1].split()
            out["A"].add((name, target(ref), tuple(value)))
        elif kind == "N":
            typ, ref, db = f[1].split(" ", 2)
            out["N"].add((typ, target(ref), db, f[2]))
        elif kind == "#":
            typ, ref = f[1].split()
            out["#"].add((typ, target(ref), f[2] if len(f) > 2 else ""))
    return out


def roundtrip(folder: Path, tmp_path: Path, **opts) -> tuple[list, Path]:
    with importing(ImportOptions(**opts)) as o:
        docs = list(brat.read(folder, annotator="amira"))
    out = tmp_path / "out"
    brat.write(docs, out, ExportOptions(scheme=Scheme.default()))
    return docs, out, o.notices


@pytest.mark.parametrize("name", ["news/000-introduction", "news/060-relation_annotation"])
def test_brat_tutorial_files_go_back_out_whole(name, tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    for ext in (".txt", ".ann"):
        shutil.copy(PEERS / f"{name}{ext}", src / f"doc{ext}")
    docs, out, notes = roundtrip(src, tmp_path)
    assert not notes.counts
    original = parse_standoff((src / "doc.ann").read_text(encoding="utf-8"))
    again = parse_standoff((out / "doc.ann").read_text(encoding="utf-8"))
    assert again == original
    assert (out / "doc.txt").read_bytes() == (src / "doc.txt").read_bytes()


def test_news_000_keeps_the_event_its_attribute_the_note_and_the_normalization(tmp_path: Path):
    docs, _, _ = roundtrip(PEERS / "news", tmp_path)
    doc = next(d for d in docs if d.id == "000-introduction")
    spans = {s.id: s for s in doc.spans}
    assert spans["T3"].attrs["brat_events"] == {"E1": {"Confidence": "High"}}
    args = {(r.label, spans[r.tail].surface(doc.text)) for r in doc.relations if r.attrs.get("brat_event") == "E1"}
    assert args == {
        ("Giver-Arg", "Citibank"),
        ("Money-Arg", "$100 million"),
        ("Recipient-Arg", "banks"),
        ("Beneficiary-Arg", "Raul Salinas de Gortari"),
    }
    assert spans["T2"].attrs["note"] == "100000000 USD"  # a plain note stays plain
    assert spans["T4"].attrs == {"Mention": "Name", "Individual": True}
    assert spans["T5"].attrs["normalizations"] == [
        {"type": "Reference", "ref": "Wikipedia:64488", "text": "Carlos Salinas de Gortari"}
    ]


ARABIC = "قال المتحدث باسم وزارة الصحة في طرابلس إن الوزارة أرسلت فرقا.\nوأكد الوزير ذلك."


def _ann(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def test_every_construct_of_the_format_is_kept(tmp_path: Path):
    t = ARABIC
    wz = t.index("وزارة")
    tr = t.index("طرابلس")
    wz2 = t.index("الوزارة")
    wzr = t.index("الوزير")
    ann = _ann(
        f"T1\tORG {wz} {wz + 11}\tوزارة الصحة",
        f"T2\tGPE {tr} {tr + 6}\tطرابلس",
        f"T3\tORG {wz2} {wz2 + 7}\tالوزارة",
        f"T4\tPERSON {wz} {wz + 5};{wzr} {wzr + 6}\tوزارة الوزير",  # discontinuous
        f"T5\tMISC {t.index('أرسلت')} {t.index('أرسلت') + 5}\tأرسلت",
        "E1\tMISC:T5 Agent:T3 Destination:T2",
        "E2\tMISC:T5 Cause:E1",
        "R1\tLocated Arg1:T1 Arg2:T2\t",
        "*\tEquiv T1 T3",
        "A1\tNegated T1",
        "A2\tConfidence E1 High",
        "A3\tSpeculation R1",
        "M4\tkind T2 cardinal",
        "N1\tReference T2 Wikidata:Q3579\tطرابلس",
        "#1\tAnnotatorNotes T1\tملاحظة بسيطة",
        "#2\tAnnotatorNotes R1\tnote on a relation",
        "#3\tAnnotatorNotes E1\tnote on an event",
        "#4\tAnnotatorNotes T1\ta second note",
    )
    src = tmp_path / "in"
    src.mkdir()
    (src / "d.txt").write_text(t, encoding="utf-8", newline="")
    (src / "d.ann").write_text(ann, encoding="utf-8", newline="")
    docs, out, notes = roundtrip(src, tmp_path)
    assert not notes.counts
    doc = docs[0]
    spans = {s.id: s for s in doc.spans}
    # the discontinuous span: one span per fragment, linked
    assert spans["T4"].surface(t) == "وزارة" and spans["T4-f2"].surface(t) == "الوزير"
    assert any(r.label == "FRAGMENT" and r.head == "T4" and r.tail == "T4-f2" for r in doc.relations)
    assert any(r.label == "EQUIV" and {r.head, r.tail} == {"T1", "T3"} for r in doc.relations)
    assert spans["T1"].attrs == {"Negated": True, "note": ["ملاحظة بسيطة", "a second note"]}
    rel = next(r for r in doc.relations if r.id == "R1")
    assert rel.attrs == {"Speculation": True, "note": "note on a relation"}
    assert spans["T5"].attrs["brat_events"] == {"E1": {"Confidence": "High", "note": "note on an event"}, "E2": {}}
    assert parse_standoff((out / "d.ann").read_text(encoding="utf-8")) == parse_standoff(ann)
    assert "T4\tPERSON" in (out / "d.ann").read_text(encoding="utf-8")
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[events]\nMISC\t" in conf and "Negated\tArg:<ANY>" in conf


def test_no_fragments_refuses_discontinuous_spans_with_a_count(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "d.txt").write_text("في ليبيا والعراق", encoding="utf-8")
    (src / "d.ann").write_text(
        _ann("T1\tGPE 3 8;10 16\tليبيا العراق", "T2\tGPE 3 8\tليبيا", "#1\tAnnotatorNotes T1\tx"), encoding="utf-8"
    )
    docs, _, notes = roundtrip(src, tmp_path, fragments=False)
    assert [s.id for s in docs[0].spans] == ["T2"]
    assert notes.lines() == [
        "brat: 1 discontinuous spans not imported: --no-fragments was given (without it, one span per fragment "
        "linked by FRAGMENT relations)",
        "brat: 1 annotations on refused discontinuous spans not imported: their span was refused",
    ]


def test_cli_import_of_the_tutorial_adds_its_labels_and_says_so(tmp_path: Path, cli):
    assert cli("init", tmp_path / "p.db").code == 0
    res = cli("import", tmp_path / "p.db", PEERS / "news")
    assert res.code == 2
    assert "'Organization' (entity)" in res.err and "'Giver-Arg' (relation)" in res.err and "--add-labels" in res.err
    res = cli("import", tmp_path / "p.db", PEERS / "news", "--add-labels")
    assert res.code == 0, res.err
    assert "added" in res.out and "'Transfer-money' (entity)" in res.out and "Alias" not in res.out
    res = cli("export", tmp_path / "p.db", "--format", "brat", "--out", tmp_path / "b")
    assert res.code == 0, res.err
    for name in ("000-introduction", "060-relation_annotation"):
        assert parse_standoff((tmp_path / "b" / f"{name}.ann").read_text(encoding="utf-8")) == parse_standoff(
            (PEERS / "news" / f"{name}.ann").read_text(encoding="utf-8")
        )


def test_cli_no_fragments_warns_once_and_counts_in_the_summary(tmp_path: Path, cli):
    src = tmp_path / "in"
    src.mkdir()
    (src / "d.txt").write_text("في ليبيا والعراق", encoding="utf-8")
    (src / "d.ann").write_text(_ann("T1\tGPE 3 8;10 16\tليبيا العراق", "T2\tGPE 3 8\tليبيا"), encoding="utf-8")
    assert cli("init", tmp_path / "p.db").code == 0
    res = cli("import", tmp_path / "p.db", src, "--no-fragments")
    assert res.code == 0, res.err
    assert res.err.count("\n") == 1 and res.err.startswith("warning: brat: 1 discontinuous spans not imported")
    assert "reported: 1 discontinuous spans (brat)" in res.out
