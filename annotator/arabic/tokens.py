"""Tokens and sentences as code-point ranges into the original text.

A token is one of:

* a word: letters of any script with their combining marks and tatweel
  (``الـــقوات``, ``وَلِيبْيا``, ``Armytimes``); with ``clitics=True`` Arabic
  proclitics are split off it (see :mod:`annotator.arabic.clitics`);
* a number: digits of any script with inner decimal/thousands separators,
  so ``3.5``, ``٣٫٥``, ``1,000`` and ``٢٬٥٠٠`` are one token each;
* an emoji as the eye sees it, ZWJ sequences, flags, keycaps, skin tones
  and variation selectors included;
* any other single visible character: ``،`` ``؛`` ``؟`` ``.`` ``«`` ``"`` ``%``.

Whitespace, bidi controls (U+200E/F, U+061C, U+202A-E, U+2066-9) and
zero-width characters are never tokens, nor part of one.

Written by hand with one precompiled regex: general tokenizers (pyarabic's
``tokenize``, spaCy's) return strings, not offsets, and rewrite or drop
characters, which would break ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from annotator.arabic.charsets import EMOJI, INVISIBLE, INVISIBLE_SET, WORD
from annotator.arabic.clitics import split_proclitics

_DIGITS = r"\d+(?:[.,\u066b\u066c]\d+)*"
_TOKEN = re.compile(f"(?P<e>{EMOJI})|(?P<n>{_DIGITS})|(?P<w>{WORD})|[^\\s{INVISIBLE}]")

# A sentence ends after . ! ? ؟ (any run of them, plus closing quotes and
# brackets) unless the point sits between two digits, or at a line break.
# Written to begin with one character class, which lets the regex engine
# skip to candidate characters instead of trying every branch at every
# position (15x faster on a large export); a test checks it finds the same
# matches as the plain form
#   (?:(?<!\d)\.|\.(?!\d)|[!?؟…])+[closers]*|(?:\r\n|[\n\r\u2028\u2029])
_POINT_OK = r"(?:(?<!\d\.)|(?!\d))"  # just after a point: not a decimal point
_SENT_END = re.compile(
    "[.!?\u061f\u2026\r\n\u2028\u2029]"
    "(?:(?<=\r)\n?"
    "|(?<=[\n\u2028\u2029])"
    f"|{_POINT_OK}(?:[.!?\u061f\u2026]{_POINT_OK})*[\"'\u00bb\u201d\u2019)\\]]*)"
)


def _split(tokens: list[tuple[int, int]], positions: Iterable[int]) -> list[tuple[int, int]]:
    cuts = sorted(set(positions))
    if not cuts:
        return tokens
    out: list[tuple[int, int]] = []
    for start, end in tokens:
        i = bisect_right(cuts, start)
        s = start
        while i < len(cuts) and cuts[i] < end:
            out.append((s, cuts[i]))
            s = cuts[i]
            i += 1
        out.append((s, end))
    return out


def tokenize(text: str, clitics: bool = False, split_at: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of every token of ``text``.

    ``clitics=True`` splits Arabic proclitics off words (``وليبيا`` -> ``و``,
    ``ليبيا``). Every position in ``split_at`` that falls strictly inside a
    token splits it there, so that a span edge in mid-word becomes a token
    edge.
    """
    if clitics:
        tokens: list[tuple[int, int]] = []
        for m in _TOKEN.finditer(text):
            if m.lastgroup == "w":
                tokens.extend(split_proclitics(text, m.start(), m.end()))
            else:
                tokens.append(m.span())
    else:
        tokens = [m.span() for m in _TOKEN.finditer(text)]
    return _split(tokens, split_at) if split_at else tokens


def words(text: str) -> list[tuple[int, int]]:
    """Ranges of the word tokens only (letters with their marks), no
    numbers, punctuation or emoji."""
    return [m.span() for m in _TOKEN.finditer(text) if m.lastgroup == "w"]


def token_texts(text: str, clitics: bool = False) -> list[str]:
    """The tokens as strings (handy in tests and exporters)."""
    return [text[s:e] for s, e in tokenize(text, clitics=clitics)]


def _abbreviation(text: str, dot: int) -> bool:
    """A point after a one-letter word (``د.`` for doctor, ``U.S.``) or
    directly followed by a Latin letter does not end a sentence."""
    nxt = text[dot + 1] if dot + 1 < len(text) else ""
    if nxt.isascii() and nxt.isalpha():
        return True
    one_letter = dot >= 1 and text[dot - 1].isalpha() and (dot < 2 or not text[dot - 2].isalpha())
    return one_letter


def sentence_breaks(text: str) -> list[int]:
    """Where each sentence end of :func:`sentences` finishes, before any
    white space: the first token at or after one of these positions is the
    first token of a sentence (or of none, past the last), the same tokens
    as the starts of ``sentences(text)[1:]`` give plus the first, found
    without building the ranges (for exporters that only cut token lists)."""
    return [m.end() for m in _SENT_END.finditer(text) if m.group() != "." or not _abbreviation(text, m.start())]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges: split after ``.`` ``!`` ``?`` ``؟`` ``…`` (not a
    decimal point, not the point of ``د.`` or ``U.S.``) and at line breaks. A range has no leading or trailing
    whitespace or bidi marks; empty sentences are skipped."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)

    def emit(s: int, e: int) -> None:
        while s < e and (text[s].isspace() or text[s] in INVISIBLE_SET):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in INVISIBLE_SET):
            e -= 1
        if s < e:
            out.append((s, e))

    for m in _SENT_END.finditer(text):
        if m.group()[0] in "\r\n\u2028\u2029":
            emit(pos, m.start())
        elif m.group() == "." and _abbreviation(text, m.start()):
            continue
        else:
            emit(pos, m.end())
        pos = m.end()
    if pos < n:
        emit(pos, n)
    return out


def tokens_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The tokens overlapping ``[start, end)``, each with its kind: ``"w"``
    word, ``"n"`` number, ``"e"`` emoji, ``"p"`` any other character. Reads
    only around the range (no token crosses white space), so it is cheap
    enough to call on every mouse move over a large document."""
    lo = max(0, min(start, len(text)))
    while lo > 0 and not text[lo - 1].isspace() and start - lo < 256:
        lo -= 1
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text, lo):
        if m.start() >= end:
            break
        if m.end() > start:
            out.append((m.start(), m.end(), m.lastgroup or "p"))
    return out
