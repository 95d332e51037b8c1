"""Heading vocabulary: real job-post phrasings map by meaning; bare lists and bold-label bullets land in typed fields."""

from __future__ import annotations

import pytest

from drafter.errors import InputError
from drafter.readers import read_text
from drafter.readers.mapper import section_for
from drafter.readers.vocabulary import load, phrase_score


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("What You’ll Do (Job Responsibilities, most important first)", "responsibilities"),
        ("As an SRE you will", "responsibilities"),
        ("In this role", "responsibilities"),
        ("US Payroll Responsibilites", "responsibilities"),  # a typo
        ("What we expect from you", "experience"),
        ("You may be a fit if", "experience"),
        ("Bonus Points (Nice to Haves)", "experience"),
        ("Qualifications and skills", "experience"),
        ("Job Grades", "career_path"),
        ("Senior Payroll Analyst Job Grade", "career_path"),
        ("Specializations", "variants"),
        ("How you'll be measured", "kpis"),
        ("Employment Performance Indicators", "kpis"),
        ("First 90 days", "goals"),
        ("Interview process", "hiring"),
        ("Who you'll work with", "stakeholders"),
        ("Job brief", "summary"),
        ("The Position", "summary"),
        ("Salary and Benefits", "salary"),
        ("Perks", "salary"),
    ],
)
def test_headings_by_meaning(heading, section):
    assert section_for(heading)[0] == section


@pytest.mark.parametrize("heading", ["Your", "Equal Employment Opportunity Policy", "The Project", "Q&A with the CEO"])
def test_words_alone_do_not_match_longer_phrases(heading):
    assert section_for(heading)[0] is None


def test_the_seeds_plain_text_keeps_its_old_mapping():
    assert section_for("Benefits", vocabulary=False)[0] is None  # a sub-heading of the career guides' trends


def test_phrase_score_weighs_coverage():
    assert phrase_score("what you ll do", "what you ll do") == 1.0
    assert phrase_score("senior payroll analyst job grade", "job grade") > phrase_score("job grade extra", "job grade") - 0.2
    assert phrase_score("impact", "your impact") < 0.72


POST = """## Site Reliability Engineer

### As an SRE you will

- **Leadership:** Mentor two junior engineers
- **Reliability:** Keep our checkout SLOs green
- Run the weekly capacity review

### You may be a fit if

- 4+ years running production systems
- Strong Linux and networking fundamentals

### Nice-to-haves

- Go

### Reports to

- Head of Platform
"""


def test_bare_lists_and_bold_labels_land_in_typed_fields():
    bp = read_text(POST, name="sre.md").blueprint
    r = bp.responsibilities
    assert r.leadership == ["Mentor two junior engineers"]  # the label names the field
    assert r.items == ["Reliability: Keep our checkout SLOs green", "Run the weekly capacity review"]  # label kept
    assert r.other_groups == []
    assert bp.experience.years == ["4+ years running production systems"]
    assert bp.experience.items == ["Strong Linux and networking fundamentals"]
    assert bp.experience.preferred == ["Go"]
    assert bp.stakeholders.items == ["Head of Platform"]


def test_a_broken_vocabulary_file_is_one_line(tmp_path):
    bad = tmp_path / "vocabulary.toml"
    bad.write_text('[sections.nonsense]\nphrases = ["x"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown section 'nonsense'"):
        load([bad])
    bad.write_text("[sections.summary\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the heading vocabulary"):
        load([bad])


def test_a_person_can_extend_the_vocabulary(tmp_path):
    from drafter.readers.vocabulary import PATH

    extra = tmp_path / "vocabulary.toml"
    extra.write_text('[sections.responsibilities]\nphrases = ["your quest"]\n', encoding="utf-8")
    vocab = load([PATH, extra])
    assert "your quest" in vocab.sections["responsibilities"].phrases
    assert "what you ll do" in vocab.sections["responsibilities"].phrases


def test_an_unknown_heading_is_placed_by_its_first_items():
    text = (
        "## Growth Marketer\n\n### The good stuff\n\n- 3+ years of experience in B2B marketing\n"
        "- Strong writing in English\n- Experience with HubSpot or Marketo\n\n"
        "### Stuff to tackle\n\n- Build the quarterly campaign plan\n- Own the newsletter\n- Partner with sales on launches\n"
    )
    bp = read_text(text, name="x.md").blueprint
    assert bp.experience.years == ["3+ years of experience in B2B marketing"]
    assert bp.responsibilities.items == [
        "Build the quarterly campaign plan", "Own the newsletter", "Partner with sales on launches"
    ]
