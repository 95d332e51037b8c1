"""Offline token counting: litellm's bundled tiktoken data, no network, no litellm import."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from drafter.generate import tokens


def test_counts_exactly_with_bundled_cl100k():
    # sockets are disabled for the whole suite (pytest-socket): loading must not need the network
    assert tokens.tokenizer_name() == "cl100k_base"
    assert tokens.is_exact()
    assert tokens.count_tokens("hello world") == 2
    assert tokens.count_tokens("") == 0
    # special-token text is plain text, never an error
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_count_messages_adds_framing():
    messages = [{"role": "system", "content": "You write JSON."}, {"role": "user", "content": "Role: SRE"}]
    contents = sum(tokens.count_tokens(m["content"]) + tokens.count_tokens(m["role"]) for m in messages)
    assert tokens.count_messages(messages) == contents + 3 * len(messages) + 3


def test_fresh_process_loads_offline_without_importing_litellm():
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from drafter.generate import tokens\n"
        "n = tokens.count_tokens('Senior Platform Engineer')\n"
        "print(tokens.tokenizer_name(), n, 'litellm' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    name, n, imported = out.stdout.split()
    assert name == "cl100k_base"
    assert int(n) == tokens.count_tokens("Senior Platform Engineer")
    assert imported == "False"


@pytest.fixture
def no_bundled_data(monkeypatch):
    monkeypatch.setattr(tokens, "bundled_tokenizer_dir", lambda: None)
    tokens._reset_for_tests()
    yield
    tokens._reset_for_tests()


def test_falls_back_to_a_marked_estimate_without_data(no_bundled_data):
    text = "Director of Machine Learning Engineering"
    assert tokens.tokenizer_name() == tokens.ESTIMATE
    assert not tokens.is_exact()
    assert tokens.count_tokens(text) == math.ceil(len(text) / 4)


def test_damaged_data_is_not_used(tmp_path, monkeypatch):
    (tmp_path / tokens._CACHE_NAME).write_bytes(b"not a tokenizer")
    monkeypatch.setattr(tokens, "bundled_tokenizer_dir", lambda: tmp_path)
    tokens._reset_for_tests()
    try:
        assert tokens.tokenizer_name() == tokens.ESTIMATE
        assert (tmp_path / tokens._CACHE_NAME).read_bytes() == b"not a tokenizer"  # left alone, not deleted
    finally:
        tokens._reset_for_tests()
