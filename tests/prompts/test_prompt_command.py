"""``drafter prompt TITLE --section S`` and ``drafter draft TITLE --show-prompt S``: the exact messages, no model."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from drafter.cli import app
from drafter.generate import prompts
from drafter.generate.types import RoleRequest
from drafter.schema.sections import BY_KEY


def run(*args):
    return CliRunner().invoke(app, [*map(str, args)])


def test_prints_the_exact_messages_with_token_counts(examples_here):
    result = run("prompt", "Registered Nurse", "--section", "7", "--depth", "brief", "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    expected = prompts.build_prompt(BY_KEY["kpis"], RoleRequest("Registered Nurse", depth="brief"), depth="brief")
    assert out["messages"] == expected.messages and out["section"] == "kpis"
    assert out["tokens"]["total"] == expected.tokens["total"] and out["tokens"]["response_schema"] > 0
    assert out["request"] == "Registered Nurse: mid level (inferred), individual contributor (inferred), Nursing (inferred)"


def test_text_layout_and_show_prompt_alias(examples_here):
    a = run("prompt", "Senior Product Manager", "-s", "kpis", "--depth", "brief")
    b = run("draft", "Senior Product Manager", "--show-prompt", "kpis", "--depth", "brief")
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    assert a.stdout == b.stdout
    assert "===== system (" in a.stdout and "===== user (" in a.stdout and "===== total " in a.stdout
    assert "senior level, individual contributor track (both inferred from the title)" in a.stdout
    assert "Senior Product Manager: senior level (inferred), individual contributor (inferred)" in a.stderr


def test_bad_section_and_level_are_one_line_errors(examples_here):
    bad = run("prompt", "Nurse", "--section", "salary")
    assert bad.exit_code == 2 and "unknown section 'salary'; use a number 1-20 or one of: summary" in bad.output
    bad = run("prompt", "Nurse", "--section", "kpis", "--level", "wizard")
    assert bad.exit_code == 2 and "unknown level 'wizard'" in bad.output and "Traceback" not in bad.output


def test_calls_no_model_and_imports_no_litellm():
    code = (
        "import sys; from drafter.commands.prompt import run; "
        "run('VP of People', 'hiring', format='json'); "
        "print(','.join(m for m in ('litellm', 'instructor', 'openai', 'llama_cpp') if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "DRAFTER_HOME": "/nonexistent-drafter-home"})
    assert out.stderr.strip() == ""
    assert json.loads(out.stdout)["section"] == "hiring"


def test_split_sections_show_their_part_calls(examples_here):
    from drafter.generate import engine

    result = run("prompt", "Registered Nurse", "-s", "technical_skills", "--depth", "standard", "--format", "json")
    out = json.loads(result.stdout)
    assert [tuple(p["fields"]) for p in out["parts"]] == list(engine.SPLIT_SECTIONS["technical_skills"])
    assert all("This answer writes only these fields" in p["messages"][-1]["content"] for p in out["parts"])
    brief = json.loads(run("prompt", "Registered Nurse", "-s", "technical_skills", "--depth", "brief", "-f", "json").stdout)
    assert brief["parts"] == []


def test_the_scorecard_has_no_prompt(examples_here):
    result = run("prompt", "Nurse", "--section", "scorecard")
    assert result.exit_code == 2 and "assembled from the drafted sections by code" in result.output
