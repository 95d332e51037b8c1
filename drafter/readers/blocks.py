"""The intermediate layer every format reader produces: a flat list of blocks.

A *block* is a heading, a paragraph, a list item, a table or a rule, with its
1-based source line.  Format readers (plain text, HTML, Markdown) only turn
their syntax into blocks; everything about meaning (which heading is which
section, which list is which field) happens later, once, in ``assemble``.

Text in blocks is plain: inline markup is gone, whitespace is collapsed.  What
inline markup *meant* is kept where it matters:

* ``label``: a lead-in that ends with a colon ("**Budget:** usually ...",
  "Core mission: Build ..."), split from ``text``;
* ``lines``: the further lines of a list item ("Description: ...",
  "Use: ...", "Importance: Critical" under a skill);
* ``bullets``: a run of en dashes inside one paragraph
  ("Typical interaction surface: – A – B – C").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

HEADING, PARA, ITEM, TABLE, RULE, META = "heading", "para", "item", "table", "rule", "meta"
# Site chrome a reader dropped (navigation, header, footer, sidebar, shortcodes): ``text`` says what it
# was; ``readers._assemble`` reports it as an info finding and in ``source.ignored_noise``, never as content.
NOISE = "noise"


@dataclass
class Block:
    kind: str
    text: str = ""
    line: int | None = None
    level: int = 0  # heading level 1..6; item nesting depth 0..
    number: int | None = None  # "N) Title" heading number; ordered item number
    ordered: bool = False
    label: str | None = None  # lead-in ending with ':' (without the colon)
    lines: list[str] = field(default_factory=list)  # an item's further lines
    bullets: list[str] = field(default_factory=list)  # a paragraph's inline dash run
    rows: list[list[str]] = field(default_factory=list)  # a table: header first
    flat: bool = False  # a table whose rows are flattened text (no cell delimiters)
    children: list[Block] = field(default_factory=list)  # nested items (after ``nest``)
    bold: bool = False  # the whole first line was bold (a name: skills, exercises)
    meta: dict = field(default_factory=dict)  # META blocks (Markdown comments)

    @property
    def full(self) -> str:
        """Label and text as one string: 'Budget: usually influences ...'."""
        if self.label is None:
            return self.text
        return f"{self.label}: {self.text}".rstrip() if self.text else f"{self.label}:"

    def all_text(self) -> str:
        """Everything in the block as plain text (for unmapped content and noise)."""
        parts = [self.full, *self.lines, *(f"– {b}" for b in self.bullets)]
        if self.kind == TABLE:
            parts = [" | ".join(r) for r in self.rows]
        for child in self.children:
            parts.append(child.all_text())
        return "\n".join(p for p in parts if p)

    def walk(self) -> Iterator[Block]:
        yield self
        for c in self.children:
            yield from c.walk()


# --------------------------------------------------------------------------- inline text

_WS = re.compile(r"\s+")
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def clean(text: str) -> str:
    """Collapse whitespace (NBSP included), drop zero-width characters."""
    if _ZW.search(text):
        text = _ZW.sub("", text)
    return _WS.sub(" ", text).strip()


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*\\])\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<![\w\\])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~•=])")
_ESC_SENTINEL = "\x00"


def strip_markdown(text: str) -> str:
    """Plain text from inline Markdown: links, code, bold, emphasis, backslash escapes."""
    # Protect escaped characters first so that '\*' never starts emphasis.
    protected: list[str] = []

    def _protect(m: re.Match) -> str:
        protected.append(m.group(1))
        return f"{_ESC_SENTINEL}{len(protected) - 1}{_ESC_SENTINEL}"

    text = _MD_ESCAPE.sub(_protect, text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_AUTOLINK.sub(lambda m: m.group(1), text)
    text = _MD_CODE.sub(lambda m: m.group(1), text)
    for _ in range(2):
        text = _MD_BOLD.sub(lambda m: m.group(2), text)
    text = _MD_EM.sub(lambda m: m.group(1) or m.group(2), text)
    text = html.unescape(text) if "&" in text else text
    return re.sub(f"{_ESC_SENTINEL}(\\d+){_ESC_SENTINEL}", lambda m: protected[int(m.group(1))], text)


# --------------------------------------------------------------------------- labels

# A label is a short lead-in before a colon: "Budget: ...", "Core mission: ...".
_LABEL = re.compile(r"^(?P<label>[^:]{1,90}?)\s*:\s*(?P<rest>.*)$", re.S)
_NOT_LABEL_END = re.compile(r"(?:e\.g|i\.e|etc|vs|http|https)$", re.I)


def split_label(text: str, *, max_words: int = 9) -> tuple[str | None, str]:
    """('Budget', 'usually influences ...') for 'Budget: usually influences ...'.

    Only short lead-ins count: at most ``max_words`` words, no sentence end
    inside, not a URL or 'e.g.'.  Otherwise (None, text).
    """
    m = _LABEL.match(text)
    if not m:
        return None, text
    label, rest = m.group("label").strip(), m.group("rest").strip()
    if not label or len(label.split()) > max_words or _NOT_LABEL_END.search(label):
        return None, text
    if re.search(r"[.!?;]\s", label) or label.endswith((".", ",", ";")):
        return None, text
    if label[0].islower() and not label[0].isdigit():
        return None, text
    if rest.startswith("//"):
        return None, text
    # A colon inside parentheses is not a lead-in: "Metric (e.g.: x)".
    if label.count("(") != label.count(")"):
        return None, text
    return label, rest


# --------------------------------------------------------------------------- dash runs

# An en dash (or a hyphen/em dash at the start of a line) that starts a bullet
# inside one paragraph: "include: – A – B" or "\n– A\n– B".  Ranges like
# "3–7 years" have no spaces around the dash and are not split.
_DASH_RUN = re.compile(r"(?:^|\n|(?<=\s))–\s+|\n\s*[-•—]\s+")


def split_dash_run(text: str) -> tuple[str, list[str]]:
    """('Lead:', ['A', 'B']) for 'Lead: – A – B'; (text, []) when there is no run."""
    if "–" not in text and "\n" not in text:
        return text, []
    parts = _DASH_RUN.split(text)
    if len(parts) < 2:
        return text, []
    lead, items = parts[0], [clean(p) for p in parts[1:]]
    items = [i for i in items if i]
    if not items:
        return text, []
    return clean(lead), items


def labelled_para(text: str, line: int | None, label: str | None) -> Block:
    """A paragraph block (HTML and Markdown readers).  An unlabelled paragraph that
    ends in a run of en-dash items ("Lead: – A – B") becomes a bulleted paragraph,
    its lead-in taken as the label when it is one."""
    if label is None:
        lead, bullets = split_dash_run(text)
        if bullets and (lead.endswith(":") or len(bullets) >= 2):
            lab, rest = split_label(lead, max_words=14)
            if lab is not None and not rest:
                return Block(PARA, text="", line=line, label=lab, bullets=bullets)
            return Block(PARA, text=lead, line=line, bullets=bullets)
    return Block(PARA, text=text, line=line, label=label)


def looks_like_dash_list(text: str) -> bool:
    """True when a paragraph is a lead plus an en-dash run (at least two items, or one after a colon)."""
    lead, items = split_dash_run(text)
    if not items:
        return False
    return len(items) >= 2 or lead.rstrip().endswith(":") or not lead


# --------------------------------------------------------------------------- nesting


def nest(blocks: Iterable[Block]) -> list[Block]:
    """Turn items with ``level`` (depth) into trees: deeper items become children."""
    out: list[Block] = []
    stack: list[Block] = []
    for b in blocks:
        if b.kind != ITEM:
            stack.clear()
            out.append(b)
            continue
        while stack and stack[-1].level >= b.level:
            stack.pop()
        if stack:
            stack[-1].children.append(b)
        else:
            out.append(b)
        stack.append(b)
    return out


def promote_label_headings(blocks: list[Block]) -> list[Block]:
    """A label alone on its line ("Primary responsibilities will include:", a bold-only
    "**Requirements**") right before a list or table is a heading: one level below the
    last real heading (2 when there is none).  In a document without any heading, a
    short bold-only line is a heading before any content.  A plain label ending in ':'
    after a bold heading goes one level deeper (its list belongs to that heading's part).
    Marked ``meta["label_heading"]``."""
    last_level = 1
    last_bold: int | None = None
    # Without any heading markup (a Word file typed with bold lines), a bold line is a heading before any content.
    unstyled = not any(b.kind == HEADING for b in blocks)
    for i, b in enumerate(blocks):
        if b.kind == HEADING:
            if not b.meta.get("label_heading"):
                last_level, last_bold = b.level, None
            continue
        if b.kind != PARA or b.bullets or b.meta.get("verbatim"):
            continue
        text = b.label if (b.label and not b.text) else (b.text if b.label is None else "")
        bold = bool(b.meta.get("bold_only"))
        if not text or not (bold or b.label or text.endswith(":")):
            continue
        text = text.rstrip(":").strip()
        if not text or len(text.split()) > 12 or len(text) > 100 or not (text[0].isupper() or text[0].isdigit()):
            continue
        if re.search(r"[.!?]\s", text) or text.endswith((".", "!", "?", ",", ";")):
            continue
        nxt = next((x for x in blocks[i + 1 :] if x.kind not in (RULE, META, NOISE)), None)
        if nxt is None or (nxt.kind not in (ITEM, TABLE) and not (unstyled and bold)):
            continue
        if bold:
            level = last_bold = last_level + 1
        elif last_bold is not None:
            level = last_bold + 1
        else:
            level = last_level + 1
        blocks[i] = Block(HEADING, text=text, line=b.line, level=min(6, level), meta={"label_heading": True})
    return blocks


def join_lines(lines: Iterable[str]) -> str:
    """One readable string from several lines: dash sub-items joined with '; '."""
    out = ""
    prev_dash = False
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        dash = bool(re.match(r"^[–—-]\s+", line))
        if dash:
            line = re.sub(r"^[–—-]\s+", "", line)
        if not out:
            out = line
        elif dash and prev_dash:
            out = f"{out}; {line}"
        elif dash and out.endswith(":"):
            out = f"{out} {line}"
        else:
            out = out if out[-1] in ".!?:;" else out + "."
            out = f"{out} {line}"
        prev_dash = dash
    return out
