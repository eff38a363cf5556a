"""The llm engine end to end: the real command line and client against a
real chat-completions server on 127.0.0.1 answering from canned replies,
malformed ones included."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest

from tests.llm_server import ChatServer, refused_url

# id, text, the rule's reply. Each text is unique, so the server picks its
# rule by a marker in it.
DOCS = [
    (
        "valid",
        "زار فايز السراج طرابلس أمس.",
        {"content": {"spans": [{"text": "فايز السراج", "label": "PERSON"}, {"text": "طرابلس", "label": "GPE"}]}},
    ),
    (
        "fence",
        "وصل الوفد إلى بنغازي صباحا.",
        {"content": '```json\n{"spans": [{"text": "بنغازي", "label": "GPE"}]}\n```'},
    ),
    (
        "prose",
        "أعلنت حكومة الوفاق خطة جديدة.",
        {
            "content": 'Here are the entities I found:\n{"spans": [{"text": "حكومة الوفاق", "label": "ORG"}]}\n'
            "I hope this helps!"
        },
    ),
    ("unknown", "قال المتحدث باسم الجيش كلاما.", {"content": {"spans": [{"text": "الجيش", "label": "ARMY"}]}}),
    ("absent", "انعقد الاجتماع في سرت.", {"content": {"spans": [{"text": "القاهرة", "label": "GPE"}]}}),
    (
        "tatweel",
        "وصلت القُوّات إلى الجـــزائر مساءً.",
        {"content": {"spans": [{"text": "الجزائر", "label": "GPE"}, {"text": "القوات", "label": "ORG"}]}},
    ),
    ("marks", "عاد الوفد من مصر", {"content": {"spans": [{"text": "مِصْرَ", "label": "GPE"}]}}),
    ("emoji", "😀👨\u200d👩\u200d👧 تونس مدينة جميلة", {"content": {"spans": [{"text": "تونس", "label": "GPE"}]}}),
    ("notjson", "هذا نص لا يفهمه النموذج", {"content": "I am sorry, I cannot help with that."}),
    ("flaky", "اجتمع الوزراء في الرباط", {"content": {"spans": [{"text": "الرباط", "label": "GPE"}]}}),
    ("busy", "سافر الرئيس إلى عمان", {"content": {"spans": [{"text": "عمان", "label": "GPE"}]}}),
    ("slow", "نص بطيء جدا عن دمشق", {"content": {"spans": [{"text": "دمشق", "label": "GPE"}]}}),
]


def _rules() -> list[dict]:
    rules = [
        {"match": "الرباط", "status": 500, "times": 1},
        {"match": "عمان", "status": 429, "times": 1, "headers": {"Retry-After": "1"}},
        {"match": "بطيء", "delay": 3.0},
    ]
    for _id, text, reply in DOCS:
        rules.append({"match": text, **reply})
    return rules


def _jsonl(path: Path, docs) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, text, *_ in docs:
            fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture
def llm_db(tmp_path, cli):
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    assert cli("import", db, _jsonl(tmp_path / "docs.jsonl", DOCS)).code == 0
    return db


def _ask(cli, db, url, *options, model="m"):
    """``annotator suggest DB --source llm`` against the server at ``url``."""
    return cli("suggest", db, "--source", "llm", "--endpoint", url, "--model", model, *options)


def _llm_spans(db) -> dict[str, list[tuple[int, int, str, str, str]]]:
    from annotator.store import Project

    out: dict[str, list] = {}
    with Project.open(db, readonly=True) as p:
        for doc_id in p.document_ids():
            text = p.document_text(doc_id)
            out[doc_id] = [
                (s.start, s.end, s.label, text[s.start : s.end], s.status)
                for s in p.spans(doc_id, statuses=None)
                if s.source == "llm"
            ]
    return out


def test_canned_replies_are_placed_exactly_and_counted(llm_db, cli):
    with ChatServer(_rules()) as server:
        r = _ask(cli, llm_db, server.url, "--timeout", "1", "--retries", "1", "--json", model="test-model")
    assert r.code == 0, r.err
    summary = json.loads(r.out)
    assert summary["documents"] == len(DOCS)
    assert summary["requests"] == len(DOCS)
    assert summary["failed"] == 1  # the reply that never came in time
    assert summary["not_json"] == 1
    assert summary["unknown_label"] == 1
    assert summary["not_in_text"] == 1
    assert summary["added"] == 10
    assert any("no answer within 1 s" in e for e in summary["errors"])

    spans = _llm_spans(llm_db)
    t = dict((d, text) for d, text, _ in DOCS)
    assert spans["valid"] == [(4, 15, "PERSON", "فايز السراج", "suggested"), (16, 22, "GPE", "طرابلس", "suggested")]
    assert spans["fence"] == [(14, 20, "GPE", "بنغازي", "suggested")]
    assert spans["prose"] == [(6, 18, "ORG", "حكومة الوفاق", "suggested")]
    assert spans["unknown"] == [] and spans["absent"] == [] and spans["notjson"] == [] and spans["slow"] == []
    # the document's tashkeel and tatweel stay inside the span, the quote had none
    s = t["tatweel"]
    assert spans["tatweel"] == [
        (5, 13, "ORG", "القُوّات", "suggested"),
        (s.index("الجـــزائر"), s.index("الجـــزائر") + 10, "GPE", "الجـــزائر", "suggested"),
    ]
    # the quote's tashkeel is not in the document: found all the same, on the document's letters
    assert spans["marks"] == [(13, 16, "GPE", "مصر", "suggested")]
    # offsets count code points: one for 😀, five for the family (three people, two joiners), a space
    assert spans["emoji"] == [(7, 11, "GPE", "تونس", "suggested")]
    assert t["emoji"][7:11] == "تونس"
    # a 500 and a 429 are retried, and then answered
    assert spans["flaky"] == [(17, 23, "GPE", "الرباط", "suggested")]
    assert spans["busy"] == [(16, 20, "GPE", "عمان", "suggested")]


def test_429_retry_after_is_honoured_and_500_retried(llm_db, cli):
    with ChatServer(_rules()) as server:
        r = _ask(cli, llm_db, server.url, "--doc", "busy", "--doc", "flaky", "--retries", "2")
        assert r.code == 0, r.err
        busy = [q["time"] for q in server.requests if "عمان" in q["body"]["messages"][-1]["content"]]
        flaky = [q for q in server.requests if "الرباط" in q["body"]["messages"][-1]["content"]]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.95  # Retry-After: 1
    assert len(flaky) == 2
    assert "added 2 suggestions" in r.out


def test_rerun_adds_nothing_and_a_rejected_place_is_never_proposed_again(llm_db, cli):
    from annotator.store import Project

    rules = [{"match": text, **reply} for _id, text, reply in DOCS if _id in ("valid", "tatweel")]
    with ChatServer(rules) as server:
        options = ("--doc", "valid", "--doc", "tatweel", "--json")
        first = json.loads(_ask(cli, llm_db, server.url, *options).out)
        assert first["added"] == 4
        with Project.open(llm_db) as p:
            span = next(s for s in p.spans("valid") if s.label == "GPE")
            p.update_span("valid", span.id, who="amira", status="rejected")
        again = json.loads(_ask(cli, llm_db, server.url, *options).out)
    assert again["added"] == 0 and again["proposed"] == 4
    spans = _llm_spans(llm_db)
    assert [s[4] for s in spans["valid"]] == ["suggested", "rejected"]
    assert len(spans["tatweel"]) == 2


def test_stored_attrs_name_model_prompt_and_confidence(llm_db, cli):
    from annotator.store import Project
    from annotator.suggest.llm_prompt import default_template, template_hash

    rules = [
        {
            "match": "فايز",
            "logprobs": True,
            "logprob": -0.2,
            "content": {"spans": [{"text": "فايز السراج", "label": "PERSON"}]},
        }
    ]
    with ChatServer(rules) as server:
        assert _ask(cli, llm_db, server.url, "--doc", "valid", model="qwen-test").code == 0
        body = server.requests[0]["body"]
    assert body["model"] == "qwen-test"
    assert body["response_format"]["type"] == "json_schema"
    assert body["logprobs"] is True
    with Project.open(llm_db, readonly=True) as p:
        (span,) = p.spans("valid")
    assert (span.status, span.source, span.annotator) == ("suggested", "llm", "llm")
    assert span.attrs["model"] == "qwen-test"
    assert span.attrs["prompt"] == template_hash(default_template())
    assert span.attrs["confidence"] == pytest.approx(math.exp(-0.2), abs=1e-3)


def test_a_server_refusing_json_schema_is_asked_plainly(llm_db, cli):
    rules = [
        {
            "match": "بنغازي",
            "refuse_schema": True,
            "content": '```\n{"spans": [{"text": "بنغازي", "label": "GPE"}]}\n```',
        }
    ]
    with ChatServer(rules) as server:
        r = _ask(cli, llm_db, server.url, "--doc", "fence")
        assert [("response_format" in q["body"]) for q in server.requests] == [True, False]
    assert r.code == 0 and "added 1 suggestion " in r.out


def test_without_an_endpoint_no_request_is_made(llm_db, cli):
    with ChatServer(_rules()) as server:
        r = cli("suggest", llm_db, "--source", "llm", "--model", "m")
        assert r.code == 2
        assert r.err.count("\n") == 1 and r.err.startswith("error: ")
        assert "annotator llm DB --endpoint" in r.err
        r = cli("suggest", llm_db, "--source", "llm", "--evaluate")
        assert r.code == 2
        # the local engines ('all') never talk to a server
        assert cli("suggest", llm_db).code == 0
        assert server.requests == []
    assert _llm_spans(llm_db)["valid"] == []


def test_connection_refused_is_one_line_and_exit_2(llm_db, cli):
    r = _ask(cli, llm_db, refused_url(), "--retries", "1")
    assert r.code == 2
    assert r.err.startswith("error: cannot reach the language model at http://127.0.0.1:")
    assert "connection refused" in r.err and r.err.count("\n") == 1


def test_settings_are_stored_per_project_but_the_key_never(llm_db, cli, tmp_path, monkeypatch, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    secret = "sk-test-9f8e7d6c5b4a"
    monkeypatch.setenv("ANNOTATOR_TEST_LLM_KEY", secret)
    (tmp_path / "prompt.md").write_text("Labels:\n{labels}\n{examples}\nMark them.\nText:\n{text}\n", encoding="utf-8")
    rules = [{"match": "فايز", "content": {"spans": [{"text": "طرابلس", "label": "GPE"}]}}]
    with ChatServer(rules) as server:
        r = cli(
            "llm",
            llm_db,
            "--endpoint",
            server.url + "/chat/completions",
            "--model",
            "m7",
            "--api-key-env",
            "ANNOTATOR_TEST_LLM_KEY",
            "--prompt",
            tmp_path / "prompt.md",
        )
        assert r.code == 0, r.err
        assert f"endpoint {server.url}," in r.out and "key from $ANNOTATOR_TEST_LLM_KEY" in r.out
        r2 = cli("suggest", llm_db, "--source", "llm", "--doc", "valid")
        assert r2.code == 0, r2.err
        (req,) = server.requests
    assert req["headers"]["Authorization"] == f"Bearer {secret}"
    assert req["body"]["model"] == "m7"
    assert req["body"]["messages"][0]["content"].startswith("Labels:\n- PERSON")
    for path in tmp_path.glob("p.db*"):
        assert secret.encode() not in path.read_bytes()
    assert secret not in r.out + r.err + r2.out + r2.err + caplog.text
    assert cli("llm", llm_db, "--show-prompt").out.startswith("Labels:\n{labels}")
    # a key variable that is not set is an error, not an unauthenticated request
    monkeypatch.delenv("ANNOTATOR_TEST_LLM_KEY")
    r3 = cli("suggest", llm_db, "--source", "llm", "--doc", "valid")
    assert r3.code == 2 and "ANNOTATOR_TEST_LLM_KEY is not set" in r3.err
    assert cli("llm", llm_db, "--clear").code == 0
    assert "endpoint (not set)" in cli("llm", llm_db).out


def test_evaluate_scores_against_gold_and_stores_nothing(tmp_path, cli):
    from annotator.model import Document, Span
    from annotator.store import Project

    db = tmp_path / "g.db"
    texts = {"a": "زار فايز السراج طرابلس ثم بنغازي.", "b": "وصل الوفد إلى سرت من تونس."}
    gold = {
        "a": [("فايز السراج", "PERSON"), ("طرابلس", "GPE"), ("بنغازي", "GPE")],
        "b": [("سرت", "GPE"), ("تونس", "GPE")],
    }
    with Project.create(db) as p:
        for doc_id, text in texts.items():
            spans = [
                Span(
                    start=text.index(s),
                    end=text.index(s) + len(s),
                    label=lab,
                    layer="entity",
                    annotator="gold",
                    source="gold",
                )
                for s, lab in gold[doc_id]
            ]
            p.add_document(Document(id=doc_id, text=text, spans=spans))
    before = db.read_bytes()
    rules = [
        # a: two right, one missed, one wrong label on a right place (overlap, not exact)
        {
            "match": "فايز",
            "content": {
                "spans": [
                    {"text": "فايز السراج", "label": "PERSON"},
                    {"text": "طرابلس", "label": "GPE"},
                    {"text": "السراج", "label": "ORG"},
                ]
            },
        },
        # b: one right, one extra
        {"match": "سرت", "content": {"spans": [{"text": "سرت", "label": "GPE"}, {"text": "الوفد", "label": "ORG"}]}},
    ]
    with ChatServer(rules) as server:
        r = _ask(cli, db, server.url, "--evaluate", "--json")
        assert r.code == 0, r.err
        prompts = [q["body"]["messages"][0]["content"] for q in server.requests]
    report = json.loads(r.out)
    rows = {(x["layer"], x["label"]): x for x in report["scores"]}
    allrow = rows[("entity", None)]
    assert (allrow["reference"], allrow["predicted"], allrow["exact_matches"]) == (5, 4, 3)
    assert allrow["exact_precision"] == 0.75 and allrow["exact_recall"] == 0.6
    assert rows[("entity", "GPE")]["exact_recall"] == pytest.approx(2 / 4)
    assert rows[("entity", "ORG")]["predicted"] == 1 and rows[("entity", "ORG")]["exact_matches"] == 0
    assert report["documents"] == {"entity": 2}
    assert report["seconds_per_document"] is not None
    # the examples in a document's prompt come from the other document, never from itself
    pa = next(x for x in prompts if x.rstrip().endswith(texts["a"]))
    assert "Examples from this project" in pa and texts["b"] in pa
    assert pa.count(texts["a"]) == 1
    assert db.read_bytes() == before
    text = _ask(cli, db, server.url, "--evaluate")
    assert text.code == 2  # the server is gone: refused, one line
    with ChatServer(rules) as server:
        out = _ask(cli, db, server.url, "--evaluate").out
    assert "exact F1" in out and "nothing was stored" in out and "time per document" in out
    with Project.open(db, readonly=True) as p:
        assert all(s.annotator == "gold" for d in p.document_ids() for s in p.spans(d, statuses=None))


def test_long_documents_are_cut_into_chunks_at_sentences(tmp_path, cli, seed_text):
    from annotator.arabic.tokens import sentences

    db = tmp_path / "s.db"
    cli("init", db)
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    assert cli("import", db, tmp_path / "seed.txt").code == 0
    rules = [
        {
            "match": "",
            "content": {"spans": [{"text": "سرت", "label": "GPE"}, {"text": "فايز السراج", "label": "PERSON"}]},
        }
    ]
    with ChatServer(rules) as server:
        r = _ask(cli, db, server.url, "--context", "2000", "--json")
        # the default template puts the text last, followed by one newline
        texts = [q["body"]["messages"][0]["content"].rsplit("Text:\n", 1)[1][:-1] for q in server.requests]
    summary = json.loads(r.out)
    assert summary["requests"] == len(texts) > 1
    ends = {e for _s, e in sentences(seed_text)}
    pos = 0
    for start, chunk in sorted((seed_text.index(c), c) for c in texts):  # requests finish in any order
        assert start >= pos and not seed_text[pos:start].strip()  # chunks follow each other
        assert start + len(chunk) in ends  # each chunk ends on a sentence end
        pos = start + len(chunk)
    assert not seed_text[pos:].strip()
    # only the chunk that holds a quote places it, at the document's offsets
    spans = _llm_spans(db)["seed"]
    assert sorted(s[3] for s in spans) == ["سرت", "فايز السراج"]
    for s, e, _l, surface, _st in spans:
        assert seed_text[s:e] == surface
    assert summary["not_in_text"] == 2 * (len(texts) - 1)


def test_requests_run_eight_at_a_time(tmp_path, cli):
    db = tmp_path / "c.db"
    cli("init", db)
    docs = [(f"d{i}", f"نص رقم {i} عن طرابلس") for i in range(20)]
    _jsonl(tmp_path / "c.jsonl", docs)
    cli("import", db, tmp_path / "c.jsonl")
    # each reply takes long enough that all eight are seen at once even when this (test) process
    # stalls for a moment, as a full collection of the whole suite's objects does (0.5 s was not)
    delay = 2.0
    with ChatServer(
        [{"match": "", "delay": delay, "content": {"spans": [{"text": "طرابلس", "label": "GPE"}]}}]
    ) as server:
        t0 = time.perf_counter()
        r = _ask(cli, db, server.url)
        wall = time.perf_counter() - t0
        assert server.max_inflight == 8
    assert r.code == 0 and "added 20 suggestions" in r.out
    assert wall < 20 * delay / 2  # far from one at a time


def test_a_pasted_key_is_refused_as_a_variable_name_and_not_echoed(llm_db, cli):
    r = cli("llm", llm_db, "--api-key-env", "sk-proj-abcdef123456")
    assert r.code == 2 and "NAME of an environment variable" in r.err
    assert "sk-" not in r.err and "abcdef" not in r.err
    assert b"abcdef123456" not in llm_db.read_bytes()


def test_an_interrupted_run_does_not_wait_for_a_slow_server(llm_db, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    with ChatServer([{"match": "", "delay": 30, "content": {"spans": []}}]) as server:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-X",
                "faulthandler",  # a SIGABRT below prints where it is stuck
                "-c",
                # Ctrl+C as in a terminal: a command started in the background by a shell without
                # job control (make in CI, nohup ... &) inherits SIGINT ignored, and so would this
                "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                "from annotator.cli import main; sys.exit(main(sys.argv[1:]))",
                "suggest",
                str(llm_db),
                "--source",
                "llm",
                "--endpoint",
                server.url,
                "--model",
                "m",
            ],
            cwd=root,
            text=True,
            env={**os.environ, "PYTHONPATH": str(root)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while not server.requests and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert server.requests, f"no request reached the server (exit {proc.poll()})"
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGABRT)
            _out, err = proc.communicate(timeout=20)
            raise AssertionError(f"still running 20 s after Ctrl+C:\n{err[-4000:]}") from None
    assert time.monotonic() - t0 < 5
    assert proc.returncode == 130 and err.strip().splitlines()[-1].startswith("error: ")


def test_number_and_claim_layers_keep_the_attributes_the_contract_allows(tmp_path, cli):
    from annotator.store import Project

    db = tmp_path / "n.db"
    cli("init", db)
    text = "قال الوزير إن 43 شخصا قتلوا في الهجوم."
    _jsonl(tmp_path / "n.jsonl", [("n", text)])
    cli("import", db, tmp_path / "n.jsonl")
    rules = [
        {
            "match": "",
            "content": {
                "spans": [
                    {"text": "43", "label": "NUMBER", "attrs": {"value": 43, "kind": "cardinal"}},
                    {"text": "شخصا", "label": "NUMBER", "attrs": {"value": "many", "kind": "lots"}},
                    {
                        "text": "43 شخصا قتلوا في الهجوم",
                        "label": "CLAIM",
                        "attrs": {"certainty": "reported", "claimant": "الوزير"},
                    },
                ]
            },
        }
    ]
    with ChatServer(rules) as server:
        r = _ask(cli, db, server.url, "--layer", "number", "--layer", "claim", "--json")
        layers_asked = sorted(
            q["body"]["messages"][0]["content"].split("labels (", 1)[1].split(" layer")[0] for q in server.requests
        )
    assert r.code == 0, r.err
    assert layers_asked == ["claim", "number"]  # one request per layer
    with Project.open(db, readonly=True) as p:
        spans = {(s.layer, text[s.start : s.end]): s.attrs for s in p.spans("n")}
    assert spans[("number", "43")]["value"] == 43 and spans[("number", "43")]["kind"] == "cardinal"
    assert "value" not in spans[("number", "شخصا")] and "kind" not in spans[("number", "شخصا")]
    claim = spans[("claim", "43 شخصا قتلوا في الهجوم")]
    assert claim["certainty"] == "reported" and claim["claimant"] == "الوزير" and claim["model"] == "m"


def test_evaluate_on_accepted_spans(tmp_path, cli):
    from annotator.model import Document, Span
    from annotator.store import Project

    db = tmp_path / "a.db"
    text = "زار فايز السراج طرابلس."
    with Project.create(db) as p:
        p.add_document(
            Document(
                id="a",
                text=text,
                spans=[
                    Span(start=4, end=15, label="PERSON", layer="entity", annotator="amira"),
                    Span(start=4, end=15, label="PERSON", layer="entity", annotator="omar"),  # counted once
                    Span(start=16, end=22, label="GPE", layer="entity", annotator="omar"),
                ],
            )
        )
    rules = [{"match": "", "content": {"spans": [{"text": "طرابلس", "label": "GPE"}]}}]
    with ChatServer(rules) as server:
        r = _ask(cli, db, server.url, "--evaluate", "--on", "accepted", "--json")
        assert _ask(cli, db, server.url, "--evaluate", "--json").code == 0  # --on gold: no gold here, nothing asked
        assert len(server.requests) == 1
    rows = {x["label"]: x for x in json.loads(r.out)["scores"]}
    assert (rows[None]["reference"], rows[None]["predicted"], rows[None]["exact_matches"]) == (2, 1, 1)


def test_the_projects_guidelines_are_in_the_prompt(llm_db, cli, tmp_path):
    team = pytest.importorskip("annotator.store.team")
    from annotator.store import Project

    with Project.open(llm_db) as p:
        team.set_guidelines(p, "# Guidelines\nA newspaper is an ORG.")
    with ChatServer([{"match": "", "content": {"spans": []}}]) as server:
        assert _ask(cli, llm_db, server.url, "--doc", "valid").code == 0
        prompt = server.requests[0]["body"]["messages"][0]["content"]
    assert "Annotation guidelines:\n# Guidelines\nA newspaper is an ORG." in prompt


def test_document_and_sentence_layers_take_a_labels_reply(tmp_path, cli):
    from annotator.store import Project

    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps(
            {
                "labels": [
                    {"name": "GPE", "layer": "entity"},
                    {"name": "CHECKWORTHY", "layer": "document"},
                    {"name": "NOT_CHECKWORTHY", "layer": "document"},
                    {"name": "CLAIM_SENTENCE", "layer": "sentence"},
                ]
            }
        ),
        encoding="utf-8",
    )
    db = tmp_path / "u.db"
    assert cli("init", db, "--labels", labels).code == 0
    text = "قال الوزير إن 43 شخصا قتلوا. الطقس جميل اليوم."
    _jsonl(tmp_path / "u.jsonl", [("u", text)])
    cli("import", db, tmp_path / "u.jsonl")
    rules = [
        {"match": "labels (sentence", "content": '```json\n{"labels": ["CLAIM_SENTENCE"]}\n```'},
        {"match": "", "content": {"labels": ["CHECKWORTHY", "NOPE"]}},
    ]
    with ChatServer([]) as server:
        # the rule is picked by the prompt's layer line, which sits before the text
        server.rule_for = lambda body: next(r for r in rules if r["match"] in body["messages"][0]["content"])
        r = _ask(cli, db, server.url, "--layer", "document", "--layer", "sentence", "--json")
        assert len(server.requests) == 3  # the document, and each of its two sentences
    assert r.code == 0, r.err
    summary = json.loads(r.out)
    assert summary["unknown_label"] == 1
    with Project.open(db, readonly=True) as p:
        got = sorted((s.layer, s.label, s.start, s.end) for s in p.spans("u"))
    first = text.index("الطقس")
    assert got == [
        ("document", "CHECKWORTHY", 0, len(text)),
        ("sentence", "CLAIM_SENTENCE", 0, first - 1),
        ("sentence", "CLAIM_SENTENCE", first, len(text)),
    ]


def test_ctrl_c_right_after_a_job_is_handed_out_does_not_wait_for_its_reply(monkeypatch):
    # a signal landing just after a worker can start a job: the request is abandoned, never waited out
    import queue
    import threading

    from annotator.suggest import llm_client

    release, started = threading.Event(), threading.Event()
    handed = []

    class InterruptedAfterPut(queue.Queue):
        def put(self, item, block=True, timeout=None):
            super().put(item, block, timeout)
            if item is not llm_client._DONE and not handed:
                handed.append(item)
                started.wait(5)  # a worker has taken it and is waiting for the server
                raise KeyboardInterrupt

    monkeypatch.setattr(llm_client.queue, "Queue", InterruptedAfterPut)
    client = llm_client.ChatClient(endpoint="http://127.0.0.1:9/v1", model="m", concurrency=1)
    ended = threading.Event()

    def consume():
        try:
            list(client.map(["job"], lambda job: started.set() or release.wait(30)))
        except KeyboardInterrupt:
            ended.set()

    threading.Thread(target=consume, daemon=True).start()
    try:
        assert ended.wait(5), "the interrupted map waited for the reply in flight"
    finally:
        release.set()
        client.close()


def test_ctrl_c_that_lands_on_a_worker_thread_still_stops_the_run():
    # a process's SIGINT may be delivered to any of its threads; if one waiting on the server takes
    # it, a main thread blocked in an untimed wait never runs the handler
    import signal
    import threading

    from annotator.suggest import llm_client

    client = llm_client.ChatClient(endpoint="http://127.0.0.1:9/v1", model="m", concurrency=1)
    started = threading.Event()

    def ask(job):
        started.set()
        time.sleep(3)  # as a read waiting for a slow server: the signal interrupts it, nothing more

    def interrupt_the_worker():
        started.wait(5)
        worker = next(t for t in threading.enumerate() if t.name == "llm")
        signal.pthread_kill(worker.ident, signal.SIGINT)

    # Ctrl+C as in a terminal (this test process may have inherited SIGINT ignored, see above)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    threading.Thread(target=interrupt_the_worker, daemon=True).start()
    t0 = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            list(client.map(["job"], ask))
        assert time.monotonic() - t0 < 2
    finally:
        signal.signal(signal.SIGINT, before)
        client.close()
