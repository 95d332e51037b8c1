"""The live score the TUI shows: per section and overall, coded-word balance, reading grade, must-haves."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import models as m
from . import gender, readability
from .text import iter_texts, mask_titles


@dataclass
class SectionScore:
    masculine: int = 0
    feminine: int = 0
    grade: float | None = None

    @property
    def balance(self) -> str:
        return gender.verdict(self.masculine, self.feminine)


@dataclass
class Score:
    masculine: int = 0
    feminine: int = 0
    grade: float | None = None
    must_haves: int = 0
    sections: dict[str, SectionScore] = field(default_factory=dict)

    @property
    def balance(self) -> str:
        return gender.verdict(self.masculine, self.feminine)

    def line(self) -> str:
        """One line, e.g. "masculine-coded m12 f5 · grade 13.1 · 6 must-haves"."""
        grade = f"grade {self.grade:.1f}" if self.grade is not None else "grade -"
        return f"{self.balance} m{self.masculine} f{self.feminine} · {grade} · {self.must_haves} must-haves"


def score(bp: m.Blueprint) -> Score:
    from . import role_titles

    titles = role_titles(bp)
    out = Score()
    counts: dict[str, readability.Counts] = {}
    total = readability.Counts()
    for t in iter_texts(bp):
        s = out.sections.setdefault(t.section, SectionScore())
        for hit in gender.find(mask_titles(t.text, titles)):
            if hit.masculine:
                s.masculine += 1
            else:
                s.feminine += 1
        counts.setdefault(t.section, readability.Counts()).add_text(t.text)
    for key, c in counts.items():
        out.sections[key].grade = c.grade
        total.add(c)
        out.masculine += out.sections[key].masculine
        out.feminine += out.sections[key].feminine
    out.grade = total.grade
    if bp.technical_skills is not None:
        out.must_haves = len(bp.technical_skills.must_have)
    return out
