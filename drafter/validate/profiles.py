"""Validation profiles: what a document must hold to be complete, and how much of it is there.

* ``blueprint``: the 20 numbered sections of a role blueprint, each with its
  required fields (the standard drafter drafts to);
* ``posting``: a job post is complete with a summary, responsibilities,
  requirements and pay;
* ``guide``: a career guide (summary, responsibilities, experience).

``auto`` (the default of ``drafter validate``) picks ``guide`` for career
guides, ``blueprint`` for blueprint-like documents (drafter's own JSON and
Markdown, numbered "N) Section" text, or a page holding most of the 20
sections) and ``posting`` for everything else a reader turned into a
blueprint (handbook pages, job posts, Word files).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema.enums import DocumentKind
from ..schema.models import Blueprint
from ..schema.sections import BLUEPRINT_SECTIONS, BY_KEY, SECTIONS

PROFILES = ("blueprint", "posting", "guide")
CHOICES = ("auto", "blueprint", "posting")

#: What a job post must hold: section -> the words the coverage line uses.
POSTING_SECTIONS: dict[str, str] = {
    "summary": "summary",
    "responsibilities": "responsibilities",
    "experience": "requirements",
    "salary": "pay",
}
#: A page with at least this many of the 20 sections is read as a blueprint.
BLUEPRINT_LIKE = 10
_BLUEPRINT_FORMATS = {"drafter-json", "blueprint-text"}


def choose(profile: str | None, *, kind: str, fmt: str | None, bp: Blueprint | None) -> str:
    """The profile to apply: the one asked for, or what the document looks like (``auto``)."""
    if profile and profile != "auto":
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(CHOICES)}")
        return profile
    if kind == DocumentKind.career_guide.value:
        return "guide"
    if fmt is None or fmt in _BLUEPRINT_FORMATS or bp is None:
        return "blueprint"
    present = sum(1 for s in BLUEPRINT_SECTIONS if getattr(bp, s.key) is not None)
    return "blueprint" if present >= BLUEPRINT_LIKE else "posting"


def required_sections(profile: str) -> list[str]:
    if profile == "blueprint":
        return [s.key for s in BLUEPRINT_SECTIONS]
    if profile == "posting":
        return list(POSTING_SECTIONS)
    if profile == "guide":
        return [s.key for s in SECTIONS if DocumentKind.career_guide in s.required_in]
    raise ValueError(f"unknown profile {profile!r}")


def section_name(profile: str, key: str) -> str:
    """How the coverage line names a section: the posting words, else the section key."""
    if profile == "posting" and key in POSTING_SECTIONS:
        return POSTING_SECTIONS[key]
    return key


@dataclass(frozen=True)
class Coverage:
    profile: str
    required: tuple[str, ...]
    present: tuple[str, ...]  # required sections the document has
    missing: tuple[str, ...]
    extra: tuple[str, ...]  # sections present beyond the required ones

    def line(self) -> str:
        """'7 of 20 sections: summary, ...; missing: ...'."""
        n, total = len(self.present), len(self.required)
        what = "sections" if self.profile != "posting" else "parts of a job post"
        names = ", ".join(section_name(self.profile, k) for k in self.present) or "none"
        text = f"{n} of {total} {what} ({self.profile} profile): {names}"
        if self.missing:
            text += "; missing: " + ", ".join(section_name(self.profile, k) for k in self.missing)
        if self.extra:
            text += "; also: " + ", ".join(self.extra)
        return text

    def to_dict(self) -> dict:
        return {
            "profile": self.profile,
            "required": len(self.required),
            "present": list(self.present),
            "missing": list(self.missing),
            "extra": list(self.extra),
            "line": self.line(),
        }


def coverage(bp: Blueprint, profile: str) -> Coverage:
    required = required_sections(profile)
    have = [s.key for s in SECTIONS if getattr(bp, s.key) is not None]
    return Coverage(
        profile=profile,
        required=tuple(required),
        present=tuple(k for k in required if k in have),
        missing=tuple(k for k in required if k not in have),
        extra=tuple(k for k in have if k not in required and k in BY_KEY),
    )


__all__ = ["PROFILES", "CHOICES", "Coverage", "choose", "coverage", "required_sections"]
