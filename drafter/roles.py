"""What a job title says about a role: level, track and job family.

>>> infer_level("Director of Machine Learning Engineering")
<Level.director: 'director'>
>>> infer_level("mid-level individual contributor (IC)")
<Level.mid: 'mid'>
>>> infer_role_family("Senior Platform Engineer")
'Platform Engineering'

Used by the readers (to fill ``RoleMeta`` from a document) and by drafting
(to describe a requested role).  Pure functions, no I/O, fast.
"""

from __future__ import annotations

import re

from .errors import UsageError
from .schema.enums import Level, Track

# Title patterns, most specific first: the first match wins.
_LEVEL_PATTERNS: tuple[tuple[str, Level], ...] = (
    (r"\b(chief [a-z ]*officer|chief|cto|cio|ciso|cdo|cdao|cpo|caio|c-level|c-suite)\b", Level.executive),
    (r"\b(svp|evp|avp|vp|vice[- ]president)\b", Level.vp),
    (r"\b(global head|head of|head)\b", Level.head),
    (r"\b(senior|sr\.?) director\b", Level.senior_director),
    (r"\bdirector\b", Level.director),
    (r"\b(senior|sr\.?) (engineering |software |platform )?manager\b", Level.senior_manager),
    (r"\b(engineering|software|platform|delivery|development|[a-z]+ engineering) manager\b|\bmanager\b", Level.manager),
    (r"\b(distinguished|fellow|principal)\b", Level.principal),
    (r"\bstaff\b", Level.staff),
    (r"\b(tech(nical)? lead|team lead|lead)\b", Level.lead),
    (r"\b(senior|sr\.?)\b", Level.senior),
    (r"\b(mid[- ]?level|mid[- ]senior|intermediate|mid)\b", Level.mid),
    (r"\b(junior|jr\.?|entry[- ]level|graduate|associate)\b", Level.junior),
    (r"\b(intern|internship|trainee|apprentice)\b", Level.intern),
    (r"\b(engineer|developer|analyst|scientist|specialist|administrator|consultant|designer)\s+(iii)\b", Level.senior),
    (r"\b(engineer|developer|analyst|scientist|specialist|administrator|consultant|designer)\s+(ii)\b", Level.mid),
    (r"\b(engineer|developer|analyst|scientist|specialist|administrator|consultant|designer)\s+(i)\b", Level.junior),
)

_ASSUMES = re.compile(r"\b(?:assumes?|assuming|this blueprint assumes)\b\s*(?P<what>[^.;]{0,80})", re.I)


def infer_level(text: str | None) -> Level | None:
    """The seniority a title or a seniority sentence names, or None.

    A sentence such as "Mid-level to Senior individual contributor ...; this
    blueprint assumes mid-level" is read for what it *assumes* first.
    """
    if not text:
        return None
    low = " ".join(text.lower().replace("–", "-").split())
    m = _ASSUMES.search(low)
    if m:
        found = _match(m.group("what"))
        if found:
            return found
    return _match(low)


def _match(low: str) -> Level | None:
    for pattern, level in _LEVEL_PATTERNS:
        if re.search(pattern, low):
            return level
    return None


_IC_WORDS = re.compile(
    r"\b(individual contributor|\bic\b|non-managerial|not formal people management|hands-on engineer)\b", re.I
)
_MANAGER_WORDS = re.compile(
    r"\b(people manager|manages? (?:a |the )?(?:team|managers|engineers|organization)|people leader|line manager|management track)\b",
    re.I,
)


def infer_track(title: str | None, text: str | None = None, level: Level | None = None) -> Track | None:
    """Individual contributor or manager, from a seniority sentence, the title, or the level."""
    for source in (text, title):
        if not source:
            continue
        if _IC_WORDS.search(source) and not _MANAGER_WORDS.search(source):
            return Track.individual_contributor
        if _MANAGER_WORDS.search(source):
            return Track.manager
    level = level or infer_level(title) or infer_level(text)
    if level is None:
        return None
    if level == Level.lead and title and re.search(r"\bteam lead\b", title, re.I):
        return Track.manager
    return level.default_track


# --------------------------------------------------------------------------- role family

