"""The one loader: a document on disk to a Blueprint, for every command.

    bp, doc = load_blueprint("role.json", purpose="export")

``validate``, ``export``, ``import``, ``batch`` (resuming a partial item),
``draft --from`` and the library's ``drafter.read`` all read files through
``drafter.readers.read_document``, which knows every format, the TUI's saved
and autosaved drafts (``drafter-draft``) included.  This module adds what they
share on top: a document that holds no usable blueprint becomes one
``InputError`` that names the field at fault, and a draft's request (title,
level, depth...) comes back with it so that drafting can continue.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .findings import Severity

if TYPE_CHECKING:  # pragma: no cover
    from .generate.types import RoleRequest
    from .readers import Document
    from .schema.models import Blueprint


def read_document(path: str | Path) -> "Document":
    """Any supported document (drafts included); ``InputError`` when it cannot be read."""
    from .readers import read_document as read

    return read(path)


def blueprint_of(doc: "Document", *, purpose: str = "use") -> "Blueprint":
    """``doc``'s blueprint, or an ``InputError`` that says why there is none (naming the field at fault)."""
    where = doc.path or "<document>"
    if doc.blueprint is not None:
        return doc.blueprint
    if doc.titles is not None:
        raise InputError(
            where,
            f"a list of {len(doc.titles)} job titles, not a blueprint; nothing to {purpose}",
            hint=f"draft them first: drafter batch {where} --out OUT_DIR",
        )
    errors = [f for f in doc.findings if f.severity == Severity.error]
    if not errors:
        raise InputError(where, f"no blueprint found in this {doc.format} document; nothing to {purpose}")
    first = errors[0].message
    if doc.format == "drafter-draft":
        first = f"blueprint.{first}"
    more = f" (and {len(errors) - 1} more; `drafter validate {where}` lists them)" if len(errors) > 1 else ""
    raise InputError(where, f"not a valid blueprint: {first}{more}")


def load_blueprint(path: str | Path, *, purpose: str = "use") -> tuple["Blueprint", "Document"]:
    """Read ``path`` and return its blueprint with the document (findings, format)."""
    doc = read_document(path)
    return blueprint_of(doc, purpose=purpose), doc


def request_for(doc: "Document", blueprint: "Blueprint", depth: str) -> "RoleRequest":
    """What drafting more of ``blueprint`` should ask for: a draft's own request, else one made from the blueprint."""
    if doc.format == "drafter-draft" and doc.path:
        from .store import load_draft

        request = load_draft(doc.path).request
        if request is not None:
            return request
    return request_from_blueprint(blueprint, depth)


def request_from_blueprint(bp: "Blueprint", depth: str) -> "RoleRequest":
    """A drafting request that matches an existing blueprint (its meta, else its generation inputs)."""
    from .generate.types import RoleRequest
    from .schema.enums import Track
    from .schema.markers import Depth

    meta = bp.meta
    inputs = dict(bp.generation.inputs) if bp.generation else {}
    track = None
    if meta.track is not None:
        track = "ic" if meta.track == Track.individual_contributor else "manager"
    gen_depth = bp.generation.depth if bp.generation else None
    return RoleRequest(
        title=meta.title,
        level=meta.level.value if meta.level is not None else inputs.get("level"),
        track=track or inputs.get("track"),
        company_size=meta.company_size or inputs.get("company_size"),
        industry=meta.industry or inputs.get("industry"),
        notes=inputs.get("notes"),
        context=inputs.get("context"),
        depth=Depth(gen_depth if gen_depth in ("brief", "standard", "full") else depth),
    )


__all__ = ["blueprint_of", "load_blueprint", "read_document", "request_for", "request_from_blueprint"]
