"""The llm suggestion engine: its own cost, and how well it keeps
a server busy.

* overhead per document on the seed article: building the prompt (labels,
  examples chosen by trigram overlap from an annotated project, chunks),
  reading a reply of 16 quoted mentions and placing them on exact offsets;
  timed without the network, beside the bare HTTP round trip of one such
  request to a local server that answers at once (the part that is not the
  engine's);
* documents per second against a fixture server that answers every
  request after a fixed 200 ms, with 8 requests in flight, beside the ideal
  ``concurrency / latency`` = 40 documents/s: proposing only (what
  ``--evaluate`` does), and ``suggest --source llm`` storing its 34
  suggestions a document as a user runs it (that adds the store's own cost
  per span, on the same core as the engine).

The server is the tests' (``tests/llm_server.py``): a real HTTP server on
127.0.0.1.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "libya-airstrikes.txt"
CORPUS = ROOT / "tests" / "data" / "suggest_corpus.jsonl"

MENTIONS = [
    ("ليبيا", "GPE"),
    ("داعش", "ORG"),
    ("فايز السراج", "PERSON"),
    ("تركيا", "GPE"),
    ("واشنطن", "GPE"),
    ("سرت", "GPE"),
    ("حكومة الوفاق الليبية", "ORG"),
    ("أفريكوم", "ORG"),
    ("الولايات المتحدة", "GPE"),
    ("مسؤول عسكري أمريكي", "PERSON"),
    ("الصحراء", "LOC"),
    ("Armytimes", "ORG"),
    ("الحكومة الليبية", "ORG"),
    ("المسؤول الأمريكي", "PERSON"),
    ("القاهرة", "GPE"),
    ("لبيبا", "GPE"),
]


def _reply() -> str:
    return json.dumps({"spans": [{"text": t, "label": lab} for t, lab in MENTIONS]}, ensure_ascii=False)


def _project(path: Path, copies: int):
    from annotator.model import Document, Span
    from annotator.store import Project

    text = SEED.read_text(encoding="utf-8")
    project = Project.create(path)
    with project.transaction():
        for line in CORPUS.read_text(encoding="utf-8").splitlines():  # examples for the prompt
            d = json.loads(line)
            spans = [
                Span(start=s["start"], end=s["end"], label=s["label"], layer=s["layer"], annotator="amira")
                for s in d["spans"]
                if s["layer"] == "entity"
            ]
            project.add_document(Document(id=d["id"], text=d["text"], spans=spans))
        for i in range(copies):
            project.add_document(Document(id=f"seed-{i}", text=text + f"\n({i})"))
    return project


def run(quick: bool) -> list[dict]:
    import httpx

    from annotator.suggest.llm import Engine, LLMSettings, Summary, suggest
    from annotator.suggest.llm_client import Reply
    from tests.llm_server import ChatServer

    rows: list[dict] = []
    reps = 20 if quick else 200
    docs = 16 if quick else 80
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp) / "b.db", docs)
        text = project.document_text("seed-0")
        with ChatServer([{"match": "", "content": _reply()}]) as server:
            settings = LLMSettings(endpoint=server.url, model="bench", examples=3)
            with Engine(project, settings, ["entity"]) as engine:
                reply = Reply(content=_reply())
                placed = 0
                times = []
                for _ in range(reps):
                    t0 = time.perf_counter()
                    summary = Summary()
                    for job in engine.jobs("seed-0", text):
                        placed = len(engine.interpret(job, text, reply, summary))
                    times.append((time.perf_counter() - t0) * 1000)
                jobs = engine.jobs("seed-0", text)
                body = json.dumps(engine.client.body(jobs[0].messages, None), ensure_ascii=False).encode()
                with httpx.Client(trust_env=False) as http:
                    http.post(engine.client.url, content=body)
                    rtt = []
                    for _ in range(reps):
                        t0 = time.perf_counter()
                        http.post(engine.client.url, content=body, headers={"Content-Type": "application/json"})
                        rtt.append((time.perf_counter() - t0) * 1000)
                whole = []
                for _ in range(max(5, reps // 4)):
                    t0 = time.perf_counter()
                    list(engine.propose([("seed-0", text)], Summary()))
                    whole.append((time.perf_counter() - t0) * 1000)
        name = f"seed, {len(text)} chars, {len(jobs)} request, 3 examples, {placed} places"
        rows.append(
            {
                "area": "llm",
                "measure": f"engine overhead per document: prompt + reply + placing ({name})",
                "ours": statistics.median(times),
                "baseline": statistics.median(rtt),
                "baseline_name": "bare HTTP round trip of the same request to an instant local server",
                "unit": "ms",
                "goal": "< 20 ms",
            }
        )
        rows.append(
            {
                "area": "llm",
                "measure": "one document end to end against the instant local server (engine + HTTP)",
                "ours": statistics.median(whole),
                "unit": "ms",
            }
        )

        latency, concurrency = 0.2, 8
        ideal = concurrency / latency
        ids = [f"seed-{i}" for i in range(docs)]
        with ChatServer([{"match": "", "content": _reply()}], delay=latency) as server:
            settings = LLMSettings(endpoint=server.url, model="bench", examples=3, concurrency=concurrency)
            with Engine(project, settings, ["entity"]) as engine:
                texts = [(i, project.document_text(i)) for i in ids]
                t0 = time.perf_counter()
                list(engine.propose(texts, Summary()))
                bare = docs / (time.perf_counter() - t0)
            busy_bare = server.max_inflight
            server.max_inflight = 0
            t0 = time.perf_counter()
            summary = suggest(project, settings, doc_ids=ids)
            stored = docs / (time.perf_counter() - t0)
            busy = server.max_inflight
        project.close()
        rows.append(
            {
                "area": "llm",
                "measure": f"documents/s proposed, nothing stored (as --evaluate), {docs} seed "
                f"documents, server latency 200 ms, {busy_bare} requests in flight at most",
                "ours": bare,
                "baseline": ideal,
                "baseline_name": "ideal: concurrency 8 / latency 0.2 s",
                "unit": "docs/s",
            }
        )
        rows.append(
            {
                "area": "llm",
                "measure": "the same as a share of the ideal",
                "ours": bare / ideal,
                "baseline": 1.0,
                "baseline_name": "ideal",
                "goal": ">= 0.8",
            }
        )
        rows.append(
            {
                "area": "llm",
                "measure": f"documents/s for suggest --source llm, {docs} seed documents, "
                f"{summary.added} suggestions stored, {busy} requests in flight at most",
                "ours": stored,
                "baseline": ideal,
                "baseline_name": "ideal: concurrency 8 / latency 0.2 s",
                "unit": "docs/s",
            }
        )
    return rows
