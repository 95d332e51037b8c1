"""The library API: drafter.read / validate / export / draft / adraft (offline, FakeBackend)."""

from __future__ import annotations

import pytest

import drafter
from drafter.errors import DrafterError, InputError, UsageError
from drafter.findings import Severity
from drafter.testing import FakeBackend



def test_read_validate_export(tmp_path, seeds_dir):
    seed = next(seeds_dir.glob("003_*"))
    bp = drafter.read(seed)
    assert bp.meta.title
    findings = drafter.validate(bp)
    assert all(f.severity in Severity for f in findings)
    # a path also reports what reading found; a Document is accepted too
    assert len(drafter.validate(seed)) >= len([f for f in findings if f.severity == Severity.error])
    out = drafter.export(bp, "html", tmp_path / "role.html")
    assert out == tmp_path / "role.html" and "<html" in out.read_text().lower()
    in_dir = drafter.export(bp, "md", tmp_path)  # a folder: named after the title
    assert in_dir.parent == tmp_path and in_dir.suffix == ".md"
    assert drafter.read(in_dir).meta.title == bp.meta.title
    assert drafter.export(bp, "json")[:1] == b"{"  # no path: the bytes


def test_validate_is_callable_even_after_the_package_is_imported():
    import drafter.validate as package

    assert package.validate_blueprint  # the package's own functions stay where they were
    assert drafter.validate is package and callable(drafter.validate)
    with pytest.raises(UsageError):
        drafter.validate(42)


def test_read_errors_are_one_line(tmp_path):
    with pytest.raises(InputError, match="no such file|not found|cannot"):
        drafter.read(tmp_path / "missing.md")
    titles = tmp_path / "titles.csv"
    titles.write_text("title\nData Engineer\n")
    with pytest.raises(InputError, match="list of 1 job titles"):
        drafter.read(titles)


def test_draft_sync_with_a_backend():
    backend = FakeBackend()
    result = drafter.draft("Staff Data Engineer", level="Staff", depth="brief", backend=backend)
    assert result.failed == {} and result.blueprint.meta.title == "Staff Data Engineer"
    assert len(backend.calls) == 20 and result.usage.prompt_tokens == 20 * 100
    assert result.blueprint.generation.inputs["level"] == "staff"


async def test_adraft_and_the_sync_call_inside_a_loop():
    backend = FakeBackend()
    backend.queue("tools", RuntimeError("provider said no"))
    result = await drafter.adraft("Data Engineer", depth="brief", backend=backend)
    # the scorecard is assembled from the sections by code: it cannot be without the tools
    assert set(result.failed) == {"tools", "scorecard"} and result.blueprint.tools is None
    # finish it: only the missing section is drafted
    again = await drafter.adraft("Data Engineer", depth="brief", backend=backend, base=result.blueprint)
    assert again.failed == {} and again.blueprint.tools is not None
    assert [c.section for c in backend.calls[20:]] == ["tools"]
    with pytest.raises(DrafterError, match="adraft"):
        drafter.draft("Data Engineer", backend=backend)


def test_bad_input_is_a_usage_error():
    with pytest.raises(UsageError):
        drafter.draft("   ", backend=FakeBackend())
    with pytest.raises(UsageError, match="unknown level"):
        drafter.draft("Data Engineer", level="grand wizard", backend=FakeBackend())
