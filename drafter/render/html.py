"""HTML export: one standalone page from ``templates/blueprint.html.j2``.

Autoescape is always on: blueprint text comes from language models and
imported documents, so every value is escaped and only the template's own
markup is trusted.  CSS is inlined; the page loads nothing from anywhere.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..resources import templates_dir
from ..schema.models import Blueprint
from .layout import APPENDIX_ANCHOR, APPENDIX_TITLE, MISSING_TEXT, build

TEMPLATE = "blueprint.html.j2"


def nl2br(value: object) -> Markup:
    """Escape ``value`` and keep its line breaks as ``<br>``."""
    text = "" if value is None else str(value)
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,  # always, whatever the template's name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nl2br"] = nl2br
    env.globals.update(
        missing_text=MISSING_TEXT,
        appendix_anchor=APPENDIX_ANCHOR,
        appendix_title=APPENDIX_TITLE,
        version=__version__,
    )
    return env


def render_html(bp: Blueprint, *, lang: str = "en") -> str:
    """``bp`` as a complete HTML5 document (a string)."""
    return environment().get_template(TEMPLATE).render(v=build(bp), lang=lang)
