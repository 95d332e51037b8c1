"""DL2xx: exclusionary and ableist phrases, physical requirements."""

from __future__ import annotations

import pytest

from drafter.findings import Severity

from .helpers import blueprint, codes, lint, responsibilities


def found(*items: str, code: str = "DL201"):
    return codes(lint(blueprint(responsibilities=responsibilities(*items))), code)


@pytest.mark.parametrize(
    "text,phrase,hint",
    [
        ("We want a rockstar engineer.", "rockstar", "experienced"),
        ("A Python ninja.", "ninja", "expert"),
        ("Our DevOps guru.", "guru", "expert"),
        ("Join a young and hungry team.", "young", "describe"),
        ("Ideal for a digital native.", "digital native", "digital tools"),
        ("Native English speaker required.", "Native English speaker", "fluent"),
        ("Must be a strong culture fit.", "culture fit", "values"),
    ],
)
def test_phrases_flagged_with_suggestion(text, phrase, hint):
    (f,) = found(text)
    assert f.severity == Severity.warning and f.code == "DL201"
    assert repr(phrase) in f.message and f.section == "responsibilities" and f.field == "operational[0]"
    assert hint in f.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Build cloud-native services and native apps.",
        "Scale a young company's platform.",
        "Rock-solid reliability.",
        "Fit for purpose pipelines; benefits include a gym.",
        "Graduated the service from beta.",
    ],
)
def test_near_misses(text):
    assert found(text) == []


def test_physical_requirement_without_context_flagged():
    (f,) = found("Must be able to lift 50 lbs.", code="DL202")
    assert f.severity == Severity.warning and "essential function" in f.suggestion


def test_physical_requirement_with_essential_function_context_is_fine():
    assert found("Lift 20 kg boxes, an essential function of the role, with or without reasonable accommodation.",
                 code="DL202") == []
    # context elsewhere in the same section counts too
    assert found("Stand for long periods on the data-centre floor.",
                 "Reasonable accommodations are available for these essential functions.", code="DL202") == []
