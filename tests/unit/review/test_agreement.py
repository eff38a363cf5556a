"""Agreement figures: hand-computed on the seed article, 1.0 for identical
work, and equal (to the 4th decimal) to scikit-learn's Cohen's kappa and the
krippendorff package on random annotations of several documents."""

from __future__ import annotations

import json
import math
import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.arabic.tokens import tokenize
from annotator.model import Document, Span
from annotator.review.agreement import agreement, documents_by_disagreement
from annotator.store import Project
from tests.conftest import TRICKY
from tests.unit.review.conftest import at


@pytest.fixture
def two_annotators(project, seed) -> Project:
    """amira and badr on the seed article (457 tokens with clitics split)."""
    spans = [
        at(seed, "ليبيا", "GPE", "amira"),
        at(seed, "ليبيا", "GPE", "badr"),  # agreed
        at(seed, "داعش", "ORG", "amira"),
        at(seed, "داعش", "MISC", "badr"),  # label conflict
        at(seed, "Armytimes", "ORG", "amira"),
        at(seed, "Armytimes", "ORG", "badr"),  # agreed
        at(seed, "القوات الأمريكية", "ORG", "amira"),
        at(seed, "القوات", "ORG", "badr"),  # boundary
        at(seed, "فايز السراج", "PERSON", "amira"),  # amira only
        at(seed, "تركيا", "GPE", "badr"),  # badr only
        at(seed, "4", "NUMBER", "amira", layer="number", value=4, kind="cardinal"),
        at(seed, "4", "NUMBER", "badr", layer="number", value=4, kind="cardinal"),
        at(seed, "غارات", "CLAIM", "gold", layer="claim"),  # gold is not an annotator here
    ]
    project.add_document(Document(id="libya", text=seed, spans=spans), who="test")
    return project


def test_seed_article_gives_the_hand_computed_figures(two_annotators):
    result = agreement(two_annotators)

    entity = result.pair("amira", "badr", "entity")
    # exact: 5 spans each, 2 identical (ليبيا, Armytimes): 2*2 / (5+5) = 0.4
    assert (entity.a_spans, entity.b_spans, entity.exact_matches) == (5, 5, 2)
    assert entity.exact_f1 == pytest.approx(0.4)
    # overlap: badr's ليبيا, Armytimes, القوات touch an amira span of the same
    # label (3/5); amira's ليبيا, Armytimes, القوات الأمريكية likewise (3/5): F1 0.6
    assert entity.overlap_f1 == pytest.approx(0.6)
    # kappa over N = 457 tokens; they differ on 5 (داعش ORG/MISC, الأمريكية
    # ORG/O, فايز and السراج PERSON/O, تركيا O/GPE): p_o = 452/457.
    # amira: GPE 1, ORG 4, PERSON 2, O 450; badr: GPE 2, MISC 1, ORG 2, O 452
    # p_e = (1*2 + 4*2 + 450*452) / 457^2 = 203410 / 208849
    # kappa = (452*457 - 203410) / (457^2 - 203410) = 3154 / 5439 = 0.579886
    assert entity.kappa == pytest.approx(3154 / 5439, abs=1e-6)
    # alpha, two coders: n = 914 values; 5 disagreeing units give D_o = 10
    # coincidences; marginals GPE 3, ORG 6, MISC 1, PERSON 2, O 902:
    # D_e = 914^2 - (9 + 36 + 1 + 4 + 902^2) = 21742
    # alpha = 1 - 913 * 10 / 21742 = 12612 / 21742 = 0.580075
    assert result.alpha["entity"] == pytest.approx(12612 / 21742, abs=1e-6)

    org = result.pair("amira", "badr", "entity", "ORG")
    # ORG: amira 3 (داعش, Armytimes, القوات الأمريكية), badr 2 (Armytimes, القوات)
    # exact 2*1/5 = 0.4; overlap P = 2/2, R = 2/3, F1 = 2*(2/3)/(5/3) = 0.8
    assert (org.exact_f1, org.overlap_f1) == (pytest.approx(0.4), pytest.approx(0.8))
    person = result.pair("amira", "badr", "entity", "PERSON")
    assert (person.exact_f1, person.overlap_f1) == (0.0, 0.0)

    number = result.pair("amira", "badr", "number")
    assert (number.exact_f1, number.overlap_f1, number.kappa) == (1.0, 1.0, 1.0)
    assert result.alpha["number"] == 1.0
    assert "claim" not in result.alpha  # only gold marked a claim, and gold is left out
    assert result.annotators == ["amira", "badr"]


