"""A simulated OpenAI-compatible chat-completions server, for benchmarks and
local tests.  Standard library only; binds to 127.0.0.1.

It answers ``POST /v1/chat/completions`` (non-streaming) with JSON that is
valid for the schema the request carries -- as a tool call when the request
has ``tools`` (instructor TOOLS mode), as message content when it has
``response_format`` (JSON_SCHEMA mode) -- after a configurable latency, with
token usage, and can inject errors: 429 with Retry-After, 500, truncated
answers (``finish_reason: "length"``).

    python bench/simserver.py --port 8099 --latency 1.0 --tps 0 --rate-429 0.1

    from simserver import SimServer, SimConfig       # with bench/ on sys.path
    with SimServer(SimConfig(latency=1.0)).running() as server:
        server.base_url                             # "http://127.0.0.1:PORT/v1"
        server.stats()                              # calls, max_in_flight, errors...

Batches (OpenAI Batch API shapes: ``/v1/files``, ``/v1/batches``) are served by
``simbatch.py``: each line answered like a live call, per-line failures in the
error file (``--batch-fail-rate``, ``batch_fail_ids``), status transitions
validating -> in_progress -> finalizing -> completed, cancel.

Control at run time (for tests): ``POST /sim/config`` with any SimConfig
fields, ``POST /sim/script`` with a list of outcomes for the next calls
("ok", "429", "500", "truncate"), ``GET /sim/stats``, ``POST /sim/reset``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import random
import threading
import time
import uuid
from pathlib import Path
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class SimConfig:
    latency: float = 0.0  # seconds per call before the first token
    tps: float = 0.0  # completion tokens per second (0: instant)
    rate_429: float = 0.0  # probability of a 429
    rate_500: float = 0.0  # probability of a 500
    rate_truncate: float = 0.0  # probability of a cut-off answer
    retry_after: float = 1.0  # Retry-After seconds sent with a 429
    retry_after_ms: bool = False  # send retry-after-ms instead of retry-after
    seed: int = 0
    fill: str = "sim"  # text placed in every generated string
    batch_phase: float = 0.05  # seconds a batch spends validating, and again finalizing
    batch_concurrency: int = 64  # batch lines answered at once
    batch_fail_rate: float = 0.0  # probability that a batch line fails (500 in the error file)
    batch_fail_ids: list = field(default_factory=list)  # custom_ids (or parts of them) whose lines fail


@dataclass
class SimStats:
    calls: int = 0
    ok: int = 0
    errors: dict = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    bodies: list = field(default_factory=list)  # the last requests' JSON bodies
    keys: dict = field(default_factory=dict)  # API key (bearer token) -> chat calls that sent it


# ---------------------------------------------------------------- schema filler


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**root.get("$defs", root.get("definitions", {}))[name],
                  **{k: v for k, v in schema.items() if k != "$ref"}}
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            schema = {**_resolve(options[0], root), **{k: v for k, v in schema.items() if k != key}}
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = {**_resolve(schema["allOf"][0], root), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def fill(schema: dict, root: dict | None = None, label: str = "value", counter=None, text: str = "sim") -> Any:
    """A value valid for ``schema`` (objects, arrays, strings with length caps, enums, numbers)."""
    root = root if root is not None else schema
    counter = counter if counter is not None else itertools.count(1)
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][next(counter) % len(schema["enum"])]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: fill(sub, root, name, counter, text) for name, sub in props.items()}
    if kind == "array":
        lo = schema.get("minItems", 1)
        hi = schema.get("maxItems", max(lo, 3))
        n = max(lo, min(hi, (lo + hi + 1) // 2))
        return [fill(schema.get("items", {"type": "string"}), root, f"{label} {i + 1}", counter, text) for i in range(n)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    value = f"{label.replace('_', ' ')} ({text} {next(counter)})"
    lo, hi = schema.get("minLength", 1), schema.get("maxLength")
    if hi is not None:
        value = value[:hi]
    return value.ljust(lo, ".")


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


# ---------------------------------------------------------------- the server


class SimServer:
    def __init__(self, config: SimConfig | None = None, *, host: str = "127.0.0.1", port: int = 0):
        self.config = config or SimConfig()
        self.host = host
        self.port = port
        self._stats = SimStats()
        self._script: list[str] = []
        self._rng = random.Random(self.config.seed)
        self._server: asyncio.AbstractServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.batches = _simbatch().BatchStore(self)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def stats(self) -> dict:
        return {**asdict(self._stats), "batches": self.batches.created, "batch_lines": self.batches.lines}

    def reset(self) -> None:
        self._stats = SimStats()
        self._script = []
        self._rng = random.Random(self.config.seed)

    def script(self, outcomes: list[str]) -> None:
        """Outcomes for the next calls, in order: "ok", "429", "500", "truncate"."""
        self._script = list(outcomes)

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> "SimServer":
        self._server = await asyncio.start_server(self._handle, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            # Keep-alive connections hold handler tasks open: end them so none is left pending.
            handlers = list(getattr(self, "_handlers", ()))
            for task in handlers:
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    @contextlib.contextmanager
    def running(self):
        """Run in a background thread (for synchronous callers and benchmarks)."""
        ready = threading.Event()

        def serve():
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self.stop())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="simserver", daemon=True)
        self._thread.start()
        ready.wait(10)
        try:
            yield self
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    # -- HTTP ---------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not hasattr(self, "_handlers"):
            self._handlers: set[asyncio.Task] = set()
        task = asyncio.current_task()
        self._handlers.add(task)
        task.add_done_callback(self._handlers.discard)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, path, _ = line.decode("latin-1").split(" ", 2)
                headers = {}
                while True:
                    h = await reader.readline()
                    if h in (b"\r\n", b"\n", b""):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                status, extra, payload = await self._route(method, path.split("?", 1)[0], body, headers)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                extra = {"content-type": "application/json", **extra}
                head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}", f"content-length: {len(data)}",
                        *(f"{k}: {v}" for k, v in extra.items())]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        except asyncio.CancelledError:  # server shutting down with the connection still open
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _route(self, method: str, path: str, body: bytes, headers: dict | None = None) -> tuple[int, dict, Any]:
        if method == "GET" and path.endswith("/models"):
            return 200, {}, {"object": "list", "data": [{"id": "sim", "object": "model", "owned_by": "sim"}]}
        if method == "GET" and path == "/sim/stats":
            return 200, {}, self.stats()
        if method == "POST" and path == "/sim/reset":
            self.reset()
            return 200, {}, {"ok": True}
        if method == "POST" and path == "/sim/script":
            self.script(json.loads(body or b"[]"))
            return 200, {}, {"ok": True}
        if method == "POST" and path == "/sim/config":
            names = {f.name for f in fields(SimConfig)}
            for key, value in json.loads(body or b"{}").items():
                if key in names:
                    setattr(self.config, key, value)
            return 200, {}, asdict(self.config)
        if method == "POST" and path.endswith("/chat/completions"):
            auth = (headers or {}).get("authorization") or (headers or {}).get("api-key") or ""
            key = auth.split(" ", 1)[-1] if auth else "(none)"
            self._stats.keys[key] = self._stats.keys.get(key, 0) + 1
            return await self._complete(json.loads(body or b"{}"))
        routed = await self.batches.route(method, path, headers or {}, body)
        if routed is not None:
            return routed
        return 404, {}, {"error": {"message": f"no route {method} {path}", "type": "not_found"}}

    def _outcome(self) -> str:
        if self._script:
            return self._script.pop(0)
        r = self._rng.random()
        c = self.config
        if r < c.rate_429:
            return "429"
        if r < c.rate_429 + c.rate_500:
            return "500"
        if r < c.rate_429 + c.rate_500 + c.rate_truncate:
            return "truncate"
        return "ok"

    async def _complete(self, req: dict) -> tuple[int, dict, Any]:
        st = self._stats
        st.calls += 1
        st.bodies = (st.bodies + [req])[-50:]
        st.in_flight += 1
        st.max_in_flight = max(st.max_in_flight, st.in_flight)
        try:
            outcome = self._outcome()
            if outcome == "429":
                st.errors["429"] = st.errors.get("429", 0) + 1
                header = ({"retry-after-ms": str(int(self.config.retry_after * 1000))} if self.config.retry_after_ms
                          else {"retry-after": f"{self.config.retry_after:g}"})
                return 429, header, {"error": {"message": "Rate limit reached (simulated)", "type": "rate_limit_error",
                                               "code": "rate_limit_exceeded"}}
            if outcome == "500":
                await asyncio.sleep(self.config.latency)
                st.errors["500"] = st.errors.get("500", 0) + 1
                return 500, {}, {"error": {"message": "The server had an error (simulated)", "type": "server_error"}}
            tools = req.get("tools") or []
            fmt = req.get("response_format") or {}
            if tools:
                schema = tools[0].get("function", {}).get("parameters", {})
            elif fmt.get("type") == "json_schema":
                schema = fmt.get("json_schema", {}).get("schema", {})
            else:
                schema = {"type": "object", "properties": {}}
            text = json.dumps(fill(schema, text=self.config.fill))
            finish = "tool_calls" if tools else "stop"
            if outcome == "truncate":
                st.errors["truncate"] = st.errors.get("truncate", 0) + 1
                text, finish = text[: max(1, len(text) // 2)], "length"
            prompt_tokens = _tokens(json.dumps(req.get("messages", [])) + json.dumps(tools or fmt))
            completion_tokens = _tokens(text)
            delay = self.config.latency + (completion_tokens / self.config.tps if self.config.tps else 0.0)
            await asyncio.sleep(delay)
            st.ok += 1
            st.prompt_tokens += prompt_tokens
            st.completion_tokens += completion_tokens
            message: dict[str, Any] = {"role": "assistant", "content": None if tools else text}
            if tools:
                message["tool_calls"] = [{"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                                          "function": {"name": tools[0]["function"]["name"], "arguments": text}}]
            return 200, {}, {
                "id": f"chatcmpl-{uuid.uuid4().hex[:16]}", "object": "chat.completion", "created": int(time.time()),
                "model": req.get("model", "sim"),
                "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                          "total_tokens": prompt_tokens + completion_tokens},
            }
        finally:
            st.in_flight -= 1


_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}


def _simbatch():
    """bench/simbatch.py, also when this file is loaded by path (tests) rather than run as a script."""
    import importlib.util
    import sys

    module = sys.modules.get("simbatch")
    if module is None:
        spec = importlib.util.spec_from_file_location("simbatch", Path(__file__).with_name("simbatch.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["simbatch"] = module
        spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8099)
    for f in fields(SimConfig):
        flag = f"--{f.name.replace('_', '-')}"
        if isinstance(f.default, bool):
            parser.add_argument(flag, action="store_true")
        elif f.name == "batch_fail_ids":
            parser.add_argument(flag, nargs="*", default=[])
        else:
            parser.add_argument(flag, type=type(f.default), default=f.default)
    args = parser.parse_args()
    config = SimConfig(**{f.name: getattr(args, f.name) for f in fields(SimConfig)})
    server = SimServer(config, port=args.port)

    async def serve():
        await server.start()
        print(f"simserver on {server.base_url} ({config})", flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    main()
