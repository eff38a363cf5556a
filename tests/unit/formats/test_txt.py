"""Plain text: one document per file, exactly as decoded."""

from __future__ import annotations

from annotator.formats import txt
from annotator.model import Document
from tests.conftest import TRICKY, read_seed


def test_one_document_named_after_the_file(tmp_path):
    (tmp_path / "خبر 1.txt").write_bytes(TRICKY.encode("utf-8"))
    [doc] = list(txt.read(tmp_path / "خبر 1.txt"))
    assert doc.id == "خبر 1" and doc.text == TRICKY
    assert doc.meta == {"source": "خبر 1.txt", "encoding": "utf-8"}


def test_write_keeps_crlf_and_cannot_escape_the_folder(tmp_path):
    out = tmp_path / "out"
    n = txt.write([Document(id="../../evil", text=TRICKY), Document(id="seed", text=read_seed())], out)
    assert n == 2
    files = sorted(p.name for p in out.iterdir())
    assert all(p.parent == out for p in out.iterdir()) and len(files) == 2
    assert (out / "seed.txt").read_bytes() == read_seed().encode("utf-8")
    assert not (tmp_path / "evil.txt").exists()
    evil = next(p for p in out.iterdir() if p.name != "seed.txt")
    assert evil.read_bytes() == TRICKY.encode("utf-8")  # \r\n not translated
