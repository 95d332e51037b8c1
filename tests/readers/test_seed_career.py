"""Seeds 000 and 001: career guides as plain text from a web page."""

from __future__ import annotations

from drafter.readers.text import read_plain, split_glued_headings
from drafter.schema.enums import Level, Track


def test_format_kind_meta(doc000, doc001):
    assert (doc000.format, doc000.kind) == ("career-guide-text", "career_guide")
    assert (doc001.format, doc001.kind) == ("career-guide-text", "career_guide")
    assert doc000.blueprint.meta.title == "Platform Engineering Director"
    assert (doc000.blueprint.meta.level, doc000.blueprint.meta.track) == (Level.director, Track.manager)
    assert doc001.blueprint.meta.title == "Senior Platform Engineer"
    assert (doc001.blueprint.meta.level, doc001.blueprint.meta.track) == (Level.senior, Track.individual_contributor)
    assert doc001.blueprint.meta.role_family == "Platform Engineering"


def test_sections_found(doc000):
    bp = doc000.blueprint
    present = [
        k
        for k in (
            "summary",
            "responsibilities",
            "experience",
            "career_path",
            "market_demand",
            "salary",
            "trends",
            "soft_skills",
            "best_practices",
            "risks",
        )
        if getattr(bp, k) is not None
    ]
    assert len(present) == 10
    assert bp.kpis is None and bp.tools is None


def test_noise(doc000):
    codes = [f.message for f in doc000.findings if f.code == "noise-removed"]
    assert any("More Careers" in m for m in codes)
    assert any("logoAiPathly" in m for m in codes)
    text = doc000.blueprint.model_dump_json(exclude={"source"})
    for junk in ("Faculty Researcher", "Mechatronics", "first image", "second image", "logoAiPathly"):
        assert junk not in text


def test_overview(doc000):
    s = doc000.blueprint.summary
    assert s.what_it_is.startswith("The role of a Platform Engineering Director is a senior leadership position")
    # The overview's lists fit no named field: kept as groups titled by their lead-in.
    groups = s.other_groups
    assert [g.title for g in groups] == ["Key responsibilities include", "Qualifications typically include"]
    assert doc000.lines["summary.other_groups[0]"] == 11
    assert doc000.blueprint.unmapped == []
    assert groups[0].items[-1] == (
        "Innovation: Stay current with industry trends and emerging technologies to continuously improve platform offerings."
    )
    assert (
        groups[1].items[-1]
        == "Bachelor's degree in Computer Science or related field; Master's often preferred"
    )
    # ... and the closing paragraph glued to that last bullet is a note.
    assert s.notes == [
        "The Platform Engineering Director plays a crucial role in driving an organization's technical "
        "capabilities, ensuring the delivery of high-quality, scalable, and secure platform services that "
        "support business objectives."
    ]
    assert sum(1 for f in doc000.findings if f.code == "unmapped-content") == 0


def test_responsibilities_groups(doc000):
    r = doc000.blueprint.responsibilities
    assert len(r.leadership) == 4  # "Leadership and Management Duties"
    assert (
        r.leadership[0]
        == "Team Leadership: Lead and mentor engineering teams; Foster a culture of innovation and excellence"
    )
    assert [g.title for g in r.other_groups] == ["Technical and Strategic Duties", "Innovation and Improvement"]
    assert r.other_groups[1].items[1] == (
        "Developer Experience Enhancement: Improve DevEx through self-service "
        "infrastructure; Reduce bottlenecks and enable faster deployment"
    )
    assert r.notes[1].startswith("By effectively managing these responsibilities")


def test_requirements(doc000, doc001):
    e = doc000.blueprint.experience
    assert e.years == ["8+ years in software engineering, with 5+ years in management roles"]
    assert e.education[0].startswith("Bachelor's degree in Computer Science, Information Technology")
    assert len(e.leadership) == 4
    assert [g.title for g in e.other_groups][:2] == ["Technical Expertise", "Strategic and Operational Capabilities"]
    e1 = doc001.blueprint.experience
    # Sub-headings glued to the end of the previous line ("...employers Experience:").
    assert e1.education == [
        "Bachelor's degree in Computer Science, Computer Engineering, or related field",
        "Master's degree may be preferred by some employers",
    ]
    assert len(e1.years) == 3
    assert e1.certifications[-1] == "DevOps certifications (Docker Certified Associate, Jenkins Engineer)"
    assert [g.title for g in e1.other_groups] == ["Technical Skills", "Soft Skills", "Additional Requirements"]
    assert len(e1.other_groups[0].items) == 8 and len(e1.other_groups[1].items) == 6


