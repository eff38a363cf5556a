"""prelabel on a new document follows the article convention; spans stored
under the earlier rule (article outside) stay as they are."""

from annotator.model import Document, Span
from annotator.suggest.numbers import prelabel


def test_new_documents_get_the_article_inside_and_old_spans_are_kept(project):
    text = "حل الفريق في المركز الثالث والثاني عشر"
    old = Span(
        start=text.index("ثالث"),
        end=text.index("ثالث") + 4,
        label="NUMBER",
        layer="number",
        annotator="amira",
        attrs={"value": 3, "kind": "ordinal"},
    )
    with project.transaction():
        project.add_document(Document(id="old", text=text, spans=[old]))
        project.add_document(Document(id="new", text=text + "."))  # same text would be the same document
    prelabel(project)
    new = {text[s.start : s.end] for s in project.spans("new", layer="number", statuses=("accepted", "suggested"))}
    assert new == {"الثالث", "الثاني عشر"}
    kept = project.spans("old", layer="number", statuses=("accepted", "suggested"))
    # the old span is untouched; the suggestion that would overlap it is not made
    assert [(text[s.start : s.end], s.annotator) for s in kept if s.status == "accepted"] == [("ثالث", "amira")]
    assert {text[s.start : s.end] for s in kept if s.status == "suggested"} == {"الثاني عشر"}


def test_conll_export_keeps_the_article_in_the_number_token(tmp_path, cli):
    """The bug the issue names: ``الثاني`` exported as ``ال O`` / ``ثاني B-NUMBER``."""
    db, src, out = tmp_path / "p.db", tmp_path / "a.txt", tmp_path / "out.conll"
    src.write_text("حل الفريق في المركز الثالث عشر وللمرة الثانية.\n", encoding="utf-8")
    assert cli("init", db).code == 0
    assert cli("import", db, src).code == 0
    assert cli("prelabel", db).code == 0
    r = cli("export", db, "--format", "conll", "--out", out, "--include-suggested", "--layer", "number")
    assert r.code == 0, r.err
    rows = [tuple(line.split()) for line in out.read_text(encoding="utf-8").splitlines() if line and " " in line]
    assert ("الثالث", "B-NUMBER") in rows and ("عشر", "I-NUMBER") in rows
    assert ("الثانية", "B-NUMBER") in rows
    assert not any(tok == "ال" for tok, _ in rows)
