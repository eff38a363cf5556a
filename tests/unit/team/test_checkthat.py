"""The CheckThat! TSV: written for the lab's tools (pandas reads it, tabs and
line breaks inside a text never break a row), read back, and refused with
the line number when a column is missing or a label is outside the map."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from annotator.arabic.tokens import sentences
from annotator.errors import FormatError
from annotator.formats import ExportOptions, checkthat
from annotator.formats.detect import format_of
from annotator.model import Document, Span
from tests.cli_helpers import one_error_line, snapshot

HARD = [
    "قال الوزير:\t«البطالة انخفضت إلى ٣٪»\nوأضاف أن الحكومة ستبني ١٠٠ مدرسة.",
    '"نص يبدأ بعلامة تنصيص" ثم يكمل',
    "مُحَمَّد زارَ القاهرةَ ــــ أمس\r\nوعاد اليوم 🙂 U.S. رسمياً",
    "\u200fنص فيه علامة اتجاه\u200e وأرقام 2024",
]


def labelled(i: int, text: str, label: str, meta=None, who="amira") -> Document:
    return Document(
        id=f"doc-{i}",
        text=text,
        meta=meta or {},
        spans=[Span(start=0, end=len(text), label=label, layer="document", annotator=who)],
    )


def docs():
    out = [
        labelled(
            i,
            t,
            "CHECKWORTHY" if i % 2 == 0 else "NOT_CHECKWORTHY",
            {"tweet_id": str(1200 + i), "tweet_url": f"https://twitter.com/x/status/{1200 + i}"},
        )
        for i, t in enumerate(HARD)
    ]
    out.append(Document(id="unlabelled", text="لا وسم هنا", meta={"tweet_id": "99"}))
    return out


def test_pandas_reads_every_row_and_every_text_exactly(tmp_path, caplog):
    out = tmp_path / "ct.tsv"
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        assert checkthat.write(docs(), out, ExportOptions()) == len(HARD)
    assert "left out 1 document without a document label" in caplog.text
    df = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(df.columns) == ["tweet_id", "tweet_url", "tweet_text", "class_label"]
    assert df["tweet_text"].tolist() == HARD
    assert df["class_label"].tolist() == ["Yes", "No", "Yes", "No"]
    assert df["tweet_id"].tolist() == ["1200", "1201", "1202", "1203"]


def test_round_trip_gives_back_ids_texts_meta_and_labels(tmp_path):
    out = tmp_path / "ct.tsv"
    checkthat.write(docs(), out, ExportOptions())
    back = list(checkthat.read(out, annotator="amira"))
    assert [d.id for d in back] == ["1200", "1201", "1202", "1203"]
    assert [d.text for d in back] == HARD
    assert [(s.layer, s.start, s.end, s.label) for d in back for s in d.spans] == [
        ("document", 0, len(t), "CHECKWORTHY" if i % 2 == 0 else "NOT_CHECKWORTHY") for i, t in enumerate(HARD)
    ]
    assert back[0].meta["tweet_url"] == "https://twitter.com/x/status/1200"
    again = tmp_path / "again.tsv"
    checkthat.write(back, again, ExportOptions())
    assert again.read_bytes() == out.read_bytes()


def test_plain_documents_get_the_id_text_layout_and_a_label_map(tmp_path):
    out = tmp_path / "ct.tsv"
    d = [labelled(1, "نص أول", "CHECKWORTHY"), labelled(2, "نص ثان", "NOT_CHECKWORTHY")]
    checkthat.write(d, out, ExportOptions(extra={"label_map": {"CHECKWORTHY": "1", "NOT_CHECKWORTHY": "0"}}))
    assert out.read_text(encoding="utf-8") == "id\ttext\tclass_label\ndoc-1\tنص أول\t1\ndoc-2\tنص ثان\t0\n"
    back = list(checkthat.read(out, label_map="CHECKWORTHY=1,NOT_CHECKWORTHY=0"))
    assert [(b.id, b.spans[0].label) for b in back] == [("doc-1", "CHECKWORTHY"), ("doc-2", "NOT_CHECKWORTHY")]


def test_sentence_unit_writes_the_labelled_sentences(tmp_path):
    text = HARD[0]
    sents = sentences(text)
    doc = Document(
        id="deb",
        text=text,
        spans=[
            Span(start=s, end=e, label=lab, layer="sentence", annotator="amira")
            for (s, e), lab in zip(sents, ["CHECKWORTHY", "NOT_CHECKWORTHY"], strict=True)
        ],
    )
    out = tmp_path / "s.tsv"
    assert checkthat.write([doc], out, ExportOptions(extra={"unit": "sentence"})) == 2
    df = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(df.columns) == ["Sentence_id", "Text", "class_label"]
    assert df["Text"].tolist() == [text[s:e] for s, e in sents[:2]]
    assert df["Sentence_id"].tolist() == ["deb_1", "deb_2"]
    back = list(checkthat.read(out))
    assert [(b.id, b.spans[0].layer, b.spans[0].label) for b in back] == [
        ("deb_1", "sentence", "CHECKWORTHY"),
        ("deb_2", "sentence", "NOT_CHECKWORTHY"),
    ]
    again = tmp_path / "again.tsv"
    checkthat.write(back, again, ExportOptions(extra={"unit": "sentence"}))
    assert again.read_bytes() == out.read_bytes()


def test_disagreeing_annotators_are_left_out_unless_gold_settles_it(tmp_path, caplog):
    text = "نص"
    two = Document(
        id="x",
        text=text,
        spans=[
            Span(start=0, end=2, label="CHECKWORTHY", layer="document", annotator="a"),
            Span(start=0, end=2, label="NOT_CHECKWORTHY", layer="document", annotator="b"),
        ],
    )
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        assert checkthat.write([two], tmp_path / "a.tsv", ExportOptions()) == 0
    assert "disagree" in caplog.text
    settled = two.model_copy(
        update={
            "spans": [*two.spans, Span(start=0, end=2, label="NOT_CHECKWORTHY", layer="document", annotator="gold")]
        }
    )
    assert checkthat.write([settled], tmp_path / "b.tsv", ExportOptions()) == 1


def test_the_lab_2021_layout_with_topic_and_0_1_labels_is_read(tmp_path):
    f = tmp_path / "lab.tsv"
    f.write_text(
        "topic_id\ttweet_id\ttweet_url\ttweet_text\tclaim\tcheck_worthiness\n"
        "CT21-AR-01\t1\thttp://t/1\tنص أول\t1\t1\nCT21-AR-01\t2\thttp://t/2\tنص ثان\t0\t0\n",
        encoding="utf-8",
    )
    assert format_of(f) == "checkthat"
    back = list(checkthat.read(f))
    assert [(b.id, b.spans[0].label, b.meta["topic_id"]) for b in back] == [
        ("1", "CHECKWORTHY", "CT21-AR-01"),
        ("2", "NOT_CHECKWORTHY", "CT21-AR-01"),
    ]


@pytest.mark.parametrize(
    "content, line, message",
    [
        ("tweet_id\ttweet_text\n1\tنص\n", 1, "missing column: class_label"),
        ("tweet_id\tclass_label\n1\tYes\n", 1, "missing column: tweet_text"),
        ("tweet_text\tclass_label\nنص\tYes\n", 1, "missing column: an id column"),
        (
            "tweet_id\ttweet_text\tclass_label\n1\tنص\tYes\n2\tنص آخر\tMaybe\n",
            3,
            "label 'Maybe' is not in the label map",
        ),
        ("tweet_id\ttweet_text\tclass_label\n1\tنص\tYes\n2\tنص\n", 3, "expected 3 tab-separated cells, found 2"),
        ("tweet_id\ttweet_text\tclass_label\n1\t\tYes\n", 2, "cell is empty"),
        ("tweet_id\ttweet_text\tclass_label\n1\tنص\tYes\n1\tنص آخر\tNo\n", 3, "appears twice"),
        ("", None, "empty"),
    ],
)
def test_bad_files_are_refused_with_their_line(tmp_path, content, line, message):
    f = tmp_path / "bad.tsv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(checkthat.read(f))
    assert message in str(info.value)
    if line is not None:
        assert f"line {line}" in str(info.value)


def test_the_line_number_counts_lines_of_quoted_texts(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text('tweet_id\ttweet_text\tclass_label\n1\t"سطر\nسطر ثان"\tYes\n2\tنص\tPerhaps\n', encoding="utf-8")
    with pytest.raises(FormatError, match="line 4"):
        list(checkthat.read(f))


def test_cli_import_and_export(tmp_path, cli, db, caplog):
    src = tmp_path / "ct.tsv"
    checkthat.write(docs(), src, ExportOptions())
    assert cli("import", db, src).code == 0
    out = tmp_path / "out.tsv"
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        r = cli("export", db, "--format", "checkthat", "--out", out)
    assert r.code == 0, r.err
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="annotator.export"):
        r = cli("export", db, "--format", "checkthat", "--out", out)
    assert "left out 1 document without a document label" in caplog.text  # the db fixture's first document
    assert out.read_bytes() == src.read_bytes()
    r = cli("export", db, "--format", "checkthat", "--out", tmp_path / "m.tsv", "--label-map", "CHECKWORTHY=CW")
    assert r.code == 0
    assert pd.read_csv(tmp_path / "m.tsv", sep="\t", dtype=str)["class_label"].tolist() == ["CW", "CW"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("tweet_id\ttweet_text\n1\tنص\n", "line 1: missing column: class_label"),
        ("tweet_id\ttweet_text\tclass_label\n1\tنص\tMaybe\n", "line 2: label 'Maybe'"),
    ],
)
def test_cli_import_refuses_and_leaves_the_project(tmp_path, cli, db, content, message):
    f = tmp_path / "bad.tsv"
    f.write_text(content, encoding="utf-8")
    before = snapshot(db)
    r = cli("import", db, f, "--format", "checkthat")
    assert r.code == 2
    assert message in one_error_line(r.err)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (("--label-map", "CHECKWORTHY"), "is not LABEL=CLASS"),
        (("--label-map", "A=Yes,B=Yes"), "two labels map to 'Yes'"),
        (("--unit", "paragraph"), "--unit"),
    ],
)
def test_cli_export_refuses_bad_options(tmp_path, cli, db, args, message):
    r = cli("export", db, "--format", "checkthat", "--out", tmp_path / "x.tsv", *args)
    assert r.code == 2
    assert message in one_error_line(r.err)
    assert not (tmp_path / "x.tsv").exists()


def test_cli_import_takes_a_label_map_and_refuses_it_for_another_format(tmp_path, cli, db):
    f = tmp_path / "lab.tsv"
    f.write_text("id\ttext\tclass_label\na\tنص أول\t1\nb\tنص ثان\t0\n", encoding="utf-8")
    r = cli("import", db, f, "--label-map", "CHECKWORTHY=1,NOT_CHECKWORTHY=0")
    assert r.code == 0, r.err
    from annotator.store import Project

    with Project.open(db, readonly=True) as p:
        assert [s.label for s in p.spans("a", layer="document")] == ["CHECKWORTHY"]
    other = tmp_path / "x.txt"
    other.write_text("نص", encoding="utf-8")
    r = cli("import", db, other, "--format", "txt", "--label-map", "A=1")
    assert r.code == 2 and "--label-map goes with --format checkthat" in one_error_line(r.err)
