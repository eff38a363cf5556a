"""Offsets counted in extended grapheme clusters, as doccano counts them
when its project option "count grapheme clusters as one character" is on
(its JavaScript uses ``Intl.Segmenter``, which segments by the Unicode
extended grapheme cluster rules of UAX #29).

The clusters come from the ``regex`` module's ``\\X``, which implements
those rules; nothing here segments by hand. A letter with its tashkeel
(``مُ``), a lam-alef, an emoji with its modifiers and ``\\r\\n`` are one
cluster each.
"""

from __future__ import annotations

from bisect import bisect_left

import regex

_CLUSTER = regex.compile(r"\X")


class GraphemeMap:
    """Code points <-> grapheme-cluster indices of one text."""

    __slots__ = ("bounds", "view_length", "_index")

    def __init__(self, text: str):
        bounds = [0]
        bounds.extend(m.end() for m in _CLUSTER.finditer(text))
        self.bounds = bounds  # bounds[k]: code point where cluster k starts (the last: len(text))
        self.view_length = len(bounds) - 1
        self._index = {cp: k for k, cp in enumerate(bounds)}

    def to_cp(self, k: int) -> int:
        """The code point where cluster ``k`` starts (``0 <= k <= view_length``)."""
        return self.bounds[k]

    def to_view(self, cp: int) -> int | None:
        """The cluster index at code point ``cp``, or None when ``cp`` is
        inside a cluster (between a letter and its tashkeel, say)."""
        return self._index.get(cp)

    def cluster_at(self, cp: int) -> tuple[int, int]:
        """The code-point range of the cluster holding ``cp``."""
        k = bisect_left(self.bounds, cp + 1) - 1
        return self.bounds[k], self.bounds[k + 1]

    def splits(self, cp: int) -> bool:
        return cp not in self._index


def is_boundary(text: str, p: int) -> bool:
    """Whether a cluster starts (or the text ends) at ``p``, without
    segmenting the whole text: ``\\X`` is run from the last white space
    before ``p`` (white space never joins the cluster before it, except the
    ``\n`` of ``\r\n``, stepped over), which is where a cluster starts."""
    if p <= 0 or p >= len(text):
        return True
    k = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p), text.rfind("\t", 0, p))
    if k > 0 and text[k] == "\n" and text[k - 1] == "\r":
        k -= 1
    pos = max(k, 0)
    for m in _CLUSTER.finditer(text, pos):
        if m.end() >= p:
            return m.end() == p
    return True
