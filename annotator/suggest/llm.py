"""The ``llm`` suggestion engine: mentions proposed by a language model the
user runs behind an OpenAI-compatible chat-completions endpoint.

For each document (cut into chunks at sentence boundaries when it is long)
and each asked layer, one request (:mod:`.llm_client`) carries the prompt
(:mod:`.llm_prompt`); the reply (:mod:`.llm_reply`) quotes mentions, which
are placed on exact offsets (:mod:`.llm_place`) and stored like every other
engine's suggestions (:func:`annotator.suggest.apply.store`: status
``suggested``, source and annotator ``llm``, never over a rejected place,
nothing twice), with ``attrs.model``, ``attrs.prompt`` (the template's hash)
and, when the server gave log-probabilities, ``attrs.confidence`` (the
geometric mean of the probabilities of the reply tokens quoting the mention
and its label).

Nothing talks to a network unless an endpoint is set, by ``--endpoint`` or
stored in the project (``annotator llm DB --endpoint URL``). Replies that
break the contract are counted in the :class:`Summary`, never raised.
Requests run ``concurrency`` at a time; each document's suggestions are
written in one short transaction as soon as its last reply is in (so a long
run commits as it goes, the write lock is never held while the server
thinks, and a re-run after an interruption adds only what is missing).
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from annotator.arabic.search import Finder
from annotator.errors import AnnotatorError
from annotator.model import CERTAINTIES, NUMBER_KINDS
from annotator.suggest import llm_prompt as P
from annotator.suggest.apply import store
from annotator.suggest.llm_client import ChatClient, Closing, Reply
from annotator.suggest.llm_place import place
from annotator.suggest.llm_reply import ParsedReply, labels_schema, parse_labels, parse_spans, span_schema
from annotator.suggest.suggestions import Suggestion, Suggestions

if TYPE_CHECKING:
    from annotator.store import Project

SOURCE = "llm"
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SETTING = "llm"
NO_ENDPOINT = (
    "no language-model endpoint is set: run 'annotator llm DB --endpoint URL --model NAME' "
    "(Ollama: http://localhost:11434/v1, llama.cpp server: http://localhost:8080/v1) "
    "or pass --endpoint"
)


@dataclass
class LLMSettings:
    """What the project remembers (``annotator llm``); the API key itself is
    never among them, only the name of the variable that holds it."""

    endpoint: str | None = None
    model: str | None = None
    api_key_env: str | None = None
    prompt: str | None = None  # the template's text, so it travels with the project
    examples: int = 3
    context: int = 8192  # tokens the model's context holds
    concurrency: int = 8
    timeout: float = 120.0
    retries: int = 3

    @classmethod
    def load(cls, project: Project) -> LLMSettings:
        raw = project.setting(SETTING) or {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known}) if isinstance(raw, dict) else cls()

    def save(self, project: Project, who: str = "system") -> None:
        if self.api_key_env and not _ENV_NAME.match(self.api_key_env):
            # the value is not echoed: it may be the key itself, pasted by mistake
            raise AnnotatorError(
                "--api-key-env takes the NAME of an environment variable (such as "
                "OPENAI_API_KEY), not the key; the key is never stored"
            )
        project.set_setting(SETTING, {k: v for k, v in asdict(self).items() if v is not None}, who=who)

    def with_(self, **changes: Any) -> LLMSettings:
        """A copy with the given values (None leaves a value as it was)."""
        data = asdict(self)
        data.update({k: v for k, v in changes.items() if v is not None})
        return LLMSettings(**data)

    def template(self) -> str:
        return self.prompt if self.prompt else P.default_template()

    def api_key(self) -> str | None:
        if not self.api_key_env:
            return None
        key = os.environ.get(self.api_key_env)
        if not key:
            raise AnnotatorError(f"the API key variable {self.api_key_env} is not set in the environment")
        return key

    def client(self, cancel: threading.Event | None = None) -> ChatClient:
        if not self.endpoint:
            raise AnnotatorError(NO_ENDPOINT)
        if not self.model:
            raise AnnotatorError(
                "no model name is set: pass --model NAME or run "
                "'annotator llm DB --model NAME' (e.g. qwen2.5:7b for Ollama)"
            )
        client = ChatClient(
            self.endpoint,
            self.model,
            api_key=self.api_key(),
            timeout=self.timeout,
            retries=self.retries,
            concurrency=self.concurrency,
        )
        if cancel is not None:
            client.cancel = cancel
        return client


@dataclass
class Summary:
    documents: int = 0
    requests: int = 0
    failed: int = 0  # requests without a usable answer after their retries
    not_json: int = 0  # answers without the contract's JSON
    bad_items: int = 0  # items without text or label
    unknown_label: int = 0  # items naming a label the layer does not have
    not_in_text: int = 0  # quotes the text does not contain
    proposed: int = 0  # places proposed (after those skipped above)
    added: int = 0  # suggestions stored (a place already taken or rejected is not)
    by_label: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["by_label"], d["errors"] = dict(self.by_label), dict(self.errors)
        return d

    def skipped(self) -> str:
        parts = [
            (self.not_json, "not JSON"),
            (self.unknown_label, "unknown label"),
            (self.not_in_text, "text not in the document"),
            (self.bad_items, "without text or label"),
        ]
        return ", ".join(f"{n} {what}" for n, what in parts)


@dataclass
class Job:
    doc_id: str
    layer: str
    start: int  # the chunk (or sentence) in the document
    end: int
    messages: list[dict[str, Any]]


class Engine(Closing):
    """Suggestions for documents, without writing anything (``suggest``
    stores them, ``evaluate`` scores them)."""

    def __init__(
        self,
        project: Project,
        settings: LLMSettings,
        layers: Sequence[str] = ("entity",),
        on: str = "accepted",
        cancel: threading.Event | None = None,
    ):
        self.settings = settings
        self.scheme = project.scheme()
        self.layers = list(dict.fromkeys(layers))
        for layer in self.layers:
            if not self.scheme.labels_for(layer):
                raise AnnotatorError(f"layer {layer!r} has no labels in the project's scheme")
        self.template = settings.template()
        self.prompt_hash = P.template_hash(self.template)
        self.guidelines = project_guidelines(project)
        self.pools = {
            layer: P.ExamplePool.from_project(project, layer, on) if settings.examples > 0 else P.ExamplePool()
            for layer in self.layers
        }
        self.fixed = {
            layer: {
                "labels": P.labels_block(self.scheme.labels_for(layer)),
                "guidelines": P.guidelines_block(self.guidelines),
                "layer": layer,
                "format": P.format_block(layer, [lab.name for lab in self.scheme.labels_for(layer)]),
            }
            for layer in self.layers
        }
        self._budget_cache: dict[str, int] = {}
        self.client = settings.client(cancel)

    def close(self) -> None:
        self.client.close()

    # ---------------------------------------------------------------- prompt
    def _budget(self, layer: str) -> int:
        if layer not in self._budget_cache:
            # room for the examples too: K passages of at most EXAMPLE_CHARS
            examples = self.settings.examples * (P.EXAMPLE_CHARS + 200) if self.pools[layer].examples else 0
            self._budget_cache[layer] = max(
                200, P.text_budget(self.template, self.fixed[layer], self.settings.context) - examples
            )
        return self._budget_cache[layer]

    def messages(self, layer: str, text: str, doc_id: str | None = None) -> list[dict[str, Any]]:
        examples = self.pools[layer].block(text, self.settings.examples, exclude_doc=doc_id)
        prompt = P.render(self.template, {**self.fixed[layer], "examples": examples, "text": text})
        return [{"role": "user", "content": prompt}]

    def jobs(self, doc_id: str, text: str, layers: Sequence[str] | None = None) -> list[Job]:
        out = []
        for layer in layers or self.layers:
            budget = self._budget(layer)
            if layer == "sentence":
                units = unit_ranges(text, "sentence")
            elif layer == "document":
                first = P.chunks(text, budget)
                units = [(0, len(text))] if len(text) <= budget else first[:1]
            else:
                units = P.chunks(text, budget)
            for s, e in units:
                out.append(Job(doc_id, layer, s, e, self.messages(layer, text[s:e], doc_id)))
        return out

    def ask(self, job: Job) -> Reply:
        if job.layer in P.LABEL_LAYERS:
            schema = labels_schema([lab.name for lab in self.scheme.labels_for(job.layer)])
        else:
            schema = span_schema()
        return self.client.chat(job.messages, schema)

    # ---------------------------------------------------------------- replies
    def interpret(self, job: Job, text: str, reply: Reply, summary: Summary) -> list[Suggestion]:
        summary.requests += 1
        if reply.error is not None or reply.content is None:
            summary.failed += 1
            summary.errors[reply.error or "no content"] += 1
            return []
        label_layer = job.layer in P.LABEL_LAYERS
        parsed: ParsedReply = parse_labels(reply.content) if label_layer else parse_spans(reply.content)
        if parsed.error is not None:
            summary.not_json += 1
            return []
        summary.bad_items += parsed.bad_items
        base = {"model": self.settings.model, "prompt": self.prompt_hash}
        out: list[Suggestion] = []
        if label_layer:
            start, end = unit_span(text, job.layer, job.start, job.end)
            for name in parsed.labels:
                label = self._label(job.layer, name)
                if label is None:
                    summary.unknown_label += 1
                    continue
                out.append(Suggestion(start, end, label, job.layer, SOURCE, attrs=dict(base)))
            return out
        chunk = Finder(text[job.start : job.end]) if parsed.spans else None
        probs = _token_offsets(reply)
        for item in parsed.spans:
            label = self._label(job.layer, item.label)
            if label is None:
                summary.unknown_label += 1
                continue
            assert chunk is not None  # made whenever there are spans
            ranges = place(chunk, item.text, item.occurrence)
            if not ranges:
                summary.not_in_text += 1
                continue
            confidence = _confidence(probs, item.where) if probs else None
            attrs = {**clean_attrs(job.layer, item.attrs), **base}
            for s, e in ranges:
                out.append(
                    Suggestion(
                        job.start + s, job.start + e, label, job.layer, SOURCE, confidence=confidence, attrs=dict(attrs)
                    )
                )
        return out

    def _label(self, layer: str, name: str) -> str | None:
        if self.scheme.get(layer, name) is not None:
            return name
        folded = [lab.name for lab in self.scheme.labels_for(layer) if lab.name.casefold() == name.casefold()]
        return folded[0] if len(folded) == 1 else None

    # ---------------------------------------------------------------- documents
    def propose(
        self,
        docs: Iterable[tuple[str, str]],
        summary: Summary,
        progress: Callable[[int, int], None] | None = None,
        layers: Sequence[str] | None = None,
    ) -> Iterator[tuple[str, list[Suggestion], float]]:
        """``(doc_id, suggestions, seconds)`` for each of ``docs`` = ``[(id,
        text)]``, as soon as its last reply is in: the places proposed
        (sorted, each place once per layer, no overlap within a layer: the
        earlier and longer suggestion wins, as in storing) and the time its
        requests took. ``layers``: only these of the engine's."""
        texts: dict[str, str] = {}
        found: dict[str, list[Suggestion]] = {}
        secs: dict[str, float] = {}
        left: dict[str, int] = {}
        ready: list[str] = []  # documents without any request (empty text)
        done = [0, 0]

        def all_jobs() -> Iterator[Job]:
            for doc_id, text in docs:
                jobs = self.jobs(doc_id, text, layers)
                texts[doc_id], found[doc_id], secs[doc_id], left[doc_id] = text, [], 0.0, len(jobs)
                summary.documents += 1
                done[1] += len(jobs)
                if not jobs:
                    ready.append(doc_id)
                yield from jobs

        def finish(doc_id: str) -> tuple[str, list[Suggestion], float]:
            kept = resolve(found.pop(doc_id))
            summary.proposed += len(kept)
            del texts[doc_id], left[doc_id]
            return doc_id, kept, secs.pop(doc_id)

        for job, reply in self.client.map(all_jobs(), self.ask):
            while ready:
                yield finish(ready.pop())
            found[job.doc_id] += self.interpret(job, texts[job.doc_id], reply, summary)
            secs[job.doc_id] += reply.seconds
            left[job.doc_id] -= 1
            done[0] += 1
            if progress is not None:
                progress(done[0], done[1])
            if left[job.doc_id] == 0:
                yield finish(job.doc_id)
        while ready:
            yield finish(ready.pop())


