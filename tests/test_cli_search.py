"""``annotator search``: tashkeel-insensitive hits with code-point offsets."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import one_error_line
from tests.conftest import read_seed

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_search_prints_offsets_into_the_original_text(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0 and cli("import", db, SEEDS).code == 0
    result = cli("search", db, "مسؤولِ", "--json")  # a kasra the text does not have
    assert result.code == 0
    [hit] = json.loads(result.out)["hits"]
    text = read_seed()
    assert hit["doc"] == "libya-airstrikes" and hit["ranges"]
    assert all(text[a:b].startswith("مسؤول") for a, b in hit["ranges"])
    plain = cli("search", db, "مسؤول", "--limit", "1")
    assert plain.code == 0 and plain.out.startswith("libya-airstrikes\t")


def test_no_hit_and_bad_project(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0 and cli("import", db, SEEDS).code == 0
    result = cli("search", db, "زلزال")
    assert result.code == 0 and result.out == "" and "no document matches" in result.err
    missing = cli("search", tmp_path / "none.db", "x")
    assert missing.code == 2 and "no such project file" in one_error_line(missing.err)
