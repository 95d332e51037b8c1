"""DL3xx: requirement inflation.

* more than ``MAX_MUST_HAVES`` must-have skills;
* a minimum of years above the band for the role's level (``LEVEL_MAX_YEARS``);
* more years of a technology than it has existed (``FIRST_RELEASE``: the year of
  the first public release, so the check errs towards silence);
* a degree required with no "or equivalent experience".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema.enums import Level

MAX_MUST_HAVES = 7

#: The most years a role at this level can reasonably *require* as a minimum.
LEVEL_MAX_YEARS: dict[Level, int] = {
    Level.intern: 1,
    Level.junior: 2,
    Level.mid: 5,
    Level.senior: 8,
    Level.staff: 12,
    Level.principal: 15,
    Level.lead: 10,
    Level.manager: 10,
    Level.senior_manager: 12,
    Level.director: 15,
    Level.senior_director: 15,
    Level.head: 15,
    Level.vp: 18,
    Level.executive: 20,
}

#: First public release (or open-sourcing) year of common tools: asking for more years than this is impossible.
FIRST_RELEASE: dict[str, int] = {
    "Kubernetes": 2014, "Terraform": 2014, "Docker": 2013, "Helm": 2016, "Istio": 2017, "Argo CD": 2018,
    "ArgoCD": 2018, "Pulumi": 2018, "OpenTelemetry": 2019, "Prometheus": 2012, "Grafana": 2014, "Vault": 2015,
    "Consul": 2014, "Nomad": 2015, "Ansible": 2012, "GitHub Actions": 2018, "GitLab CI": 2012, "Backstage": 2020,
    "React": 2013, "React Native": 2015, "Vue": 2014, "Vue.js": 2014, "Angular": 2016, "Svelte": 2016,
    "Next.js": 2016, "Tailwind": 2017, "TypeScript": 2012, "Node.js": 2009, "Deno": 2018, "GraphQL": 2015,
    "Go": 2009, "Golang": 2009, "Rust": 2010, "Swift": 2014, "SwiftUI": 2019, "Kotlin": 2011, "Flutter": 2017,
    "Dart": 2011, "Elixir": 2012, "Julia": 2012, "FastAPI": 2018, "Spark": 2010, "Apache Spark": 2010,
    "Kafka": 2011, "Apache Kafka": 2011, "Airflow": 2015, "dbt": 2016, "Snowflake": 2014, "Databricks": 2013,
    "BigQuery": 2010, "Redshift": 2012, "Looker": 2012, "Flink": 2011, "Delta Lake": 2019, "Iceberg": 2017,
    "TensorFlow": 2015, "PyTorch": 2016, "Keras": 2015, "MLflow": 2018, "Kubeflow": 2018, "Ray": 2017,
    "Hugging Face": 2016, "Transformers": 2018, "LangChain": 2022, "LlamaIndex": 2022, "ChatGPT": 2022,
    "GPT-4": 2023, "LLMs": 2018, "LLM": 2018, "Large Language Models": 2018, "Generative AI": 2014,
    "MongoDB": 2009, "Redis": 2009, "Elasticsearch": 2010, "Cassandra": 2008, "CockroachDB": 2015,
    "AWS": 2006, "Azure": 2010, "GCP": 2008, "Google Cloud": 2008, "Lambda": 2014, "AWS Lambda": 2014,
    "Serverless": 2014, "Jenkins": 2011, "Figma": 2016, "Slack": 2013, "Salesforce Lightning": 2014,
    "Power BI": 2015, "Microsoft Teams": 2017, "Workday": 2006, "HubSpot": 2006,
}

_TECH = re.compile(
    r"(?<![\w.-])(" + "|".join(re.escape(t) for t in sorted(FIRST_RELEASE, key=len, reverse=True)) + r")(?![\w-])"
)
_TECH_LOOKUP = {t.lower(): y for t, y in FIRST_RELEASE.items()}
YEARS = re.compile(
    r"\b(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*(\d{1,2})\s*\+?\s*)?(?:years?|yrs?)\b(?:'|’)?",
    re.IGNORECASE,
)
_EXPERIENCE_NEAR = re.compile(r"^\W*(?:of\s+)?(?:\S+\s+){0,5}?(?:experience|in\b|with\b|using\b|working)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.()]|\band\b|\bincluding\b")

DEGREE = re.compile(
    r"\b(?:bachelor'?s?|master'?s?|ph\.?\s?d|doctorate|degree|university\s+diploma)\b|(?-i:\b(?:BSc|BS|BA|MSc|MS|MBA|PhD)\b)",
    re.IGNORECASE,
)
REQUIRED = re.compile(r"\b(?:required|requires?|must|mandatory|essential|needed|need)\b", re.IGNORECASE)
ALTERNATIVE = re.compile(
    r"equivalent|or\s+(?:relevant|comparable|similar|related|practical|professional|hands-on)\s+(?:work\s+|industry\s+)?"
    r"experience|not\s+(?:required|necessary|essential|mandatory)|no\s+degree|preferred|desirable|nice[- ]to[- ]have|"
    r"optional|helpful|advantage|a\s+plus|\bor\s+(?:a\s+)?(?:bootcamp|apprenticeship)|in\s+lieu|instead\s+of\s+a\s+degree|"
    r"not\s+a\s+(?:hard\s+)?requirement|valued\s+but",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class YearsClaim:
    minimum: int
    text: str  # as written, e.g. "10+ years"
    tech: str | None = None  # the technology the years are of, when one is named


def years_claims(text: str, *, experience_field: bool = False) -> list[YearsClaim]:
    """Years-of-experience statements in ``text``: the minimum, and the technology when one follows."""
    out = []
    for mo in YEARS.finditer(text):
        low = int(mo.group(1))
        if low == 0 or low > 40:
            continue
        rest = text[mo.end(): mo.end() + 60]
        clause = _CLAUSE_END.split(rest, maxsplit=1)[0]
        if not experience_field and not _EXPERIENCE_NEAR.match(rest):
            continue
        tech_mo = _TECH.search(clause)
        tech = tech_mo.group(1) if tech_mo else None
        out.append(YearsClaim(low, mo.group(0).strip(), tech))
    return out


def first_release(tech: str) -> int | None:
    return _TECH_LOOKUP.get(tech.lower())


def degree_without_equivalent(text: str, *, education_field: bool, context: str = "") -> str | None:
    """The degree wording when ``text`` requires a degree with no alternative (else None)."""
    mo = DEGREE.search(text)
    if mo is None:
        return None
    if not education_field and not REQUIRED.search(text):
        return None
    if ALTERNATIVE.search(text) or (context and ALTERNATIVE.search(context)):
        return None
    return mo.group(0)
