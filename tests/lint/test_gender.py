"""DL1xx: gender-coded words (true positives, near misses, the verdict)."""

from __future__ import annotations

import pytest

from drafter.findings import Severity
from drafter.lint import gender

from .helpers import blueprint, codes, lint, responsibilities, summary, words


def test_masculine_and_feminine_words_found_with_location():
    bp = blueprint(responsibilities=responsibilities(
        "Be competitive and driven in an analytical role.", "Collaborate with and support the wider team."
    ))
    found = lint(bp)
    assert words(found, "DL101") == ["competitive", "driven", "analytical"]
    assert words(found, "DL102") == ["collaborate", "support"]
    first = codes(found, "DL101")[0]
    assert (first.section, first.field, first.severity) == ("responsibilities", "operational[0]", Severity.info)
    assert first.suggestion and "motivated" in first.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Analyse incidents and write the analysis up.",  # the activity, not the trait "analytical"
        "Analyze logs; work with analysts on analytics.",
        "Cut lead time for changes.",
        "An individual contributor role.",
        "Track competency growth and objectives; keep agreements with vendors.",
        "Manage dependencies; this depends on the roadmap.",
        "Review commits and assertions in tests.",
        "Build a data-driven culture.",  # hyphenated compound: not the trait "driven"
        "Run incident response for sensitive data.",
        "Monitor with Nagios.",
    ],
)
def test_near_misses_are_not_coded(text):
    assert gender.find(text) == []


def test_leader_in_titles_is_not_a_coded_word():
    bp = blueprint(
        "Engineering Team Leader",
        summary=summary("The Engineering Team Leader reports to the Tech Lead and works with the Lead Engineer."),
    )
    found = lint(bp)
    assert codes(found, "DL101") == []


def test_leader_in_the_body_is_coded():
    bp = blueprint("Engineering Manager", summary=summary("A strong leader who can lead the team."))
    assert words(lint(bp), "DL101") == ["leader", "lead"]


@pytest.mark.parametrize(
    "m,f,expected",
    [
        (0, 0, "neutral"),
        (3, 3, "neutral"),
        (4, 3, "masculine-coded"),
        (12, 5, "strongly masculine-coded"),
        (5, 0, "masculine-coded"),  # not more than 5
        (6, 0, "strongly masculine-coded"),
        (2, 3, "feminine-coded"),
        (1, 7, "strongly feminine-coded"),
    ],
)
def test_verdict(m, f, expected):
    assert gender.verdict(m, f) == expected


def test_document_verdict_is_a_warning_only_when_strongly_coded():
    strong = blueprint(responsibilities=responsibilities(
        "Competitive, driven, decisive, assertive, fearless and dominant engineers."
    ))
    (v,) = codes(lint(strong), "DL100")
    assert v.severity == Severity.warning and v.message.startswith("strongly masculine-coded: 6 masculine")
    mild = blueprint(responsibilities=responsibilities("Driven people who support each other and lead."))
    (v,) = codes(lint(mild), "DL100")
    assert v.severity == Severity.info and v.message.startswith("masculine-coded: 2 masculine-coded, 1 feminine")


def test_unmapped_content_is_linted_at_its_line():
    from drafter.schema.models import UnmappedContent

    bp = blueprint(unmapped=[UnmappedContent(heading="About us", text="A young, competitive team.", line=42)])
    found = lint(bp)
    (young,) = codes(found, "DL201")
    assert young.section is None and young.line == 42
    assert words(found, "DL101") == ["competitive"]
