"""Findings: what validation (and reading) reports about a document."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    error = "error"  # the document does not meet the standard (exit 1)
    warning = "warning"  # worth a look; does not fail validation unless --strict
    info = "info"  # for the record (e.g. site noise removed)


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable identifier, e.g. "missing-section", "short-list", "duplicate-item"
    message: str  # one line, for people
    section: str | None = None  # section key, e.g. "kpis"
    field: str | None = None  # path inside the section, e.g. "rows[3].target"
    line: int | None = None  # 1-based source line, where known
    path: str | None = None  # the file the finding is about
    suggestion: str | None = None  # what to write instead (lint findings)

    @property
    def section_title(self) -> str | None:
        from .schema.sections import section_title

        return section_title(self.section) if self.section else None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["section_title"] = self.section_title
        return data


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)
