"""The trained recommender: a CRF sequence tagger (sklearn-crfsuite) over
the Arabic engine's tokens, learnt from the project's accepted spans.

Tokens are ``annotator.arabic.tokens.tokenize(clitics=True)`` so that
``وليبيا`` is ``و`` + ``ليبيا``; a span edge inside a word splits it there.
Tags are IOB2 per sentence. Features of a token: its search key (tashkeel,
tatweel and hamza forms ignored) with and without the article, character
prefixes and suffixes (1-4), shape (digit, Latin, punctuation, length), the
proclitic it is or follows, the gazetteer tag (``B-GPE``...) of the names the
project already knows, and the same for its neighbours.

The gazetteer feature is computed for each training document from the
*other* folds' spans (jackknifing), so the model learns how far to trust a
known name instead of copying the training labels back.

Held-out evaluation: the documents are split by a hash of their id
(``holdout`` share, stable across runs); the model trained on the rest is
scored by exact span F1 on the held-out part, next to a majority baseline
(each token gets the tag it most often had in training, as in the CoNLL
shared tasks); the stored model is then refit on everything. The model lives
beside the project: ``<db>.models/<layer>.crfsuite`` and ``<layer>.json``
(scores, date, sizes, the gazetteer).

Why a CRF rather than spaCy: a blank spaCy ``ar`` NER pipeline trained on
the same tokens reaches about the same held-out F1 on the corpus (0.60-0.65
across seeds, the CRF 0.65) but trains several times slower and is not
deterministic; ``bench/bench_suggest.py`` measures both side by side. No
pretrained Arabic pipeline or vectors are installed to give spaCy an edge.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.arabic.clitics import ARTICLE, PROCLITIC_LETTERS
from annotator.arabic.tokens import sentences, tokenize
from annotator.errors import AnnotatorError
from annotator.extras import need
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.suggestions import Suggestion, Suggestions
from annotator.suggest.words import key

if TYPE_CHECKING:
    from annotator.store import Project

FOLDS = 3
FEATURE_VERSION = 1


@dataclass
class Example:
    """One document for training or scoring: its text and gold spans."""

    doc_id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


# ------------------------------------------------------------------ tokens
def _flat(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longest first where they collide (a CRF tags one
    span per token)."""
    out: list[tuple[int, int, str]] = []
    for s in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(s[1] <= o[0] or o[1] <= s[0] for o in out):
            out.append(s)
    return sorted(out)


def sentence_tokens(text: str, cuts: Iterable[int] = ()) -> list[list[tuple[int, int]]]:
    toks = tokenize(text, clitics=True, split_at=cuts)
    out: list[list[tuple[int, int]]] = []
    k = 0
    for s, e in sentences(text):
        sent = []
        while k < len(toks) and toks[k][0] < e:
            if toks[k][0] >= s:
                sent.append(toks[k])
            k += 1
        if sent:
            out.append(sent)
    return out


def tags_for(sent: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(sent)
    for start, end, label in spans:
        inside = [i for i, (s, e) in enumerate(sent) if s >= start and e <= end]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + label
    return tags


def decode(
    sent: list[tuple[int, int]], tags: Sequence[str], probs: Sequence[float] | None = None
) -> list[tuple[int, int, str, float]]:
    """IOB2 tags -> (start, end, label, confidence); an I- without its B-
    starts a span. Confidence: the lowest marginal of the span's tags."""
    out: list[tuple[int, int, str, float]] = []
    cur: list[Any] | None = None  # start, end, label, confidence of the open span
    for i, tag in enumerate(list(tags) + ["O"]):
        p = probs[i] if probs is not None and i < len(probs) else 1.0
        if cur is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != cur[2]):
            out.append(tuple(cur))
            cur = None
        if tag != "O":
            if cur is None:
                cur = [sent[i][0], sent[i][1], tag[2:], p]
            else:
                cur[1] = sent[i][1]
                cur[3] = min(cur[3], p)
    return out


# ---------------------------------------------------------------- features
def _gaz_tags(text: str, sent: list[tuple[int, int]], gaz: Gazetteer | None) -> list[str]:
    if gaz is None or not len(gaz):
        return ["O"] * len(sent)
    if not sent:
        return []
    lo, hi = sent[0][0], sent[-1][1]
    matches = [(lo + m.start, lo + m.end, m.label) for m in gaz.matches(text[lo:hi])]
    return tags_for(sent, matches)


def _shape(w: str) -> str:
    if not w:
        return "empty"
    if w.isdigit():
        return "digit"
    if w.isascii() and w.isalpha():
        return "latin"
    if not w[0].isalpha():
        return "punct"
    return "arabic"


