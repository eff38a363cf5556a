"""File names from document ids never escape the folder or hit Windows devices."""

from __future__ import annotations

import pytest

from annotator.formats.paths import safe_filename


@pytest.mark.parametrize(
    "doc_id",
    [
        "../../x",
        "..",
        ".",
        "a/b",
        "a\\b",
        "con",
        "CON.txt",
        "nul",
        "com1",
        "lpt9",
        "a:b",
        "x\x00y",
        "?*",
        " ",
        "",
        "\u202eevil",
        "a" * 500,
        "../" * 50,
    ],
)
def test_unsafe_ids_become_safe_names(doc_id, tmp_path):
    name = safe_filename(doc_id)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert name.split(".")[0].lower() not in {"con", "nul", "prn", "aux", "com1", "lpt9"}
    assert len(name) <= 130
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_plain_ids_are_kept_and_distinct_ids_stay_distinct():
    assert safe_filename("خبر-7") == "خبر-7"
    assert safe_filename("doc_1") == "doc_1"
    assert safe_filename("a/b") != safe_filename("a_b")
    assert safe_filename("a" * 500) != safe_filename("a" * 501)