def test_identical_annotations_agree_perfectly(project, seed):
    mine = [at(seed, "ليبيا", "GPE", "a", nth=i) for i in range(3)] + [
        at(seed, "داعش", "ORG", "a"),
        at(seed, "وزارة الخزانة الأمريكية", "ORG", "a"),
        at(seed, "الخزانة", "MISC", "a"),  # nested inside the ORG
    ]
    copy = [s.model_copy(update={"id": s.id + "b", "annotator": "b"}) for s in mine]
    project.add_document(Document(id="d", text=seed, spans=mine + copy), who="t")
    result = agreement(project)
    for p in result.pairs:
        assert (p.exact_f1, p.overlap_f1, p.kappa) == (1.0, 1.0, 1.0), p
    assert result.alpha == {"entity": 1.0}
    assert documents_by_disagreement(project)[0].disagreements == 0


def _random_spans(text: str, tokens, who: str, rng: random.Random, n: int) -> list[Span]:
    labels = ["PERSON", "ORG", "GPE", "LOC"]
    out, used = [], set()
    for _ in range(n):
        i = rng.randrange(len(tokens) - 3)
        j = i + rng.randrange(1, 3)
        start, end = tokens[i][0], tokens[j][1]
        if (start, end) in used:
            continue
        used.add((start, end))
        out.append(Span(start=start, end=end, label=rng.choice(labels), layer="entity", annotator=who))
    return out


def _naive_labels(tokens, spans) -> list[str]:
    """Token labels written independently of the module: longest overlapping span."""
    out = []
    for ts, te in tokens:
        touching = [s for s in spans if s.start < te and ts < s.end]
        best = max(touching, key=lambda s: (s.end - s.start, -s.start), default=None)
        out.append(best.label if best else "O")
    return out


def test_kappa_and_alpha_equal_sklearn_and_krippendorff(project, seed):
    rng = random.Random(7)
    texts = {"seed": seed, "tricky": TRICKY, "short": seed[:400]}
    who_on = {"seed": ["a", "b", "c"], "tricky": ["a", "b", "c"], "short": ["a", "c"]}  # b skipped one
    per_doc: dict[str, dict[str, list[Span]]] = {}
    for doc_id, text in texts.items():
        tokens = tokenize(text, clitics=True)
        spans = {}
        base = _random_spans(text, tokens, "x", rng, 25)
        for who in who_on[doc_id]:
            # each annotator keeps most of a shared base and adds their own
            kept = [
                s.model_copy(update={"id": f"{who}{k}", "annotator": who})
                for k, s in enumerate(base)
                if rng.random() < 0.7
            ]
            taken = {(s.start, s.end) for s in kept}
            extra = [s for s in _random_spans(text, tokens, who, rng, 8) if (s.start, s.end) not in taken]
            spans[who] = kept + extra
        per_doc[doc_id] = spans
        project.add_document(Document(id=doc_id, text=text, spans=[s for v in spans.values() for s in v]), who="t")

    result = agreement(project)

    names = ["a", "b", "c"]
    labels_of: dict[str, list[str]] = {n: [] for n in names}  # with None where absent
    for doc_id, text in texts.items():
        tokens = tokenize(text, clitics=True)
        for n in names:
            labs = _naive_labels(tokens, per_doc[doc_id][n]) if n in per_doc[doc_id] else [None] * len(tokens)
            labels_of[n] += labs
    for a, b in [("a", "b"), ("a", "c"), ("b", "c")]:
        both = [(x, y) for x, y in zip(labels_of[a], labels_of[b], strict=True) if x is not None and y is not None]
        xs, ys = zip(*both, strict=True)
        assert result.pair(a, b, "entity").kappa == pytest.approx(cohen_kappa_score(xs, ys), abs=1e-4)
        assert result.pair(a, b, "entity").tokens == len(both)
        xo = [x == "ORG" for x in xs]
        yo = [y == "ORG" for y in ys]
        assert result.pair(a, b, "entity", "ORG").kappa == pytest.approx(cohen_kappa_score(xo, yo), abs=1e-4)
    codes = {lab: i for i, lab in enumerate(["O", "PERSON", "ORG", "GPE", "LOC"])}
    data = np.array([[math.nan if x is None else codes[x] for x in labels_of[n]] for n in names])
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert result.alpha["entity"] == pytest.approx(expected, abs=1e-4)
    gpe = np.where(np.isnan(data), np.nan, (data == codes["GPE"]).astype(float))
    expected_gpe = krippendorff.alpha(reliability_data=gpe, level_of_measurement="nominal")
    assert result.alpha_by_label["entity"]["GPE"] == pytest.approx(expected_gpe, abs=1e-4)
    assert 0.2 < result.alpha["entity"] < 0.95  # neither trivial nor perfect


