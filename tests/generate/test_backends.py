"""From settings to a backend: the provider table, modes, keys, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from drafter.config import load_settings
from drafter.errors import ConfigError
from drafter.generate import backends, modes
from drafter.generate.backends import get_backend, register_backend, resolve


@pytest.mark.parametrize(
    ("model", "api_base", "sent", "mode"),
    [
        ("openai/gpt-4o-mini", None, "openai/gpt-4o-mini", "TOOLS"),
        ("anthropic/claude-3-5-haiku-latest", None, "anthropic/claude-3-5-haiku-latest", "TOOLS"),
        ("gemini/gemini-2.0-flash", None, "gemini/gemini-2.0-flash", "TOOLS"),
        ("ollama_chat/llama3.2", "http://127.0.0.1:11434", "ollama_chat/llama3.2", "JSON_SCHEMA"),
        ("hosted_vllm/qwen", "http://gpu:8000/v1", "hosted_vllm/qwen", "JSON_SCHEMA"),
        ("gemma3-270m", "http://127.0.0.1:8080/v1", "openai/gemma3-270m", "JSON_SCHEMA"),  # OpenAI-compatible
        ("openai/gpt-4o-mini", "http://proxy:4000", "openai/gpt-4o-mini", "TOOLS"),  # a LiteLLM proxy
        ("drafter-local/gemma3-270m", None, "drafter-local/gemma3-270m", "JSON_SCHEMA"),
    ],
)
def test_modes_come_from_the_table(model, api_base, sent, mode):
    spec = resolve(load_settings(model=model, api_base=api_base))
    assert (spec.model, spec.mode) == (sent, mode)


def test_the_local_model_never_gets_plain_json_mode():
    assert modes.MODE_BY_PROVIDER["drafter-local"] == "JSON_SCHEMA"
    assert "JSON" not in modes.ALLOWED_MODES
    backend = get_backend(load_settings())
    assert type(backend).__name__ == "LocalBackend" and backend.mode == "JSON_SCHEMA"
    assert backend.price_zero and backend.max_concurrency == 1 and backend.api_base is None


def test_openai_compatible_server_gets_a_placeholder_key_and_no_free_price(monkeypatch):
    # a LiteLLM proxy on localhost is not free: priced from the model name, else unknown
    spec = resolve(load_settings(model="my-model", api_base="http://localhost:8080/v1"))
    assert spec.api_key == backends.PLACEHOLDER_KEY and not spec.price_zero
    assert not resolve(load_settings(model="openai/gpt-4o-mini", api_base="http://127.0.0.1:4000")).price_zero
    assert resolve(load_settings(model="ollama/llama3.1", api_base="http://127.0.0.1:11434")).price_zero
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    spec = resolve(load_settings(model="my-model", api_base="https://llm.example.com/v1"))
    assert spec.api_key == "sk-test-not-real" and not spec.price_zero


def test_mode_can_be_forced_but_never_to_plain_json(monkeypatch):
    monkeypatch.setenv("DRAFTER_MODE", "json_schema")
    assert resolve(load_settings(model="openai/gpt-4o-mini")).mode == "JSON_SCHEMA"
    monkeypatch.setenv("DRAFTER_MODE", "JSON")
    with pytest.raises(ConfigError, match="mode must be one of"):
        resolve(load_settings(model="openai/gpt-4o-mini"))


def test_bad_api_base_is_a_config_error():
    with pytest.raises(ConfigError, match="http"):
        resolve(load_settings(model="x", api_base="localhost:8080"))


def test_unknown_embedded_model_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown embedded model"):
        get_backend(load_settings(model="drafter-local/llama-70b"))


def test_plugins_register_through_the_same_table(monkeypatch):
    from drafter.testing import FakeBackend

    monkeypatch.setitem(backends.BACKENDS, "fakeco", None)
    register_backend("fakeco", lambda spec: FakeBackend(model=spec.model))
    backend = get_backend(load_settings(model="fakeco/model-1"))
    assert isinstance(backend, FakeBackend) and backend.model == "fakeco/model-1"


def test_building_an_engine_imports_no_model_library():
    code = (
        "import sys\n"
        "from drafter.config import load_settings\n"
        "from drafter.generate import open_engine\n"
        "e = open_engine(load_settings())\n"
        "e2 = open_engine(load_settings(model='openai/gpt-4o-mini'))\n"
        "heavy = [m for m in ('litellm', 'instructor', 'llama_cpp', 'openai') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
