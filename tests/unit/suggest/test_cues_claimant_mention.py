"""A claimant that is not an entity is stored as a CLAIMANT mention on the
claim layer with the SOURCE relation pointing at it; a project whose scheme
predates that label stays valid and keeps the claimant text in the claim."""

from annotator.formats import claims as claims_format
from annotator.model import CLAIMANT, Document, Label, Scheme
from annotator.store import Project
from annotator.suggest.apply import suggest

TEXT = "وذكر التقرير أن البطالة ارتفعت. وقالت الشرطة إن المتهم فر."


def test_claimant_mention_and_source_relation(project):
    with project.transaction():
        project.add_document(Document(id="d", text=TEXT))
    suggest(project, sources=["cue"])
    spans = {s.id: s for s in project.spans("d", statuses=("suggested",))}
    got = sorted((TEXT[s.start : s.end], s.layer, s.label) for s in spans.values())
    assert got == [
        ("البطالة ارتفعت", "claim", "CLAIM"),
        ("التقرير", "claim", CLAIMANT),
        ("الشرطة", "entity", "ORG"),
        ("المتهم فر", "claim", "CLAIM"),
    ]
    rels = {
        (TEXT[spans[r.head].start : spans[r.head].end], TEXT[spans[r.tail].start : spans[r.tail].end], r.label)
        for r in project.relations("d")
    }
    assert rels == {("البطالة ارتفعت", "التقرير", "SOURCE"), ("المتهم فر", "الشرطة", "SOURCE")}
    doc = Document(id="d", text=TEXT, spans=list(spans.values()), relations=project.relations("d"))
    rows = list(claims_format.rows(doc))
    # the mention is not a claim row; the claim names it as its claimant
    assert [(r[5], r[6]) for r in rows] == [("البطالة ارتفعت", "التقرير"), ("المتهم فر", "الشرطة")]


def test_a_scheme_without_the_claimant_label_keeps_working(tmp_path):
    old = Scheme(labels=[lab for lab in Scheme.default().labels if lab.name != CLAIMANT])
    project = Project.create(tmp_path / "old.db", scheme=old)
    try:
        with project.transaction():
            project.add_document(Document(id="d", text=TEXT))
        suggest(project, sources=["cue"])
        spans = project.spans("d", statuses=("suggested",))
        assert CLAIMANT not in {s.label for s in spans}
        claim = next(s for s in spans if TEXT[s.start : s.end] == "البطالة ارتفعت")
        assert claim.attrs["claimant"] == "التقرير"
        assert len(project.relations("d")) == 1  # الشرطة's
    finally:
        project.close()


def test_the_default_scheme_has_the_label_on_the_claim_layer():
    lab = Scheme.default().get("claim", CLAIMANT)
    assert isinstance(lab, Label) and lab.hotkey is None  # 1-7 keep their keys; 8 and 9 stay free
