"""Headings to sections and sub-headings to fields, by meaning.

A heading is normalised (numbering, parentheticals, punctuation and filler
words removed, words stemmed), then compared with each section's title and
aliases (``SectionSpec``) or each field's heading and aliases (``fields``):
an exact match scores 1, otherwise the overlap of words (Jaccard, with a
bonus when one side's words are all in the other).  Numbered headings
("7) ...") win outright when their number is a blueprint section.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..schema.sections import BLUEPRINT_SECTIONS, SECTIONS
from .fields import OTHER_NOTES_ALIASES, SCHEMA_FIELDS, F, merged_fields

SECTION_THRESHOLD = 0.5
FIELD_THRESHOLD = 0.5

_STOP = {
    "and",
    "or",
    "the",
    "of",
    "for",
    "to",
    "a",
    "an",
    "in",
    "on",
    "with",
    "this",
    "that",
    "your",
    "our",
    "its",
    "role",
    "s",
    "typical",
    "typically",
    "key",
    "is",
    "are",
    "be",
    "by",
    "as",
    "at",
    "from",
    "into",
    "after",
    "what",
    "which",
    "who",
    "will",
    "we",
    "you",
    "etc",
}
_SYNONYMS = {
    "kpi": "kpi",
    "kpis": "kpi",
    "indicator": "kpi",
    "indicators": "kpi",
    "duty": "responsibility",
    "duties": "responsibility",
    "accountabilities": "responsibility",
    "accountability": "responsibility",
    "responsibilities": "responsibility",
    "requirement": "qualification",
    "requirements": "qualification",
    "qualifications": "qualification",
    "behavioural": "behavioral",
    "behaviour": "behavior",
    "behaviours": "behavior",
    "tooling": "tool",
    "tools": "tool",
    "technologies": "tool",
    "artefacts": "deliverable",
    "artifacts": "deliverable",
    "artefact": "deliverable",
    "artifact": "deliverable",
    "deliverables": "deliverable",
    "outputs": "deliverable",
    "objectives": "goal",
    "goals": "goal",
    "milestones": "milestone",
    "progression": "path",
    "development": "path",
    "growth": "path",
    "compensation": "salary",
    "pay": "salary",
    "salaries": "salary",
    "challenges": "challenge",
    "pitfalls": "challenge",
    "risks": "risk",
    "antipatterns": "anti pattern",
}


def _stem(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NUM_PREFIX = re.compile(r"^\s*(?:#+\s*)?(?:(?:section|part)\s+)?(\d{1,2})(?:\s*[).:]|\s+[-–—])\s+", re.I)
_PAREN = re.compile(r"\([^()]*\)")


def heading_number(text: str) -> tuple[int | None, str]:
    """(7, 'KPIs and Productivity Metrics') for '7) KPIs and Productivity Metrics'."""
    m = _NUM_PREFIX.match(text)
    if m:
        return int(m.group(1)), text[m.end() :].strip()
    return None, text.strip()


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """'30-day goals (first month):' -> '30 day goals'."""
    _, text = heading_number(text)
    text = _PAREN.sub(" ", text.lower())
    text = text.replace("&", " and ").replace("’", "'").replace("'s ", " ")
    text = re.sub(r"\bvs\.?\b", " vs ", text)
    text = re.sub(r"[^a-z0-9+ ]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    words = []
    for w in normalise(text).split():
        if w in _STOP:
            continue
        for part in _stem(w).split():
            words.append(part)
    return frozenset(words)


def similarity(a: str, b: str, theme: frozenset[str] = frozenset()) -> float:
    """1.0 for the same normalised text; else weighted word overlap in [0, 0.95].

    Words in ``theme`` (the section's own title words, e.g. 'challenge' inside
    the risks section) weigh little: "Organizational Challenges" is not the
    'Common role challenges' field just because both say 'challenges'.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = ta & tb
    if not common:
        return 0.0

    def weight(words: frozenset[str]) -> float:
        return sum(0.3 if w in theme else 1.0 for w in words)

    inter = weight(common)
    score = inter / weight(ta | tb)
    # ``b`` (a title or alias) wholly inside ``a`` (the heading), on real words:
    # "Certifications (generally optional)" / "Requires manager/executive approval".
    if common == tb and inter >= 1.0 and (len(tb) >= 2 or len(ta) <= 2):
        score = max(score, 0.55 + 0.4 * inter / weight(ta))
    return min(score, 0.95)


