"""Talking to an OpenAI-compatible chat-completions server (Ollama,
llama.cpp's server, vLLM, LM Studio, OpenAI itself): ``POST
{endpoint}/chat/completions`` over ``httpx``, with a timeout, retries with
exponential backoff (a 429's ``Retry-After`` is honoured, 5xx and timeouts
are retried), and a limit on requests in flight.

Plain ``httpx`` rather than the ``openai`` package: the request is one POST,
and owning the retry loop lets a reply's ``Retry-After`` seconds, the
fallback for servers that refuse ``response_format``, and cancellation from
the editor be exact. Nothing here runs unless the user configured an
endpoint; the API key is read from the environment variable the user named
and never written anywhere (it is only put in the ``Authorization`` header).
"""

from __future__ import annotations

import email.utils
import json
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

from annotator.errors import AnnotatorError

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


class LLMUnreachable(AnnotatorError):
    """The server cannot be reached at all, or refuses every request (bad
    key, wrong URL, unknown model): stopping is better than failing each
    document in turn."""


class Cancelled(Exception):
    """The run was cancelled (the editor's Cancel button)."""


@dataclass
class Reply:
    """One answer: the assistant message's content, and its token
    log-probabilities when the server gave them; or the error that ended
    the request after its retries."""

    content: str | None = None
    logprobs: list[tuple[str, float]] | None = None
    error: str | None = None
    seconds: float = 0.0
    retries: int = 0


