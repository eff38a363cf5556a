"""Claims CSV: read with the csv module (and pandas), one row per claim,
Arabic intact behind a UTF-8 BOM."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from annotator.formats import ExportOptions, claims
from tests.unit.formats.samples import documents, make_project


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_row_per_claim_with_its_numbers_entities_and_claimant(tmp_path: Path):
    out = tmp_path / "claims.csv"
    assert claims.write(documents(), out, ExportOptions()) == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = {r["claim_id"] + "@" + r["doc_id"]: r for r in _rows(out)}
    assert set(rows) == {"c1@libya-airstrikes", "c1@tricky", "c2@tricky"}
    seed = rows["c1@libya-airstrikes"]
    assert seed["claim"].startswith("الغارات تسببت") and seed["claimant"] == "المسؤول العسكري"
    assert seed["certainty"] == "reported"
    assert seed["numbers"] == "43=43 | 100=100"
    assert seed["entities"] == "داعش (ORG)"  # the SOURCE entity is the claimant, not inside
    assert [n["value"] for n in json.loads(seed["numbers_json"])] == [43, 100]


def test_claim_text_with_crlf_and_emoji_stays_one_cell(tmp_path: Path):
    out = tmp_path / "claims.csv"
    claims.write(documents(), out, ExportOptions())
    doc = documents()[1]
    row = next(r for r in _rows(out) if r["doc_id"] == "tricky" and r["claim_id"] == "c1")
    c1 = next(s for s in doc.spans if s.id == "c1")
    assert row["claim"] == c1.surface(doc.text) and (int(row["start"]), int(row["end"])) == (c1.start, c1.end)
    assert row["numbers"] == "٤٣=43 | 2016=2016"


def test_claimant_falls_back_to_the_source_entity(tmp_path: Path):
    doc = documents()[1]
    c2 = next(s for s in doc.spans if s.id == "c2")
    c2.attrs.pop("claimant")
    out = tmp_path / "claims.csv"
    claims.write([doc], out, ExportOptions())
    assert next(r for r in _rows(out) if r["claim_id"] == "c2")["claimant"] == "Armytimes"


def test_pandas_reads_it(tmp_path: Path):
    import pandas as pd

    out = tmp_path / "claims.csv"
    claims.write(documents(), out, ExportOptions())
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == claims.COLUMNS and len(frame) == 3


def test_cli_export_with_split(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli("export", tmp_path / "p.db", "--format", "claims", "--out", tmp_path / "c", "--split", "a=0.5,b=0.5")
    assert res.code == 0, res.err
    rows = _rows(tmp_path / "c" / "a.csv") + _rows(tmp_path / "c" / "b.csv")
    assert len(rows) == 3
