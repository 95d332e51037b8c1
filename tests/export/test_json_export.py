"""JSON export: the Blueprint itself, schema_version first, lossless."""

from __future__ import annotations

import json

from drafter.render import render
from drafter.schema.models import SCHEMA_VERSION, Blueprint

from .conftest import CONTROL, PAYLOAD, hostile_blueprint


def test_json_round_trip_gives_an_equal_blueprint(bp):
    text = render(bp, "json").decode("utf-8")
    assert Blueprint.model_validate_json(text) == bp


def test_json_layout_schema_version_first_indent_trailing_newline(bp):
    text = render(bp, "json").decode("utf-8")
    assert text.startswith('{\n  "schema_version": "%s",\n  "kind": "role_blueprint",' % SCHEMA_VERSION)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert list(json.loads(text))[0] == "schema_version"


def test_json_keeps_unicode_and_hostile_text_exactly():
    bp = hostile_blueprint(extra=" — Ünïcödé ✓ 数据" + CONTROL)
    data = render(bp, "json")
    text = data.decode("utf-8")
    assert "Ünïcödé ✓ 数据" in text  # ensure_ascii=False: readable in any editor
    assert "\\u0000" in text  # JSON keeps even control characters, escaped
    again = Blueprint.model_validate_json(data)
    assert again == bp
    assert again.meta.title.endswith(PAYLOAD + " — Ünïcödé ✓ 数据" + CONTROL)


def test_json_lone_surrogate_does_not_crash(bp):
    bp.meta.title = "broken \ud800 text"
    data = render(bp, "json")  # UTF-8 cannot hold it: it is kept as an escape, not dropped
    assert json.loads(data)["meta"]["title"] == "broken \ud800 text"


def test_json_career_guide_round_trip(guide):
    assert Blueprint.model_validate_json(render(guide, "json")) == guide
