"""Gazetteer suggestions: every string already labelled in the project is
proposed wherever it recurs, in this document and in others, with the
label most often given to it.

Strings are compared word by word on the search key (tashkeel, tatweel and
hamza forms ignored, ta marbuta/ha and alef maqsura/ya folded), so a name
labelled once as ``ليبيا`` is found as ``لِيبْيا`` too. A recurrence may carry
the proclitics ``و ف ب ل ك`` (and pairs such as ``وب``, ``ول``) glued in
front; the proposed span then starts after them (``وليبيا`` -> ``ليبيا``),
while the article ``ال`` is part of the name and inside it, as everywhere in
the project (``docs/CONTEXT.md``). After ``ل`` the article's alef is not
written (``للأمم`` = ``ل`` + ``الأمم``): a name labelled ``الأمم المتحدة`` is
found there too, the span starting after the preposition (``لأمم المتحدة``,
the article's lam inside), the cut the token formats make. A match must
cover whole words, so ``ليبيا`` is never found inside ``الليبية``.

The confidence of a suggestion is the share of its label among the labels the
string was given. Placement rules (rejected places, no duplicates) are in
:mod:`annotator.suggest.apply`.

Written by hand: a dictionary of word-key tuples, looked up at each token;
no library matches on Arabic keys with offsets back into the original text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.arabic.clitics import stem_start
from annotator.suggest.suggestions import Suggestion, Suggestions
from annotator.suggest.words import PROCLITICS, Token, tokens

if TYPE_CHECKING:
    from annotator.store import Project

MIN_LETTERS = 2


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    label: str
    confidence: float


def entry_key(surface: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokens(surface) if t.key)


class Gazetteer:
    def __init__(self, layer: str = "entity"):
        self.layer = layer
        self.labels: dict[tuple[str, ...], Counter[str]] = {}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}

    @classmethod
    def from_spans(cls, pairs: Iterable[tuple[str, str]], layer: str = "entity") -> Gazetteer:
        """From ``(surface, label)`` pairs."""
        gaz = cls(layer)
        for surface, label in pairs:
            gaz.add(surface, label)
        return gaz

    @classmethod
    def from_project(cls, project: Project, layer: str = "entity", doc_ids: Sequence[str] | None = None) -> Gazetteer:
        """From the accepted spans of ``layer`` (optionally of some documents only)."""
        rows = project.span_surfaces(layer=layer, statuses=("accepted",), doc_ids=doc_ids)
        return cls.from_spans(((surface, label) for _doc, _layer, label, surface in rows), layer)

    def add(self, surface: str, label: str, n: int = 1) -> None:
        """Count ``surface`` as ``label`` ``n`` times."""
        k = entry_key(surface)
        if not k or sum(len(w) for w in k) < MIN_LETTERS:
            return
        if k not in self.labels:
            self.labels[k] = Counter()
            bucket = self._by_first.setdefault(k[0], [])
            bucket.append(k)
            bucket.sort(key=len, reverse=True)
        self.labels[k][label] += n

    def __len__(self) -> int:
        return len(self.labels)

    def lookup(self, surface: str) -> tuple[str, float] | None:
        """The label most often given to ``surface`` and its share."""
        counts = self.labels.get(entry_key(surface))
        if not counts:
            return None
        return self._best(counts)

    @staticmethod
    def _best(counts: Counter[str]) -> tuple[str, float]:
        label, n = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return label, n / sum(counts.values())

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping recurrences in ``text``, longest first, left to right."""
        toks = tokens(text)
        keys = [t.key for t in toks]
        out: list[Match] = []
        i = 0
        while i < len(toks):
            found = self._match_at(text, toks, keys, i)
            if found is None:
                i += 1
                continue
            match, n = found
            out.append(match)
            i += n
        return out

    def _match_at(self, text: str, toks: list[Token], keys: list[str], i: int) -> tuple[Match, int] | None:
        first = keys[i]
        options: list[tuple[str, int]] = [(first, 0)]
        for p in PROCLITICS:
            if first.startswith(p) and len(first) - len(p) >= MIN_LETTERS:
                options.append((first[len(p) :], len(p)))
                if p.endswith("ل") and first[len(p) :].startswith("ل"):
                    options.append(("ا" + first[len(p) :], len(p)))  # للأمم: ل + الأمم
        best: tuple[Match, int] | None = None
        for stem, prefix in options:
            for entry in self._by_first.get(stem, ()):
                n = len(entry)
                if tuple(keys[i + 1 : i + n]) == entry[1:]:
                    if best is None or n > best[1]:
                        start = stem_start(text, toks[i].start, toks[i].end, prefix)
                        label, share = self._best(self.labels[entry])
                        best = (Match(start, toks[i + n - 1].end, label, share), n)
                    break  # entries are sorted longest first
        return best

    def propose(self, text: str) -> Suggestions:
        return Suggestions(
            spans=[
                Suggestion(m.start, m.end, m.label, self.layer, "gazetteer", confidence=m.confidence)
                for m in self.matches(text)
            ]
        )
