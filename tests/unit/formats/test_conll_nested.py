"""CoNLL as the public corpora write it: Wojood's nested layout (one IOB2
column per depth, outer to inner, a line stopping after its deepest tag),
GermEval's leading index column, ``.txt`` files detected by content,
``--columns``; and ``export --nested`` read back by seqeval depth by depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from seqeval.metrics import f1_score

from annotator.errors import FormatError
from annotator.export import conll_writer
from annotator.formats import ExportOptions, conll
from annotator.formats.detect import format_of
from annotator.formats.notices import ImportOptions, importing
from annotator.model import Document, Span

WOJOOD = Path(__file__).resolve().parents[2] / "data" / "peers" / "wojood_test_sample.txt"


def columns_by_depth(path: Path) -> tuple[list[list[str]], list[list[list[str]]]]:
    """Tokens and tags of each document (sentence blocks joined, -DOCSTART- split),
    padded with O to the file's deepest column; read here without our reader."""
    docs: list[list[list[str]]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        cols = line.split()
        if not cols:
            continue
        if cols[0] == "-DOCSTART-":
            docs.append([])
            continue
        docs[-1].append(cols)
    docs = [d for d in docs if d]
    depth = max(len(c) for d in docs for c in d) - 1
    tokens = [[c[0] for c in d] for d in docs]
    tags = [[[(c[1:] + ["O"] * depth)[k] for c in d] for d in docs] for k in range(depth)]
    return tokens, tags


def test_wojood_txt_is_detected_as_conll_and_every_tag_is_read():
    assert format_of(WOJOOD) == "conll"
    docs = list(conll.read(WOJOOD))
    text = WOJOOD.read_text(encoding="utf-8")
    assert sum(len(d.spans) for d in docs) == text.count(" B-")
    doc = next(d for d in docs if "محكمة" in d.text)
    got = {(s.label, s.surface(doc.text)) for s in doc.spans}
    assert {("ORG", "محكمة حكومة فلسطين"), ("ORG", "حكومة فلسطين"), ("GPE", "فلسطين")} <= got
    assert doc.meta["nested"] == 3


def test_nested_export_gives_back_every_depth_column_as_seqeval_reads_it(tmp_path: Path):
    docs = list(conll.read(WOJOOD))
    out = tmp_path / "out.conll"
    problems: list[str] = []
    conll_writer.write(
        docs, out, ExportOptions(layer="entity", extra={"nested": True, "tokens": "whitespace", "problems": problems})
    )
    assert problems == []
    tokens_in, tags_in = columns_by_depth_no_docstart(WOJOOD)
    tokens_out, tags_out = columns_by_depth(out)
    assert tokens_out == tokens_in
    assert len(tags_out) == len(tags_in) == 3
    for depth, (a, b) in enumerate(zip(tags_in, tags_out, strict=True), start=1):
        assert b == a, f"depth {depth}"
        assert f1_score(a, b) == 1.0


def columns_by_depth_no_docstart(path: Path):
    """Wojood's files have no -DOCSTART-: each sentence is a document."""
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    tmp = "".join(f"-DOCSTART- {i}\n\n{b.strip()}\n\n" for i, b in enumerate(blocks))
    p = path.parent / "__never_written__"
    del p
    docs = [[line.split() for line in b.strip().split("\n")] for b in blocks]
    depth = max(len(c) for d in docs for c in d) - 1
    assert tmp
    return (
        [[c[0] for c in d] for d in docs],
        [[[(c[1:] + ["O"] * depth)[k] for c in d] for d in docs] for k in range(depth)],
    )


def test_nested_export_writes_outer_to_inner_and_reports_crossing_spans(tmp_path: Path):
    text = "قال رئيس بلدية بيرزيت إن"

    def sp(i, w, label, n=1):
        start = text.index(w)
        return Span(id=i, start=start, end=start + len(w), label=label, layer="entity", annotator="a")

    doc = Document(
        id="d",
        text=text,
        spans=[
            sp("a", "رئيس بلدية بيرزيت", "OCC"),
            sp("b", "بلدية بيرزيت", "ORG"),
            sp("c", "بيرزيت", "GPE"),
            sp("x", "بيرزيت إن", "MISC"),
        ],
    )
    problems: list[str] = []
    out = tmp_path / "o.conll"
    conll_writer.write([doc], out, ExportOptions(layer="entity", extra={"nested": True, "problems": problems}))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "بيرزيت I-OCC I-ORG B-GPE" in lines and "رئيس B-OCC O O" in lines
    assert len(problems) == 1 and "'x'" in problems[0] and "crosses another span" in problems[0]


GERMEVAL = (
    "#\thttp://de.wikipedia.org/wiki/Beispiel [2009-10-17]\n"
    "1\tSchartau\tB-PER\tO\n2\tsagte\tO\tO\n3\tdem\tO\tO\n4\tTagesspiegel\tB-ORG\tO\n"
    "5\taus\tO\tO\n6\tBerlin\tB-LOC\tO\n7\t.\tO\tO\n\n"
    "1\tDie\tO\tO\n2\tBerliner\tB-ORG\tB-LOCderiv\n3\tPolizei\tI-ORG\tO\n\n"
)


def test_germeval_index_column_is_skipped_and_its_second_column_nests(tmp_path: Path):
    f = tmp_path / "NER-de-dev.tsv"
    f.write_text(GERMEVAL, encoding="utf-8")
    assert format_of(f) == "conll"
    docs = list(conll.read(f))
    assert docs[0].text == "Schartau sagte dem Tagesspiegel aus Berlin ."
    assert {(s.label, s.surface(docs[1].text)) for s in docs[1].spans} == {
        ("ORG", "Berliner Polizei"),
        ("LOCderiv", "Berliner"),
    }


def test_columns_option_names_the_token_and_tag_columns(tmp_path: Path):
    f = tmp_path / "x.conll"
    f.write_text("EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n", encoding="utf-8")
    with importing(ImportOptions(columns="token=0,tags=3")):
        docs = list(conll.read(f))
    assert [(s.label, s.surface(docs[0].text)) for s in docs[0].spans] == [("ORG", "EU")]
    with importing(ImportOptions(columns="token=0,tags=2")):
        assert [s.label for s in next(conll.read(f)).spans] == ["NP", "VP"]


def test_flair_style_txt_is_conll_and_prose_is_text(tmp_path: Path):
    f = tmp_path / "train.txt"
    f.write_text("EU B-ORG\nrejects O\nGerman B-MISC\n\nPeter B-PER\nBlackburn I-PER\n", encoding="utf-8")
    assert format_of(f) == "conll"
    g = tmp_path / "notes.txt"
    g.write_text("قال وزير الصحة في طرابلس إن الوضع مستقر O\n\nسطر ثان\n", encoding="utf-8")
    assert format_of(g) == "txt"


@pytest.mark.parametrize(
    "body, line, message",
    [
        ("جريدة B-ORG\nفلسطين I-ORG B-GPE\nاليوم I-ORG\nغزة I-ORG I-GPE\n\n", 3, "continues depth 2 with I-GPE"),
        ("جريدة B-ORG O\nفلسطين O I-GPE\n\n", 2, "I-GPE at depth 2 has no enclosing depth-1 span"),
        ("جريدة O B-GPE\n\n", 1, "B-GPE at depth 2 has no enclosing depth-1 span"),
    ],
)
def test_broken_nesting_names_the_line(tmp_path: Path, body, line, message):
    f = tmp_path / "n.conll"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as err:
        list(conll.read(f))
    assert f"n.conll, line {line}:" in str(err.value)


def test_cli_round_trip_of_the_wojood_sample(tmp_path: Path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    res = cli("import", db, WOJOOD, "--add-labels")
    assert res.code == 0, res.err
    res = cli("export", db, "--format", "conll", "--nested", "--tokens", "whitespace", "--out", tmp_path / "o.conll")
    assert res.code == 0, res.err
    assert columns_by_depth(tmp_path / "o.conll")[1] == columns_by_depth_no_docstart(WOJOOD)[1]
    res = cli("export", db, "--format", "jsonl", "--nested", "--out", tmp_path / "o.jsonl")
    assert res.code == 2 and "--nested" in res.err
