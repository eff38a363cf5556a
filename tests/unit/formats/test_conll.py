"""CoNLL: seqeval reads every column and the entities it finds are exactly
the spans (outermost wins where spans nest, and the loser is reported);
our reader takes IOB1, IOB2 and BIOES back."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from seqeval.scheme import IOB2, Entities

from annotator.errors import FormatError
from annotator.export import conll_writer
from annotator.formats import ExportOptions, conll
from annotator.formats.tokenized import tokens_of
from annotator.model import SPAN_LAYERS as LAYERS
from annotator.model import Document, Span
from tests.conftest import TRICKY
from tests.unit.formats.samples import documents, make_project, outermost, seed_document, tricky_document


def _parse(path: Path) -> dict[str, list[list[list[str]]]]:
    """doc id -> sentences -> rows of columns, read naively."""
    docs: dict[str, list] = {}
    cur = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            cur = docs.setdefault(line.split()[1], [])
            cur.append([])
        elif not line:
            if cur and cur[-1]:
                cur.append([])
        else:
            cur[-1].append(line.split(" "))
    return {k: [s for s in v if s] for k, v in docs.items()}


def _char_entities(text: str, sents: list, column: int) -> set[tuple[int, int, str]]:
    """seqeval's entities (strict IOB2) mapped back to characters by finding
    each token in the text in order."""
    found = set()
    pos = 0
    for sent in sents:
        offs = []
        for row in sent:
            s = text.index(row[0], pos)
            offs.append((s, s + len(row[0])))
            pos = s + len(row[0])
        tags = [row[column] for row in sent]
        for ent in Entities([tags], IOB2).entities[0]:
            found.add((offs[ent.start][0], offs[ent.end - 1][1], ent.tag))
    return found


def test_seqeval_reports_exactly_the_spans_in_every_layer_column(tmp_path: Path):
    out = tmp_path / "all.conll"
    assert conll_writer.write(documents(), out, ExportOptions()) == 2
    parsed = _parse(out)
    for doc in documents():
        for col, layer in enumerate(LAYERS, start=1):
            assert _char_entities(doc.text, parsed[doc.id], col) == outermost(doc, layer), (doc.id, layer)


def test_clitic_is_its_own_token_and_the_name_after_it_is_tagged(tmp_path: Path):
    out = tmp_path / "e.conll"
    conll_writer.write([tricky_document()], out, ExportOptions(layer="entity"))
    rows = [r for s in _parse(out)["tricky"] for r in s]
    i = next(k for k, r in enumerate(rows) if r[0] == "ليبيا")
    assert rows[i - 1] == ["و", "O"] and rows[i] == ["ليبيا", "B-GPE"]
    assert ["الـــقوات", "B-ORG"] in rows and ["Armytimes", "B-ORG"] in rows


def test_span_edge_inside_a_token_forces_a_split(tmp_path: Path):
    text = "زارالرئيسطرابلس أمس"  # words run together: the span edge falls mid-token
    start = text.index("طرابلس")
    doc = Document(
        id="d", text=text, spans=[Span(id="a", start=start, end=start + 6, label="GPE", layer="entity", annotator="x")]
    )
    out = tmp_path / "d.conll"
    conll_writer.write([doc], out, ExportOptions(layer="entity"))
    rows = [r for s in _parse(out)["d"] for r in s]
    assert ["طرابلس", "B-GPE"] in rows
    assert _char_entities(text, _parse(out)["d"], 1) == {(start, start + 6, "GPE")}


def test_nested_span_left_out_of_the_tags_is_reported(tmp_path: Path, caplog):
    problems: list[str] = []
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        conll_writer.write(
            [seed_document()], tmp_path / "s.conll", ExportOptions(layer="entity", extra={"problems": problems})
        )
    assert len(problems) == 1 and "span 'e2'" in problems[0] and "outermost wins" in problems[0]
    assert "span 'e2'" in caplog.text


def test_a_claim_crossing_a_line_break_keeps_its_sentences_together(tmp_path: Path):
    out = tmp_path / "c.conll"
    conll_writer.write([tricky_document()], out, ExportOptions(layer="claim"))
    sents = _parse(out)["tricky"]
    claim_sent = next(s for s in sents if any(r[1] == "B-CLAIM" and r[0] == "«" for r in s))
    assert any(r[0] == "وقالت" or r[0] == "قالت" for r in claim_sent)


def test_round_trip_through_our_reader(tmp_path: Path):
    """The imported text is the tokens joined by spaces; each span covers
    the same tokens as before."""
    out = tmp_path / "all.conll"
    conll_writer.write(documents(), out, ExportOptions())
    back = {d.id: d for d in conll.read(out)}
    for doc in documents():
        toks = tokens_of(doc)
        want = sorted(
            (" ".join(doc.text[a:b] for a, b in toks if s <= a and b <= e), lab, layer)
            for layer in LAYERS
            for s, e, lab in outermost(doc, layer)
        )
        got = back[doc.id]
        assert sorted((s.surface(got.text), s.label, s.layer) for s in got.spans) == want
        assert got.meta["tagging"] == "IOB2"


@pytest.mark.parametrize(
    "tags, scheme",
    [
        (["I-GPE", "O", "I-ORG", "I-ORG", "B-ORG"], "IOB1"),
        (["B-GPE", "O", "B-ORG", "I-ORG", "B-ORG"], "IOB2"),
        (["S-GPE", "O", "B-ORG", "E-ORG", "S-ORG"], "BIOES"),
    ],
)
def test_iob1_iob2_and_bioes_are_detected_and_decoded_alike(tmp_path: Path, tags, scheme):
    words = ["ليبيا", "و", "الأمم", "المتحدة", "داعش"]
    (tmp_path / "x.conll").write_text(
        "\n".join(f"{w}\t{t}" for w, t in zip(words, tags, strict=True)) + "\n", encoding="utf-8"
    )
    doc = next(conll.read(tmp_path / "x.conll"))
    assert doc.meta["tagging"] == scheme
    assert [(s.surface(doc.text), s.label) for s in doc.spans] == [
        ("ليبيا", "GPE"),
        ("الأمم المتحدة", "ORG"),
        ("داعش", "ORG"),
    ]


def test_conll2003_layout_reads_the_last_column(tmp_path: Path):
    (tmp_path / "x.conll").write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n", encoding="utf-8"
    )
    doc = next(conll.read(tmp_path / "x.conll"))
    assert [(s.surface(doc.text), s.label) for s in doc.spans] == [("EU", "ORG"), ("German", "MISC")]


@pytest.mark.parametrize(
    "content, message, line",
    [
        ("ليبيا B-GPE\nتونس\n", "expected a token and a tag", 2),
        (
            "ليبيا NNP B-GPE\nتونس B-GPE\n",
            "2 columns where the file has 3",
            2,
        ),  # ragged is Wojood's layout only with tags alone
        ("ليبيا B-GPE\nتونس GPE\n", "'GPE' is not an IOB/BIOES tag", 2),
        ("ليبيا O\nتونس E-GPE\n", "ends a chunk that was never begun", 2),
        ("\n\n", "no tokens", None),
    ],
)
def test_malformed_files_name_the_line(tmp_path: Path, content, message, line):
    (tmp_path / "x.conll").write_text(content, encoding="utf-8")
    with pytest.raises(FormatError, match=message) as err:
        list(conll.read(tmp_path / "x.conll"))
    assert err.value.line == line


def test_cli_export_with_splits_and_import(tmp_path: Path, cli):
    make_project(tmp_path / "p.db").close()
    res = cli(
        "export",
        tmp_path / "p.db",
        "--format",
        "conll",
        "--out",
        tmp_path / "c",
        "--layer",
        "entity",
        "--split",
        "train=0.5,test=0.5",
        "--seed",
        "3",
    )
    assert res.code == 0, res.err
    files = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert files == ["test.conll", "train.conll"]
    assert cli("init", tmp_path / "q.db").code == 0
    res = cli("import", tmp_path / "q.db", tmp_path / "c" / "train.conll", tmp_path / "c" / "test.conll")
    assert res.code == 0, res.err
    assert "imported 2 documents" in res.out


def test_cli_import_of_a_broken_file_changes_nothing(tmp_path: Path, cli):
    assert cli("init", tmp_path / "q.db").code == 0
    (tmp_path / "x.conll").write_text("ليبيا B-GPE\n\nتونس O\nليبيا E-GPE\n", encoding="utf-8")
    res = cli("import", tmp_path / "q.db", tmp_path / "x.conll")
    assert res.code == 2 and res.err.count("\n") == 1 and "x.conll, line 4" in res.err
    assert '"documents": 0' in cli("stats", tmp_path / "q.db", "--json").out


def test_tricky_tokens_are_exact_slices(tmp_path: Path):
    out = tmp_path / "t.conll"
    conll_writer.write([tricky_document()], out, ExportOptions(layer="number"))
    rows = [r for s in _parse(out)["tricky"] for r in s]
    assert "👨\u200d👩\u200d👧" in [r[0] for r in rows] and ["٥٠", "B-NUMBER"] in rows and ["٪", "I-NUMBER"] in rows
    assert all(r[0] in TRICKY for r in rows)


def test_cached_clitic_split_equals_the_per_document_rule():
    from annotator.arabic.tokens import tokenize
    from tests.conftest import read_seed
    from tests.unit.arabic.oracle import clitic_tokens

    spacing = " وبالنفط  ولليبيا\u00a0فالقوات\tبغداد\r\nوكالعادة 3.5٪  "  # runs of spaces, NBSP, tab, CRLF, ends
    for text in (read_seed(), TRICKY, spacing, spacing * 3, ""):
        edges = range(0, len(text), 7)
        assert tokenize(text, clitics=True) == clitic_tokens(text)
        assert tokenize(text, clitics=True, split_at=edges) == clitic_tokens(text, edges)


def test_token_table_finds_tokens_as_bisect_on_the_full_lists_does():
    from bisect import bisect_left, bisect_right

    from annotator.arabic.tokens import TokenTable
    from tests.conftest import read_seed
    from tests.unit.arabic.oracle import clitic_tokens

    spacing = " وبالنفط  ولليبيا\u00a0فالقوات\tبغداد\r\nوكالعادة 3.5٪  "
    for text in (read_seed()[:3000], TRICKY, spacing, ""):
        table = TokenTable(text, range(0, len(text), 5))
        starts, ends = table.starts(), table.ends()
        assert list(zip(starts, ends, strict=True)) == clitic_tokens(text, range(0, len(text), 5))
        assert table.texts() == [text[s:e] for s, e in zip(starts, ends, strict=True)] and len(table) == len(starts)
        assert [table.start(i) for i in range(len(table))] == starts
        assert [table.end(i) for i in range(len(table))] == ends
        for p in range(len(text) + 1):
            assert table.first_from(p) == bisect_left(starts, p)
            assert table.ending_by(p) == bisect_right(ends, p)


def test_same_span_from_two_annotators_is_one_chunk_and_not_reported(tmp_path: Path):
    doc = tricky_document()
    twin = next(s for s in doc.spans if s.id == "e2").model_copy(update={"id": "e2b", "annotator": "omar"})
    doc.spans.append(twin)
    problems: list[str] = []
    conll_writer.write([doc], tmp_path / "t.conll", ExportOptions(layer="entity", extra={"problems": problems}))
    assert problems == []
    rows = [r for s in _parse(tmp_path / "t.conll")["tricky"] for r in s]
    assert ["طرابلس", "B-GPE"] in rows


def test_command_line_shows_what_the_tags_could_not_hold(tmp_path: Path):
    import subprocess
    import sys

    make_project(tmp_path / "p.db").close()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator.cli",
            "export",
            str(tmp_path / "p.db"),
            "--format",
            "conll",
            "--out",
            str(tmp_path / "x.conll"),
            "--layer",
            "entity",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "document 'libya-airstrikes', span 'e2'" in proc.stderr and "outermost wins" in proc.stderr


def test_hash_token_is_a_token_and_comments_are_skipped(tmp_path: Path):
    (tmp_path / "x.conll").write_text("# text = وسم\n# O\nليبيا B-GPE\n\n-DOCSTART- empty\n\n", encoding="utf-8")
    docs = list(conll.read(tmp_path / "x.conll"))
    assert [d.text for d in docs] == ["# ليبيا"]
    assert [(s.surface(docs[0].text), s.label) for s in docs[0].spans] == [("ليبيا", "GPE")]


def document_lines(doc, layers, options=None) -> str:
    """One document's lines from the per-document rule (tokenized.tag): the
    oracle the batch writer is tested against."""
    from annotator.formats.conll import tagged_lines
    from annotator.formats.tokenized import tag

    return tagged_lines(doc, tag(doc, layers, options), layers)


def _random_spans(text: str, rng, n: int, layers=("entity", "number")) -> list[Span]:
    """Spans anywhere: on words, mid-word, over white space, nested, crossing
    sentences, the same range twice with one label or two."""
    spans = []
    for k in range(n):
        a = rng.randrange(0, max(1, len(text) - 1))
        b = min(len(text), a + rng.choice((1, 2, 3, 5, 8, 13, 40)))
        if rng.random() < 0.1 and spans:  # a twin of an earlier range
            a, b = spans[-1].start, spans[-1].end
        if a < b:
            spans.append(
                Span.model_construct(
                    id=f"s{k}",
                    start=a,
                    end=b,
                    label=rng.choice(("PERSON", "LOC")),
                    layer=rng.choice(layers),
                    annotator=rng.choice(("amira", "omar")),
                    status="accepted",
                    source="manual",
                    attrs={},
                )
            )
    return spans


@pytest.mark.parametrize("seed", range(40))
def test_batch_writer_gives_the_lines_and_reports_of_the_document_writer(seed):
    """Batches are written as columns, the reference one document at a time
    through tag(): both give the same bytes and the same reports, in one
    column or three, on every kind of span and on empty documents."""
    import random

    from annotator.export.conll_writer import batch_lines
    from tests.conftest import read_seed

    rng = random.Random(seed)
    texts = (TRICKY, read_seed()[:1500], " وبالنفط  ولليبيا\u00a0فالقوات\tبغداد\r\nوكالعادة 3.5٪. ثم  \n\n", "  ", "")
    docs = []
    for k in range(rng.choice((1, 2, 5))):
        text = texts[(seed + k) % len(texts)]
        docs.append(
            Document.model_construct(
                id=f"d {seed} {k}",
                text=text,
                meta={},
                status="new",
                spans=_random_spans(text, rng, rng.choice((0, 3, 12, 30)), LAYERS),
                relations=[],
                comments=[],
            )
        )
    for layers in (["entity"], ["number"], list(LAYERS)):
        batch, one = ExportOptions(), ExportOptions()
        batch.extra["problems"], one.extra["problems"] = [], []
        expected = "".join(document_lines(doc, layers, one) for doc in docs).encode("utf-8")
        assert batch_lines(docs, layers, batch) == expected
        assert batch.extra["problems"] == one.extra["problems"]
