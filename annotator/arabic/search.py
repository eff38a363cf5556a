"""Search that ignores what Arabic readers ignore.

``find(text, query)`` matches while always ignoring tashkeel (harakat,
tanwin, shadda, sukun, Quranic marks), tatweel and invisible characters
(bidi marks, zero-width joiners), and, optionally:

* ``hamza``: the alef forms ``أ إ آ ٱ`` match a bare ``ا``; the hamza on a
  seat (``ؤ``, ``ئ``) and the lone ``ء`` match each other, so ``مسؤول`` finds
  ``مسئول``;
* ``ta_marbuta``: ``ة`` matches ``ه``;
* ``alef_maqsura``: ``ى`` matches ``ي``.

A hamza written as a combining mark (``و`` + U+0654) counts as the composed
letter, and presentation forms (the lam-alef ligature U+FEFB...) as their
letters. Results are code-point ranges in the ORIGINAL text; a match
includes the marks of its last letter (``مسؤول`` in ``مسؤولِ`` covers the kasra).

Written by hand around pyarabic's character constants because pyarabic's
``strip_tashkeel``/``normalize_hamza`` return new strings without a way
back to the original offsets, which the editor needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from annotator.arabic.charsets import INVISIBLE, INVISIBLE_SET, MARK_SET, MARKS, TATWEEL, UNSEEN_SET
from annotator.arabic.clitics import ARTICLE_FORMS, CONJUNCTIONS, PREPOSITIONS, split_proclitics

# What the project search (annotator.store.fulltext) also looks for in front
# of a query word, longest first: one proclitic letter, or the article with
# or without proclitics. Narrower than the proclitic runs of the suggestion
# engines (no وب، فل... without the article, no فكال): a search finds exactly
# what the earlier index found, which tests/unit/store/test_fulltext_equivalence.py
# holds it to.
SEARCH_PREFIXES: tuple[str, ...] = tuple(
    sorted((*(f for f in ARTICLE_FORMS if f != "فكال"), *CONJUNCTIONS, *PREPOSITIONS), key=len, reverse=True)
)

# letter + combining hamza/madda -> the composed letter
_COMPOSE = {
    ("ا", "\u0654"): "أ",
    ("ا", "\u0655"): "إ",
    ("ا", "\u0653"): "آ",
    ("و", "\u0654"): "ؤ",
    ("ي", "\u0654"): "ئ",
    ("ى", "\u0654"): "ئ",
}
_COMBINING_HAMZA = frozenset("\u0653\u0654\u0655")
_HAMZA = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء"}
_TA = {"ة": "ه"}
_MAQSURA = {"ى": "ي"}


def _letter_map(hamza: bool, ta_marbuta: bool, alef_maqsura: bool) -> dict[str, str]:
    m: dict[str, str] = {}
    if hamza:
        m.update(_HAMZA)
    if ta_marbuta:
        m.update(_TA)
    if alef_maqsura:
        m.update(_MAQSURA)
    return m


def _presentation(ch: str) -> str | None:
    """Letters of an Arabic presentation form (ﻻ -> لا), else None."""
    o = ord(ch)
    if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            return "".join(c for c in folded if c not in UNSEEN_SET and c != " ")
    return None


# Anything that makes normalisation change the length: dropped characters,
# combining hamza/madda, presentation forms. Without them it is one
# str.translate and the index map is the identity.
_NOT_ONE_TO_ONE = re.compile(f"[{MARKS}{TATWEEL}{INVISIBLE}\ufb50-\ufdff\ufe70-\ufeff]")
_TABLES: dict[tuple[bool, bool, bool], dict[int, str]] = {}


def _table(hamza: bool, ta_marbuta: bool, alef_maqsura: bool) -> dict[int, str]:
    key = (hamza, ta_marbuta, alef_maqsura)
    if key not in _TABLES:
        _TABLES[key] = str.maketrans(_letter_map(*key))
    return _TABLES[key]


def normalize_with_map(
    text: str, hamza: bool = True, ta_marbuta: bool = True, alef_maqsura: bool = True
) -> tuple[str, list[int]]:
    """``(normalized, index_map)``: the normalized text and, for each of its
    characters, the code-point index in ``text`` it comes from."""
    if not _NOT_ONE_TO_ONE.search(text):
        return text.translate(_table(hamza, ta_marbuta, alef_maqsura)), list(range(len(text)))
    letters = _letter_map(hamza, ta_marbuta, alef_maqsura)
    table = _table(hamza, ta_marbuta, alef_maqsura)
    out: list[str] = []  # pieces of the normalized text
    idx: list[int] = []
    prev_raw = ""  # the original letter behind the last character of out, for combining hamza
    pos = 0
    # runs of ordinary characters are translated whole; only the characters
    # that change the length are looked at one by one
    for m in _NOT_ONE_TO_ONE.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i].translate(table))
            idx.extend(range(pos, i))
            prev_raw = text[i - 1]
        pos = i + 1
        ch = text[i]
        if ch in UNSEEN_SET:
            if ch in _COMBINING_HAMZA and idx and (prev_raw, ch) in _COMPOSE:
                composed = _COMPOSE[(prev_raw, ch)]
                out.append(out.pop()[:-1] + letters.get(composed, composed))
                prev_raw = composed
            continue
        if ch > "\ufb4f" and (pres := _presentation(ch)) is not None:
            for c in pres:
                out.append(letters.get(c, c))
                idx.append(i)
        else:
            out.append(letters.get(ch, ch))
            idx.append(i)
        prev_raw = ch
    if pos < len(text):
        out.append(text[pos:].translate(table))
        idx.extend(range(pos, len(text)))
    return "".join(out), idx


def normalize(text: str, hamza: bool = True, ta_marbuta: bool = True, alef_maqsura: bool = True) -> str:
    """The text as search sees it (see the module docstring)."""
    if not _NOT_ONE_TO_ONE.search(text):
        return text.translate(_table(hamza, ta_marbuta, alef_maqsura))
    return normalize_with_map(text, hamza, ta_marbuta, alef_maqsura)[0]


def _is_wordchar(ch: str) -> bool:
    return ch.isalnum() or ch in UNSEEN_SET


def _word_bounds(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is a whole word, or a whole word after its
    proclitics. A bidi mark or zero-width character between a word and its
    neighbour belongs to neither (``تزال`` + RLM + space is a whole word)."""
    after = end
    while after < len(text) and text[after] in INVISIBLE_SET:
        after += 1
    if after < len(text) and _is_wordchar(text[after]):
        return False
    before = start
    while before > 0 and text[before - 1] in INVISIBLE_SET:
        before -= 1
    if before == 0 or not _is_wordchar(text[before - 1]):
        return True
    ws = start
    while ws > 0 and _is_wordchar(text[ws - 1]):
        ws -= 1
    return any(s == start for s, _ in split_proclitics(text, ws, end)[1:])


