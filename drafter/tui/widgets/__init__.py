"""Widgets of the drafter TUI."""

from .findings_list import FindingsList
from .section_list import SectionList
from .section_view import SectionView

__all__ = ["FindingsList", "SectionList", "SectionView"]
