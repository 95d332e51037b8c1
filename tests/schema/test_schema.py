"""The data model: registry, generation models, committed JSON Schema."""

from __future__ import annotations

import json
import re

import pytest
from pydantic import ValidationError

from drafter.resources import schemas_dir
from drafter.schema import BLUEPRINT_SECTIONS, GENERATED_SECTIONS, Blueprint, Depth
from drafter.schema.genmodels import generation_model, to_canonical
from drafter.schema.jsonschema import schema_files, stale_schemas
from drafter.testing import fill_model, sample_blueprint


def test_twenty_numbered_sections_in_order():
    assert [s.number for s in BLUEPRINT_SECTIONS] == list(range(1, 21))
    assert BLUEPRINT_SECTIONS[6].title == "KPIs and Productivity Metrics"


def test_committed_schema_is_fresh():
    stale = stale_schemas(schemas_dir())
    assert not stale, f"schemas/ is stale ({stale}); run `drafter schema`"


def test_stale_schema_is_detected(tmp_path):
    (tmp_path / "blueprint.schema.json").write_text("{}", encoding="utf-8")
    assert stale_schemas(tmp_path) == ["blueprint.schema.json"]


def test_every_field_has_a_description():
    schema = json.loads(schema_files()["blueprint.schema.json"])
    missing = []
    for name, definition in schema["$defs"].items():
        for prop, sub in definition.get("properties", {}).items():
            if not sub.get("description"):
                missing.append(f"{name}.{prop}")
    # Bookkeeping models (usage, source) are not filled by a model.
    missing = [m for m in missing if not m.split(".")[0] in {"SectionUsage", "GenerationInfo", "SourceInfo"}]
    assert missing == []


@pytest.mark.parametrize("depth", list(Depth))
def test_generation_models_are_strict_and_grammar_friendly(depth):
    for spec in GENERATED_SECTIONS:
        gen = generation_model(spec.model, depth)
        text = json.dumps(gen.model_json_schema())
        assert "uniqueItems" not in text
        caps = [int(m) for m in re.findall(r'"maxLength": (\d+)', text)]
        assert caps and max(caps) < 2000
        assert "notes" not in gen.model_fields  # bookkeeping is not generated
        filled = fill_model(gen, "Data Engineer")
        assert to_canonical(spec.model, filled) is not None


def test_generation_model_rejects_empty_and_overlong():
    from drafter.schema.models import RoleMission

    gen = generation_model(RoleMission, "brief")
    with pytest.raises(ValidationError):
        gen.model_validate({"core_mission": "", "strategic_importance": ["a"], "primary_outcomes": ["b"]})
    with pytest.raises(ValidationError):
        gen.model_validate({"core_mission": "x" * 5000, "strategic_importance": ["a"], "primary_outcomes": ["b"]})
    with pytest.raises(ValidationError):  # too many items for brief
        gen.model_validate({"core_mission": "m", "strategic_importance": ["a"] * 9, "primary_outcomes": ["b"]})


def test_depth_scales_list_lengths():
    brief, full = sample_blueprint(depth="brief"), sample_blueprint(depth="full")
    assert len(brief.kpis.rows) < len(full.kpis.rows)
    assert len(full.kpis.rows) >= 10


def test_blueprint_json_round_trip():
    bp = sample_blueprint()
    again = Blueprint.model_validate_json(bp.model_dump_json())
    assert again == bp


def test_unknown_field_is_rejected():
    with pytest.raises(ValidationError):
        Blueprint.model_validate({"meta": {"title": "x"}, "sumary": {}})
