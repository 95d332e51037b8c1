"""What the lint checks, as instructions for the model that drafts (one line per rule family).

Meant for the system prompt (``prompts/system.j2``) so drafts start out clean
of what ``drafter validate`` flags; ``asks(profile)`` returns the lines.
"""

from __future__ import annotations

from .inflation import MAX_MUST_HAVES
from .readability import POSTING_MAX_GRADE

#: (rule codes the ask prevents, the instruction)
ASKS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("DL100", "DL101", "DL102"),
     "Balance the wording: describe collaboration and support as well as ownership and drive; avoid stereotyped "
     "words such as 'aggressive', 'dominant', 'fearless', 'ninja'."),
    (("DL201",),
     "No hero jargon ('rockstar', 'ninja', 'guru'), no age or origin wording ('young', 'digital native', "
     "'native English speaker'), no 'culture fit': name the skill or the value instead."),
    (("DL202",),
     "State a physical requirement only as an essential function of the job, with reasonable accommodation."),
    (("DL301",), f"List at most {MAX_MUST_HAVES} must-have skills; put the rest under good-to-have."),
    (("DL302", "DL303"),
     "Ask for years of experience within the level's usual range, and never more years of a tool than it has "
     "existed."),
    (("DL304",), "Whenever a degree is mentioned as a requirement, add 'or equivalent practical experience'."),
    (("DL400", "DL401"),
     f"Write plainly: short sentences and common words (reading grade {POSTING_MAX_GRADE:.0f} or below)."),
)
POSTING_ASKS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("DL501",), "State the pay range."),
    (("DL502",), "State where the work happens: a location, or the remote or hybrid policy."),
)


def asks(profile: str = "blueprint") -> list[str]:
    items = ASKS + (POSTING_ASKS if profile == "posting" else ())
    return [text for _codes, text in items]
