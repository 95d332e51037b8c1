"""Text output: lint codes in front of messages, and one line per section for coded words (not one per word)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..findings import Finding, Severity

CODED = {"DL101": "masculine-coded", "DL102": "feminine-coded"}


def collapse_coded_words(result):
    """A copy of a ``FileResult`` whose DL101/DL102 findings are merged per section and code."""
    return replace(result, findings=collapse(result.findings))


def collapse(findings: list[Finding], *, codes_in_message: bool = True) -> list[Finding]:
    """DL101/DL102 findings merged into one per section and code (lint codes put in front of messages)."""
    groups: dict[tuple[str | None, str], list[Finding]] = {}
    out: list[Finding] = []
    for f in findings:
        if f.code in CODED:
            key = (f.section, f.code)
            if key not in groups:
                groups[key] = []
                out.append(f)  # placeholder, replaced below
            groups[key].append(f)
        else:
            out.append(f)
    merged = []
    for f in out:
        items = groups.get((f.section, f.code)) if f.code in CODED else None
        if items is None:
            merged.append(replace(f, message=f"{f.code} {f.message}") if codes_in_message and f.code.startswith("DL") else f)
            continue
        if items[0] is not f:
            continue
        words = Counter(i.message.split("'", 1)[1].rsplit("'", 1)[0].lower() for i in items)
        listed = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in words.most_common())
        prefix = f"{f.code} " if codes_in_message else ""
        merged.append(
            replace(f, severity=Severity.info, field=None, message=f"{prefix}{CODED[f.code]} words: {listed}", suggestion=None)
        )
    return merged
