"""The suite runs offline: any test that opens a network connection fails."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketBlockedError


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_opening_a_tcp_connection_fails():
    with pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_an_http_request_fails_before_leaving_the_machine():
    import httpx

    with pytest.raises(SocketBlockedError):
        httpx.get("https://api.openai.com/v1/models", timeout=1)


@pytest.mark.filterwarnings("ignore::UserWarning")
async def test_a_real_provider_call_cannot_escape(monkeypatch):
    """Even a full litellm call with a (fake) key is stopped by the guard, and reported as one line."""
    from drafter.errors import ProviderError
    from drafter.generate.instructor_backend import InstructorBackend
    from drafter.generate.retry import RetryPolicy
    from drafter.generate.types import RoleRequest, SectionCall
    from drafter.schema.genmodels import generation_model
    from drafter.schema.models import RoleMission

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    backend = InstructorBackend("openai/gpt-4o-mini", policy=RetryPolicy(attempts={}))
    call = SectionCall("mission", [{"role": "user", "content": "x"}], generation_model(RoleMission, "brief"), 100,
                       RoleRequest("x"))
    with pytest.raises((ProviderError, SocketBlockedError)):
        await backend.generate(call)