def find(
    text: str,
    query: str,
    hamza: bool = True,
    ta_marbuta: bool = True,
    alef_maqsura: bool = True,
    whole_word: bool = False,
) -> list[tuple[int, int]]:
    """Code-point ranges in ``text`` where ``query`` occurs, ignoring tashkeel,
    tatweel and invisible marks (and the letter variants switched on). With
    ``whole_word`` a match must be a whole word, possibly after proclitics
    (``ليبيا`` matches in ``وليبيا``, not in ``الليبية``)."""
    if not normalize(query, hamza, ta_marbuta, alef_maqsura):
        return []
    return Finder(text, hamza, ta_marbuta, alef_maqsura).find(query, whole_word)


class Finder:
    """:func:`find` for many queries in one text: the text is normalized once."""

    def __init__(self, text: str, hamza: bool = True, ta_marbuta: bool = True, alef_maqsura: bool = True):
        self.text = text
        self.flags = (hamza, ta_marbuta, alef_maqsura)
        self.norm, self.idx = normalize_with_map(text, *self.flags)

    def find(self, query: str, whole_word: bool = False) -> list[tuple[int, int]]:
        q = normalize(query, *self.flags)
        if not q:
            return []
        text, norm, idx = self.text, self.norm, self.idx
        n = len(text)
        out: list[tuple[int, int]] = []
        pos = norm.find(q)
        while pos >= 0:
            start = idx[pos]
            end = idx[pos + len(q) - 1] + 1
            while end < n and text[end] in MARK_SET:
                end += 1
            if not whole_word or _word_bounds(text, start, end):
                out.append((start, end))
                pos = norm.find(q, pos + len(q))
            else:
                pos = norm.find(q, pos + 1)
        return out


