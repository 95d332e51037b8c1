"""JSON export: the Blueprint itself, ``schema_version`` first.

``Blueprint.model_validate_json(render_json(bp)) == bp`` always holds.
"""

from __future__ import annotations

import json

from ..schema.models import SCHEMA_VERSION, Blueprint


def blueprint_dict(bp: Blueprint) -> dict:
    data = bp.model_dump(mode="json")
    version = data.pop("schema_version", None) or SCHEMA_VERSION
    return {"schema_version": version, **data}


def render_json(bp: Blueprint) -> str:
    """The blueprint as indented UTF-8 JSON (non-ASCII kept as is), ending with a newline."""
    data = blueprint_dict(bp)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from escaped JSON input: keep it, escaped
        text = json.dumps(data, indent=2, ensure_ascii=True) + "\n"
    return text
