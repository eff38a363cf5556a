"""An export that fails half-way (here: a label the scheme lost) removes
the file or folder it had started, whatever the format; a folder that was
there before is left alone."""

from __future__ import annotations

import pytest

from annotator import formats
from annotator.errors import AnnotatorError
from annotator.export.run import export
from annotator.export.selection import Selection
from annotator.model import Span
from tests.unit.formats.samples import seed_document


@pytest.fixture
def broken(project):
    good = seed_document()
    project.add_document(good)
    bad = good.model_copy(
        update={
            "id": "zz-bad",
            "text": "حرف " + good.text,
            "relations": [],
            "comments": [],
            "spans": [Span(id="x1", start=0, end=3, label="NOT_IN_SCHEME", layer="entity", annotator="amira")],
        }
    )
    assert project.add_document(bad, check_scheme=False)
    return project


@pytest.mark.parametrize("split", [None, "train=0.5,test=0.5"])
@pytest.mark.parametrize("fmt", sorted(formats.WRITERS))
def test_a_failed_export_leaves_nothing_behind(broken, tmp_path, monkeypatch, fmt, split):
    """Documents stream in, then the source fails half-way (as a database
    error or a bad document would): every writer's partial output goes."""
    import annotator.export.run as export_module

    real_select = export_module.select

    def failing_select(project, sel, ids=None, links=True):
        def documents():
            yield from real_select(project, Selection(layer=sel.layer), ids=["libya-airstrikes"], links=links)
            raise AnnotatorError("stopped half-way")

        return documents()

    monkeypatch.setattr(export_module, "select", failing_select)
    out = tmp_path / f"out.{fmt}"
    with pytest.raises(AnnotatorError, match="stopped half-way"):
        export(broken, fmt, out, Selection(), split=split, jobs=1)
    assert not out.exists()


def test_hf_fails_on_the_unknown_label_and_leaves_no_folder(broken, tmp_path):
    out = tmp_path / "hf"
    with pytest.raises(AnnotatorError, match="NOT_IN_SCHEME"):
        export(broken, "hf", out, Selection(), jobs=1)
    assert not out.exists()


def test_a_folder_that_was_there_before_is_kept(broken, tmp_path):
    out = tmp_path / "hf"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(AnnotatorError):
        export(broken, "hf", out, Selection(), jobs=1)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
