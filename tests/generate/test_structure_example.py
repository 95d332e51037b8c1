"""The structure-only example (prompts/structure-example.json): the few-shot fallback for roles that no
example in examples/ is close enough to (drafter/generate/structure.py, fewshot.select_examples)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from drafter.generate import fewshot, prompts
from drafter.generate.local.blocker import example_texts
from drafter.generate.local.prompt import few_shot_layout
from drafter.generate.structure import STRUCTURE_KEY, structure_example
from drafter.generate.types import RoleRequest
from drafter.quality import OFF_FAMILY_TERMS
from drafter.schema.genmodels import generation_model
from drafter.schema.markers import Depth
from drafter.schema.sections import BY_KEY, GENERATED_SECTIONS

OTHER_FAMILIES = ("Senior Registered Nurse", "Junior Accountant", "VP of People", "Senior Account Executive")
CLOSE_ROLES = ("Senior Site Reliability Engineer", "Senior Platform Engineer")
INTRO = ("A generic example showing only the structure and level of detail; "
         "write the content for this role's own job family:")
# Words of one job family that a family-neutral example must not use (besides the engineering lexicon).
FAMILY_WORDS = (
    "patient", "patients", "clinical", "nurse", "nursing", "medication", "ward", "quota", "sales", "deal", "deals",
    "prospect", "ledger", "invoice", "invoices", "bookkeeping", "code", "coding", "software engineering", "deploy",
    "deployment", "sprint", "sprints", "server", "servers", "cloud", "candidate pipeline", "sourcing", "curriculum",
)
_OFF = re.compile(r"(?<![\w/])(" + "|".join(re.escape(t) for t in (*OFF_FAMILY_TERMS, *FAMILY_WORDS)) + r")(?![\w/])")


@pytest.fixture(scope="module")
def generic():
    example = structure_example(strict=True)
    assert example is not None and example.structure_only and example.key == STRUCTURE_KEY
    return example


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _full_lists(data, schema: dict, root: dict, where: str) -> list[str]:
    """Lists of ``data`` (projected onto ``schema``) shorter than the schema's maxItems."""
    schema = fewshot._resolve(schema, root)
    short = []
    if isinstance(data, dict):
        for name, sub in schema.get("properties", {}).items():
            short += _full_lists(data.get(name), sub, root, f"{where}.{name}")
    elif isinstance(data, list):
        if len(data) < schema.get("maxItems", 0):
            short.append(f"{where}: {len(data)} < {schema['maxItems']}")
        for i, item in enumerate(data):
            short += _full_lists(item, schema.get("items", {}), root, f"{where}[{i}]")
    return short


# --------------------------------------------------------------------------- the file


def test_it_is_a_blueprint_with_every_generated_section_at_standard_length(generic):
    bp = generic.blueprint
    assert generic.level.value == "mid" and generic.track.value == "individual_contributor"
    assert "generic example" in generic.title.lower()
    for spec in GENERATED_SECTIONS:
        assert getattr(bp, spec.key) is not None, spec.key
        for depth in (Depth.brief, Depth.standard):
            schema = fewshot.gen_schema(spec.model, depth)
            data = fewshot.example_section(generic, spec, depth)
            generation_model(spec.model, depth).model_validate(data)  # every field filled, within the caps
            assert fewshot.coverage(data, schema) == 1.0, (spec.key, depth)
            # projection keeps each list at the depth's maximum: the file has at least that many items
            assert _full_lists(data, schema, schema, spec.key) == [], depth


def test_it_uses_no_family_specific_words(generic):
    text = " ".join(_strings(generic.blueprint.model_dump(mode="json", exclude={"meta"})))
    assert len(text) > 5000
    assert _OFF.findall(text.casefold()) == []


def test_it_passes_validate_and_the_wording_lint(generic):
    """What ``drafter validate prompts/structure-example.json`` checks: no warning, no error."""
    from drafter.lint import lint_blueprint
    from drafter.validate.rules import check_blueprint

    findings = [*check_blueprint(generic.blueprint), *lint_blueprint(generic.blueprint)]
    assert [f.message for f in findings if f.severity.value in ("warning", "error")] == []


