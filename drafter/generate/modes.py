"""Which instructor mode each provider gets: one table, looked up by the
litellm model string's provider prefix.

* TOOLS: providers with reliable function calling; the schema is sent as a
  tool and the answer comes back as its arguments.
* JSON_SCHEMA: servers that *enforce* a JSON schema on the output
  (llama.cpp, vLLM, Ollama, LM Studio, and the embedded local model, whose
  output is constrained by a grammar compiled from the schema).

Plain JSON mode (``Mode.JSON``: "answer in JSON", nothing enforced) is never
used for a local model.  Modes are names here so that this module imports
nothing heavy; ``instructor_mode`` turns a name into ``instructor.Mode``.
"""

from __future__ import annotations

TOOLS = "TOOLS"
JSON_SCHEMA = "JSON_SCHEMA"

# The key for a bare model name served by an OpenAI-compatible --api-base.
OPENAI_COMPATIBLE = "openai-compatible"

MODE_BY_PROVIDER: dict[str, str] = {
    "drafter-local": JSON_SCHEMA,
    OPENAI_COMPATIBLE: JSON_SCHEMA,
    "hosted_vllm": JSON_SCHEMA,
    "vllm": JSON_SCHEMA,
    "ollama": JSON_SCHEMA,
    "ollama_chat": JSON_SCHEMA,
    "lm_studio": JSON_SCHEMA,
    "llamafile": JSON_SCHEMA,
    "openai": TOOLS,
    "azure": TOOLS,
    "azure_ai": TOOLS,
    "anthropic": TOOLS,
    "bedrock": TOOLS,
    "gemini": TOOLS,
    "vertex_ai": TOOLS,
    "mistral": TOOLS,
    "groq": TOOLS,
    "deepseek": TOOLS,
    "xai": TOOLS,
    "openrouter": TOOLS,
    "together_ai": TOOLS,
    "fireworks_ai": TOOLS,
    "cohere_chat": TOOLS,
    "litellm_proxy": TOOLS,
}
DEFAULT_MODE = TOOLS

# If a server rejects the table's mode (llama-cpp-python's server accepts no
# response_format "json_schema"), the backend switches to this one, once.
FALLBACK_MODE: dict[str, str] = {
    OPENAI_COMPATIBLE: TOOLS,
    "hosted_vllm": TOOLS,
    "vllm": TOOLS,
    "lm_studio": TOOLS,
    "llamafile": TOOLS,
}

# Providers that run on the user's machine: priced at zero.
LOCAL_PROVIDERS = frozenset({"drafter-local", "ollama", "ollama_chat", "lm_studio", "llamafile"})

# Modes a user may force (config file key ``mode`` or DRAFTER_MODE); never plain JSON.
ALLOWED_MODES = (TOOLS, JSON_SCHEMA, "MD_JSON")


def provider_of(model: str) -> str:
    """The provider prefix of a litellm model string (``openai`` for bare names)."""
    return model.split("/", 1)[0] if "/" in model else "openai"


def mode_for(provider: str) -> str:
    return MODE_BY_PROVIDER.get(provider, DEFAULT_MODE)


def instructor_mode(name: str):
    from .llm import load_instructor

    return load_instructor().Mode[name]
