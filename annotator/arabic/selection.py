"""What a mouse drag selects in snap-to-tokens mode (the editor's default,
as in Prodigy and INCEpTION): whole tokens, never part of one.

:func:`snap_to_tokens` takes the code points under the two ends of a drag
and returns the range to select and store:

* a drag that starts or ends inside a word, a number (``2016``, ``1,000``,
  ``٣٫٥``) or an emoji grows to the whole token;
* spaces, bidi marks, quotes and punctuation at either end are trimmed
  (``"Armytimes"،`` gives ``Armytimes``); inside the range they stay;
  percent signs are kept, they belong to the number before them;
* a leading proclitic is dropped, exactly as a double-click drops it
  (:func:`annotator.arabic.snap.word_at`: ``وليبيا`` gives ``ليبيا``, the
  article ``ال`` stays inside); a drag over the proclitic letters alone
  keeps just them; a proclitic ``ل`` drawn as one glyph with the alef
  after it (``لأفريكوم``) stays, since a lam-alef is never split;
* harakat, lam-alef and emoji sequences are never split
  (:func:`annotator.arabic.snap.snap` runs first);
* a drag over punctuation only keeps that punctuation.

The widget only calls this; the rule is data, tested without Qt.
"""

from __future__ import annotations

import unicodedata

from annotator.arabic.snap import snap, word_at
from annotator.arabic.tokens import tokens_in

_KEPT_PUNCTUATION = frozenset("%\u066a\u2030\u060a")  # % ٪ ‰ ؊ go with their number


def _trimmed(text: str, token: tuple[int, int, str]) -> bool:
    start, end, kind = token
    if kind != "p":
        return False
    ch = text[start:end]
    return ch not in _KEPT_PUNCTUATION and unicodedata.category(ch[0]).startswith("P")


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole-token range a drag over ``[start, end)`` selects (see the
    module doc). An empty or all-whitespace range gives an empty range."""
    start, end = snap(text, start, end)
    if start >= end:
        return start, start
    tokens = tokens_in(text, start, end)
    if not tokens:
        return start, end
    core = [t for t in tokens if not _trimmed(text, t)] or tokens
    first, last = core[0], core[-1]
    lo, hi = first[0], last[1]
    if first[2] == "w":
        stem, _ = word_at(text, first[0])
        if first[0] < stem < first[1]:
            if first is last and start >= first[0] and end <= stem:
                return first[0], stem  # only the proclitic letters were dragged over
            lo = snap(text, stem, hi)[0]  # never inside a lam-alef: لأفريكوم stays whole
    return lo, hi
