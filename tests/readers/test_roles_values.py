"""Inference helpers (drafter.roles) and value parsers (enums with notes, salaries, durations)."""

from __future__ import annotations

import pytest

from drafter.readers.values import enum_text, enum_with_note, parse_salary, split_duration
from drafter.roles import infer_level, infer_role_family, infer_track
from drafter.schema.enums import Commonality, Horizon, Importance, Level, Track


@pytest.mark.parametrize(
    "title, level, track, family",
    [
        ("Director of Machine Learning Engineering", Level.director, Track.manager, "Machine Learning Engineering"),
        ("AI Platform Engineer", None, None, "AI Platform Engineering"),
        ("Senior Platform Engineer", Level.senior, Track.individual_contributor, "Platform Engineering"),
        ("Platform Engineering Director", Level.director, Track.manager, "Platform Engineering"),
        ("Global Head of SRE", Level.head, Track.manager, "Site Reliability Engineering"),
        ("Engineering Manager", Level.manager, Track.manager, "Engineering"),
        ("Staff Data Scientist", Level.staff, Track.individual_contributor, "Data Science"),
        ("VP, Machine Learning Engineering", Level.vp, Track.manager, "Machine Learning Engineering"),
        ("Head of MLOps", Level.head, Track.manager, "MLOps"),
        ("Chief Technology Officer", Level.executive, Track.manager, None),
        ("Software Engineer II", Level.mid, Track.individual_contributor, "Software Engineering"),
        ("Senior Engineering Manager, Platform", Level.senior_manager, Track.manager, "Platform Engineering"),
        ("Engineering Manager, AI Platform", Level.manager, Track.manager, "AI Platform Engineering"),
        ("Director, AI Engineering", Level.director, Track.manager, "AI Engineering"),
    ],
)
def test_titles(title, level, track, family):
    assert infer_level(title) == level
    assert infer_track(title) == track
    if family is not None:
        assert infer_role_family(title) == family


def test_seniority_sentences():
    text = "Mid-level to Senior individual contributor (IC) depending on company maturity; this blueprint assumes mid-level"
    assert infer_level(text) == Level.mid
    assert infer_track("AI Platform Engineer", text) == Track.individual_contributor
    assert infer_level(None) is None and infer_track(None) is None and infer_role_family("") is None


@pytest.mark.parametrize(
    "text, enum, value, note",
    [
        ("Critical", Importance, Importance.critical, None),
        (
            "Important (Critical in regulated/high-risk use cases)",
            Importance,
            Importance.important,
            "Critical in regulated/high-risk use cases",
        ),
        (
            "Optional → Important (depends on company adoption)",
            Importance,
            Importance.optional,
            "→ Important (depends on company adoption)",
        ),
        (
            "Optional/Important depending on architecture maturity",
            Importance,
            Importance.optional,
            "/Important depending on architecture maturity",
        ),
        ("Becomes Critical at Staff+", Importance, Importance.critical, "Becomes Critical at Staff+"),
        ("Nice to have", Importance, Importance.optional, "Nice to have"),
        ("Context-specific (Common in many orgs)", Commonality, Commonality.context_specific, "Common in many orgs"),
        ("Optional / Context-specific", Commonality, Commonality.optional, "/ Context-specific"),
        ("Emerging (practices still forming)", Horizon, Horizon.emerging, "practices still forming"),
        ("Sometimes, who knows", Importance, None, "Sometimes, who knows"),
    ],
)
def test_enum_with_note_round_trips(text, enum, value, note):
    assert enum_with_note(text, enum) == (value, note)
    if value is not None:
        assert enum_with_note(enum_text(value, note), enum) == (value, note)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Typical salary range: $184,594 to $222,992", (184594.0, 222992.0, "USD", "year")),
        ("Average salary: Approximately $200,085 per year", (200085.0, None, "USD", "year")),
        ("Top 10%: Over $185,000 per year", (185000.0, None, "USD", "year")),
        ("Contractors: €60–€80 per hour", (60.0, 80.0, "EUR", "hour")),
        ("Band: $120k - $150k", (120000.0, 150000.0, "USD", "year")),
        ("40% between 31-36 years old", None),
    ],
)
def test_parse_salary(text, expected):
    assert parse_salary(text) == expected


def test_split_duration():
    assert split_duration("System design case (60–90 minutes)") == ("System design case", "60–90 minutes")
    assert split_duration("MLOps maturity assessment (take-home or live)") == (
        "MLOps maturity assessment",
        "take-home or live",
    )
    assert split_duration("Design case (LLM platform)") == ("Design case (LLM platform)", None)
