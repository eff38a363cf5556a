"""Claim cues measured on news sentences written for the claim rules
(``tests/data/claims_news_dev.jsonl``, the rules tuned on it, and
``claims_news_heldout.jsonl``, written after the rules were done and never
tuned on), next to the naive baseline of ``bench_suggest`` (in each
sentence, the rest after its first إن/أن, no claimant):

* overlap F1: a proposed claim matches a gold claim it overlaps (one to
  one, in text order);
* exact-span F1 of the claims;
* exact claimant text: the share of matched claims whose claimant text is
  the gold one (no claimant where gold has none counts as right);
* certainty accuracy on matched claims.

Speed: proposing for the seed article, in ms per document (goal < 5 ms).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "seeds" / "libya-airstrikes.txt"
SETS = (("dev", DATA / "claims_news_dev.jsonl"), ("held-out", DATA / "claims_news_heldout.jsonl"))
BASELINE = "rest of sentence after first إن/أن"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ours(text: str) -> list[tuple[int, int, str | None, str | None]]:
    from annotator.suggest.cues import propose

    p = propose(text)
    out = []
    for sp in p.spans:
        if sp.layer == "claim" and sp.label == "CLAIM":
            out.append((sp.start, sp.end, sp.attrs.get("claimant"), sp.attrs.get("certainty")))
    return out


def naive(text: str) -> list[tuple[int, int, str | None, str | None]]:
    from bench.bench_suggest import _naive_claims

    return [(s, e, None, "reported") for s, e in _naive_claims(text)]


def score(rows: list[dict], finder) -> dict:
    tp = fp = fn = exact = who_ok = cert_ok = 0
    for row in rows:
        gold = sorted(row["claims"], key=lambda c: c["start"])
        got = sorted(finder(row["text"]))
        used: set[int] = set()
        gold_exact = {(g["start"], g["end"]) for g in gold}
        exact += sum(1 for m in got if (m[0], m[1]) in gold_exact)
        for m in got:
            hit = next((k for k, g in enumerate(gold) if k not in used and g["start"] < m[1] and m[0] < g["end"]), None)
            if hit is None:
                fp += 1
                continue
            used.add(hit)
            tp += 1
            g = gold[hit]
            who_ok += (m[2] or None) == g["claimant"]
            cert_ok += m[3] == g["certainty"]
        fn += len(gold) - len(used)
    n_got, n_gold = tp + fp, tp + fn
    p, r = (tp / n_got if n_got else 0.0), (tp / n_gold if n_gold else 0.0)
    ep, er = (exact / n_got if n_got else 0.0), (exact / n_gold if n_gold else 0.0)
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "exact_f1": 2 * ep * er / (ep + er) if ep + er else 0.0,
        "claimant": who_ok / tp if tp else 0.0,
        "certainty": cert_ok / tp if tp else 0.0,
        "n": n_gold,
        "sentences": len(rows),
    }


def run(quick: bool = False) -> list[dict]:
    out: list[dict] = []
    for split, path in SETS:
        if not path.exists():
            continue
        rows = load(path)
        a, b = score(rows, ours), score(rows, naive)
        name = f"news {split}, {a['sentences']} sentences, {a['n']} claims"
        held = split == "held-out"
        out += [
            {
                "area": "claims",
                "measure": f"claim overlap F1 ({name})",
                "ours": round(a["f1"], 3),
                "baseline": round(b["f1"], 3),
                "baseline_name": BASELINE,
                "unit": "",
                "goal": ">= 0.95" if held else None,
            },
            {
                "area": "claims",
                "measure": f"claim exact-span F1 ({name})",
                "ours": round(a["exact_f1"], 3),
                "baseline": round(b["exact_f1"], 3),
                "baseline_name": BASELINE,
                "unit": "",
                "goal": None,
            },
            {
                "area": "claims",
                "measure": f"exact claimant text on matched claims ({name})",
                "ours": round(a["claimant"], 3),
                "baseline": round(b["claimant"], 3),
                "baseline_name": BASELINE + " (no claimant)",
                "unit": "",
                "goal": ">= 0.9" if held else None,
            },
            {
                "area": "claims",
                "measure": f"certainty accuracy on matched claims ({name})",
                "ours": round(a["certainty"], 3),
                "baseline": round(b["certainty"], 3),
                "baseline_name": BASELINE + " (always reported)",
                "unit": "",
                "goal": None,
            },
        ]
    from annotator.suggest.cues import propose

    seed = SEED.read_text(encoding="utf-8")
    reps = 5 if quick else 50
    propose(seed)
    t0 = time.perf_counter()
    for _ in range(reps):
        propose(seed)
    ms = (time.perf_counter() - t0) / reps * 1000
    out.append(
        {
            "area": "claims",
            "measure": f"claim cues per document (seed, {len(seed)} chars)",
            "ours": round(ms, 2),
            "unit": "ms",
            "goal": "< 5",
        }
    )
    return out


if __name__ == "__main__":
    for row in run(quick=False):
        print(row)
