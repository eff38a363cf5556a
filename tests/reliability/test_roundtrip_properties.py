"""Property tests: random Arabic text (tashkeel, tatweel, lam-alef, emoji
with ZWJ and skin tones, CRLF, bidi marks, Latin, both digit sets) with
random valid spans survives every format's round trip, the spans' surfaces
included.

Canonical JSONL and the store must keep any code-point span. The peer
formats (brat, doccano, Label Studio, XMI, Parquet) are given spans that a
person could draw: on whole grapheme pieces, not starting or ending in
white space; each keeps what it can represent (brat and doccano have no
annotator or attributes)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.model import Document, Relation, Span

LETTERS = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئةى")
PIECES = (
    LETTERS * 3
    + ["لا", "لأ", "الله", "َ", "ُ", "ِ", "ّ", "ً", "ْ", "ـ", "ـــ"]  # lam-alef, tashkeel, tatweel
    + ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇱🇾"]  # emoji: astral, skin tone, ZWJ family, flag
    + ["\r\n", "\n", " ", " ", " ", "\u200f", "\u200e", "،", "؟", "«", "»"]
    + ["Libya", "UN", "2016", "٤٣", "٥٠٪", "3.5"]
)
SPACE = {" ", "\n", "\r\n", "\u200f", "\u200e"}
LAYER_LABELS = {"entity": ["PERSON", "ORG", "LOC", "GPE", "MISC"], "number": ["NUMBER"], "claim": ["CLAIM"]}
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw, peer: bool = False, annotators=("amira", "omar")) -> Document:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=80))
    text = "".join(pieces)
    if peer:  # span edges on piece edges, never on white space at either end
        bounds, pos = [], 0
        for p in pieces:
            bounds.append((pos, pos + len(p), p in SPACE))
            pos += len(p)
        starts = [s for s, _, sp in bounds if not sp]
        ends = [e for _, e, sp in bounds if not sp]
    else:
        starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    spans: list[Span] = []
    keys: set = set()
    for i in range(draw(st.integers(0, 8)) if starts else 0):
        start = draw(st.sampled_from(starts))
        later = [e for e in ends if e > start]
        if not later:
            continue
        end = draw(st.sampled_from(later))
        layer = draw(st.sampled_from(sorted(LAYER_LABELS)))
        who = draw(st.sampled_from(annotators))
        if (who, layer, start, end) in keys or (peer and any(k[2:] == (start, end) for k in keys)):
            continue
        keys.add((who, layer, start, end))
        attrs = {}
        if layer == "number" and not peer:
            attrs = {
                "value": draw(st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False))),
                "kind": draw(st.sampled_from(["cardinal", "ordinal", "fraction", "percent", "year"])),
            }
        if layer == "claim" and not peer:
            attrs = {
                "claimant": draw(st.text(alphabet=LETTERS + [" "], max_size=10)),
                "certainty": draw(st.sampled_from(["asserted", "reported", "hedged"])),
            }
        spans.append(
            Span(
                id=f"s{i}",
                start=start,
                end=end,
                layer=layer,
                annotator=who,
                attrs=attrs,
                label=draw(st.sampled_from(LAYER_LABELS[layer])),
                status="accepted" if peer else draw(st.sampled_from(["accepted", "suggested"])),
            )
        )
    relations = []
    if len(spans) >= 2 and not peer:
        relations.append(
            Relation(id="r1", head=spans[0].id, tail=spans[1].id, label="MENTIONS", annotator=spans[0].annotator)
        )
    return Document(
        id=draw(st.sampled_from(["d1", "خبر-٧", "doc 3"])),
        text=text,
        spans=spans,
        relations=relations,
        status=draw(st.sampled_from(["new", "in_progress", "done", "reviewed"])),
        meta={"n": draw(st.integers(0, 9))},
    )


def surfaces(doc: Document, with_who: bool = False) -> set[tuple]:
    return {
        (s.start, s.end, s.label, s.layer, s.surface(doc.text)) + ((s.annotator,) if with_who else ())
        for s in doc.spans
    }


@FAST
@given(documents())
def test_jsonl_keeps_everything(doc):
    from annotator.formats import jsonl

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.jsonl"
        jsonl.write([doc], path)
        [back] = jsonl.read(path)
    assert back == doc


@FAST
@given(documents())
def test_store_then_jsonl_keeps_everything(doc):
    from annotator.formats import jsonl
    from annotator.model import spans_sorted
    from annotator.store import Project

    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "p.db") as p:
            p.add_document(doc)
            got = p.get_document(doc.id)
            jsonl.write([got], Path(tmp) / "x.jsonl")
        [back] = jsonl.read(Path(tmp) / "x.jsonl")
    assert back.text == doc.text
    assert spans_sorted(back.spans) == spans_sorted(doc.spans)
    assert back.relations == doc.relations and back.status == doc.status and back.meta == doc.meta


def _peer_round_trip(fmt: str, doc: Document) -> list[Document]:
    from annotator import formats

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("out" if fmt == "brat" else f"out.{fmt}")
        formats.write(fmt, [doc], out, formats.ExportOptions())
        return list(formats.reader(fmt)(out, annotator="amira"))


@FAST
@given(documents(peer=True, annotators=("amira",)))
def test_brat_round_trip(doc):
    [back] = _peer_round_trip("brat", doc)
    assert back.text == doc.text
    assert surfaces(back) == surfaces(doc)


@FAST
@given(documents(peer=True, annotators=("amira",)))
def test_doccano_round_trip(doc):
    [back] = _peer_round_trip("doccano", doc)
    assert back.text == doc.text
    assert surfaces(back) == surfaces(doc)


@FAST
@given(documents(peer=True))
def test_label_studio_round_trip(doc):
    [back] = _peer_round_trip("label-studio", doc)
    assert back.text == doc.text
    assert surfaces(back, with_who=True) == surfaces(doc, with_who=True)


@FAST
@given(documents(peer=True))
def test_parquet_keeps_offsets_and_surfaces(doc):
    import pyarrow.parquet as pq

    from annotator import formats

    with tempfile.TemporaryDirectory() as tmp:
        formats.write("parquet", [doc], Path(tmp) / "x.parquet", formats.ExportOptions())
        [row] = pq.read_table(Path(tmp) / "x.parquet").to_pylist()
    assert row["text"] == doc.text
    assert {
        (s["start"], s["end"], s["label"], s["layer"], s["text"], s["annotator"]) for s in row["spans"]
    } == surfaces(doc, with_who=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(peer=True, annotators=("amira",)))
def test_xmi_loads_back_in_cassis_at_the_same_code_points(doc):
    from cassis import load_cas_from_xmi, load_typesystem

    from annotator import formats
    from annotator.formats import xmi
    from annotator.formats.paths import safe_filename

    with tempfile.TemporaryDirectory() as tmp:
        formats.write("xmi", [doc], Path(tmp), formats.ExportOptions())
        with open(Path(tmp) / "TypeSystem.xml", "rb") as fh:
            ts = load_typesystem(fh)
        with open(Path(tmp) / f"{safe_filename(doc.id)}.xmi", "rb") as fh:
            cas = load_cas_from_xmi(fh, typesystem=ts)
    assert cas.sofa_string == doc.text
    got = {(a.begin, a.end, a.value, "entity", a.get_covered_text()) for a in cas.select(xmi.NAMED_ENTITY)}
    got |= {
        (a.begin, a.end, a.label, layer, a.get_covered_text())
        for t, layer in ((xmi.NUMBER, "number"), (xmi.CLAIM, "claim"))
        for a in cas.select(t)
    }
    assert got == surfaces(doc)


def _no_overlap_within_layer(doc: Document) -> Document:
    kept: list[Span] = []
    for s in sorted(doc.spans, key=lambda s: (s.start, -s.end)):
        if all(k.layer != s.layer or k.end <= s.start or s.end <= k.start for k in kept):
            kept.append(s)
    return doc.model_copy(update={"spans": kept, "relations": []})


@FAST
@given(documents(peer=True, annotators=("amira",)))
def test_conll_keeps_every_chunk(doc):
    """CoNLL keeps tokens, not the text: the text comes back as tokens
    joined by spaces, so each span must come back with the same label and
    the same characters once white space (and bidi marks) are set aside."""
    assume(any(c.isalnum() for c in doc.text))  # a document of white space alone has no token to write
    doc = _no_overlap_within_layer(doc)
    [back] = _peer_round_trip("conll", doc)

    def bare(text: str) -> str:  # white space and bidi marks are not tokens
        return "".join(text.replace("\u200e", " ").replace("\u200f", " ").split())

    def chunks(d: Document) -> list[tuple]:
        return sorted((s.layer, s.label, bare(s.surface(d.text))) for s in d.spans)

    assert bare(back.text) == bare(doc.text)
    assert chunks(back) == chunks(doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(peer=True))
def test_spacy_docbin_keeps_text_and_every_span(doc):
    import spacy
    from spacy.tokens import DocBin

    from annotator import formats

    with tempfile.TemporaryDirectory() as tmp:
        formats.write("spacy", [doc], Path(tmp) / "x.spacy", formats.ExportOptions())
        [sdoc] = DocBin().from_disk(Path(tmp) / "x.spacy").get_docs(spacy.blank("ar").vocab)
    assert sdoc.text == doc.text
    got = {
        (s.start_char, s.end_char, s.label_, layer, s.text)
        for layer in ("entity", "number", "claim")
        for s in sdoc.spans.get(layer, [])
    }
    assert got == {(s.start, s.end, s.label, s.layer, s.surface(doc.text)) for s in doc.spans}
