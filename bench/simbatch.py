"""The simulated server's Files and Batches endpoints (OpenAI Batch API shapes), used by ``simserver.py``.

    POST   /v1/files                      upload a JSONL file (multipart: purpose, file)
    GET    /v1/files/{id}                 the file object
    GET    /v1/files/{id}/content         the file's bytes
    DELETE /v1/files/{id}
    POST   /v1/batches                    {input_file_id, endpoint, completion_window, metadata}
    GET    /v1/batches/{id}               validating -> in_progress -> finalizing -> completed
    POST   /v1/batches/{id}/cancel        cancelling -> cancelled (lines answered so far are kept)
    GET    /v1/batches                    the batches, newest first

Each line of a batch is answered by the server's own chat-completions code (so its
latency, tokens per second and error injection apply per line).  A line that fails
(an injected 429/500, ``batch_fail_rate``, or a custom_id listed in
``batch_fail_ids``) goes to the error file with its status code; the others go
to the output file.  ``batch_phase`` is the time each of validating and
finalizing takes; ``batch_concurrency`` bounds the lines answered at once.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import time
import uuid
from typing import Any

TERMINAL = ("completed", "failed", "expired", "cancelled")


def _now() -> int:
    return int(time.time())


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """``{field: (filename, bytes)}`` of a multipart/form-data body (standard library's email parser)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    out: dict[str, tuple[str | None, bytes]] = {}
    if not message.is_multipart():
        return out
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            out[str(name)] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return out


class BatchStore:
    """Files and batches of one simulated server; lines answered by ``complete(body) -> (status, payload)``."""

    def __init__(self, server: Any):
        self.server = server
        self.files: dict[str, dict] = {}
        self.contents: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.created = 0  # batches created (for tests)
        self.lines = 0  # lines answered

    # ------------------------------------------------------------------ files

    def add_file(self, data: bytes, *, purpose: str, filename: str) -> dict:
        fid = f"file-{uuid.uuid4().hex[:24]}"
        obj = {"id": fid, "object": "file", "bytes": len(data), "created_at": _now(), "filename": filename,
               "purpose": purpose, "status": "processed"}
        self.files[fid] = obj
        self.contents[fid] = data
        return obj

    def upload(self, headers: dict, body: bytes) -> tuple[int, dict, Any]:
        parts = parse_multipart(headers.get("content-type", ""), body)
        if "file" not in parts:
            return 400, {}, _error("no file in the upload", "invalid_request_error")
        filename, data = parts["file"]
        purpose = parts.get("purpose", (None, b"batch"))[1].decode() or "batch"
        for n, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                json.loads(line)
            except ValueError:
                return 400, {}, _error(f"line {n} is not valid JSON", "invalid_request_error")
        return 200, {}, self.add_file(data, purpose=purpose, filename=filename or "upload.jsonl")

    # ------------------------------------------------------------------ routes

    async def route(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, dict, Any] | None:
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["v1"]:
            parts = parts[1:]
        if not parts or parts[0] not in ("files", "batches"):
            return None
        if parts[0] == "files":
            if method == "POST" and len(parts) == 1:
                return self.upload(headers, body)
            if len(parts) >= 2 and parts[1] not in self.files:
                return 404, {}, _error(f"no such file: {parts[1]}", "invalid_request_error")
            if method == "GET" and len(parts) == 2:
                return 200, {}, self.files[parts[1]]
            if method == "GET" and len(parts) == 3 and parts[2] == "content":
                return 200, {"content-type": "application/octet-stream"}, self.contents[parts[1]]
            if method == "DELETE" and len(parts) == 2:
                self.files.pop(parts[1])
                self.contents.pop(parts[1], None)
                return 200, {}, {"id": parts[1], "object": "file", "deleted": True}
            return None
        if method == "POST" and len(parts) == 1:
            return self.create(json.loads(body or b"{}"))
        if method == "GET" and len(parts) == 1:
            data = sorted(self.batches.values(), key=lambda b: b["created_at"], reverse=True)
            return 200, {}, {"object": "list", "data": data, "has_more": False}
        if len(parts) >= 2 and parts[1] not in self.batches:
            return 404, {}, _error(f"no such batch: {parts[1]}", "invalid_request_error")
        if method == "GET" and len(parts) == 2:
            return 200, {}, self.batches[parts[1]]
        if method == "POST" and len(parts) == 3 and parts[2] == "cancel":
            return self.cancel(parts[1])
        return None

    # ------------------------------------------------------------------ batches

    def create(self, req: dict) -> tuple[int, dict, Any]:
        fid = req.get("input_file_id")
        if fid not in self.files:
            return 400, {}, _error(f"input_file_id {fid!r} not found", "invalid_request_error")
        endpoint = req.get("endpoint", "/v1/chat/completions")
        if endpoint != "/v1/chat/completions":
            return 400, {}, _error(f"endpoint {endpoint} is not simulated", "invalid_request_error")
        lines = [json.loads(l) for l in self.contents[fid].splitlines() if l.strip()]
        bid = f"batch_{uuid.uuid4().hex[:24]}"
        batch = {
            "id": bid, "object": "batch", "endpoint": endpoint, "errors": None, "input_file_id": fid,
            "completion_window": req.get("completion_window", "24h"), "status": "validating",
            "output_file_id": None, "error_file_id": None, "created_at": _now(), "in_progress_at": None,
            "expires_at": _now() + 86400, "finalizing_at": None, "completed_at": None, "failed_at": None,
            "expired_at": None, "cancelling_at": None, "cancelled_at": None,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            "metadata": req.get("metadata") or None,
        }
        self.batches[bid] = batch
        self.created += 1
        self.tasks[bid] = asyncio.ensure_future(self._run(batch, lines))
        return 200, {}, batch

    def cancel(self, bid: str) -> tuple[int, dict, Any]:
        batch = self.batches[bid]
        if batch["status"] in TERMINAL:
            return 400, {}, _error(f"batch {bid} is already {batch['status']}", "invalid_request_error")
        batch["status"], batch["cancelling_at"] = "cancelling", _now()
        task = self.tasks.get(bid)
        if task is not None:
            task.cancel()
        return 200, {}, batch

    async def _run(self, batch: dict, lines: list[dict]) -> None:
        config = self.server.config
        ok: list[str] = []
        failed: list[str] = []
        try:
            await self._phase()
            bad = [n for n, line in enumerate(lines, 1) if not isinstance(line, dict) or "custom_id" not in line
                   or not isinstance(line.get("body"), dict)]
            ids = [line.get("custom_id") for line in lines if isinstance(line, dict)]
            if bad or len(set(ids)) != len(ids):
                batch["status"], batch["failed_at"] = "failed", _now()
                what = f"line {bad[0]}: needs custom_id and body" if bad else "custom_id values are not unique"
                batch["errors"] = {"object": "list", "data": [{"code": "invalid_request", "message": what,
                                                               "line": bad[0] if bad else None}]}
                return
            batch["status"], batch["in_progress_at"] = "in_progress", _now()
            limit = asyncio.Semaphore(max(1, int(config.batch_concurrency)))

            async def answer(line: dict) -> None:
                async with limit:
                    text, good = await self._answer(line)
                (ok if good else failed).append(text)
                batch["request_counts"]["completed" if good else "failed"] += 1

            await asyncio.gather(*(answer(line) for line in lines))
            batch["status"], batch["finalizing_at"] = "finalizing", _now()
            await self._phase()
            self._files(batch, ok, failed)
            batch["status"], batch["completed_at"] = "completed", _now()
        except asyncio.CancelledError:
            self._files(batch, ok, failed)
            batch["status"], batch["cancelled_at"] = "cancelled", _now()

    async def _phase(self) -> None:
        """Wait ``batch_phase`` seconds, re-read while waiting (a test may shorten a phase under way)."""
        start = time.monotonic()
        while time.monotonic() - start < self.server.config.batch_phase:
            await asyncio.sleep(min(0.01, self.server.config.batch_phase))

    def _files(self, batch: dict, ok: list[str], failed: list[str]) -> None:
        if ok:
            batch["output_file_id"] = self.add_file(("\n".join(ok) + "\n").encode(), purpose="batch_output",
                                                    filename=f"{batch['id']}_output.jsonl")["id"]
        if failed:
            batch["error_file_id"] = self.add_file(("\n".join(failed) + "\n").encode(), purpose="batch_output",
                                                   filename=f"{batch['id']}_error.jsonl")["id"]

    async def _answer(self, line: dict) -> tuple[str, bool]:
        config = self.server.config
        cid = line["custom_id"]
        self.lines += 1
        rid = f"batch_req_{uuid.uuid4().hex[:16]}"
        forced = any(part and part in cid for part in (config.batch_fail_ids or ()))
        if forced or (config.batch_fail_rate and self.server._rng.random() < config.batch_fail_rate):
            status, payload = 500, _error("The server had an error processing this request (simulated)", "server_error")
        else:
            status, _, payload = await self.server._complete(line["body"])
        record = {"id": rid, "custom_id": cid,
                  "response": {"status_code": status, "request_id": f"req_{uuid.uuid4().hex[:12]}", "body": payload},
                  "error": None}
        return json.dumps(record), status == 200


def _error(message: str, kind: str) -> dict:
    return {"error": {"message": message, "type": kind}}
