"""The text the lint reads: every string of a blueprint with its section, field and source line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Iterator

from pydantic import BaseModel

from ..findings import Finding, Severity
from ..schema import models as m
from ..schema.sections import SECTIONS

#: Fields whose values are role titles or names, not prose: "Team Leader" there is a title, not a coded word.
TITLE_FIELDS = {
    ("scorecard", "role_title"),
    ("scorecard", "reports_to"),
    ("summary", "reporting_line"),
    ("summary", "seniority"),
    ("career_path", "feeder_roles"),
    ("career_path", "next_roles"),
    ("experience", "prior_roles"),
}
#: Item fields that hold names (stakeholders, tools, KPIs are named; the names are not prose either).
NAME_ATTRS = {"name", "title", "role_title", "category"}
#: Model fields that are not text a reader sees.
SKIP_ATTRS = {"importance", "commonality", "horizon", "currency", "period", "minimum", "maximum"}

#: Capitalised title words ending in Lead / Leader ("Tech Lead", "Engineering Leader") and "Lead Engineer".
_TITLE_RE = re.compile(
    r"(?:\b[A-Z][\w&/-]*\s+)+Lead(?:er)?s?\b|\bLead(?:er)?s?(?:\s+[A-Z][\w&/-]*)+",
)


@dataclass(frozen=True)
class Text:
    section: str | None  # None: content the reader could not place in any section
    field: str  # path inside the section, e.g. "must_have[2].use"
    text: str
    line: int | None = None  # where the reader found it (unmapped content), else looked up


def iter_texts(bp: m.Blueprint) -> Iterator[Text]:
    """Every prose string of the blueprint, section by section (titles and names left out)."""
    for spec in SECTIONS:
        sec = getattr(bp, spec.key)
        if sec is None:
            continue
        yield from _walk(spec.key, sec, "", top=True)
    for u in bp.unmapped:
        if u.text.strip():
            yield Text(u.section, "unmapped", u.text, u.line)


def _walk(key: str, model: BaseModel, prefix: str, *, top: bool = False) -> Iterator[Text]:
    for name, value in model:
        if value is None or name in SKIP_ATTRS:
            continue
        if top and (key, name) in TITLE_FIELDS:
            continue
        if not top and name in NAME_ATTRS:
            continue
        path = f"{prefix}{name}"
        if isinstance(value, str):
            if value.strip():
                yield Text(key, path, value)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    if item.strip():
                        yield Text(key, f"{path}[{i}]", item)
                elif isinstance(item, BaseModel):
                    yield from _walk(key, item, f"{path}[{i}].")
        elif isinstance(value, BaseModel):
            yield from _walk(key, value, f"{path}.")
        elif isinstance(value, Enum):
            continue


def mask_titles(text: str, titles: list[str]) -> str:
    """``text`` with role titles blanked out (same length, so offsets still hold)."""
    for title in titles:
        if title and title.lower() in text.lower():
            text = re.sub(re.escape(title), lambda mo: " " * len(mo.group()), text, flags=re.IGNORECASE)
    if "Lead" not in text:  # every title pattern has it: most texts skip the regex
        return text
    return _TITLE_RE.sub(lambda mo: " " * len(mo.group()), text)


class Locator:
    """Source lines for findings: the reader's line map, refined to the line that holds the phrase."""

    def __init__(self, lines: dict[str, int] | None = None, source: list[str] | None = None, path: str | None = None):
        self.lines = lines or {}
        self.source = source  # the file's lines, when it is text the line map points into
        self.path = path

    def base(self, section: str | None, field: str | None = None) -> int | None:
        if not section:
            return None
        keys: list[str] = []
        if field:
            parts = field.split(".")
            # "must_have[2].use" -> must_have[2], must_have; "other_groups[0].items[3]" -> other_groups[0].items[3] ...
            for n in range(len(parts), 0, -1):
                keys.append(f"{section}.{'.'.join(parts[:n])}")
            base = parts[0].split("[")[0]
            keys.append(f"{section}.{base}")
        keys.append(section)
        for k in keys:
            if k in self.lines:
                return self.lines[k]
        return None

    def find(self, section: str | None, field: str | None, phrase: str | None, hint: int | None = None) -> int | None:
        start = hint or self.base(section, field)
        if not phrase or not self.source or start is None:
            return start
        needle = phrase.lower()
        lo = max(start - 1, 0)
        for i in range(lo, min(lo + 80, len(self.source))):
            if needle in self.source[i].lower():
                return i + 1
        return start


class Sink:
    """Collects lint findings with their location and suggestion."""

    def __init__(self, locator: Locator):
        self.locator = locator
        self.out: list[Finding] = []

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        section: str | None = None,
        field: str | None = None,
        phrase: str | None = None,
        line: int | None = None,
        suggestion: str | None = None,
    ) -> None:
        line = self.locator.find(section, field, phrase, line)
        self.out.append(
            Finding(severity, code, message, section=section, field=field, line=line, path=self.locator.path,
                    suggestion=suggestion)
        )
