"""The number finder against the hand-annotated gold set
(tests/data/numbers_gold.jsonl: news-style sentences, every number's
offsets, value and kind written out)."""

import json
import math

from annotator.arabic.numbers import find_numbers
from tests.conftest import DATA

GOLD = DATA / "numbers_gold.jsonl"


def load_gold():
    with open(GOLD, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(rows, finder):
    tp = fp = fn = right = 0
    for row in rows:
        gold = {(n["start"], n["end"]): n for n in row["numbers"]}
        got = {(m[0], m[1]): m for m in finder(row["text"])}
        for key, m in got.items():
            if key in gold:
                tp += 1
                g = gold[key]
                if len(m) > 3 and math.isclose(m[3], g["value"], rel_tol=1e-9) and m[4] == g["kind"]:
                    right += 1
            else:
                fp += 1
        fn += sum(1 for key in gold if key not in got)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "value_accuracy": right / tp if tp else 0.0, "tp": tp}


def test_the_gold_set_is_big_enough_and_consistent():
    rows = load_gold()
    assert len(rows) >= 60
    assert {r["split"] for r in rows} == {"dev", "held-out"}
    assert sum(len(r["numbers"]) for r in rows) >= 80
    for row in rows:
        for n in row["numbers"]:
            assert row["text"][n["start"] : n["end"]] == n["surface"], row["id"]
            assert n["kind"] in ("cardinal", "ordinal", "fraction", "percent", "year")


def test_exact_span_f1_and_value_accuracy_reach_the_goal():
    rows = load_gold()
    for part in (rows, [r for r in rows if r["split"] == "held-out"]):
        s = score(part, find_numbers)
        assert s["f1"] >= 0.95, s
        assert s["value_accuracy"] >= 0.95, s


def test_the_scorer_can_fail():
    rows = load_gold()

    def off_by_one(text):
        return [(m.start + 1, m.end, m.surface, m.value, m.kind) for m in find_numbers(text)]

    assert score(rows, off_by_one)["f1"] < 0.5
