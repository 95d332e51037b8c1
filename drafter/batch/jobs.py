"""Provider batch jobs through litellm's batch API: upload a JSONL file, create, retrieve, download, cancel.

    client = JobClient.for_backend(backend)     # OpenAI, Azure, or any OpenAI-compatible --api-base
    job = await client.submit(path)             # litellm.acreate_file + litellm.acreate_batch
    job = await client.refresh(job)             # litellm.aretrieve_batch
    await client.download(job.output_file_id, path)   # litellm.afile_content

Which providers: litellm 1.106 creates batches for ``openai`` (and every
OpenAI-compatible server or LiteLLM proxy reached with ``--api-base``) and
``azure``; for Anthropic it can retrieve Message Batches but not create them,
so ``anthropic/...`` models are refused with a one-line error.  Transport
failures are retried by ``retry.call_with_retries`` like live calls.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError
from ..fsio import atomic_write
from ..generate.retry import RetryPolicy, call_with_retries
from .staging import ENDPOINT

SUPPORTED = ("openai", "azure", "hosted_vllm", "litellm_proxy")
TERMINAL = ("completed", "failed", "expired", "cancelled")
MAX_LINES = 50_000  # OpenAI's limit per batch
MAX_BYTES = 190 * 1024 * 1024  # OpenAI's limit per input file is 200 MB
DEFAULT_DISCOUNT = 0.5  # the Batch APIs of OpenAI, Azure and Anthropic charge half the live price


class JobRecord(BaseModel):
    """One provider batch job, as kept in the manifest."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None  # None: uploaded, not created yet (a resumed run creates it)
    session: int = 1
    stage: int = 1
    input_file_id: str | None = None
    input: str  # the JSONL file under DIR/.batch
    lines: int = 0
    items: list[str] = Field(default_factory=list)  # item keys with lines in the job
    status: str = "uploaded"
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    created: str | None = None
    finished: str | None = None
    collected: bool = False
    error: str | None = None

    @property
    def open(self) -> bool:
        return not self.collected


def provider_of(model: str) -> str:
    from ..generate.llm import load_litellm

    try:
        return load_litellm().get_llm_provider(model)[1]
    except Exception:  # noqa: BLE001
        return model.split("/", 1)[0] if "/" in model else "openai"


def batch_discount(model: str) -> float:
    """The batch price as a share of the live price: from litellm's price list where it knows both, else 50%."""
    from ..generate.llm import load_litellm

    try:
        info = load_litellm().get_model_info(model)
    except Exception:  # noqa: BLE001 - unknown model
        return DEFAULT_DISCOUNT
    live, batch = info.get("input_cost_per_token"), info.get("input_cost_per_token_batches")
    if live and batch:
        return round(float(batch) / float(live), 4)
    return DEFAULT_DISCOUNT