# --------------------------------------------------------------------------- selection


@pytest.mark.parametrize("title", OTHER_FAMILIES)
@pytest.mark.parametrize("key", ["responsibilities", "kpis", "tools", "hiring"])
def test_other_families_get_the_structure_example_and_no_real_one(title, key):
    p = prompts.build_prompt(BY_KEY[key], RoleRequest(title), depth=Depth.standard)
    assert p.examples == (STRUCTURE_KEY,) and p.structure_only
    user = p.messages[1]["content"]
    assert INTRO in user and "Copy the shape and the level of detail, not the content" not in user
    assert user.count("<example ") == 1
    assert '<example role="Team Member (generic example)" level="mid" kind="structure">' in user
    region = user[user.index("<example "): user.index("</example>")]
    assert 0 < p.tokens["examples"] <= prompts.prompt_settings().examples_budget(Depth.standard)
    assert _OFF.findall(region.casefold()) == []


@pytest.mark.parametrize("title", CLOSE_ROLES)
def test_close_roles_keep_their_worked_examples(title):
    for spec in GENERATED_SECTIONS:
        p = prompts.build_prompt(spec, RoleRequest(title), depth=Depth.brief)
        assert p.examples and STRUCTURE_KEY not in p.examples and not p.structure_only, spec.key
        user = p.messages[1]["content"]
        assert 'kind="structure"' not in user and INTRO not in user


