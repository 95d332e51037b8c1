"""The litellm custom provider ``drafter-local/``: the embedded model behind
the same instructor + litellm path as every other model.

instructor (JSON_SCHEMA mode) sends the section's schema as
``response_format={"type": "json_schema", "json_schema": {"name", "schema"}}``;
the handler flattens the messages into a completion prompt, generates with
the schema's grammar (or freely, for sections configured so) and answers like
an OpenAI chat completion, with token usage and ``finish_reason``.  If a tool
is sent instead (TOOLS mode forced), the answer comes back as its call.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import deque

from ...errors import GenerationError
from ..llm import load_litellm

litellm = load_litellm()  # configured for offline use before the first import
CustomLLM = litellm.CustomLLM

from .blocker import example_texts, role_texts, tidy_answer
from .prompt import _text, flatten
from .runtime import Completion, LocalConfig, LocalRuntime

DEFAULT_MAX_TOKENS = 1024


def _schema_from(optional_params: dict) -> tuple[dict | None, str, dict | None]:
    """(schema, name, tool) from the request's response_format or tools."""
    fmt = optional_params.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        return spec.get("schema"), spec.get("name", ""), None
    tools = optional_params.get("tools") or []
    if tools:
        tool = tools[0].get("function", {})
        return tool.get("parameters"), tool.get("name", ""), tool
    if isinstance(fmt, dict) and fmt.get("type") == "json_object":
        return None, "", None
    return None, "", None


class LocalHandler(CustomLLM):
    """litellm handler for ``drafter-local/<model>``."""

    def __init__(self, config: LocalConfig):
        super().__init__()
        self.config = config
        self._runtime: LocalRuntime | None = None
        self._runtime_lock = threading.Lock()  # not an asyncio.Lock: the handler outlives event loops
        self.completions: deque[tuple[str, Completion]] = deque(maxlen=256)  # (schema name, stats), for benchmarks

    def _ensure_runtime(self) -> LocalRuntime:
        with self._runtime_lock:
            if self._runtime is None:
                from .model import model_path

                self._runtime = LocalRuntime.shared(model_path(), self.config)
            return self._runtime

    async def runtime(self) -> LocalRuntime:
        """The loaded runtime (the model file is assembled on first use, in a worker thread)."""
        if self._runtime is None:
            await asyncio.to_thread(self._ensure_runtime)
        return self._runtime

    async def acompletion(self, model, messages, api_base, custom_prompt_dict, model_response, print_verbose,
                          encoding, api_key, logging_obj, optional_params, acompletion=None, litellm_params=None,
                          logger_fn=None, headers=None, timeout=None, client=None, **kwargs):
        schema, name, tool = _schema_from(optional_params or {})
        if schema is None:
            raise GenerationError("the embedded model needs a JSON schema (instructor JSON_SCHEMA or TOOLS mode)")
        runtime = await self.runtime()
        user_text = "\n".join(_text(m.get("content")) for m in messages if m.get("role") == "user")
        done = await runtime.acomplete(
            flatten(messages),
            block=example_texts(user_text) + role_texts(user_text),
            schema=schema,
            max_tokens=int(optional_params.get("max_tokens") or DEFAULT_MAX_TOKENS),
            temperature=optional_params.get("temperature"),
            constrained=name not in self.config.free_sections,
        )
        self.completions.append((name, done))
        answer = tidy_answer(done.text)
        choice = model_response.choices[0]
        if tool is not None:
            from litellm.types.utils import ChatCompletionMessageToolCall, Function

            choice.message.content = None
            choice.message.tool_calls = [
                ChatCompletionMessageToolCall(
                    id=f"call_{uuid.uuid4().hex[:12]}", type="function",
                    function=Function(name=tool.get("name", "answer"), arguments=answer),
                )
            ]
            choice.finish_reason = "length" if done.finish_reason == "length" else "tool_calls"
        else:
            choice.message.content = answer
            choice.finish_reason = done.finish_reason
        model_response.model = f"drafter-local/{model}"
        model_response.usage = litellm.Usage(
            prompt_tokens=done.prompt_tokens,
            completion_tokens=done.completion_tokens,
            total_tokens=done.prompt_tokens + done.completion_tokens,
        )
        return model_response

    def completion(self, *args, **kwargs):  # pragma: no cover - drafter only calls acompletion
        raise GenerationError("the embedded model is only available asynchronously")

