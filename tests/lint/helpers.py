"""Small blueprints written for the lint tests."""

from __future__ import annotations

import datetime as dt

from drafter.findings import Finding
from drafter.lint import lint_blueprint
from drafter.schema import models as m
from drafter.schema.enums import Importance, Level

TODAY = dt.date(2026, 6, 1)


def blueprint(title: str = "Platform Engineer", *, level: Level | None = None, **sections) -> m.Blueprint:
    return m.Blueprint(meta=m.RoleMeta(title=title, level=level), **sections)


def summary(text: str) -> m.RoleSummary:
    return m.RoleSummary(what_it_is=text, why_it_exists="It keeps delivery moving.", business_value="Faster releases.")


def responsibilities(*items: str) -> m.CoreResponsibilities:
    return m.CoreResponsibilities(operational=list(items))


def skills(*names: str) -> m.TechnicalSkills:
    return m.TechnicalSkills(must_have=[m.Skill(name=n, importance=Importance.critical) for n in names])


def experience(years: list[str] | None = None, education: list[str] | None = None) -> m.Experience:
    return m.Experience(years=years or [], education=education or [])


def lint(bp: m.Blueprint, profile: str = "blueprint") -> list[Finding]:
    return lint_blueprint(bp, profile=profile, today=TODAY)


def codes(findings: list[Finding], *wanted: str) -> list[Finding]:
    return [f for f in findings if f.code in wanted]


def words(findings: list[Finding], code: str) -> list[str]:
    return [f.message.split("'")[1].lower() for f in findings if f.code == code]
