"""The blueprint data model.

One Pydantic model per section of the seed "Role Blueprint" documents (20
numbered sections), plus the optional parts of a career guide (market demand,
salary, trends, best practices).  Models are permissive enough to hold what a
real document says; the markers in ``Annotated`` metadata say how a field is
generated and what the seeds consider normal (see ``markers``).

Every field description is written for a language model that has to fill the
field: the descriptions feed the prompts and the JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .enums import Commonality, DocumentKind, Horizon, Importance, Level, Track
from .markers import IF_ANY, NAME, PARAGRAPH, PHRASE, SENTENCE, SKIP, sized

SCHEMA_VERSION = "1.0"

Name = Annotated[str, NAME]
Phrase = Annotated[str, PHRASE]
Sentence = Annotated[str, SENTENCE]
Paragraph = Annotated[str, PARAGRAPH]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_assignment=False)


class Section(Model):
    """Base of every section: free paragraphs the source had besides the fields."""

    notes: Annotated[
        list[str],
        SKIP,
        Field(
            default_factory=list,
            description="Introductory or closing paragraphs of this section that fit none of its fields.",
        ),
    ]


class NamedList(Model):
    """A titled group of bullet points found under a sub-heading no field matches."""

    title: Name = Field(description="The sub-heading as written in the source.")
    items: list[str] = Field(default_factory=list, description="The bullet points under that sub-heading.")


OtherGroups = Annotated[
    list[NamedList],
    SKIP,
    Field(default_factory=list, description="Groups under sub-headings that match no field of this section."),
]



def _ungrouped(what: str) -> object:
    """A list of what the source lists without a group: kept as written, filled by reading, never drafted."""
    return Field(default_factory=list, description=what)


Ungrouped = Annotated[list[str], SKIP]

# --------------------------------------------------------------------------- meta


class RoleMeta(Model):
    """Who the role is: the facts every section builds on."""

    title: Name = Field(description="The job title exactly as the organisation would post it, e.g. 'Senior Platform Engineer'.")
    level: Annotated[Level | None, SKIP] = Field(
        default=None, description="Seniority level of the role, from junior to executive."
    )
    track: Annotated[Track | None, SKIP] = Field(
        default=None, description="Whether the role is an individual contributor or manages people."
    )
    reports_to: Annotated[str | None, SKIP] = Field(default=None, description="The role this role typically reports to.")
    role_family: Annotated[str | None, SKIP] = Field(
        default=None, description="The job family, e.g. 'Platform Engineering', 'Machine Learning Engineering'."
    )
    company_size: Annotated[str | None, SKIP] = Field(
        default=None, description="Company size the blueprint is written for, e.g. 'startup', 'mid-size', 'enterprise'."
    )
    industry: Annotated[str | None, SKIP] = Field(
        default=None, description="Industry the blueprint is written for, e.g. 'fintech', 'healthcare'."
    )
    inferred: Annotated[list[Literal["level", "track", "family"]], SKIP] = Field(
        default_factory=list,
        description="Which of level, track and role family were inferred from the title rather than given.",
    )


# --------------------------------------------------------------------------- 1-2


class RoleSummary(Section):
    """1) Role Summary."""

    what_it_is: Paragraph = Field(
        description="One paragraph: what the role does, its scope, and the work, services or teams it owns."
    )
    why_it_exists: Paragraph = Field(
        description="One paragraph: why organisations create this role and which problem it solves."
    )
    business_value: Paragraph = Field(
        description="One paragraph: the value the role creates for the organisation (e.g. revenue, quality, cost, risk, people)."
    )
    horizon: Horizon | None = Field(
        default=None,
        description="'Current' if the role is widely established today, 'Emerging' if its practices are still forming.",
    )
    horizon_note: Annotated[Sentence | None, SKIP] = Field(
        default=None, description="Why the role is current or emerging, in one clause."
    )
    typical_interactions: Annotated[list[Phrase], sized(6, brief=3, standard=5, full=7)] = Field(
        default_factory=list, description="Teams and functions the role works with most, one per item."
    )
    seniority: Sentence | None = Field(
        default=None,
        description="The seniority the blueprint assumes, with its track, e.g. 'Mid-level individual contributor'.",
    )
    reporting_line: Phrase | None = Field(
        default=None, description="The role this role typically reports to (a job title one or two levels up)."
    )
    items: Ungrouped = _ungrouped("Facts the source lists under the summary without a sub-heading (location, grade, team).")
    other_groups: OtherGroups


class RoleMission(Section):
    """2) Role Mission."""

    core_mission: Paragraph = Field(description="One or two sentences: the enduring purpose of the role.")
    strategic_importance: Annotated[list[Sentence], sized(3, brief=2, standard=3, full=3)] = Field(
        default_factory=list, description="Why the role matters to the company's strategy, one reason per item."
    )
    primary_outcomes: Annotated[list[Sentence], sized(5, brief=2, standard=4, full=5)] = Field(
        default_factory=list, description="Business outcomes the company expects from the role, one per item."
    )


# --------------------------------------------------------------------------- 3-6

_RESP = sized(5, brief=2, standard=3, full=5)


class CoreResponsibilities(Section):
    """3) Core Responsibilities, grouped as in the seeds."""

    strategic: Annotated[list[Sentence], _RESP] = Field(
        default_factory=list, description="Strategic responsibilities: direction, roadmap, standards, investment choices."
    )
    operational: Annotated[list[Sentence], _RESP] = Field(
        default_factory=list, description="Operational responsibilities: running the day-to-day work, delivery, capacity, cost."
    )
    technical: Annotated[list[Sentence], _RESP] = Field(
        default_factory=list, description="Specialist responsibilities: the expert work of the role's field it does, designs or reviews."
    )
    cross_functional: Annotated[list[Sentence], sized(3, brief=2, standard=3, full=4)] = Field(
        default_factory=list, description="Cross-functional or stakeholder responsibilities: partnering with other teams."
    )
    governance: Annotated[list[Sentence], sized(3, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="Governance, compliance or quality responsibilities: controls, audits, gates."
    )
    leadership: Annotated[list[Sentence], sized(3, brief=1, standard=2, full=3)] = Field(
        default_factory=list,
        description="Leadership responsibilities, appropriate to the track (influence for ICs, people leadership for managers).",
    )
    items: Ungrouped = _ungrouped("Responsibilities the source lists without a group, as written.")
    other_groups: OtherGroups


_ACT = sized(5, brief=2, standard=3, full=5)


class DayToDayActivities(Section):
    """4) Day-to-Day Activities."""

    daily: Annotated[list[Sentence], _ACT] = Field(default_factory=list, description="Things the role does most days.")
    weekly: Annotated[list[Sentence], _ACT] = Field(default_factory=list, description="Things the role does every week.")
    monthly_quarterly: Annotated[list[Sentence], _ACT] = Field(
        default_factory=list, description="Monthly or quarterly activities: planning, reviews, reporting, audits."
    )
    rituals: Annotated[list[Phrase], sized(4, brief=2, standard=3, full=4)] = Field(
        default_factory=list, description="Recurring meetings or rituals the role takes part in."
    )
    incident_work: Annotated[list[Sentence], sized(4, brief=1, standard=2, full=4), IF_ANY] = Field(
        default_factory=list, description="Urgent, escalation or emergency work, if the role has any (may be empty)."
    )
    items: Ungrouped = _ungrouped("Activities the source lists without a group, as written.")
    other_groups: OtherGroups


class DeliverableGroup(Model):
    """A named group of concrete artefacts."""

    name: Name = Field(description="Name of the group, e.g. 'Plans and reports'.")
    items: Annotated[list[Phrase], sized(4, brief=2, standard=3, full=5)] = Field(
        default_factory=list, description="Concrete artefacts the role produces in this group, one per item."
    )


class KeyDeliverables(Section):
    """5) Key Deliverables."""

    groups: Annotated[list[DeliverableGroup], sized(5, brief=2, standard=3, full=5)] = Field(
        default_factory=list, description="Deliverables grouped by theme (strategy, systems, operations, governance...)."
    )


_GOAL = sized(4, brief=2, standard=3, full=4)


class GoalsAndMilestones(Section):
    """6) Goals, Objectives, and Milestones."""

    days_30: Annotated[list[Sentence], _GOAL] = Field(default_factory=list, description="Goals for the first 30 days (onboarding, baseline).")
    days_60: Annotated[list[Sentence], _GOAL] = Field(default_factory=list, description="Goals for the first 60 days (ownership, first improvements).")
    days_90: Annotated[list[Sentence], _GOAL] = Field(default_factory=list, description="Goals for the first 90 days (scalable results).")
    months_6: Annotated[list[Sentence], _GOAL] = Field(default_factory=list, description="Milestones at 6 months.")
    months_12: Annotated[list[Sentence], _GOAL] = Field(default_factory=list, description="Objectives at 12 months.")
    long_term: Annotated[list[Sentence], sized(3, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="Long-term impact goals (beyond 12 months)."
    )
    success_definition: Paragraph | None = Field(
        default=None, description="One paragraph: what success in this role means."
    )
    success_indicators: Annotated[list[Phrase], sized(4, brief=1, standard=3, full=4)] = Field(
        default_factory=list, description="Observable signs that the role is succeeding, one per item."
    )
    high_performance: Annotated[list[Sentence], sized(5, brief=2, standard=3, full=5)] = Field(
        default_factory=list, description="What high performance looks like, one behaviour or result per item."
    )
    items: Ungrouped = _ungrouped("Goals or objectives the source lists without a time frame, as written.")
    other_groups: OtherGroups


# --------------------------------------------------------------------------- 7


class KPI(Model):
    """One row of the KPI table."""

    name: Name = Field(description="Short metric name.")
    measures: Sentence = Field(description="What the metric measures.")
    why_it_matters: Sentence = Field(description="Why the metric matters for this role.")
    target: Sentence | None = Field(
        default=None, description="An example target for the company to calibrate, with numbers where sensible, e.g. '>=95% on time'."
    )
    frequency: Phrase | None = Field(
        default=None, description="How often it is reviewed: Weekly, Monthly, Quarterly, or a combination."
    )


class KPIs(Section):
    """7) KPIs and Productivity Metrics."""

    rows: Annotated[list[KPI], sized(20, brief=4, standard=8, full=15)] = Field(
        default_factory=list, description="The KPI table, one metric per row."
    )


# --------------------------------------------------------------------------- 8-10


class Skill(Model):
    """A technical skill with its use and importance."""

    name: Name = Field(description="The skill, named concretely in the field's own terms.")
    description: Sentence | None = Field(default=None, description="What the skill covers.")
    use: Sentence | None = Field(default=None, description="How the role uses the skill on the job.")
    importance: Importance = Field(description="Critical, Important or Optional for this role.")
    importance_note: Annotated[Phrase | None, SKIP] = Field(
        default=None, description="Qualifier on the importance, e.g. 'becomes Critical at senior levels'."
    )


_SKILL = sized(6, brief=2, standard=4, full=6)


class TechnicalSkills(Section):
    """8) Technical Skills Required."""

    must_have: Annotated[list[Skill], sized(8, brief=3, standard=5, full=7)] = Field(
        default_factory=list, description="Must-have job-specific skills: only what is truly required at this level."
    )
    good_to_have: Annotated[list[Skill], _SKILL] = Field(default_factory=list, description="Good-to-have technical skills.")
    advanced: Annotated[list[Skill], sized(5, brief=1, standard=3, full=5)] = Field(
        default_factory=list, description="Advanced or expert-level technical skills."
    )
    emerging: Annotated[list[Skill], sized(4, brief=1, standard=2, full=4)] = Field(
        default_factory=list, description="Emerging skills the role will need in the next 2-5 years."
    )
    items: Ungrouped = _ungrouped("Skills the source lists without an importance, as written.")
    other_groups: OtherGroups


class SoftSkill(Model):
    """A behavioural capability."""

    name: Name = Field(description="The capability, e.g. 'Systems thinking'.")
    why_it_matters: Sentence | None = Field(default=None, description="Why it matters in this role.")
    on_the_job: Sentence | None = Field(default=None, description="How it shows on the job.")
    strong_performance: Sentence | None = Field(default=None, description="What strong performance looks like.")


class SoftSkills(Section):
    """9) Soft Skills and Behavioral Capabilities."""

    skills: Annotated[list[SoftSkill], sized(8, brief=3, standard=5, full=8)] = Field(
        default_factory=list, description="Behavioural capabilities, one per item."
    )


class Tool(Model):
    """One row of the tools table."""

    category: Name = Field(description="Tool category, e.g. 'Collaboration', 'Reporting'.")
    name: Name = Field(description="Tool or platform names; equivalent alternatives joined with ' / '.")
    primary_use: Sentence = Field(description="What the role uses it for.")
    commonality: Commonality = Field(description="Common, Optional or Context-specific.")
    commonality_note: Annotated[Phrase | None, SKIP] = Field(
        default=None, description="Qualifier on the commonality, e.g. 'Common in many orgs'."
    )


class Tools(Section):
    """10) Tools, Platforms, and Software."""

    rows: Annotated[list[Tool], sized(30, brief=4, standard=10, full=20)] = Field(
        default_factory=list, description="The tools table, one tool (or family of equivalent tools) per row."
    )


# --------------------------------------------------------------------------- 11-13

_ENV = sized(4, brief=1, standard=3, full=4)


class TechStack(Section):
    """11) Typical Tech Stack / Environment."""

    infrastructure: Annotated[list[Sentence], _ENV] = Field(
        default_factory=list, description="Physical or technical infrastructure the role works with (sites, equipment, systems)."
    )
    application: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="Applications and software the role works with.")
    data: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="Data and records the role works with.")
    security: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="Security, safety and privacy context.")
    delivery_model: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="How the work is delivered (e.g. in-house, outsourced, on site, remote, shifts).")
    agile_sdlc: Annotated[list[Sentence], _ENV] = Field(
        default_factory=list, description="How work is planned and run (e.g. sprints, shifts, sales cycles, care protocols)."
    )
    scale_complexity: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="Scale or complexity context.")
    team_topology: Annotated[list[Sentence], _ENV] = Field(default_factory=list, description="Team structure around the role.")
    items: Ungrouped = _ungrouped("Environment facts the source lists without a group, as written.")
    other_groups: OtherGroups


class Stakeholder(Model):
    """A stakeholder and what the role does with them."""

    name: Name = Field(description="The stakeholder, e.g. 'Finance / Procurement'.")
    interaction: Sentence | None = Field(default=None, description="What the role works on with them.")


_STK = sized(4, brief=2, standard=3, full=4)


class Stakeholders(Section):
    """12) Stakeholders and Collaboration Map."""

    internal: Annotated[list[Stakeholder], sized(7, brief=3, standard=5, full=7)] = Field(
        default_factory=list, description="Internal stakeholders, including the manager."
    )
    external: Annotated[list[Stakeholder], sized(3, brief=1, standard=2, full=3), IF_ANY] = Field(
        default_factory=list, description="External stakeholders, if any (customers, vendors, partners, regulators; may be empty)."
    )
    peer_roles: Annotated[list[Name], _STK] = Field(default_factory=list, description="Peer roles.")
    upstream: Annotated[list[Phrase], _STK] = Field(default_factory=list, description="Upstream dependencies the role relies on.")
    downstream: Annotated[list[Phrase], _STK] = Field(default_factory=list, description="Downstream consumers of the role's work.")
    collaboration: Annotated[list[Sentence], sized(3, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="Nature of the collaboration."
    )
    decision_authority: Annotated[list[Sentence], sized(2, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="Typical decision-making authority in collaboration."
    )
    escalation: Annotated[list[Sentence], sized(4, brief=1, standard=3, full=4)] = Field(
        default_factory=list, description="Escalation points: what gets escalated to whom."
    )
    items: Ungrouped = _ungrouped("People and teams the role works with, as the source lists them without a group.")
    other_groups: OtherGroups


class Authority(Model):
    """Authority over one area (budget, vendor, delivery, hiring, architecture...)."""

    area: Name = Field(description="The area, e.g. Budget, Vendor, Delivery, Hiring, Standards or Compliance.")
    scope: Annotated[list[Sentence], sized(2, brief=1, standard=1, full=2)] = Field(
        default_factory=list, description="What the role may decide or influence in this area."
    )


_DEC = sized(4, brief=2, standard=3, full=4)


class DecisionRights(Section):
    """13) Decision Rights and Scope of Authority."""

    independent: Annotated[list[Sentence], _DEC] = Field(
        default_factory=list, description="Decisions the role can make alone (within standards)."
    )
    team_approval: Annotated[list[Sentence], _DEC] = Field(
        default_factory=list, description="Decisions that need team or peer alignment."
    )
    manager_approval: Annotated[list[Sentence], _DEC] = Field(
        default_factory=list, description="Decisions that need manager or director approval."
    )
    executive_approval: Annotated[list[Sentence], _DEC] = Field(
        default_factory=list, description="Decisions that need executive, security or compliance approval."
    )
    authority: Annotated[list[Authority], sized(4, brief=2, standard=4, full=4)] = Field(
        default_factory=list, description="Budget, vendor, delivery and hiring authority (and others if relevant)."
    )
    items: Ungrouped = _ungrouped("Decisions or authority the source lists without a group, as written.")
    other_groups: OtherGroups


# --------------------------------------------------------------------------- 14-16

_EXP = sized(3, brief=1, standard=2, full=3)


class Experience(Section):
    """14) Required Experience and Qualifications."""

    years: Annotated[list[Sentence], _EXP] = Field(
        default_factory=list, description="Typical years of relevant experience as a range that fits the level, with the kind of experience, e.g. '2-5 years in a similar role'."
    )
    education: Annotated[list[Sentence], _EXP] = Field(
        default_factory=list, description="Education expectations; any degree is followed by 'or equivalent experience'."
    )
    certifications: Annotated[list[Phrase], _EXP, IF_ANY] = Field(
        default_factory=list,
        description="Real certifications or licences the field uses, if any, each marked required (a legal licence), optional or context-specific (may be empty).",
    )
    prior_roles: Annotated[list[Phrase], sized(4, brief=2, standard=3, full=4)] = Field(
        default_factory=list, description="Prior role backgrounds commonly seen."
    )
    domain_knowledge: Annotated[list[Sentence], _EXP] = Field(default_factory=list, description="Domain knowledge expected.")
    leadership: Annotated[list[Sentence], _EXP, IF_ANY] = Field(
        default_factory=list, description="Leadership experience expected, if any at this level and track (may be empty)."
    )
    items: Ungrouped = _ungrouped("Required experience and qualifications (must-haves) the source lists without a group.")
    preferred: Ungrouped = _ungrouped("Nice-to-have experience and qualifications (preferred, bonus points), kept apart from the must-haves.")
    other_groups: OtherGroups


_CAR = sized(4, brief=2, standard=3, full=4)


class CareerPath(Section):
    """15) Career Path and Progression."""

    feeder_roles: Annotated[list[Name], _CAR] = Field(default_factory=list, description="Common feeder roles into this role.")
    next_roles: Annotated[list[Phrase], _CAR] = Field(default_factory=list, description="Next likely roles after this one.")
    adjacent_paths: Annotated[list[Phrase], _CAR] = Field(default_factory=list, description="Adjacent career paths.")
    promotion_skills: Annotated[list[Sentence], sized(5, brief=2, standard=3, full=5)] = Field(
        default_factory=list, description="Skills and evidence needed for promotion to the next level."
    )
    evolution: Annotated[list[Sentence], sized(3, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="How the role evolves over time."
    )
    items: Ungrouped = _ungrouped("Progression facts the source lists without a group (levels, grades, steps).")
    other_groups: OtherGroups


_RISK = sized(5, brief=2, standard=3, full=5)


class Risks(Section):
    """16) Risks, Challenges, and Failure Modes."""

    challenges: Annotated[list[Sentence], _RISK] = Field(default_factory=list, description="Common challenges of the role.")
    bottlenecks: Annotated[list[Sentence], _RISK] = Field(default_factory=list, description="Typical bottlenecks.")
    anti_patterns: Annotated[list[Sentence], _RISK] = Field(default_factory=list, description="Anti-patterns to avoid.")
    underperformance: Annotated[list[Sentence], sized(4, brief=2, standard=3, full=4)] = Field(
        default_factory=list, description="Common reasons for underperformance."
    )
    business_risks: Annotated[list[Sentence], _RISK] = Field(
        default_factory=list, description="Business risks if the role is ineffective."
    )
    other_groups: OtherGroups


# --------------------------------------------------------------------------- 17-20


class Variant(Model):
    """How the role differs in one context."""

    context: Name = Field(description="The context, e.g. 'Startup', 'Enterprise', 'Regulated'.")
    points: Annotated[list[Sentence], sized(2, brief=1, standard=2, full=3)] = Field(
        default_factory=list, description="How the role differs in that context."
    )


_VAR = sized(2, brief=1, standard=2, full=3)


class RoleVariants(Section):
    """17) Role Variants."""

    company_size: Annotated[list[Variant], sized(3, brief=2, standard=3, full=3)] = Field(
        default_factory=list, description="By company size (startup, mid-size, enterprise)."
    )
    industry: Annotated[list[Variant], _VAR] = Field(default_factory=list, description="By industry.")
    geography: Annotated[list[Variant], sized(1, brief=1, standard=1, full=2)] = Field(
        default_factory=list, description="By geography."
    )
    product_vs_service: Annotated[list[Variant], _VAR] = Field(
        default_factory=list, description="Product-led versus service-led company."
    )
    startup_vs_enterprise: Annotated[list[Variant], _VAR] = Field(
        default_factory=list, description="Startup versus enterprise delivery model."
    )
    regulated_vs_not: Annotated[list[Variant], _VAR] = Field(
        default_factory=list, description="Regulated versus non-regulated environment."
    )
    specialties: Annotated[list[Variant], SKIP] = Field(
        default_factory=list,
        description="Specialisations of the role as the source lists them (a job family's specialties), one per item.",
    )
    other_groups: OtherGroups


_AI = sized(5, brief=2, standard=3, full=5)


class AIImpact(Section):
    """18) AI / Automation Impact on the Role."""

    automatable: Annotated[list[Sentence], _AI] = Field(
        default_factory=list, description="Tasks that can be automated, increasingly."
    )
    human_critical: Annotated[list[Sentence], _AI] = Field(
        default_factory=list, description="Tasks that remain human-critical."
    )
    changes: Annotated[list[Sentence], _AI] = Field(
        default_factory=list, description="How AI changes the role over the next 2-5 years."
    )
    new_expectations: Annotated[list[Sentence], sized(4, brief=1, standard=3, full=4)] = Field(
        default_factory=list, description="New expectations caused by AI, automation or platform shifts."
    )
    items: Ungrouped = _ungrouped("AI or automation effects the source lists without a group, as written.")
    other_groups: OtherGroups


class Exercise(Model):
    """A practical interview exercise or case study."""

    name: Name = Field(description="Name of the exercise, e.g. 'Work-sample case'.")
    duration: Annotated[str | None, NAME] = Field(default=None, description="Typical duration, e.g. '60-90 minutes'.")
    description: Paragraph = Field(description="What the candidate is asked to do and what is evaluated.")


class ScorecardDimension(Model):
    """A dimension of the interview scorecard."""

    dimension: Name = Field(description="The dimension, e.g. 'Problem solving'.")
    meets_bar: Sentence | None = Field(default=None, description="What 'meets the bar' looks like.")
    exceeds: Sentence | None = Field(default=None, description="What 'exceeds the bar' looks like.")


class HiringCriteria(Section):
    """19) Hiring Evaluation Criteria."""

    assess: Annotated[list[Sentence], sized(7, brief=3, standard=5, full=7)] = Field(
        default_factory=list, description="What to assess in interviews, one area per item."
    )
    exercises: Annotated[list[Exercise], sized(4, brief=1, standard=2, full=4)] = Field(
        default_factory=list, description="Practical exercises or case studies."
    )
    strong_signals: Annotated[list[Sentence], _RISK] = Field(default_factory=list, description="Strong candidate signals.")
    weak_signals: Annotated[list[Sentence], sized(4, brief=2, standard=3, full=4)] = Field(
        default_factory=list, description="Weak candidate signals."
    )
    red_flags: Annotated[list[Sentence], _RISK] = Field(default_factory=list, description="Red flags.")
    scorecard: Annotated[list[ScorecardDimension], sized(8, brief=3, standard=5, full=8)] = Field(
        default_factory=list, description="Interview scorecard dimensions."
    )
    process: Ungrouped = _ungrouped("Steps of the hiring or interview process, in order, as the source lists them.")
    other_groups: OtherGroups


class ScorecardRow(Model):
    """A row of the final scorecard that matches no standard category."""

    category: Name = Field(description="The category.")
    summary: Paragraph = Field(description="The summary.")


_TOP = sized(10, brief=3, standard=5, full=10)


class FinalScorecard(Section):
    """20) Final Role Scorecard Summary: one line per category, summarising the other sections."""

    role_title: Name = Field(description="The role title.")
    role_purpose: Paragraph = Field(description="One sentence: the purpose of the role.")
    reports_to: Phrase | None = Field(default=None, description="Who the role typically reports to.")
    top_responsibilities: Annotated[list[Phrase], _TOP] = Field(
        default_factory=list, description="The most important responsibilities, as short phrases."
    )
    top_technical_skills: Annotated[list[Name], _TOP] = Field(
        default_factory=list, description="The most important technical skills, as short names."
    )
    top_soft_skills: Annotated[list[Name], _TOP] = Field(
        default_factory=list, description="The most important soft skills, as short names."
    )
    top_tools: Annotated[list[Name], _TOP] = Field(default_factory=list, description="The main tools and platforms.")
    top_kpis: Annotated[list[Name], _TOP] = Field(default_factory=list, description="The main KPIs, as metric names.")
    main_deliverables: Annotated[list[Phrase], sized(8, brief=3, standard=5, full=8)] = Field(
        default_factory=list, description="The main deliverables."
    )
    main_goals: Paragraph | None = Field(default=None, description="The main goals over 30/60/90 days and 6-12 months.")
    career_progression: Sentence | None = Field(default=None, description="Career progression options.")
    extra_rows: Annotated[list[ScorecardRow], SKIP] = Field(
        default_factory=list, description="Rows under categories not listed above."
    )


# --------------------------------------------------------------------------- career-guide parts


class MarketDemand(Section):
    """Market demand for the role (career guides)."""

    points: list[str] = Field(default_factory=list, description="Demand signals: openings, growth, sought-after skills.")
    other_groups: OtherGroups


class SalaryRange(Model):
    """A salary figure or range as the source states it."""

    label: str = Field(description="What the figure is, e.g. 'Average salary', 'Typical salary range'.")
    minimum: float | None = Field(default=None, description="Lower bound (or the single figure) as a number.")
    maximum: float | None = Field(default=None, description="Upper bound as a number, if a range.")
    currency: str = Field(default="USD", description="ISO 4217 currency code.")
    period: Literal["year", "month", "hour"] = Field(default="year", description="Pay period.")
    text: str = Field(description="The statement as written in the source.")


class SalaryInfo(Section):
    """Salary ranges (career guides)."""

    market: str | None = Field(default=None, description="The market and year, e.g. 'US Market, 2024'.")
    ranges: list[SalaryRange] = Field(default_factory=list, description="Figures and ranges.")
    factors: list[str] = Field(default_factory=list, description="Factors affecting salary.")
    benefits: Ungrouped = _ungrouped("Benefits and perks the source lists (leave, insurance, equipment...).")
    other_groups: OtherGroups


class IndustryTrends(Section):
    """Industry trends (career guides)."""

    points: list[str] = Field(default_factory=list, description="Trends shaping the role.")
    other_groups: OtherGroups


class BestPractices(Section):
    """Best practices (career guides)."""

    points: list[str] = Field(default_factory=list, description="Practices that make the role effective.")
    other_groups: OtherGroups


# --------------------------------------------------------------------------- bookkeeping


class UnmappedContent(Model):
    """Content of a source document that no section or field took."""

    heading: str | None = Field(default=None, description="The heading it was under, if any.")
    text: str = Field(description="The content, as plain text.")
    line: int | None = Field(default=None, description="1-based line in the source, where known.")
    section: str | None = Field(default=None, description="Key of the section it was found in, if any.")


class SourceInfo(Model):
    path: str | None = None
    format: str | None = None
    url: str | None = None
    ignored_noise: list[str] = Field(default_factory=list, description="Site noise that was removed, described.")


class SectionUsage(Model):
    """Cost of generating one section, over every attempt."""

    section: str
    status: Literal["done", "failed", "cached", "skipped"] = "done"
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    seconds: float = 0.0
    error: str | None = None


class GenerationInfo(Model):
    """How a blueprint was drafted."""

    model: str
    api_base: str | None = None
    depth: str = "standard"
    prompt_version: str | None = None
    started_at: str | None = None
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    sections: list[SectionUsage] = Field(default_factory=list)
    missing_sections: list[str] = Field(default_factory=list)
    inputs: dict[str, str] = Field(default_factory=dict, description="The role context the draft was made from.")
    profile: dict[str, Any] | None = Field(
        default=None, description="The role profile every section was drafted from (family, level, scope, core skills...)."
    )
    provenance: dict[str, Literal["document", "drafted"]] = Field(
        default_factory=dict,
        description="Where each section came from when a document was completed: 'document' (kept as written) "
        "or 'drafted' (added by the model).",
    )
    reviewed: list[str] = Field(
        default_factory=list,
        description="Sections a person has edited since they were drafted (the rest is unreviewed model text).",
    )


class Blueprint(Model):
    """A role blueprint (or career guide) as structured data."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this schema.")
    kind: DocumentKind = Field(default=DocumentKind.role_blueprint)
    meta: RoleMeta
    summary: RoleSummary | None = None
    mission: RoleMission | None = None
    responsibilities: CoreResponsibilities | None = None
    activities: DayToDayActivities | None = None
    deliverables: KeyDeliverables | None = None
    goals: GoalsAndMilestones | None = None
    kpis: KPIs | None = None
    technical_skills: TechnicalSkills | None = None
    soft_skills: SoftSkills | None = None
    tools: Tools | None = None
    tech_stack: TechStack | None = None
    stakeholders: Stakeholders | None = None
    decision_rights: DecisionRights | None = None
    experience: Experience | None = None
    career_path: CareerPath | None = None
    risks: Risks | None = None
    variants: RoleVariants | None = None
    ai_impact: AIImpact | None = None
    hiring: HiringCriteria | None = None
    scorecard: FinalScorecard | None = None
    market_demand: MarketDemand | None = None
    salary: SalaryInfo | None = None
    trends: IndustryTrends | None = None
    best_practices: BestPractices | None = None
    unmapped: list[UnmappedContent] = Field(default_factory=list)
    source: SourceInfo | None = None
    generation: GenerationInfo | None = None
