"""Fixtures for the prompt tests: a folder of synthetic example blueprints.

Every string of an example carries a marker "<TAG>-<section key>" so a test can
tell which example and which section any text in a prompt came from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter import resources
from drafter.generate import prompts
from drafter.schema.enums import Level, Track
from drafter.schema.genmodels import generation_model, to_canonical
from drafter.schema.models import Blueprint, RoleMeta
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.testing import fill_model

GUIDE_SECTIONS = ("summary", "responsibilities", "technical_skills", "soft_skills", "experience", "career_path", "risks")

# tag, file stem, title, level, track, family, sections (None: all 20)
EXAMPLES = (
    ("PEDIR", "000_platform_director_guide", "Platform Engineering Director", Level.director, Track.manager,
     "Platform Engineering", GUIDE_SECTIONS),
    ("SRPE", "001_senior_platform_guide", "Senior Platform Engineer", Level.senior, Track.individual_contributor,
     "Platform Engineering", GUIDE_SECTIONS),
    ("AIPE", "003_ai_platform_engineer", "AI Platform Engineer", None, None, "Platform Engineering", None),
    ("DIRML", "004_director_ml_engineering", "Director of Machine Learning Engineering", Level.director, Track.manager,
     "Machine Learning Engineering", None),
)
TAGS = tuple(e[0] for e in EXAMPLES)


def make_example(tag: str, title: str, level, track, family: str, sections) -> Blueprint:
    data = {}
    for spec in GENERATED_SECTIONS:
        if sections is None or spec.key in sections:
            gen = fill_model(generation_model(spec.model, "full"), f"{tag}-{spec.key}", prefer_max=True)
            data[spec.key] = to_canonical(spec.model, gen)
    return Blueprint(meta=RoleMeta(title=title, level=level, track=track, role_family=family), **data)


def write_examples(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for tag, stem, title, level, track, family, sections in EXAMPLES:
        bp = make_example(tag, title, level, track, family, sections)
        (folder / f"{stem}.json").write_text(bp.model_dump_json(indent=1, exclude_none=True), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def synthetic_examples_dir(tmp_path_factory) -> Path:
    return write_examples(tmp_path_factory.mktemp("examples"))


@pytest.fixture
def examples_here(synthetic_examples_dir, monkeypatch) -> Path:
    """Point drafter at the synthetic examples (and the shipped prompts)."""
    monkeypatch.setattr(resources, "examples_dir", lambda: synthetic_examples_dir)
    return synthetic_examples_dir


@pytest.fixture
def prompts_copy(tmp_path, monkeypatch, examples_here) -> Path:
    """A private copy of the shipped prompts folder that a test may edit."""
    import shutil

    target = tmp_path / "prompts"
    shutil.copytree(resources.prompts_dir(), target)
    monkeypatch.setattr(resources, "prompts_dir", lambda: target)
    return target


@pytest.fixture
def settings():
    return prompts.prompt_settings()


@pytest.fixture
def guide_sections() -> tuple[str, ...]:
    return GUIDE_SECTIONS
