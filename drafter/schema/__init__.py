"""Blueprint schema: models, section registry, generation models, JSON Schema."""

from .enums import Commonality, DocumentKind, Horizon, Importance, Level, Track
from .markers import Depth
from .models import SCHEMA_VERSION, Blueprint, RoleMeta
from .sections import BLUEPRINT_SECTIONS, BY_KEY, GENERATED_SECTIONS, SECTIONS, SectionSpec, spec

__all__ = [
    "SCHEMA_VERSION", "Blueprint", "RoleMeta", "Depth",
    "Commonality", "DocumentKind", "Horizon", "Importance", "Level", "Track",
    "SECTIONS", "BLUEPRINT_SECTIONS", "GENERATED_SECTIONS", "BY_KEY", "SectionSpec", "spec",
]
