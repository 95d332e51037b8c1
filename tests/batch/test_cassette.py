"""A batch replaying recorded chat-completion traffic (cassettes/) through the real path:
get_backend -> instructor -> litellm -> httpx, with vcrpy answering instead of the server.

The recorded cassette holds the role profile and three sections of one title
(technical skills, soft skills and hiring, drafted in parallel from the
profile).  The batch resumes that title from a partial draft holding the other
seventeen sections (without the skills no profile can be read off it), so it
asks for exactly the recorded four; the recorded answers must come back as a complete,
valid blueprint with its JSON, Markdown and manifest entry.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.generate.backends import resolve
from drafter.config import load_settings
from drafter.generate.types import RoleRequest
from drafter.schema.models import Blueprint, GenerationInfo
from drafter.testing import sample_blueprint

from .conftest import REPO

TITLE = "Senior Site Reliability Engineer"
RECORDED = ("technical_skills", "soft_skills", "hiring")


def recording() -> dict:
    path = REPO / "cassettes" / "recording.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    return {"model": data.get("model", "gemma3-270m"), "api_base": data.get("api_base", "http://127.0.0.1:8080/v1")}


@pytest.mark.vcr("test_cassette_brief_draft_with_profile.yaml")
def test_batch_replays_a_recorded_cassette(tmp_path):
    rec = recording()
    out = tmp_path / "out"
    out.mkdir()
    # The partial an interrupted run would have left: everything but the three recorded sections.
    model = resolve(load_settings(model=rec["model"], api_base=rec["api_base"])).model
    partial = sample_blueprint(TITLE, depth="brief")
    for key in RECORDED:
        setattr(partial, key, None)
    partial.generation = GenerationInfo(model=model, depth="brief", inputs=RoleRequest(TITLE, depth="brief").inputs())
    (out / "senior-site-reliability-engineer.partial.json").write_text(partial.model_dump_json(), encoding="utf-8")
    (tmp_path / "titles.txt").write_text(TITLE + "\n", encoding="utf-8")

    result = CliRunner().invoke(app, [
        "batch", str(tmp_path / "titles.txt"), "--out", str(out), "--model", rec["model"],
        "--api-base", rec["api_base"], "--depth", "brief", "-j", "2", "--no-cache",
    ])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (item,) = data["items"]
    assert item["status"] == "ok" and item["error"] is None
    assert item["tokens"]["prompt"] > 0 and item["tokens"]["completion"] > 0
    assert item["validation"] is not None
    bp = Blueprint.model_validate_json((out / item["outputs"]["json"]).read_text(encoding="utf-8"))
    assert bp.technical_skills.must_have and bp.soft_skills is not None and bp.hiring is not None
    assert bp.generation.missing_sections == []
    assert (out / item["outputs"]["md"]).read_text(encoding="utf-8").startswith(f"# {TITLE}")
    assert not (out / "senior-site-reliability-engineer.partial.json").exists()
