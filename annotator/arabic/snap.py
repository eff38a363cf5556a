"""Snapping a selection to sensible boundaries (the editor calls this on
every selection, and on double-click via :func:`word_at`).

An edge never falls

* between a letter (or tatweel) and its harakah, shadda or tanwin;
* inside a lam-alef (``ل`` + ``ا``/``أ``/``إ``/``آ``, drawn as one glyph,
  with or without a harakah on the lam);
* inside a surrogate pair, an emoji sequence (ZWJ, skin tone, flag,
  keycap) or before a variation selector.

An edge inside such a cluster moves OUTWARD, so the selection includes the
whole glyph the user saw. Whitespace and bidi marks at the ends are trimmed.
With ``words=True`` the range grows to whole tokens and a leading
proclitic is dropped (``وليبيا`` selected from its middle gives ``ليبيا``)
and the article stays (``والثاني`` gives ``الثاني``, ``للعام`` gives ``لعام``):
the one article convention of ``docs/CONTEXT.md``, shared with the number
finder, the gazetteer, the cue engine and the token formats.

Written by hand: Python has no grapheme segmentation in the standard
library, and ICU-based ones do not know about lam-alef.
"""

from __future__ import annotations

import re

from annotator.arabic.charsets import EMOJI, INVISIBLE_SET, JOINER_SET, MARK_SET
from annotator.arabic.clitics import split_proclitics
from annotator.arabic.tokens import _TOKEN

_EMOJI = re.compile(EMOJI)
_LAM = "\u0644"
_ALEFS = frozenset("\u0627\u0623\u0625\u0622")
_WINDOW = 64


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in INVISIBLE_SET


def _inside_cluster(text: str, pos: int) -> tuple[int, int] | None:
    """The cluster ``pos`` falls strictly inside, or None."""
    if pos <= 0 or pos >= len(text):
        return None
    ch, prev = text[pos], text[pos - 1]
    # lone surrogates (text read with surrogateescape/surrogatepass)
    if "\udc00" <= ch <= "\udfff" and "\ud800" <= prev <= "\udbff":
        return pos - 1, pos + 1
    lo = max(0, pos - _WINDOW)
    for m in _EMOJI.finditer(text, lo, min(len(text), pos + _WINDOW)):
        if m.start() < pos < m.end():
            return m.span()
        if m.start() >= pos:
            break
    if ch in JOINER_SET and not prev.isspace():
        s = pos - 1
        while s > 0 and text[s] in JOINER_SET:
            s -= 1
        e = pos
        while e < len(text) and text[e] in JOINER_SET:
            e += 1
        return s, e
    # lam-alef: the lam (plus its marks) directly before an alef
    if ch in _ALEFS:
        s = pos - 1
        while s > 0 and text[s] in MARK_SET:
            s -= 1
        if text[s] == _LAM:
            e = pos + 1
            while e < len(text) and text[e] in MARK_SET:
                e += 1
            return s, e
    return None


def _snap_edge(text: str, pos: int, outward_left: bool) -> int:
    for _ in range(8):  # clusters nest at most a few levels (lam + mark + alef)
        c = _inside_cluster(text, pos)
        if c is None:
            return pos
        pos = c[0] if outward_left else c[1]
    return pos


def _token_at(text: str, pos: int) -> tuple[int, int, str] | None:
    """The token containing ``pos`` (start <= pos < end) and its kind."""
    lo = pos
    while lo > 0 and not text[lo - 1].isspace() and pos - lo < 256:
        lo -= 1
    for m in _TOKEN.finditer(text, lo):
        if m.end() > pos:
            return (m.start(), m.end(), m.lastgroup or "p") if m.start() <= pos else None
    return None


def _stem_start(text: str, start: int, end: int) -> int:
    return split_proclitics(text, start, end)[-1][0]


def snap(text: str, start: int, end: int, words: bool = False) -> tuple[int, int]:
    """The nearest sensible range around ``[start, end)`` (see module doc).
    An empty or all-whitespace selection gives an empty range at ``start``."""
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start > end:
        start, end = end, start
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    if start == end:
        caret = _snap_edge(text, start, True)
        return caret, caret
    start = _snap_edge(text, start, True)
    end = _snap_edge(text, end, False)
    if words:
        tok = _token_at(text, start)
        if tok is not None:
            ts, te, kind = tok
            stem = _stem_start(text, ts, te) if kind == "w" else ts
            if end <= stem:  # only the proclitic is selected: keep it alone
                return ts, stem
            start = stem
        tok = _token_at(text, end - 1)
        if tok is not None:
            end = max(end, tok[1])
    return start, end


def word_at(text: str, pos: int) -> tuple[int, int]:
    """The word under ``pos`` without its proclitics (what a double-click
    selects); a number, emoji or punctuation mark is returned whole. At a
    space, the word just before it; ``(pos, pos)`` if there is none."""
    pos = max(0, min(pos, len(text)))
    tok = _token_at(text, pos) if pos < len(text) else None
    if tok is None and pos > 0:
        tok = _token_at(text, pos - 1)
    if tok is None:
        return pos, pos
    ts, te, kind = tok
    if kind == "w":
        return _stem_start(text, ts, te), te
    return ts, te
