"""JSON-LD export: a schema.org JobPosting that invents nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from drafter.render import render
from drafter.render.jsonld import credential_category, job_posting, months_of_experience
from drafter.schema.models import Blueprint, GenerationInfo, RoleMeta

from .conftest import PAYLOAD, hostile_blueprint

# The schema.org properties each type may carry (what this exporter can emit).
ALLOWED = {
    "JobPosting": {
        "@context",
        "@type",
        "title",
        "description",
        "datePosted",
        "occupationalCategory",
        "industry",
        "responsibilities",
        "qualifications",
        "skills",
        "experienceRequirements",
        "educationRequirements",
        "experienceInPlaceOfEducation",
        "baseSalary",
        "employmentType",
    },
    "OccupationalExperienceRequirements": {"@type", "monthsOfExperience", "description"},
    "EducationalOccupationalCredential": {"@type", "credentialCategory", "description"},
    "MonetaryAmount": {"@type", "currency", "value"},
    "QuantitativeValue": {"@type", "value", "minValue", "maxValue", "unitText"},
}
GOOGLE_CATEGORIES = {
    "high school",
    "associate degree",
    "bachelor degree",
    "professional certificate",
    "postgraduate degree",
}


def check_structure(node, *, top=True):
    """Every object is typed, uses only known properties, and holds JSON-LD values."""
    assert isinstance(node, dict)
    kind = node["@type"]
    assert kind in ALLOWED, kind
    assert set(node) <= ALLOWED[kind], set(node) - ALLOWED[kind]
    assert ("@context" in node) is top
    for key, value in node.items():
        if isinstance(value, dict):
            check_structure(value, top=False)
        elif isinstance(value, list):
            assert value and all(isinstance(v, str) and v for v in value), key
        else:
            assert isinstance(value, (str, int, float, bool)) and value != "", key


def load(bp) -> dict:
    data = render(bp, "jsonld")
    assert data.endswith(b"}\n")
    return json.loads(data)


def test_complete_blueprint_is_a_valid_job_posting(bp):
    bp.meta.role_family = "Platform Engineering"
    doc = load(bp)
    check_structure(doc)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "JobPosting"
    assert doc["title"] == "Staff Platform Engineer"
    assert doc["occupationalCategory"] == "Platform Engineering"
    assert doc["datePosted"] == date.today().isoformat()
    assert doc["responsibilities"][0] == bp.responsibilities.strategic[0]
    assert len(doc["responsibilities"]) == sum(
        len(getattr(bp.responsibilities, g))
        for g in ("strategic", "operational", "technical", "cross_functional", "governance", "leadership")
    )
    assert bp.technical_skills.must_have[0].name in doc["skills"]
    assert bp.soft_skills.skills[0].name in doc["skills"]
    assert bp.experience.certifications[0] in doc["qualifications"]
    assert doc["description"].startswith(f"<p>{bp.summary.what_it_is}</p>")
    assert f"<p>{bp.mission.core_mission}</p>" in doc["description"]


def test_no_employer_location_or_employment_type_is_invented(bp):
    doc = load(bp)
    for key in ("hiringOrganization", "jobLocation", "employmentType", "baseSalary", "validThrough"):
        assert key not in doc


def test_experience_and_education_are_structured(bp):
    bp.experience.years = ["**3–7 years** in software engineering, including 1–3 years on ML platforms"]
    bp.experience.education = [
        "Bachelor’s degree in Computer Science or equivalent practical experience",
        "Master's degree helpful for research-heavy teams",
    ]
    doc = load(bp)
    check_structure(doc)
    exp = doc["experienceRequirements"]
    assert exp == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": 36,
        "description": bp.experience.years[0],
    }
    edu = doc["educationRequirements"]
    assert edu["@type"] == "EducationalOccupationalCredential"
    assert edu["credentialCategory"] == "bachelor degree"
    assert doc["experienceInPlaceOfEducation"] is True


def test_unrecognised_education_stays_text(bp):
    bp.experience.education = ["Strong fundamentals matter more than credentials"]
    bp.experience.years = ["Several years of hands-on work"]
    doc = load(bp)
    assert doc["educationRequirements"] == "Strong fundamentals matter more than credentials"
    assert "experienceInPlaceOfEducation" not in doc
    assert doc["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "description": "Several years of hands-on work",
    }


@pytest.mark.parametrize(
    "text, months",
    [
        ("3–7 years", 36),
        ("3-7 years", 36),
        ("5+ years of experience", 60),
        ("10+ yrs", 120),
        ("at least 8 years", 96),
        ("12 to 15 years", 144),
        ("2.5 years", 30),
        ("18 months", 18),
        ("senior experience", None),
    ],
)
def test_months_of_experience(text, months):
    assert months_of_experience(text) == months


@pytest.mark.parametrize(
    "text, category",
    [
        ("Bachelor's degree in CS", "bachelor degree"),
        ("BS/MS in Computer Science", "bachelor degree"),
        ("Master’s or PhD preferred", "postgraduate degree"),
        ("MBA", "postgraduate degree"),
        ("Associate degree or bootcamp", "associate degree"),
        ("High school diploma", "high school"),
        ("Degree in a quantitative field", "bachelor degree"),
        ("Cloud certification (AWS, GCP)", "professional certificate"),
        ("mastery of Kubernetes", None),
        ("jobs in bs", None),
    ],
)
def test_credential_category(text, category):
    assert credential_category(text) == category
    assert category is None or category in GOOGLE_CATEGORIES


def test_career_guide_salary_becomes_base_salary(guide):
    doc = load(guide)
    check_structure(doc)
    assert doc["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "unitText": "YEAR", "minValue": 184594, "maxValue": 222992},
    }
    assert doc["industry"] == "Software"
    assert doc["experienceRequirements"]["monthsOfExperience"] == 120


def test_single_salary_figure(guide):
    guide.salary.ranges = guide.salary.ranges[:1]
    assert load(guide)["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "YEAR", "value": 203410}


def test_date_posted_is_the_generation_date(bp):
    bp.generation = GenerationInfo(model="fake/model", started_at="2025-03-04T10:11:12+00:00")
    assert load(bp)["datePosted"] == "2025-03-04"


def test_description_is_escaped_html(hostile):
    doc = load(hostile)
    check_structure(doc)
    desc = doc["description"]
    assert "<script>" not in desc
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;dq&quot;" in desc
    assert desc.startswith("<p>") and desc.endswith("</p>")
    assert any(PAYLOAD in r for r in doc["responsibilities"])  # plain-text properties keep the text as is


def test_minimal_blueprint_still_has_required_text():
    doc = job_posting(Blueprint(meta=RoleMeta(title="Data Steward")))
    check_structure(doc)
    assert doc["description"] == "<p>Data Steward</p>"
    assert set(doc) == {"@context", "@type", "title", "description", "datePosted"}


def test_duplicates_removed(bp):
    bp.technical_skills.good_to_have[0].name = bp.technical_skills.must_have[0].name.upper()
    skills = load(bp)["skills"]
    assert len(skills) == len({s.casefold() for s in skills})


def test_hostile_blueprint_output_is_strict_json():
    data = render(hostile_blueprint(extra="\x00\x07"), "jsonld")
    doc = json.loads(data, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert "\x00" not in doc["title"]
