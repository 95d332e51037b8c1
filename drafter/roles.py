"""What a job title says about a role: level, track and job family -- the one parser.

>>> infer_level("Director of Machine Learning Engineering")
<Level.director: 'director'>
>>> infer_level("mid-level individual contributor (IC)")
<Level.mid: 'mid'>
>>> infer_level("Senior Product Manager")
<Level.senior: 'senior'>
>>> infer_track("Senior Product Manager")
<Track.individual_contributor: 'individual_contributor'>
>>> infer_level("Staff Accountant") is None
True
>>> infer_role_family("Senior Platform Engineer")
'Platform Engineering'
>>> job_family("Registered Nurse")
'healthcare'

Two kinds of input, one module:

* what a person *types* for a level or a track (``--level "sr."``, a CSV
  column, a form): ``parse_level`` / ``parse_track``;
* what a *title* or a seniority sentence implies: ``infer_level`` (None when
  the title names no level: readers keep "the document does not say"),
  ``infer_track``, ``manages_people``, ``infer_role_family`` (the discipline,
  e.g. 'Platform Engineering') and ``job_family`` (one of ``FAMILIES``).

``drafter.request.RoleRequest`` combines them (an unmarked title is a
mid-level individual contributor).  Pure functions, no I/O, fast.
"""

from __future__ import annotations

import re

from .schema.enums import Level, Track

# --------------------------------------------------------------------------- what people type

_LEVEL_ALIASES = {
    "sr": "senior", "snr": "senior", "jr": "junior", "entry": "junior", "entry level": "junior",
    "graduate": "junior", "new grad": "junior", "associate": "junior", "mid level": "mid", "midlevel": "mid",
    "intermediate": "mid", "middle": "mid", "experienced": "mid", "i": "junior", "ii": "mid", "iii": "senior",
    "iv": "staff", "tech lead": "lead", "team lead": "lead", "technical lead": "lead", "lead engineer": "lead",
    "distinguished": "principal", "fellow": "principal", "architect": "principal",
    "em": "manager", "engineering manager": "manager", "people manager": "manager", "supervisor": "manager",
    "sr manager": "senior_manager", "snr manager": "senior_manager",
    "sr director": "senior_director", "head of": "head", "vice president": "vp", "svp": "vp", "evp": "executive",
    "c level": "executive", "c suite": "executive", "cxo": "executive", "chief": "executive", "exec": "executive",
    "internship": "intern", "trainee": "intern", "apprentice": "intern",
}
_TRACK_ALIASES = {
    "ic": Track.individual_contributor, "individual contributor": Track.individual_contributor,
    "individual": Track.individual_contributor, "contributor": Track.individual_contributor,
    "individual contributor track": Track.individual_contributor, "ic track": Track.individual_contributor,
    "manager": Track.manager, "management": Track.manager, "people manager": Track.manager, "mgr": Track.manager,
    "manager track": Track.manager, "management track": Track.manager, "leadership": Track.manager,
}


def level_choices() -> str:
    return ", ".join(lvl.value.replace("_", " ") for lvl in Level)


def parse_level(value: str | Level | None, *, strict: bool = False) -> Level | None:
    """A typed level ('Senior', 'sr.', 'Vice President', 'senior_manager', 'staff engineer') as a ``Level``.

    Unknown text gives None, or ``ValueError`` with the accepted levels when ``strict``.
    """
    if isinstance(value, Level):
        return value
    if value is None or not str(value).strip():
        return None
    words = " ".join(re.sub(r"[^a-z ]+", " ", str(value).lower().replace("-", " ").replace("_", " ")).split())
    found: Level | None = None
    if words:
        try:
            found = Level(words.replace(" ", "_"))
        except ValueError:
            alias = _LEVEL_ALIASES.get(words)
            found = Level(alias) if alias else infer_level(words)
    if found is None and strict:
        raise ValueError(f"unknown level {str(value).strip()!r}; use one of: {level_choices()}")
    return found


