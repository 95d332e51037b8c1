"""Read any document as a Blueprint: a drafter draft file (saved or autosave), or
anything ``drafter validate`` reads.  Used by ``diff``, ``draft --from`` and ``ladder``.

>>> loaded = load_blueprint("role.md")
>>> loaded.blueprint, loaded.findings, loaded.label
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .findings import Finding
from .schema.models import Blueprint


@dataclass
class Loaded:
    blueprint: Blueprint
    label: str  # the path as given
    format: str  # "drafter-draft", "markdown", "drafter-json"...
    findings: list[Finding] = field(default_factory=list)  # what reading found (empty for drafts)
    draft: object | None = None  # the store.Draft, for draft files


def load_blueprint(path: str | Path) -> Loaded:
    """The blueprint in ``path``; ``InputError`` (one line, exit 2) when there is none."""
    from . import store
    from .readers import read_document

    p = Path(path)
    if store.is_draft_file(p):
        draft = store.load_draft(p)
        return Loaded(draft.blueprint, str(path), "drafter-draft", [], draft)
    doc = read_document(p)
    if doc.blueprint is None:
        if doc.titles:
            raise InputError(str(path), f"a list of {len(doc.titles)} job titles, not a blueprint",
                             hint=f"draft them first: drafter batch {path} -o OUT_DIR")
        errors = [f.message for f in doc.findings][:1]
        detail = f": {errors[0]}" if errors else ""
        raise InputError(str(path), f"no blueprint found in this {doc.format} document{detail}")
    return Loaded(doc.blueprint, str(path), doc.format, list(doc.findings or []))