def test_salary(doc000, doc001):
    sal = doc000.blueprint.salary
    assert sal.market == "US Market, 2024"
    r = sal.ranges[1]
    assert (r.label, r.minimum, r.maximum, r.currency, r.period) == (
        "Director of Engineering, Platform / Typical salary range",
        184594.0,
        222992.0,
        "USD",
        "year",
    )
    assert r.text == "Typical salary range: $184,594 to $222,992"
    assert (sal.ranges[0].minimum, sal.ranges[0].maximum) == (203410.0, None)
    assert len(sal.ranges) == 5 and len(sal.factors) == 5
    assert [g.title for g in sal.other_groups] == ["Key Takeaways"]
    assert len(sal.other_groups[0].items) == 3
    assert sal.notes[-1].startswith("These figures underscore the value placed on experienced leaders")
    top = [r for r in doc001.blueprint.salary.ranges if "Top 1%" in r.label][0]
    assert (top.label, top.minimum) == ("Salary Overview / Top Earners / Top 1%", 241000.0)
    assert doc001.blueprint.salary.factors[0].startswith("Gender: Male Senior Platform Engineers: Average $125,000;")


def test_untitled_trends_part(doc000, doc001):
    t = doc000.blueprint.trends
    assert t.notes[0].startswith("Platform engineering is poised to be a significant trend")
    assert [g.title for g in t.other_groups][0] == "Growing Adoption and Importance"
    assert len(t.other_groups) == 8
    assert t.notes[-1].startswith("In summary, platform engineering is evolving")
    t1 = doc001.blueprint.trends
    assert len(t1.points) == 9 and t1.points[0].startswith("Evolving Role:")
    assert t1.points[-1] == "Industry Stability: High demand across various sectors, ensuring job stability."


def test_soft_skills_best_practices_challenges(doc000, doc001):
    ss = doc000.blueprint.soft_skills.skills
    assert [s.name for s in ss][:2] == ["Communication Skills", "Leadership Skills"]
    assert ss[0].on_the_job.startswith("Ability to explain complex technical issues")
    ss1 = doc001.blueprint.soft_skills.skills
    assert len(ss1) == 13 and (ss1[0].name, ss1[0].on_the_job) == (
        "Effective Communication",
        "Clearly articulate ideas both verbally and in writing.",
    )
    assert len(doc001.blueprint.best_practices.points) == 12
    assert len(doc000.blueprint.best_practices.other_groups) == 9
    assert len(doc001.blueprint.risks.challenges) == 10
    assert doc001.blueprint.risks.challenges[-1] == (
        "Continuous Learning: Staying updated with rapidly evolving technologies and industry best practices."
    )
    assert len(doc000.blueprint.risks.other_groups) == 8


def test_market_demand(doc000):
    md = doc000.blueprint.market_demand
    assert [g.title for g in md.other_groups][0] == "Job Availability"
    assert md.other_groups[-1].items[-1] == "Top-paying locations include San Francisco, Palo Alto, and San Jose"
    assert md.notes[-1].startswith("The market for Directors of Platform Engineering continues to grow")


def test_every_bullet_is_kept(seed, doc000, doc001):
    """Every bullet line of the guides (before 'More Careers') appears in the blueprint."""
    import re

    for number, doc in (("000", doc000), ("001", doc001)):
        text = seed[number].read_text(encoding="utf-8").split("More Careers")[0]
        dump = "\n".join(_strings(doc.blueprint.model_dump(mode="json", exclude={"source"})))
        for line in text.splitlines():
            m = re.match(r"^\s*(?:•|\d+\.)\s+(.*)$", line)
            if not m:
                continue
            words = m.group(1).split()[:4]
            head = " ".join(words).rstrip(":")
            assert head.split(":")[0] in dump, head


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_glued_headings_split():
    blocks = read_plain("Intro line.\n\n  • Talk to stakeholders Technical Skills:\n  • Python\n")
    out = split_glued_headings(blocks)
    assert [(b.kind, b.text) for b in out] == [
        ("para", "Intro line."),
        ("item", "Talk to stakeholders"),
        ("heading", "Technical Skills"),
        ("item", "Python"),
    ]