def sentence_features(text: str, sent: list[tuple[int, int]], gaz: Gazetteer | None) -> list[dict[str, Any]]:
    words = [key(text[s:e]) for s, e in sent]
    gaz_tags = _gaz_tags(text, sent, gaz)
    # a one-letter proclitic split off the next token (no space between)
    clitic = [
        len(w) == 1 and w in PROCLITIC_LETTERS and i + 1 < len(sent) and sent[i + 1][0] == sent[i][1]
        for i, w in enumerate(words)
    ]
    feats = []
    for i, w in enumerate(words):
        bare = w[len(ARTICLE) :] if w.startswith(ARTICLE) and len(w) > 3 else w
        f = {
            "bias": 1.0,
            "w": w,
            "bare": bare,
            "shape": _shape(w),
            "len": min(len(bare), 8),
            "al": w.startswith(ARTICLE),
            "gaz": gaz_tags[i],
            "clitic": clitic[i],
            "after_clitic": i > 0 and clitic[i - 1],
        }
        for n in (1, 2, 3, 4):
            f[f"p{n}"] = bare[:n]
            f[f"s{n}"] = w[-n:]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(words):
                f[f"{off}:w"] = words[j]
                f[f"{off}:gaz"] = gaz_tags[j]
                f[f"{off}:s3"] = words[j][-3:]
                f[f"{off}:al"] = words[j].startswith(ARTICLE)
            else:
                f[f"{off}:w"] = "<s>" if j < 0 else "</s>"
        f["gaz|-1:w"] = f"{gaz_tags[i]}|{f['-1:w']}"
        feats.append(f)
    return feats


def _tagged(ex: Example) -> Iterator[tuple[list[tuple[int, int]], list[str]]]:
    """The example's sentences as tokens (cut at its span edges) with their tags."""
    spans = _flat(ex.spans)
    cuts = [p for s in spans for p in s[:2]]
    for sent in sentence_tokens(ex.text, cuts):
        yield sent, tags_for(sent, spans)


def _sequences(
    ex: Example, gaz: Gazetteer | None
) -> Iterator[tuple[list[tuple[int, int]], list[dict[str, Any]], list[str]]]:
    for sent, tags in _tagged(ex):
        yield sent, sentence_features(ex.text, sent, gaz), tags


def _fold(doc_id: str, k: int) -> int:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % k


def _gazetteer(examples: Iterable[Example]) -> Gazetteer:
    return Gazetteer.from_spans((ex.text[s:e], label) for ex in examples for s, e, label in ex.spans)


# ----------------------------------------------------------------- taggers
class Tagger:
    """A trained CRF plus the gazetteer its features use."""

    def __init__(self, crf: Any, gazetteer: Gazetteer, layer: str = "entity") -> None:
        self.crf = crf
        self.gazetteer = gazetteer
        self.layer = layer

    def predict(self, text: str) -> list[tuple[int, int, str, float]]:
        sents = sentence_tokens(text)
        if not sents:
            return []
        X = [sentence_features(text, sent, self.gazetteer) for sent in sents]
        out = []
        for sent, marg in zip(sents, self.crf.predict_marginals(X), strict=True):
            tags = [max(m, key=m.get) for m in marg]
            out += decode(sent, tags, [m[t] for m, t in zip(marg, tags, strict=True)])
        return out

    def propose(self, text: str) -> Suggestions:
        return Suggestions(
            spans=[Suggestion(s, e, label, self.layer, "model", confidence=p) for s, e, label, p in self.predict(text)]
        )


class MajorityTagger:
    """The baseline: each token gets the tag it most often had in training."""

    def __init__(self, examples: Sequence[Example]):
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for ex in examples:
            for sent, tags in _tagged(ex):
                for (s, e), tag in zip(sent, tags, strict=True):
                    counts[key(ex.text[s:e])][tag] += 1
        self.best = {w: c.most_common(1)[0][0] for w, c in counts.items()}

    def predict(self, text: str) -> list[tuple[int, int, str, float]]:
        out = []
        for sent in sentence_tokens(text):
            out += decode(sent, [self.best.get(key(text[s:e]), "O") for s, e in sent])
        return out


def fit(
    examples: Sequence[Example],
    layer: str = "entity",
    model_path: str | Path | None = None,
    c1: float = 0.05,
    c2: float = 0.05,
    max_iterations: int = 150,
) -> Tagger:
    """Train a CRF on ``examples`` (documents with their gold spans)."""
    sklearn_crfsuite = need("training the suggestion model", "sklearn_crfsuite")

    X, y = [], []
    folds = [[ex for ex in examples if _fold(ex.doc_id, FOLDS) == f] for f in range(FOLDS)]
    for f, part in enumerate(folds):
        others = _gazetteer(ex for g, p in enumerate(folds) if g != f for ex in p)
        for ex in part:
            for _sent, feats, tags in _sequences(ex, others):
                X.append(feats)
                y.append(tags)
    if not any(t != "O" for tags in y for t in tags):
        raise AnnotatorError(f"nothing to learn from: no accepted {layer} spans")
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=c1,
        c2=c2,
        max_iterations=max_iterations,
        all_possible_transitions=True,
        model_filename=str(model_path) if model_path else None,
    )
    crf.fit(X, y)
    return Tagger(crf, _gazetteer(examples), layer)


