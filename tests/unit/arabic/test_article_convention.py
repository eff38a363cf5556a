"""One article convention for every layer (docs/CONTEXT.md): the article
``ال`` is inside the span of its word, the proclitics ``و ف ب ل ك`` outside;
in ``لل`` the preposition's lam is outside and the article's lam inside."""

import pytest

from annotator.arabic.clitics import split_proclitics, strip_proclitics
from annotator.arabic.numbers import find_numbers
from annotator.arabic.selection import snap_to_tokens
from annotator.arabic.snap import snap, word_at
from annotator.suggest.gazetteer import Gazetteer

CASES = [
    ("والثاني", "الثاني"),
    ("بالثالث", "الثالث"),
    ("فالعشرون", "العشرون"),
    ("للثالث", "لثالث"),
    ("وللثالث", "لثالث"),
    ("كالعاشر", "العاشر"),
]


@pytest.mark.parametrize("word, stem", CASES)
def test_every_engine_cuts_the_same_place(word, stem):
    text = f"في {word} هنا"
    at = text.index(word)
    expected = (at + len(word) - len(stem), at + len(word))
    assert strip_proclitics(word)[1] == stem
    assert split_proclitics(text, at, at + len(word))[-1] == expected
    assert word_at(text, at + 1) == expected  # double-click
    assert snap(text, at, at + 3, words=True) == expected  # a drag from the word's start
    assert snap_to_tokens(text, at, at + len(word)) == expected  # the editor's snap-to-tokens drag
    (m,) = find_numbers(text)
    assert (m.start, m.end) == expected
    gaz = Gazetteer.from_spans([("ال" + stem.removeprefix("ال").removeprefix("ل"), "MISC")])
    (g,) = gaz.matches(text)
    assert (g.start, g.end) == expected


def test_the_cue_engine_cuts_claimants_the_same_way():
    from annotator.suggest.cues import propose

    text = "وصلت القافلة، وفقا للأمم المتحدة. والشرطة أكدت أن الطريق مفتوح."
    got = sorted(text[s.start : s.end] for s in propose(text).spans if s.layer == "entity")
    assert got == ["الشرطة", "لأمم المتحدة"]
