"""The lint's rule catalogue: one code per rule, with a name and what it checks.

Codes are stable (SARIF ``ruleId``, ``--format json`` ``code``): DL1xx coded
wording, DL2xx exclusionary phrases, DL3xx requirement inflation, DL4xx
readability, DL5xx posting completeness, DL6xx provenance.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # short kebab-case name
    summary: str  # one line: what it checks
    level: str  # default severity: "warning" | "info"


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("DL100", "gender-coding-balance", "Balance of masculine- and feminine-coded words in the document "
             "(Gaucher, Friesen & Kay 2011, as gender-decoder scores it).", "info"),
        Rule("DL101", "masculine-coded-word", "A masculine-coded word (Gaucher, Friesen & Kay 2011).", "info"),
        Rule("DL102", "feminine-coded-word", "A feminine-coded word (Gaucher, Friesen & Kay 2011).", "info"),
        Rule("DL201", "exclusionary-phrase", "Wording that excludes by age, origin or culture, or hero jargon "
             "('rockstar', 'ninja', 'digital native', 'native English speaker', 'culture fit').", "warning"),
        Rule("DL202", "physical-requirement", "A physical requirement with no essential-function or "
             "accommodation context.", "warning"),
        Rule("DL301", "too-many-must-haves", "More than 7 must-have skills.", "warning"),
        Rule("DL302", "years-above-level", "Years of experience above the band for the role's level.", "warning"),
        Rule("DL303", "years-exceed-technology", "More years of a technology than it has existed.", "warning"),
        Rule("DL304", "degree-without-equivalent", "A degree required with no 'or equivalent experience'.",
             "warning"),
        Rule("DL400", "reading-grade", "Reading grade (Flesch-Kincaid) of the whole document.", "info"),
        Rule("DL401", "hard-to-read-section", "A section above the reading-grade limit.", "info"),
        Rule("DL501", "pay-range-missing", "A posting without a pay range (EU Pay Transparency Directive, "
             "several US states).", "warning"),
        Rule("DL502", "location-missing", "A posting without a location or remote policy.", "warning"),
        Rule("DL601", "not-reviewed", "Drafted by a model and not yet reviewed (edited) by a person.", "info"),
    )
}
