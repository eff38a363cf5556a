"""Prelabel builds its suggestions without validating each one again (a
book makes a million): every one it builds is a span the model accepts as
it is, with an id of the usual form, logged in history as the model would
write it."""

from __future__ import annotations

import re

from annotator.arabic.numbers import find_numbers
from annotator.model import Span, new_id, new_ids
from annotator.store.rows import dumps, span_json
from annotator.suggest.numbers import _Existing, _spans
from tests.unit.suggest.test_prelabel_in_windows import corpus


def test_suggestions_are_spans_the_model_accepts_as_they_are():
    text = corpus()
    found = find_numbers(text)
    spans = _spans(found, _Existing([]))
    assert len(spans) == len(found) > 300
    for span, m in zip(spans, found, strict=True):
        again = Span.model_validate(span.__dict__)
        assert again == span and again.__dict__ == span.__dict__
        assert text[span.start : span.end] == m.surface
        assert span_json(span) == dumps(span.model_dump())
    assert len({s.id for s in spans}) == len(spans)


def test_ids_made_in_bulk_look_like_one_made_alone():
    made = new_ids(1000)
    assert len(set(made)) == 1000
    assert all(re.fullmatch(r"s[0-9a-f]{16}", i) for i in made)
    assert all(re.fullmatch(r"b[0-9a-f]{16}", i) for i in new_ids(3, "b"))
    assert new_ids(0) == []
    assert re.fullmatch(r"s[0-9a-f]{16}", new_id())


def test_ids_made_in_bulk_are_consecutive_from_a_random_start():
    # side by side in the (doc_id, id) index: a book's million suggestions touch a few pages per write
    first, second = new_ids(500), new_ids(500)
    numbers = [int(i[1:], 16) for i in first]
    assert numbers == list(range(numbers[0], numbers[0] + 500))
    assert not set(first) & set(second) and first[0] != second[0]
