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


def test_role_texts_are_the_title_and_the_layouts_role_line():
    from drafter.generate.local.blocker import role_texts

    prompt = 'x\n<role_data>\n{"title":"Senior Registered Nurse","level":"senior","track":"individual_contributor"}\n</role_data>'
    assert role_texts(prompt) == ["Senior Registered Nurse", "Senior Registered Nurse (senior level)"]
    assert role_texts('<role_data>\n{"title":"Staff Accountant","level":"mid_senior"}\n</role_data>')[1] \
        == "Staff Accountant (mid senior level)"
    assert role_texts("no role data") == [] and role_texts("<role_data>\nnot json\n</role_data>") == []


def test_a_value_that_is_exactly_the_role_title_cannot_close():
    # "Lead hiring" standing for the title: a skill or KPI named after the role itself is refused
    b = NgramBlocker(piece, [[ID["Lead"], ID[" hiring"]]], n=4)
    feed(b, "{", '"', "rows", '":', " [", '"', "Lead", " hiring")
    assert b.closing_banned()
    feed(b, " for", " teams")
    assert not b.closing_banned()  # a longer name that starts with the title is fine


def test_the_local_handler_blocks_the_examples_and_the_role_title():
    from drafter.generate import prompts
    from drafter.generate.local.blocker import role_texts
    from drafter.generate.types import RoleRequest
    from drafter.schema.markers import Depth
    from drafter.schema.sections import BY_KEY

    messages = prompts.build_messages(BY_KEY["kpis"], RoleRequest("Senior Registered Nurse", depth="brief"),
                                      depth=Depth.brief, dependencies={})
    user = messages[-1]["content"]
    blocked = example_texts(user) + role_texts(user)
    assert "Senior Registered Nurse" in blocked and "Senior Registered Nurse (senior level)" in blocked
    assert len(blocked) > 2  # the structure example's strings too


def test_trailing_junk_is_tidied_off_string_values():
    from drafter.generate.local.blocker import tidy_answer, tidy_value

    assert tidy_value("Senior Registered Nurse\u201d ,") == "Senior Registered Nurse"
    assert tidy_value("Lead the team,") == "Lead the team"
    assert tidy_value("Says \u201cno\u201d") == "Says \u201cno\u201d"  # a quote that opens stays
    assert tidy_value("Ends well.") == "Ends well." and tidy_value(" ,") == " ,"  # nothing left: unchanged
    answer = json.dumps({"rows": [{"name": "KPI one ;", "n": 3}], "ok": "fine"})
    assert json.loads(tidy_answer(answer)) == {"rows": [{"name": "KPI one", "n": 3}], "ok": "fine"}
    assert tidy_answer('{"a": "clean"}') == '{"a": "clean"}' and tidy_answer("not json") == "not json"


def test_no_two_items_start_with_the_same_three_tokens():
    b = NgramBlocker(piece, [], n=4)
    feed(b, "{", '"', "rows", '":', " [", '"', "Own", " the", " road", "map", '",')
    feed(b, ' "', "Own", " the")
    assert ID[" road"] in b.banned()  # "Own the road..." again: a near-repeat
    feed(b, " teams")
    assert b.banned() == set()
    b.reset()
    feed(b, "{", '"', "rows", '":', " [", '"', "Own", " the")
    assert b.banned() == set()  # a new answer starts afresh


def test_the_grammar_keeps_curly_quotes_out_of_values():
    pytest.importorskip("llama_cpp")
    from drafter.generate.local.grammar import gbnf_for, grammar_for, schema_key

    schema = {"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}, "required": ["a"]}
    text = gbnf_for(schema_key(schema))
    assert "\\u201C\\u201D" in text
    assert grammar_for(schema_key(schema)) is not None  # llama.cpp parses it
