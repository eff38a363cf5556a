"""Offset maps: code points (what the store counts) <-> UTF-16 code units
(what Qt, JavaScript and therefore Label Studio count), and <-> the text a
Qt document shows, which drops the ``\\r`` of every ``\\r\\n``.

Every format and the editor convert through this module; nothing else does
offset arithmetic. Written by hand: no library maps offsets both ways and
in O(log n) for long documents. Texts without astral characters (the usual
Arabic news text) take a fast path where the maps are the identity.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_OR_CRLF = re.compile("[\U00010000-\U0010ffff]|\r(?=\n)")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class OffsetMap:
    """Maps positions between the stored text (code points) and a *view*.

    The view is the text encoded as UTF-16, optionally with every ``\\r``
    that precedes a ``\\n`` removed (``drop_cr=True``, what ``QTextDocument``
    shows). A code-point offset that falls on a removed ``\\r`` maps to the
    line break after it; a view offset in the middle of a surrogate pair
    maps to the start of that character.
    """

    __slots__ = ("text", "drop_cr", "_cp", "_view", "_identity", "view_length")

    def __init__(self, text: str, drop_cr: bool = False):
        self.text = text
        self.drop_cr = drop_cr
        # Breakpoints: after code point _cp[i] the view has advanced by an
        # extra _view[i] - _cp[i] units relative to the code points.
        # Only the characters that move the view are visited (a regular
        # expression finds them), not every character of a long document.
        cps: list[int] = []
        views: list[int] = []
        delta = 0
        if not text.isascii() or (drop_cr and "\r\n" in text):
            for m in (_ASTRAL_OR_CRLF if drop_cr else _ASTRAL).finditer(text):
                after = m.end()  # an astral character or the \r of a \r\n, one code point
                delta += 1 if m.group() != "\r" else -1
                cps.append(after)
                views.append(after + delta)
        self._cp = cps
        self._view = views
        self._identity = not cps
        self.view_length = len(text) + delta

    def to_view(self, cp: int) -> int:
        """Code-point offset -> view (UTF-16) offset."""
        if self._identity:
            return cp
        if cp < 0 or cp > len(self.text):
            raise IndexError(f"offset {cp} outside text of {len(self.text)} code points")
        i = bisect_right(self._cp, cp) - 1
        if i < 0:
            return cp
        base = self._view[i] + (cp - self._cp[i])
        return base

    def to_cp(self, view: int) -> int:
        """View (UTF-16) offset -> code-point offset (start of the character
        when ``view`` points inside a surrogate pair)."""
        if self._identity:
            return view
        if view < 0 or view > self.view_length:
            raise IndexError(f"offset {view} outside view of {self.view_length} units")
        i = bisect_right(self._view, view) - 1
        if i >= 0 and view == self._view[i] and self.text[self._cp[i] - 1] == "\r":
            # The view offset just before a line break stands for the code
            # point before its \r, never for the one between \r and \n.
            return self._cp[i] - 1
        base_cp, base_view = (self._cp[i], self._view[i]) if i >= 0 else (0, 0)
        cp = base_cp + (view - base_view)
        # Inside a surrogate pair the linear guess runs one past the
        # character; clamp to its start.
        if i + 1 < len(self._cp) and cp >= self._cp[i + 1]:
            cp = self._cp[i + 1] - 1
        return cp

    def span_to_view(self, start: int, end: int) -> tuple[int, int]:
        return self.to_view(start), self.to_view(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)

    def view_text(self) -> str:
        """The text as the view shows it (CRLF -> LF when ``drop_cr``); still a
        Python string, so index it with code points, not view offsets."""
        return self.text.replace("\r\n", "\n") if self.drop_cr else self.text


def cp_to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_view(cp)


def utf16_to_cp(text: str, unit: int) -> int:
    return OffsetMap(text).to_cp(unit)


def cp_to_byte(text: str, cp: int, encoding: str = "utf-8") -> int:
    return len(text[:cp].encode(encoding, "surrogatepass"))


def byte_to_cp(text: str, offset: int, encoding: str = "utf-8") -> int:
    return len(text.encode(encoding, "surrogatepass")[:offset].decode(encoding, "ignore"))
