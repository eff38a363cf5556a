"""The suggestion corpus is what its markup says, and its spans follow the
guideline (no spaces or proclitics at the edges of a name)."""

import json

from annotator.formats import jsonl
from tests.unit.suggest.corpus_source import CORPUS, SENTENCES, documents


def test_the_file_is_built_from_the_markup():
    stored = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    assert stored == documents()
    assert len(stored) == len(SENTENCES) >= 30
    assert sum(1 for d in stored if any(s["layer"] == "claim" for s in d["spans"])) >= 15


def test_it_imports_as_canonical_jsonl():
    docs = list(jsonl.read(CORPUS))
    assert len(docs) == len(SENTENCES)
    claims = [s for d in docs for s in d.spans if s.layer == "claim"]
    assert all(s.attrs["certainty"] in ("reported", "hedged", "denied") for s in claims)


def test_span_edges_follow_the_guideline():
    for d in documents():
        text = d["text"]
        for s in d["spans"]:
            surface = text[s["start"] : s["end"]]
            assert surface == surface.strip(), (d["id"], surface)
            assert surface[-1] not in ".،", (d["id"], surface)
            if s["layer"] == "entity":
                # a proclitic glued in front stays outside: the span starts a word or follows و/ب/ل
                before = text[s["start"] - 1] if s["start"] else " "
                assert before in ' و(ل"ـ', (d["id"], surface)