class JobClient:
    def __init__(self, model: str, provider: str, *, api_base: str | None = None, api_key: str | None = None,
                 policy: RetryPolicy | None = None, label: str | None = None):
        self.model = model
        self.provider = provider
        self.api_base = api_base
        self.api_key = api_key
        self.policy = policy or RetryPolicy()
        self.label = label or model

    @classmethod
    def for_backend(cls, backend: Any) -> "JobClient":
        model = getattr(backend, "model", "")
        if getattr(backend, "max_concurrency", None) == 1 or model.startswith("drafter-local/"):
            raise ConfigError("--provider-batch needs a hosted model; the embedded model drafts live only")
        if not hasattr(backend, "mode"):
            raise ConfigError(f"{model}: --provider-batch needs a litellm model")
        provider = provider_of(model)
        if provider == "anthropic":
            raise ConfigError(
                f"{model}: litellm {_litellm_version()} can read Anthropic Message Batches but not create them",
                hint="draft live (without --provider-batch), or use an OpenAI or Azure model",
            )
        if provider not in SUPPORTED:
            raise ConfigError(f"{model}: litellm has no batch API for provider {provider!r}",
                              hint=f"--provider-batch works with {', '.join(SUPPORTED)} (and --api-base servers)")
        return cls(model, provider, api_base=backend.api_base, api_key=backend.api_key, policy=backend.policy,
                   label=getattr(backend, "label", model))

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"custom_llm_provider": self.provider, "max_retries": 0}
        if self.api_base:
            params["api_base"] = self.api_base
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    async def _call(self, fn, *args: Any, **kwargs: Any) -> Any:
        return await call_with_retries(lambda: fn(*args, **kwargs, **self._params()), model=self.label,
                                       api_base=self.api_base, policy=self.policy)

    async def upload(self, job: JobRecord, directory: Path) -> JobRecord:
        from ..generate.llm import load_litellm

        litellm = load_litellm()
        path = directory / job.input

        async def send():  # an open file: httpx streams it, the JSONL is never held in memory whole
            with path.open("rb") as fh:
                return await litellm.acreate_file(file=(path.name, fh, "application/jsonl"), purpose="batch",
                                                  **self._params())

        file = await call_with_retries(send, model=self.label, api_base=self.api_base, policy=self.policy)
        job.input_file_id = file.id
        return job

    async def create(self, job: JobRecord, metadata: dict[str, str] | None = None) -> JobRecord:
        from ..generate.llm import load_litellm

        batch = await self._call(load_litellm().acreate_batch, completion_window="24h", endpoint=ENDPOINT,
                                 input_file_id=job.input_file_id, metadata=metadata)
        return _update(job, batch)

    async def refresh(self, job: JobRecord) -> JobRecord:
        from ..generate.llm import load_litellm

        batch = await self._call(load_litellm().aretrieve_batch, batch_id=job.id)
        return _update(job, batch)

    async def cancel(self, job: JobRecord) -> JobRecord:
        from ..generate.llm import load_litellm

        batch = await self._call(load_litellm().acancel_batch, batch_id=job.id)
        return _update(job, batch)

    async def download(self, file_id: str, path: Path) -> Path:
        from ..generate.llm import load_litellm

        litellm = load_litellm()
        from litellm.files.main import _should_sdk_support_streaming

        if not _should_sdk_support_streaming(self.provider):
            content = await self._call(litellm.afile_content, file_id=file_id)
            data = content.content if hasattr(content, "content") else content
            atomic_write(path, data if isinstance(data, bytes) else str(data).encode("utf-8"))
            return path

        async def fetch() -> Path:  # streamed to disk in chunks: memory does not grow with the job's size
            result = await litellm.afile_content(file_id=file_id, stream=True, **self._params())
            tmp = path.with_name(f".{path.name}.part")
            try:
                with tmp.open("wb") as fh:
                    chunks = result.stream_iterator
                    if hasattr(chunks, "__aiter__"):
                        async for chunk in chunks:
                            fh.write(chunk)
                    else:
                        for chunk in chunks:
                            fh.write(chunk)
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            return path

        return await call_with_retries(fetch, model=self.label, api_base=self.api_base, policy=self.policy)


def _update(job: JobRecord, batch: Any) -> JobRecord:
    get = batch.get if isinstance(batch, dict) else (lambda k, d=None: getattr(batch, k, d))
    job.id = get("id") or job.id
    job.status = str(get("status") or job.status)
    job.output_file_id = get("output_file_id") or job.output_file_id
    job.error_file_id = get("error_file_id") or job.error_file_id
    counts = get("request_counts")
    if counts is not None:
        cget = counts.get if isinstance(counts, dict) else (lambda k, d=None: getattr(counts, k, d))
        job.counts = {k: int(cget(k) or 0) for k in ("total", "completed", "failed")}
    errors = get("errors")
    data = (errors.get("data") if isinstance(errors, dict) else getattr(errors, "data", None)) if errors else None
    if data:
        first = data[0]
        message = first.get("message") if isinstance(first, dict) else getattr(first, "message", None)
        job.error = str(message or first)
    return job


def _litellm_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("litellm")
    except PackageNotFoundError:
        return "(unknown)"
