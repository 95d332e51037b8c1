"""Chat messages -> one completion prompt for the embedded base model.

Gemma 3 270M as shipped here is a base (pre-trained) model: it continues
text and does not follow instructions.  So when the request carries few-shot
examples (drafter's own prompts always do), ``flatten`` lays it out as a
pattern to continue -- each example as ``Role: <title> (<level>)`` followed
by its JSON, then the role to draft followed by nothing -- and leaves out the
instructions and field descriptions, which such a model cannot use and which
cost prompt-processing time (about 40% of a local draft).  With no example
close enough, the prompt carries the generic structure-only example
(``kind="structure"``, "Team Member (generic example)"): it is laid out the
same way, so the model still has a pattern to continue.  Other requests
fall back to the plain layout: system text, then each turn, then a JSON cue.
"""

from __future__ import annotations

import json
import re

JSON_CUE = "\nJSON:\n"


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


_SECTION = re.compile(r'^Write (?:section \d+\) |the role profile )"(?P<title>[^"\n]+)"', re.M)
_BLOCK = re.compile(
    r"<(?P<tag>role_data|role_profile|drafted_sections|current_version|feedback)>\n(?P<body>.*?)\n</(?P=tag)>", re.S
)
_EXAMPLE = re.compile(
    r'<example role=(?P<role>"(?:[^"\\\n]|\\.)*")(?: level="(?P<level>[a-z_]+)")?(?: kind="(?P<kind>[a-z_]+)")?>\n'
    r"(?P<body>.*?)\n</example>",
    re.S,
)
_LEVEL = re.compile(r"^Write for: (?P<level>[a-z_ -]+?) level\b", re.M)
_CONTEXT_KEYS = ("level", "track", "company_size", "industry", "notes", "context")


def _role_line(title: str, level: str | None) -> str:
    return f"Role: {title} ({level.replace('_', ' ')} level)" if level else f"Role: {title}"


def few_shot_layout(messages: list[dict]) -> str | None:
    """The pattern-continuation prompt for a drafter section request, or None if it is not one."""
    users = [_text(m.get("content")) for m in messages if m.get("role") == "user"]
    if not users:
        return None
    request = users[0]
    section = _SECTION.search(request)
    blocks = {m["tag"]: m["body"] for m in _BLOCK.finditer(request)}
    examples = list(_EXAMPLE.finditer(request))
    if not section or not examples or "role_data" not in blocks:
        return None
    try:
        role = json.loads(blocks["role_data"])
        title = str(role["title"])
    except (ValueError, KeyError, TypeError):
        return None
    level = _LEVEL.search(request)
    parts = [f'Section "{section["title"]}" of role blueprints, as JSON.']
    for ex in examples:
        try:
            ex_title = json.loads(ex["role"])
        except ValueError:
            return None
        parts.append(f"{_role_line(ex_title, ex['level'])}\n{ex['body']}")
    context = {k: role[k] for k in _CONTEXT_KEYS if role.get(k)}
    if context:
        parts.append(f"About the next role: {json.dumps(context, ensure_ascii=False)}")
    if "role_profile" in blocks:
        parts.append(f"Profile of the next role: {blocks['role_profile']}")
    if "drafted_sections" in blocks:
        parts.append(f"Already drafted for the next role: {blocks['drafted_sections']}")
    if "current_version" in blocks:
        parts.append(f"Current version for the next role:\n{blocks['current_version']}")
    if "feedback" in blocks:
        parts.append(f"Reviewer feedback for the next role: {blocks['feedback']}")
    parts.extend(_turns(messages[messages.index(next(m for m in messages if m.get("role") == "user")) + 1 :]))
    target = _role_line(title, level["level"].strip().replace(" ", "_") if level else None)
    return "\n\n".join(parts) + "\n\n" + target + "\n"


def _turns(messages: list[dict], *, plain: bool = False) -> list[str]:
    """The messages as text blocks: an answer becomes "Previous answer (rejected)", a
    tool/validation message "Problem with the previous answer"; other user text is
    kept as is when ``plain`` (the whole conversation), else read as a re-ask."""
    out = []
    for message in messages:
        role = message.get("role")
        text = _text(message.get("content")).strip()
        if not text:
            # instructor's re-ask in TOOLS mode puts the answer in tool_calls
            calls = message.get("tool_calls") or []
            text = "\n".join(c.get("function", {}).get("arguments", "") for c in calls if isinstance(c, dict)).strip()
        if not text:
            continue
        if role == "assistant":
            out.append(f"Previous answer (rejected):\n{text}")
        elif role == "tool" or not plain:
            out.append(f"Problem with the previous answer:\n{text}")
        else:
            out.append(text)
    return out


def flatten(messages: list[dict]) -> str:
    """A completion prompt from chat ``messages``: the few-shot pattern for drafter's
    section requests, else the plain layout ending with the JSON cue."""
    layout = few_shot_layout(messages)
    if layout is not None:
        return layout
    return "\n\n".join(_turns(messages, plain=True)).rstrip() + "\n" + JSON_CUE
