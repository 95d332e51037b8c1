"""Chat messages -> one completion prompt for the embedded base model.

Gemma 3 270M as shipped here is a base (pre-trained) model: it continues
text rather than following a chat template.  The messages are laid out as a
document -- system text, then each user/assistant turn -- ending with a cue
after which the model writes the JSON object.  The system text comes first
and is the same for every section, so llama.cpp reuses its evaluated prefix
from one section to the next.
"""

from __future__ import annotations

JSON_CUE = "\nJSON:\n"


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


def flatten(messages: list[dict]) -> str:
    """A completion prompt from chat ``messages`` (ends with the JSON cue)."""
    parts: list[str] = []
    for message in messages:
        role = message.get("role")
        text = _text(message.get("content")).strip()
        if not text:
            # instructor's reask in TOOLS mode puts the answer in tool_calls
            calls = message.get("tool_calls") or []
            text = "\n".join(c.get("function", {}).get("arguments", "") for c in calls if isinstance(c, dict)).strip()
        if not text:
            continue
        if role == "assistant":
            parts.append(f"Previous answer (rejected):\n{text}")
        elif role == "tool":
            parts.append(f"Problem with the previous answer:\n{text}")
        else:
            parts.append(text)
    return "\n\n".join(parts).rstrip() + "\n" + JSON_CUE
