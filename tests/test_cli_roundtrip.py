"""The lossless promise: a document with everything that shifts offsets,
with spans of every layer, relations, attributes, statuses, annotators and
comments, exported to JSONL and imported into a new project, comes back
byte for byte. Re-importing adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import snapshot
from tests.conftest import TRICKY


def at(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def rich_document() -> dict:
    t = TRICKY
    assert "\r\n" in t and "لا" in t and "👨\u200d👩\u200d👧" in t and "Armytimes" in t and "2016" in t
    spans = []

    def add(sid, surface, label, layer, annotator="amira", nth=0, **extra):
        s, e = at(t, surface, nth)
        spans.append(
            {
                "id": sid,
                "start": s,
                "end": e,
                "label": label,
                "layer": layer,
                "annotator": annotator,
                "status": extra.pop("status", "accepted"),
                "source": extra.pop("source", "manual"),
                "attrs": extra.pop("attrs", {}),
            }
        )

    add("e1", "طرابلس", "GPE", "entity")
    add("e2", "Armytimes", "ORG", "entity")
    add("e3", "ليبيا", "GPE", "entity")
    add("e3b", "وزيرُ الخارجيّةِ الليبيّ", "PERSON", "entity", annotator="omar", status="suggested", source="prelabel")
    add("n1", "٤٣", "NUMBER", "number", attrs={"value": 43, "kind": "cardinal"})
    add("n2", "2016", "NUMBER", "number", attrs={"value": 2016, "kind": "year"})
    add("n3", "٥٠٪", "NUMBER", "number", attrs={"value": 50.0, "kind": "percent"}, status="rejected", source="prelabel")
    add(
        "c1",
        "إنَّ «٤٣» شخصاً قُتلوا 👨\u200d👩\u200d👧 عام 2016",
        "CLAIM",
        "claim",
        attrs={"claimant": "وزير الخارجية", "certainty": "reported"},
    )
    add("e4", "الـــقوات لا تزال\u200f", "MISC", "entity", annotator="omar")
    return {
        "id": "tricky/1",
        "text": t,
        "meta": {"source": "تجربة", "url": "https://example.org/a?b=1"},
        "status": "done",
        "spans": spans,
        "relations": [
            {"id": "r1", "head": "c1", "tail": "e1", "label": "SOURCE", "annotator": "amira", "attrs": {}},
            {
                "id": "r2",
                "head": "c1",
                "tail": "n1",
                "label": "MENTIONS",
                "annotator": "amira",
                "attrs": {"note": "٤٣"},
            },
        ],
        "comments": [
            {
                "id": "k1",
                "span": "c1",
                "author": "omar",
                "text": "هل المصدر موثوق؟ 🤔",
                "created": "2026-01-02T03:04:05.000+00:00",
            },
            {
                "id": "k2",
                "span": None,
                "author": "amira",
                "text": "document-wide\r\nnote",
                "created": "2026-01-02T03:04:06.000+00:00",
            },
        ],
    }


def test_everything_survives_export_and_import(tmp_path: Path, cli):
    from annotator.formats.jsonl import dumps
    from annotator.model import parse_document

    doc = rich_document()
    src = tmp_path / "in.jsonl"
    src.write_text(dumps(parse_document(doc)) + "\n", encoding="utf-8", newline="")
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert cli("init", a).code == 0 and cli("init", b).code == 0
    assert cli("import", a, src).code == 0
    assert cli("export", a, "--format", "jsonl", "--out", tmp_path / "a.jsonl", "--include-suggested").code == 0
    assert cli("import", b, tmp_path / "a.jsonl").code == 0
    assert cli("export", b, "--format", "jsonl", "--out", tmp_path / "b.jsonl", "--include-suggested").code == 0

    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    back = json.loads((tmp_path / "b.jsonl").read_text(encoding="utf-8"))
    assert back["text"] == TRICKY  # CRLF, tashkeel, ZWJ emoji, RLM untouched
    assert back["id"] == doc["id"] and back["status"] == "done" and back["meta"] == doc["meta"]
    assert back["relations"] == doc["relations"]
    assert back["comments"] == doc["comments"]
    # every span except the rejected one comes back, with the same surface
    wanted = {s["id"]: s for s in doc["spans"] if s["status"] != "rejected"}
    got = {s["id"]: s for s in back["spans"]}
    assert got == wanted
    for s in back["spans"]:
        assert back["text"][s["start"] : s["end"]] == TRICKY[s["start"] : s["end"]]
    assert type(got["n1"]["attrs"]["value"]) is int and type(got["n2"]["attrs"]["value"]) is int


def test_export_without_suggestions_leaves_them_out(tmp_path, cli):
    from annotator.formats.jsonl import dumps
    from annotator.model import parse_document

    src = tmp_path / "in.jsonl"
    src.write_text(dumps(parse_document(rich_document())) + "\n", encoding="utf-8")
    assert cli("init", tmp_path / "a.db").code == 0 and cli("import", tmp_path / "a.db", src).code == 0
    assert cli("export", tmp_path / "a.db", "--format", "jsonl", "--out", tmp_path / "o.jsonl").code == 0
    back = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert {s["status"] for s in back["spans"]} == {"accepted"}
    assert "e3b" not in {s["id"] for s in back["spans"]}


def test_reimport_adds_nothing_and_says_so(tmp_path, cli):
    db = tmp_path / "p.db"
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert cli("init", db).code == 0
    first = cli("import", db, seeds)
    assert first.code == 0 and "imported 1 documents" in first.out
    before = snapshot(db)[1]
    again = cli("import", db, seeds)
    assert again.code == 0
    assert "imported 0 documents" in again.out and "skipped 1 already present" in again.out
    history = [r for r in snapshot(db)[1] if r.startswith('INSERT INTO "history"')]
    assert snapshot(db)[1] == before and history


def test_same_text_under_another_id_is_not_imported_twice(tmp_path, cli):
    db = tmp_path / "p.db"
    text = "نص واحد تحت اسمين"
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text(text, encoding="utf-8")
    assert cli("init", db).code == 0
    result = cli("import", db, tmp_path / "one.txt", tmp_path / "two.txt")
    assert result.code == 0 and "imported 1 documents" in result.out and "skipped 1" in result.out


def test_seed_text_exported_exactly(tmp_path, cli):
    from tests.conftest import read_seed

    db = tmp_path / "p.db"
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert cli("init", db).code == 0 and cli("import", db, seeds).code == 0
    assert cli("export", db, "--format", "jsonl", "--out", tmp_path / "x.jsonl").code == 0
    assert json.loads((tmp_path / "x.jsonl").read_text(encoding="utf-8"))["text"] == read_seed()


def test_encodings_are_decoded_and_stored_exactly(tmp_path, cli):
    text = "قال المتحدثُ إنّ ٤٣ شخصاً\r\nفي طرابلس"
    files = {
        "utf8.txt": text.encode("utf-8"),
        "utf8bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf16.txt": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"),
        "utf16be.txt": "\ufeff".encode("utf-16-be") + text.replace("ٌ", "").encode("utf-16-be"),
        "cp1256.txt": text.replace("٤٣", "43").encode("cp1256"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    # identical texts would be skipped as duplicates; each file differs a little
    for i, name in enumerate(files):
        (tmp_path / name).write_bytes(
            files[name]
            + (
                str(i).encode(
                    "utf-16-le" if "16" in name and "be" not in name else "utf-16-be" if "be" in name else "ascii"
                )
            )
        )
    assert cli("import", db, *(tmp_path / n for n in files)).code == 0
    assert cli("export", db, "--format", "jsonl", "--out", tmp_path / "o.jsonl").code == 0
    docs = {d["id"]: d for d in map(json.loads, (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines())}
    assert docs["utf8"]["text"] == text + "0"
    assert docs["utf8bom"]["text"] == text + "1"  # the BOM is not part of the text
    assert docs["utf16"]["text"] == text + "2"
    assert docs["utf16be"]["text"] == text.replace("ٌ", "") + "3"
    assert docs["cp1256"]["text"] == text.replace("٤٣", "43") + "4"
    assert docs["cp1256"]["meta"]["encoding"] == "cp1256"
    assert all("\r\n" in d["text"] for d in docs.values())
