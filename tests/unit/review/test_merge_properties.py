"""Merge properties over random work on two laptops: nothing here is lost or
changed, everything there arrives (under its own name or NAME@laptop2), and
merging again changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import Document, Span
from annotator.review.merge import merge, span_sig
from annotator.store import Project
from tests.conftest import TRICKY

TEXT = TRICKY
NAMES = ("amira", "badr")
LABELS = ("PERSON", "ORG", "GPE")


@st.composite
def span_sets(draw):
    """Spans of amira and badr: a random subset of a small grid of ranges."""
    spans = {}
    for name in NAMES:
        for start in draw(st.sets(st.sampled_from(range(0, 60, 6)), max_size=5)):
            end = start + draw(st.integers(1, 8))
            spans[(name, start, end)] = Span(
                start=start, end=end, label=draw(st.sampled_from(LABELS)), layer="entity", annotator=name
            )
    return list(spans.values())


def build(path: Path, spans: list[Span]) -> None:
    with Project.create(path) as p:
        p.add_document(Document(id="d", text=TEXT, spans=spans), who="t")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mine=span_sets(), theirs=span_sets())
def test_merge_keeps_ours_brings_theirs_and_is_idempotent(mine, theirs):
    with tempfile.TemporaryDirectory() as tmp:
        here, there = Path(tmp) / "here.db", Path(tmp) / "laptop2.db"
        build(here, mine)
        build(there, theirs)
        with Project.open(here) as project:
            before = {s.model_dump_json() for s in project.spans("d")}
            merge(project, there)
            after = project.spans("d")
            # nothing of ours changed or went away
            assert before <= {s.model_dump_json() for s in after}
            # everything of theirs arrived, under its name or name@laptop2
            for s in theirs:
                holders = {a.annotator for a in after if span_sig(a) == span_sig(s)}
                assert holders & {s.annotator, f"{s.annotator}@laptop2"}
            snapshot = sorted(s.model_dump_json() for s in after)
            history = len(project.history("d"))
            report = merge(project, there)
            assert not report.changed
            assert sorted(s.model_dump_json() for s in project.spans("d")) == snapshot
            assert len(project.history("d")) == history
