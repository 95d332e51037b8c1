"""DL3xx: requirement inflation."""

from __future__ import annotations

import pytest

from drafter.schema.enums import Level

from .helpers import blueprint, codes, experience, lint, responsibilities, skills


def test_more_than_seven_must_haves():
    (f,) = codes(lint(blueprint(technical_skills=skills(*[f"Skill {i}" for i in range(8)]))), "DL301")
    assert f.section == "technical_skills" and f.field == "must_have" and "8 must-have" in f.message
    assert codes(lint(blueprint(technical_skills=skills(*[f"Skill {i}" for i in range(7)]))), "DL301") == []


@pytest.mark.parametrize(
    "level,text,fires",
    [
        (Level.senior, "10+ years in backend engineering", True),
        (Level.senior, "5-8 years in backend engineering", False),
        (Level.junior, "3+ years of professional experience", True),
        (Level.director, "12+ years, 5 in leadership", False),
    ],
)
def test_years_against_the_level_band(level, text, fires):
    found = codes(lint(blueprint(level=level, experience=experience(years=[text]))), "DL302")
    assert bool(found) == fires
    if fires:
        assert found[0].field == "years[0]" and "band" in found[0].message


def test_level_inferred_from_the_title():
    found = codes(lint(blueprint("Junior Data Analyst", experience=experience(years=["4+ years of SQL"]))), "DL302")
    assert found and "junior" in found[0].message


@pytest.mark.parametrize(
    "text,fires",
    [
        ("15+ years of Kubernetes experience", True),  # first released 2014: 12 years by 2026
        ("13 years of experience with Terraform", True),  # 2014: 12 years by 2026
        ("5+ years of Kubernetes experience", False),
        ("10 years in platform engineering, including Kubernetes", False),  # the years are not of Kubernetes
        ("5 years of experience with LangChain", True),  # 2022
    ],
)
def test_years_longer_than_the_technology_exists(text, fires):
    found = codes(lint(blueprint(responsibilities=responsibilities(f"Requires {text}."))), "DL303")
    assert bool(found) == fires, found


@pytest.mark.parametrize(
    "education,fires",
    [
        (["Bachelor's degree in Computer Science required."], True),
        (["BS in Computer Science or related field."], True),
        (["Bachelor's degree in Computer Science or equivalent practical experience."], False),
        (["A degree is not required."], False),
        (["Bachelor's degree in Computer Science.", "Equivalent experience is welcome."], False),
    ],
)
def test_degree_without_equivalent(education, fires):
    found = codes(lint(blueprint(experience=experience(education=education))), "DL304")
    assert bool(found) == fires
    if fires:
        assert "equivalent" in found[0].suggestion and found[0].field == "education[0]"
