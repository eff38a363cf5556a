"""Tokens of a text as the suggestion engines see them: each with its
code-point range, its surface and a *key* that ignores what Arabic readers
ignore (tashkeel, tatweel, hamza forms, ta marbuta/ha, alef maqsura/ya).

Tokenizing, proclitic splitting and the folding come from
:mod:`annotator.arabic`; this module binds them into the token view the
engines share, and lists the proclitic prefixes a known name may carry in
running text.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.arabic.clitics import PROCLITICS as PROCLITICS
from annotator.arabic.search import normalize
from annotator.arabic.tokens import tokenize

# PROCLITICS: what may be glued in front of a known name (a conjunction, then
# a preposition), from annotator.arabic.clitics.
QUOTES_OPEN = "\"«“„'‘"
QUOTES_CLOSE = "\"»”'’"


def key(word: str) -> str:
    """The comparison form of a word: no marks or tatweel, hamza forms,
    ta marbuta and alef maqsura folded (what the search module ignores)."""
    return normalize(word)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str

    @property
    def is_word(self) -> bool:
        return self.key[:1].isalpha()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into the whole text."""
    end = len(text) if end is None else end
    part = text[start:end]
    return [Token(start + s, start + e, part[s:e], key(part[s:e])) for s, e in tokenize(part)]
