"""The structure-only example: one generic blueprint that shows the shape of every section.

``prompts/structure-example.json`` (``drafter/_data/prompts`` in a wheel) is a complete, family-neutral
role blueprint ("Team Member (generic example)", mid level, individual contributor) written for this
project.  ``fewshot.select_examples`` shows its section when no example in ``examples/`` is close
enough to the request (a nurse, an accountant, a VP of People): the model still sees the shape and
level of detail of the section, and the embedded base model gets a pattern to continue, while its
prompt says to write the content for the role's own job family.  It is never chosen ahead of a
close real example.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .. import resources
from ..schema.enums import Level, Track
from ..schema.models import Blueprint

log = logging.getLogger("drafter.prompts")

STRUCTURE_FILE = "structure-example.json"
STRUCTURE_KEY = "structure-example"  # its key in Prompt.examples


def structure_path() -> Path | None:
    """Where the structure example lives (prompts/structure-example.json), or None without a prompts folder."""
    try:
        return resources.prompts_dir() / STRUCTURE_FILE
    except FileNotFoundError:
        return None


def structure_example(path: Path | None = None, *, strict: bool = False):
    """The structure example as a ``fewshot.Example`` marked ``structure_only``, or None.

    A missing or invalid file gives None (with a logged warning when invalid; ``strict=True`` raises
    instead: the tests check the shipped file).  Cached until the file changes.
    """
    path = Path(path) if path is not None else structure_path()
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        if strict:
            raise FileNotFoundError(f"structure example {path} not found") from None
        return None
    return _load(path.resolve(), st.st_size, st.st_mtime_ns, strict)


@lru_cache(maxsize=4)
def _load(path: Path, size: int, mtime: int, strict: bool):
    from .fewshot import Example, family_words

    try:
        blueprint = Blueprint.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if strict:
            raise ValueError(f"structure example {path}: not a valid blueprint: {first}") from None
        log.warning("skipping the structure example %s: not a valid blueprint (%s)", path, first)
        return None
    meta = blueprint.meta
    return Example(
        key=STRUCTURE_KEY,
        path=path,
        blueprint=blueprint,
        title=meta.title,
        level=meta.level or Level.mid,
        track=meta.track or Track.individual_contributor,
        family=family_words(meta.title),
        job_family=None,
        structure_only=True,
    )


__all__ = ["STRUCTURE_FILE", "STRUCTURE_KEY", "structure_example", "structure_path"]