def score(
    predict: Callable[[str], Iterable[tuple[int, int, str, float]]], examples: Sequence[Example]
) -> dict[str, float]:
    """Exact span precision, recall and F1 (micro) of a ``predict(text)``."""
    tp = n_pred = n_gold = 0
    for ex in examples:
        gold = {(s, e, label) for s, e, label in _flat(ex.spans)}
        pred = {(s, e, label) for s, e, label, _p in predict(ex.text)}
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "gold": n_gold,
        "predicted": n_pred,
    }


def split(examples: Sequence[Example], holdout: float) -> tuple[list[Example], list[Example]]:
    """(train, held out) by a stable hash of the document id."""
    test = [ex for ex in examples if _fold(ex.doc_id, 1000) < holdout * 1000]
    train = [ex for ex in examples if _fold(ex.doc_id, 1000) >= holdout * 1000]
    return train, test


# --------------------------------------------------------------- projects
def project_examples(project: Project, layer: str = "entity") -> list[Example]:
    """Documents with at least one accepted span of ``layer``, with those spans."""
    out = []
    for doc in project.iter_documents(layer=layer, statuses=("accepted",)):
        if doc.spans:
            out.append(Example(doc.id, doc.text, [(s.start, s.end, s.label) for s in doc.spans]))
    return out


def model_dir_for(project: Project, model_dir: str | Path | None = None) -> Path:
    return Path(model_dir) if model_dir else project.path.with_name(project.path.name + ".models")


def train_project(
    project: Project,
    layer: str = "entity",
    holdout: float = 0.2,
    model_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train on the project's accepted spans, score on a held-out part, refit
    on everything and store the model beside the project. Returns the report
    (also written to ``<layer>.json``)."""
    say = progress or (lambda *_: None)
    need("training the suggestion model", "sklearn_crfsuite")
    examples = project_examples(project, layer)
    if not examples:
        raise AnnotatorError(f"{project.path}: no document has accepted {layer} spans to learn from")
    train, test = split(examples, holdout)
    report: dict[str, Any] = {
        "layer": layer,
        "documents": len(examples),
        "train_documents": len(train),
        "heldout_documents": len(test),
        "spans": sum(len(ex.spans) for ex in examples),
    }
    t0 = time.perf_counter()
    if train and test and any(ex.spans for ex in train):
        say("training on the train part")
        tagger = fit(train, layer)
        report["heldout"] = score(tagger.predict, test)
        report["baseline"] = score(MajorityTagger(train).predict, test)
        report["baseline_name"] = "majority tag per token"
    else:
        report["heldout"] = report["baseline"] = None
    report["evaluate_seconds"] = round(time.perf_counter() - t0, 3)
    folder = model_dir_for(project, model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{layer}.crfsuite"
    tmp = folder / f".{layer}.crfsuite.part"
    say("training on all documents")
    t1 = time.perf_counter()
    tagger = fit(examples, layer, model_path=tmp)
    report["train_seconds"] = round(time.perf_counter() - t1, 3)
    os.replace(tmp, final)
    report["trained_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["model"] = str(final)
    report["feature_version"] = FEATURE_VERSION
    meta = dict(report)
    meta["gazetteer"] = [[" ".join(k), dict(c)] for k, c in tagger.gazetteer.labels.items()]
    tmp_json = folder / f".{layer}.json.part"
    tmp_json.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp_json, folder / f"{layer}.json")
    return report


def load(folder: str | Path, layer: str = "entity") -> Tagger:
    sklearn_crfsuite = need("suggesting from the model", "sklearn_crfsuite")

    folder = Path(folder)
    path, meta_path = folder / f"{layer}.crfsuite", folder / f"{layer}.json"
    if not path.exists() or not meta_path.exists():
        raise AnnotatorError(f"{folder}: no trained {layer} model (run 'annotator train DB --layer {layer}')")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("feature_version") != FEATURE_VERSION:
        raise AnnotatorError(f"{path}: trained by another version of annotator; run 'annotator train' again")
    gaz = Gazetteer(layer)
    for surface, counts in meta.get("gazetteer", []):
        for label, n in counts.items():
            if n > 0:
                gaz.add(surface, label, n)
    return Tagger(sklearn_crfsuite.CRF(model_filename=str(path)), gaz, layer)


def load_for_project(project: Project, layer: str = "entity", model_dir: str | Path | None = None) -> Tagger:
    return load(model_dir_for(project, model_dir), layer)


def report_for_project(
    project: Project, layer: str = "entity", model_dir: str | Path | None = None
) -> dict[str, Any] | None:
    """The stored training report (held-out F1, date...), or None."""
    path = model_dir_for(project, model_dir) / f"{layer}.json"
    if not path.exists():
        return None
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    meta.pop("gazetteer", None)
    return meta