# ---------------------------------------------------------------- long texts
def safe_pieces(pieces: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` for a text given as consecutive strings, re-cut so
    that no piece starts with a character search ignores (a mark, tatweel,
    invisible): normalizing each piece then gives the pieces of the whole
    text's normalized form, since only those characters lean on the letter
    before them (a combining hamza composes with it, a mark after a hit's
    last letter belongs to the hit)."""
    offset = 0
    carry = ""
    for piece in pieces:
        text = carry + piece
        cut = len(text)
        while cut > 0 and text[cut - 1] in UNSEEN_SET:
            cut -= 1
        # text[cut - 1] is the last seen character; the piece must not end
        # before the ignored characters after it, which may continue in the
        # next piece, so that character waits for the next piece too
        cut = max(cut - 1, 0)
        if cut:
            yield offset, text[:cut]
            offset += cut
        carry = text[cut:]
    if carry:
        yield offset, carry


class StreamFinder:
    """:meth:`Finder.find` (not whole words) over a text read piece by piece
    (:func:`safe_pieces`), for a document too long to normalize whole: memory
    is a few pieces, and the ranges are exactly :func:`find`'s on the whole
    text. Feed the pieces in order to :meth:`feed`, then read ``ranges``."""

    def __init__(self, query: str, hamza: bool = True, ta_marbuta: bool = True, alef_maqsura: bool = True):
        self.flags = (hamza, ta_marbuta, alef_maqsura)
        self.q = normalize(query, *self.flags)
        self.ranges: list[tuple[int, int]] = []
        self._tail = ""  # the last len(q) - 1 normalized characters seen
        self._tail_idx: list[int] = []  # their offsets in the original text
        self._base = 0  # position of the buffer's start in the whole normalized text
        self._next = 0  # where the next match may start (hits do not overlap), in the same positions
        self._fed = 0  # length of the text fed so far

    @property
    def earliest(self) -> int:
        """The lowest offset where a hit not yet found may start."""
        return self._tail_idx[0] if self._tail_idx else self._fed

    def feed(self, offset: int, piece: str) -> None:
        self._fed = offset + len(piece)
        q = self.q
        if not q:
            return
        norm, idx = normalize_with_map(piece, *self.flags)
        tail, tail_idx = self._tail, self._tail_idx
        buf, k = tail + norm, len(tail)

        def at(pos: int) -> int:  # offset in the text of the buffer's character at pos
            return tail_idx[pos] if pos < k else offset + idx[pos - k]

        end_piece = offset + len(piece)
        pos = buf.find(q, max(0, self._next - self._base))
        while pos >= 0:
            start = at(pos)
            end = at(pos + len(q) - 1) + 1
            while end < end_piece and piece[end - offset] in MARK_SET:
                end += 1
            self.ranges.append((start, end))
            self._next = self._base + pos + len(q)
            pos = buf.find(q, pos + len(q))
        cut = len(buf) - min(len(q) - 1, len(buf))
        self._base += cut
        self._tail = buf[cut:]
        self._tail_idx = [at(i) for i in range(cut, len(buf))]