def resolve(sugs: Iterable[Suggestion]) -> list[Suggestion]:
    """One suggestion per place and layer, none overlapping another of its
    layer (what :func:`store` would keep on an empty document)."""
    kept: list[Suggestion] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for sug in sorted(sugs, key=lambda s: (s.layer, s.start, -(s.end - s.start))):
        spans = taken.setdefault(sug.layer, [])
        if any(s < sug.end and sug.start < e for s, e in spans):
            continue
        spans.append((sug.start, sug.end))
        kept.append(sug)
    return sorted(kept, key=lambda s: (s.start, -s.end, s.layer))


def clean_attrs(layer: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """The reply's attributes a span of ``layer`` may carry: a number's
    value and kind, a claim's claimant and certainty, other plain values."""
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if not isinstance(key, str) or key in ("model", "prompt", "confidence"):
            continue
        if layer == "number" and key == "value":
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                out[key] = value
        elif layer == "number" and key == "kind":
            if value in NUMBER_KINDS:
                out[key] = value
        elif layer == "claim" and key == "certainty":
            if value in CERTAINTIES:
                out[key] = value
        elif isinstance(value, (str, bool, int)) or (isinstance(value, float) and math.isfinite(value)):
            out[key] = value
    return out


def _token_offsets(reply: Reply) -> list[tuple[int, int, float]] | None:
    if not reply.logprobs or reply.content is None:
        return None
    out, pos = [], 0
    for tok, lp in reply.logprobs:
        out.append((pos, pos + len(tok), lp))
        pos += len(tok)
    return out if pos == len(reply.content) else None


def _confidence(probs: list[tuple[int, int, float]], where: tuple[int, int] | None) -> float | None:
    if where is None:
        return None
    lps = [lp for s, e, lp in probs if s < where[1] and where[0] < e]
    if not lps:
        return None
    return math.exp(sum(lps) / len(lps))


def unit_ranges(text: str, layer: str) -> list[tuple[int, int]]:
    from annotator.arabic.tokens import sentences

    return sentences(text) if layer == "sentence" else ([(0, len(text))] if text else [])


def unit_span(text: str, layer: str, start: int, end: int) -> tuple[int, int]:
    """The range a document or sentence label is stored over."""
    return (0, len(text)) if layer == "document" else (start, end)


def project_guidelines(project: Project) -> str:
    """The project's annotation guidelines (Markdown, ``annotator guidelines
    DB FILE``), or ``""`` where there are none (or the team module cannot
    be imported)."""
    try:
        from annotator.store.team import guidelines
    except ImportError:
        return ""
    return guidelines(project) or ""


# ------------------------------------------------------------------ running
def suggest(
    project: Project,
    settings: LLMSettings,
    doc_ids: Sequence[str] | None = None,
    layers: Sequence[str] = ("entity",),
    limit: int | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Ask the model about ``doc_ids`` (default: every document, or the first
    ``limit``) and store what it proposes; returns the run's counts."""
    summary = Summary()
    t0 = time.perf_counter()
    ids = list(doc_ids) if doc_ids is not None else project.document_ids(limit=limit)
    if limit is not None:
        ids = ids[:limit]
    with Engine(project, settings, layers, cancel=cancel) as engine:
        docs = ((doc_id, project.document_text(doc_id)) for doc_id in ids)
        for doc_id, sugs, _secs in engine.propose(docs, summary, progress):
            if not sugs:
                continue
            # one short transaction per document, written while later requests are
            # in flight: the write lock is never held while waiting for the server
            with project.transaction():
                had = {sp.id for sp in project.spans(doc_id, statuses=None)}
                added, _rels = store(project, doc_id, Suggestions(spans=sugs))
            summary.added += added
            summary.by_label.update(sug.label for sug in sugs if sug.span_id is not None and sug.span_id not in had)
    summary.seconds = time.perf_counter() - t0
    return summary
