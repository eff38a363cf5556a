"""Fuzz every reader with structurally valid files full of hostile values
(bad input gives one ``error:`` line, never a crash): wrong types where a field is expected, lone surrogates,
integers of thousands of digits, control characters, markup.

Each import must either succeed with every stored span inside its text
(and the project still exporting), or exit 2 with one ``error:`` line and
the project byte for byte as it was; never a traceback. Examples are
bounded so the whole file runs in well under a minute."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import one_error_line, snapshot

BIG = "@@BIG@@"  # json.dumps cannot write an int of 5,000 digits: put in after dumping
BIG_DIGITS = "9" * 5000
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

NASTY_TEXT = [
    "\ud800",
    "\udfff",
    "\x00",
    "\x0c",
    "\x07",
    "\ufffe",
    "<h1>x</h1>",
    "\u202e",
    "\r\n",
    "\t",
    "ـ",
    "👨\u200d👩\u200d👧",
    "قال",
    "طرابلس",
    " ",
]
text_piece = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=4))
texts = st.lists(text_piece, min_size=1, max_size=12).map("".join)
labels = st.sampled_from(["PERSON", "GPE", "NUMBER", "CLAIM", "NOPE", "", "<b>x</b>", "\ud800"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 40), st.just(BIG), st.floats(allow_nan=False), texts, st.just(10**30)
)
wrong = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(st.sampled_from(["a", "\ud800", "x"]), scalars, max_size=2)
)
offsets = st.one_of(st.integers(-2, 30), st.just(BIG), wrong)


def maybe(strategy, wrong_strategy=wrong):
    """Mostly the right type, sometimes anything."""
    return st.one_of(strategy, strategy, strategy, wrong_strategy)


def dumps(data) -> str:
    return json.dumps(data).replace(json.dumps(BIG), BIG_DIGITS)  # ensure_ascii: lone surrogates as \\ud800


@pytest.fixture
def db(tmp_path, cli):
    path = tmp_path / "p.db"
    assert cli("init", path).code == 0
    return path


def import_and_check(cli, db: Path, path: Path, fmt: str, out: Path) -> None:
    before = snapshot(db)
    result = cli("import", db, path, "--format", fmt)
    if result.code == 0:
        from annotator.store import Project

        with Project.open(db, readonly=True) as project:
            for doc in project.iter_documents(statuses=None):
                for span in doc.spans:
                    assert 0 <= span.start < span.end <= len(doc.text), (doc.id, span)
        exported = cli("export", db, "--format", "jsonl", "--out", out)
        assert exported.code == 0, exported.err
    else:
        assert result.code == 2, result.err
        one_error_line(result.err)
        assert snapshot(db) == before


# ---------------------------------------------------------------- jsonl
span_json = st.fixed_dictionaries(
    {
        "start": maybe(offsets),
        "end": maybe(offsets),
        "label": maybe(labels),
        "layer": maybe(st.sampled_from(["entity", "number", "claim", "topic"])),
    },
    optional={
        "annotator": maybe(texts),
        "attrs": maybe(st.dictionaries(texts, scalars, max_size=2)),
        "status": maybe(st.sampled_from(["accepted", "suggested", "maybe"])),
    },
)
jsonl_doc = st.fixed_dictionaries(
    {"text": maybe(texts)},
    optional={
        "id": maybe(texts),
        "meta": maybe(st.dictionaries(texts, scalars, max_size=3)),
        "spans": maybe(st.lists(span_json, max_size=3)),
        "status": maybe(st.sampled_from(["new", "done", "archived"])),
    },
)


@FUZZ
@given(st.lists(jsonl_doc, min_size=1, max_size=3))
def test_fuzz_jsonl(cli, db, tmp_path, docs):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(dumps(d) + "\n" for d in docs), encoding="utf-8")
    import_and_check(cli, db, path, "jsonl", tmp_path / "out.jsonl")


# ---------------------------------------------------------------- doccano
doccano_line = st.fixed_dictionaries(
    {"text": maybe(texts)},
    optional={
        "id": maybe(st.integers(0, 9)),
        "label": maybe(st.lists(st.one_of(st.tuples(offsets, offsets, labels).map(list), wrong), max_size=3)),
        "relations": maybe(
            st.lists(st.fixed_dictionaries({"from_id": wrong, "to_id": wrong, "type": labels}), max_size=2)
        ),
        "meta_key": scalars,
    },
)


@FUZZ
@given(st.lists(doccano_line, min_size=1, max_size=3))
def test_fuzz_doccano(cli, db, tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(dumps(d) + "\n" for d in lines), encoding="utf-8")
    import_and_check(cli, db, path, "doccano", tmp_path / "out.jsonl")


# ---------------------------------------------------------------- label studio
ls_value = st.fixed_dictionaries(
    {}, optional={"start": offsets, "end": offsets, "text": maybe(texts), "labels": maybe(st.lists(labels, max_size=2))}
)
ls_result = st.fixed_dictionaries(
    {"type": maybe(st.sampled_from(["labels", "relation", "textarea", "choices"]))},
    optional={
        "id": maybe(texts),
        "value": maybe(ls_value),
        "from_name": maybe(st.sampled_from(["label", "value"])),
        "to_name": st.just("text"),
        "from_id": wrong,
        "to_id": wrong,
        "labels": maybe(st.lists(labels)),
    },
)
ls_task = st.fixed_dictionaries(
    {"data": maybe(st.fixed_dictionaries({"text": maybe(texts)}))},
    optional={
        "annotations": maybe(
            st.lists(st.fixed_dictionaries({"result": maybe(st.lists(ls_result, max_size=3))}), max_size=2)
        ),
        "predictions": maybe(
            st.lists(st.fixed_dictionaries({"result": maybe(st.lists(ls_result, max_size=2))}), max_size=1)
        ),
        "label": maybe(st.lists(st.fixed_dictionaries({"start": offsets, "end": offsets, "labels": wrong}))),
        "text": maybe(texts),
    },
)


@FUZZ
@given(st.lists(ls_task, min_size=1, max_size=3))
def test_fuzz_label_studio(cli, db, tmp_path, tasks):
    path = tmp_path / "in.json"
    path.write_text(dumps(tasks), encoding="utf-8")
    import_and_check(cli, db, path, "label-studio", tmp_path / "out.jsonl")


# ---------------------------------------------------------------- csv
cell = st.one_of(texts, st.integers().map(str), st.just(BIG_DIGITS), st.sampled_from(['"', '""', ",", "\n", ";"]))


@FUZZ
@given(
    st.lists(st.sampled_from(["id", "text", "source", "encoding", "x", ""]), min_size=1, max_size=4, unique=True),
    st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=4),
)
def test_fuzz_csv(cli, db, tmp_path, header, rows):
    path = tmp_path / "in.csv"
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))  # lone surrogates as broken UTF-8
    import_and_check(cli, db, path, "csv", tmp_path / "out.jsonl")


# ---------------------------------------------------------------- conll
token = st.one_of(
    st.sampled_from(["قال", "طرابلس", "-DOCSTART-", "#", "<b>", "\x0c", "\ud800", "9" * 50]),
    st.text(min_size=1, max_size=3).filter(lambda t: t.strip() and not any(c.isspace() for c in t)),
)
tag = st.sampled_from(["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "E-GPE", "S-NUMBER", "B-", "X", "I-NOPE"])


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.tuples(token, tag).map(" ".join),
            st.tuples(token).map(" ".join),
            st.just(""),
            st.just("-DOCSTART- -X- O O"),
            st.tuples(token, token, tag).map(" ".join),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_fuzz_conll(cli, db, tmp_path, lines):
    path = tmp_path / "in.conll"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    import_and_check(cli, db, path, "conll", tmp_path / "out.jsonl")


# ---------------------------------------------------------------- brat
def _brat_offset(v) -> str:
    return BIG_DIGITS if v == BIG else str(v)


ann_line = st.one_of(
    st.builds(
        lambda i, lab, s, e, surf: f"T{i}\t{lab} {_brat_offset(s)} {_brat_offset(e)}\t{surf}",
        st.integers(1, 3),
        labels,
        st.one_of(st.integers(-1, 12), st.just(BIG)),
        st.one_of(st.integers(-1, 12), st.just(BIG)),
        texts,
    ),
    st.builds(
        lambda i, a, b: f"R{i}\tSOURCE Arg1:T{a} Arg2:T{b}\t", st.integers(1, 2), st.integers(1, 3), st.integers(1, 3)
    ),
    st.builds(
        lambda i, t, note: f"#{i}\tAnnotatorNotes T{t}\t{note}",
        st.integers(1, 3),
        st.integers(1, 3),
        st.one_of(texts, st.builds(dumps, st.dictionaries(texts, scalars, max_size=2))),
    ),
    st.builds(lambda i, t: f"A{i}\tNegated T{t}", st.integers(1, 3), st.integers(1, 3)),
    st.sampled_from(["E1\tAttack:T1", "*\tEquiv T1 T2", "N1\tReference T1 Wikipedia:1\tx", "garbage"]),
)


@FUZZ
@given(texts, st.lists(ann_line, max_size=5))
def test_fuzz_brat(cli, db, tmp_path, text, lines):
    folder = tmp_path / "brat"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / "a.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    (folder / "a.ann").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    import_and_check(cli, db, folder, "brat", tmp_path / "out.jsonl")
