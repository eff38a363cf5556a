"""The news sets: the JSONL files are what the markup says, they are big
enough, and the engines reach their targets on them (numbers: F1 and value
accuracy 0.97; claims: F1 0.95, claimant 0.9)."""

import json

import pytest

from bench.bench_claims import naive
from bench.bench_claims import ours as claim_ours
from bench.bench_claims import score as claim_score
from bench.bench_numbers import ours as number_ours
from bench.bench_numbers import score as number_score
from tests.unit.news_sets_source import documents, path

SETS = [("numbers", "dev"), ("numbers", "held-out"), ("claims", "dev"), ("claims", "held-out")]


def stored(kind, split):
    p = path(kind, split)
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("kind, split", SETS)
def test_the_file_is_built_from_the_markup(kind, split):
    docs = documents(kind, split)
    assert len(docs) >= 30
    assert stored(kind, split) == docs
    for d in docs:
        for item in d[kind]:
            assert d["text"][item["start"] : item["end"]] == item["surface"], d["id"]
            if kind == "claims" and item["claimant"] is not None:
                assert d["text"][item["claimant_start"] : item["claimant_end"]] == item["claimant"]


@pytest.mark.parametrize("split", ["dev", "held-out"])
def test_numbers_reach_the_target(split):
    s = number_score(stored("numbers", split), number_ours)
    assert s["f1"] >= 0.97 and s["value"] >= 0.97, s


@pytest.mark.parametrize("split", ["dev", "held-out"])
def test_claims_reach_the_target(split):
    rows = stored("claims", split)
    s = claim_score(rows, claim_ours)
    assert s["f1"] >= 0.95 and s["claimant"] >= 0.9, s
    assert claim_score(rows, naive)["claimant"] < 0.5  # the scorer can tell a claimant-less baseline
