"""Sub-headings per field and table column titles: how each part of a section is titled.

Defined once here for every format: the Markdown, HTML and DOCX exports write
these headings, the validator names fields with them, and the readers map
them back.  ``heading`` is the wording the seed blueprints use; ``aliases``
are other ways documents say the same thing (more phrasings of real job
descriptions live in ``drafter/readers/vocabulary.toml``, which the readers
merge in).  The reader maps a sub-heading to a field by meaning
(``drafter.readers.mapper``), so the renderer's headings always read back to
the same field.

``kind`` says how the field's content is parsed:

* ``text``: one paragraph (a str field);
* ``list``: bullet points (list[str]);
* ``skills`` / ``soft_skills`` / ``stakeholders`` / ``authority`` /
  ``variants`` / ``exercises`` / ``dimensions`` / ``kpis`` / ``tools`` /
  ``scorecard`` / ``deliverables`` / ``salary``: structured items;
* ``horizon``: the Current/Emerging enum with its note.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class F:
    name: str
    heading: str
    aliases: tuple[str, ...] = ()
    kind: str = "list"
    keywords: tuple[str, ...] = ()  # words that, alone in a sub-heading, point at this field


#: Kind of the ``items`` fields: bullets listed without a group (read like ``list``).
ITEMS = "list"

FIELDS: dict[str, tuple[F, ...]] = {
    "summary": (
        F(
            "what_it_is",
            "What the role is",
            ("what it is", "role overview", "the role", "about the role", "overview"),
            "text",
        ),
        F(
            "why_it_exists",
            "Why the role exists",
            ("why it exists", "why this role exists", "purpose of the role"),
            "text",
        ),
        F(
            "business_value",
            "Business value",
            ("business value created", "value to the business", "business impact"),
            "text",
        ),
        F("horizon", "Role horizon", ("horizon",), "horizon"),
        F(
            "typical_interactions",
            "Typical interaction surface",
            (
                "typical interactions",
                "typical teams and functions this role interacts with include",
                "typical teams and functions this role interacts with",
                "interacts with",
                "key interactions",
                "works with",
                "interaction surface",
            ),
        ),
        F("seniority", "Inferred seniority", ("seniority", "level", "seniority level"), "text"),
        F("reporting_line", "Inferred reporting line", ("reporting line", "reports to", "reporting"), "text"),
        F("items", "Key facts", ("basic information", "at a glance", "key facts", "quick facts"), ITEMS),
    ),
    "mission": (
        F("core_mission", "Core mission", ("mission", "mission statement"), "text"),
        F(
            "strategic_importance",
            "Strategic importance to the company",
            ("strategic importance", "why it matters strategically"),
        ),
        F(
            "primary_outcomes",
            "Primary business outcomes expected",
            ("primary business outcomes", "business outcomes", "outcomes expected", "expected outcomes"),
        ),
    ),
    "responsibilities": (
        F("items", "Responsibilities", ("responsibilities", "duties", "key responsibilities", "role responsibilities"), ITEMS),
        F(
            "strategic",
            "Strategic responsibilities",
            ("strategy", "strategic duties"),
            keywords=("strategic", "strategy"),
        ),
        F(
            "operational",
            "Operational responsibilities",
            ("operations", "operational duties"),
            keywords=("operational", "operations"),
        ),
        F(
            "technical",
            "Technical responsibilities",
            ("technical duties", "engineering responsibilities"),
            keywords=("technical",),
        ),
        F(
            "cross_functional",
            "Cross-functional or stakeholder responsibilities",
            ("cross functional responsibilities", "stakeholder responsibilities", "collaboration responsibilities"),
            keywords=("cross", "stakeholder", "collaboration"),
        ),
        F(
            "governance",
            "Governance, compliance, or quality responsibilities",
            ("governance responsibilities", "compliance responsibilities", "quality responsibilities"),
            keywords=("governance", "compliance", "quality"),
        ),
        F(
            "leadership",
            "Leadership responsibilities",
            (
                "people leadership",
                "leadership duties",
                "leadership and management duties",
                "management responsibilities",
            ),
            keywords=("leadership", "management"),
        ),
    ),
    "activities": (
        F("items", "Activities", ("activities", "day to day", "day-to-day activities"), ITEMS),
        F("daily", "Daily activities", ("daily", "every day", "day to day")),
        F("weekly", "Weekly activities", ("weekly", "every week")),
        F(
            "monthly_quarterly",
            "Monthly or quarterly activities",
            ("monthly activities", "quarterly activities", "monthly", "quarterly"),
        ),
        F("rituals", "Recurring meetings or rituals", ("recurring meetings", "rituals", "meetings", "ceremonies")),
        F(
            "incident_work",
            "Incident, escalation, or emergency work",
            ("incident work", "escalation work", "emergency work", "on call", "incidents and escalations"),
        ),
    ),
    "deliverables": (),  # every sub-heading is a DeliverableGroup
    "goals": (
        F("items", "Objectives", ("goals", "objectives", "key objectives"), ITEMS),
        F("days_30", "30-day goals", ("30 day goals", "first 30 days", "30 days", "first month")),
        F("days_60", "60-day goals", ("60 day goals", "first 60 days", "60 days", "second month")),
        F("days_90", "90-day goals", ("90 day goals", "first 90 days", "90 days", "third month")),
        F("months_6", "6-month milestones", ("6 month milestones", "6 months", "six months", "six month milestones")),
        F(
            "months_12",
            "12-month objectives",
            ("12 month objectives", "12 months", "twelve months", "first year", "one year"),
        ),
        F("long_term", "Long-term impact goals", ("long term goals", "long term impact", "long term")),
        F(
            "success_definition",
            "Role success definition",
            ("success definition", "definition of success", "what success means"),
            "text",
        ),
        F("success_indicators", "Success indicators", ("signs of success", "indicators of success")),
        F(
            "high_performance",
            "What high performance looks like",
            ("high performance", "high performance looks like", "what great looks like"),
        ),
    ),
    "kpis": (F("rows", "KPI table", ("kpis", "metrics"), "kpis"),),
    "technical_skills": (
        F("items", "Skills", ("skills", "skills and knowledge"), ITEMS),
        F(
            "must_have",
            "Must-have technical skills",
            ("must have skills", "must have", "required skills", "core technical skills", "required technical skills"),
            "skills",
        ),
        F(
            "good_to_have",
            "Good-to-have technical skills",
            ("good to have skills", "good to have", "nice to have", "nice to have skills", "preferred skills"),
            "skills",
        ),
        F(
            "advanced",
            "Advanced or expert-level technical skills",
            ("advanced skills", "expert level skills", "advanced technical skills", "expert skills"),
            "skills",
        ),
        F(
            "emerging",
            "Emerging future skills for this role",
            ("emerging skills", "future skills", "emerging future skills"),
            "skills",
        ),
    ),
    "soft_skills": (F("skills", "Soft skills", ("behavioral capabilities",), "soft_skills"),),
    "tools": (F("rows", "Tools table", ("tools",), "tools"),),
    "tech_stack": (
        F("items", "Environment", ("environment", "tech stack", "technology stack"), ITEMS),
        F("infrastructure", "Infrastructure environment", ("infrastructure",)),
        F("application", "Application environment", ("application", "applications")),
        F("data", "Data environment", ("data",)),
        F("security", "Security environment", ("security",)),
        F("delivery_model", "Delivery model", ("delivery",)),
        F("agile_sdlc", "Agile or SDLC context", ("agile context", "sdlc context", "agile", "sdlc", "ways of working")),
        F(
            "scale_complexity",
            "Scale or complexity context",
            ("scale context", "complexity context", "scale", "complexity"),
        ),
        F("team_topology", "Team topology", ("team structure", "topology", "org structure")),
    ),
    "stakeholders": (
        F("items", "Works with", ("works with", "who you will work with", "with whom"), ITEMS),
        F("internal", "Internal stakeholders", ("internal",), "stakeholders"),
        F("external", "External stakeholders", ("external",), "stakeholders"),
        F("peer_roles", "Peer roles", ("peers",)),
        F("upstream", "Upstream dependencies", ("upstream", "dependencies")),
        F("downstream", "Downstream consumers", ("downstream", "consumers")),
        F(
            "collaboration",
            "Nature of collaboration",
            ("collaboration", "how collaboration works", "collaboration style"),
        ),
        F(
            "decision_authority",
            "Typical decision-making authority",
            ("decision making authority", "decision authority"),
        ),
        F("escalation", "Escalation points", ("escalations", "escalation", "escalation paths")),
    ),
    "decision_rights": (
        F("items", "Decisions and authority", ("decisions", "decision rights"), ITEMS),
        F(
            "independent",
            "Can decide independently",
            ("decides independently", "independent decisions", "decides alone", "can decide alone"),
        ),
        F(
            "team_approval",
            "Requires team approval",
            (
                "team approval",
                "requires team peer alignment",
                "requires team alignment",
                "requires peer alignment",
                "shared decision",
                "team alignment",
            ),
        ),
        F(
            "manager_approval",
            "Requires manager/director approval",
            (
                "manager approval",
                "director approval",
                "requires manager approval",
                "requires director approval",
                "requires manager executive approval",
                "requires manager director approval",
            ),
        ),
        F(
            "executive_approval",
            "Requires executive or security/compliance approval",
            (
                "executive approval",
                "requires executive approval",
                "requires security compliance approval",
                "security approval",
                "compliance approval",
            ),
        ),
        F(
            "authority",
            "Budget, vendor, delivery, hiring authority",
            ("budget vendor delivery hiring authority", "authority", "scope of authority"),
            "authority",
        ),
    ),
    "experience": (
        F("items", "Requirements", ("requirements", "qualifications", "must haves", "essential", "required qualifications", "minimum qualifications"), ITEMS),
        F("preferred", "Nice to have", ("nice to haves", "nice to have", "preferred qualifications", "bonus points", "desirable", "preferred", "pluses"), ITEMS),
        F(
            "years",
            "Typical years of experience",
            ("years of experience", "experience", "work experience", "professional experience"),
            keywords=("years",),
        ),
        F(
            "education",
            "Education expectations",
            ("education", "educational background", "degree"),
            keywords=("education", "degree"),
        ),
        F(
            "certifications",
            "Certifications",
            ("certification", "certificates", "licenses"),
            keywords=("certifications", "certification"),
        ),
        F(
            "prior_roles",
            "Prior role backgrounds commonly seen",
            ("prior roles", "background", "prior experience", "previous roles"),
        ),
        F("domain_knowledge", "Domain knowledge expectations", ("domain knowledge", "domain expertise")),
        F(
            "leadership",
            "Leadership experience expectations",
            ("leadership experience", "leadership", "leadership and management skills", "management experience"),
            keywords=("leadership",),
        ),
    ),
    "career_path": (
        F("items", "Progression", ("progression", "career ladder", "career path", "levels"), ITEMS),
        F(
            "feeder_roles",
            "Common feeder roles into this role",
            ("feeder roles", "roles before this one", "previous roles"),
        ),
        F(
            "next_roles",
            "Next likely roles after this role",
            ("next roles", "next likely roles", "where this role leads", "next steps"),
        ),
        F("adjacent_paths", "Adjacent career paths", ("adjacent paths", "lateral moves", "lateral paths")),
        F(
            "promotion_skills",
            "Skills needed for promotion",
            ("promotion skills", "skills for promotion", "to get promoted"),
        ),
        F("evolution", "How this role evolves over time", ("role evolution", "how the role evolves", "evolution")),
    ),
    "risks": (
        F("challenges", "Common role challenges", ("challenges", "common challenges", "role challenges")),
        F("bottlenecks", "Bottlenecks", ("common bottlenecks",)),
        F("anti_patterns", "Anti-patterns", ("antipatterns", "anti patterns to avoid")),
        F(
            "underperformance",
            "Common reasons for underperformance",
            ("reasons for underperformance", "underperformance", "why people fail"),
        ),
        F("business_risks", "Business risks if this role is ineffective", ("business risks", "risks to the business")),
    ),
    "variants": (
        F("company_size", "By company size", ("company size", "by size", "size"), "variants"),
        F("industry", "By industry", ("industry",), "variants"),
        F("geography", "By geography", ("geography", "by region", "region"), "variants"),
        F(
            "product_vs_service",
            "Product-led vs service-led company",
            ("product led vs service led", "product vs service"),
            "variants",
        ),
        F("startup_vs_enterprise", "Startup vs enterprise delivery model", ("startup vs enterprise",), "variants"),
        F(
            "regulated_vs_not",
            "Regulated vs non-regulated environment",
            ("regulated vs non regulated", "regulated vs unregulated", "regulation"),
            "variants",
        ),
        F("specialties", "Specialties", ("specialties", "specializations", "specialisations", "specialisms"), "variants"),
    ),
    "ai_impact": (
        F("items", "AI impact", ("ai impact", "automation impact"), ITEMS),
        F(
            "automatable",
            "Tasks that can be automated",
            ("automatable tasks", "what can be automated", "automation opportunities"),
        ),
        F(
            "human_critical",
            "Tasks that remain human-critical",
            ("human critical tasks", "what stays human", "tasks that stay human"),
        ),
        F(
            "changes",
            "How AI changes the role over the next 2–5 years",
            ("how ai changes the role", "changes to the role", "how the role changes"),
        ),
        F("new_expectations", "New expectations caused by AI, automation, or platform shifts", ("new expectations",)),
    ),
    "hiring": (
        F("process", "Hiring process", ("hiring process", "interview process", "recruitment process", "selection process", "how to apply", "next steps"), ITEMS),
        F("assess", "What to assess in interviews", ("what to assess", "assessment areas", "interview focus areas")),
        F(
            "exercises",
            "Practical exercises or case studies",
            ("practical exercises", "case studies", "exercises", "interview exercises"),
            "exercises",
        ),
        F("strong_signals", "Strong candidate signals", ("strong signals", "green flags", "positive signals")),
        F("weak_signals", "Weak candidate signals", ("weak signals",)),
        F("red_flags", "Red flags", ("red flag", "disqualifiers")),
        F(
            "scorecard",
            "Scorecard dimensions",
            ("scorecard", "interview scorecard", "evaluation dimensions"),
            "dimensions",
        ),
    ),
    "scorecard": (F("rows", "Scorecard table", (), "scorecard"),),
    "market_demand": (F("points", "Demand signals", ("market demand", "demand"), "list"),),
    "salary": (
        F("ranges", "Salary figures", ("salary ranges", "salary overview", "figures"), "salary"),
        F(
            "factors",
            "Factors affecting salary",
            ("factors affecting salary", "factors influencing salary", "salary factors", "what affects pay"),
        ),
        F("benefits", "Benefits", ("benefits", "perks", "what we offer", "what you will get", "benefits and perks"), ITEMS),
    ),
    "trends": (F("points", "Trends", ("industry trends", "key trends"), "list"),),
    "best_practices": (F("points", "Practices", ("best practices", "key practices"), "list"),),
}

NOTES_HEADING = "Notes"
OTHER_NOTES_ALIASES = ("notes", "note", "additional notes", "comments")


def field_spec(section: str, name: str) -> F | None:
    return next((f for f in FIELDS.get(section, ()) if f.name == name), None)


def heading_for(section: str, name: str) -> str:
    f = field_spec(section, name)
    return f.heading if f else name.replace("_", " ").capitalize()


# --------------------------------------------------------------------------- tables and labels

#: Column titles of the tables, as the seeds write them (the Markdown export writes these; readers map them back).
KPI_COLUMNS = ("Metric name", "What it measures", "Why it matters", "Example target / benchmark", "Frequency")
TOOL_COLUMNS = ("Category", "Tool / platform / software", "Primary use", "Common / Optional / Context-specific")
SCORECARD_DIMENSION_COLUMNS = ("Dimension", "What “meets bar” looks like", "What “exceeds” looks like")
FINAL_SCORECARD_COLUMNS = ("Category", "Summary")
#: The salary table of the Markdown export (reads back field by field).
SALARY_TABLE_COLUMNS = ("Label", "Minimum", "Maximum", "Currency", "Period", "As stated")
#: The salary table of the printable exports (HTML, DOCX).
SALARY_DISPLAY_COLUMNS = ("Figure", "Amount", "As stated in the source")

#: The final scorecard's categories (rows of its table), in the seed order.
SCORECARD_LABELS: dict[str, str] = {
    "role_title": "Role title",
    "role_purpose": "Role purpose",
    "reports_to": "Reports to",
    "top_responsibilities": "Top responsibilities",
    "top_technical_skills": "Top technical skills",
    "top_soft_skills": "Top soft skills",
    "top_tools": "Top tools / platforms",
    "top_kpis": "Top KPIs",
    "main_deliverables": "Main deliverables",
    "main_goals": "Main goals",
    "career_progression": "Career progression options",
}

#: Fields added for what real documents list without a group (``items``), the
#: nice-to-haves of a posting, the benefits and the hiring process.  They are
#: filled by reading, never drafted (``SKIP`` in the models).
UNGROUPED_FIELDS = ("items", "preferred", "process", "benefits", "specialties")
