"""The tokenization rule in its plain per-document form: the oracle that
the production tokenizer (:class:`annotator.arabic.tokens.TokenTable`,
one chunk at a time, and the batch tokenizer built on its chunk entries)
is tested against. Not used by the application."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.arabic.clitics import split_proclitics
from annotator.arabic.tokens import _TOKEN, _split


def clitic_tokens(text: str, split_at: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Every token of ``text``, each word match with its proclitics split
    off, then cut at every position of ``split_at`` strictly inside a token."""
    tokens: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "w":
            tokens.extend(split_proclitics(text, m.start(), m.end()))
        else:
            tokens.append(m.span())
    return _split(tokens, split_at) if split_at else tokens
