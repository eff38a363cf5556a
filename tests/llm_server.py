"""A real HTTP server on 127.0.0.1 speaking the chat-completions protocol,
for the tests and the benchmark of the ``llm`` engine: only the server is
ours, the client code under test is the real one.

It answers from a table of canned replies: the first rule whose ``match``
string occurs in the request's last user message wins. A rule is a dict:

* ``content``: the assistant message's content (a string, or a dict/list
  dumped as JSON);
* ``status`` (default 200) and ``headers``, e.g. a 429 with ``Retry-After``;
  ``times``: give this status only to the first N requests that match, then
  fall through to the next rule (a 500 that heals);
* ``delay``: seconds to wait before answering (a timeout, or latency);
* ``logprobs``: True to add per-character log-probabilities (``-0.1`` each);
* ``refuse_schema``: answer 400 to a request that asks for ``response_format``
  (as some llama.cpp builds do).

Every request (path, headers, parsed body) is recorded in ``requests``;
``max_inflight`` is the most requests it was answering at once.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ChatServer:
    def __init__(self, rules: list[dict[str, Any]] | None = None, default: Any = None, delay: float = 0.0):
        self.rules = rules or []
        self.default = {"spans": []} if default is None else default
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self._used: dict[int, int] = {}
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as written, not 40 ms apart

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                with server._lock:
                    server.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body, "time": time.monotonic()}
                    )
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                try:
                    self._answer(body)
                finally:
                    with server._lock:
                        server.inflight -= 1

            def _answer(self, body: Any) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": f"no route {self.path}"}})
                rule = server.rule_for(body)
                if rule.get("refuse_schema") and isinstance(body, dict) and "response_format" in body:
                    return self._send(400, {"error": {"message": "response_format is not supported"}})
                delay = rule.get("delay", server.delay)
                if delay:
                    time.sleep(delay)
                status = rule.get("status", 200)
                if status != 200:
                    return self._send(
                        status, {"error": {"message": rule.get("message", "canned error")}}, rule.get("headers", {})
                    )
                content = rule.get("content", server.default)
                if not isinstance(content, str):
                    content = json.dumps(content, ensure_ascii=False)
                choice: dict[str, Any] = {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
                if rule.get("logprobs"):
                    choice["logprobs"] = {
                        "content": [{"token": ch, "logprob": rule.get("logprob", -0.1)} for ch in content]
                    }
                self._send(
                    200,
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "model": (body or {}).get("model"),
                        "choices": [choice],
                    },
                )

            def _send(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def rule_for(self, body: Any) -> dict[str, Any]:
        prompt = ""
        with contextlib.suppress(TypeError, KeyError, IndexError):
            prompt = [m["content"] for m in body["messages"] if m.get("role") == "user"][-1]
        # the document is at the prompt's end, after its examples
        text = prompt.rsplit("Text:\n", 1)[-1]
        with self._lock:
            for i, rule in enumerate(self.rules):
                if rule.get("match", "") not in text:
                    continue
                if "times" in rule:
                    if self._used.get(i, 0) >= rule["times"]:
                        continue
                    self._used[i] = self._used.get(i, 0) + 1
                return rule
        return {}

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def refused_url() -> str:
    """An endpoint where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