def normalise_level(value: str | None) -> str | None:
    """A ``Level`` value from what people type ("Senior", "sr.", "Staff", "VP", "senior manager"), or None;
    unknown text is a one-line ``UsageError`` naming the levels."""
    from .errors import UsageError

    try:
        level = parse_level(value, strict=True)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return level.value if level else None


def parse_track(value: str | Track | None, *, strict: bool = False) -> Track | None:
    """'ic', 'individual contributor', 'manager', 'management'... as a ``Track``."""
    if isinstance(value, Track):
        return value
    if value is None or not str(value).strip():
        return None
    words = " ".join(str(value).strip().lower().replace("-", " ").replace("_", " ").replace("(", " ").replace(")", " ").split())
    found = _TRACK_ALIASES.get(words)
    if found is None and strict:
        raise ValueError(f"unknown track {str(value).strip()!r}; use ic or manager")
    return found


# --------------------------------------------------------------------------- manager titles

# "<X> Manager" where X is one of these is, by convention, an individual contributor who manages a
# product, a programme, accounts, a community... -- not people.
_IC_MANAGER_OF = (
    "product", "program", "programme", "project", "account", "key account", "technical account", "customer success",
    "client success", "success", "release", "community", "product marketing", "marketing", "digital marketing",
    "email marketing", "content marketing", "field marketing", "brand", "partner", "partnership", "partnerships",
    "channel", "category", "territory", "relationship", "client relationship", "portfolio", "case", "campaign",
    "content", "social media", "seo", "event", "events", "vendor", "contract", "contracts", "implementation",
    "solutions", "growth", "lifecycle", "pricing", "merchandising", "property", "office", "inventory", "incident",
    "change", "configuration", "risk", "compliance", "privacy", "payroll", "benefits", "compensation", "grants",
    "research", "insights", "launch", "demand generation", "ecommerce", "e commerce", "integration", "data product",
    "ai product", "ml product", "platform product", "technical product", "technical program", "technical project",
    "engagement", "enablement", "procurement", "sourcing", "scrum",
)
_IC_MANAGER_RE = re.compile(r"\b(?:%s) manager\b" % "|".join(sorted(map(re.escape, _IC_MANAGER_OF), key=len, reverse=True)))
# ...unless the title says it manages the people doing that work
_PEOPLE_MANAGER_RE = re.compile(
    r"\b(?:group|people|team|line|general|department|store|shift|nurse|nursing|engineering) manager\b|\bgroup [a-z ]*manager\b"
    r"|\bmanager,|\bmanager of\b|\bmanager\s*[-–]\s|\bsupervisor\b|\bmanagement\)"
)


def manages_people(title: str | None) -> bool | None:
    """Whether a "...Manager"/"Supervisor" title manages people; None when it names no manager at all.

    "Engineering Manager", "Nurse Manager", "Sales Manager", "Manager, Data Science", "Group Product
    Manager" manage people; "Product Manager", "Program Manager", "Account Manager", "Customer Success
    Manager", "Release Manager" do not.
    """
    if not title:
        return None
    low = _normal(title)
    if not re.search(r"\bmanager\b|\bsupervisor\b", low):
        return None
    if _PEOPLE_MANAGER_RE.search(low):
        return True
    return not _IC_MANAGER_RE.search(low)


# --------------------------------------------------------------------------- level

_ASSUMES = re.compile(r"\b(?:assumes?|assuming|this blueprint assumes)\b\s*(?P<what>[^.;]{0,80})", re.I)
_NUMERALS = {"i": Level.junior, "ii": Level.mid, "iii": Level.senior, "iv": Level.staff, "v": Level.principal}
_NUMERAL_RE = re.compile(r"(?<![a-z'])(iv|v|i{1,3})(?=\s*(?:$|[,(/|]))")
# "staff" that is a kind of employee, not a level: Staff Accountant, Staff Nurse, Member of Technical Staff
_STAFF_NOT_LEVEL = re.compile(
    r"\b(?:member of (?:the )?(?:technical )?staff|chief of staff|staff (?=accountant|nurse|auditor|writer|"
    r"pharmacist|physician|attorney|photographer|sergeant|assistant|counsel|accounting|therapist|psychologist|"
    r"officer|member|editor|reporter|chaplain))"
)
# "lead" that is a sales or marketing lead: Lead Generation Specialist, Lead Qualification
_LEAD_NOT_LEVEL = re.compile(r"\blead(?:s)?[- ](?:generation|gen|qualification|nurtur\w*|management|scor\w*|routing|development)\b")


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("–", "-").replace("’", "'").replace("&", " and ").split())


