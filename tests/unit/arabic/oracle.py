"""The tokenization rule in its plain per-document form: the oracle that
the production tokenizer (:class:`annotator.arabic.tokens.TokenTable`,
one chunk at a time, and the batch tokenizer built on its chunk entries)
is tested against, and the number finder's tokens likewise. Not used by the
application."""

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


def number_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """The number finder's tokens in their plain per-text form: the token
    regex over the whole letter-folded text, each word's marks and tatweel
    then left out of its lookup form (what :func:`annotator.arabic.numbers._tokens`
    computes a chunk at a time)."""
    from annotator.arabic.charsets import LETTER_FOLD, UNSEEN_SET

    delete = {ord(c): None for c in UNSEEN_SET}
    return [
        (m.start(), m.end(), m.lastgroup or "p", m.group().translate(delete) if m.lastgroup == "w" else m.group())
        for m in _TOKEN.finditer(text.translate(LETTER_FOLD))
    ]
