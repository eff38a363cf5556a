"""Issue 20: prelabel on a book-length document reads it a window at a
time, and finds exactly the numbers it finds on the whole text, with their
values and kinds: checked on the number test sets and the seed article
joined into one text, cut into windows so small that numbers straddle every
cut (compound numbers, ranges, years after time words, signs)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.arabic.numbers import find_numbers
from annotator.suggest.numbers import numbers_in_pieces

DATA = Path(__file__).resolve().parents[2] / "data"
ROOT = DATA.parents[1]


def corpus() -> str:
    texts = [ROOT.joinpath("seeds", "libya-airstrikes.txt").read_text(encoding="utf-8")]
    for name in ("numbers_gold.jsonl", "numbers_news_dev.jsonl", "numbers_news_heldout.jsonl"):
        for line in DATA.joinpath(name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    rng = random.Random(20)
    rng.shuffle(texts)
    # some joined by spaces only, so that a number's context runs into the next text
    return "".join(t + rng.choice(["\n", " ", "، ", "\n\n"]) for t in texts)


def pieces(text: str, rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, 300)
        out.append(text[i : i + n])
        i += n
    return out


@pytest.mark.parametrize("size", [40, 97, 500, 4000])
def test_windows_find_the_numbers_of_the_whole_text(size):
    text = corpus()
    whole = find_numbers(text)
    assert len(whole) > 300
    got = [m for part in numbers_in_pieces(pieces(text, random.Random(size)), size=size, overlap=400) for m in part]
    assert got == whole
    # the windows really cut through numbers
    cuts = {w for w in range(size, len(text), size)}
    assert size > 1000 or any(m.start < c < m.end for m in whole for c in cuts if m.end - m.start > 3)


def test_prelabel_of_a_long_document_stores_what_a_short_one_would(tmp_path, monkeypatch):
    from annotator.arabic import windows
    from annotator.model import Document, Scheme
    from annotator.store import Project, texts
    from annotator.suggest.numbers import prelabel

    text = corpus()
    stored = {}
    for mode in ("whole", "windows"):
        db = tmp_path / f"{mode}.db"
        with Project.create(db, Scheme.default()) as p:
            p.add_document(Document(id="book", text=text))
            p.add_document(Document(id="short", text="في عام 2016 قتل 43 شخصا"))
        with Project.open(db) as p:
            if mode == "windows":
                monkeypatch.setattr(texts, "LONG_BYTES", 100)
                monkeypatch.setattr(texts, "PIECE_BYTES", 1001)
                monkeypatch.setattr(windows, "SIZE", 300)
            # a rejected number and a person's span are never proposed over
            first, second = find_numbers(text)[:2]
            from annotator.model import Span

            p.add_span(
                "book",
                Span(
                    start=first.start,
                    end=first.end,
                    label="NUMBER",
                    layer="number",
                    annotator="amira",
                    status="rejected",
                ),
                who="amira",
            )
            p.add_span(
                "book",
                Span(
                    start=second.start,
                    end=second.end,
                    label="NUMBER",
                    layer="number",
                    annotator="amira",
                    status="accepted",
                ),
                who="amira",
            )
            added = prelabel(p)
            assert prelabel(p) == 0  # nothing twice
            stored[mode] = (
                added,
                sorted(
                    (s.start, s.end, s.status, json.dumps(s.attrs, sort_keys=True))
                    for d in ("book", "short")
                    for s in p.spans(d, layer="number", statuses=("accepted", "suggested", "rejected"))
                ),
                p.execute("select count(*), count(distinct batch) from history where who = 'prelabel'").fetchone(),
            )
    assert stored["windows"] == stored["whole"]
    assert stored["whole"][0] == len(find_numbers(text)) - 2 + 2
    assert tuple(stored["whole"][2]) == (stored["whole"][0], 2)  # one undo step per document