def _names(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return (title, *aliases)


def section_for(heading: str, *, number: int | None = None, vocabulary: bool = True) -> tuple[str | None, float]:
    """The section key a heading means, with a confidence; (None, best) below the threshold.

    The section titles and aliases first (word overlap); with ``vocabulary``
    (not for the seeds' plain text, whose short lines are mostly sub-headings),
    also the phrasings of real job descriptions in ``vocabulary.toml`` (fuzzy)
    and their keyword cues ("US Payroll Responsibilites").
    """
    return _section_for(heading, number, vocabulary)


@lru_cache(maxsize=4096)
def _section_for(heading: str, number: int | None, vocabulary: bool = True) -> tuple[str | None, float]:
    if number is None:
        number, _ = heading_number(heading)
    if number is not None and 1 <= number <= len(BLUEPRINT_SECTIONS):
        return BLUEPRINT_SECTIONS[number - 1].key, 1.0
    best_key, best = None, 0.0
    for spec in SECTIONS:
        for name in _names(spec.title, spec.aliases):
            s = similarity(heading, name)
            if s > best:
                best_key, best = spec.key, s
    if vocabulary and best < 1.0:
        from .vocabulary import fuzzy_section, keyword_section

        key, score = fuzzy_section(heading)
        if key is not None and score > best:
            best_key, best = key, score
        if best < SECTION_THRESHOLD:
            key = keyword_section(heading)
            if key is not None:
                best_key, best = key, max(best, SECTION_THRESHOLD + 0.1)
    return (best_key, best) if best >= SECTION_THRESHOLD else (None, best)


@lru_cache(maxsize=4096)
def exact_section(heading: str) -> str | None:
    """A section whose title or alias is exactly ``heading`` (normalised), else None."""
    n = normalise(heading)
    for spec in SECTIONS:
        if any(normalise(x) == n for x in _names(spec.title, spec.aliases)):
            return spec.key
    return None


def is_notes_heading(heading: str) -> bool:
    return normalise(heading) in OTHER_NOTES_ALIASES


@lru_cache(maxsize=64)
def _theme(section: str) -> frozenset[str]:
    from ..schema.sections import BY_KEY

    spec = BY_KEY.get(section)
    return tokens(spec.title) if spec else frozenset()


def field_for(
    section: str, heading: str, *, keywords: bool = False, vocabulary: bool = True
) -> tuple[F | None, float]:
    """The field of ``section`` a sub-heading means; ``vocabulary``: also the phrasings of vocabulary.toml
    (not for the seeds' plain text)."""
    return _field_for(section, heading, keywords, vocabulary)


@lru_cache(maxsize=4096)
def _field_for(section: str, heading: str, keywords: bool, vocabulary: bool = True) -> tuple[F | None, float]:
    """The field of ``section`` a sub-heading means.

    Two different fields scoring the same is ambiguous (None).  With
    ``keywords``, a heading that names exactly one field's keyword
    ("Leadership and Management Duties" -> leadership) also counts.
    """
    theme = _theme(section)
    scores: dict[str, tuple[float, F]] = {}
    fields = merged_fields() if vocabulary else SCHEMA_FIELDS
    for f in fields.get(section, ()):
        s = max(similarity(heading, name, theme) for name in _names(f.heading, f.aliases))
        scores[f.name] = (s, f)
    ranked = sorted(scores.values(), key=lambda x: -x[0])
    if ranked and ranked[0][0] >= FIELD_THRESHOLD:
        if len(ranked) > 1 and ranked[1][0] >= ranked[0][0] - 0.03 and ranked[0][0] < 1.0:
            return None, ranked[0][0]  # ambiguous: "Technical and Strategic Duties"
        return ranked[0][1], ranked[0][0]
    if keywords:
        words = set(normalise(heading).split())
        hits = {f.name: f for f in fields.get(section, ()) if f.keywords and words & set(f.keywords)}
        if len(hits) == 1:
            return next(iter(hits.values())), 0.5
    return None, ranked[0][0] if ranked else 0.0