def test_documents_that_disagree_most_come_first(project, seed):
    text2 = seed[:300]
    project.add_document(
        Document(id="calm", text=text2, spans=[at(text2, "داعش", "ORG", "a"), at(text2, "داعش", "ORG", "b")]), who="t"
    )
    project.add_document(
        Document(
            id="stormy",
            text=seed,
            spans=[
                at(seed, "داعش", "ORG", "a"),
                at(seed, "داعش", "MISC", "b"),
                at(seed, "ليبيا", "GPE", "a"),
                at(seed, "تركيا", "GPE", "b"),
            ],
        ),
        who="t",
    )
    project.add_document(Document(id="alone", text="نص", spans=[]), who="t")

    ranked = documents_by_disagreement(project)

    assert [d.doc_id for d in ranked] == ["stormy", "calm"]
    assert ranked[0].disagreements == 3 and ranked[0].by_kind == {"label_conflict": 1, "one_sided": 2}
    assert [d.doc_id for d in documents_by_disagreement(project, label="MISC")] == ["stormy", "calm"]
    assert documents_by_disagreement(project, label="MISC")[1].items == 0


def test_agree_command_json_follows_the_contract(two_annotators, cli):
    two_annotators.close()
    r = cli("agree", two_annotators.path, "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    row = next(p for p in data["pairs"] if p["layer"] == "entity" and p["label"] is None)
    assert {k: row[k] for k in ("a", "b", "layer", "label")} == {
        "a": "amira",
        "b": "badr",
        "layer": "entity",
        "label": None,
    }
    assert row["exact_f1"] == pytest.approx(0.4) and row["kappa"] == pytest.approx(0.579886, abs=1e-6)
    assert set(data["alpha"]) == {"entity", "number"}
    assert all(isinstance(v, float) for v in data["alpha"].values())

    r = cli("agree", two_annotators.path, "--layer", "number", "--json")
    assert {p["layer"] for p in json.loads(r.out)["pairs"]} == {"number"}
    r = cli("agree", two_annotators.path)
    assert r.code == 0 and "amira" in r.out and "0.58" in r.out
    r = cli("agree", two_annotators.path, "--annotator", "amira", "--annotator", "zed")
    assert r.code == 2 and "no annotator 'zed'" in r.err
    r = cli("agree", two_annotators.path, "--layer", "nope")
    assert r.code == 2 and r.err.startswith("error: ")
    assert "exact-match span F1" in cli("agree", "--help").out


def test_overall_pools_the_pairs(project, seed, cli):
    project.add_document(
        Document(
            id="d",
            text=seed,
            spans=[at(seed, "ليبيا", "GPE", "a"), at(seed, "ليبيا", "GPE", "b"), at(seed, "ليبيا", "LOC", "c")],
        ),
        who="t",
    )
    project.close()
    data = json.loads(cli("agree", project.path, "--json").out)
    overall = next(r for r in data["overall"] if r["layer"] == "entity" and r["label"] is None)
    # pairs ab, ac, bc: 1 + 0 + 0 exact matches over 2 + 2 + 2 spans: 2*1/6
    assert overall["exact_f1"] == pytest.approx(1 / 3, abs=1e-6) and overall["pairs"] == 3
    text = cli("agree", project.path).out
    assert "overall" in text and "pooled" in text
