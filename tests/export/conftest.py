"""Fixtures for the export tests: blueprints with placeholder text, with hostile
text in every field, and a career guide with salary figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.schema import models as m
from drafter.schema.enums import DocumentKind, Level, Track
from drafter.testing import sample_blueprint

#: Text that breaks naive renderers: markup, entities, quotes, template syntax.
PAYLOAD = "<script>alert(1)</script> & \"dq\" 'sq' {{ 7*7 }} {% if x %}"
#: Characters XML cannot hold (must be dropped by DOCX/HTML, not crash them).
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f"

# Fields whose values are closed vocabularies (enums, literals) or bookkeeping.
_FIXED = {"horizon", "importance", "commonality", "kind", "schema_version", "period", "level", "track", "status"}


def _poison(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key not in _FIXED:
        return f"{value} {PAYLOAD}"
    return value


def hostile_blueprint(extra: str = "") -> m.Blueprint:
    """Every free-text field of a complete blueprint ends with PAYLOAD (and ``extra``)."""
    bp = sample_blueprint("Staff Platform Engineer")
    data = bp.model_dump(mode="json")
    data = _poison(data)
    data["meta"].update(reports_to="VP <Eng>", role_family="Platform & Infra", industry='fintech "quoted"')
    for key, section in data.items():
        if isinstance(section, dict) and "notes" in section:
            section["notes"] = [f"Note for {key}: {PAYLOAD}"]
        if isinstance(section, dict) and "other_groups" in section:
            section["other_groups"] = [{"title": f"Extra group {PAYLOAD}", "items": [f"extra item {PAYLOAD}"]}]
    data["unmapped"] = [
        {"heading": f"Leftover {PAYLOAD}", "text": f"unmapped text {PAYLOAD}{extra}", "line": 12, "section": "kpis"}
    ]
    if extra:
        data["meta"]["title"] += extra
        data["summary"]["what_it_is"] += extra
        data["kpis"]["rows"][0]["name"] += extra
        data["responsibilities"]["strategic"][0] += extra
    return m.Blueprint.model_validate(data)


def career_guide() -> m.Blueprint:
    """A career guide like the seeds' 000: summary, requirements, salary."""
    return m.Blueprint(
        kind=DocumentKind.career_guide,
        meta=m.RoleMeta(
            title="Platform Engineering Director",
            level=Level.director,
            track=Track.manager,
            role_family="Platform Engineering",
            industry="Software",
        ),
        summary=m.RoleSummary(
            what_it_is="Leads the platform engineering organisation.",
            why_it_exists="Developer productivity at scale needs a dedicated platform.",
            business_value="Faster delivery, lower cloud cost.",
            horizon="Current",
        ),
        responsibilities=m.CoreResponsibilities(
            strategic=["Set the platform strategy."], operational=["Run the platform."]
        ),
        experience=m.Experience(
            years=["10+ years in software engineering, 5+ in leadership"],
            education=["Bachelor's degree in Computer Science or equivalent experience; Master's preferred"],
        ),
        salary=m.SalaryInfo(
            market="US Market, 2024",
            ranges=[
                m.SalaryRange(label="Average salary", minimum=203410, text="Average salary: $203,410 per year"),
                m.SalaryRange(
                    label="Typical salary range",
                    minimum=184594,
                    maximum=222992,
                    text="Typical salary range: $184,594 to $222,992",
                ),
            ],
            factors=["Geographic location", "Years of experience"],
        ),
        market_demand=m.MarketDemand(points=["Demand remains strong."]),
        trends=m.IndustryTrends(points=["Generative AI drives cloud infrastructure needs."]),
        best_practices=m.BestPractices(points=["Treat the platform as a product."]),
    )


@pytest.fixture
def bp() -> m.Blueprint:
    return sample_blueprint("Staff Platform Engineer")


@pytest.fixture
def hostile() -> m.Blueprint:
    return hostile_blueprint()


@pytest.fixture
def guide() -> m.Blueprint:
    return career_guide()


@pytest.fixture
def bp_file(tmp_path: Path, bp: m.Blueprint) -> Path:
    path = tmp_path / "staff-platform-engineer.json"
    path.write_text(bp.model_dump_json(indent=2), encoding="utf-8")
    return path


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()
