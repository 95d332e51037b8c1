"""Small value parsers shared by the section builders: enums with notes, salaries, durations."""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

from ..schema.enums import Commonality, Horizon, Importance, enum_text  # noqa: F401  (re-exported)

E = TypeVar("E", bound=Enum)

_ENUM_WORDS: dict[type, tuple[tuple[str, Enum], ...]] = {
    Importance: (
        (r"critical", Importance.critical),
        (r"important", Importance.important),
        (r"optional", Importance.optional),
    ),
    Commonality: (
        (r"common", Commonality.common),
        (r"optional", Commonality.optional),
        (r"context[- ]specific", Commonality.context_specific),
        (r"context[- ]dependent", Commonality.context_specific),
    ),
    Horizon: ((r"current", Horizon.current), (r"emerging", Horizon.emerging)),
}
_SYNONYMS: dict[type, tuple[tuple[str, Enum], ...]] = {
    Importance: (
        (r"must[- ]have|required|essential|mandatory|core", Importance.critical),
        (r"preferred|recommended|valuable|high", Importance.important),
        (r"nice[- ]to[- ]have|beneficial|bonus|plus|low", Importance.optional),
    ),
    Commonality: (
        (r"standard|widely used|typical|usual", Commonality.common),
        (r"rare|sometimes|occasional", Commonality.optional),
        (r"depends|varies|situational", Commonality.context_specific),
    ),
    Horizon: ((r"established|mature|today", Horizon.current), (r"new|forming|future", Horizon.emerging)),
}


def enum_with_note(text: str, enum: type[E]) -> tuple[E | None, str | None]:
    """The first enum word in ``text`` and the rest as a note.

    'Important (Critical in regulated use cases)' -> (important, 'Critical in regulated use cases');
    'Optional → Important (depends on adoption)' -> (optional, '→ Important (depends on adoption)');
    'Becomes Critical at Staff+' -> (critical, 'Becomes Critical at Staff+') (the value is not first:
    the whole text is the note).
    """
    text = " ".join(text.split()).strip().rstrip(".")
    if not text:
        return None, None
    best: tuple[int, int, Enum] | None = None
    for pattern, value in _ENUM_WORDS[enum]:
        m = re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, re.I)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), value)
    if best is None:
        for pattern, value in _SYNONYMS[enum]:
            if re.search(rf"\b(?:{pattern})\b", text, re.I):
                return value, text  # type: ignore[return-value]
        return None, text
    start, end, value = best
    if start > 0:
        return value, text  # type: ignore[return-value]
    rest = text[end:].strip()
    return value, _unwrap(rest) or None  # type: ignore[return-value]


def _unwrap(rest: str) -> str:
    """'(x)' -> 'x' when the parentheses wrap the whole remainder."""
    if rest.startswith("(") and rest.endswith(")"):
        depth = 0
        for i, ch in enumerate(rest):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(rest) - 1:
                return rest  # '(a) and (b)'
        return rest[1:-1].strip()
    return rest


# --------------------------------------------------------------------------- salaries

_AMOUNT = r"(?P<cur>[$€£¥]|USD|EUR|GBP|CAD|AUD|INR)\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<k>[kK]\b|million\b|M\b)?"
_AMOUNT_RE = re.compile(_AMOUNT)
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}


def _number(m: re.Match) -> float:
    value = float(m.group("num").replace(",", ""))
    k = (m.group("k") or "").lower()
    if k == "k":
        value *= 1_000
    elif k in ("million", "m"):
        value *= 1_000_000
    return value


def parse_salary(text: str) -> tuple[float | None, float | None, str, str] | None:
    """(minimum, maximum, currency, period) from '$184,594 to $222,992 per year', or None."""
    amounts = list(_AMOUNT_RE.finditer(text))
    if not amounts:
        return None
    cur = amounts[0].group("cur")
    currency = _CURRENCIES.get(cur, cur.upper())
    low = text.lower()
    period = "year"
    if re.search(r"\b(per|an|/)\s*hour\b|hourly|/hr\b", low):
        period = "hour"
    elif re.search(r"\b(per|a|/)\s*month\b|monthly", low):
        period = "month"
    first = _number(amounts[0])
    if len(amounts) >= 2 and re.search(r"\b(to|and|-|–|—)\b|[-–—]", text[amounts[0].end() : amounts[1].start()]):
        return first, _number(amounts[1]), currency, period
    return first, None, currency, period


# --------------------------------------------------------------------------- durations

_DURATION = re.compile(
    r"\d+\s*(?:[-–]\s*\d+\s*)?(?:min|minutes?|hours?|hrs?|days?|weeks?)\b|take[- ]home|\blive\b|on[- ]?site|async", re.I
)


def split_duration(label: str) -> tuple[str, str | None]:
    """('System design case', '60–90 minutes') for 'System design case (60–90 minutes)'."""
    m = re.search(r"\s*\(([^()]*)\)\s*$", label)
    if m and _DURATION.search(m.group(1)):
        return label[: m.start()].strip(), m.group(1).strip()
    return label, None
