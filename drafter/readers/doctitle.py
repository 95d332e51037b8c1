"""A document's title, as a person would give it.

Sources, best first: front matter ``title``; the document's first heading when it
stands above everything else (Markdown ``# T`` or a lone ``## T`` on top, HTML
``<h1>`` in the main content, the DOCX Title style); the HTML ``<title>``.

``clean_title`` removes what is not the role: leading emoji and dates
("2021-04 - Product Designer"), a site suffix ("| GitLab", " - Acme Careers",
"| Join the Technology Transformation Services"), an organisation prefix
("Office of Acquisition - Contract Specialist"), "... Framework" and
"... Roles (at GitLab)".  ``job_family`` says whether a title names a job family
("FinOps Engineering Roles at GitLab" -> "FinOps Engineering").
"""

from __future__ import annotations

import re

from .blocks import HEADING, META, NOISE, PARA, RULE, Block, clean

_SEP = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_SITE = re.compile(
    r"\b(?:careers?|jobs?|join|hiring|we'?re hiring|work with us|handbook|blog|wiki|home|framework)\b|"
    r"^at\s+\S+|\.(?:com|org|io|gov|net)\b",
    re.I,
)
_ORG = re.compile(
    r"^(?:office|department|dept|division|directorate|ministry|agency|bureau|team|group|unit)\s+of\b|"
    r"\b(?:department|division|directorate|agency|bureau)$",
    re.I,
)
_DATE = re.compile(r"^\d{4}(?:[-/.]\d{1,2}){0,2}$")
_ROLE_WORDS = re.compile(
    r"\b(?:engineer\w*|manager|director|specialist|designer|analyst|developer|architect|lead|head|officer|"
    r"coach|scientist|administrator|consultant|executive|advocate|associate|assistant|coordinator|"
    r"representative|paralegal|counsel|vp|president|chief|cto|ceo|cfo|intern|technician|writer|researcher|"
    r"marketer|recruiter|owner|principal|staff|senior|junior)\b",
    re.I,
)
_LEAD_SYMBOLS = re.compile(r"^[^\w(\[\"'“]+")
_FRAMEWORK = re.compile(
    r"\s+(?:(?:career|progression|competency)\s+)?(?:development\s+)?framework$", re.I
)
_ROLES_AT = re.compile(r"^(?P<family>.+?)\s+(?:job\s+)?(?:roles|positions|job family)(?:\s+at\s+(?P<org>.+))?$", re.I)


def clean_title(text: str | None) -> str:
    """The role in a heading or page title (see the module docstring)."""
    if not text:
        return ""
    t = clean(text)
    t = _LEAD_SYMBOLS.sub("", t).strip()
    parts = [p.strip() for p in _SEP.split(t) if p and p.strip()]
    if len(parts) > 1:
        keep = [p for p in parts if not _DATE.match(p) and not _SITE.search(p)]
        keep = keep or [p for p in parts if not _DATE.match(p)] or parts
        if len(keep) > 1:
            roles = [p for p in keep if _ROLE_WORDS.search(p) and not _ORG.search(p)]
            non_org = [p for p in keep if not _ORG.search(p)]
            keep = roles or non_org or keep
        t = keep[0]
    m = _ROLES_AT.match(t)
    if m:
        t = m.group("family")
    t = _FRAMEWORK.sub("", t).strip()
    t = re.sub(r"^[^\w(]+|[\s:;,.\-–—|]+$", "", t).strip()
    return t


def job_family(text: str | None) -> str | None:
    """'FinOps Engineering' for 'FinOps Engineering Roles at GitLab'; None for a single role's title."""
    if not text:
        return None
    t = _LEAD_SYMBOLS.sub("", clean(text))
    m = _ROLES_AT.match(t)
    return clean(m.group("family")) if m else None


def first_heading_title(blocks: list[Block]) -> int | None:
    """The index of the heading that titles the document, or None.

    It is the first content block, a heading at the top level of the document (no
    other heading at its level or above, or level 1), that does not name a section."""
    first = next((i for i, b in enumerate(blocks) if b.kind not in (NOISE, META, RULE)), None)
    if first is None or blocks[first].kind != HEADING:
        return None
    head = blocks[first]
    others = [b for b in blocks[first + 1 :] if b.kind == HEADING and b.level <= head.level]
    if head.level != 1 and others:
        return None
    if head.level == 1 and any(b.level == 1 for b in others) and _is_section(head.text):
        return None
    if _is_section(head.text):
        return None
    if not clean_title(head.text):
        return None
    return first


def _is_section(text: str) -> bool:
    from .mapper import section_for

    key, score = section_for(text)
    return key is not None and score >= 0.8


def mark_title(blocks: list[Block]) -> str | None:
    """Find the title heading, mark it (level 1, ``is_title``) and return the cleaned title."""
    i = first_heading_title(blocks)
    if i is None:
        return None
    b = blocks[i]
    b.level = 1
    b.meta["is_title"] = True
    title = clean_title(b.text)
    # A location line right under the title ("#### San Francisco, CA") is a fact, not a section.
    nxt = next((x for x in blocks[i + 1 :] if x.kind not in (NOISE, META, RULE)), None)
    if nxt is not None and nxt.kind == HEADING and _looks_like_place(nxt.text):
        idx = blocks.index(nxt)
        blocks[idx] = Block(PARA, text=nxt.text, line=nxt.line, label="Location")
    return title


def _looks_like_place(text: str) -> bool:
    return bool(re.match(r"^[A-Z][\w .'-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+)(?:\s*\(.*\))?$", text)) or bool(
        re.match(r"^(?:remote|anywhere)\b", text, re.I)
    )


__all__ = ["clean_title", "job_family", "mark_title", "first_heading_title"]
