"""A synthetic corpus for the benchmarks, built from the seed article's own
words with a fixed seed, so every run (and every machine) measures the same
data.

Each document is a few paragraphs of seed vocabulary (some words with
tashkeel, tatweel, Arabic-Indic digits, CRLF line ends and an occasional
emoji) carrying entity, number and claim spans by two annotators, with a
relation from each claim to an entity. The defaults give ~2 KB of text and
20 spans a document: 100,000 documents are ~200 MB of text and 2 million
spans, the scale the store and exports are built for.

``python -m bench.generate OUT.jsonl --docs N`` writes one canonical JSONL
file; :func:`documents` yields the same documents as dicts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.vocabulary import DOC_STATUSES

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "libya-airstrikes.txt"
TASHKEEL = "\u064e\u064f\u0650\u0651\u064b\u0652"
EMOJI = ("😀", "👍🏽", "🇱🇾")
ENTITY_LABELS = ("PERSON", "ORG", "LOC", "GPE", "MISC")
ANNOTATORS = ("amira", "omar")


def vocabulary() -> list[str]:
    """Distinct Arabic words of the seed article, in order of appearance."""
    text = SEED_FILE.read_text(encoding="utf-8")
    seen: dict[str, None] = {}
    for w in re.findall(r"[\u0621-\u064a]{2,}", text):
        seen.setdefault(w, None)
    return list(seen)


def _decorate(word: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.05:
        return word[:1] + rng.choice(TASHKEEL) + word[1:]
    if r < 0.07 and len(word) > 3:
        return word[:2] + "\u0640\u0640" + word[2:]  # tatweel
    return word


def _number(rng: random.Random) -> tuple[str, int]:
    value = rng.randint(1, 2024)
    if rng.random() < 0.5:
        return str(value).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), value
    return str(value), value


def document(i: int, rng: random.Random, vocab: list[str], words: int = 200, spans: int = 20) -> dict:
    """One document as a canonical JSONL dict (offsets in code points)."""
    pieces: list[str] = []
    tokens: list[tuple[int, int, str]] = []  # start, end, kind ("w" or "n")
    pos = 0
    values: dict[int, int] = {}
    for k in range(words):
        if k and k % 40 == 0:
            sep = "\r\n" if rng.random() < 0.5 else "\n"
        elif k and rng.random() < 0.01:
            sep = " " + rng.choice(EMOJI) + " "
        else:
            sep = " " if k else ""
        pieces.append(sep)
        pos += len(sep)
        if rng.random() < 0.06:
            tok, value = _number(rng)
            values[len(tokens)] = value
            kind = "n"
        else:
            tok, kind = _decorate(rng.choice(vocab), rng), "w"
        pieces.append(tok)
        tokens.append((pos, pos + len(tok), kind))
        pos += len(tok)
    text = "".join(pieces)

    out_spans: list[dict] = []
    claims: list[str] = []
    entities: list[str] = []
    used: set[tuple[str, str, int, int]] = set()
    n_claims = max(1, spans // 10)
    for c in range(n_claims):  # claims: a run of ~12 words
        a = rng.randrange(0, max(1, len(tokens) - 12))
        s, e = tokens[a][0], tokens[min(len(tokens) - 1, a + 11)][1]
        who = ANNOTATORS[c % 2]
        if (who, "claim", s, e) in used:
            continue
        used.add((who, "claim", s, e))
        sid = f"c{c}"
        claims.append(sid)
        out_spans.append(
            {
                "id": sid,
                "start": s,
                "end": e,
                "label": "CLAIM",
                "layer": "claim",
                "annotator": who,
                "status": "accepted",
                "source": "manual",
                "attrs": {"certainty": rng.choice(("asserted", "reported", "hedged"))},
            }
        )
    picks = rng.sample(range(len(tokens)), min(len(tokens), (spans - n_claims) * 2))
    for j in picks:
        if len(out_spans) >= spans:
            break
        s, e, kind = tokens[j]
        who = ANNOTATORS[j % 2]
        layer = "number" if kind == "n" else "entity"
        if (who, layer, s, e) in used:
            continue
        used.add((who, layer, s, e))
        sid = f"s{j}"
        if kind == "n":
            span = {
                "id": sid,
                "start": s,
                "end": e,
                "label": "NUMBER",
                "layer": "number",
                "annotator": who,
                "status": "accepted",
                "source": "manual",
                "attrs": {"value": values[j], "kind": "cardinal"},
            }
        else:
            span = {
                "id": sid,
                "start": s,
                "end": e,
                "label": rng.choice(ENTITY_LABELS),
                "layer": "entity",
                "annotator": who,
                "status": "accepted" if rng.random() < 0.9 else "suggested",
                "source": "manual",
                "attrs": {},
            }
            entities.append(sid)
        out_spans.append(span)
    relations = []
    if claims and entities:
        for k, cid in enumerate(claims):
            relations.append(
                {
                    "id": f"r{k}",
                    "head": cid,
                    "tail": rng.choice(entities),
                    "label": "SOURCE",
                    "annotator": "amira",
                    "attrs": {},
                }
            )
    return {
        "id": f"gen-{i:06d}",
        "text": text,
        "meta": {"source": "bench.generate", "n": i},
        "status": rng.choice(DOC_STATUSES),
        "spans": out_spans,
        "relations": relations,
    }


def documents(n: int, seed: int = 0, words: int = 200, spans: int = 20) -> Iterator[dict]:
    rng = random.Random(seed)
    vocab = vocabulary()
    for i in range(n):
        yield document(i, rng, vocab, words=words, spans=spans)


def write_jsonl(path: str | Path, n: int, seed: int = 0, words: int = 200, spans: int = 20) -> dict:
    """Write ``n`` documents; returns counts (documents, spans, text bytes, file bytes)."""
    path = Path(path)
    n_spans = text_bytes = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for doc in documents(n, seed, words, spans):
            n_spans += len(doc["spans"])
            text_bytes += len(doc["text"].encode("utf-8"))
            fh.write(json.dumps(doc, ensure_ascii=False))
            fh.write("\n")
    return {"documents": n, "spans": n_spans, "text_bytes": text_bytes, "file_bytes": path.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--words", type=int, default=200)
    ap.add_argument("--spans", type=int, default=20)
    args = ap.parse_args(argv)
    print(json.dumps(write_jsonl(args.out, args.docs, args.seed, args.words, args.spans)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
