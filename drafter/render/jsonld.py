"""JSON-LD export: a schema.org ``JobPosting`` for careers pages and ATS imports.

What the blueprint knows is mapped; nothing is invented.  In particular there
is no employer and no location in a blueprint, so ``hiringOrganization`` and
``jobLocation`` (required by Google for job-posting rich results) are left out:
``PUBLISHING_GAPS`` names them, and ``drafter export`` prints a note.

Mapping:
  title                  meta.title
  description            summary (what, why, value) + core mission, as escaped <p> paragraphs
  datePosted             generation date, else today (ISO date)
  responsibilities       every responsibility, in order
  qualifications         every line of "Required Experience and Qualifications"
  skills                 must-have, good-to-have and advanced technical skills, then soft skills
  experienceRequirements OccupationalExperienceRequirements (monthsOfExperience from "3–7 years" -> 36)
  educationRequirements  EducationalOccupationalCredential with credentialCategory when recognisable
  experienceInPlaceOfEducation  true when the education text accepts equivalent experience
  occupationalCategory   meta.role_family
  industry               meta.industry
  baseSalary             MonetaryAmount from the salary ranges (career guides)
"""

from __future__ import annotations

import html
import json
import re

from ..schema.models import Blueprint, SalaryRange
from .layout import clean, document_date

CONTEXT = "https://schema.org"

#: JobPosting properties Google requires that a blueprint cannot supply.
PUBLISHING_GAPS = ("hiringOrganization", "jobLocation")
PUBLISHING_NOTE = (
    "the JobPosting has no hiringOrganization or jobLocation (drafter does not invent an employer or a place); "
    "add them (or jobLocationType TELECOMMUTE with applicantLocationRequirements) before publishing"
)

# Google's credentialCategory values, from the lowest to the highest.
_EDUCATION_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("high school", re.compile(r"\bhigh[- ]school\b|\bGED\b|\bsecondary school\b", re.I)),
    ("associate degree", re.compile(r"\bassociate(?:'s|’s)?\s+degree\b|\bassociate of\b", re.I)),
    (
        "bachelor degree",
        re.compile(
            r"\bbachelor(?:'s|’s|s)?\b|\bundergraduate degree\b|(?-i:\bB\.?Sc?\b|\bB\.S\.|\bB\.A\.|\bBEng\b|\bBTech\b)",
            re.I,
        ),
    ),
    (
        "postgraduate degree",
        re.compile(
            r"\bmaster(?:'s|’s|s)?\b|(?-i:\bM\.?Sc?\b|\bMBA\b|\bPh\.?\s?D\b)|\bphd\b|\bdoctora(?:te|l)\b"
            r"|\bpostgraduate\b|\bgraduate degree\b",
            re.I,
        ),
    ),
)
_ANY_DEGREE = re.compile(r"\bdegree\b", re.I)
_CERTIFICATE = re.compile(r"\bcertificat(e|ion)\b|\bbootcamp\b", re.I)
_EQUIVALENT = re.compile(
    r"\bequivalent\b[^.;]{0,40}\bexperience\b|\bexperience\b[^.;]{0,30}\bin (lieu|place) of\b|\bor equivalent\b", re.I
)

_DASH = r"(?:-|–|—|to)"
_YEARS = re.compile(
    rf"(?P<lo>\d+(?:\.\d+)?)\s*(?:\+\s*)?(?:{_DASH}\s*(?P<hi>\d+(?:\.\d+)?)\s*)?\+?\s*(?:years?|yrs?)\b", re.I
)
_MONTHS = re.compile(rf"(?P<lo>\d+)\s*(?:{_DASH}\s*\d+\s*)?months?\b", re.I)


def months_of_experience(text: str) -> int | None:
    """The minimum experience a line asks for, in months: "3–7 years" -> 36, "10+ yrs" -> 120."""
    m = _YEARS.search(text)
    if m:
        return round(float(m.group("lo")) * 12)
    m = _MONTHS.search(text)
    if m:
        return int(m.group("lo"))
    return None


def credential_category(text: str) -> str | None:
    """Google's ``credentialCategory`` for an education requirement, the lowest level the text names."""
    for category, pattern in _EDUCATION_LEVELS:
        if pattern.search(text):
            return category
    if _ANY_DEGREE.search(text):
        return "bachelor degree"
    if _CERTIFICATE.search(text):
        return "professional certificate"
    return None


