"""The heading vocabulary (``vocabulary.toml``) and the fuzzy scores that use it.

``vocabulary.toml`` (next to this module, plus ``$DRAFTER_HOME/vocabulary.toml``
when present) lists per section the phrasings real job descriptions use, single
keyword cues, and regular expressions that the first items of a list match when
they belong to the section.  ``mapper`` asks this module when a heading is not
one of a section's own titles:

* ``fuzzy_section(heading)``: the best phrase match: the share of the
  phrase's words in the heading (any order; a long unknown word is matched to
  the vocabulary word it is a typo of with rapidfuzz), weighted by how much of
  the heading the phrase covers;
* ``keyword_section(heading)``: exactly one section's keyword in the heading;
* ``items_section(items)``: most of the first items match one section's cues.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError

PATH = Path(__file__).with_name("vocabulary.toml")

#: A fuzzy phrase match at or above this counts (0..1).
FUZZY_THRESHOLD = 0.72
#: Share of the first items that must match one section's cues.
ITEMS_SHARE = 0.6


@dataclass
class SectionWords:
    phrases: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    item_cues: list[re.Pattern] = field(default_factory=list)


@dataclass
class Vocabulary:
    sections: dict[str, SectionWords] = field(default_factory=dict)
    fields: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def _files() -> list[Path]:
    files = [PATH]
    home = os.environ.get("DRAFTER_HOME")
    if home:
        user = Path(home) / "vocabulary.toml"
        if user.is_file():
            files.append(user)
    return files


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9+ ]+", " ", text)
    return " ".join(text.split())


def load(files: list[Path] | None = None) -> Vocabulary:
    """Read the vocabulary files; a broken file raises ``InputError`` naming it."""
    from ..schema.fields import FIELDS
    from ..schema.sections import BY_KEY

    vocab = Vocabulary()
    for path in files or _files():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(str(path), f"cannot read the heading vocabulary: {exc}") from None
        for key, spec in (data.get("sections") or {}).items():
            if key not in BY_KEY or not isinstance(spec, dict):
                raise InputError(str(path), f"vocabulary: unknown section {key!r}; known: {', '.join(BY_KEY)}")
            words = vocab.sections.setdefault(key, SectionWords())
            words.phrases.extend(_norm(p) for p in spec.get("phrases", ()) if _norm(p))
            words.keywords.extend(_norm(k) for k in spec.get("keywords", ()) if _norm(k))
            for cue in spec.get("item_cues", ()):
                try:
                    words.item_cues.append(re.compile(cue, re.I))
                except re.error as exc:
                    raise InputError(str(path), f"vocabulary: bad item cue {cue!r} in {key}: {exc}") from None
        for key, names in (data.get("fields") or {}).items():
            known = {f.name for f in FIELDS.get(key, ())}
            for name, spec in (names or {}).items():
                if name not in known:
                    raise InputError(str(path), f"vocabulary: unknown field {key}.{name}")
                vocab.fields.setdefault((key, name), []).extend(_norm(p) for p in spec.get("phrases", ()) if _norm(p))
    return vocab


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load()


def field_phrases(section: str, name: str) -> tuple[str, ...]:
    return tuple(vocabulary().fields.get((section, name), ()))


def section_phrases(section: str) -> tuple[str, ...]:
    """Phrases of a section, including the phrases of its fields."""
    v = vocabulary()
    out = list(v.sections[section].phrases) if section in v.sections else []
    for (key, _name), phrases in v.fields.items():
        if key == section:
            out.extend(p for p in phrases if p not in out)
    return tuple(out)


@dataclass(frozen=True)
class _Index:
    phrases: tuple[tuple[str, str, frozenset[str], int], ...]  # (section, phrase, words, word count)
    by_word: dict[str, tuple[int, ...]]  # word -> indexes into phrases
    words: tuple[str, ...]  # every vocabulary word (for typo matching)


@lru_cache(maxsize=1)
def _index() -> _Index:
    v = vocabulary()
    keys = list(v.sections) + [k for k, _ in v.fields if k not in v.sections]
    phrases, by_word = [], {}
    for key in dict.fromkeys(keys):
        for phrase in section_phrases(key):
            words = phrase.split()
            for w in set(words):
                by_word.setdefault(w, []).append(len(phrases))
            phrases.append((key, phrase, frozenset(words), len(words)))
    keywords = [kw for sw in v.sections.values() for kw in sw.keywords]
    return _Index(tuple(phrases), {w: tuple(ix) for w, ix in by_word.items()}, tuple(dict.fromkeys([*by_word, *keywords])))


def _spell(words: list[str], index: _Index) -> set[str]:
    """The heading's words, plus the vocabulary word each long unknown word is a typo of ('responsibilites')."""
    out = set(words)
    for w in words:
        if len(w) >= 5 and w not in index.by_word and w not in index.words:
            from rapidfuzz import fuzz, process

            hit = process.extractOne(w, index.words, scorer=fuzz.ratio, score_cutoff=88)
            if hit is not None:
                out.add(hit[0])
    return out


