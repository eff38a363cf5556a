"""Deterministic splits: a document's split depends only on the seed and
its own id (a hash), so the same seed gives the same split on any machine
and adding documents never moves old ones between splits."""

from __future__ import annotations

import hashlib
import math

from annotator.errors import AnnotatorError
from annotator.formats.paths import safe_filename


def parse_split(spec: str) -> dict[str, float]:
    """``train=0.8,dev=0.1,test=0.1`` -> ordered ratios summing to 1. Each
    name is made safe as a file name (:func:`~annotator.formats.paths.safe_filename`)."""
    parts: dict[str, float] = {}
    for item in spec.split(","):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise AnnotatorError(f"--split: expected name=ratio pairs like train=0.8,dev=0.1,test=0.1, got {item!r}")
        try:
            ratio = float(value)
        except ValueError:
            raise AnnotatorError(f"--split: {value!r} is not a number") from None
        if not math.isfinite(ratio):
            raise AnnotatorError(f"--split: ratio of {name!r} is {value.strip()!r}, not a fraction")
        if ratio < 0:
            raise AnnotatorError(f"--split: ratio of {name!r} is negative")
        # a split's name becomes a file name: through the helper document ids go through, so
        # '../x', '/abs/x' or 'con' cannot leave the export folder or name a device
        name = safe_filename(name)
        if name in parts:
            raise AnnotatorError(f"--split: {name!r} appears twice")
        parts[name] = ratio
    total = sum(parts.values())
    if total <= 0:
        raise AnnotatorError("--split: the ratios add up to zero")
    if abs(total - 1.0) > 1e-6:
        raise AnnotatorError(f"--split: the ratios add up to {total:g}, not 1")
    return parts


def split_of(doc_id: str, ratios: dict[str, float], seed: int = 0) -> str:
    digest = hashlib.sha256(f"{seed}\x00{doc_id}".encode("utf-8", "surrogatepass")).digest()
    x = int.from_bytes(digest[:8], "big") / 2**64
    acc = 0.0
    names = list(ratios)
    for name in names:
        acc += ratios[name]
        if x < acc:
            return name
    return names[-1]


def assign_splits(doc_ids: list[str], ratios: dict[str, float], seed: int = 0) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name in ratios}
    for doc_id in doc_ids:
        out[split_of(doc_id, ratios, seed)].append(doc_id)
    return out
