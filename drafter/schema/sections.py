"""The section registry: one entry per blueprint section, in document order.

Everything that walks sections (readers, prompts, the engine, renderers, the
validator, the TUI) iterates over ``SECTIONS`` instead of hard-coding names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import models as m
from .enums import DocumentKind


@dataclass(frozen=True)
class SectionSpec:
    key: str  # attribute name on Blueprint
    number: int | None  # position in the 20-section blueprint; None for career-guide parts
    title: str  # heading as the seeds write it
    model: type[m.Section]
    aliases: tuple[str, ...] = ()  # other headings that mean this section
    depends_on: tuple[str, ...] = ()  # sections this one is built from (the scorecard, assembled by code)
    required_in: frozenset[DocumentKind] = field(default_factory=frozenset)
    generated: bool = True  # drafted by the engine

    @property
    def heading(self) -> str:
        return f"{self.number}) {self.title}" if self.number else self.title


_BP = frozenset({DocumentKind.role_blueprint})
_BOTH = frozenset({DocumentKind.role_blueprint, DocumentKind.career_guide})

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("summary", 1, "Role Summary", m.RoleSummary,
                ("overview", "role overview", "summary", "about the role", "job summary", "role description", "position summary", "introduction"),
                required_in=_BOTH),
    SectionSpec("mission", 2, "Role Mission", m.RoleMission,
                ("mission", "purpose", "role purpose", "why this role exists", "objective of the role"), required_in=_BP),
    SectionSpec("responsibilities", 3, "Core Responsibilities", m.CoreResponsibilities,
                ("responsibilities", "key responsibilities", "duties", "what you will do", "what you'll do", "accountabilities", "key duties", "role responsibilities"),
                required_in=_BOTH),
    SectionSpec("activities", 4, "Day-to-Day Activities", m.DayToDayActivities,
                ("day to day", "daily activities", "a day in the life", "typical day", "activities", "day-to-day"), required_in=_BP),
    SectionSpec("deliverables", 5, "Key Deliverables", m.KeyDeliverables,
                ("deliverables", "outputs", "work products", "artifacts", "artefacts"), required_in=_BP),
    SectionSpec("goals", 6, "Goals, Objectives, and Milestones", m.GoalsAndMilestones,
                ("goals", "objectives", "milestones", "30 60 90", "first 90 days", "success criteria", "expectations"), required_in=_BP),
    SectionSpec("kpis", 7, "KPIs and Productivity Metrics", m.KPIs,
                ("kpis", "key performance indicators", "performance indicators", "metrics", "success metrics", "productivity metrics", "measures of success", "okrs"),
                required_in=_BP),
    SectionSpec("technical_skills", 8, "Technical Skills Required", m.TechnicalSkills,
                ("technical skills", "skills", "hard skills", "technical competencies", "technical requirements", "technical expertise", "core skills", "competencies"),
                required_in=_BP),
    SectionSpec("soft_skills", 9, "Soft Skills and Behavioral Capabilities", m.SoftSkills,
                ("soft skills", "essential soft skills", "behavioral capabilities", "behavioural capabilities", "behaviors", "behaviours", "interpersonal skills", "leadership competencies"),
                required_in=_BP),
    SectionSpec("tools", 10, "Tools, Platforms, and Software", m.Tools,
                ("tools", "tooling", "tools and technologies", "platforms", "software", "technologies"), required_in=_BP),
    SectionSpec("tech_stack", 11, "Typical Tech Stack / Environment", m.TechStack,
                ("tech stack", "technology stack", "environment", "working environment", "technical environment"), required_in=_BP),
    SectionSpec("stakeholders", 12, "Stakeholders and Collaboration Map", m.Stakeholders,
                ("stakeholders", "collaboration", "collaboration map", "key relationships", "working relationships", "who you will work with", "interfaces"),
                required_in=_BP),
    SectionSpec("decision_rights", 13, "Decision Rights and Scope of Authority", m.DecisionRights,
                ("decision rights", "scope of authority", "authority", "decision making", "decision-making authority", "raci"), required_in=_BP),
    SectionSpec("experience", 14, "Required Experience and Qualifications", m.Experience,
                ("requirements", "qualifications", "experience", "required experience", "minimum qualifications", "preferred qualifications", "what we look for", "who you are", "education and experience"),
                required_in=_BOTH),
    SectionSpec("career_path", 15, "Career Path and Progression", m.CareerPath,
                ("career path", "career development", "career progression", "progression", "growth path", "career ladder", "career growth"),
                required_in=_BP),
    SectionSpec("risks", 16, "Risks, Challenges, and Failure Modes", m.Risks,
                ("risks", "challenges", "common challenges", "failure modes", "pitfalls", "common pitfalls"), required_in=_BP),
    SectionSpec("variants", 17, "Role Variants", m.RoleVariants,
                ("variants", "role variations", "variations", "how the role varies", "context variations"), required_in=_BP),
    SectionSpec("ai_impact", 18, "AI / Automation Impact on the Role", m.AIImpact,
                ("ai impact", "automation impact", "impact of ai", "future of the role", "ai and automation"), required_in=_BP),
    SectionSpec("hiring", 19, "Hiring Evaluation Criteria", m.HiringCriteria,
                ("hiring", "interview", "interview process", "evaluation criteria", "assessment", "how we hire", "selection criteria"),
                required_in=_BP),
    SectionSpec("scorecard", 20, "Final Role Scorecard Summary", m.FinalScorecard,
                ("scorecard", "role scorecard", "summary table", "at a glance", "role at a glance"),
                depends_on=("summary", "mission", "responsibilities", "deliverables", "goals", "kpis",
                            "technical_skills", "soft_skills", "tools", "career_path"),
                required_in=_BP),
    SectionSpec("market_demand", None, "Market Demand", m.MarketDemand,
                ("demand", "job market", "market outlook", "job outlook", "employment outlook"), generated=False),
    SectionSpec("salary", None, "Salary Ranges", m.SalaryInfo,
                ("salary", "compensation", "pay", "salary range", "pay range", "total compensation"), generated=False),
    SectionSpec("trends", None, "Industry Trends", m.IndustryTrends,
                ("trends", "industry trends", "emerging trends", "industry outlook"), generated=False),
    SectionSpec("best_practices", None, "Best Practices", m.BestPractices,
                ("best practices", "tips", "recommendations", "practices", "how to succeed"), generated=False),
)

BY_KEY: dict[str, SectionSpec] = {s.key: s for s in SECTIONS}
BLUEPRINT_SECTIONS: tuple[SectionSpec, ...] = tuple(s for s in SECTIONS if s.number)
GENERATED_SECTIONS: tuple[SectionSpec, ...] = tuple(s for s in SECTIONS if s.generated)


def spec(key: str) -> SectionSpec:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown section {key!r}; known: {', '.join(BY_KEY)}") from None


def section_title(key: str) -> str:
    return BY_KEY[key].title if key in BY_KEY else key