def phrase_score(heading: str, phrase: str) -> float:
    """How well ``phrase`` names ``heading`` (both normalised), 0..1.

    The share of the phrase's words found in the heading (small typos allowed:
    'Responsibilites'), weighted by how much of the heading the phrase covers:
    'Senior Payroll Analyst Job Grade' still names 'job grade', 'Impact' alone
    does not name 'your impact'.
    """
    if not heading or not phrase:
        return 0.0
    if heading == phrase:
        return 1.0
    hw, pw = heading.split(), phrase.split()
    have = _spell(hw, _index())
    return _score(len(hw), set(pw), len(pw), have)


def _score(n_heading: int, pw: set[str] | frozenset[str], n_phrase: int, have: set[str]) -> float:
    found = len(pw & have) / max(1, len(pw))
    cover = min(1.0, n_phrase / max(1, n_heading))
    return found * (0.6 + 0.4 * cover)


@lru_cache(maxsize=4096)
def fuzzy_section(heading: str) -> tuple[str | None, float]:
    """The section whose vocabulary phrase fits ``heading`` best, with the score."""
    h = _norm(heading)
    if not h:
        return None, 0.0
    index = _index()
    hw = h.split()
    have = _spell(hw, index)
    candidates = {i for w in have for i in index.by_word.get(w, ())}
    best_key, best = None, 0.0
    for i in sorted(candidates):
        key, phrase, pw, n = index.phrases[i]
        if n == 1 and len(hw) > 1 and phrase != h:
            continue  # one word inside a longer heading is a keyword's job ("Growth Marketer" is no 'growth')
        s = 1.0 if phrase == h else _score(len(hw), pw, n, have)
        if s > best:
            best_key, best = key, s
    return (best_key, best) if best >= FUZZY_THRESHOLD else (None, best)


@lru_cache(maxsize=4096)
def keyword_section(heading: str) -> str | None:
    """The one section whose keyword is a word of ``heading`` (small typos allowed)."""
    words = _spell(_norm(heading).split(), _index())
    hits = set()
    for key, sw in vocabulary().sections.items():
        if any(kw in words for kw in sw.keywords):
            hits.add(key)
    return hits.pop() if len(hits) == 1 else None


def items_section(items: list[str]) -> str | None:
    """The one section whose item cues most of the first items match."""
    items = [i for i in items if i.strip()][:6]
    if len(items) < 2:
        return None
    scores = {}
    for key, sw in vocabulary().sections.items():
        if sw.item_cues:
            scores[key] = sum(1 for i in items if any(c.search(i) for c in sw.item_cues)) / len(items)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= ITEMS_SHARE and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0]
    return None


__all__ = ["load", "vocabulary", "field_phrases", "section_phrases", "fuzzy_section", "keyword_section", "items_section"]
