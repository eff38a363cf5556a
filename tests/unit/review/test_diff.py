"""Classifying two or more annotators' spans on one document."""

from __future__ import annotations

from annotator.review.diff import diff, span_kinds
from tests.unit.review.conftest import at, three_kinds


def kinds(items, text):
    return [(it.kind, text[it.start : it.end], it.annotators) for it in items]


def test_the_four_kinds_on_the_seed(seed):
    spans = [*three_kinds(seed, "a", "b"), at(seed, "فايز السراج", "PERSON", "a")]
    items = diff(spans)
    assert kinds(items, seed) == [
        ("label_conflict", "داعش", ["a", "b"]),
        ("agreed", "ليبيا", ["a", "b"]),
        ("boundary_conflict", "القوات الأمريكية", ["a", "b"]),
        ("one_sided", "فايز السراج", ["a"]),
    ]
    boundary = items[2]
    assert [seed[s.start : s.end] for s in boundary.spans_of("b")] == ["القوات"]
    assert span_kinds(items)[spans[0].id] == "agreed"


def test_a_nested_span_only_one_side_marked_is_one_sided_not_a_boundary_conflict(seed):
    outer_a = at(seed, "وزارة الخزانة الأمريكية", "ORG", "a")
    outer_b = at(seed, "وزارة الخزانة الأمريكية", "ORG", "b")
    inner = at(seed, "الخزانة", "MISC", "a")
    items = diff([outer_a, outer_b, inner])
    assert kinds(items, seed) == [("agreed", "وزارة الخزانة الأمريكية", ["a", "b"]), ("one_sided", "الخزانة", ["a"])]


def test_layers_are_compared_separately(seed):
    items = diff([at(seed, "4", "NUMBER", "a", layer="number"), at(seed, "4 غارات", "CLAIM", "b", layer="claim")])
    assert [(it.kind, it.layer) for it in items] == [("one_sided", "claim"), ("one_sided", "number")]


def test_three_annotators_two_agree_and_the_third_stretched_it(seed):
    spans = [
        at(seed, "ليبيا", "GPE", "a"),
        at(seed, "ليبيا", "GPE", "b"),
        at(seed, "حكومة الوفاق", "ORG", "c"),
        at(seed, "حكومة الوفاق الليبية", "ORG", "a"),
        at(seed, "حكومة الوفاق الليبية", "ORG", "b"),
    ]
    items = diff(spans)
    assert [(it.kind, it.annotators) for it in items] == [
        ("one_sided", ["a", "b"]),  # c did not mark the first ليبيا
        ("boundary_conflict", ["a", "b", "c"]),
    ]
    assert diff(spans, annotators=["a", "b"])[1].kind == "agreed"