def infer_level(text: str | None) -> Level | None:
    """The seniority a title or a seniority sentence names, or None when it names none.

    A sentence such as "Mid-level to Senior individual contributor ...; this
    blueprint assumes mid-level" is read for what it *assumes* first.
    """
    if not text:
        return None
    low = _normal(text)
    m = _ASSUMES.search(low)
    if m:
        found = _match(m.group("what"))
        if found:
            return found
    return _match(low)


def _match(low: str) -> Level | None:
    low = _STAFF_NOT_LEVEL.sub(lambda m: "chief-of-staff " if m.group(0).startswith("chief") else " ", low)
    low = _LEAD_NOT_LEVEL.sub(" leadgen ", low)
    if re.search(r"\bchief-of-staff\b", low):
        return Level.director
    if re.search(r"\bgeneral counsel\b", low) and not re.search(r"\b(deputy|associate|assistant)\b", low):
        return Level.executive
    if re.search(r"\b(financial|finance) controller\b|^controller$", low):
        return Level.manager
    if re.search(r"\b(chief [a-z ]*officer|chief|cto|cio|ciso|cfo|coo|cmo|cpo|cro|chro|cno|cmio|cdo|cdao|caio|"
                 r"c-level|c-suite)\b", low):
        return Level.executive
    if re.search(r"\b(svp|evp|avp|vp|vice[- ]president)\b", low):
        return Level.vp
    if re.search(r"\bhead (nurse|chef|cook|coach|teacher|cashier|housekeeper|of department)\b", low):
        return Level.manager
    if re.search(r"\b(global head|head of|head)\b", low):
        return Level.head
    if re.search(r"\b(senior|sr\.?) director\b", low):
        return Level.senior_director
    if re.search(r"\bassociate director\b", low):
        return Level.senior_manager
    if re.search(r"\bdirector\b", low):
        return Level.director
    people = manages_people(low)
    if people:
        if re.search(r"\b(senior|sr\.?|group)\b[a-z ,]*\bmanager\b", low):
            return Level.senior_manager
        return Level.manager
    if re.search(r"\b(people manager|manages managers|manager of managers)\b", low):
        return Level.manager
    m = _NUMERAL_RE.search(low)
    if m and re.search(r"[a-z]{3,}\s+" + m.group(1) + r"\b", low):
        return _NUMERALS[m.group(1)]
    if re.search(r"\b(distinguished|fellow|principal)\b", low):
        return Level.principal
    if re.search(r"\bstaff\b", low):
        return Level.staff
    if re.search(r"\b(tech(nical)? lead|team lead(er)?|lead)\b", low):
        return Level.lead
    if re.search(r"\b(senior|sr\.?)\b", low):
        return Level.senior
    if re.search(r"\b(mid[- ]?level|mid[- ]senior|intermediate|mid)\b", low):
        return Level.mid
    if re.search(r"\b(junior|jr\.?|entry[- ]level|graduate|new grad|associate)\b", low):
        return Level.junior
    if re.search(r"\b(intern|internship|trainee|apprentice)\b", low):
        return Level.intern
    return None


# --------------------------------------------------------------------------- track

_IC_WORDS = re.compile(
    r"\b(individual contributor|\bic\b|non-managerial|not formal people management|hands-on engineer)\b", re.I
)
_MANAGER_WORDS = re.compile(
    r"\b(people manager|manages? (?:a |the )?(?:team|managers|engineers|organization)|people leader|line manager|management track)\b",
    re.I,
)


