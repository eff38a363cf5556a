"""CSV: a text column, an optional id column, other columns into meta."""

from __future__ import annotations

import pytest

from annotator.errors import FormatError
from annotator.formats import csv


def test_text_id_and_meta(tmp_path):
    (tmp_path / "news.csv").write_text(
        'id,text,source\nn1,"قال، في طرابلس\r\nسطر ثان",bbc\nn2,خبر,rt\n', encoding="utf-8", newline=""
    )
    a, b = csv.read(tmp_path / "news.csv")
    # the file's own source column is kept (a reader never drops the user's data); the file name goes in only where there is none
    assert (a.id, a.text, a.meta["source"]) == ("n1", "قال، في طرابلس\r\nسطر ثان", "bbc")
    assert b.id == "n2" and b.text == "خبر"


def test_semicolon_cp1256_and_arabic_header(tmp_path):
    (tmp_path / "w.csv").write_bytes("نص;كاتب\nأكد الوزير في طرابلس;علي\n".encode("cp1256"))
    [doc] = csv.read(tmp_path / "w.csv")
    assert doc.text == "أكد الوزير في طرابلس" and doc.id == "w-2" and doc.meta["كاتب"] == "علي"
    assert doc.meta["encoding"] == "cp1256"


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,body2\n1,x\n", "no text column"),
        ("id,text\n1,a\n1,b\n", "line 3: document id '1' appears twice"),
        ("id,text\n1,\n", "line 2: the text cell is empty"),
        ("id,text\n1,a,extra\n", "line 2: expected 2 columns, found 3"),
    ],
)
def test_bad_csv(tmp_path, content, message):
    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        list(csv.read(tmp_path / "bad.csv"))


def test_a_cell_longer_than_the_csv_module_default(tmp_path):
    long_text = "كلمة طويلة " * 20_000  # > 131072 characters, the csv module's default limit
    (tmp_path / "long.csv").write_text("id,text\n1," + long_text + "\n", encoding="utf-8")
    [doc] = csv.read(tmp_path / "long.csv")
    assert doc.text == long_text
