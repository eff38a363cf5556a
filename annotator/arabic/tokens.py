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

With ``clitics=True`` the tokens come from :class:`TokenTable`, which
tokenizes each space-delimited chunk once (:data:`CHUNK_TOKENS`); the batch
tokenizer of the large exports (:mod:`annotator.export.token_columns`)
reads the same chunk entries. This is the one implementation of the rule;
the tests keep the plain per-document form (every word match split with
:func:`~annotator.arabic.clitics.split_proclitics`) as the oracle it is
checked against.

Whitespace, bidi controls (U+200E/F, U+061C, U+202A-E, U+2066-9) and
zero-width characters are never tokens, nor part of one.

Written by hand with one precompiled regex: general tokenizers (pyarabic's
``tokenize``, spaCy's) return strings, not offsets, and rewrite or drop
characters, which would break ``text[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate, chain
from operator import itemgetter

from annotator.arabic.charsets import EMOJI, IGNORABLE_SET, INVISIBLE, INVISIBLE_SET, WORD
from annotator.arabic.clitics import PROCLITIC_LETTERS, split_proclitics

_DIGITS = r"\d+(?:[.,\u066b\u066c]\d+)*"
_TOKEN = re.compile(f"(?P<e>{EMOJI})|(?P<n>{_DIGITS})|(?P<w>{WORD})|[^\\s{INVISIBLE}]")

# A sentence ends after . ! ? ؟ (any run of them, plus closing quotes and
# brackets) unless the point sits between two digits, or at a line break.
# Written to begin with one character class, which lets the regex engine
# skip to candidate characters instead of trying every branch at every
# position (figures in bench/RESULTS.md); a test checks it finds the same
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
    ``ليبيا``), through :class:`TokenTable`. Every position in ``split_at`` that falls strictly inside a
    token splits it there, so that a span edge in mid-word becomes a token
    edge.
    """
    if clitics:
        table = TokenTable(text, split_at)
        return list(zip(table.starts(), table.ends(), strict=True))
    tokens = _plain(text)
    return _split(tokens, split_at) if split_at else tokens


def _plain(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def words(text: str) -> list[tuple[int, int]]:
    """Ranges of the word tokens only (letters with their marks), no
    numbers, punctuation or emoji."""
    return [m.span() for m in _TOKEN.finditer(text) if m.lastgroup == "w"]


def token_texts(text: str, clitics: bool = False) -> list[str]:
    """The tokens as strings (handy in tests and exporters)."""
    return [text[s:e] for s, e in tokenize(text, clitics=clitics)]


# one chunk's tokens: starts, ends (relative to the chunk) and texts
Entry = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]]


class TokenTable:
    """The tokens of one text (proclitics split, cut at ``split_at``), kept
    per space-delimited chunk of the text.

    Each distinct chunk is tokenized once (:data:`CHUNK_TOKENS`): chunks
    repeat (Zipf), so most words are looked up, not tokenized. No token contains or
    looks past white space (the token regex has no look-behind, and
    :func:`annotator.arabic.clitics.split_proclitics` looks at the word
    alone), so a chunk tokenized on its own gives the same tokens as in its
    text, shifted by where the chunk starts. Whole-text lists (token texts,
    starts, ends) are joined from the chunks' tuples;
    finding the token at a position bisects the chunks, then one chunk.
    """

    def __init__(self, text: str, split_at: Iterable[int] = ()) -> None:
        self.text = text
        chunks = _chunks(text)
        # bases[k]: where chunk k starts; one more entry than chunks (len(text) + 1)
        self.bases = list(accumulate(map(_PLUS_ONE, map(len, chunks)), initial=0))
        self.entries = list(map(CHUNK_TOKENS.__getitem__, chunks))
        cut = self._cuts(split_at)
        for k, positions in cut.items():
            self.entries[k] = cut_entry(chunks[k], self.entries[k], positions)
        self.cum = list(accumulate(map(len, map(_FIRST, self.entries)), initial=0))  # tokens before chunk k

    def _cuts(self, positions: Iterable[int]) -> dict[int, list[int]]:
        """chunk -> positions (relative to it) strictly inside one of its tokens."""
        out: dict[int, list[int]] = {}
        bases, entries = self.bases, self.entries
        for p in set(positions):
            k = bisect_right(bases, p) - 1
            if k < 0 or k >= len(entries):
                continue
            rel = p - bases[k]
            starts, ends, _ = entries[k]
            i = bisect_right(starts, rel) - 1
            if i >= 0 and starts[i] < rel < ends[i]:
                out.setdefault(k, []).append(rel)
        return out

    def __len__(self) -> int:
        return self.cum[-1]

    def texts(self) -> list[str]:
        return list(chain.from_iterable(map(_THIRD, self.entries)))

    def starts(self) -> list[int]:
        return [base + s for base, rel in zip(self.bases, map(_FIRST, self.entries), strict=False) for s in rel]

    def ends(self) -> list[int]:
        return [base + e for base, rel in zip(self.bases, map(_SECOND, self.entries), strict=False) for e in rel]

    def _chunk_of(self, i: int) -> int:
        return bisect_right(self.cum, i) - 1

    def start(self, i: int) -> int:
        k = self._chunk_of(i)
        return self.bases[k] + self.entries[k][0][i - self.cum[k]]

    def end(self, i: int) -> int:
        k = self._chunk_of(i)
        return self.bases[k] + self.entries[k][1][i - self.cum[k]]

    def first_from(self, p: int) -> int:
        """Index of the first token starting at or after ``p`` (bisect_left on starts)."""
        k = bisect_right(self.bases, p) - 1
        if k >= len(self.entries):
            return len(self)
        return self.cum[k] + bisect_left(self.entries[k][0], p - self.bases[k])

    def ending_by(self, p: int) -> int:
        """How many tokens end at or before ``p`` (bisect_right on ends)."""
        k = bisect_right(self.bases, p) - 1
        if k >= len(self.entries):
            return len(self)
        return self.cum[k] + bisect_right(self.entries[k][1], p - self.bases[k])


def _chunks(text: str) -> list[str]:
    """The text cut at spaces and line breaks, each of which becomes an
    (empty) boundary: a line break is replaced by a space first (the same
    length, so every offset stays; no token holds one), then ``str.split``
    on one character runs at C speed. Other white space stays inside a chunk."""
    return text.replace("\n", " ").replace("\r", " ").split(" ")


def _chunk_tokens(chunk: str) -> Entry:
    """Starts, ends and texts of the tokens of one chunk (no space in it),
    proclitics split."""
    out: list[tuple[int, int]] = []
    for s, e in tokenize(chunk):
        first = chunk[s]
        # only a word beginning with a proclitic letter can be split
        if (first not in PROCLITIC_LETTERS and first not in IGNORABLE_SET) or e - s < 3:
            out.append((s, e))
        else:
            out.extend(split_proclitics(chunk, s, e))
    return _entry(chunk, out)


def _entry(chunk: str, tokens: list[tuple[int, int]]) -> Entry:
    return tuple(s for s, _ in tokens), tuple(e for _, e in tokens), tuple(chunk[s:e] for s, e in tokens)


def cut_entry(chunk: str, entry: Entry, positions: list[int]) -> Entry:
    """The chunk's tokens cut at each of ``positions`` (relative, each strictly inside a token)."""
    out: list[tuple[int, int]] = []
    cuts = sorted(positions)
    for s, e in zip(entry[0], entry[1], strict=True):
        for p in cuts:
            if s < p < e:
                out.append((s, p))
                s = p
        out.append((s, e))
    return _entry(chunk, out)


class _ChunkCache(dict[str, Entry]):
    """chunk -> its tokens; filled on first sight, bounded in size."""

    def __missing__(self, chunk: str) -> Entry:
        pieces = _WHITE.split(chunk)
        if len(pieces) == 1:
            toks = _chunk_tokens(chunk)
        else:  # words joined by a line break or tab: put together from each word's (cached) tokens
            starts: list[int] = []
            ends: list[int] = []
            texts: list[str] = []
            at = 0
            for k, piece in enumerate(pieces):
                if k % 2 == 0 and piece:
                    s, e, t = self[piece]
                    starts += [at + x for x in s]
                    ends += [at + x for x in e]
                    texts += t
                at += len(piece)
            toks = (tuple(starts), tuple(ends), tuple(texts))
        if len(self) < 200_000:
            self[chunk] = toks
        return toks


CHUNK_TOKENS = _ChunkCache()
_WHITE = re.compile(r"(\s+)")
_PLUS_ONE = (1).__add__
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


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
