"""Messy input: random slices of the seeds (some with shuffled lines) never crash the reader,
and whatever is read survives the Markdown round trip unchanged."""

from __future__ import annotations

import json
import random

import pytest

from drafter.errors import InputError
from drafter.readers import read_text
from drafter.render.markdown import render_markdown
from drafter.validate import validate_document


def _sources(seed, data_dir) -> list[str]:
    texts = [seed[n].read_text(encoding="utf-8") for n in ("000", "001", "002", "003", "004")]
    texts.append(json.loads(texts[3])["content"]["rendered"])
    texts.append((data_dir / "handbook_platform_engineer.md").read_text(encoding="utf-8"))
    return texts


@pytest.mark.parametrize("rng_seed", [1, 2, 3])
def test_random_fragments(seed, data_dir, rng_seed):
    rng = random.Random(rng_seed)
    texts = _sources(seed, data_dir)
    checked = 0
    for _ in range(15):
        t = rng.choice(texts)
        a = rng.randrange(len(t))
        chunk = t[a : a + rng.randrange(1, 15000)]
        if rng.random() < 0.3:
            lines = chunk.split("\n")
            rng.shuffle(lines)
            chunk = "\n".join(lines)
        for variant in (chunk, "# T\n\n" + chunk, "1) Role Summary\n\n" + chunk):
            try:
                doc = read_text(variant, name="fragment")
            except InputError:
                continue
            validate_document(doc)
            if doc.blueprint is None:
                continue
            back = read_text(render_markdown(doc.blueprint), name="fragment.md").blueprint
            exclude = {"source", "generation"}
            assert back.model_dump(exclude=exclude) == doc.blueprint.model_dump(exclude=exclude), variant[:300]
            checked += 1
    assert checked >= 10