def infer_track(title: str | None, text: str | None = None, level: Level | None = None) -> Track | None:
    """Individual contributor or manager, from a seniority sentence, the title, or the level.

    None when nothing says (an unmarked title such as 'Platform Engineer')."""
    for source in (text, title):
        if not source:
            continue
        if _IC_WORDS.search(source) and not _MANAGER_WORDS.search(source):
            return Track.individual_contributor
        if _MANAGER_WORDS.search(source):
            return Track.manager
    if title:
        low = _normal(title)
        if re.search(r"\bchief of staff\b", low):
            return Track.individual_contributor
        people = manages_people(title)
        if people is not None and not re.search(r"\b(director|head|vp|vice president|chief)\b", low):
            return Track.manager if people else Track.individual_contributor
        if re.search(r"\bteam lead(er)?\b", low):
            return Track.manager
    level = level or infer_level(title) or infer_level(text)
    if level is None:
        return None
    return level.default_track


# --------------------------------------------------------------------------- job family (broad)

# key -> label; the families prompts give hints for and few-shot examples are matched on
FAMILIES: dict[str, str] = {
    "engineering": "Engineering",
    "data": "Data and Machine Learning",
    "security": "Security",
    "product": "Product Management",
    "design": "Design",
    "sales": "Sales",
    "marketing": "Marketing",
    "people": "People and HR",
    "finance": "Finance",
    "support": "Customer Support",
    "healthcare": "Healthcare",
    "operations": "Operations",
    "legal": "Legal",
}
# Most specific first: the first family with a match wins.
_FAMILY_WORDS: tuple[tuple[str, str], ...] = (
    ("healthcare", r"nurs\w*|physician|doctor|clinical|clinician|pharmac\w*|therapist|medical|patient|caregiver|"
                   r"surgeon|surgical|dental|dentist|radiolog\w*|midwife|paramedic|hospital|cno|cmio|care assistant|"
                   r"health ?care|phlebotom\w*|physiotherap\w*|lpn|rn|cna"),
    ("security", r"security|infosec|ciso|soc|penetration|pentest\w*|appsec|devsecops|secops|cyber\w*|threat|"
                 r"vulnerability|grc|identity and access"),
    ("people", r"people|hr|human resources|recruit\w*|talent|chro|compensation|benefits|learning and development|"
               r"l and d|payroll|workforce|employee experience|hris|dei|diversity"),
    ("finance", r"financ\w*|accountant|accounting|controller|cfo|fp and a|treasury|tax|audit\w*|bookkeep\w*|"
                r"billing|accounts payable|accounts receivable|actuar\w*|credit analyst|investment|procurement"),
    ("legal", r"legal|counsel|attorney|lawyer|paralegal|compliance|privacy officer|contracts? manager"),
    ("marketing", r"marketing|brand|content|seo|sem|social media|growth|communications|pr|public relations|"
                  r"demand gen\w*|lead generation|leadgen|copywrit\w*|community|cmo|campaign|events?|"
                  r"digital marketing|email marketing|performance marketing"),
    ("sales", r"sales|account executive|account manager|key account|business development|bdr|sdr|"
              r"sales development|revenue|cro|partnerships?|channel|territory|pre-?sales|solutions consultant|"
              r"sales engineer|solutions engineer|inside sales|field sales|commercial"),
    ("design", r"design\w*|ux|ui|user research\w*|ux research\w*|art director|creative director|illustrat\w*|"
               r"visual|interaction|motion"),
    ("product", r"product|program manager|programme manager|project manager|project management|program management|"
                r"scrum master|agile coach|cpo|delivery manager|technical program"),
    ("operations", r"supply chain|logistics|warehouse|fulfil\w*|fleet|inventory"),
    ("data", r"data|analytics|analyst|scientist|machine learning|ml|ai|mlops|llmops|bi|business intelligence|"
             r"statistic\w*|quantitative|research scientist|computer vision|nlp|deep learning|cdo|cdao|caio"),
    ("support", r"support|customer service|customer success|client success|help ?desk|service desk|"
                r"call cent\w*|contact cent\w*|customer experience|customer care|technical account"),
    ("engineering", r"engineer\w*|developer|development|sre|site reliability|devops|programmer|software|"
                    r"architect\w*|qa|quality assurance|test\w*|platform|infrastructure|firmware|embedded|"
                    r"technical staff|cto|technology|release|frontend|front-end|backend|back-end|full[- ]stack|mobile|ios|"
                    r"android|cloud|kubernetes|network|systems administrator|sysadmin|database administrator|dba|"
                    r"it|tech lead|technical lead|finops"),
    ("operations", r"operations|operating|ops|logistics|supply chain|warehouse|facilities|office|procurement|coo|"
                   r"chief of staff|executive assistant|administrative|administrator|assistant|coordinator|"
                   r"store|retail|fulfil\w*|fleet|inventory|business operations|general manager|manufactur\w*|"
                   r"plant|production|quality"),
)
_FAMILY_RES = tuple((key, re.compile(rf"\b(?:{words})\b")) for key, words in _FAMILY_WORDS)


