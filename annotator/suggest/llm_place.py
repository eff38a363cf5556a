"""Placing a quoted mention on exact offsets in the document.

A model quotes text; it does not count characters. Each quote is looked
up in its chunk with :func:`annotator.arabic.search.find` (tashkeel,
tatweel, invisible marks and hamza, ta marbuta and alef maqsura forms
ignored; whole words, a proclitic allowed in front), so ``الجيش الليبي``
finds ``الجيشُ الليـبي``. A match is snapped to whole letters
(:func:`annotator.arabic.snap.snap`) and a leading proclitic is left out of
it, as the contract says (``والجيش`` quoted gives ``الجيش``). Quotes the
text does not contain as written are tried once more without the quotation
marks and punctuation a model likes to wrap them in.

``occurrence`` (1-based) picks one of several matches; without it every
match is proposed.
"""

from __future__ import annotations

from annotator.arabic.clitics import split_proclitics
from annotator.arabic.search import Finder
from annotator.arabic.snap import snap

_WRAPPERS = " \t\r\n\"'«»“”‘’„‹›()[]{}<>.,،;؛:!?؟…-–—*_`"


def _word_start(text: str, pos: int) -> int:
    s = pos
    while s > 0 and (text[s - 1].isalnum() or not text[s - 1].isprintable() or _is_mark(text[s - 1])):
        s -= 1
    return s


def _is_mark(ch: str) -> bool:
    import unicodedata

    return unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch == "\u0640"


def _without_proclitic(text: str, start: int, end: int) -> int:
    """``start`` moved past a proclitic when the match begins a word."""
    if start > 0 and _word_start(text, start) != start:
        return start
    w_end = start
    while w_end < len(text) and (text[w_end].isalnum() or _is_mark(text[w_end])):
        w_end += 1
    stem = split_proclitics(text, start, w_end)[-1][0]
    return stem if start < stem < end else start


def matches(text: str | Finder, quote: str) -> list[tuple[int, int]]:
    """Every place ``quote`` occurs in ``text`` as whole words, snapped.
    Pass a :class:`Finder` of the text to look up many quotes in it."""
    finder = text if isinstance(text, Finder) else Finder(text)
    text = finder.text
    found = finder.find(quote, whole_word=True)
    if not found:
        bare = quote.strip(_WRAPPERS)
        if bare and bare != quote:
            found = finder.find(bare, whole_word=True)
    out: list[tuple[int, int]] = []
    for s, e in found:
        s, e = snap(text, s, e)
        if s >= e:
            continue
        s = _without_proclitic(text, s, e)
        if (s, e) not in out:
            out.append((s, e))
    return out


def place(text: str | Finder, quote: str, occurrence: int | None = None) -> list[tuple[int, int]]:
    """The ranges to propose for one quote: the ``occurrence``-th match
    (1-based), or every match; empty when the quote is not in ``text`` (or
    there are fewer matches than ``occurrence``)."""
    found = matches(text, quote)
    if occurrence is None:
        return found
    return [found[occurrence - 1]] if 0 < occurrence <= len(found) else []
