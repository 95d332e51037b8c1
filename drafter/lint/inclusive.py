"""DL2xx: exclusionary and ableist wording, with suggested wording.

Each phrase is a precompiled pattern with a near-miss guard where the words
have an innocent sense: "cloud-native" and "native app" are not "native
speaker"; "a young company" is about the company, not the candidate.
Physical requirements ("lift 50 lbs", "stand for long periods") are flagged
unless the same text ties them to the job's essential functions or offers
reasonable accommodation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern
    why: str
    suggestion: str


def _p(pattern: str, why: str, suggestion: str) -> Phrase:
    return Phrase(re.compile(pattern, re.IGNORECASE), why, suggestion)


PHRASES: tuple[Phrase, ...] = (
    _p(r"\brock[ -]?stars?\b", "hero jargon puts off people who do not see themselves that way",
       "name the skill: 'an experienced engineer', 'expert in ...'"),
    _p(r"\bninjas?\b", "hero jargon puts off people who do not see themselves that way", "say 'expert' or name the skill"),
    _p(r"\bgurus?\b", "hero jargon puts off people who do not see themselves that way", "say 'expert' or name the skill"),
    _p(r"\b(?:wizards?|jedis?|superstars?|unicorns?)\b(?![- ](?:dialog|flow|setup))",
       "hero jargon puts off people who do not see themselves that way", "say 'expert' or name the skill"),
    _p(r"\byoung(?:er)?\b(?!\s+(?:company|companies|startups?|business(?:es)?|field|discipline|industry|market|"
       r"products?|team'?s\s+product|organi[sz]ations?|programs?|programmes?)\b)",
       "age wording discourages older applicants (and is unlawful in many places)",
       "describe the work or the team instead, e.g. 'energetic team' -> 'collaborative team'"),
    _p(r"\byouthful\b", "age wording discourages older applicants", "describe the work, not the people"),
    _p(r"\brecent\s+(?:college\s+|university\s+)?graduates?\b", "an age proxy", "say 'early-career' or state the skills needed"),
    _p(r"\bdigital[- ]natives?\b", "an age proxy", "say 'comfortable with digital tools'"),
    _p(r"\bnative[- ](?:english|german|french|spanish|dutch|[A-Z][a-z]+)?[- ]?speakers?\b|\bnative\s+(?:english|german|"
       r"french|spanish|dutch|japanese|mandarin)\b(?!\s+(?:app|code|client))",
       "excludes fluent speakers by origin", "say 'fluent in English' or 'professional working proficiency in English'"),
    _p(r"\bmother[- ]tongue\b", "excludes fluent speakers by origin", "say 'fluent in ...'"),
    _p(r"\bcultur(?:e|al)[- ]fit\b", "'fit' invites hiring people like the team; it is a known bias vector",
       "say 'values alignment' or 'culture add', and name the values"),
    _p(r"\bable[- ]bodied\b", "ableist wording", "describe the task and its essential function"),
    _p(r"\b(?:manpower|man-hours?)\b", "gendered wording", "say 'staffing', 'capacity' or 'person-hours'"),
    _p(r"\b(?:salesman|salesmen|chairman|foreman)\b", "gendered job word", "say 'salesperson', 'chair', 'supervisor'"),
    _p(r"\bhe/she\b|\bhe or she\b|\bhis/her\b", "binary pronouns leave people out", "use 'they' or 'you'"),
    _p(r"\b(?:hey\s+)?guys\b", "gendered address", "say 'everyone', 'folks' or 'team'"),
    _p(r"\bwork\s+hard,?\s+play\s+hard\b", "signals long hours and a narrow social scene", "describe the real working pattern"),
    _p(r"\bcrazy\b|\binsane(?:ly)?\b", "ableist wording about mental health",
       "say 'remarkable' or 'surprising'"),
)

#: Physical requirements, flagged without essential-function or accommodation context.
PHYSICAL = re.compile(
    r"\b(?:lift(?:ing)?|carry(?:ing)?)\s+(?:up\s+to\s+)?\d+\s*(?:lbs?|pounds|kg|kilos?)\b"
    r"|\b(?:stand(?:ing)?|sit(?:ting)?|walk(?:ing)?)\s+for\s+(?:long|extended|prolonged)\s+periods\b"
    r"|\bphysically\s+(?:fit|demanding|able)\b"
    r"|\b(?:must|should)\s+be\s+able\s+to\s+(?:stand|walk|lift|climb|kneel|see|hear|speak|type|drive)\b"
    r"|\bperfect\s+(?:vision|eyesight|hearing)\b|\bgood\s+(?:eyesight|hearing)\b"
    r"|\bvalid\s+driver'?s\s+licen[cs]e\b",
    re.IGNORECASE,
)
ESSENTIAL = re.compile(
    r"essential\s+(?:job\s+)?functions?|reasonable\s+accommodations?|with\s+or\s+without\s+(?:reasonable\s+)?"
    r"accommodation|adjustments?\s+(?:are|can\s+be)\s+made|reasonable\s+adjustments?",
    re.IGNORECASE,
)


#: Literal fragments one of which every pattern above needs: most texts contain none, and ``in`` is cheap.
KEYWORDS = (
    "rock", "ninja", "guru", "wizard", "jedi", "superstar", "unicorn", "young", "youthful", "graduate", "native",
    "tongue", "ure fit", "ural fit", "ure-fit", "ural-fit", "bodied", "manpower", "man-hour", "salesm", "chairm",
    "forem", "he/she", "he or she", "his/her", "guys", "play hard", "play, hard", "crazy", "insane", "lift", "carry",
    "periods", "physically", "able to", "vision", "eyesight", "hearing", "licen",
)


@dataclass(frozen=True)
class Match:
    phrase: str
    why: str
    suggestion: str
    physical: bool = False


def present_keywords(texts: list[str]) -> tuple[str, ...]:
    """The keywords that occur anywhere in ``texts`` (one pass over the whole document)."""
    low = "\n".join(texts).lower()
    return tuple(k for k in KEYWORDS if k in low)


def find(text: str, *, context=lambda: "", keywords: tuple[str, ...] = KEYWORDS) -> list[Match]:
    """Exclusionary phrases in ``text``; ``context()`` gives the rest of the section (for essential-function wording);
    ``keywords``: those that can occur (``present_keywords`` of the document)."""
    if not keywords:
        return []
    low = text.lower()
    if not any(k in low for k in keywords):
        return []
    out: list[Match] = []
    for p in PHRASES:
        for mo in p.pattern.finditer(text):
            out.append(Match(mo.group(0), p.why, p.suggestion))
    if PHYSICAL.search(text) and not ESSENTIAL.search(text) and not ESSENTIAL.search(context()):
        for mo in PHYSICAL.finditer(text):
            out.append(
                Match(
                    mo.group(0),
                    "a physical requirement with no essential-function context",
                    "tie it to an essential function of the job and add 'with or without reasonable accommodation'",
                    physical=True,
                )
            )
    return out
