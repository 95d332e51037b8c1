"""The JSON Schema files committed under schemas/."""

from __future__ import annotations

import json
from pathlib import Path

from .models import SCHEMA_VERSION, Blueprint

SCHEMA_ID = f"https://drafter.dev/schemas/blueprint-{SCHEMA_VERSION}.schema.json"


def blueprint_schema() -> dict:
    schema = Blueprint.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_files() -> dict[str, str]:
    """File name -> exact text to commit."""
    return {"blueprint.schema.json": json.dumps(blueprint_schema(), indent=2, ensure_ascii=False) + "\n"}


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that are missing or differ from the models."""
    stale = []
    for name, text in schema_files().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
