"""Suggestion runs over many documents commit in batches, so a long run
never holds the write lock for long: another connection can save between
two batches. Inside a caller's transaction the run stays all-or-nothing."""

import pytest

from annotator.model import Document
from annotator.store import Project
from annotator.suggest import numbers
from annotator.suggest.apply import suggest


@pytest.fixture
def many_docs(project):
    with project.transaction():
        for i in range(5):
            project.add_document(Document(id=f"d{i}", text=f"قتل {i + 3} أشخاص في عام 2016، وقال مسؤول إن الوضع صعب."))
    return project


def _writes_seen_between_batches(project, run) -> list[int]:
    """Run ``run`` while a second connection watches the committed count of
    suggested spans after each batch: more than one distinct value means the
    work was committed piecewise."""
    seen: list[int] = []
    other = Project.open(project.path)
    original = project.transaction

    def spying_transaction():
        if not project.conn.in_transaction:
            seen.append(other.execute("select count(*) from spans where status = 'suggested'").fetchone()[0])
        return original()

    project.transaction = spying_transaction
    try:
        run()
    finally:
        project.transaction = original
        other.close()
    return seen


def test_prelabel_commits_every_batch(many_docs, monkeypatch):
    monkeypatch.setattr(numbers, "BATCH_DOCS", 2)
    seen = _writes_seen_between_batches(many_docs, lambda: numbers.prelabel(many_docs))
    assert len(set(seen)) >= 3  # the other connection saw work land batch by batch
    assert many_docs.execute("select count(*) from spans where source = 'prelabel'").fetchone()[0] == 10


def test_prelabel_inside_a_transaction_is_still_all_or_nothing(many_docs, monkeypatch):
    monkeypatch.setattr(numbers, "BATCH_DOCS", 2)
    with pytest.raises(RuntimeError), many_docs.transaction():
        numbers.prelabel(many_docs)
        raise RuntimeError("stop")
    assert many_docs.execute("select count(*) from spans").fetchone()[0] == 0


def test_suggest_commits_every_batch(many_docs, monkeypatch):
    import annotator.suggest.apply as apply

    monkeypatch.setattr(apply, "BATCH_DOCS", 2)
    seen = _writes_seen_between_batches(many_docs, lambda: suggest(many_docs, sources=["cue"]))
    assert len(set(seen)) >= 3


def test_rerun_after_an_interruption_adds_only_what_is_missing(many_docs, monkeypatch):
    monkeypatch.setattr(numbers, "BATCH_DOCS", 2)
    first = numbers.prelabel(many_docs, doc_ids=["d0", "d1", "d2"])  # as if killed after two batches
    rest = numbers.prelabel(many_docs)
    assert first + rest == 10
    assert numbers.prelabel(many_docs) == 0
