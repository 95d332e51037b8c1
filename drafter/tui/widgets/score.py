"""The live lint score: rendering for the sidebar and the section view, and a finding as feedback."""

from __future__ import annotations

from textual.content import Content

from ...findings import Finding, Severity
from ...lint.inflation import MAX_MUST_HAVES
from ...lint.readability import POSTING_MAX_GRADE

MAX_FLAGS = 5  # flags listed under a section before "+N more"


def _message(f: Finding) -> str:
    """The message without the code the findings panel puts in front of it."""
    return f.message[len(f.code) + 1:] if f.message.startswith(f.code + " ") else f.message


def _balance_style(balance: str) -> str:
    return "$text-warning" if balance.startswith("strongly") else "$text-muted" if balance == "neutral" else ""


def score_content(score, findings: list[Finding]) -> Content:
    """Two short lines for the sidebar: coded-word balance; reading grade, must-haves, lint flags."""
    if score is None:
        return Content("")
    flags = sum(1 for f in findings if f.code.startswith("DL") and f.severity != Severity.info)
    grade = "-" if score.grade is None else f"{score.grade:.1f}"
    high = score.grade is not None and score.grade > POSTING_MAX_GRADE
    return Content.assemble(
        (score.balance, _balance_style(score.balance)),
        (f" m{score.masculine} f{score.feminine}", "$text-muted"),
        "\n",
        ("grade ", "$text-muted"),
        (grade, "$text-warning" if high else ""),
        (" · ", "$text-muted"),
        (f"{score.must_haves} must-haves", "$text-warning" if score.must_haves > MAX_MUST_HAVES else ""),
        (" · ", "$text-muted"),
        (f"⚑{flags}", "$text-warning" if flags else "$text-muted"),
    )


def section_score_content(score, key: str, findings: list[Finding]) -> Content | None:
    """The selected section's score line and its lint flags, inline above its text."""
    if score is None:
        return None
    s = score.sections.get(key)
    if s is None:
        return None
    parts: list = [
        ("Score ", "bold"),
        (s.balance, _balance_style(s.balance)),
        (f" m{s.masculine} f{s.feminine}", "$text-muted"),
        (" · grade ", "$text-muted"),
        ("-" if s.grade is None else f"{s.grade:.1f}", "$text-warning" if (s.grade or 0) > POSTING_MAX_GRADE else ""),
    ]
    if key == "technical_skills":
        parts += [(" · ", "$text-muted"),
                  (f"{score.must_haves} must-haves", "$text-warning" if score.must_haves > MAX_MUST_HAVES else "")]
    flags = [f for f in findings if f.section == key and f.code.startswith("DL") and f.severity != Severity.info]
    for f in flags[:MAX_FLAGS]:
        parts += ["\n", ("⚑ ", "$text-warning"), (f.code, "bold"), " ", _message(f)]
        if f.suggestion:
            parts += [("  → ", "$text-muted"), (f.suggestion, "$text-muted")]
    if len(flags) > MAX_FLAGS:
        parts += ["\n", (f"+{len(flags) - MAX_FLAGS} more: v lists every finding", "$text-muted")]
    if flags:
        parts += ["\n", ("f rewrites this section with the first flag as feedback", "$text-muted")]
    return Content.assemble(*parts)


def lint_feedback(finding: Finding) -> str:
    """A finding as regeneration feedback for the model."""
    text = f"Fix this wording finding ({finding.code}): {_message(finding)}."
    if finding.suggestion:
        text += f" Suggestion: {finding.suggestion}."
    return text[:500]
