"""Building the prompt a language model sees: the template (the user's
``--prompt`` file, the one stored in the project, or ``resources/llm_prompt.md``)
with its placeholders filled in

* ``{labels}``: the layer's labels, one a line, with their descriptions;
* ``{guidelines}``: the project's annotation guidelines, when it has some;
* ``{examples}``: K annotated passages from the project (gold or accepted
  spans), the ones most like the text by character-trigram overlap;
* ``{text}``: the document, or one chunk of it;
* ``{layer}`` and ``{format}``: the layer's name and the reply it expects.

Placeholders are replaced literally (not ``str.format``), so a template may
contain JSON braces. Long documents are cut at sentence boundaries into
chunks that fit the context size; the mentions of a chunk are placed in the
chunk, and their offsets moved by the chunk's start.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.arabic.search import normalize
from annotator.arabic.tokens import sentences
from annotator.errors import AnnotatorError
from annotator.model import UNIT_LAYERS

if TYPE_CHECKING:
    from annotator.model import Label
    from annotator.store import Project

PLACEHOLDERS = ("{labels}", "{guidelines}", "{examples}", "{text}", "{layer}", "{format}")
# A conservative guess for Arabic with today's tokenizers (3-4 characters a
# token for Llama 3 or Qwen, nearer 2 for older vocabularies).
CHARS_PER_TOKEN = 2.0
REPLY_TOKENS = 1024
MAX_POOL = 5000  # example passages read from a project
EXAMPLE_CHARS = 600  # an example passage is at most this long
LABEL_LAYERS = UNIT_LAYERS


def default_template() -> str:
    from annotator.resources import resource_path

    return resource_path("llm_prompt.md").read_text(encoding="utf-8")


def read_template(path: str | Path) -> str:
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnnotatorError(f"{p}: cannot read the prompt template ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise AnnotatorError(f"{p}: the prompt template is not UTF-8 (byte {exc.start})") from None
    if "{text}" not in text:
        raise AnnotatorError(
            f"{p}: the prompt template has no {{text}} placeholder, so the model would never see the document"
        )
    return text


def template_hash(template: str) -> str:
    """What ``attrs.prompt`` holds: which template proposed a suggestion."""
    return hashlib.sha256(template.encode("utf-8")).hexdigest()[:12]


def render(template: str, values: dict[str, str]) -> str:
    out = template
    for key in PLACEHOLDERS:
        name = key[1:-1]
        if name != "text":
            out = out.replace(key, values.get(name, ""))
    out = re.sub(r"\n{3,}", "\n\n", out)  # an empty placeholder leaves no hole
    # the text last, so that braces inside the document are never taken as placeholders
    return out.replace("{text}", values.get("text", ""))


def labels_block(labels: Iterable[Label]) -> str:
    lines = []
    for lab in labels:
        desc = f": {lab.description}" if lab.description else ""
        lines.append(f"- {lab.name}{desc}")
    return "\n".join(lines)


def guidelines_block(guidelines: str | None) -> str:
    g = (guidelines or "").strip()
    return f"Annotation guidelines:\n{g}" if g else ""


def format_block(layer: str, names: Sequence[str]) -> str:
    """How to answer, for the layer, with an Arabic example in its labels."""
    first = names[0] if names else "LABEL"
    if layer in LABEL_LAYERS:
        unit = "the whole document" if layer == "document" else "the sentence"
        return (
            f"Answer with JSON only: the labels that apply to {unit}, for example\n"
            f'{{"labels": [{json.dumps(first, ensure_ascii=False)}]}}\n'
            'or {"labels": []} when none applies.'
        )
    items = []
    for name in names:
        if name in _SAMPLES:
            items.append({"text": _SAMPLES[name][0], "label": name, **_SAMPLES[name][1]})
    if not items:
        items = [{"text": "<the mention, quoted exactly>", "label": first}]
    items = items[:3]
    items.append({**{k: v for k, v in items[0].items() if k != "attrs"}, "occurrence": 2})
    return (
        "Answer with JSON only, in this form (one item per mention):\n"
        + json.dumps({"spans": items}, ensure_ascii=False)
        + '\nWhen there is nothing to mark, answer {"spans": []}.'
    )


# Arabic mentions shown in the reply format for the default labels.
_SAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "PERSON": ("فايز السراج", {}),
    "GPE": ("طرابلس", {}),
    "ORG": ("حكومة الوفاق", {}),
    "LOC": ("الصحراء", {}),
    "NUMBER": ("43", {"attrs": {"value": 43, "kind": "cardinal"}}),
    "CLAIM": ("القوات الأمريكية شنت 4 غارات جوية", {"attrs": {"certainty": "reported"}}),
}


# ---------------------------------------------------------------- chunks
def chunks(text: str, budget: int) -> list[tuple[int, int]]:
    """``[(start, end)]`` covering the text's sentences, each chunk at most
    ``budget`` characters (a longer sentence is cut at a space)."""
    budget = max(budget, 50)
    if len(text) <= budget:
        return [(0, len(text))] if text.strip() else []
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in sentences(text):
        while e - s > budget:  # one sentence longer than a chunk
            cut = text.rfind(" ", s + budget // 2, s + budget)
            cut = cut if cut > s else s + budget
            if cur is not None:
                out.append(cur)
                cur = None
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if s >= e:
            continue
        if cur is None:
            cur = (s, e)
        elif e - cur[0] <= budget:
            cur = (cur[0], e)
        else:
            out.append(cur)
            cur = (s, e)
    if cur is not None:
        out.append(cur)
    return out


def text_budget(template: str, fixed: dict[str, str], context_tokens: int) -> int:
    """Characters of document text that fit beside the rest of the prompt."""
    overhead = len(render(template, {**fixed, "text": ""}))
    return int((context_tokens - REPLY_TOKENS) * CHARS_PER_TOKEN) - overhead


# -------------------------------------------------------------- examples
def trigrams(text: str) -> frozenset[str]:
    t = " ".join(normalize(text).split())
    return frozenset(t[i : i + 3] for i in range(max(0, len(t) - 2)))


@dataclass
class Example:
    doc_id: str
    text: str
    answer: dict[str, Any]
    grams: frozenset[str] = field(default_factory=frozenset)


@dataclass
class ExamplePool:
    examples: list[Example] = field(default_factory=list)

    def pick(self, text: str, k: int, exclude_doc: str | None = None) -> list[Example]:
        """The ``k`` examples sharing most character trigrams with ``text``
        (Jaccard), never from ``exclude_doc``."""
        if k <= 0 or not self.examples:
            return []
        grams = trigrams(text)
        n = len(grams)
        scored = []
        for i, ex in enumerate(self.examples):
            if ex.doc_id == exclude_doc:
                continue
            common = len(grams.intersection(ex.grams))
            union = n + len(ex.grams) - common
            scored.append((-(common / union if union else 0.0), i))
        return [self.examples[i] for _, i in heapq.nsmallest(k, scored)]

    @classmethod
    def from_project(cls, project: Project, layer: str, on: str = "accepted", limit: int = MAX_POOL) -> ExamplePool:
        """Passages of the project with their ``on`` spans of ``layer``:
        ``gold`` (the gold annotator's) or ``accepted`` (anyone's accepted
        spans but the suggestion engines')."""
        pool = cls()
        names = {lab.name for lab in project.scheme().labels_for(layer)}
        for doc_id, text, spans in reference_spans(project, layer, on):
            if len(pool.examples) >= limit:
                break
            for ex in passages(doc_id, text, spans, layer):
                if layer in LABEL_LAYERS or all(lab in names for _, _, lab in spans):
                    pool.examples.append(ex)
        return pool

    def block(self, text: str, k: int, exclude_doc: str | None = None) -> str:
        picked = self.pick(text, k, exclude_doc)
        if not picked:
            return ""
        parts = ["Examples from this project:"]
        for ex in picked:
            parts.append(f"Text:\n{ex.text}\nAnswer:\n{json.dumps(ex.answer, ensure_ascii=False)}")
        return "\n\n".join(parts)


def reference_spans(
    project: Project, layer: str, on: str, doc_ids: Sequence[str] | None = None, limit: int | None = None
) -> Iterator[tuple[str, str, list[tuple[int, int, str]]]]:
    """``(doc_id, text, [(start, end, label)])`` for documents with reference
    spans of ``layer``: the gold annotator's (``on="gold"``) or the accepted
    spans of people (``on="accepted"``, a span two annotators share once).
    ``doc_ids`` narrows the documents; ``limit`` stops after that many."""
    from annotator.model import GOLD

    if on not in ("gold", "accepted"):
        raise AnnotatorError(f"--on {on!r}: expected gold or accepted")
    ids = project.documents_with_spans(annotator=GOLD if on == "gold" else None, layer=layer)
    if doc_ids is not None:
        wanted = set(doc_ids)
        ids = [i for i in ids if i in wanted]
    if limit is not None:
        ids = ids[:limit]
    for doc in project.iter_documents(ids=ids, layer=layer, statuses=("accepted",)):
        spans = {(s.start, s.end, s.label) for s in doc.spans if (s.annotator == GOLD) == (on == "gold")}
        if spans:
            yield doc.id, doc.text, sorted(spans)


def passages(doc_id: str, text: str, spans: list[tuple[int, int, str]], layer: str) -> list[Example]:
    """Example passages of one document: each sentence holding a span
    (with the spans inside it), or for label layers the labelled unit."""
    out = []
    if layer == "document":
        labels = sorted({lab for _, _, lab in spans})
        snippet = text[:EXAMPLE_CHARS]
        return [Example(doc_id, snippet, {"labels": labels}, trigrams(snippet))]
    if layer == "sentence":
        for s, e, lab in spans:
            snippet = text[s:e][:EXAMPLE_CHARS]
            out.append(Example(doc_id, snippet, {"labels": [lab]}, trigrams(snippet)))
        return out
    for s, e in sentences(text):
        if e - s > EXAMPLE_CHARS:
            continue
        inside = [(a, b, lab) for a, b, lab in spans if s <= a and b <= e]
        if not inside:
            continue
        sent = text[s:e]
        answer = {"spans": [{"text": text[a:b], "label": lab} for a, b, lab in inside]}
        out.append(Example(doc_id, sent, answer, trigrams(sent)))
    return out
