"""Fixtures for the batch tests: fake backends that fail per title, a runner factory, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

# urllib3 probes IPv6 support with a socket when first imported (litellm imports it); importing it
# here, before pytest-socket blocks sockets, keeps that probe out of the tests (as tests/generate does).
import urllib3.util.connection  # noqa: F401

from drafter.batch import BatchRunner, parse_variants, plan_batch
from drafter.testing import FakeBackend
from drafter.titles import parse_titles


def simple_render(bp) -> str:
    return f"# {bp.meta.title}\n"


def markdown_renderer():
    """Helper A's renderer when it exists, else a minimal one (the batch only needs *a* renderer)."""
    try:
        from drafter.render.markdown import render_markdown
    except ImportError:
        return simple_render
    return render_markdown


class TitleBackend(FakeBackend):
    """A FakeBackend that raises ``error`` for the sections in ``failing`` (default: all) of ``fail_titles``."""

    def __init__(self, *, fail_titles=(), failing=None, error=None, **kw):
        super().__init__(**kw)
        self.fail_titles = set(fail_titles)
        self.failing = set(failing) if failing else None
        self.error = error or RuntimeError("provider exploded")

    async def generate(self, call):
        if call.request.title in self.fail_titles and (self.failing is None or call.section in self.failing):
            self.calls.append(call)
            raise self.error
        return await super().generate(call)


def titles_of(backend) -> list[str]:
    return [c.request.title for c in backend.calls]


@pytest.fixture
def make_runner(tmp_path):
    """make_runner(text, variants=(), backend=None, **kw) -> (runner, backend, out_dir)."""

    def factory(text: str, variants=(), backend=None, out: Path | None = None, concurrency: int = 4, **kw):
        titles = parse_titles(text, source="titles.txt")
        plan = plan_batch(titles, parse_variants(list(variants)), known_stems=kw.pop("known_stems", None))
        backend = backend or FakeBackend()
        out_dir = out or tmp_path / "out"
        kw.setdefault("render", simple_render)
        runner = BatchRunner(plan, backend, out_dir, concurrency=concurrency, **kw)
        return runner, backend, out_dir

    return factory


# ---------------------------------------------------------------- cassettes (pytest-recording), as tests/generate

REPO = Path(__file__).resolve().parents[2]


def _json_body(r1, r2) -> None:
    import json

    def parse(request):
        body = request.body
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body) if body is not None else None
        except ValueError:
            return body

    assert parse(r1) == parse(r2), "request body differs from the recorded one (re-record: scripts/record_cassettes.py)"


@pytest.fixture(scope="module")
def vcr_config():
    return {
        "record_mode": "none",
        "match_on": ["method", "path", "json_body"],
        "filter_headers": ["authorization", "api-key", "x-api-key", "cookie"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(REPO / "cassettes")


def pytest_recording_configure(config, vcr):
    vcr.register_matcher("json_body", _json_body)
