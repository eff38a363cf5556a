"""Issue 20: search over a text read piece by piece (a book-length
document) finds exactly what search over the whole text finds: the same
ranges, the same snippet, with hits, marks, combining hamza and letter
variants straddling the cuts between pieces."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.search import StreamFinder, find, safe_pieces
from annotator.store.fulltext import _snippet, ranges, ranges_in_pieces

# letters, marks, tatweel, a combining hamza, invisibles, a ligature, Latin, space
ALPHABET = (
    "ليبامسؤئوةهىيا" + "\u064e\u0650\u0651\u0652" + "\u0640" + "\u0654" + "\u200f\u200c" + "\ufefb" + "LibyA " + "\n"
)
QUERIES = ["ليبيا", "مسؤول", "مسئول", "لا", "libya", "ة", "ي", "ليبيا مسؤول", "Libya zzz", "بيا", "ا ا"]


def cut(text: str, rng: random.Random, most: int) -> list[str]:
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, most)
        out.append(text[i : i + n])
        i += n
    return out


def whole_and_pieces(text: str, query: str, seed: int, most: int) -> None:
    rng = random.Random(seed)
    parts = cut(text, rng, most)
    got, snippet = ranges_in_pieces(lambda: iter(parts), query)
    want = ranges(text, query)
    assert got == want, (text, query, parts)
    assert snippet == (_snippet(text, *want[0]) if want else "")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=ALPHABET, max_size=120),
    st.sampled_from(QUERIES),
    st.integers(0, 10**6),
    st.integers(1, 9),
)
def test_pieces_find_what_the_whole_text_finds(text, query, seed, most):
    whole_and_pieces(text, query, seed, most)


def test_a_long_text_with_hits_across_every_cut():
    rng = random.Random(7)
    words = ["ليبيا", "لِيبْيَا", "ليـبـيا", "مسؤول", "مسئول", "مسو\u0654ول", "وليبيا", "Libya", "LIBYA", "نص", "\u200f"]
    text = " ".join(rng.choice(words) for _ in range(3000))
    for query in ("ليبيا", "مسؤول", "libya", "نص ليبيا", "لا شيء هنا ليبيا"):
        for most in (3, 17, 500):
            whole_and_pieces(text, query, 1, most)


def test_safe_pieces_never_start_with_an_ignored_character():
    text = "ليبيا" + "\u064e\u0650" * 5 + "\u0640" + "مسو\u0654ول" * 50
    parts = cut(text, random.Random(3), 4)
    pieces = list(safe_pieces(parts))
    assert "".join(p for _, p in pieces) == text
    assert all(text[off : off + len(p)] == p for off, p in pieces)
    assert all(off == 0 or p[0] not in "\u064e\u0650\u0640\u0654" for off, p in pieces)


def test_stream_finder_matches_find():
    text = "مسؤولِ قال إن المسئول ومسؤولين " * 20
    f = StreamFinder("مسؤول")
    for off, p in safe_pieces(cut(text, random.Random(5), 6)):
        f.feed(off, p)
    assert f.ranges == find(text, "مسؤول")


def test_the_project_searches_a_long_document_in_pieces_with_the_same_hits(tmp_path, monkeypatch):
    from annotator.model import Document, Scheme
    from annotator.store import Project, texts

    rng = random.Random(11)
    words = ["ليبيا", "لِيبْيَا", "مسؤول", "مسو\u0654ول", "وليبيا", "Libya", "نص", "😀", "\n"]
    text = " ".join(rng.choice(words) for _ in range(20_000))
    db = tmp_path / "p.db"
    with Project.create(db, Scheme.default()) as p:
        p.add_document(Document(id="long", text=text))
    queries = ["ليبيا", "مسؤول", "libya", "نص مسؤول ليبيا", "غائب"]
    with Project.open(db) as p:
        whole = [p.search(q) for q in queries]
        monkeypatch.setattr(texts, "LONG_BYTES", 0)
        monkeypatch.setattr(texts, "PIECE_BYTES", 997)  # cuts inside characters, hits and marks
        assert [p.search(q) for q in queries] == whole
    assert whole[0][0].ranges == find(text, "ليبيا") and whole[3][0].ranges and not whole[4]
