"""prelabel on a new document follows the article convention; spans stored
under the earlier rule (article outside) stay as they are."""

from annotator.model import Document, Span
from annotator.suggest.numbers import prelabel


def test_new_documents_get_the_article_inside_and_old_spans_are_kept(project):
    text = "حل الفريق في المركز الثالث والثاني عشر"
    old = Span(start=text.index("ثالث"), end=text.index("ثالث") + 4, label="NUMBER", layer="number",
               annotator="amira", attrs={"value": 3, "kind": "ordinal"})
    with project.transaction():
        project.add_document(Document(id="old", text=text, spans=[old]))
        project.add_document(Document(id="new", text=text + "."))  # same text would be the same document
    prelabel(project)
    new = {text[s.start:s.end] for s in project.spans("new", layer="number", statuses=("accepted", "suggested"))}
    assert new == {"الثالث", "الثاني عشر"}
    kept = project.spans("old", layer="number", statuses=("accepted", "suggested"))
    # the old span is untouched; the suggestion that would overlap it is not made
    assert [(text[s.start:s.end], s.annotator) for s in kept if s.status == "accepted"] == [("ثالث", "amira")]
    assert {text[s.start:s.end] for s in kept if s.status == "suggested"} == {"الثاني عشر"}
