"""The trained recommender: a CRF over clitic-split Arabic tokens, scored on
held-out sentences next to a majority baseline, stored beside the project."""

import json

import pytest

from annotator.suggest.apply import suggest
from annotator.suggest.crf import (
    Example,
    MajorityTagger,
    decode,
    fit,
    load_for_project,
    report_for_project,
    score,
    sentence_tokens,
    tags_for,
    train_project,
)
from tests.conftest import DATA

CORPUS = DATA / "suggest_corpus.jsonl"


def corpus(split):
    out = []
    with open(CORPUS, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["meta"]["split"] == split:
                out.append(
                    Example(
                        d["id"],
                        d["text"],
                        [(s["start"], s["end"], s["label"]) for s in d["spans"] if s["layer"] == "entity"],
                    )
                )
    return out


@pytest.fixture(scope="module")
def trained():
    return fit(corpus("train"))


def test_tokens_split_proclitics_so_a_name_is_a_token_of_its_own():
    text = "وصل الوفد إلى وليبيا."
    sent = sentence_tokens(text)[0]
    start = text.index("ليبيا")
    assert (start, start + 5) in sent
    assert tags_for(sent, [(start, start + 5, "GPE")])[-3:] == ["O", "B-GPE", "O"]


def test_decode_turns_tags_back_into_spans_with_the_lowest_marginal():
    sent = [(0, 3), (4, 9), (10, 14), (15, 18)]
    assert decode(sent, ["B-ORG", "I-ORG", "O", "I-GPE"], [0.9, 0.6, 1.0, 0.8]) == [
        (0, 9, "ORG", 0.6),
        (15, 18, "GPE", 0.8),
    ]


def test_held_out_f1_is_clearly_above_the_majority_baseline(trained):
    test, train = corpus("test"), corpus("train")
    ours = score(trained.predict, test)
    baseline = score(MajorityTagger(train).predict, test)
    print(
        f"\nheld-out entity F1 {ours['f1']:.3f} (P {ours['precision']:.3f} R {ours['recall']:.3f}) "
        f"vs majority baseline {baseline['f1']:.3f} on {len(test)} sentences"
    )
    assert ours["f1"] > baseline["f1"] + 0.1


def test_predictions_carry_a_marginal_probability(trained):
    text = "وزار وزير الخارجية مدينة بنغازي ثم توجه إلى طرابلس."
    found = trained.predict(text)
    assert ("طرابلس", "GPE") in [(text[s:e], label) for s, e, label, _ in found]
    assert all(0.0 < p <= 1.0 for *_, p in found)


def test_train_project_stores_the_model_and_its_report_beside_the_project(project, cli):
    assert cli("import", project.path, CORPUS).code == 0
    report = train_project(project, holdout=0.3)
    folder = project.path.with_name(project.path.name + ".models")
    assert (folder / "entity.crfsuite").exists()
    stored = report_for_project(project)
    assert stored["heldout"]["f1"] == report["heldout"]["f1"] > stored["baseline"]["f1"]
    assert stored["trained_at"] and stored["heldout_documents"] > 0

    text = "ووصل وزير الخارجية إلى طرابلس قادما من تونس."
    from annotator.model import Document

    project.add_document(Document(id="new", text=text))
    counts = suggest(project, doc_ids=["new"], sources=["model"])
    assert counts["model"] >= 1
    spans = project.spans("new", layer="entity")
    assert ("طرابلس", "GPE") in [(text[s.start : s.end], s.label) for s in spans]
    for s in spans:
        assert (s.status, s.source, s.annotator) == ("suggested", "model", "model")
        assert 0.0 < s.attrs["confidence"] <= 1.0
    # a reloaded model predicts the same
    assert load_for_project(project).predict(text) == load_for_project(project).predict(text)
