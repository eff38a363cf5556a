"""The span index splits text into blocks exactly where QTextDocument does
(\\n, \\r\\n as one break, a lone \\r, U+2029), and counts positions as Qt
does (UTF-16, CRLF as one), for any mix of Arabic, harakat, emoji and line
breaks; each block lists exactly the spans that touch it."""

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument

from annotator.arabic.offsets import OffsetMap
from annotator.model import Span
from annotator.ui.spanindex import SpanIndex, block_starts

ALPHABET = list("قال مسؤول") + ["\u064e", "\u0651", "😀", "👨\u200d👩", "\r\n", "\n", "\r", "\u2029", "A", "7"]
texts = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=60).map("".join)


def _qt_blocks(text: str) -> list[int]:
    document = QTextDocument()
    document.setPlainText(text)
    starts, block = [], document.firstBlock()
    while block.isValid():
        starts.append(block.position())
        block = block.next()
    return starts


@settings(max_examples=150, deadline=None)
@given(texts)
def test_block_starts_and_length_are_qts(qapp, text):
    omap = OffsetMap(text, drop_cr=True)
    document = QTextDocument()
    document.setPlainText(text)
    assert block_starts(omap) == _qt_blocks(text)
    assert document.characterCount() - 1 == omap.view_length


@settings(max_examples=100, deadline=None)
@given(texts, st.data())
def test_each_block_lists_the_spans_touching_it(qapp, text, data):
    omap = OffsetMap(text, drop_cr=True)
    spans = []
    for i in range(data.draw(st.integers(0, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans.append(Span(id=f"s{i}", start=start, end=end, label="GPE", layer="entity", annotator="a"))
    index = SpanIndex(omap, spans)
    starts = index.starts + [omap.view_length + 1]

    for n in range(len(index.starts)):
        lo, hi = starts[n], starts[n + 1]
        expected = {
            s.id
            for s in spans
            if omap.to_view(s.start) < hi and max(omap.to_view(s.end), omap.to_view(s.start) + 1) > lo
        }
        assert {p.span.id for p in index.in_block(n)} == expected


@settings(max_examples=100, deadline=None)
@given(texts, st.data())
def test_an_index_built_at_once_is_the_one_built_span_by_span(text, data):
    """Opening a document indexes every span in one pass (sorted once);
    the result is what adding them one at a time gives: the same order,
    the same sorted list per block, a repeated id replaced by its last."""
    omap = OffsetMap(text, drop_cr=True)
    spans = []
    for _ in range(data.draw(st.integers(0, 12))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        sid = f"s{data.draw(st.integers(0, 8))}"  # some ids repeat
        spans.append(Span(id=sid, start=start, end=end, label="GPE", layer="entity", annotator="a"))
    at_once = SpanIndex(omap, spans)
    one_by_one = SpanIndex(omap)
    for span in spans:
        one_by_one.add(span)

    assert [p.span for p in at_once._order] == [p.span for p in one_by_one._order]
    assert at_once._placed == one_by_one._placed
    for n in range(len(at_once.starts)):
        assert at_once.in_block(n) == one_by_one.in_block(n)
        assert at_once.in_block(n) == sorted(at_once.in_block(n))