def job_family(title: str | None) -> str | None:
    """The broad job family of a title: a key of ``FAMILIES``, or None when nothing matches."""
    if not title:
        return None
    low = _normal(title)
    low = _LEAD_NOT_LEVEL.sub(" leadgen ", low)
    low = re.sub(r"\bmember of (?:the )?technical staff\b", " technical staff ", low)
    # "Financial Analyst" is finance, "Security Analyst" security: the generic words come last
    for key, pattern in _FAMILY_RES:
        if pattern.search(low):
            return key
    return None


def family_label(key: str | None) -> str | None:
    return FAMILIES.get(key) if key else None


# --------------------------------------------------------------------------- role family (the discipline)

_LEVEL_WORDS = re.compile(
    r"\b(global|senior|sr\.?|junior|jr\.?|staff|principal|distinguished|lead|head of|head|director of|director,?|"
    r"senior director of|vp of|vp,?|vice president of|vice president,?|chief|associate|intern|mid-level|"
    r"manager,?|manager of|group|registered|licensed|certified|i{1,3}|iv|v)\b",
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
    "nurse": "Nursing",
    "accountant": "Accounting",
    "recruiter": "Recruiting",
}
_DISCIPLINES = {v for v in _ROLE_NOUNS.values() if v} | {
    "Management", "Marketing", "Sales", "Security", "Support", "Success", "Finance", "Accounting", "Nursing",
    "Recruiting", "Acquisition", "Resources", "Operations", "Reliability", "Assurance", "Intelligence", "Learning",
    "DevOps", "MLOps", "LLMOps", "FinOps", "DevSecOps", "AI", "Legal", "Communications",
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
    "hr": "HR",
}


def infer_role_family(title: str | None) -> str | None:
    """The discipline a title belongs to: 'Platform Engineering', 'Machine Learning Engineering', 'DevOps'...

    Seniority words are removed ("Director of", "Senior", "Head of"), the
    role noun is turned into its discipline ("Engineer" -> "Engineering",
    "Product Manager" -> "Product Management"), and the domain words are kept
    ("AI Platform Engineer" -> "AI Platform Engineering").
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
    managed = False
    while words and words[-1].lower() in ("manager", "management", "leader", "lead", "officer", "supervisor"):
        managed = managed or words[-1].lower() in ("manager", "management", "supervisor")
        words.pop()
    if not words:
        return "Engineering Management"
    last = words[-1].lower()
    if last in _ROLE_NOUNS and _ROLE_NOUNS[last]:
        words[-1] = _ROLE_NOUNS[last]
    elif last in _ACRONYMS and len(words) == 1:
        return _ACRONYMS[last] + (" Management" if managed and last not in ("sre", "devops", "mlops") else "")
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
    if managed and out[-1] not in _DISCIPLINES:
        out.append("Management")  # "Product Manager" -> "Product Management"
    family = " ".join(out)
    return family or None


def level_label(level: Level | None) -> str:
    return level.value.replace("_", " ") if level else "unknown"


def track_label(track: Track | None) -> str:
    if track is None:
        return "unknown"
    return "individual contributor" if track == Track.individual_contributor else "manager"


__all__ = [
    "FAMILIES",
    "family_label",
    "infer_level",
    "infer_role_family",
    "infer_track",
    "job_family",
    "level_choices",
    "level_label",
    "manages_people",
    "normalise_level",
    "parse_level",
    "parse_track",
    "track_label",
]
