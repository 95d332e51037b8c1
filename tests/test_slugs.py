"""One slug function for file names, draft ids and anchors: every caller agrees."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from drafter import store
from drafter.batch.names import item_stem
from drafter.commands.draft import partial_path
from drafter.render import default_filename
from drafter.render.layout import slug as anchor
from drafter.schema.models import Blueprint, RoleMeta
from drafter.slugs import slugify

TITLES = ["C++ Developer", "C# Developer", "C Developer", "Ingénieur Données", "数据工程师", "Head of AI/ML"]


def test_accents_symbols_and_scripts():
    assert slugify("Ingénieur Données") == "ingenieur-donnees"
    assert slugify("C++ Developer") == "c-plus-plus-developer"
    assert slugify("C# Developer") == "c-sharp-developer"
    assert len({slugify(t) for t in ("C Developer", "C++ Developer", "C# Developer")}) == 3
    assert slugify("数据工程师") == "数据工程师"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("☃", fallback="x") == "x"
    assert slugify("abc-def-ghi", max_len=5) == "abc-d" and slugify("abc-def", max_len=4) == "abc"


@pytest.mark.parametrize("title", TITLES)
def test_every_caller_uses_it(title):
    expected = slugify(title)
    when = datetime(2026, 1, 2, 3, 4, 5)
    assert store.new_draft_id(title, when=when).startswith(expected + "-20260102-030405-")
    assert item_stem(title) == expected
    assert default_filename(Blueprint(meta=RoleMeta(title=title)), "md") == expected + ".md"
    assert partial_path(Path("out.md"), title).name == "out.partial.json"  # next to the output
    assert partial_path(None, title).name == expected + ".partial.json"
    assert anchor(title) == expected


def test_no_other_slug_function_left():
    root = Path(__file__).resolve().parent.parent / "drafter"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "slugs.py" and 're.sub(r"[^a-z0-9]+", "-"' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
