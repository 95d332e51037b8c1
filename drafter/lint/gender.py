"""DL1xx: gender-coded wording (Gaucher, Friesen & Kay 2011, as gender-decoder scores it).

A word is coded when it starts with one of the published stems
(``data/gender_words.toml``), unless it is a documented near miss:
the stem's letters in a word with another meaning ("analyse" is an activity,
"analytical" the trait; "lead time" is a metric; "individual contributor" a
track; "competency", "agreement", "Nagios"...).  Role titles are not body
text: "Team Leader" in the title, the reporting line or a career step is not
counted.  The document verdict follows gender-decoder: more masculine- than
feminine-coded words is "masculine-coded", at least twice as many (and more
than 5) is "strongly masculine-coded", and the same the other way.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: Words that start with a coded stem but mean something else (matched at the word's start, case-insensitive).
NOT_CODED = (
    r"analy[sz]\w*", r"analysts?\b", r"analytics\b",  # the activity / the field, not "analytical"
    r"lead[- ]times?\b", r"leads?\s+to\b", r"lead\s+generation\b",
    r"individual\s+contributors?\b", r"individual[- ]level\b",
    r"compet(?:ent|enc)\w*",  # competent / competency, not competitive
    r"objectives\b",  # goals
    r"agreements?\b",  # service-level agreements
    r"nagios\b",
    r"dependenc\w*", r"dependent\w*", r"depend(?:s|ing|ed)?\s+(?:on|upon)\b", r"depending\b",  # X depends on Y
    r"connection\w*", r"connectivity\b", r"connectors?\b",
    r"commits?\b", r"committees?\b",  # version control, committees
    r"assertions?\b",  # tests
    r"persisten(?:ce|t\s+(?:storage|volumes?|disks?|state|data|queues?))\b",
    r"sensitive\s+(?:data|information|personal)\b",
    r"intellectual\s+property\b",
    r"determin(?:e|es|ing)\b",  # to work out, not "determined"
    r"responses?\b",  # incident response
    r"sharepoint\b",
    r"kinds?\s+of\b",
    r"supporting\s+(?:documents?|evidence|materials?|information)\b",
    r"forced?\s+(?:multiplier)\b",
    r"decision\s+rights\b", r"decisioning\b",  # credit decisioning
    r"active\s+directory\b",
    r"challenges?\b(?=\s*(?:and|&)\s+bottlenecks)",
)

SUGGEST_MASCULINE = {
    "aggress": "bold, proactive",
    "ambitio": "motivated",
    "compet": "motivated, high-achieving",
    "dominant": "leading",
    "domina": "leading",
    "driven": "motivated",
    "fearless": "confident in trying new things",
    "fight": "advocate for",
    "battle": "work through",
    "force": "drive, encourage",
    "decisive": "able to make timely decisions with others",
    "headstrong": "committed",
    "superior": "excellent",
    "outspoken": "candid",
    "independen": "self-directed, working with the team",
    "assert": "clear, confident",
    "champion": "advocate",
    "challeng": "interesting problem",
}


@dataclass
class Coding:
    masculine: list[str] = field(default_factory=list)
    feminine: list[str] = field(default_factory=list)

    def add(self, other: "Coding") -> None:
        self.masculine += other.masculine
        self.feminine += other.feminine

    @property
    def verdict(self) -> str:
        return verdict(len(self.masculine), len(self.feminine))

    @property
    def balance(self) -> str:
        """Short form for a score line, e.g. "m5 f3"."""
        return f"m{len(self.masculine)} f{len(self.feminine)}"


def verdict(m: int, f: int) -> str:
    if not m and not f:
        return "neutral"
    if m == f:
        return "neutral"
    if m > f:
        return "strongly masculine-coded" if (not f or m / f >= 2) and m > 5 else "masculine-coded"
    return "strongly feminine-coded" if (not m or f / m >= 2) and f > 5 else "feminine-coded"


@dataclass(frozen=True)
class Hit:
    word: str  # as written
    stem: str
    masculine: bool
    start: int
    end: int


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, bool]]:
    data = tomllib.loads((Path(__file__).parent / "data" / "gender_words.toml").read_text(encoding="utf-8"))
    stems: dict[str, bool] = {}
    for s in data["feminine"]:
        stems[s] = False
    for s in data["masculine"]:
        stems[s] = True
    # Grouped by first letter, so that most positions fail on one character.
    groups: dict[str, list[str]] = {}
    for s in sorted(stems, key=len, reverse=True):
        groups.setdefault(s[0], []).append(re.escape(s[1:]))
    alternatives = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())
    word = re.compile(rf"\b(?<!-)({alternatives})[\w'-]*")  # run on lower-cased text: twice as fast
    not_coded = re.compile("|".join(f"(?:{p})" for p in NOT_CODED), re.IGNORECASE)
    return word, not_coded, stems


def find(text: str) -> list[Hit]:
    """Coded words in ``text`` (already masked for titles)."""
    word, not_coded, stems = _patterns()
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hits = []
    for mo in word.finditer(low):
        if not_coded.match(low, mo.start()):
            continue
        token = text[mo.start(): mo.end()].rstrip("'-")
        stem = mo.group(1)
        hits.append(Hit(token, stem, stems[stem], mo.start(), mo.start() + len(token)))
    return hits


def coding(text: str) -> Coding:
    c = Coding()
    for h in find(text):
        (c.masculine if h.masculine else c.feminine).append(h.word)
    return c


def suggestion(hit: Hit) -> str | None:
    if hit.masculine:
        alt = SUGGEST_MASCULINE.get(hit.stem)
        return f"consider: {alt}" if alt else None
    return None
