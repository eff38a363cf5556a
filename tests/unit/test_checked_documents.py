"""``parse_checked`` (a document's spans checked one at a time and kept as
rows, for large imports) accepts exactly what ``parse_document`` accepts,
with the same values, and refuses the rest with the same message: compared
on generated documents that are mostly right and often wrong in one place
(a field's type, a missing or extra key, an offset outside the text, a
duplicate id or range, a relation or comment pointing nowhere, a NUL)."""

from __future__ import annotations

import copy
import secrets
from dataclasses import astuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import ModelError
from annotator.model import CheckedDocument, SpanRow, parse_checked, parse_document

TEXT = "في طرابلس قتل ٤٣ شخصاً"

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.floats(allow_nan=False),
    st.sampled_from(["", "x", "5", "entity", "number", "NUMBER", "new", "accepted", "import", "\ud800", 3.0, 3.5]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["a", "value"]), st.integers(0, 3), max_size=2),
)


# per field: values the model takes, and values of the right type it refuses
GOOD = {
    "label": ["GPE", "NUMBER", "CLAIM", "مكان"],
    "layer": ["entity", "number", "claim"],
    "annotator": ["amira", "omar", "أميرة"],
    "status": ["accepted", "suggested", "rejected"],
    "source": ["manual", "import"],
}
BAD = {
    "id": ["", "\ud800"],
    "start": [-1, 99, 3.0, True],
    "end": [0, 99, 9.0, 9.5],
    "label": ["", "x\ud800"],
    "layer": ["document", "x"],
    "annotator": ["", "\udfff"],
    "status": ["maybe"],
    "source": ["magic"],
    "attrs": [{"value": "43"}, {"value": True}, {"kind": "roman"}, {"certainty": "sure"}, {"\ud800": 1}],
    "text": [TEXT + "\x00", TEXT[:5]],
    "meta": [[1]],
    "head": ["nowhere"],
    "tail": ["nowhere"],
    "span": ["nowhere"],
}
attrs = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"value": st.sampled_from([43, 43.0, -0.0, 0.0, 2.5, None]), "kind": st.just("cardinal")}),
    st.fixed_dictionaries({"certainty": st.sampled_from(["asserted", "hedged"])}),
    st.fixed_dictionaries({"x": st.lists(st.integers(0, 2), max_size=2)}),
)


@st.composite
def spoilt(draw, fields: dict):
    """Mostly ``fields`` as they are; else one thing wrong: a field of a
    wrong type or a refused value, a field missing, or a key too many."""
    out = dict(fields)
    how = draw(st.sampled_from(["as it is"] * 12 + ["wrong type", "bad value", "missing", "extra key"]))
    key = draw(st.sampled_from(sorted(out)))
    if how == "wrong type":
        out[key] = draw(anything)
    elif how == "bad value" and key in BAD:
        out[key] = draw(st.sampled_from(BAD[key]))
    elif how == "missing":
        del out[key]
    elif how == "extra key":
        out["extra"] = 1
    return out


@st.composite
def a_span(draw, n: int):
    start = draw(st.integers(0, len(TEXT) - 1))
    fields = {
        "id": f"s{n}",
        "start": start,
        "end": draw(st.integers(start + 1, len(TEXT))),
        **{k: draw(st.sampled_from(v)) for k, v in GOOD.items()},
        "attrs": draw(attrs),
    }
    if draw(st.integers(0, 5)) == 0:  # a range taken twice
        fields.update(start=3, end=9)
    optional = draw(st.sets(st.sampled_from(["id", "status", "source", "attrs"])))  # the defaults filled in
    out = draw(spoilt({k: v for k, v in fields.items() if k not in optional}))
    return out if draw(st.integers(0, 40)) else draw(anything)


@st.composite
def a_document(draw):
    doc = {"id": "doc-7", "text": TEXT}
    if draw(st.booleans()):
        doc["meta"] = draw(st.dictionaries(st.just("k"), st.integers()))
    if draw(st.booleans()):
        doc["status"] = draw(st.sampled_from(["new", "done"]))
    doc = draw(spoilt(doc))
    doc["spans"] = [draw(a_span(n)) for n in range(draw(st.integers(0, 6)))]
    ids = [sp["id"] for sp in doc["spans"] if isinstance(sp, dict) and isinstance(sp.get("id"), str)] or ["s0"]
    if draw(st.booleans()):
        doc["relations"] = [
            draw(
                spoilt(
                    {
                        "id": f"r{n}",
                        "head": draw(st.sampled_from(ids)),
                        "tail": draw(st.sampled_from(ids)),
                        "label": "SOURCE",
                        "annotator": "a",
                    }
                )
            )
            for n in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        doc["comments"] = [
            draw(spoilt({"author": "a", "text": "t", "span": draw(st.sampled_from([None, *ids]))}))
            for _ in range(draw(st.integers(0, 2)))
        ]
    return doc


def outcome(parse, data):
    try:
        doc = parse(copy.deepcopy(data))
    except ModelError as exc:
        return "refused", str(exc)
    rows = [astuple(s) if isinstance(s, SpanRow) else tuple(s.__dict__.values()) for s in doc.spans]
    return (
        "accepted",
        (doc.id, doc.text, doc.meta, doc.status),
        [(r, [type(v) for v in r[-1].values()]) for r in rows],  # 1 and 1.0 and True kept apart
        [r.model_dump() for r in doc.relations],
        [c.model_dump() for c in doc.comments],
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=a_document())
def test_checked_documents_are_the_documents_the_model_makes(data, monkeypatch):
    # the ids the model makes up for items without one: one constant, the same
    # on both sides however many each side makes (two made up in one document clash)
    monkeypatch.setattr(secrets, "token_hex", lambda n=5: "0" * (2 * n))
    assert outcome(parse_checked, data) == outcome(parse_document, data)


def test_spans_become_rows_that_share_equal_values():
    span = {"start": 3, "end": 9, "label": "GPE", "layer": "entity", "annotator": "amira", "attrs": {"value": 1}}
    doc = parse_checked({"id": "d", "text": TEXT, "spans": [dict(span, id="a"), dict(span, id="b", start=4)]})
    assert isinstance(doc, CheckedDocument)
    a, b = doc.spans
    assert a.label is b.label and a.attrs is b.attrs
    assert (a.id, a.start, b.start, a.status, a.source) == ("a", 3, 4, "accepted", "manual")
    negative = parse_checked({"id": "d", "text": TEXT, "spans": [dict(span, id="c", attrs={"value": -0.0})]})
    zero = parse_checked({"id": "d", "text": TEXT, "spans": [dict(span, id="c", attrs={"value": 0.0})]})
    assert str(negative.spans[0].attrs["value"]) == "-0.0" and str(zero.spans[0].attrs["value"]) == "0.0"


def test_a_refused_document_is_worded_by_the_model():
    data = {
        "id": "doc-7",
        "text": TEXT,
        "spans": [{"id": "s1", "start": 3, "end": 99, "label": "GPE", "layer": "entity", "annotator": "a"}],
    }
    with pytest.raises(ModelError) as checked:
        parse_checked(data)
    with pytest.raises(ModelError) as reference:
        parse_document(data)
    assert str(checked.value) == str(reference.value)
    assert "outside the text" in str(checked.value)