class Closing:
    """Closed (:meth:`close`) at the end of the ``with`` block it opens."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class ChatClient(Closing):
    endpoint: str
    model: str
    api_key: str | None = None
    timeout: float = 120.0
    retries: int = 3
    backoff: float = 0.5
    concurrency: int = 8
    cancel: threading.Event = field(default_factory=threading.Event)
    # servers that answered 400 to a structured-output request get plain ones
    _plain: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.endpoint = normalize_endpoint(self.endpoint)
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        self._http = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
            limits=limits,
            trust_env=False,
        )

    @property
    def url(self) -> str:
        return self.endpoint + "/chat/completions"

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ one request
    def body(self, messages: list[dict[str, Any]], schema: dict[str, Any] | None) -> dict[str, Any]:
        """The request. ``strict`` is off: OpenAI's strict mode wants every
        property required, and the local servers constrain decoding to the
        schema either way."""
        body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0, "stream": False}
        if schema is not None and not self._plain:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "annotations", "schema": schema, "strict": False},
            }
            body["logprobs"] = True
        return body

    def chat(self, messages: list[dict[str, Any]], schema: dict[str, Any] | None = None) -> Reply:
        """One chat completion, retried as the module docstring says. A
        failure after the retries is a :class:`Reply` with ``error``; a
        server that cannot be reached, or refuses the key, the URL or the
        model, raises :class:`LLMUnreachable`."""
        t0 = time.perf_counter()
        attempt = 0
        while True:
            if self.cancel.is_set() or self._stop.is_set():
                raise Cancelled()
            body = self.body(messages, schema)
            wait: float | None = None
            try:
                resp = self._http.post(self.url, content=json.dumps(body, ensure_ascii=False).encode("utf-8"))
            except httpx.ConnectError as exc:
                if attempt >= self.retries:
                    raise LLMUnreachable(
                        f"cannot reach the language model at {self.endpoint} ({_reason(exc)})"
                    ) from None
                error = f"cannot connect ({_reason(exc)})"
            except httpx.TimeoutException:
                error = f"no answer within {self.timeout:g} s"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {_reason(exc)}"
            else:
                if resp.status_code == 200:
                    reply = _parse_completion(resp)
                    reply.seconds, reply.retries = time.perf_counter() - t0, attempt
                    return reply
                error = f"HTTP {resp.status_code}{_server_message(resp)}"
                if resp.status_code == 400 and "response_format" in body:
                    # llama.cpp builds, older vLLM and others refuse json_schema: ask plainly
                    self._plain = True
                    continue
                if resp.status_code in (401, 403):
                    raise LLMUnreachable(
                        f"the language model at {self.endpoint} refused the request ({error}); "
                        "check the API key variable (--api-key-env)"
                    )
                if resp.status_code == 404:
                    raise LLMUnreachable(
                        f"the language model at {self.endpoint} answered {error} for "
                        f"{self.url}; is the endpoint the API root (often ending in /v1) "
                        f"and is model {self.model!r} installed there?"
                    )
                if resp.status_code not in RETRY_STATUS:
                    return Reply(error=error, seconds=time.perf_counter() - t0, retries=attempt)
                wait = retry_after(resp.headers.get("retry-after"))
            if attempt >= self.retries:
                return Reply(
                    error=f"{error} after {attempt + 1} attempts", seconds=time.perf_counter() - t0, retries=attempt
                )
            if wait is None:
                wait = self.backoff * (2**attempt) * (1 + random.random() / 2)
            attempt += 1
            self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.cancel.wait(min(left, 0.1)) or self._stop.is_set():
                raise Cancelled()
        if self.cancel.is_set() or self._stop.is_set():
            raise Cancelled()

    # ------------------------------------------------------------ many requests
    def map(self, jobs: Iterable[Any], ask: Callable[[Any], Reply]) -> Iterator[tuple[Any, Reply]]:
        """``(job, ask(job))`` for each job, ``concurrency`` at a time, in the
        order they finish. ``jobs`` is consumed lazily, a few ahead of the
        requests in flight, so building the next prompts overlaps waiting
        for the server and memory stays bounded. An :class:`LLMUnreachable`
        or :class:`Cancelled` from any job stops the rest and is raised.

        The workers are daemon threads of our own rather than a
        ``ThreadPoolExecutor``, whose threads the interpreter joins at exit:
        after Ctrl+C or Cancel a request still waiting on a slow server is
        abandoned, not waited out."""
        tasks: queue.Queue[Any] = queue.Queue()
        results: queue.Queue[Any] = queue.Queue()

        def worker() -> None:
            while (job := tasks.get()) is not _DONE:
                try:
                    results.put((job, ask(job), None))
                except BaseException as exc:  # handed to the consumer, raised there
                    results.put((job, None, exc))

        workers = [threading.Thread(target=worker, name="llm", daemon=True) for _ in range(self.concurrency)]
        for t in workers:
            t.start()
        ahead = 4 * self.concurrency
        pending = 0

        def take(block: bool) -> tuple[Any, Reply] | None:
            nonlocal pending
            while True:
                try:
                    # a timed wait: a Ctrl+C that the kernel hands to a worker (blocked in a read)
                    # does not wake an untimed one, and Python runs its handler only here
                    job, reply, exc = results.get(block=block, timeout=0.1 if block else None)
                    break
                except queue.Empty:
                    if not block:
                        return None
            pending -= 1
            if exc is not None:
                raise exc
            return job, reply

        try:
            for job in jobs:
                # counted before a worker can start it: a Ctrl+C landing between the two then
                # finds it pending, instead of waiting at exit for its slow server
                pending += 1
                tasks.put(job)
                while (got := take(block=pending >= ahead)) is not None:
                    yield got
            while pending:
                got = take(block=True)
                if got is not None:
                    yield got
        finally:
            self._stop.set()  # requests still waiting to retry give up at once
            while True:  # jobs not started are dropped
                try:
                    tasks.get_nowait()
                except queue.Empty:
                    break
            for _ in workers:
                tasks.put(_DONE)
            if not pending:
                for t in workers:
                    t.join()
                self._stop.clear()
            # else interrupted: the flag stays set, so a request still in flight is
            # never retried; the engine's client is done with


_DONE = object()


def normalize_endpoint(url: str) -> str:
    """The API root: ``http://host:11434/v1`` (a trailing slash or a pasted
    ``/chat/completions`` is dropped). Only http and https are accepted."""
    u = (url or "").strip().rstrip("/")
    for tail in ("/chat/completions", "/completions"):
        if u.endswith(tail):
            u = u[: -len(tail)].rstrip("/")
    try:
        parsed = httpx.URL(u)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise AnnotatorError(f"endpoint {url!r} is not a URL (expected e.g. http://localhost:11434/v1)") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise AnnotatorError(f"endpoint {url!r} is not an http(s) URL (expected e.g. http://localhost:11434/v1)")
    return u


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP
    date), capped at a minute; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        secs = when.timestamp() - time.time()
    return max(0.0, min(secs, MAX_RETRY_AFTER))


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:200]


def _server_message(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        text = resp.text.strip()
        return f": {text[:200]}" if text else ""
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        err = err.get("message")
    return f": {str(err)[:200]}" if err else ""


def _parse_completion(resp: httpx.Response) -> Reply:
    try:
        data = resp.json()
        choice = data["choices"][0]
        content = choice["message"].get("content")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return Reply(error="the server's answer is not a chat completion")
    if not isinstance(content, str):
        return Reply(error="the server's answer has no message content")
    return Reply(content=content, logprobs=_logprobs(choice.get("logprobs")))


def _logprobs(raw: Any) -> list[tuple[str, float]] | None:
    """``[(token, logprob)]`` from a choice's ``logprobs.content`` (the
    OpenAI shape, which llama.cpp and vLLM also give)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("content"), list):
        return None
    out = []
    for item in raw["content"]:
        if not isinstance(item, dict):
            return None
        tok, lp = item.get("token"), item.get("logprob")
        if not isinstance(tok, str) or not isinstance(lp, (int, float)):
            return None
        out.append((tok, float(lp)))
    return out or None


def tokens_text(logprobs: Iterable[tuple[str, float]]) -> str:
    return "".join(t for t, _ in logprobs)