def test_select_examples_falls_back_only_when_asked_and_within_budget(generic):
    spec, nurse = BY_KEY["kpis"], RoleRequest("Senior Registered Nurse")
    shots = fewshot.select_examples(spec, nurse, depth="brief", budget=500)
    assert [s.example.key for s in shots] == [STRUCTURE_KEY] and shots[0].structure_only
    assert shots[0].data == fewshot.example_section(generic, spec, "brief")
    assert fewshot.select_examples(spec, nurse, depth="brief", budget=500, structure=False) == []
    # shortened like a real example when the budget is tight; nothing when even one item per list does not fit
    tight = fewshot.select_examples(spec, nurse, depth="brief", budget=shots[0].tokens // 2)
    assert tight and tight[0].shortened and tight[0].tokens <= shots[0].tokens // 2
    assert fewshot.select_examples(spec, nurse, depth="brief", budget=5) == []
    # a close role: real examples only
    sre = fewshot.select_examples(spec, RoleRequest("Senior Site Reliability Engineer"), depth="brief", budget=500)
    assert sre and not any(s.structure_only for s in sre)


def test_the_fallback_serves_a_request_without_an_examples_folder(monkeypatch):
    from drafter import resources

    def missing():
        raise FileNotFoundError("no examples")

    monkeypatch.setattr(resources, "examples_dir", missing)
    p = prompts.build_prompt(BY_KEY["kpis"], RoleRequest("Senior Platform Engineer"), depth=Depth.brief)
    assert p.examples == (STRUCTURE_KEY,) and p.structure_only


def test_it_is_read_from_the_prompts_folder_in_use(tmp_path, monkeypatch, generic):
    """A wheel packs prompts/ as drafter/_data/prompts: the file is found wherever prompts_dir() is."""
    from drafter import resources

    folder = tmp_path / "_data" / "prompts"
    folder.mkdir(parents=True)
    (folder / "structure-example.json").write_bytes(generic.path.read_bytes())
    monkeypatch.setattr(resources, "prompts_dir", lambda: folder)
    assert structure_example().path == (folder / "structure-example.json").resolve()


def test_no_structure_example_file_means_no_fallback(tmp_path, monkeypatch):
    from drafter.generate import structure

    monkeypatch.setattr(structure, "structure_path", lambda: tmp_path / "missing.json")
    assert fewshot.select_examples(BY_KEY["kpis"], RoleRequest("Senior Registered Nurse"), depth="brief") == []
    broken = tmp_path / "structure-example.json"
    broken.write_text('{"meta": {}}', encoding="utf-8")
    monkeypatch.setattr(structure, "structure_path", lambda: broken)
    assert structure.structure_example() is None
    with pytest.raises(ValueError, match="not a valid blueprint"):
        structure.structure_example(strict=True)


# --------------------------------------------------------------------------- role profile


def test_the_role_profile_of_another_family_gets_the_structure_profile():
    from drafter.generate.profile import profile_messages

    nurse = profile_messages(RoleRequest("Senior Registered Nurse"))[1]["content"]
    assert 'kind="structure"' in nurse and "A generic example profile showing only the structure" in nurse
    sre = profile_messages(RoleRequest("Senior Site Reliability Engineer"))[1]["content"]
    assert "<example " in sre and 'kind="structure"' not in sre and "Example profile of another role" in sre


# --------------------------------------------------------------------------- embedded model


def test_the_local_layout_gives_a_nurse_a_pattern_to_continue(generic):
    messages = prompts.build_messages(BY_KEY["tools"], RoleRequest("Senior Registered Nurse", depth="brief"),
                                      depth=Depth.brief, dependencies={})
    layout = few_shot_layout(messages)
    assert layout is not None
    assert layout.startswith('Section "Tools, Platforms, and Software" of role blueprints, as JSON.')
    assert "\n\nRole: Team Member (generic example) (mid level)\n{" in layout
    assert layout.endswith("\n\nRole: Senior Registered Nurse (senior level)\n")
    assert "Fields (brief depth" not in layout and INTRO not in layout
    body = layout.split("Role: Team Member (generic example) (mid level)\n", 1)[1].split("\n\n", 1)[0]
    assert json.loads(body) == fewshot.example_section(generic, BY_KEY["tools"], "brief")


def test_old_example_blocks_still_parse():
    user = ('Write section 3) "Core Responsibilities" of the blueprint for this role:\n<role_data>\n{"title": "Y"}\n'
            '</role_data>\n<example role="Senior X" level="senior">\n{"strategic": ["Set it"]}\n</example>\n')
    layout = few_shot_layout([{"role": "user", "content": user}])
    assert layout is not None and 'Role: Senior X (senior level)\n{"strategic": ["Set it"]}' in layout


def test_the_blocker_reads_the_structure_example_strings(generic):
    for key in ("tools", "responsibilities"):
        messages = prompts.build_messages(BY_KEY[key], RoleRequest("Senior Registered Nurse", depth="brief"),
                                          depth=Depth.brief, dependencies={})
        block = example_texts("\n".join(m["content"] for m in messages if m["role"] == "user"))
        shown = list(_strings(fewshot.example_section(generic, BY_KEY[key], "brief")))
        assert shown and set(shown) <= set(block)
    assert "Email and calendar" in example_texts(
        prompts.build_messages(BY_KEY["tools"], RoleRequest("Junior Accountant"), depth=Depth.brief,
                               dependencies={})[1]["content"])


# --------------------------------------------------------------------------- drafter prompt


def test_the_prompt_command_names_the_structure_example():
    from drafter.cli import app

    result = CliRunner().invoke(app, ["prompt", "Senior Registered Nurse", "--section", "kpis", "--depth", "brief"])
    assert result.exit_code == 0, result.output
    assert "examples: structure-only example (no example close enough) (" in result.stdout
    result = CliRunner().invoke(app, ["prompt", "Senior Registered Nurse", "-s", "kpis", "--format", "json"])
    out = json.loads(result.stdout)
    assert out["examples"] == [STRUCTURE_KEY] and out["structure_only"] is True
    sre = CliRunner().invoke(app, ["prompt", "Senior Site Reliability Engineer", "-s", "kpis", "--depth", "brief"])
    assert "structure-only" not in sre.stdout and "examples: ai-platform-engineer" in sre.stdout