_LEVEL_WORDS = re.compile(
    r"\b(global|senior|sr\.?|junior|jr\.?|staff|principal|distinguished|lead|head of|head|director of|director,?|"
    r"senior director of|vp of|vp,?|vice president of|vice president,?|chief|associate|intern|mid-level|"
    r"manager,?|manager of|i{1,3}|iv|v)\b",
    re.I,
)
_ROLE_NOUNS = {
    "engineer": "Engineering",
    "engineering": "Engineering",
    "developer": "Development",
    "development": "Development",
    "scientist": "Science",
    "science": "Science",
    "analyst": "Analytics",
    "analytics": "Analytics",
    "architect": "Architecture",
    "architecture": "Architecture",
    "designer": "Design",
    "design": "Design",
    "administrator": "Administration",
    "specialist": None,
    "consultant": "Consulting",
    "researcher": "Research",
    "research": "Research",
    "operations": "Operations",
    "ops": None,
    "manager": None,
}
_ACRONYMS = {
    "sre": "Site Reliability Engineering",
    "devops": "DevOps",
    "mlops": "MLOps",
    "ml": "Machine Learning",
    "ai": "AI",
    "qa": "Quality Assurance",
    "it": "IT",
    "ui": "UI",
    "ux": "UX",
    "data": "Data",
    "bi": "BI",
    "finops": "FinOps",
    "secops": "Security Operations",
    "devsecops": "DevSecOps",
    "llmops": "LLMOps",
}


def infer_role_family(title: str | None) -> str | None:
    """The job family a title belongs to: 'Platform Engineering', 'Machine Learning Engineering', 'DevOps'...

    Seniority words are removed ("Director of", "Senior", "Head of"), the
    role noun is turned into its discipline ("Engineer" -> "Engineering"),
    and the domain words are kept ("AI Platform Engineer" -> "AI Platform
    Engineering").
    """
    if not title:
        return None
    base = re.split(r"[:(|]", title, maxsplit=1)[0]
    if "," in base:
        left, right = (x.strip() for x in base.split(",", 1))
        lf = _family(left)
        rf = _family(right) if right else None
        if lf and rf and lf != rf:
            # "Engineering Manager, AI Platform" -> "AI Platform Engineering"
            return rf if rf.endswith(lf) else f"{rf} {lf}" if lf.split()[-1] not in rf else rf
        return rf or lf
    return _family(base)


def _family(text: str) -> str | None:
    text = text.replace("&", " and ").replace("/", " / ")
    text = _LEVEL_WORDS.sub(" ", text)
    words = [w for w in re.split(r"[\s,]+", text) if w and w not in ("of", "for", "the", "-", "–")]
    if not words:
        return None
    # "Engineering Manager" -> the family is Engineering Management? Keep the discipline: "Engineering".
    while words and words[-1].lower() in ("manager", "management", "leader", "lead", "officer"):
        words.pop()
    if not words:
        return "Engineering Management"
    last = words[-1].lower()
    if last in _ROLE_NOUNS and _ROLE_NOUNS[last]:
        words[-1] = _ROLE_NOUNS[last]
    elif last in _ACRONYMS and len(words) == 1:
        return _ACRONYMS[last]
    if len(words) == 1 and words[0].lower() in _ACRONYMS:
        return _ACRONYMS[words[0].lower()]
    out = []
    for w in words:
        low = w.lower()
        if low in ("sre",):
            out.append("Site Reliability")
        elif low in _ACRONYMS and low not in ("data",):
            out.append(_ACRONYMS[low])
        else:
            out.append(w if not w.islower() else w.capitalize())
    family = " ".join(out)
    return family or None


def level_label(level: Level | None) -> str:
    return level.value.replace("_", " ") if level else "unknown"




# Spellings people type for a level (``drafter draft --level``, the library).
_LEVEL_ALIASES = {
    "sr": "senior", "snr": "senior", "jr": "junior", "entry": "junior", "entry level": "junior",
    "graduate": "junior", "new grad": "junior", "associate": "junior", "mid level": "mid", "midlevel": "mid",
    "intermediate": "mid", "middle": "mid", "experienced": "mid", "ii": "mid", "iii": "senior",
    "tech lead": "lead", "team lead": "lead", "technical lead": "lead", "lead engineer": "lead",
    "distinguished": "principal", "fellow": "principal", "architect": "principal",
    "em": "manager", "engineering manager": "manager", "people manager": "manager",
    "sr manager": "senior_manager", "snr manager": "senior_manager",
    "sr director": "senior_director", "head of": "head", "vice president": "vp", "svp": "vp", "evp": "executive",
    "c level": "executive", "c suite": "executive", "cxo": "executive", "chief": "executive", "exec": "executive",
}


def normalise_level(value: str | None) -> str | None:
    """A ``Level`` value from what people type: "Senior", "sr.", "Staff", "VP", "senior manager"."""
    if value is None or not value.strip():
        return None
    words = " ".join(re.sub(r"[-_./]+", " ", value.strip().lower()).split())
    candidate = words.replace(" ", "_")
    valid = {lvl.value for lvl in Level}
    if candidate in valid:
        return candidate
    if words in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[words]
    raise UsageError(f"unknown level {value!r}; use one of: {', '.join(lvl.value.replace('_', ' ') for lvl in Level)}")


__all__ = ["infer_level", "infer_track", "infer_role_family", "level_label", "normalise_level"]
