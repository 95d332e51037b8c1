"""Lint: inclusive, posting-ready language (rule codes DLxxx, see ``rules.RULES``).

>>> from drafter.readers import read_document
>>> findings = lint_document(read_document("tests/data/seeds/003_7bdd3c690054fc7b.txt"))

``lint_blueprint`` checks a Blueprint; ``lint_document`` also points each
finding at the source line that holds the phrase.  ``score`` is the TUI's
live summary (coded-word balance, reading grade, must-have count).  Profiles:
``blueprint`` (a role description for internal use) and ``posting`` (a job ad:
also pay range and location, and readability and unreviewed drafts become
warnings).  Nothing here imports litellm, instructor or textual; patterns are
compiled once.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..findings import Finding, Severity
from ..schema import models as m
from . import gender, inclusive, inflation, posting, readability
from .rules import RULES, Rule
from .score import Score, SectionScore, score
from .text import Locator, Sink, Text, iter_texts, mask_titles

PROFILES = ("blueprint", "posting")
#: Formats whose reader's line numbers point into a text file we can search for the exact line.
_TEXT_FORMATS = {"blueprint-text", "career-guide-text", "markdown", "html", "text"}


def lint_document(doc, *, profile: str = "blueprint", today: _dt.date | None = None) -> list[Finding]:
    """Lint findings for a read document (none for title indexes)."""
    if doc.blueprint is None:
        return []
    source = None
    if doc.path and doc.lines and doc.format not in ("drafter-json", "docx", "wordpress-json"):
        try:
            source = Path(doc.path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            source = None
    return lint_blueprint(doc.blueprint, profile=profile, lines=doc.lines, source=source, path=doc.path, today=today)


def lint_blueprint(
    bp: m.Blueprint,
    *,
    profile: str = "blueprint",
    lines: dict[str, int] | None = None,
    source: list[str] | None = None,
    path: str | None = None,
    today: _dt.date | None = None,
) -> list[Finding]:
    if profile not in PROFILES:
        raise ValueError(f"unknown lint profile {profile!r} (expected one of {', '.join(PROFILES)})")
    sink = Sink(Locator(lines, source, path))
    texts = list(iter_texts(bp))
    posting_profile = profile == "posting"
    _gender(sink, bp, texts)
    _inclusive(sink, texts)
    _inflation(sink, bp, texts, today or _dt.date.today())
    _readability(sink, texts, posting_profile)
    if posting_profile:
        _posting(sink, bp, texts)
    _provenance(sink, bp, posting_profile)
    return sink.out


def role_titles(bp: m.Blueprint) -> list[str]:
    titles = [bp.meta.title]
    if bp.scorecard is not None and bp.scorecard.role_title:
        titles.append(bp.scorecard.role_title)
    return [t for t in titles if t and t.strip()]


# --------------------------------------------------------------------------- DL1xx


def _gender(sink: Sink, bp: m.Blueprint, texts: list[Text]) -> None:
    titles = role_titles(bp)
    total = gender.Coding()
    for t in texts:
        for hit in gender.find(mask_titles(t.text, titles)):
            kind = "masculine" if hit.masculine else "feminine"
            (total.masculine if hit.masculine else total.feminine).append(hit.word)
            sink.add(
                Severity.info,
                "DL101" if hit.masculine else "DL102",
                f"{kind}-coded word {hit.word!r}",
                section=t.section,
                field=t.field,
                phrase=hit.word,
                line=t.line,
                suggestion=gender.suggestion(hit),
            )
    v = total.verdict
    strongly = v.startswith("strongly")
    sink.add(
        Severity.warning if strongly else Severity.info,
        "DL100",
        f"{v}: {len(total.masculine)} masculine-coded, {len(total.feminine)} feminine-coded words",
        suggestion=(
            "balance the wording: describe collaboration and support as well as drive and ownership"
            if v.endswith("masculine-coded")
            else "describe the outcomes and ownership expected as well" if v.endswith("feminine-coded") else None
        ),
    )


# --------------------------------------------------------------------------- DL2xx


def _inclusive(sink: Sink, texts: list[Text]) -> None:
    keywords = inclusive.present_keywords([t.text for t in texts])
    if not keywords:
        return
    by_section: dict[str | None, list[str]] = {}
    for t in texts:
        by_section.setdefault(t.section, []).append(t.text)
    for t in texts:
        context = lambda key=t.section: " ".join(by_section.get(key, []))  # noqa: E731 - only built when needed
        for match in inclusive.find(t.text, context=context, keywords=keywords):
            sink.add(
                Severity.warning,
                "DL202" if match.physical else "DL201",
                f"{match.phrase!r}: {match.why}",
                section=t.section,
                field=t.field,
                phrase=match.phrase,
                line=t.line,
                suggestion=match.suggestion,
            )


# --------------------------------------------------------------------------- DL3xx


def _level(bp: m.Blueprint):
    if bp.meta.level is not None:
        return bp.meta.level
    from ..roles import infer_level

    return infer_level(bp.meta.title)


def _inflation(sink: Sink, bp: m.Blueprint, texts: list[Text], today: _dt.date) -> None:
    ts = bp.technical_skills
    if ts is not None and len(ts.must_have) > inflation.MAX_MUST_HAVES:
        sink.add(
            Severity.warning,
            "DL301",
            f"{len(ts.must_have)} must-have skills (more than {inflation.MAX_MUST_HAVES})",
            section="technical_skills",
            field="must_have",
            suggestion="keep the few a new hire needs on day one; move the rest to good-to-have",
        )
    level = _level(bp)
    band = inflation.LEVEL_MAX_YEARS.get(level) if level is not None else None
    education_context = " ".join(t.text for t in texts if t.section == "experience" and t.field.startswith("education"))
    for t in texts:
        experience_field = t.section == "experience" and t.field.startswith("years")
        for claim in inflation.years_claims(t.text, experience_field=experience_field):
            if claim.tech:
                released = inflation.first_release(claim.tech)
                if released is not None and claim.minimum > today.year - released:
                    sink.add(
                        Severity.warning,
                        "DL303",
                        f"{claim.text} of {claim.tech}, which was first released in {released} "
                        f"({today.year - released} years ago)",
                        section=t.section,
                        field=t.field,
                        phrase=claim.text,
                        line=t.line,
                        suggestion=f"ask for at most {max(today.year - released - 1, 1)} years, or describe the depth "
                        "of experience instead",
                    )
            if band is not None and claim.minimum > band and (experience_field or t.section == "experience"):
                sink.add(
                    Severity.warning,
                    "DL302",
                    f"{claim.text}: above the {band}-year band for a {level.value.replace('_', ' ')} role",
                    section=t.section,
                    field=t.field,
                    phrase=claim.text,
                    line=t.line,
                    suggestion=f"ask for at most {band} years, or describe the experience instead of counting years",
                )
        education = t.section == "experience" and t.field.startswith("education")
        if education or t.section in ("hiring", "experience", "technical_skills"):
            degree = inflation.degree_without_equivalent(
                t.text, education_field=education, context=education_context if education else ""
            )
            if degree:
                sink.add(
                    Severity.warning,
                    "DL304",
                    f"{degree!r} required with no 'or equivalent experience'",
                    section=t.section,
                    field=t.field,
                    phrase=degree,
                    line=t.line,
                    suggestion="add 'or equivalent practical experience'",
                )


# --------------------------------------------------------------------------- DL4xx


def _readability(sink: Sink, texts: list[Text], posting_profile: bool) -> None:
    limit = readability.POSTING_MAX_GRADE
    total = readability.Counts()
    per: dict[str, readability.Counts] = {}
    for t in texts:
        c = per.setdefault(t.section, readability.Counts())
        c.add_text(t.text)
    for section, counts in per.items():
        total.add(counts)
        g = counts.grade
        if section is not None and g is not None and g > limit:
            sink.add(
                Severity.warning if posting_profile else Severity.info,
                "DL401",
                f"reading grade {g:.1f} (above {limit:.0f})",
                section=section,
                suggestion="shorter sentences and plainer words",
            )
    g = total.grade
    if g is not None:
        over = g > limit
        sink.add(
            Severity.warning if posting_profile and over else Severity.info,
            "DL400",
            f"reading grade {g:.1f} overall" + (f" (above {limit:.0f})" if over else ""),
            suggestion="shorter sentences and plainer words" if over else None,
        )


# --------------------------------------------------------------------------- DL5xx


def _posting(sink: Sink, bp: m.Blueprint, texts: list[Text]) -> None:
    strings = [t.text for t in texts]
    pay = bp.salary is not None and any(r.minimum is not None for r in bp.salary.ranges)
    if not pay and not posting.has_pay(strings):
        sink.add(
            Severity.warning,
            "DL501",
            "no pay range: the EU Pay Transparency Directive (from June 2026) and several US states "
            "(e.g. Colorado, California, Washington, New York) require one in a posting",
            suggestion="state the range, e.g. 'EUR 70,000-85,000 a year'",
        )
    if not posting.has_location(strings):
        sink.add(
            Severity.warning,
            "DL502",
            "no location or remote policy",
            suggestion="say where the work happens: a city, 'remote (EU time zones)', or 'hybrid, 2 days in Berlin'",
        )


# --------------------------------------------------------------------------- DL6xx


def unreviewed_sections(bp: m.Blueprint) -> list[str]:
    """Sections a model drafted that no person has edited since (drafts only)."""
    gen = bp.generation
    if gen is None:
        return []
    reviewed = set(gen.reviewed)
    kept = {k for k, v in gen.provenance.items() if v == "document"}  # written by a person, kept as they were
    return [
        s.section
        for s in gen.sections
        if s.status in ("done", "cached")
        and s.section not in reviewed
        and s.section not in kept
        and getattr(bp, s.section, None) is not None
    ]


def _provenance(sink: Sink, bp: m.Blueprint, posting_profile: bool) -> None:
    model = bp.generation.model if bp.generation is not None else "a model"
    for key in unreviewed_sections(bp):
        sink.add(
            Severity.warning if posting_profile else Severity.info,
            "DL601",
            f"drafted by {model} and not yet reviewed by a person",
            section=key,
            suggestion="read it and edit it in `drafter tui` (e): an edited section counts as reviewed",
        )


__all__ = [
    "PROFILES", "RULES", "Rule", "Score", "SectionScore", "lint_blueprint", "lint_document", "score",
    "unreviewed_sections",
]
