"""Annotations that carry drafting knowledge on schema fields.

The canonical models (``drafter.schema.models``) are permissive: they must
hold whatever a real document says.  The markers below describe how a field
is *generated* (length caps, item counts per depth) and what the seeds
consider normal (used by the quality rules).  ``drafter.schema.genmodels``
turns them into strict, grammar-friendly models for one depth.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Depth(str, Enum):
    """How much a generated blueprint says: list lengths scale with it."""

    brief = "brief"
    standard = "standard"
    full = "full"


@dataclass(frozen=True)
class Cap:
    """Maximum length in characters of a generated string."""

    chars: int


# Typical caps, named by what the text is.
NAME = Cap(90)
PHRASE = Cap(160)
SENTENCE = Cap(280)
PARAGRAPH = Cap(700)


@dataclass(frozen=True)
class Items:
    """Item counts for a list field.

    ``norm`` is the count a seed blueprint typically has; the quality rules
    warn when a document's list is far shorter.  ``brief``, ``standard`` and
    ``full`` are (min, max) item counts requested at generation time.
    """

    norm: int
    brief: tuple[int, int]
    standard: tuple[int, int]
    full: tuple[int, int]

    def bounds(self, depth: Depth | str) -> tuple[int, int]:
        return getattr(self, Depth(depth).value)


def _range(hi: int) -> tuple[int, int]:
    hi = max(1, hi)
    return (max(1, hi - max(1, hi // 3)), hi)


def sized(norm: int, brief: int = 2, standard: int | None = None, full: int | None = None) -> Items:
    """Item counts from the maximum per depth: ``sized(5, brief=2, standard=3, full=5)``.

    The minimum is about two thirds of the maximum, so a model is asked for a
    full list without being forced past what it knows.
    """
    std = standard if standard is not None else max(brief + 1, min(norm, 4))
    ful = full if full is not None else max(std + 1, norm)
    return Items(norm=norm, brief=_range(brief), standard=_range(std), full=_range(ful))


@dataclass(frozen=True)
class Skip:
    """The field is not generated (filled by import, edits or bookkeeping)."""

    reason: str = ""


SKIP = Skip()


@dataclass(frozen=True)
class IfAny:
    """A list the role may legitimately leave empty ("incident work, if any"): generated with no minimum."""


IF_ANY = IfAny()