def _texts(items) -> list[str]:
    return [t for t in (clean(x).strip() for x in items) if t]


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        k = item.casefold()
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _description(bp: Blueprint) -> str:
    paras: list[str] = []
    if bp.summary:
        paras += [bp.summary.what_it_is, bp.summary.why_it_exists, bp.summary.business_value]
    if bp.mission:
        paras.append(bp.mission.core_mission)
    paras = _texts(paras)
    if not paras and bp.scorecard:
        paras = _texts([bp.scorecard.role_purpose])
    if not paras and bp.market_demand:
        paras = _texts(bp.market_demand.notes)
    if not paras:
        paras = [clean(bp.meta.title).strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paras)


def _responsibilities(bp: Blueprint) -> list[str]:
    r = bp.responsibilities
    if not r:
        return []
    items: list[str] = []
    for name in ("items", "strategic", "operational", "technical", "cross_functional", "governance", "leadership"):
        items += getattr(r, name)
    for g in r.other_groups:
        items += g.items
    return _dedupe(_texts(items))


def _qualifications(bp: Blueprint) -> list[str]:
    e = bp.experience
    if not e:
        return []
    items = [*e.items, *e.years, *e.education, *e.certifications, *e.prior_roles, *e.domain_knowledge, *e.leadership]
    for g in e.other_groups:
        items += g.items
    return _dedupe(_texts(items))


def _skills(bp: Blueprint) -> list[str]:
    items: list[str] = []
    if bp.technical_skills:
        t = bp.technical_skills
        items += [s.name for s in (*t.must_have, *t.good_to_have, *t.advanced)] + list(t.items)
    if bp.soft_skills:
        items += [s.name for s in bp.soft_skills.skills]
    return _dedupe(_texts(items))


def _experience_requirements(bp: Blueprint) -> dict | None:
    lines = _texts(bp.experience.years) if bp.experience else []
    if not lines:
        return None
    req: dict = {"@type": "OccupationalExperienceRequirements"}
    months = next((mo for mo in map(months_of_experience, lines) if mo is not None), None)
    if months is not None:
        req["monthsOfExperience"] = months
    req["description"] = " ".join(lines)
    return req


def _education(bp: Blueprint) -> tuple[dict | str | None, bool]:
    lines = _texts(bp.experience.education) if bp.experience else []
    if not lines:
        return None, False
    text = " ".join(lines)
    equivalent = bool(_EQUIVALENT.search(text))
    category = credential_category(text)
    if category is None:
        return text, equivalent
    return {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": category,
        "description": text,
    }, equivalent


def _pick_salary(ranges: list[SalaryRange]) -> SalaryRange | None:
    both = [r for r in ranges if r.minimum is not None and r.maximum is not None]
    for r in both:
        if "range" in r.label.lower():
            return r
    if both:
        return both[0]
    return next((r for r in ranges if r.minimum is not None or r.maximum is not None), None)


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _base_salary(bp: Blueprint) -> dict | None:
    if not bp.salary:
        return None
    r = _pick_salary(bp.salary.ranges)
    if r is None:
        return None
    value: dict = {"@type": "QuantitativeValue", "unitText": r.period.upper()}
    if r.minimum is not None and r.maximum is not None and r.minimum != r.maximum:
        value["minValue"] = _number(min(r.minimum, r.maximum))
        value["maxValue"] = _number(max(r.minimum, r.maximum))
    else:
        value["value"] = _number(r.minimum if r.minimum is not None else r.maximum)
    return {"@type": "MonetaryAmount", "currency": (r.currency or "USD").upper(), "value": value}


def job_posting(bp: Blueprint) -> dict:
    """The ``JobPosting`` as a dict (JSON-LD, compact form)."""
    doc: dict = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": clean(bp.meta.title).strip(),
        "description": _description(bp),
        "datePosted": document_date(bp),
    }
    optional: dict = {
        "occupationalCategory": clean(bp.meta.role_family).strip() or None,
        "industry": clean(bp.meta.industry).strip() or None,
        "responsibilities": _responsibilities(bp) or None,
        "qualifications": _qualifications(bp) or None,
        "skills": _skills(bp) or None,
        "experienceRequirements": _experience_requirements(bp),
        "jobBenefits": "; ".join(_texts(bp.salary.benefits)) if bp.salary and bp.salary.benefits else None,
    }
    education, equivalent = _education(bp)
    optional["educationRequirements"] = education
    if equivalent:
        optional["experienceInPlaceOfEducation"] = True
    optional["baseSalary"] = _base_salary(bp)
    doc.update({k: v for k, v in optional.items() if v is not None})
    return doc


def render_jsonld(bp: Blueprint) -> str:
    """The ``JobPosting`` as indented JSON-LD text, ending with a newline."""
    return json.dumps(job_posting(bp), indent=2, ensure_ascii=False) + "\n"
