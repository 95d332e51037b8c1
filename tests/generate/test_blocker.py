"""The embedded model's copy/repeat blocker, on a toy vocabulary (no llama.cpp needed)."""

from __future__ import annotations

import json

import pytest

from drafter.generate.local.blocker import NgramBlocker, example_texts

# a toy tokenizer: one token per piece
VOCAB = ['{', '"', 'rows', '":', ' [', '],', '}', ',', ' "', 'Own', ' the', ' road', 'map', ' for', ' teams',
         'Lead', ' hiring', 'Jira', '",', '"]', ' Plan']
ID = {p: i for i, p in enumerate(VOCAB)}


def piece(token: int) -> bytes:
    return VOCAB[token].encode()


def feed(blocker: NgramBlocker, *pieces: str) -> None:
    for p in pieces:
        blocker.accept(ID[p])


def test_an_example_ngram_cannot_be_completed_inside_a_value():
    example = [ID["Own"], ID[" the"], ID[" road"], ID["map"]]
    b = NgramBlocker(piece, [example], n=4)
    feed(b, "{", '"', "rows", '":', " [", '"', "Own", " the", " road")
    assert b.in_value and b.banned() == {ID["map"]}
    # a key is never blocked
    k = NgramBlocker(piece, [[ID["rows"], ID['":'], ID[" ["]]], n=2)
    feed(k, "{", '"')
    assert not k.in_value and k.banned() == set()


def test_items_already_written_are_blocked_and_so_is_closing_on_a_repeat():
    b = NgramBlocker(piece, [], n=3)
    feed(b, "{", '"', "rows", '":', " [", '"', "Lead", " hiring", " for", " teams", '",')
    feed(b, ' "', "Lead", " hiring")
    assert ID[" for"] in b.banned()  # would repeat "Lead hiring for"
    feed(b, '",', ' "', "Jira", '",', ' "', "Jira")
    assert b.closing_banned()  # the same short item again
    feed(b, " Plan")
    assert not b.closing_banned()


def test_reset_forgets_the_answer_but_keeps_the_examples():
    b = NgramBlocker(piece, [[ID["Own"], ID[" the"], ID[" road"]]], n=3)
    feed(b, "{", '"', "rows", '":', " [", '"', "Lead", " hiring", " for", '",')
    b.reset()
    feed(b, "{", '"', "rows", '":', " [", '"', "Lead", " hiring")
    assert b.banned() == set()
    feed(b, '",', ' "', "Own", " the")
    assert b.banned() == {ID[" road"]}


def test_example_texts_reads_every_string_of_the_example_blocks():
    body = json.dumps({"rows": [{"name": "Jira", "use": "Tracks the roadmap for teams"}]})
    prompt = f'Fields...\n<example role="Senior X" level="senior">\n{body}\n</example>\n<role_data>\n{{"title": "Y"}}\n</role_data>'
    assert example_texts(prompt) == ["Jira", "Tracks the roadmap for teams"]
    assert example_texts(prompt, min_words=2) == ["Tracks the roadmap for teams"]


def test_n_below_two_is_refused():
    with pytest.raises(ValueError):
        NgramBlocker(piece, [], n=1)
